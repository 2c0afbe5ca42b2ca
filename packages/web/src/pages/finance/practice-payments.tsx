import { fetchExpectedPayments, fetchPaymentAgeing } from '../../api/finance-payments';
import { useApi } from '../../api/use-api';
import { Table } from '../../components/table';
import { WideTable } from '../../components/wide-table';
import { formatCount, formatDate, formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { todayInEngland } from '../access/booking/booking-api';
import { OverduePaymentsTable } from './overdue-payments-table';
import { nextDue, overdueRows, paymentText } from './payments-figures';

/** How far ahead the practice page looks for payments due, and how many it lists. */
const AHEAD_DAYS = 120;
const NEXT_COUNT = 6;

/**
 * A practice's payments due and overdue (FIN-4), read-only: its overdue payments by age, each
 * with who chases it and the last chase, and the next payments it expects. Central finance
 * (`canManage`) gets a link to the payments page, where the chasing and matching are done.
 */
export function PracticePayments({
  practiceId,
  practiceName,
  canManage,
}: {
  practiceId: string;
  practiceName: string;
  canManage: boolean;
}) {
  const today = todayInEngland();
  const ageing = useApi(`practice ageing ${practiceId}`, () => fetchPaymentAgeing({ practiceId }));
  const upcoming = useApi(`practice payments due ${practiceId}`, () =>
    fetchExpectedPayments(
      { from: today, to: todayInEngland(AHEAD_DAYS) },
      { practiceId, status: 'outstanding' },
    ),
  );
  if (ageing.state.status === 'error') {
    return <p>The overdue payments could not be loaded: {ageing.state.detail}</p>;
  }
  if (ageing.state.status === 'loading') return <p>Loading the payments…</p>;
  const { items, total } = ageing.state.data;
  const next =
    upcoming.state.status === 'done' ? nextDue(upcoming.state.data, today, NEXT_COUNT) : [];

  return (
    <>
      <p>
        {total.count === 0
          ? 'No expected payment is overdue.'
          : `${formatCount(total.count)} overdue ${total.count === 1 ? 'payment' : 'payments'}: ${formatPence(total.totalPence)}.`}
        {canManage ? (
          <>
            {' '}
            <Link to="/finance/payments">Chase and match payments</Link>
          </>
        ) : null}
      </p>
      {total.count > 0 ? (
        <>
          <Table
            caption={`Overdue payments of ${practiceName} by age`}
            head={['Age', 'Payments', 'Amount']}
            rows={overdueRows(items).map((row) => ({
              key: row.bucket,
              cells: [row.label, formatCount(row.count), formatPence(row.pence)],
            }))}
          />
          <OverduePaymentsTable
            caption={`Overdue payments of ${practiceName}`}
            items={items}
            onePractice
          />
        </>
      ) : null}
      {upcoming.state.status === 'error' ? (
        <p>The payments due could not be loaded: {upcoming.state.detail}</p>
      ) : upcoming.state.status === 'loading' ? (
        <p>Loading the payments due…</p>
      ) : next.length === 0 ? (
        <p>No payment is expected in the next {String(AHEAD_DAYS)} days.</p>
      ) : (
        <WideTable
          caption="Next payments due"
          head={['Payment', 'Payer', 'Due', 'Amount']}
          rows={next.map((payment) => ({
            key: payment.id,
            cells: [
              paymentText(payment),
              payment.payer,
              formatDate(payment.dueOn),
              formatPence(payment.amountPence),
            ],
          }))}
        />
      )}
    </>
  );
}
