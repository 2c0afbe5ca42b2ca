import type { ParityPlan } from '../../api/budgets-and-parity';
import { chartPounds } from './finance-figures';

/** The label of a year of the glide path: year 0 is the actual year the plan starts from. */
export const parityYearLabel = (plan: Pick<ParityPlan, 'label'>, year: number): string =>
  year === 0 ? `${plan.label} (actual)` : `Year ${String(year)}`;

/**
 * The convergence chart's rows: one a year (0 to N), each with every centre's profit per partner
 * in whole pounds keyed by its cost centre id, and the common mark.
 */
export function parityChartRows(plan: ParityPlan): Record<string, string | number>[] {
  return Array.from({ length: plan.years + 1 }, (_, year) => {
    const row: Record<string, string | number> = {
      label: parityYearLabel(plan, year),
      mark: chartPounds(plan.markPence),
    };
    for (const centre of plan.centres) {
      row[centre.costCentre.id] = chartPounds(centre.profitPerPartnerByYearPence[year] ?? 0);
    }
    return row;
  });
}

/** One centre's row of the transfers table: what it receives (+) or gives (−) each year. */
export interface TransferRow {
  costCentreId: string;
  name: string;
  transfersPence: number[];
  totalPence: number;
}

/** The transfers per centre and year, and each year's sum (zero when the plan balances). */
export function transferTable(plan: ParityPlan): { rows: TransferRow[]; sumsPence: number[] } {
  const rows = plan.centres.map((centre) => {
    const transfersPence = plan.path.map(
      (year) =>
        year.transfers.find((t) => t.costCentreId === centre.costCentre.id)?.transferPence ?? 0,
    );
    return {
      costCentreId: centre.costCentre.id,
      name: `${centre.costCentre.name} (${centre.costCentre.code})`,
      transfersPence,
      totalPence: transfersPence.reduce((sum, pence) => sum + pence, 0),
    };
  });
  // Summed here from the rows rather than taken from the server, so the table proves its own total.
  const sumsPence = plan.path.map((_, index) =>
    rows.reduce((sum, row) => sum + (row.transfersPence[index] ?? 0), 0),
  );
  return { rows, sumsPence };
}
