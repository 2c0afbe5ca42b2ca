import { describe, expect, it } from 'vitest';
import type { ParityPlan } from '../../api/budgets-and-parity';
import { parityChartRows, parityYearLabel, transferTable } from './parity-figures';

const centre = (id: string, byYear: number[]) => ({
  costCentre: { id, code: id.toUpperCase(), name: `Centre ${id}` },
  partners: 2,
  profitPence: (byYear[0] ?? 0) * 2,
  profitPerPartnerPence: byYear[0] ?? 0,
  profitPerPartnerByYearPence: byYear,
});

const plan: ParityPlan = {
  financialYear: 2026,
  label: '2026/27',
  from: '2026-04-01',
  to: '2027-03-31',
  years: 2,
  markPence: 100_00,
  centres: [centre('a', [140_00, 120_00, 100_00]), centre('b', [60_00, 80_00, 100_00])],
  path: [1, 2].map((year) => ({
    year,
    sumPence: 0,
    transfers: [
      {
        costCentreId: 'a',
        transferPence: -40_00,
        profitAfterPence: 0,
        profitPerPartnerAfterPence: 0,
      },
      {
        costCentreId: 'b',
        transferPence: 40_00 * year,
        profitAfterPence: 0,
        profitPerPartnerAfterPence: 0,
      },
    ],
  })),
  excluded: [],
};

describe('parity figures', () => {
  it('gives a chart row per year, from the actual year to year N, in whole pounds', () => {
    const rows = parityChartRows(plan);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ label: '2026/27 (actual)', mark: 100, a: 140, b: 60 });
    expect(rows[2]).toEqual({ label: 'Year 2', mark: 100, a: 100, b: 100 });
    expect(parityYearLabel(plan, 1)).toBe('Year 1');
  });

  it('tabulates each centre’s transfers by year and sums each year from the rows', () => {
    const table = transferTable(plan);
    expect(table.rows.map((r) => r.name)).toEqual(['Centre a (A)', 'Centre b (B)']);
    expect(table.rows[0]?.transfersPence).toEqual([-40_00, -40_00]);
    expect(table.rows[0]?.totalPence).toBe(-80_00);
    expect(table.rows[1]?.totalPence).toBe(120_00);
    // Year 1 balances, year 2 (made unbalanced here on purpose) does not.
    expect(table.sumsPence).toEqual([0, 40_00]);
  });
});
