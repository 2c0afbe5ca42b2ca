import { useState } from 'react';
import { dateInEngland, quartersTo, RAG_LABELS, type StandardRag } from '@atscale/domain';
import {
  fetchStandards,
  fetchStandardsGrid,
  fetchStandardTrend,
  saveThresholds,
  type Standard,
  type StandardsGrid,
  type StandardTrend,
} from '../../api/standards';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { LazySeriesLineChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { TextInput } from '../../components/text-input';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const TAG_CLASS: Readonly<Record<StandardRag, string>> = {
  green: 'nhsuk-tag nhsuk-tag--green',
  amber: 'nhsuk-tag nhsuk-tag--orange',
  red: 'nhsuk-tag nhsuk-tag--red',
  'no-data': 'nhsuk-tag nhsuk-tag--grey',
};
const SHORT_LABEL: Readonly<Record<StandardRag, string>> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  'no-data': 'No data',
};

/** A measure in its unit: "2.5 days", "62%", "71". */
export function formatMeasure(value: number | null, unit: Standard['unit']): string {
  if (value === null) return 'No data';
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit === 'days' ? `${shown} days` : unit === '%' ? `${shown}%` : shown;
}

/** A RAG as a tag with its words, never colour alone. */
function RagCell({ rag, text }: { rag: StandardRag; text: string }) {
  return (
    <>
      <strong className={TAG_CLASS[rag]} title={RAG_LABELS[rag]}>
        {SHORT_LABEL[rag]}
      </strong>{' '}
      <span className="nhsuk-body-s">{text}</span>
    </>
  );
}

const thresholdText = (s: Standard) =>
  s.direction === 'lower-better'
    ? `Green at or below ${formatMeasure(s.green, s.unit)}, amber at or below ${formatMeasure(s.amber, s.unit)}`
    : `Green at or above ${formatMeasure(s.green, s.unit)}, amber at or above ${formatMeasure(s.amber, s.unit)}`;

/**
 * Agreement standards (GOV-3): every practice's RAG per standard for a chosen quarter, computed
 * from the records; one standard over quarters as a chart; and, for governance, the thresholds.
 */
export function StandardsPage() {
  useDocumentTitle('Agreement standards');
  const quarters = quartersTo(dateInEngland(new Date()), 6).reverse();
  const [quarter, setQuarter] = useState(quarters[0]?.key ?? '');
  const [standardId, setStandardId] = useState('access-wait-days');
  const definitions = useApi('standards', fetchStandards);
  const grid = useApi(`standards-grid-${quarter}`, () => fetchStandardsGrid(quarter));
  const trend = useApi(`standards-trend-${standardId}`, () => fetchStandardTrend(standardId, 4));
  if (definitions.state.status === 'loading') return <LoadingPage />;
  if (definitions.state.status === 'error') {
    if (definitions.state.httpStatus === 403) {
      return <PermissionDeniedPage what="the agreement standards" />;
    }
    return <ServiceUnavailablePage detail={definitions.state.detail} />;
  }
  const { standards, canManage } = definitions.state.data;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Agreement standards</PageHeading>
      <p className="nhsuk-body-l">
        The standards the agreement sets every practice, measured each quarter from the
        organisation’s own records (requests and appointments, levy invoices, the frailty register
        and the rota). Nothing here is typed in.
      </p>
      <Select
        id="standards-quarter"
        label="Quarter"
        value={quarter}
        onChange={(event) => {
          setQuarter(event.target.value);
        }}
        options={quarters.map((q) => ({ value: q.key, label: q.label }))}
      />
      {grid.state.status === 'loading' ? (
        <p>Loading the quarter…</p>
      ) : grid.state.status === 'error' ? (
        <p>{grid.state.detail}</p>
      ) : (
        <Grid grid={grid.state.data} />
      )}
      <h2 className="nhsuk-heading-m">Over the quarters</h2>
      <Select
        id="standards-chart-standard"
        label="Standard"
        value={standardId}
        onChange={(event) => {
          setStandardId(event.target.value);
        }}
        options={standards.map((s) => ({ value: s.id, label: s.name }))}
      />
      {trend.state.status === 'done' ? (
        <Trend trend={trend.state.data} />
      ) : trend.state.status === 'error' ? (
        <p>{trend.state.detail}</p>
      ) : (
        <p>Loading the chart…</p>
      )}
      <Thresholds
        standards={standards}
        canManage={canManage}
        onSaved={() => {
          void definitions.reload();
          void grid.reload();
          void trend.reload();
        }}
      />
    </>
  );
}

function Grid({ grid }: { grid: StandardsGrid }) {
  if (grid.practices.length === 0) return <p>No practice to show.</p>;
  return (
    <>
      {grid.current && (
        <p className="nhsuk-body-s">
          {`${grid.quarter.label} is the current quarter: its figures are to date. Workforce resilience is scored from today’s rota, so only the current quarter has it.`}
        </p>
      )}
      <WideTable
        caption={`Standards by practice, ${grid.quarter.label}`}
        head={['Practice', ...grid.standards.map((s) => s.name)]}
        rows={grid.practices.map((p) => ({
          key: p.practiceId,
          cells: [
            p.practiceName,
            ...grid.standards.map((s) => {
              const result = p.results.find((r) => r.standardId === s.id);
              return (
                <RagCell
                  key={s.id}
                  rag={result?.rag ?? 'no-data'}
                  text={result?.measure == null ? '' : formatMeasure(result.measure, s.unit)}
                />
              );
            }),
          ],
        }))}
      />
    </>
  );
}

function Trend({ trend }: { trend: StandardTrend }) {
  const { standard } = trend;
  const data = trend.quarters.map((q, i) => {
    const row: Record<string, string | number> = { label: q.label };
    for (const p of trend.practices) {
      const value = p.measures[i];
      if (value != null) row[p.practiceId] = value;
    }
    return row;
  });
  return (
    <>
      <LazySeriesLineChart
        caption={`${standard.name} (${standard.unit}) by practice over the last ${String(trend.quarters.length)} quarters; the table below gives the same figures. ${thresholdText(standard)}.`}
        data={data}
        series={trend.practices.map((p) => ({ dataKey: p.practiceId, name: p.practiceName }))}
      />
      <WideTable
        caption={`${standard.name} by quarter`}
        head={['Practice', ...trend.quarters.map((q) => q.label)]}
        rows={trend.practices.map((p) => ({
          key: p.practiceId,
          cells: [
            p.practiceName,
            ...trend.quarters.map((q, i) => (
              <RagCell
                key={q.key}
                rag={p.rags[i] ?? 'no-data'}
                text={
                  p.measures[i] == null ? '' : formatMeasure(p.measures[i] ?? null, standard.unit)
                }
              />
            )),
          ],
        }))}
      />
    </>
  );
}

const ids = {
  standard: 'threshold-standard',
  green: 'threshold-green',
  amber: 'threshold-amber',
  reason: 'threshold-reason',
};

function Thresholds({
  standards,
  canManage,
  onSaved,
}: {
  standards: readonly Standard[];
  canManage: boolean;
  onSaved: () => void;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('amber')
            ? `#${ids.amber}`
            : field.endsWith('reason')
              ? `#${ids.reason}`
              : `#${ids.green}`,
        fallbackHref: `#${ids.standard}`,
      }),
  });
  const handleSubmit = onSubmit((form) => {
    const standardId = fieldValue(form, ids.standard);
    const green = Number(fieldValue(form, ids.green));
    const amber = Number(fieldValue(form, ids.amber));
    const reason = fieldValue(form, ids.reason);
    const problems = [];
    if (standardId === '') problems.push({ text: 'Choose a standard', href: `#${ids.standard}` });
    if (fieldValue(form, ids.green) === '' || !Number.isFinite(green)) {
      problems.push({ text: 'Enter the green threshold as a number', href: `#${ids.green}` });
    }
    if (fieldValue(form, ids.amber) === '' || !Number.isFinite(amber)) {
      problems.push({ text: 'Enter the amber threshold as a number', href: `#${ids.amber}` });
    }
    if (reason === '')
      problems.push({ text: 'Say why the thresholds change', href: `#${ids.reason}` });
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      const standard = await saveThresholds(standardId, { green, amber, reason });
      setSaved(`Saved the thresholds of “${standard.name}”`);
      onSaved();
    });
  });
  return (
    <>
      <h2 className="nhsuk-heading-m">Thresholds</h2>
      <WideTable
        caption="The standards and their thresholds"
        head={['Standard', 'Area', 'Measure', 'Thresholds']}
        rows={standards.map((s) => ({
          key: s.id,
          cells: [s.name, s.area, s.measure, thresholdText(s)],
        }))}
      />
      {canManage && (
        <form onSubmit={handleSubmit} noValidate aria-label="Set thresholds">
          {saved && <SuccessBanner>{saved}</SuccessBanner>}
          <ErrorSummary items={errors} />
          <Select
            id={ids.standard}
            label="Standard"
            prompt="Choose a standard"
            options={standards.map((s) => ({ value: s.id, label: s.name }))}
          />
          <TextInput
            id={ids.green}
            label="Green threshold"
            inputMode="decimal"
            className="nhsuk-input--width-5"
            error={fieldError(ids.green)}
          />
          <TextInput
            id={ids.amber}
            label="Amber threshold"
            hint="No better than green: at or above it where lower is better, at or below it where higher is better"
            inputMode="decimal"
            className="nhsuk-input--width-5"
            error={fieldError(ids.amber)}
          />
          <TextInput
            id={ids.reason}
            label="Why they change"
            hint="Kept in the audit trail, for example the board meeting that agreed it"
            error={fieldError(ids.reason)}
          />
          <Button aria-disabled={busy}>Save thresholds</Button>
        </form>
      )}
    </>
  );
}
