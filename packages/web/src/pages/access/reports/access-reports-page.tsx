import { useState } from 'react';
import { dateInEngland, LEAD_TIME_BUCKETS, LEAD_TIME_LABELS, nextDate } from '@atscale/domain';
import {
  fetchDnaReport,
  fetchGamingReport,
  type DnaReport,
  type GamingReport,
} from '../../../api/access-reports';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { InsetText } from '../../../components/inset-text';
import { LazyHorizontalBarChart } from '../../../components/lazy-charts';
import { PageHeading } from '../../../components/page-heading';
import { Select } from '../../../components/select';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { fieldValue } from '../../../forms/form-data';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { LazyComparisonBarChart } from './lazy-comparison-chart';
import { WideTable } from '../../../components/wide-table';

const ids = { from: 'report-from', to: 'report-to', week: 'report-week' } as const;

const rate = (value: number | null) => (value === null ? '–' : value.toFixed(1));
const percent = (value: number | null) =>
  value === null ? '–' : `${String(Math.round(value * 100))}%`;

/** The gaming report and DNAs by lead time (ACC-5), for a period of up to 92 days. */
export function AccessReportsPage() {
  useDocumentTitle('Access reports');
  const today = dateInEngland(new Date());
  const [period, setPeriod] = useState({ from: nextDate(today, -27), to: today });
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const key = `${period.from} ${period.to}`;
  const gaming = useApi(`gaming ${key}`, () => fetchGamingReport(period.from, period.to));
  const dna = useApi(`dna ${key}`, () => fetchDnaReport(period.from, period.to));
  if (gaming.state.status === 'error' && gaming.state.httpStatus === 403) {
    return <PermissionDeniedPage what="access reports" />;
  }
  const choose = (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = fieldValue(form, ids.from);
    const to = fieldValue(form, ids.to);
    const problems: ErrorSummaryItem[] = [];
    const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
    if (!isDate(from))
      problems.push({ text: 'Enter the first day as YYYY-MM-DD', href: `#${ids.from}` });
    if (!isDate(to))
      problems.push({ text: 'Enter the last day as YYYY-MM-DD', href: `#${ids.to}` });
    setErrors(problems);
    if (problems.length === 0) setPeriod({ from, to });
  };
  const fieldError = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;
  const serverError = (state: typeof gaming.state | typeof dna.state) =>
    state.status === 'error' ? <p>{state.detail}</p> : null;
  return (
    <>
      <BackLink to="/access">Back to access</BackLink>
      <PageHeading caption="Access">Access reports</PageHeading>
      <p className="nhsuk-lede-text">
        Whether practices offer what they agreed in house before using the hub, and how often
        patients miss appointments by how far ahead they were booked.
      </p>
      <ErrorSummary items={errors} />
      <form onSubmit={choose} noValidate>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-quarter">
            <TextInput
              id={ids.from}
              label="From"
              hint="YYYY-MM-DD"
              defaultValue={period.from}
              error={fieldError(ids.from)}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <TextInput
              id={ids.to}
              label="To"
              hint="At most 92 days on"
              defaultValue={period.to}
              error={fieldError(ids.to)}
            />
          </div>
        </div>
        <Button variant="secondary">Show the period</Button>
      </form>
      <h2>Gaming report</h2>
      {gaming.state.status === 'loading' ? <p>Loading…</p> : serverError(gaming.state)}
      {gaming.state.status === 'done' ? <Gaming report={gaming.state.data} /> : null}
      <h2>Did not attend, by lead time</h2>
      {dna.state.status === 'loading' ? <p>Loading…</p> : serverError(dna.state)}
      {dna.state.status === 'done' ? <Dna report={dna.state.data} /> : null}
    </>
  );
}

function Gaming({ report }: { report: GamingReport }) {
  const [week, setWeek] = useState(report.weeks[report.weeks.length - 1] ?? '');
  const rows = report.practices.filter((p) => p.week === week);
  const organisation = report.organisation.find((o) => o.week === week);
  const outliers = report.practices.filter((p) => p.outlier);
  return (
    <>
      <InsetText>
        <p>{report.rule}</p>
      </InsetText>
      {outliers.length === 0 ? (
        <p>No practice stands out in this period.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {outliers.map((p) => (
            <li key={`${p.practiceId} ${p.week}`}>
              <strong>{p.practiceName}</strong> in {p.week} {p.reasons.join('; ')}
            </li>
          ))}
        </ul>
      )}
      <Select
        id={ids.week}
        label="Week shown in the charts"
        options={report.weeks.map((w) => ({ value: w, label: w }))}
        value={week}
        onChange={(event) => {
          setWeek(event.target.value);
        }}
      />
      {rows.length > 0 ? (
        <>
          <LazyComparisonBarChart
            caption={`In-house appointments offered per 1,000 patients in ${week}, with the agreed level in grey. The table below gives the same numbers.`}
            valueName="Offered in house per 1,000"
            referenceName="Agreed per 1,000"
            data={rows.map((p) => ({
              label: p.practiceName,
              value: Math.round((p.inHousePer1000 ?? 0) * 10) / 10,
              reference: p.agreedPer1000 === null ? null : Math.round(p.agreedPer1000 * 10) / 10,
            }))}
          />
          <LazyComparisonBarChart
            caption={`Hub appointments used per 1,000 patients in ${week}, with the fair share in grey. The table below gives the same numbers.`}
            valueName="Hub used per 1,000"
            referenceName="Fair share per 1,000"
            data={rows.map((p) => ({
              label: p.practiceName,
              value: Math.round((p.hubPer1000 ?? 0) * 10) / 10,
              reference:
                p.hubFairSharePer1000 === null ? null : Math.round(p.hubFairSharePer1000 * 10) / 10,
            }))}
          />
        </>
      ) : null}
      <WideTable
        caption="Practices by week, per 1,000 patients"
        head={[
          'Practice',
          'Week',
          'In house',
          'Agreed',
          'Hub used',
          'Fair share',
          'Of hub share',
          'Referred before threshold',
          'Overrides',
          'Stands out',
        ]}
        rows={report.practices.map((p) => ({
          key: `${p.practiceId} ${p.week}`,
          cells: [
            p.practiceName,
            p.week,
            rate(p.inHousePer1000),
            rate(p.agreedPer1000),
            rate(p.hubPer1000),
            rate(p.hubFairSharePer1000),
            percent(p.hubShareUsed),
            String(p.referralsBeforeThreshold),
            String(p.overrides),
            p.outlier ? p.reasons.join('; ') : 'No',
          ],
        }))}
      />
      {organisation ? (
        <WideTable
          caption="The organisation by week, per 1,000 patients"
          head={[
            'Week',
            'In house',
            'Agreed',
            'Hub used',
            'Fair share',
            'Referred before threshold',
            'Overrides',
          ]}
          rows={report.organisation.map((o) => ({
            key: o.week,
            cells: [
              o.week,
              rate(o.inHousePer1000),
              rate(o.agreedPer1000),
              rate(o.hubPer1000),
              rate(o.hubFairSharePer1000),
              String(o.referralsBeforeThreshold),
              String(o.overrides),
            ],
          }))}
        />
      ) : null}
    </>
  );
}

function Dna({ report }: { report: DnaReport }) {
  return (
    <>
      <LazyHorizontalBarChart
        caption="The organisation’s DNA rate (%) by how far ahead the appointment was booked. The tables below give the same numbers."
        data={report.organisation.map((b) => ({
          label: LEAD_TIME_LABELS[b.bucket],
          value: b.rate === null ? 0 : Math.round(b.rate * 1000) / 10,
        }))}
      />
      <WideTable
        caption="DNA rate by practice and lead time"
        head={['Practice', ...LEAD_TIME_BUCKETS.map((b) => LEAD_TIME_LABELS[b])]}
        rows={[
          ...report.practices.map((p) => ({
            key: p.practiceId,
            cells: [p.practiceName, ...p.buckets.map(bucketText)],
          })),
          {
            key: 'organisation',
            cells: ['The organisation', ...report.organisation.map(bucketText)],
          },
        ]}
      />
    </>
  );
}

const bucketText = (b: { attended: number; didNotAttend: number; rate: number | null }) =>
  b.rate === null
    ? 'None'
    : `${percent(b.rate)} (${String(b.didNotAttend)} of ${String(b.attended + b.didNotAttend)})`;
