import { useState } from 'react';
import { fetchParityPlan, type ParityPlan } from '../../api/budgets-and-parity';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { LazySeriesLineChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SummaryList } from '../../components/summary-list';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { formatCount, formatPence } from '../../format/format';
import { todayInEngland } from '../access/booking/booking-api';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf, mayOpenFinancePage } from './finance-access';
import { recentFinancialYears, yearChoices } from './finance-periods';
import { parityChartRows, parityYearLabel, transferTable } from './parity-figures';

/** The years to parity offered for the what-if: the API allows 1 to 20. */
const YEAR_CHOICES = Array.from({ length: 20 }, (_, i) => i + 1);
const DEFAULT_YEARS = 3;

/** An amount kept on one line, so a sign never wraps away from its pounds. */
const money = (text: string) => <span className="nhsuk-u-nowrap">{text}</span>;

/** A transfer signed for people: "+£1,000.00" received, "-£1,000.00" given. */
const signed = (pence: number) => money(pence > 0 ? `+${formatPence(pence)}` : formatPence(pence));

/** Each centre's profit per partner converging on the mark, year by year. */
function ConvergenceChart({ plan }: { plan: ParityPlan }) {
  return (
    <LazySeriesLineChart
      caption={`Profit per partner of each cost centre from ${plan.label} to parity in year ${String(plan.years)}, in whole pounds; the dashed line is the common mark. The tables give the exact figures.`}
      data={parityChartRows(plan)}
      series={[
        ...plan.centres.map((centre) => ({
          dataKey: centre.costCentre.id,
          name: centre.costCentre.name,
        })),
        { dataKey: 'mark', name: 'Common mark', dashed: true },
      ]}
    />
  );
}

/** What each centre receives (+) or gives (−) each year, and each year's sum, which is nil. */
function TransfersTable({ plan }: { plan: ParityPlan }) {
  const { rows, sumsPence } = transferTable(plan);
  const years = plan.path.map((year) => parityYearLabel(plan, year.year));
  const total = sumsPence.reduce((sum, pence) => sum + pence, 0);
  return (
    <WideTable
      caption={`Annual transfers between cost centres over ${String(plan.years)} years`}
      head={['Cost centre', ...years, 'All years']}
      rows={[
        ...rows.map((row) => ({
          key: row.costCentreId,
          cells: [row.name, ...row.transfersPence.map(signed), signed(row.totalPence)],
        })),
        {
          key: 'sum',
          cells: [
            <strong key="s">Sum</strong>,
            ...sumsPence.map((pence, i) => <strong key={String(i)}>{signed(pence)}</strong>),
            <strong key="t">{signed(total)}</strong>,
          ],
        },
      ]}
    />
  );
}

/** Each centre's starting point: its profit, partners and profit per partner in the actual year. */
function StartingPoint({ plan }: { plan: ParityPlan }) {
  return (
    <WideTable
      caption={`Profit per partner in ${plan.label}, and in year ${String(plan.years)}`}
      head={['Cost centre', 'Profit', 'Equity partners', 'Profit per partner', 'After parity']}
      rows={plan.centres.map((centre) => ({
        key: centre.costCentre.id,
        cells: [
          `${centre.costCentre.name} (${centre.costCentre.code})`,
          money(formatPence(centre.profitPence)),
          formatCount(centre.partners),
          money(formatPence(centre.profitPerPartnerPence)),
          money(formatPence(centre.profitPerPartnerByYearPence[plan.years] ?? 0)),
        ],
      }))}
    />
  );
}

/**
 * The profit parity planner (FIN-6): from a year's actual profits, a glide path that moves each
 * cost centre's profit per partner to the common mark over N years, with the annual transfers
 * between centres (which always sum to nil). Changing N is the what-if. Central finance only.
 */
export function ParityPage({ me }: { me: Me }) {
  useDocumentTitle('Profit parity planner');
  const allowed = mayOpenFinancePage('/finance/parity', financeAccessOf(me));
  const years = recentFinancialYears(todayInEngland(), 4);
  const [year, setYear] = useState(years[0] ?? 2026);
  const [n, setN] = useState(DEFAULT_YEARS);
  const plan = useApi(`parity ${String(year)} ${String(n)}`, () =>
    allowed ? fetchParityPlan(year, n) : Promise.resolve(null),
  );

  if (!allowed) return <PermissionDeniedPage what="the profit parity planner" />;
  if (plan.state.status === 'error' && plan.state.httpStatus === 403) {
    return <PermissionDeniedPage what="the profit parity planner" />;
  }
  if (plan.state.status === 'error' && plan.state.httpStatus >= 500) {
    return <ServiceUnavailablePage detail={plan.state.detail} />;
  }
  const data = plan.state.status === 'done' ? plan.state.data : plan.last;

  return (
    <>
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Profit parity planner</PageHeading>
      <p>
        Parity moves each cost centre’s profit per equity partner from where it is to a common mark,
        the organisation’s profit per partner, a step a year. Money moves between centres, so the
        transfers of each year sum to nil. Profits are held at the chosen year’s actuals: this shows
        the transfers parity needs, not a forecast.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <Select
          id="parity-year"
          label="Start from the actual profits of"
          options={yearChoices(years)}
          value={String(year)}
          onChange={(event) => {
            setYear(Number(event.target.value));
          }}
        />
        <Select
          id="parity-years"
          label="Years to parity"
          hint="Change it to see a faster or slower glide path"
          options={YEAR_CHOICES.map((value) => ({
            value: String(value),
            label: value === 1 ? '1 year' : `${String(value)} years`,
          }))}
          value={String(n)}
          onChange={(event) => {
            setN(Number(event.target.value));
          }}
        />
      </form>
      {plan.state.status === 'error' ? (
        <p>{plan.state.detail}</p>
      ) : data ? (
        <>
          <h2>
            Parity over {data.years === 1 ? '1 year' : `${String(data.years)} years`} from{' '}
            {data.label}
          </h2>
          <SummaryList
            rows={[
              { key: 'Common mark (profit per partner)', value: formatPence(data.markPence) },
              { key: 'Cost centres in the plan', value: formatCount(data.centres.length) },
            ]}
          />
          <ConvergenceChart plan={data} />
          <h2>Annual transfers</h2>
          <p>Positive: the centre receives. Negative: it gives.</p>
          <TransfersTable plan={data} />
          <StartingPoint plan={data} />
          {data.excluded.length > 0 ? (
            <>
              <h2>Not in the plan</h2>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {data.excluded.map((row) => (
                  <li key={row.costCentre.id}>
                    {row.costCentre.name} ({row.costCentre.code}): {row.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : (
        <p>Loading the plan…</p>
      )}
    </>
  );
}
