import type { CostCentreProfit } from '../../api/finance';
import { WideTable } from '../../components/wide-table';
import { formatPence } from '../../format/format';
import { LazyComparisonBarChart } from '../access/reports/lazy-comparison-chart';
import { chartPounds } from './finance-figures';
import { changeText } from './profit-and-loss-table';

/** Every cost centre's income, expenditure and profit for a period against last year. */
export function ProfitByCostCentre({ rows }: { rows: readonly CostCentreProfit[] }) {
  if (rows.length === 0) return <p>There are no cost centres to show.</p>;
  const perPartner = (pence: number | null) =>
    pence === null ? 'No equity partners' : formatPence(pence);
  return (
    <>
      <LazyComparisonBarChart
        caption="Profit by cost centre against the same period last year, in whole pounds; the table gives the exact figures."
        data={rows.map((row) => ({
          label: row.costCentre.name,
          value: chartPounds(row.totals.profitPence),
          reference: chartPounds(row.lastYearTotals.profitPence),
        }))}
        valueName="This period"
        referenceName="Last year"
      />
      <WideTable
        caption="Profit by cost centre"
        head={[
          'Cost centre',
          'Income',
          'Expenditure',
          'Profit',
          'Last year',
          'Change',
          'Per partner',
        ]}
        rows={rows.map((row) => ({
          key: row.costCentre.id,
          cells: [
            `${row.costCentre.name} (${row.costCentre.code})`,
            formatPence(row.totals.incomePence),
            formatPence(row.totals.expenditurePence),
            formatPence(row.totals.profitPence),
            formatPence(row.lastYearTotals.profitPence),
            changeText(row.totals.profitPence, row.lastYearTotals.profitPence),
            perPartner(row.profitPerPartnerPence),
          ],
        }))}
      />
    </>
  );
}
