import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetForPeriod, budgetVariance } from './budget.js';
import { billingPeriods } from './financial-year.js';

describe('budgets', () => {
  const year = new Map([
    [2026, 365_000],
    [2027, 732_000],
  ]);

  it('gives a whole financial year exactly its budget, and a part by its days', () => {
    expect(budgetForPeriod(year, { from: '2026-04-01', to: '2027-03-31' })).toBe(365_000);
    expect(budgetForPeriod(year, { from: '2026-04-01', to: '2026-04-30' })).toBe(30_000);
    expect(budgetForPeriod(year, { from: '2026-05-01', to: '2026-05-31' })).toBe(31_000);
    // 2027/28 has 29 February 2028: 366 days, 2,000p a day.
    expect(budgetForPeriod(year, { from: '2027-03-31', to: '2027-04-01' })).toBe(1_000 + 2_000);
    expect(budgetForPeriod(year, { from: '2030-04-01', to: '2030-04-30' })).toBe(0);
  });

  it('spreads a year over its months to within a penny each, and about the year in all', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (annual) => {
        const budgets = new Map([[2026, annual]]);
        const months = billingPeriods(2026, 'monthly').map((m) => budgetForPeriod(budgets, m));
        const sum = months.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - annual)).toBeLessThanOrEqual(6);
        months.forEach((m, i) => {
          const days = [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31][i] ?? 0;
          expect(Math.abs(m - (annual * days) / 365)).toBeLessThanOrEqual(0.5);
        });
      }),
    );
  });

  it('reads a variance as favourable when income beats budget or costs come in under it', () => {
    expect(budgetVariance('income', 1_200, 1_000)).toBe(200);
    expect(budgetVariance('income', 800, 1_000)).toBe(-200);
    expect(budgetVariance('expenditure', 800, 1_000)).toBe(200);
    expect(budgetVariance('expenditure', 1_200, 1_000)).toBe(-200);
  });
});
