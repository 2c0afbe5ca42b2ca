import type { ProfitAndLoss } from '../../api/finance';
import { LazyComparisonBarChart } from '../access/reports/lazy-comparison-chart';
import { chartPounds } from './finance-figures';

/** Each income and expenditure line and the profit, this period beside the same period last year. */
export function ProfitAndLossChart({ pl }: { pl: ProfitAndLoss }) {
  const data = [
    ...pl.lines.map((line) => ({
      label: line.accountName,
      value: chartPounds(line.amountPence),
      reference: chartPounds(line.lastYearPence),
    })),
    {
      label: 'Profit',
      value: chartPounds(pl.totals.profitPence),
      reference: chartPounds(pl.lastYearTotals.profitPence),
    },
  ];
  if (pl.lines.length === 0) return null;
  return (
    <LazyComparisonBarChart
      caption="This period against the same period last year, in whole pounds; the tables give the exact figures."
      data={data}
      valueName="This period"
      referenceName="Last year"
    />
  );
}
