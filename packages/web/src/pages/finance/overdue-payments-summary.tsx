import { AGEING_LABELS } from '@atscale/domain';
import type { PaymentAgeing } from '../../api/finance-payments';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { WideTable } from '../../components/wide-table';
import { formatCount, formatPence } from '../../format/format';
import { chartPounds } from './finance-figures';
import { OVERDUE_BUCKETS, bucketCells } from './payments-figures';

/**
 * Overdue expected payments across the practices (FIN-4): how many and how much, a chart of the
 * amounts by age, and each practice's amounts in the ageing columns with the organisation's total.
 */
export function OverduePaymentsSummary({ ageing }: { ageing: PaymentAgeing }) {
  const { total } = ageing;
  if (total.count === 0) return <p>No expected payment is overdue.</p>;
  return (
    <>
      <p className="nhsuk-body-l">
        Overdue payments: <strong>{formatPence(total.totalPence)}</strong> in{' '}
        {formatCount(total.count)} {total.count === 1 ? 'payment' : 'payments'}.
      </p>
      <LazyHorizontalBarChart
        caption="Overdue payments by how long overdue, in whole pounds; the table gives the exact figures."
        data={OVERDUE_BUCKETS.map((bucket) => ({
          label: AGEING_LABELS[bucket].replace(/ overdue$/, ''),
          value: chartPounds(total.buckets[bucket]),
        }))}
      />
      <WideTable
        caption="Overdue payments by practice and age"
        head={['Practice', ...OVERDUE_BUCKETS.map((b) => AGEING_LABELS[b]), 'Total', 'Payments']}
        rows={[
          ...ageing.practices.map((row) => ({
            key: row.practice.id,
            cells: [row.practice.name, ...bucketCells(row), formatCount(row.count)],
          })),
          {
            key: 'total',
            cells: [
              <strong key="p">Organisation</strong>,
              ...bucketCells(total).map((cell, index) => (
                <strong key={OVERDUE_BUCKETS[index] ?? 'total'}>{cell}</strong>
              )),
              <strong key="n">{formatCount(total.count)}</strong>,
            ],
          },
        ]}
      />
    </>
  );
}
