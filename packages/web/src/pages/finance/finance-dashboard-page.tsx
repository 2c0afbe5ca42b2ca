import { fetchLevyInvoices, fetchLevyVsSavings, fetchProfitByCostCentre } from '../../api/finance';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { todayInEngland } from '../access/booking/booking-api';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf, mayOpenFinancePage } from './finance-access';
import { LevyAgeing } from './levy-ageing';
import { fetchPaymentAgeing } from '../../api/finance-payments';
import { OverduePaymentsSummary } from './overdue-payments-summary';
import { DashboardRecharges } from './dashboard-recharges';
import { LevyInvoicesTable } from './levy-invoices-table';
import { LevyVsSavingsReport } from './levy-vs-savings-report';
import { PeriodPicker, usePeriod } from './period-picker';
import { ProfitByCostCentre } from './profit-by-cost-centre';

/**
 * The central finance dashboard: profit by cost centre for a period, levy collected against
 * savings delivered with the organisation's net benefit, overdue payments and the unpaid levy by
 * age. For central finance and organisation-wide readers (the board).
 */
export function FinanceDashboardPage({ me }: { me: Me }) {
  useDocumentTitle('Central finance dashboard');
  const allowed = mayOpenFinancePage('/finance/dashboard', financeAccessOf(me));
  const periodState = usePeriod();
  const { period } = periodState;
  const key = `${period.from} ${period.to}`;
  const profit = useApi(`dashboard profit ${key}`, () => fetchProfitByCostCentre(period));
  const report = useApi(`dashboard levy vs savings ${key}`, () => fetchLevyVsSavings(period));
  const unpaid = useApi('dashboard unpaid levy', () => fetchLevyInvoices({ status: 'unpaid' }));
  const overdue = useApi('dashboard overdue payments', () => fetchPaymentAgeing());

  if (!allowed) return <PermissionDeniedPage what="the central finance dashboard" />;
  for (const state of [profit.state, report.state, unpaid.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="the central finance dashboard" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  const profitRows = profit.state.status === 'done' ? profit.state.data : profit.last;
  const reportData = report.state.status === 'done' ? report.state.data : report.last;
  if (profitRows === undefined && reportData === undefined) return <LoadingPage />;
  const unpaidList = unpaid.state.status === 'done' ? unpaid.state.data : [];
  const today = todayInEngland();
  const totalProfit = (profitRows ?? []).reduce((sum, row) => sum + row.totals.profitPence, 0);

  return (
    <>
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Central finance dashboard</PageHeading>
      <PeriodPicker id="dashboard" state={periodState} />
      <h2>Profit by cost centre: {period.label}</h2>
      {profitRows ? (
        <>
          <p>
            Profit across the cost centres: <strong>{formatPence(totalProfit)}</strong>.{' '}
            <Link to="/finance/profit-and-loss">See a cost centre’s profit and loss</Link>
          </p>
          <ProfitByCostCentre rows={profitRows} />
        </>
      ) : (
        <p>Loading profit by cost centre…</p>
      )}
      <h2>Levy collected against savings delivered: {period.label}</h2>
      {reportData ? <LevyVsSavingsReport report={reportData} /> : <p>Loading the report…</p>}
      <h2>Overdue payments</h2>
      {overdue.state.status === 'done' ? (
        <OverduePaymentsSummary ageing={overdue.state.data} />
      ) : overdue.state.status === 'error' ? (
        <p>The overdue payments could not be loaded: {overdue.state.detail}</p>
      ) : (
        <p>Loading the overdue payments…</p>
      )}
      <p>
        <Link to="/finance/payments">Chase, import and match payments</Link>
      </p>
      <h2>Unpaid levy</h2>
      <LevyAgeing invoices={unpaidList} today={today} />
      <LevyInvoicesTable
        caption="Unpaid levy invoices"
        invoices={unpaidList}
        canMarkPaid={false}
        onPaid={() => undefined}
      />
      <p>
        <Link to="/finance/levy">Record levy payments on the levy page</Link>
      </p>
      <DashboardRecharges
        canPlanParity={mayOpenFinancePage('/finance/parity', financeAccessOf(me))}
      />
    </>
  );
}
