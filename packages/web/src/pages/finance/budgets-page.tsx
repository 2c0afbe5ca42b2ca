import { useState } from 'react';
import { fetchBudget, type CostCentreBudget } from '../../api/budgets-and-parity';
import { fetchProfitByCostCentre } from '../../api/finance';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { formatDate, formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { todayInEngland } from '../access/booking/booking-api';
import { LoadingPage } from '../loading-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { BudgetForm } from './budget-form';
import { financeAccessOf } from './finance-access';
import { periodOf, recentFinancialYears, yearChoices } from './finance-periods';

/** A budget's totals and who set it last. */
function BudgetSummary({ budget }: { budget: CostCentreBudget }) {
  return (
    <SummaryList
      rows={[
        { key: 'Income budgeted', value: formatPence(budget.totals.incomePence) },
        { key: 'Expenditure budgeted', value: formatPence(budget.totals.expenditurePence) },
        { key: 'Profit budgeted', value: formatPence(budget.totals.profitPence) },
        {
          key: 'Last set',
          value:
            budget.setAt === null
              ? 'No budget is set'
              : `${formatDate(budget.setAt.slice(0, 10))}${budget.setBy ? ` by ${budget.setBy}` : ''}`,
        },
      ]}
    />
  );
}

/** A budget's lines, read-only, for those who may not change it. */
function BudgetLines({ budget }: { budget: CostCentreBudget }) {
  if (budget.lines.length === 0) return <p>There is no budget for this cost centre and year.</p>;
  return (
    <WideTable
      caption={`Budget of ${budget.costCentre.name} for ${budget.label}`}
      head={['Account', 'Kind', 'Budget for the year']}
      rows={budget.lines.map((line) => ({
        key: line.accountCode,
        cells: [
          `${line.accountCode} ${line.accountName}`,
          line.kind === 'income' ? 'Income' : 'Expenditure',
          formatPence(line.amountPence),
        ],
      }))}
    />
  );
}

/**
 * Budgets (FIN-1): a cost centre's planned income and costs per account for a financial year,
 * which profit and loss shows beside the actuals. Central finance sets them; a practice's
 * people see those of their own cost centres.
 */
export function BudgetsPage({ me }: { me: Me }) {
  useDocumentTitle('Budgets');
  const access = financeAccessOf(me);
  const today = todayInEngland();
  const current = recentFinancialYears(today, 1)[0] ?? 2026;
  // Next year too, as budgets are set before the year starts.
  const years = [current + 1, ...recentFinancialYears(today, 3)];
  const [year, setYear] = useState(current);
  const [chosen, setChosen] = useState<string | null>(null);
  const centres = useApi(`budget centres ${String(year)}`, () =>
    fetchProfitByCostCentre(periodOf(Math.min(year, current), 'year')),
  );
  const centreList = centres.state.status === 'done' ? centres.state.data : (centres.last ?? []);
  const costCentreId = chosen ?? centreList[0]?.costCentre.id ?? null;
  const budget = useApi(`budget ${costCentreId ?? 'none'} ${String(year)}`, () =>
    costCentreId === null ? Promise.resolve(null) : fetchBudget(costCentreId, year),
  );
  const { notice, saved } = useSavedNotice(budget.reload);

  for (const state of [centres.state, budget.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="budgets" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  if (centres.state.status === 'loading' && centres.last === undefined) return <LoadingPage />;
  const data = budget.state.status === 'done' ? budget.state.data : budget.last;

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Budgets</PageHeading>
      <form
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <Select
          id="budget-cost-centre"
          label="Cost centre"
          options={centreList.map((row) => ({
            value: row.costCentre.id,
            label: `${row.costCentre.name} (${row.costCentre.code})`,
          }))}
          value={costCentreId ?? ''}
          onChange={(event) => {
            setChosen(event.target.value);
          }}
        />
        <Select
          id="budget-year"
          label="Financial year"
          options={yearChoices(years)}
          value={String(year)}
          onChange={(event) => {
            setYear(Number(event.target.value));
          }}
        />
      </form>
      {costCentreId === null ? <p>There are no cost centres for you to see.</p> : null}
      {data ? (
        <>
          <h2>
            {data.costCentre.name}: {data.label}
          </h2>
          <BudgetSummary budget={data} />
          <p>
            <Link to="/finance/profit-and-loss">See the budget against the actuals</Link> in profit
            and loss.
          </p>
          {access.manage ? (
            <BudgetForm
              key={`${data.costCentre.id} ${String(data.financialYear)} ${String(notice?.version ?? 0)}`}
              budget={data}
              onSaved={saved}
            />
          ) : (
            <BudgetLines budget={data} />
          )}
        </>
      ) : costCentreId === null ? null : (
        <p>Loading the budget…</p>
      )}
    </>
  );
}
