import { AGEING_LABELS } from '@atscale/domain';
import type { LevyInvoice } from '../../api/finance';
import { Table } from '../../components/table';
import { formatCount, formatPence } from '../../format/format';
import { ageingOf } from './finance-figures';

/** Unpaid levy invoices by how overdue they are, counted and summed (FIN-4's ageing columns). */
export function LevyAgeing({
  invoices,
  today,
}: {
  invoices: readonly LevyInvoice[];
  today: string;
}) {
  const rows = ageingOf(invoices, today);
  return (
    <Table
      caption="Unpaid levy by how overdue it is"
      head={['Age', 'Invoices', 'Amount']}
      rows={rows.map((row) => ({
        key: row.bucket,
        cells: [AGEING_LABELS[row.bucket], formatCount(row.count), formatPence(row.grossPence)],
      }))}
    />
  );
}
