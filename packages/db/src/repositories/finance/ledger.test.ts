import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, AtscaleError, type JournalLine } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { ledgerRepository } from './ledger.js';

let t: TestDatabase;
let org: FinanceTestOrganisation;
let other: FinanceTestOrganisation;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000, 5_000] });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
});
afterAll(() => t.dispose());

const ledger = (principal = org.finance) => ledgerRepository(t.db, { principal, requestId: 'r' });
const centre = (i: number) => org.costCentreIds[i] ?? '';
const line = (costCentreId: string, accountCode: string, debit: number, credit: number) => ({
  costCentreId,
  accountCode,
  debitPence: debit,
  creditPence: credit,
});

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Sum of debits and of credits of every line of the organisation, straight from the table. */
async function ledgerTotals(orgId: string) {
  const { rows } = await t.db.query<{ debits: number; credits: number }>(
    `select coalesce(sum(debit_pence), 0)::bigint as debits,
            coalesce(sum(credit_pence), 0)::bigint as credits
       from journal_line where org_id = $1`,
    [orgId],
  );
  return rows[0] ?? { debits: -1, credits: -2 };
}

describe('the ledger in the database', () => {
  it('posts a balanced entry with its lines and audits it', async () => {
    const entry = await ledger().post({
      entryDate: '2025-05-01',
      description: 'Global sum May',
      lines: [line(centre(0), '1000', 5_000_000, 0), line(centre(0), '4000', 0, 5_000_000)],
    });
    expect(entry.lines.map((l) => [l.accountCode, l.debitPence, l.creditPence])).toEqual([
      ['1000', 5_000_000, 0],
      ['4000', 0, 5_000_000],
    ]);
    expect(entry.lines[1]?.accountName).toBe('Global sum');
    const { rows } = await t.db.query(
      `select action from audit_event where org_id = $1 and entity_id = $2`,
      [org.orgId, entry.id],
    );
    expect(rows).toEqual([{ action: 'journal-entry.post' }]);
  });

  it('refuses an unbalanced entry by field before the database sees it', async () => {
    const error = await refusal(
      ledger().post({
        entryDate: '2025-05-01',
        description: 'Wrong',
        lines: [line(centre(0), '1000', 500, 0), line(centre(0), '4000', 0, 499)],
      }),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.errors[0]?.field).toBe('/lines');
  });

  it('refuses a cost centre of another organisation, naming the line', async () => {
    const error = await refusal(
      ledger().post({
        entryDate: '2025-05-01',
        description: 'Theirs',
        lines: [
          line(centre(0), '1000', 500, 0),
          line(other.costCentreIds[0] ?? '', '4000', 0, 500),
        ],
      }),
    );
    expect(error.errors[0]?.field).toBe('/lines/1/costCentreId');
  });

  it('has the database refuse an unbalanced entry at commit, and any change to a posted one', async () => {
    const entry = await ledger().post({
      entryDate: '2025-06-01',
      description: 'Locum',
      lines: [line(centre(1), '5010', 90_000, 0), line(centre(1), '1000', 0, 90_000)],
    });
    // Straight to the database, past the repository's own checks: the triggers still refuse.
    const rawEntry = (
      id: string,
      lines: [date: string, account: string, debit: number, credit: number][],
    ) =>
      t.db.transaction(async (tx) => {
        await tx.query(
          `insert into journal_entry (id, org_id, entry_date, description, source)
           values ($1, $2, '2025-06-01', 'Sneaky', 'manual')`,
          [id, org.orgId],
        );
        for (const [index, [date, account, debit, credit]] of lines.entries()) {
          await tx.query(
            `insert into journal_line (org_id, entry_id, entry_date, line_number, cost_centre_id,
                                       account_code, debit_pence, credit_pence)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [org.orgId, id, date, index + 1, centre(1), account, debit, credit],
          );
        }
      });
    await expect(
      rawEntry('00000000-0000-4000-8000-00000000000a', [
        ['2025-06-01', '1000', 100, 0],
        ['2025-06-02', '4000', 0, 100],
      ]),
    ).rejects.toThrow(/dated otherwise than the entry/);
    await expect(
      rawEntry('00000000-0000-4000-8000-00000000000b', [
        ['2025-06-01', '1000', 100, 0],
        ['2025-06-01', '4000', 0, 99],
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(
      t.db.query('update journal_line set debit_pence = 1 where entry_id = $1', [entry.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from journal_entry where id = $1', [entry.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      t.db.query("update journal_entry set description = 'x' where id = $1", [entry.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('reverses an entry once, audited with the reason; totals come back', async () => {
    const entry = await ledger().post({
      entryDate: '2025-07-01',
      description: 'Premises',
      lines: [line(centre(2), '6000', 123_456, 0), line(centre(2), '1000', 0, 123_456)],
    });
    const before = await ledger().profitAndLoss({
      costCentreId: centre(2),
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(before.totals.expenditurePence).toBe(123_456);
    const reversal = await ledger().reverse(entry.id, { reason: 'Posted to the wrong practice' });
    expect(reversal.reversesEntryId).toBe(entry.id);
    expect(reversal.lines.map((l) => [l.accountCode, l.debitPence, l.creditPence])).toEqual([
      ['6000', 0, 123_456],
      ['1000', 123_456, 0],
    ]);
    const after = await ledger().profitAndLoss({
      costCentreId: centre(2),
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(after.totals.expenditurePence).toBe(0);
    expect((await refusal(ledger().reverse(entry.id, { reason: 'again' }))).code).toBe('conflict');
    expect((await ledger().entry(entry.id)).reversedByEntryId).toBe(reversal.id);
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where org_id = $1 and action = 'journal-entry.reverse'`,
      [org.orgId],
    );
    expect(rows.map((r) => r.reason)).toContain('Posted to the wrong practice');
    expect((await refusal(ledger(org.manager).reverse(entry.id, { reason: 'x' }))).code).toBe(
      'forbidden',
    );
  });

  it('reads profit and loss per cost centre against last year, with profit per partner', async () => {
    await t.db.query(
      `insert into staff_member (org_id, full_name, staff_role, grade, employing_body, home_practice_id)
       values ($1, 'Dr A', 'gp', 'equity-partner', 'self-employed', $2),
              ($1, 'Dr B', 'gp', 'equity-partner', 'self-employed', $2),
              ($1, 'Dr C', 'gp', 'salaried-gp', 'practice', $2)`,
      [org.orgId, org.practiceIds[1]],
    );
    const post = (date: string, code: string, amount: number, income: boolean) =>
      ledger().post({
        entryDate: date,
        description: `${code} ${date}`,
        lines: income
          ? [line(centre(1), '1000', amount, 0), line(centre(1), code, 0, amount)]
          : [line(centre(1), code, amount, 0), line(centre(1), '1000', 0, amount)],
      });
    await post('2024-05-10', '4000', 1_000_000, true);
    await post('2024-06-10', '5000', 300_001, false);
    await post('2025-05-10', '4000', 1_200_000, true);
    await post('2025-05-20', '4010', 100_000, true);
    await post('2025-06-10', '5000', 400_000, false);
    const pl = await ledger().profitAndLoss({
      costCentreId: centre(1),
      from: '2025-04-01',
      to: '2025-09-30',
    });
    expect(pl.lastYear).toEqual({ from: '2024-04-01', to: '2024-09-30' });
    expect(pl.totals).toEqual({
      incomePence: 1_300_000,
      expenditurePence: 490_000,
      profitPence: 810_000,
    });
    expect(pl.lastYearTotals).toEqual({
      incomePence: 1_000_000,
      expenditurePence: 300_001,
      profitPence: 699_999,
    });
    expect(pl.partners).toBe(2);
    expect(pl.profitPerPartnerPence).toBe(405_000);
    expect(pl.lastYearProfitPerPartnerPence).toBe(350_000); // 349,999.5 rounds half up
    expect(pl.lines.find((l) => l.accountCode === '5010')?.amountPence).toBe(90_000);
    const all = await ledger().profitByCostCentre({ from: '2025-04-01', to: '2025-09-30' });
    for (const row of all) {
      const one = await ledger().profitAndLoss({
        costCentreId: row.costCentre.id,
        from: '2025-04-01',
        to: '2025-09-30',
      });
      expect(row.totals).toEqual(one.totals);
      expect(row.lastYearTotals).toEqual(one.lastYearTotals);
      expect(row.profitPerPartnerPence).toBe(one.profitPerPartnerPence);
    }
    expect(all.find((r) => r.costCentre.id === centre(1))?.partners).toBe(2);
    const mine = await ledger(org.manager).profitByCostCentre({
      from: '2025-04-01',
      to: '2025-09-30',
    });
    expect(mine.map((r) => r.costCentre.id)).toEqual([centre(0)]);
  });

  it('shows a practice manager their own cost centre only', async () => {
    const mine = await ledger(org.manager).profitAndLoss({
      costCentreId: centre(0),
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(mine.totals.incomePence).toBe(5_000_000);
    const error = await refusal(
      ledger(org.manager).profitAndLoss({
        costCentreId: centre(1),
        from: '2025-04-01',
        to: '2026-03-31',
      }),
    );
    expect(error.code).toBe('not-found');
    expect(
      (await refusal(ledger(org.manager).profitAndLoss({ from: '2025-04-01', to: '2026-03-31' })))
        .errors[0]?.field,
    ).toBe('/costCentreId');
    const rows = await ledger(org.manager).exportJournal({ from: '2024-01-01', to: '2026-12-31' });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.costCentreCode))).toEqual(new Set(['CC0001']));
    const theirs = await ledgerRepository(t.db, {
      principal: other.finance,
      requestId: null,
    }).exportJournal({
      from: '2024-01-01',
      to: '2026-12-31',
    });
    expect(theirs).toEqual([]);
    await expect(
      ledger(org.manager).post({
        entryDate: '2025-08-01',
        description: 'Not mine',
        lines: [line(centre(1), '6020', 100, 0), line(centre(1), '1000', 0, 100)],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const own = await ledger(org.manager).post({
      entryDate: '2025-08-01',
      description: 'Supplies',
      lines: [line(centre(0), '6020', 100, 0), line(centre(0), '1000', 0, 100)],
    });
    expect(own.lines).toHaveLength(2);
  });

  it('always balances, and reversing every entry brings every account back to zero', async () => {
    const fresh = await createFinanceTestOrganisation(t.db, { listSizes: [1, 1] });
    const repo = ledgerRepository(t.db, { principal: fresh.finance, requestId: null });
    const codes = ACCOUNTS.map((a) => a.code);
    const centres = fresh.costCentreIds;
    const entry = fc
      .array(
        fc.tuple(
          fc.constantFrom(...codes),
          fc.constantFrom(...centres),
          fc.integer({ min: 1, max: 10_000_000 }),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .chain((debits) =>
        fc.tuple(fc.constantFrom(...codes), fc.constantFrom(...centres)).map(([code, cc]) => {
          const total = debits.reduce((s, [, , amount]) => s + amount, 0);
          const lines: JournalLine[] = [
            ...debits.map(([c, centreId, amount]) => line(centreId, c, amount, 0)),
            line(cc, code, 0, total),
          ];
          return lines;
        }),
      );
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 3 }), async (entries) => {
        for (const lines of entries) {
          const posted = await repo.post({ entryDate: '2025-10-01', description: 'Random', lines });
          ids.push(posted.id);
        }
        const totals = await ledgerTotals(fresh.orgId);
        expect(totals.debits).toBe(totals.credits);
      }),
      { numRuns: 15 },
    );
    const income = async () =>
      (await repo.profitAndLoss({ from: '2025-04-01', to: '2026-03-31' })).totals;
    for (const id of ids) await repo.reverse(id, { reason: 'Undo' });
    expect(await income()).toEqual({ incomePence: 0, expenditurePence: 0, profitPence: 0 });
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from (
         select cost_centre_id, account_code from journal_line where org_id = $1
          group by cost_centre_id, account_code having sum(debit_pence) <> sum(credit_pence)) x`,
      [fresh.orgId],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
