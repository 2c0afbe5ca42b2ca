import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { paymentsRepository } from './payments.js';

let t: TestDatabase;
let org: FinanceTestOrganisation;
let other: FinanceTestOrganisation;

const scope = (principal: Principal) => ({ principal, requestId: 'r' });
const payments = (principal: Principal) => paymentsRepository(t.db, scope(principal));

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const count = async (table: string, orgId: string) => {
  const { rows } = await t.db.query<{ n: number }>(
    `select count(*)::int as n from ${table} where org_id = $1`,
    [orgId],
  );
  return rows[0]?.n ?? -1;
};
const written = async (orgId: string) => ({
  imports: await count('payment_import', orgId),
  received: await count('received_payment', orgId),
  matches: await count('payment_match', orgId),
});

const csv = (...rows: string[]) => ['Date,Payer,Reference,Amount', ...rows].join('\n');

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000, 5_000] });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
  await t.db.query(
    `update practice_list_size set weighted_list_size = list_size + 1 where org_id = $1`,
    [org.orgId],
  );
});
afterAll(() => t.dispose());

describe('expected payments', () => {
  it('generates a year’s schedule from the contract once; running it again adds nothing', async () => {
    const central = payments(org.finance);
    const first = await central.generateSchedule({
      practiceId: org.practiceIds[0] ?? '',
      financialYear: 2025,
      qofLastYearAchievementPence: 12_000_000,
      qofAchievementPence: 13_000_000,
      enhancedServices: [
        { description: 'Flu', payer: 'Sometown ICB', amountPence: 300_000, dueOn: '2026-01-31' },
      ],
    });
    // 8,001 weighted patients (from the list sizes) x £121.79, the published 2025/26 rate.
    const gs = first.payments.filter((p) => p.kind === 'global-sum');
    expect(gs).toHaveLength(12);
    expect(gs.reduce((s, p) => s + p.amountPence, 0)).toBe(8_001 * 12_179);
    expect(first.payments.filter((p) => p.kind === 'qof-aspiration')).toHaveLength(12);
    expect(first).toMatchObject({ created: 26, existing: 0 });
    expect(gs[0]).toMatchObject({
      payer: 'NHS England',
      reference: 'Y80001-GS-202504',
      owner: null,
      match: null,
    });
    const again = await central.generateSchedule({
      practiceId: org.practiceIds[0] ?? '',
      financialYear: 2025,
      qofLastYearAchievementPence: 12_000_000,
      qofAchievementPence: 13_000_000,
      enhancedServices: [
        { description: 'Flu', payer: 'Sometown ICB', amountPence: 300_000, dueOn: '2026-01-31' },
      ],
    });
    expect(again).toMatchObject({ created: 0, existing: 26 });
    expect(again.payments.map((p) => p.id).sort()).toEqual(first.payments.map((p) => p.id).sort());
    expect(await count('expected_payment', org.orgId)).toBe(26);
  });

  it('asks for what it cannot look up, and refuses anyone but central finance', async () => {
    const central = payments(org.finance);
    const noRate = await refusal(
      central.generateSchedule({ practiceId: org.practiceIds[1] ?? '', financialYear: 2031 }),
    );
    expect(noRate.errors[0]?.field).toBe('/globalSumPencePerWeightedPatient');
    const noList = await refusal(
      central.generateSchedule({
        practiceId: org.practiceIds[1] ?? '',
        financialYear: 2019,
        globalSumPencePerWeightedPatient: 100,
      }),
    );
    expect(noList.errors[0]?.field).toBe('/weightedListSize');
    const otherPractice = await refusal(
      central.generateSchedule({ practiceId: other.practiceIds[0] ?? '', financialYear: 2025 }),
    );
    expect(otherPractice.errors[0]?.field).toBe('/practiceId');
    const manager = await refusal(
      payments(org.manager).generateSchedule({
        practiceId: org.practiceIds[0] ?? '',
        financialYear: 2025,
      }),
    );
    expect(manager.code).toBe('forbidden');
  });

  it('adds a payment by hand, naming a bad field', async () => {
    const central = payments(org.finance);
    const added = await central.addExpected({
      practiceId: org.practiceIds[1] ?? '',
      kind: 'other',
      payer: 'Sometown Council',
      reference: 'SC-77',
      description: 'Health check rebate',
      amountPence: 4_321,
      dueOn: '2025-06-01',
    });
    expect(added).toMatchObject({
      practice: { name: 'Practice 2' },
      amountPence: 4_321,
      reference: 'SC-77',
    });
    const good = {
      practiceId: org.practiceIds[1] ?? '',
      kind: 'other',
      payer: 'x',
      amountPence: 1,
      dueOn: '2025-06-01',
    };
    for (const [change, field] of [
      [{ kind: 'guess' }, '/kind'],
      [{ payer: ' ' }, '/payer'],
      [{ amountPence: 0 }, '/amountPence'],
      [{ amountPence: 1.5 }, '/amountPence'],
      [{ dueOn: '2025-02-30' }, '/dueOn'],
      [{ practiceId: other.practiceIds[0] ?? '' }, '/practiceId'],
    ] as const) {
      expect((await refusal(central.addExpected({ ...good, ...change }))).errors[0]?.field).toBe(
        field,
      );
    }
    expect((await refusal(payments(org.manager).addExpected(good))).code).toBe('forbidden');
  });

  it('shows a practice manager their own practice’s payments only', async () => {
    const mine = await payments(org.manager).listExpected({ from: '2025-01-01', to: '2027-12-31' });
    expect(mine.length).toBe(26);
    expect(new Set(mine.map((p) => p.practice.id))).toEqual(new Set([org.practiceIds[0]]));
    const all = await payments(org.finance).listExpected({ from: '2025-01-01', to: '2027-12-31' });
    expect(all.length).toBe(27);
    expect(
      (
        await refusal(
          payments(org.manager).listExpected({
            from: '2025-01-01',
            to: '2027-12-31',
            practiceId: org.practiceIds[1],
          }),
        )
      ).code,
    ).toBe('not-found');
    const theirs = await payments(other.finance).listExpected({
      from: '2025-01-01',
      to: '2027-12-31',
    });
    expect(theirs).toEqual([]);
  });
});

describe('importing a statement', () => {
  it('matches by reference, then by amount, payer and date, and leaves the rest for review', async () => {
    const central = payments(org.finance);
    const [april, may] = (
      await central.listExpected({ from: '2025-04-01', to: '2025-05-31' })
    ).filter((p) => p.kind === 'global-sum');
    const result = await central.importStatement({
      fileName: 'april.csv',
      csv: csv(
        `30/04/2025,NHS ENGLAND,BACS ${april?.reference ?? ''},${String((april?.amountPence ?? 0) / 100)}`,
        `2025-06-02,nhs england,,${String((may?.amountPence ?? 0) / 100)}`,
        '2025-06-03,Mystery Ltd,XYZ,"£1,000.00"',
        '2025-06-04,Sometown Council,,43.21',
      ),
    });
    expect(result).toMatchObject({
      import: { fileName: 'april.csv', rowCount: 4 },
      matched: 3,
      forReview: 1,
    });
    expect(result.matches.map((m) => [m.row, m.expectedPaymentId, m.rule])).toEqual([
      [2, april?.id, 'reference'],
      [3, may?.id, 'amount-payer-date'],
      [5, expect.any(String) as string, 'amount-payer-date'],
    ]);
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where org_id = $1 and action = 'payment-import.create'`,
      [org.orgId],
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses a statement with a bad row, listing the rows, writing nothing', async () => {
    const central = payments(org.finance);
    const before = await written(org.orgId);
    const bad = await refusal(
      central.importStatement({
        csv: csv(
          '2025-06-03,Mystery Ltd,XYZ,1000.00',
          '2025-06-31,Mystery Ltd,XYZ,1',
          '2025-06-03,,XYZ,1',
        ),
      }),
    );
    expect(bad.code).toBe('validation-failed');
    expect(bad.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Row 3, date: /) as unknown as string,
      'Row 4, payer: The payer is empty',
    ]);
    expect(await written(org.orgId)).toEqual(before);
  });

  it('imports a statement once: identical text again is a conflict that writes nothing', async () => {
    const central = payments(other.finance);
    const text = csv('2025-07-01,Someone,R1,10.00', '2025-07-02,Someone,R2,20.00');
    await central.importStatement({ fileName: 'july.csv', csv: text });
    const before = await written(other.orgId);
    const again = await refusal(central.importStatement({ fileName: 'july-copy.csv', csv: text }));
    expect(again.code).toBe('conflict');
    expect(again.detail).toContain('july.csv');
    expect(await written(other.orgId)).toEqual(before);
    // A statement of the same rows but one more is a different statement.
    await central.importStatement({ csv: `${text}\n2025-07-03,Someone,R3,30.00` });
    expect((await written(other.orgId)).received).toBe(before.received + 3);
    expect((await refusal(payments(org.manager).importStatement({ csv: text }))).code).toBe(
      'forbidden',
    );
  });

  it('is all or nothing, whatever the statement (property)', async () => {
    const central = payments(other.finance);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            amount: fc.integer({ min: -99_999, max: 99_999 }).filter((n) => n !== 0),
            bad: fc.constantFrom(null, null, null, 'date', 'amount', 'payer'),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (rows) => {
          run += 1;
          const lines = rows.map((r, i) => {
            const date =
              r.bad === 'date'
                ? `2025-02-${String(29 + (i % 3))}`
                : `2025-08-${String(r.day).padStart(2, '0')}`;
            const payer = r.bad === 'payer' ? '' : `Payer ${String(i)}`;
            const amount = r.bad === 'amount' ? '1.234' : (r.amount / 100).toFixed(2);
            return `${date},${payer},RUN-${String(run)}-${String(i)},${amount}`;
          });
          const before = await written(other.orgId);
          const anyBad = rows.some((r) => r.bad !== null);
          if (anyBad) {
            const error = await refusal(central.importStatement({ csv: csv(...lines) }));
            expect(error.code).toBe('validation-failed');
            expect(error.errors.length).toBe(rows.filter((r) => r.bad !== null).length);
            expect(await written(other.orgId)).toEqual(before);
          } else {
            const result = await central.importStatement({ csv: csv(...lines) });
            expect(result.import.rowCount).toBe(rows.length);
            const after = await written(other.orgId);
            expect(after.imports).toBe(before.imports + 1);
            expect(after.received).toBe(before.received + rows.length);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('review, matching by hand, ageing and chasing', () => {
  it('lists the unmatched with candidates; matches only equal amounts; unmatches', async () => {
    const central = payments(org.finance);
    const queue = await central.reviewQueue();
    const mystery = queue.payments.find((p) => p.payer === 'Mystery Ltd');
    expect(mystery).toMatchObject({
      amountPence: 100_000,
      row: 4,
      fileName: 'april.csv',
      candidates: [],
    });
    expect(mystery?.reason).toMatch(/No expected payment/);
    // Somebody expected it after all: now it is a candidate, not matched behind anyone's back.
    const owed = await central.addExpected({
      practiceId: org.practiceIds[2] ?? '',
      kind: 'training-grant',
      payer: 'Mystery Ltd',
      amountPence: 100_000,
      dueOn: '2025-05-20',
    });
    const later = (await central.reviewQueue()).payments.find((p) => p.id === mystery?.id);
    expect(later?.candidates.map((c) => c.id)).toEqual([owed.id]);
    expect(later?.reason).toMatch(/confirm/);
    const [wrong] = (
      await central.listExpected({ from: '2025-06-01', to: '2025-06-30', status: 'outstanding' })
    ).filter((p) => p.kind === 'global-sum');
    const differ = await refusal(
      central.match({ receivedPaymentId: mystery?.id ?? '', expectedPaymentId: wrong?.id ?? '' }),
    );
    expect(differ.code).toBe('conflict');
    expect(differ.detail).toContain('amounts differ');
    const match = await central.match({
      receivedPaymentId: mystery?.id ?? '',
      expectedPaymentId: owed.id,
    });
    expect(match).toMatchObject({ rule: 'manual', receivedOn: '2025-06-03' });
    expect((await central.reviewQueue()).payments.some((p) => p.id === mystery?.id)).toBe(false);
    const twice = await refusal(
      central.match({ receivedPaymentId: mystery?.id ?? '', expectedPaymentId: owed.id }),
    );
    expect(twice.code).toBe('conflict');
    expect(
      (await refusal(central.match({ receivedPaymentId: owed.id, expectedPaymentId: owed.id })))
        .code,
    ).toBe('not-found');
    await central.unmatch(match.id);
    expect((await central.reviewQueue()).payments.some((p) => p.id === mystery?.id)).toBe(true);
    expect((await refusal(central.unmatch(match.id))).code).toBe('not-found');
    expect((await refusal(payments(org.manager).reviewQueue())).code).toBe('forbidden');
    expect((await refusal(payments(org.manager).unmatch(match.id))).code).toBe('forbidden');
    expect((await refusal(payments(other.finance).unmatch(match.id))).code).toBe('not-found');
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where org_id = $1 and entity_id = $2 order by id`,
      [org.orgId, match.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['payment-match.create', 'payment-match.delete']);
  });

  it('ages what is overdue by bucket per practice, shrinks as payments match, for the reach', async () => {
    const central = payments(org.finance);
    const on = '2025-09-15';
    const report = await central.ageing({ on });
    // Overdue on 15 September: practice 1's global sum and aspiration not received, and
    // practice 3's grant; practice 2's rebate came in June.
    expect(report.items.every((i) => i.dueOn < on && i.match === null)).toBe(true);
    expect(report.total.count).toBe(report.items.length);
    const sum = report.items.reduce((s, i) => s + i.amountPence, 0);
    expect(report.total.totalPence).toBe(sum);
    expect(Object.values(report.total.buckets).reduce((a, b) => a + b, 0)).toBe(sum);
    expect(report.practices.map((p) => p.practice.name)).toEqual(['Practice 1', 'Practice 3']);
    const grant = report.items.find((i) => i.kind === 'training-grant');
    expect(grant).toMatchObject({
      daysOverdue: 118,
      bucket: 'over-90',
      owner: null,
      lastChase: null,
    });
    expect(report.practices[1]?.buckets).toEqual({
      '1-30': 0,
      '31-60': 0,
      '61-90': 0,
      'over-90': 100_000,
    });
    const aug = report.items.find((i) => i.reference === 'Y80001-GS-202508');
    expect(aug).toMatchObject({ daysOverdue: 15, bucket: '1-30' });
    // The manager sees practice 1's only.
    const mine = await payments(org.manager).ageing({ on });
    expect(new Set(mine.items.map((i) => i.practice.id))).toEqual(new Set([org.practiceIds[0]]));
    expect(mine.practices).toHaveLength(1);
    expect(
      (await refusal(payments(org.manager).ageing({ on, practiceId: org.practiceIds[1] }))).code,
    ).toBe('not-found');
    // A statement paying August's global sum takes it off the list.
    await central.importStatement({
      csv: csv(
        `2025-09-01,NHS England,${aug?.reference ?? ''},${((aug?.amountPence ?? 0) / 100).toFixed(2)}`,
      ),
    });
    const after = await central.ageing({ on });
    expect(after.items.some((i) => i.id === aug?.id)).toBe(false);
    expect(after.total.totalPence).toBe(report.total.totalPence - (aug?.amountPence ?? 0));
    expect((await payments(other.finance).ageing({ on })).items.some((i) => i.id === aug?.id)).toBe(
      false,
    );
  });

  it('gives overdue payments an owner and a chase log; a manager reads their own', async () => {
    const central = payments(org.finance);
    const [overdue] = (await central.ageing({ on: '2025-09-15', practiceId: org.practiceIds[0] }))
      .items;
    const id = overdue?.id ?? '';
    const manager = await t.db.query<{ id: string }>(
      `insert into role_grant (org_id, user_id, role, practice_id) values ($1, $2, 'practice-manager', $3)
       returning user_id as id`,
      [org.orgId, org.manager.userId, org.practiceIds[0]],
    );
    const owned = await central.setOwner(id, { ownerId: manager.rows[0]?.id ?? '' });
    expect(owned.owner).toMatchObject({ id: org.manager.userId, name: 'Test User' });
    // Practice 2's payment cannot be given to practice 1's manager.
    const rebate = (await central.listExpected({ from: '2025-06-01', to: '2025-06-01' }))[0];
    expect(
      (await refusal(central.setOwner(rebate?.id ?? '', { ownerId: org.manager.userId }))).errors[0]
        ?.field,
    ).toBe('/ownerId');
    expect((await central.setOwner(id, { ownerId: null })).owner).toBeNull();
    const chase = await central.recordChase(id, {
      method: 'email',
      note: 'Asked NHSE payments',
      chasedOn: '2025-09-10',
      nextActionOn: '2025-09-24',
    });
    expect(chase).toMatchObject({
      method: 'email',
      nextActionOn: '2025-09-24',
      chasedBy: { id: org.finance.userId },
    });
    await central.recordChase(id, {
      method: 'phone',
      chasedOn: '2025-09-12',
      nextActionOn: '2025-09-30',
    });
    const item = (await central.ageing({ on: '2025-09-15' })).items.find((i) => i.id === id);
    expect(item).toMatchObject({ lastChase: { method: 'phone' }, nextActionOn: '2025-09-30' });
    expect((await payments(org.manager).listChases(id)).map((c) => c.method)).toEqual([
      'phone',
      'email',
    ]);
    expect((await refusal(payments(org.manager).listChases(rebate?.id ?? ''))).code).toBe(
      'not-found',
    );
    expect((await refusal(payments(other.finance).listChases(id))).code).toBe('not-found');
    expect((await refusal(payments(org.manager).recordChase(id, { method: 'email' }))).code).toBe(
      'forbidden',
    );
    for (const [input, field] of [
      [{ method: 'pigeon' }, '/method'],
      [{ method: 'email', chasedOn: '2999-01-01' }, '/chasedOn'],
      [{ method: 'email', chasedOn: '2025-09-10', nextActionOn: '2025-09-01' }, '/nextActionOn'],
      [{ method: 'email', note: 'x'.repeat(1_001) }, '/note'],
    ] as const) {
      expect((await refusal(central.recordChase(id, input))).errors[0]?.field).toBe(field);
    }
    const received = (
      await central.listExpected({ from: '2025-04-01', to: '2025-04-30', status: 'received' })
    )[0];
    expect((await refusal(central.recordChase(received?.id ?? '', { method: 'email' }))).code).toBe(
      'conflict',
    );
  });
});
