import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualLevy, demoPlan, levyInstalments, type DemoPlan } from '@atscale/domain';
import { savingsRepository } from '../repositories/finance/savings.js';
import { ledgerRepository } from '../repositories/finance/ledger.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { writeDemoPlans, type WrittenDemo } from './write-demo.js';

describe('the finance data of the demo organisations, as written', () => {
  let t: TestDatabase;
  let plan: DemoPlan;
  let demo: WrittenDemo;
  const today = '2026-11-23';
  beforeAll(async () => {
    t = await createTestDatabase();
    plan = demoPlan({ scale: 'tiny', today });
    const written = await writeDemoPlans(
      t.db,
      [plan, demoPlan({ scale: 'tiny', form: 'federation', today })],
      { passwordHash: 'x' },
    );
    demo = written[0] as WrittenDemo;
  }, 240_000);
  afterAll(() => t.dispose());

  const rows = async <R>(sql: string, params: unknown[] = []) =>
    (await t.db.query<R>(sql, params)).rows;
  const finance = () => {
    const userId = demo.userIds.finance ?? '';
    return {
      principal: {
        userId,
        orgId: demo.orgId,
        grants: [{ role: 'central-finance' as const, practiceId: null }],
      },
      requestId: 'test',
    };
  };

  it('charges the levy at the rate times the list on each quarter’s first day', async () => {
    const lists = await rows<{ practiceId: string; date: string; listSize: number }>(
      `select practice_id as "practiceId", date, list_size as "listSize"
         from practice_list_size where org_id = $1 order by date`,
      [demo.orgId],
    );
    const listOn = (practiceId: string, date: string) =>
      lists.filter((l) => l.practiceId === practiceId && l.date <= date).at(-1)?.listSize ?? 0;
    const members = demo.practiceIds.slice(0, plan.totals.memberPractices);
    const expected = ['2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01'].reduce(
      (total, from, q) =>
        total +
        members.reduce(
          (sum, p) => sum + (levyInstalments(annualLevy(200, listOn(p, from)), 4)[q] ?? 0),
          0,
        ),
      0,
    );
    const report = await savingsRepository(t.db, finance()).levyVsSavings({
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(report.total.levyPence).toBe(expected);
    expect(report.total.levyPence).toBeGreaterThan(0);
    expect(report.total.savingsPence).toBeGreaterThan(0);
    // The latest run, on the latest count: its yearly rate is £2 times the whole list.
    const [latest] = await rows<{ yearly: number; patients: number }>(
      `select sum(list_size * pence_per_patient_per_year)::bigint as yearly,
              sum(list_size)::int as patients
         from levy_invoice where org_id = $1
          and period_from = (select max(period_from) from levy_invoice where org_id = $1)`,
      [demo.orgId],
    );
    expect(latest?.patients).toBe(plan.totals.patients);
    expect(latest?.yearly).toBe(200 * plan.totals.patients);
    const status = await rows<{ status: string; n: number }>(
      `select status, count(*)::int as n from levy_invoice where org_id = $1 group by status`,
      [demo.orgId],
    );
    expect(status.map((s) => s.status).sort()).toEqual(['paid', 'unpaid']);
  });

  it('balances every journal entry, and every practice makes a profit last year', async () => {
    expect(
      await rows(
        `select e.id from journal_entry e join journal_line l on l.entry_id = e.id
          where e.org_id = any($1::uuid[])
          group by e.id having sum(l.debit_pence) <> sum(l.credit_pence) or count(*) < 2`,
        [[demo.orgId]],
      ),
    ).toEqual([]);
    const centres = await ledgerRepository(t.db, finance()).profitByCostCentre({
      from: '2025-04-01',
      to: '2026-03-31',
    });
    const practices = centres.filter((c) => c.costCentre.code !== 'CENTRAL');
    expect(practices).toHaveLength(3);
    for (const c of practices) {
      expect(c.totals.incomePence).toBeGreaterThan(0);
      expect(c.totals.profitPence).toBeGreaterThan(0);
    }
    const central = centres.find((c) => c.costCentre.code === 'CENTRAL');
    expect(central?.totals.incomePence).toBeGreaterThan(0);
  });

  it('has expected payments matched, some overdue with an owner, and rows to review', async () => {
    const [counts] = await rows<{
      matched: number;
      overdue: number;
      owned: number;
      unmatched: number;
      chased: number;
    }>(
      `select
         (select count(*)::int from payment_match where org_id = $1) as matched,
         (select count(*)::int from expected_payment e where e.org_id = $1 and e.due_on < $2
             and not exists (select 1 from payment_match m where m.expected_payment_id = e.id))
           as overdue,
         (select count(*)::int from expected_payment e where e.org_id = $1 and owner_id = $3)
           as owned,
         (select count(*)::int from received_payment r where r.org_id = $1
             and not exists (select 1 from payment_match m where m.received_payment_id = r.id))
           as unmatched,
         (select count(*)::int from payment_chase where org_id = $1) as chased`,
      [demo.orgId, today, demo.userIds.finance],
    );
    expect(counts?.matched).toBeGreaterThan(50);
    expect(counts?.overdue).toBeGreaterThan(0);
    expect(counts?.owned).toBeGreaterThan(0);
    expect(counts?.unmatched).toBe(2);
    expect(counts?.chased).toBeGreaterThan(0);
  });

  it('gives a form without cost centres payments but no ledger or levy', async () => {
    const [federation] = await rows<{ id: string }>(
      `select id from organisation where form = 'federation'`,
    );
    const [counts] = await rows<{ entries: number; expected: number; rate: number }>(
      `select (select count(*)::int from journal_entry where org_id = $1) as entries,
              (select count(*)::int from expected_payment where org_id = $1) as expected,
              (select levy_pence_per_patient_per_year from finance_settings where org_id = $1)
                as rate`,
      [federation?.id],
    );
    expect(counts).toEqual({ entries: 0, expected: expect.any(Number) as number, rate: 0 });
    expect(counts?.expected).toBeGreaterThan(0);
  });
});
