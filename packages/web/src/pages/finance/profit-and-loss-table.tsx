import type { ProfitAndLoss, ProfitAndLossLine } from '../../api/finance';
import { InsetText } from '../../components/inset-text';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { formatCount, formatDate, formatPence } from '../../format/format';

/** A change against last year, signed so a rise reads "+£1,000.00". */
export const changeText = (now: number, before: number): string => {
  const change = now - before;
  return change > 0 ? `+${formatPence(change)}` : formatPence(change);
};

// Budget columns show once the cost centre has a budget touching the period (the API then gives
// every line a budgetPence, nil for accounts without one); until then they stay away.
const hasBudget = (lines: readonly ProfitAndLossLine[]) =>
  lines.some((line) => line.budgetPence !== undefined && line.budgetPence !== null);

const budgetText = (line: ProfitAndLossLine) =>
  line.budgetPence === undefined || line.budgetPence === null ? '' : formatPence(line.budgetPence);

/** A variance to budget, signed so a favourable one reads "+£1,000.00". */
const varianceText = (pence: number | null | undefined) =>
  pence === undefined || pence === null
    ? ''
    : pence > 0
      ? `+${formatPence(pence)}`
      : formatPence(pence);

/** One kind of line (income or expenditure) with its total, this period against last year. */
function LinesTable({
  caption,
  lines,
  total,
  lastYearTotal,
  budgetTotal,
  budget,
  kind,
}: {
  caption: string;
  kind: 'income' | 'expenditure';
  lines: readonly ProfitAndLossLine[];
  total: number;
  lastYearTotal: number;
  /** The budget's total of these lines, when there is a budget. */
  budgetTotal: number | null;
  budget: boolean;
}) {
  const head = ['Account', 'This period', 'Same period last year', 'Change'];
  if (budget) head.push('Budget', 'Variance to budget');
  const row = (line: ProfitAndLossLine) => {
    const cells = [
      `${line.accountCode} ${line.accountName}`,
      formatPence(line.amountPence),
      formatPence(line.lastYearPence),
      changeText(line.amountPence, line.lastYearPence),
    ];
    if (budget) cells.push(budgetText(line), varianceText(line.varianceToBudgetPence));
    return { key: line.accountCode, cells };
  };
  const totalCells = [
    <strong key="t">Total</strong>,
    <strong key="n">{formatPence(total)}</strong>,
    <strong key="l">{formatPence(lastYearTotal)}</strong>,
    <strong key="c">{changeText(total, lastYearTotal)}</strong>,
  ];
  if (budget) {
    const variance =
      budgetTotal === null ? null : kind === 'income' ? total - budgetTotal : budgetTotal - total;
    totalCells.push(
      <strong key="b">{budgetTotal === null ? '' : formatPence(budgetTotal)}</strong>,
      <strong key="v">{varianceText(variance)}</strong>,
    );
  }
  return (
    <WideTable
      caption={caption}
      head={head}
      rows={[...lines.map(row), { key: 'total', cells: totalCells }]}
    />
  );
}

/** A profit and loss: income and expenditure lines against last year, then profit and per partner. */
export function ProfitAndLossTables({ pl }: { pl: ProfitAndLoss }) {
  const budget = hasBudget(pl.lines);
  const income = pl.lines.filter((line) => line.kind === 'income');
  const expenditure = pl.lines.filter((line) => line.kind === 'expenditure');
  const perPartner = (pence: number | null) =>
    pence === null ? 'No equity partners' : formatPence(pence);
  const named = (c: { name: string; code: string }) => `${c.name} (${c.code})`;
  return (
    <>
      {pl.includes && pl.includes.length > 0 ? (
        <InsetText>
          <p>
            Includes {pl.includes.map(named).join(', ')}, merged into this cost centre: their
            figures this year and last are counted here, so the comparison is like for like.
          </p>
        </InsetText>
      ) : null}
      {pl.mergedInto ? (
        <InsetText>
          <p>
            This cost centre was merged into {named(pl.mergedInto.costCentre)} on{' '}
            {formatDate(pl.mergedInto.on)}: its figures from then are in that cost centre&rsquo;s
            statement.
          </p>
        </InsetText>
      ) : null}
      <LinesTable
        caption="Income"
        lines={income}
        kind="income"
        total={pl.totals.incomePence}
        budgetTotal={pl.budgetTotals?.incomePence ?? null}
        lastYearTotal={pl.lastYearTotals.incomePence}
        budget={budget}
      />
      <LinesTable
        caption="Expenditure"
        lines={expenditure}
        kind="expenditure"
        total={pl.totals.expenditurePence}
        budgetTotal={pl.budgetTotals?.expenditurePence ?? null}
        lastYearTotal={pl.lastYearTotals.expenditurePence}
        budget={budget}
      />
      <h2>Profit</h2>
      <SummaryList
        rows={[
          { key: 'Profit this period', value: formatPence(pl.totals.profitPence) },
          {
            key: 'Profit the same period last year',
            value: formatPence(pl.lastYearTotals.profitPence),
          },
          {
            key: 'Change',
            value: changeText(pl.totals.profitPence, pl.lastYearTotals.profitPence),
          },
          ...(pl.budgetTotals
            ? [
                { key: 'Budgeted profit', value: formatPence(pl.budgetTotals.profitPence) },
                {
                  key: 'Profit against budget',
                  value: changeText(pl.totals.profitPence, pl.budgetTotals.profitPence),
                },
              ]
            : []),
          { key: 'Equity partners', value: formatCount(pl.partners) },
          { key: 'Profit per partner', value: perPartner(pl.profitPerPartnerPence) },
          {
            key: 'Profit per partner last year',
            value: perPartner(pl.lastYearProfitPerPartnerPence),
          },
        ]}
      />
    </>
  );
}
