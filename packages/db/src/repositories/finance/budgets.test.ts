import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { budgetRepository } from './budgets.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { ledgerRepository } from './ledger.js';
import { parityRepository } from './parity.js';

let t: TestDatabase;
let org: FinanceTestOrganisation;
let other: FinanceTestOrganisation;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000, 5_000] });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
});
afterAll(() => t.dispose());

const scope = (principal = org.finance) => ({ principal, requestId: 'r' });
const budgets = (principal = org.finance) => budgetRepository(t.db, scope(principal));
const ledger = (principal = org.finance) => ledgerRepository(t.db, scope(principal));
const centre = (i: number) => org.costCentreIds[i] ?? '';

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Posts income (or a cost) to a cost centre's account against the bank. */
const post = (costCentreId: string, date: string, code: string, amount: number, income = true) =>
  ledger().post({
    entryDate: date,
    description: `${code} ${date}`,
    lines: income
      ? [
          { costCentreId, accountCode: '1000', debitPence: amount, creditPence: 0 },
          { costCentreId, accountCode: code, debitPence: 0, creditPence: amount },
        ]
      : [
          { costCentreId, accountCode: code, debitPence: amount, creditPence: 0 },
          { costCentreId, accountCode: '1000', debitPence: 0, creditPence: amount },
        ],
  });

describe('budgets (FIN-1)', () => {
  it('sets a centre’s budget for a year, replacing its lines, and reads it back', async () => {
    const first = await budgets().set({
      costCentreId: centre(0),
      financialYear: 2026,
      lines: [
        { accountCode: '4000', amountPence: 36_500_000 },
        { accountCode: '5000', amountPence: 18_250_000 },
        { accountCode: '6000', amountPence: 3_650_000 },
      ],
    });
    expect(first.totals).toEqual({
      incomePence: 36_500_000,
      expenditurePence: 21_900_000,
      profitPence: 14_600_000,
    });
    const replaced = await budgets().set({
      costCentreId: centre(0),
      financialYear: 2026,
      lines: [
        { accountCode: '4000', amountPence: 36_500_000 },
        { accountCode: '5000', amountPence: 18_250_000 },
      ],
    });
    expect(replaced.lines.map((l) => l.accountCode)).toEqual(['4000', '5000']);
    expect(replaced.label).toBe('2026/27');
    expect(replaced.setAt).not.toBeNull();
    const read = await budgets(org.manager).get({ costCentreId: centre(0), financialYear: 2026 });
    expect(read.lines).toEqual(replaced.lines);
    const { rows } = await t.db.query(
      `select action, reason from audit_event where org_id = $1 and action = 'budget.set'`,
      [org.orgId],
    );
    expect(rows).toHaveLength(2);
  });

  it('refuses balance-sheet accounts, twice the same account, pounds and others’ centres', async () => {
    const set = (lines: { accountCode: string; amountPence: number }[], costCentreId = centre(0)) =>
      refusal(budgets().set({ costCentreId, financialYear: 2026, lines }));
    expect((await set([{ accountCode: '1000', amountPence: 1 }])).errors[0]?.field).toBe(
      '/lines/0/accountCode',
    );
    expect(
      (
        await set([
          { accountCode: '4000', amountPence: 1 },
          { accountCode: '4000', amountPence: 2 },
        ])
      ).errors[0]?.field,
    ).toBe('/lines/1/accountCode');
    expect((await set([{ accountCode: '4000', amountPence: 1.5 }])).errors[0]?.field).toBe(
      '/lines/0/amountPence',
    );
    expect(
      (await set([{ accountCode: '4000', amountPence: 1 }], other.costCentreIds[0])).errors[0]
        ?.field,
    ).toBe('/costCentreId');
    expect(
      (
        await refusal(
          budgets(org.manager).set({ costCentreId: centre(0), financialYear: 2026, lines: [] }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (await refusal(budgets(org.manager).get({ costCentreId: centre(1), financialYear: 2026 })))
        .code,
    ).toBe('not-found');
    expect(
      (await refusal(budgets(other.finance).get({ costCentreId: centre(0), financialYear: 2026 })))
        .code,
    ).toBe('not-found');
  });

  it('puts the budget beside actuals in profit and loss, prorated by days, with variances', async () => {
    await post(centre(0), '2026-04-15', '4000', 3_200_000);
    await post(centre(0), '2026-04-20', '5000', 1_600_000, false);
    const april = await ledger().profitAndLoss({
      costCentreId: centre(0),
      from: '2026-04-01',
      to: '2026-04-30',
    });
    // April's share of the year: 30/365 of £365,000 = £30,000; of £182,500 = £15,000.
    expect(april.lines.map((l) => [l.accountCode, l.amountPence, l.budgetPence])).toEqual([
      ['4000', 3_200_000, 3_000_000],
      ['5000', 1_600_000, 1_500_000],
    ]);
    expect(april.lines.map((l) => l.varianceToBudgetPence)).toEqual([200_000, -100_000]);
    expect(april.budgetTotals).toEqual({
      incomePence: 3_000_000,
      expenditurePence: 1_500_000,
      profitPence: 1_500_000,
    });
    // A budgeted account with nothing posted still shows, against its budget.
    await budgets().set({
      costCentreId: centre(0),
      financialYear: 2026,
      lines: [
        { accountCode: '4000', amountPence: 36_500_000 },
        { accountCode: '5000', amountPence: 18_250_000 },
        { accountCode: '4010', amountPence: 730_000 },
      ],
    });
    const again = await ledger().profitAndLoss({
      costCentreId: centre(0),
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(again.lines.find((l) => l.accountCode === '4010')).toMatchObject({
      amountPence: 0,
      budgetPence: 60_000,
      varianceToBudgetPence: -60_000,
    });
    // No budget: nulls, as before budgets existed.
    const none = await ledger().profitAndLoss({
      costCentreId: centre(1),
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(none.budgetTotals).toBeNull();
    const all = await ledger().profitByCostCentre({ from: '2026-04-01', to: '2027-03-31' });
    expect(all.find((c) => c.costCentre.id === centre(0))?.budgetTotals).toEqual({
      incomePence: 37_230_000,
      expenditurePence: 18_250_000,
      profitPence: 18_980_000,
    });
    expect(all.find((c) => c.costCentre.id === centre(1))?.budgetTotals).toBeNull();
  });
});

describe('profit parity from the ledger (FIN-6)', () => {
  it('plans transfers that sum to zero and bring every centre to the mark in N years', async () => {
    await t.db.query(
      `insert into staff_member (org_id, full_name, staff_role, grade, employing_body, home_practice_id)
       select $1, 'Dr ' || n, 'gp', 'equity-partner', 'self-employed',
              (array[$2::uuid, $2::uuid, $3::uuid])[n]
         from generate_series(1, 3) as n`,
      [org.orgId, org.practiceIds[1], org.practiceIds[2]],
    );
    await post(centre(1), '2026-05-01', '4000', 40_000_000);
    await post(centre(2), '2026-05-01', '4000', 5_000_000);
    const plan = await parityRepository(t.db, scope()).plan({ financialYear: 2026, years: 3 });
    // Centre 0 (no partners) and the central cost centre stay out.
    expect(plan.excluded.map((e) => e.costCentre.id).sort()).toEqual(
      [centre(0), org.centralCostCentreId].sort(),
    );
    expect(plan.markPence).toBe(15_000_000); // £450,000 between three partners
    expect(plan.path).toHaveLength(3);
    for (const year of plan.path) {
      expect(year.sumPence).toBe(0);
      expect(year.transfers.reduce((s, tr) => s + tr.transferPence, 0)).toBe(0);
    }
    expect(plan.centres.map((c) => c.profitPerPartnerByYearPence)).toEqual([
      // 36,666,667p between two partners is 18,333,333.5p: half a penny rounds up.
      [20_000_000, 18_333_334, 16_666_667, 15_000_000],
      [5_000_000, 8_333_333, 11_666_667, 15_000_000],
    ]);
    const refused = await refusal(
      parityRepository(t.db, scope(org.manager)).plan({ financialYear: 2026, years: 2 }),
    );
    expect(refused.code).toBe('forbidden');
    const years = await refusal(
      parityRepository(t.db, scope()).plan({ financialYear: 2026, years: 21 }),
    );
    expect(years.errors[0]?.field).toBe('/years');
    const empty = await refusal(
      parityRepository(t.db, scope(other.finance)).plan({ financialYear: 2026, years: 2 }),
    );
    expect(empty.code).toBe('conflict');
  });
});
