import { financialYearLabel } from '@atscale/domain';
import { fetchRechargeAgreements, fetchRechargeInvoices } from '../../api/recharges';
import { useApi } from '../../api/use-api';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { formatCount, formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { todayInEngland } from '../access/booking/booking-api';
import { recentFinancialYears } from './finance-periods';
import { practiceRecharges, type RechargeTotals } from './recharge-figures';

const totalsRows = (totals: RechargeTotals) => [
  { key: 'Invoices', value: formatCount(totals.count) },
  { key: 'Net', value: formatPence(totals.netPence) },
  { key: 'VAT', value: formatPence(totals.vatPence) },
  { key: 'Gross', value: formatPence(totals.grossPence) },
  { key: 'Unpaid', value: formatPence(totals.unpaidPence) },
];

/**
 * A practice's recharges this financial year (FIN-5): the services it provides and receives
 * under agreements in force today, and what its recharge invoices come to each way.
 */
export function PracticeRecharges({ practiceId }: { practiceId: string }) {
  const today = todayInEngland();
  const year = recentFinancialYears(today, 1)[0] ?? 2026;
  const invoices = useApi(`practice recharges ${practiceId} ${String(year)}`, () =>
    fetchRechargeInvoices({ practiceId, financialYear: year }),
  );
  const agreements = useApi(`practice agreements ${practiceId}`, () =>
    fetchRechargeAgreements({ practiceId, on: today }),
  );
  if (invoices.state.status === 'error' || agreements.state.status === 'error') {
    return <p>The recharges could not be loaded.</p>;
  }
  if (invoices.state.status !== 'done' || agreements.state.status !== 'done') {
    return <p>Loading the recharges…</p>;
  }
  const { provided, received } = practiceRecharges(invoices.state.data, practiceId);
  const inForce = agreements.state.data;
  return (
    <>
      {inForce.length === 0 ? (
        <p>The practice neither provides nor receives a recharged service today.</p>
      ) : (
        <WideTable
          caption="Recharged services in force today"
          head={['Service', 'The practice', 'Other practice', 'Unit price']}
          rows={inForce.map((a) => {
            const provides = a.provider.id === practiceId;
            return {
              key: a.id,
              cells: [
                a.serviceName,
                provides ? 'Provides' : 'Receives',
                provides ? a.recipient.name : a.provider.name,
                `${formatPence(a.unitPricePence)} a ${a.unit}`,
              ],
            };
          })}
        />
      )}
      <h3>Provided to other practices in {financialYearLabel(year)}</h3>
      <SummaryList rows={totalsRows(provided)} />
      <h3>Received from other practices in {financialYearLabel(year)}</h3>
      <SummaryList rows={totalsRows(received)} />
      <p>
        <Link to="/finance/recharges">See the recharge agreements, usage and invoices</Link>
      </p>
    </>
  );
}
