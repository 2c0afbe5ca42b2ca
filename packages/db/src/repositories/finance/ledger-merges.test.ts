import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { costCentreRepository } from '../cost-centres.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { ledgerRepository } from './ledger.js';

// Three practices, each its own cost centre; the first two merge into the second on
// 2025-04-01 (ORG-3). Income is posted before and after, and checked from both sides.
let t: TestDatabase;
let org: FinanceTestOrganisation;
const MERGE = '2025-04-01';
const LAST_YEAR = { from: '2024-04-01', to: '2025-03-31' };
const THIS_YEAR = { from: '2025-04-01', to: '2026-03-31' };

const ledger = () => ledgerRepository(t.db, { principal: org.finance, requestId: 'r' });
const centre = (i: number) => org.costCentreIds[i] ?? '';
const income = (costCentreId: string, date: string, pence: number) =>
  ledger().post({
    entryDate: date,
    description: `Global sum ${date}`,
    lines: [
      { costCentreId, accountCode: '1000', debitPence: pence, creditPence: 0 },
      { costCentreId, accountCode: '4000', debitPence: 0, creditPence: pence },
    ],
  });

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [6_000, 9_000, 4_000] });
  // One equity partner in each practice.
  await t.db.query(
    `insert into staff_member (org_id, full_name, staff_role, grade, employing_body, home_practice_id)
     select $1, 'Dr ' || n, 'gp', 'equity-partner', 'self-employed', p
       from unnest($2::uuid[]) with ordinality as x(p, n)`,
    [org.orgId, org.practiceIds],
  );
  // Last year, before the merge: each centre its own income.
  await income(centre(0), '2024-06-01', 100_000);
  await income(centre(1), '2024-06-01', 200_000);
  await income(centre(2), '2024-06-01', 50_000);
  await costCentreRepository(t.db, { principal: org.finance, requestId: 'r' }).merge({
    from: [centre(0), centre(1)],
    into: { costCentreId: centre(1) },
    effectiveFrom: MERGE,
    reason: 'Two practices share one cost centre',
  });
  // This year, after the merge: the survivor and the untouched third centre.
  await income(centre(1), '2025-06-01', 330_000);
  await income(centre(2), '2025-06-01', 55_000);
});
afterAll(() => t.dispose());

describe('profit and loss across a cost centre merge', () => {
  it('shows each centre on its own before the merge', async () => {
    const first = await ledger().profitAndLoss({ costCentreId: centre(0), ...LAST_YEAR });
    const second = await ledger().profitAndLoss({ costCentreId: centre(1), ...LAST_YEAR });
    expect(first.totals.incomePence).toBe(100_000);
    expect(second.totals.incomePence).toBe(200_000);
    expect(second.includes).toEqual([]);
    expect(first.mergedInto).toBeNull();
    const all = await ledger().profitByCostCentre(LAST_YEAR);
    const ids = all.map((c) => c.costCentre.id);
    expect(ids).toEqual(expect.arrayContaining([centre(0), centre(1), centre(2)]));
  });

  it('carries the merged centre into the survivor after it, last year like for like', async () => {
    const survivor = await ledger().profitAndLoss({ costCentreId: centre(1), ...THIS_YEAR });
    expect(survivor.totals.incomePence).toBe(330_000);
    // Last year is both centres that are now one, so the change is 10%, not 65%.
    expect(survivor.lastYearTotals.incomePence).toBe(300_000);
    expect(survivor.includes.map((c) => c.id)).toEqual([centre(0)]);
    // Two partners now share it; last year the same two.
    expect(survivor.partners).toBe(2);
    expect(survivor.lastYearProfitPerPartnerPence).toBe(150_000);
    expect(survivor.profitPerPartnerPence).toBe(165_000);
  });

  it('says a closed centre was merged, and shows only its own lines', async () => {
    const closed = await ledger().profitAndLoss({ costCentreId: centre(0), ...THIS_YEAR });
    expect(closed.mergedInto).toMatchObject({ costCentre: { id: centre(1) }, on: MERGE });
    expect(closed.totals.incomePence).toBe(0);
    expect(closed.lastYearTotals.incomePence).toBe(100_000);
  });

  it('lists the survivor, not the closed centre, and counts nothing twice', async () => {
    const all = await ledger().profitByCostCentre(THIS_YEAR);
    const ids = all.map((c) => c.costCentre.id);
    expect(ids).not.toContain(centre(0));
    const survivor = all.find((c) => c.costCentre.id === centre(1));
    expect(survivor?.totals.incomePence).toBe(330_000);
    expect(survivor?.lastYearTotals.incomePence).toBe(300_000);
    const sum = (pick: (c: (typeof all)[number]) => number) => all.reduce((s, c) => s + pick(c), 0);
    expect(sum((c) => c.totals.incomePence)).toBe(385_000);
    expect(sum((c) => c.lastYearTotals.incomePence)).toBe(350_000);
    const pool = await ledger().profitAndLoss(THIS_YEAR);
    expect(pool.totals.incomePence).toBe(385_000);
    expect(pool.lastYearTotals.incomePence).toBe(350_000);
  });

  it('refuses a posting to a closed centre from the merge, naming the line and the survivor', async () => {
    const refused = await income(centre(0), '2025-05-01', 1_000).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AtscaleError);
    expect((refused as AtscaleError).errors[0]).toMatchObject({
      field: '/lines/0/costCentreId',
    });
    expect((refused as AtscaleError).errors[0]?.message).toContain(`on ${MERGE}`);
    // A late entry for before the merge still goes to the old centre.
    const late = await income(centre(0), '2025-03-31', 1_000);
    expect(late.lines[0]?.costCentre.id).toBe(centre(0));
  });
});
