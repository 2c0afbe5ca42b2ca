import { financialYearLabel } from '@atscale/domain';
import { fetchRechargeInvoices, type RechargeInvoice } from '../../api/recharges';
import { useApi } from '../../api/use-api';
import { SummaryList } from '../../components/summary-list';
import { formatCount, formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { todayInEngland } from '../access/booking/booking-api';
import { LazyComparisonBarChart } from '../access/reports/lazy-comparison-chart';
import { chartPounds, isOverdue } from './finance-figures';
import { recentFinancialYears } from './finance-periods';
import { rechargesByPractice, rechargeTotals } from './recharge-figures';

/**
 * The dashboard's recharges (FIN-5) and parity (FIN-6) panel: what was invoiced between
 * members this financial year, net, VAT and gross apart, what is unpaid and overdue, and a way
 * to the parity planner for central finance.
 */
export function DashboardRecharges({ canPlanParity }: { canPlanParity: boolean }) {
  const today = todayInEngland();
  const year = recentFinancialYears(today, 1)[0] ?? 2026;
  const invoices = useApi(`dashboard recharges ${String(year)}`, () =>
    fetchRechargeInvoices({ financialYear: year }),
  );
  return (
    <>
      <h2>Recharges between practices: {financialYearLabel(year)}</h2>
      {invoices.state.status === 'error' ? (
        <p>The recharges could not be loaded: {invoices.state.detail}</p>
      ) : invoices.state.status === 'loading' ? (
        <p>Loading the recharges…</p>
      ) : (
        <RechargeFigures invoices={invoices.state.data} today={today} />
      )}
      <p>
        <Link to="/finance/recharges">See the recharge agreements and invoices</Link>
      </p>
      {canPlanParity ? (
        <>
          <h2>Profit parity</h2>
          <p>
            <Link to="/finance/parity">Plan the glide path to a common profit per partner</Link> and
            the transfers between centres it needs.
          </p>
        </>
      ) : null}
    </>
  );
}

/** This year's recharge invoices in sum, and what of them is unpaid or overdue. */
function RechargeFigures({
  invoices,
  today,
}: {
  invoices: readonly RechargeInvoice[];
  today: string;
}) {
  const all = rechargeTotals(invoices);
  const overdue = rechargeTotals(invoices.filter((invoice) => isOverdue(invoice, today)));
  const byPractice = rechargesByPractice(invoices);
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Invoiced', value: `${formatCount(all.count)} invoices` },
          { key: 'Net', value: formatPence(all.netPence) },
          { key: 'VAT', value: formatPence(all.vatPence) },
          { key: 'Gross', value: formatPence(all.grossPence) },
          { key: 'Unpaid', value: formatPence(all.unpaidPence) },
          { key: 'Overdue', value: formatPence(overdue.grossPence) },
        ]}
      />
      {byPractice.length > 0 ? (
        <LazyComparisonBarChart
          caption="Recharges each practice invoiced other practices against those it was invoiced, gross, in whole pounds. The recharges page gives each invoice."
          data={byPractice.map((row) => ({
            label: row.practice.name,
            value: chartPounds(row.providedPence),
            reference: chartPounds(row.receivedPence),
          }))}
          valueName="Provided"
          referenceName="Received"
        />
      ) : null}
    </>
  );
}
