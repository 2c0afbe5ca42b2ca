import {
  DEFAULT_SOURCES,
  type Estimate,
  type FormSummary,
  type Measures,
  type Scenario,
} from '@atscale/domain';
import { fetchResult, reportUrl } from '../../api/planning';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate, formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { ASSUMPTION_FIELDS, assumptionText } from './assumption-fields';
import { BoxPlot } from './box-plot';
import './planning.css';

const oneDecimal = (x: number) => (Math.abs(x) < 0.05 ? 0 : x).toFixed(1);
const percent = (x: number) => `${oneDecimal(x * 100)}%`;
const days = (x: number) => `${oneDecimal(x)} d`;
const plain = oneDecimal;
/** Whole pounds: a year's money to the penny would be false precision. */
const pounds = (pence: number) => formatPence(Math.round(pence / 100) * 100).replace(/\.00$/, '');

const ROWS: readonly {
  key: keyof Measures;
  label: string;
  format: (x: number) => string;
  section: string;
}[] = [
  { key: 'sameDayShare', label: 'Dealt with the same day', format: percent, section: 'Access' },
  { key: 'medianWait', label: 'Median wait for an appointment', format: days, section: 'Access' },
  { key: 'p90Wait', label: '90th percentile wait', format: days, section: 'Access' },
  { key: 'unmetShare', label: 'Unmet demand', format: percent, section: 'Access' },
  {
    key: 'faceToFacePer1000PerWeek',
    label: 'Face-to-face appointments per 1,000 patients a week',
    format: plain,
    section: 'Access',
  },
  {
    key: 'cannotCover',
    label: 'Chance a practice cannot cover its sessions some week',
    format: percent,
    section: 'Resilience',
  },
  {
    key: 'crisisDays',
    label: 'Days in crisis a practice a year',
    format: plain,
    section: 'Resilience',
  },
  { key: 'levy', label: 'Levy paid a year', format: pounds, section: 'Money' },
  { key: 'savings', label: 'Central savings a year', format: pounds, section: 'Money' },
  { key: 'vat', label: 'VAT on shared services a year', format: pounds, section: 'Money' },
  { key: 'locumCost', label: 'Locum cost a year', format: pounds, section: 'Money' },
  { key: 'profitPerPartner', label: 'Profit per partner a year', format: pounds, section: 'Money' },
];

function Cell({ estimate, format }: { estimate: Estimate; format: (x: number) => string }) {
  return (
    <>
      {format(estimate.mean)}
      <span className="app-planning-ci">
        {format(estimate.low)} to {format(estimate.high)}
      </span>
    </>
  );
}

/** The 7 forms side by side for the whole group: mean and 95% interval of each measure. */
function Comparison({ forms }: { forms: readonly FormSummary[] }) {
  let section = '';
  return (
    <div className="app-table-scroll">
      <table className="nhsuk-table app-planning-compare">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">
          The forms side by side, for the whole group
        </caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col" className="nhsuk-table__header">
              Measure
            </th>
            {forms.map((f) => (
              <th scope="col" className="nhsuk-table__header" key={f.form}>
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {ROWS.flatMap((row) => {
            const heading =
              row.section !== section ? (
                <tr key={`section ${row.section}`}>
                  <th scope="colgroup" colSpan={forms.length + 1} className="nhsuk-table__header">
                    {row.section}
                  </th>
                </tr>
              ) : null;
            section = row.section;
            return [
              heading,
              <tr className="nhsuk-table__row" key={row.key}>
                <th scope="row" className="nhsuk-table__header">
                  {row.label}
                </th>
                {forms.map((f) => (
                  <td className="nhsuk-table__cell" key={f.form}>
                    <Cell estimate={f.group[row.key]} format={row.format} />
                  </td>
                ))}
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the run assumed: the practices and each assumption with where its default comes from. */
function Assumptions({ scenario }: { scenario: Scenario }) {
  const patients = scenario.practices.reduce((n, p) => n + p.listSize, 0);
  return (
    <section aria-labelledby="assumptions-heading">
      <h2 id="assumptions-heading">Assumptions</h2>
      <p>
        {scenario.practices.length} practices, {formatCount(patients)} patients:{' '}
        {scenario.practices.map((p) => `${p.name} (${p.odsCode})`).join(', ')}.
      </p>
      <dl className="nhsuk-summary-list">
        {ASSUMPTION_FIELDS.map((field) => (
          <div className="nhsuk-summary-list__row" key={field.path}>
            <dt className="nhsuk-summary-list__key">{field.label}</dt>
            <dd className="nhsuk-summary-list__value">
              {assumptionText(scenario, field)}
              <span className="nhsuk-hint nhsuk-u-font-size-14">
                {DEFAULT_SOURCES.find((s) => s.field === field.path)?.source ??
                  'An atscale assumption'}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A finished run: the forms compared, distributions as box plots, assumptions, and export. */
export function RunReportPage({ runId }: { runId: string }) {
  const result = useApi(`planning result ${runId}`, () => fetchResult(runId));
  useDocumentTitle('Comparison of the forms');
  const state = result.state;
  if (state.status === 'error' && state.httpStatus === 403) {
    return <PermissionDeniedPage what="the planner" />;
  }
  if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  if (state.status === 'loading') return <LoadingPage />;
  const { run, scenario, summary } = state.data;
  const forms = summary.forms;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <p className="app-no-print">
          <Link to={`/planning/scenarios/${run.scenarioId}`}>Back to the scenario</Link>
        </p>
        <PageHeading caption="Planning">{scenario.name}: the forms compared</PageHeading>
        <p>
          {formatCount(summary.replications)} simulated years per form (seed {run.seed}), run{' '}
          {formatDate(run.finishedAt ?? run.requestedAt)}. Each figure is the mean over the
          simulated years with its 95% interval beneath. Every form sees the same demand and
          absences, so differences between forms are the forms’, not chance.
        </p>
        <div className="app-no-print">
          <a className="nhsuk-button nhsuk-button--secondary" href={reportUrl(run.id)} download>
            Download the report (HTML)
          </a>{' '}
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              window.print();
            }}
          >
            Print or save as PDF
          </Button>
        </div>
        <Comparison forms={forms} />
        <section aria-labelledby="spread-heading">
          <h2 id="spread-heading">Spread across the simulated years</h2>
          <BoxPlot
            caption="Time to appointment: the 90th percentile wait in working days"
            rows={forms.map((f) => ({ label: f.label, values: f.distributions.p90Wait }))}
            format={days}
          />
          <BoxPlot
            caption="Share of requests dealt with the same day"
            rows={forms.map((f) => ({ label: f.label, values: f.distributions.sameDayShare }))}
            format={percent}
          />
          <BoxPlot
            caption="Profit per partner a year, whole group"
            rows={forms.map((f) => ({ label: f.label, values: f.distributions.profitPerPartner }))}
            format={pounds}
          />
        </section>
        <section aria-labelledby="forms-heading">
          <h2 id="forms-heading">The forms</h2>
          <dl>
            {forms.map((f) => (
              <div key={f.form}>
                <dt className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{f.label}</dt>
                <dd className="nhsuk-body nhsuk-u-margin-left-0">{f.summary}</dd>
              </div>
            ))}
          </dl>
        </section>
        <Assumptions scenario={scenario} />
      </div>
    </div>
  );
}
