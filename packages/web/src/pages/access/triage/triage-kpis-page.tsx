import { useState } from 'react';
import {
  OUTCOME_RULES,
  TRIAGE_OUTCOMES,
  dateInEngland,
  nextDate,
  type DurationSummary,
  type TriageKpiGrouping,
  type TriageOutcome,
} from '@atscale/domain';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { DateInput } from '../../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { LazyHorizontalBarChart } from '../../../components/lazy-charts';
import { PageHeading } from '../../../components/page-heading';
import { Select } from '../../../components/select';
import { SummaryList } from '../../../components/summary-list';
import { Table } from '../../../components/table';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateInputToIso } from '../../../format/date-input';
import { formatCount, formatDate } from '../../../format/format';
import { errorFor } from '../../../forms/error-items';
import { dateParts, fieldValue } from '../../../forms/form-data';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { fetchKpis } from './triage-api';

const GROUPINGS: { value: TriageKpiGrouping; label: string }[] = [
  { value: 'practice', label: 'Practice' },
  { value: 'team', label: 'Call centre' },
  { value: 'triager', label: 'Triager' },
  { value: 'day', label: 'Day' },
];

// Short names for the chart's axis; the table below gives the full ones.
const CHART_LABELS: Readonly<Record<TriageOutcome, string>> = {
  'self-care': 'Self-care',
  'admin-done': 'Admin done',
  telephone: 'Telephone',
  video: 'Video',
  'face-to-face-home': 'In person, own practice',
  'face-to-face-any-site': 'In person, any site',
  hub: 'Hub',
  specialist: 'Specialist',
  'urgent-care': 'Urgent care',
};

const percent = (value: number | null) =>
  value === null ? '–' : `${String(Math.round(value * 100))}%`;

/** Minutes as words: "45 min", "3.5 h", "2.1 days". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 60) return `${String(Math.round(minutes))} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

const duration = (d: DurationSummary) =>
  d.count === 0
    ? 'None yet'
    : `median ${formatMinutes(d.medianMinutes)}, 90% within ${formatMinutes(d.p90Minutes)} (${formatCount(d.count)})`;

/**
 * Triage KPIs (ACC-2): face-to-face conversion, time to triage, time to the appointment and
 * the outcome mix over a period, broken down by practice, call centre, triager or day.
 */
export function TriageKpisPage() {
  useDocumentTitle('Triage KPIs');
  const today = dateInEngland(new Date());
  const [period, setPeriod] = useState<{ from: string; to: string; by: TriageKpiGrouping }>({
    from: nextDate(today, -27),
    to: today,
    by: 'practice',
  });
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const report = useApi(`kpis ${period.from} ${period.to} ${period.by}`, () =>
    fetchKpis(period.from, period.to, period.by),
  );
  if (report.state.status === 'error' && report.state.httpStatus === 403) {
    return <PermissionDeniedPage what="triage KPIs" />;
  }
  const data = report.state.status === 'done' ? report.state.data : report.last;
  return (
    <>
      <BackLink to="/access/triage">Back to the triage queue</BackLink>
      <ErrorSummary items={errors} />
      <PageHeading caption="Access">Triage KPIs</PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const from = dateInputToIso(dateParts(form, 'kpi-from'), 'The first day');
          const to = dateInputToIso(dateParts(form, 'kpi-to'), 'The last day');
          const by = fieldValue(form, 'kpi-by') as TriageKpiGrouping;
          const problems: ErrorSummaryItem[] = [];
          if (!from.ok) problems.push({ text: from.message, href: '#kpi-from-day' });
          if (!to.ok) problems.push({ text: to.message, href: '#kpi-to-day' });
          setErrors(problems);
          if (from.ok && to.ok) setPeriod({ from: from.iso, to: to.iso, by });
        }}
      >
        <DateInput
          id="kpi-from"
          legend="First day"
          defaultValue={period.from}
          error={errorFor(errors, 'kpi-from-day')}
        />
        <DateInput
          id="kpi-to"
          legend="Last day"
          defaultValue={period.to}
          error={errorFor(errors, 'kpi-to-day')}
        />
        <Select id="kpi-by" label="Break down by" options={GROUPINGS} defaultValue={period.by} />
        <Button variant="secondary">Show KPIs</Button>
      </form>
      {report.state.status === 'error' ? <p role="alert">{report.state.detail}</p> : null}
      {data ? (
        <>
          <h2>
            Requests received {formatDate(data.from)} to {formatDate(data.to)}
          </h2>
          <SummaryList
            rows={[
              { key: 'Requests', value: formatCount(data.overall.requests) },
              { key: 'Triaged', value: formatCount(data.overall.triaged) },
              {
                key: 'Face-to-face conversion',
                value: `${percent(data.overall.faceToFaceRate)} of ${formatCount(data.overall.clinicalTriaged)} triaged clinical requests`,
              },
              { key: 'Time to triage', value: duration(data.overall.timeToTriage) },
              { key: 'Time to appointment', value: duration(data.overall.timeToAppointment) },
            ]}
          />
          <LazyHorizontalBarChart
            caption="Outcome mix: triaged requests by outcome (the same numbers are in the table below)"
            data={TRIAGE_OUTCOMES.map((o) => ({
              label: CHART_LABELS[o],
              value: data.overall.outcomes[o],
            }))}
          />
          <Table
            caption="Outcome mix"
            head={['Outcome', 'Requests']}
            rows={TRIAGE_OUTCOMES.map((o) => ({
              key: o,
              cells: [OUTCOME_RULES[o].label, formatCount(data.overall.outcomes[o])],
            }))}
          />
          <Table
            caption={`By ${GROUPINGS.find((g) => g.value === data.by)?.label.toLowerCase() ?? data.by}`}
            head={[
              GROUPINGS.find((g) => g.value === data.by)?.label ?? 'Group',
              'Requests',
              'Face to face',
              'Median to triage',
              '90% triaged within',
            ]}
            rows={data.groups.map((group) => ({
              key: group.key ?? 'none',
              cells: [
                group.label,
                formatCount(group.kpis.requests),
                percent(group.kpis.faceToFaceRate),
                formatMinutes(group.kpis.timeToTriage.medianMinutes),
                formatMinutes(group.kpis.timeToTriage.p90Minutes),
              ],
            }))}
          />
        </>
      ) : (
        <p>Loading…</p>
      )}
    </>
  );
}
