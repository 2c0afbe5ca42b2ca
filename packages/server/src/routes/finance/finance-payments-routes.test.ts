import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { unscopedAccountRepository } from '@atscale/db';
import { createFinanceTestOrganisation, type FinanceTestOrganisation } from '@atscale/db/testing';
import type { RoleGrant } from '@atscale/domain';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let org: FinanceTestOrganisation;
let other: FinanceTestOrganisation;
const cookies = { finance: '', managerA: '', managerB: '', otherFinance: '', clinician: '' };
let managerAId = '';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Expected {
  id: string;
  kind: string;
  reference: string | null;
  amountPence: number;
  dueOn: string;
  practice: { id: string; name: string };
}
interface Ageing {
  items: (Expected & { bucket: string })[];
  practices: { practice: { id: string } }[];
  total: { totalPence: number; count: number };
}

let users = 0;
async function signInAs(orgId: string, grants: RoleGrant[]): Promise<string> {
  users += 1;
  const email = `payments-${String(users)}@finance.test`;
  await unscopedAccountRepository(t.db).createUser({
    orgId,
    email,
    displayName: `Payments Test ${String(users)}`,
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants,
  });
  return t.signIn(email);
}

const send = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const csv = (...rows: string[]) => ['date,payer,reference,amount', ...rows].join('\r\n');
const pounds = (pence: number) => (pence / 100).toFixed(2);
const practiceA = () => org.practiceIds[0] ?? '';
const practiceB = () => org.practiceIds[1] ?? '';
const nobody = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await createTestApp();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000] });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
  cookies.finance = await signInAs(org.orgId, [{ role: 'central-finance', practiceId: null }]);
  cookies.managerA = await signInAs(org.orgId, [
    { role: 'practice-manager', practiceId: practiceA() },
  ]);
  cookies.managerB = await signInAs(org.orgId, [
    { role: 'practice-manager', practiceId: practiceB() },
  ]);
  cookies.clinician = await signInAs(org.orgId, [{ role: 'clinician', practiceId: practiceA() }]);
  cookies.otherFinance = await signInAs(other.orgId, [
    { role: 'central-finance', practiceId: null },
  ]);
  const { rows } = await t.db.query<{ id: string }>(
    `select u.id from app_user u join role_grant g on g.user_id = u.id
      where u.org_id = $1 and g.role = 'practice-manager' and g.practice_id = $2`,
    [org.orgId, practiceA()],
  );
  managerAId = rows[0]?.id ?? '';
  for (const practiceId of [practiceA(), practiceB()]) {
    const schedule = await send(
      'POST',
      '/api/finance/expected-payments/schedule',
      cookies.finance,
      {
        practiceId,
        financialYear: 2025,
        weightedListSize: 9_000,
      },
    );
    expect(schedule.statusCode, schedule.body).toBe(201);
  }
});
afterAll(() => t.close());

const expectedOf = async (cookie: string, query = '') => {
  const answer = await send(
    'GET',
    `/api/finance/expected-payments?from=2025-04-01&to=2026-03-31${query}`,
    cookie,
  );
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<{ payments: Expected[] }>().payments;
};
const ageingOf = async (cookie: string, query = '') => {
  const answer = await send('GET', `/api/finance/payment-ageing?on=2025-10-15${query}`, cookie);
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<Ageing>();
};

describe('payment tracking routes', () => {
  it('generates a schedule once: a second run answers 200 and adds nothing', async () => {
    const again = await send('POST', '/api/finance/expected-payments/schedule', cookies.finance, {
      practiceId: practiceA(),
      financialYear: 2025,
      weightedListSize: 9_000,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, existing: 12 });
    expect(await expectedOf(cookies.finance)).toHaveLength(24);
  });

  it('gives a practice manager of one practice nothing of another practice', async () => {
    const mine = await expectedOf(cookies.managerA);
    expect(mine).toHaveLength(12);
    expect(mine.every((p) => p.practice.id === practiceA())).toBe(true);
    expect(
      (
        await send(
          'GET',
          `/api/finance/expected-payments?from=2025-04-01&to=2026-03-31&practiceId=${practiceB()}`,
          cookies.managerA,
        )
      ).statusCode,
    ).toBe(404);
    const ageing = await ageingOf(cookies.managerA);
    expect(ageing.items.length).toBeGreaterThan(0);
    expect(ageing.items.every((i) => i.practice.id === practiceA())).toBe(true);
    expect(JSON.stringify(ageing)).not.toContain(practiceB());
    expect(
      (await send('GET', `/api/finance/payment-ageing?practiceId=${practiceB()}`, cookies.managerA))
        .statusCode,
    ).toBe(404);
    const theirs = (await expectedOf(cookies.managerB))[0];
    const chases = await send(
      'GET',
      `/api/finance/expected-payments/${theirs?.id ?? ''}/chases`,
      cookies.managerA,
    );
    expect(chases.statusCode).toBe(404);
    expect(chases.body).not.toContain(practiceB());
    // Writing is central finance's: a manager may not import, match, chase or add.
    expect(
      (
        await send('POST', '/api/finance/payment-imports', cookies.managerA, {
          csv: csv('2025-05-01,x,y,1'),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await send('GET', '/api/finance/received-payments/review', cookies.managerA)).statusCode,
    ).toBe(403);
    expect(
      (
        await send(
          'POST',
          `/api/finance/expected-payments/${theirs?.id ?? ''}/chases`,
          cookies.managerA,
          { method: 'email' },
        )
      ).statusCode,
    ).toBe(403);
    expect((await send('GET', '/api/finance/payment-ageing', cookies.clinician)).statusCode).toBe(
      403,
    );
    // Another organisation's central finance sees none of it.
    expect(await expectedOf(cookies.otherFinance)).toEqual([]);
    expect((await ageingOf(cookies.otherFinance)).items).toEqual([]);
  });

  it('refuses a statement with one bad row, listing it, and writes nothing', async () => {
    const before = await ageingOf(cookies.finance);
    const answer = await send('POST', '/api/finance/payment-imports', cookies.finance, {
      fileName: 'bad.csv',
      csv: csv(
        '2025-04-30,NHS England,Y80001-GS-202504,100.00',
        '2025-04-31,NHS England,x,1.00',
        '2025-05-01,NHS England,x,"1,00.00"',
      ),
    });
    expect(answer.statusCode).toBe(400);
    const problem = answer.json<Problem>();
    expect(problem.detail).toContain('2 errors');
    expect(problem.errors).toEqual([
      { field: 'body/csv', message: expect.stringMatching(/^Row 3, date: /) as string },
      {
        field: 'body/csv',
        message: expect.stringMatching(/^Row 4, amount: /) as string,
      },
    ]);
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from received_payment where org_id = $1',
      [org.orgId],
    );
    expect(rows[0]?.n).toBe(0);
    expect(await ageingOf(cookies.finance)).toEqual(before);
  });

  it('matches end to end: import, review, match by hand, and the ageing list shrinks', async () => {
    const before = await ageingOf(cookies.finance);
    const payments = await expectedOf(cookies.finance, `&practiceId=${practiceA()}`);
    const [april, may, june] = payments;
    const text = csv(
      `30/04/2025,NHS ENGLAND,BACS ${april?.reference ?? ''},${pounds(april?.amountPence ?? 0)}`,
      `2025-06-01,NHS England,,${pounds(may?.amountPence ?? 0)}`,
      `2025-07-01,NHSE PCSE,unclear,"£${pounds(june?.amountPence ?? 0)}"`,
    );
    const imported = await send('POST', '/api/finance/payment-imports', cookies.finance, {
      fileName: 'q1.csv',
      csv: text,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    // May's amount is practice B's too: two fit, so it waits for a person; never a guess.
    expect(imported.json()).toMatchObject({ import: { rowCount: 3 }, matched: 1, forReview: 2 });
    const twice = await send('POST', '/api/finance/payment-imports', cookies.finance, {
      fileName: 'q1-again.csv',
      csv: text,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<Problem>().detail).toContain('q1.csv');

    const afterImport = await ageingOf(cookies.finance);
    expect(afterImport.total.totalPence).toBe(before.total.totalPence - (april?.amountPence ?? 0));

    const review = await send('GET', '/api/finance/received-payments/review', cookies.finance);
    expect(review.statusCode, review.body).toBe(200);
    const queue = review.json<{
      total: number;
      payments: { id: string; row: number; candidates: { id: string }[]; reason: string }[];
    }>();
    expect(queue.total).toBe(2);
    const mayRow = queue.payments.find((p) => p.row === 3);
    expect(mayRow?.candidates.map((c) => c.id)).toContain(may?.id);
    expect(mayRow?.reason).toMatch(/More than one/);

    const handAdded = await send('POST', '/api/finance/expected-payments', cookies.finance, {
      practiceId: practiceA(),
      kind: 'other',
      payer: 'NHS England',
      amountPence: 1_234,
      dueOn: '2026-03-31',
    });
    expect(handAdded.statusCode, handAdded.body).toBe(201);
    const wrong = await send('POST', '/api/finance/payment-matches', cookies.finance, {
      receivedPaymentId: mayRow?.id,
      expectedPaymentId: handAdded.json<{ id: string }>().id,
    });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json<Problem>().detail).toContain('amounts differ');
    const matched = await send('POST', '/api/finance/payment-matches', cookies.finance, {
      receivedPaymentId: mayRow?.id,
      expectedPaymentId: may?.id,
    });
    expect(matched.statusCode, matched.body).toBe(201);
    const matchId = matched.json<{ id: string }>().id;
    const afterMatch = await ageingOf(cookies.finance);
    expect(afterMatch.total.count).toBe(afterImport.total.count - 1);
    expect(afterMatch.items.some((i) => i.id === may?.id)).toBe(false);
    expect((await ageingOf(cookies.managerA)).items.some((i) => i.id === may?.id)).toBe(false);

    // Another organisation cannot undo it; undoing it puts May back on the list.
    expect(
      (await send('DELETE', `/api/finance/payment-matches/${matchId}`, cookies.otherFinance))
        .statusCode,
    ).toBe(404);
    expect(
      (await send('DELETE', `/api/finance/payment-matches/${matchId}`, cookies.managerA))
        .statusCode,
    ).toBe(403);
    const undone = await send('DELETE', `/api/finance/payment-matches/${matchId}`, cookies.finance);
    expect(undone.statusCode, undone.body).toBe(200);
    expect((await ageingOf(cookies.finance)).total.count).toBe(afterImport.total.count);
  });

  it('owns and chases an overdue payment; the practice manager reads the chases', async () => {
    const [overdue] = (await ageingOf(cookies.finance, `&practiceId=${practiceA()}`)).items;
    const id = overdue?.id ?? '';
    const owned = await send('PUT', `/api/finance/expected-payments/${id}/owner`, cookies.finance, {
      ownerId: managerAId,
    });
    expect(owned.statusCode, owned.body).toBe(200);
    expect(owned.json()).toMatchObject({ owner: { id: managerAId } });
    const chased = await send(
      'POST',
      `/api/finance/expected-payments/${id}/chases`,
      cookies.finance,
      {
        method: 'phone',
        note: 'Spoke to PCSE',
        chasedOn: '2025-10-01',
        nextActionOn: '2025-10-20',
      },
    );
    expect(chased.statusCode, chased.body).toBe(201);
    const list = await send('GET', `/api/finance/expected-payments/${id}/chases`, cookies.managerA);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ chases: [{ method: 'phone', note: 'Spoke to PCSE' }] });
    const item = (await ageingOf(cookies.managerA)).items.find((i) => i.id === id);
    expect(item).toMatchObject({
      owner: { id: managerAId },
      nextActionOn: '2025-10-20',
      lastChase: { method: 'phone' },
    });
    expect(
      (await send('GET', `/api/finance/expected-payments/${id}/chases`, cookies.managerB))
        .statusCode,
    ).toBe(404);
  });

  it('takes a statement larger than the default body limit', async () => {
    const rows = Array.from(
      { length: 5_000 },
      (_, i) =>
        `2025-08-${String((i % 28) + 1).padStart(2, '0')},Large Payer Limited,LARGE-REFERENCE-${String(i).padStart(6, '0')},${pounds(1_000 + i)}`,
    );
    const text = csv(...rows);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const answer = await send('POST', '/api/finance/payment-imports', cookies.otherFinance, {
      csv: text,
    });
    expect(answer.statusCode, answer.body.slice(0, 300)).toBe(201);
    expect(answer.json()).toMatchObject({
      import: { rowCount: 5_000 },
      matched: 0,
      forReview: 5_000,
    });
  });
});

describe('payment routes with input that fits the schema but not the data', () => {
  const cases: [
    string,
    'GET' | 'POST' | 'PUT' | 'DELETE',
    () => string,
    () => object | undefined,
    number,
    RegExp,
  ][] = [
    [
      'a payment for a practice of nobody',
      'POST',
      () => '/api/finance/expected-payments',
      () => ({
        practiceId: nobody,
        kind: 'other',
        payer: 'x',
        amountPence: 1,
        dueOn: '2025-05-01',
      }),
      400,
      /practiceId/,
    ],
    [
      'a payment due on a day that does not exist',
      'POST',
      () => '/api/finance/expected-payments',
      () => ({
        practiceId: practiceA(),
        kind: 'other',
        payer: 'x',
        amountPence: 1,
        dueOn: '2025-02-30',
      }),
      400,
      /dueOn/,
    ],
    [
      'a payment of another organisation’s practice',
      'POST',
      () => '/api/finance/expected-payments',
      () => ({
        practiceId: other.practiceIds[0],
        kind: 'other',
        payer: 'x',
        amountPence: 1,
        dueOn: '2025-05-01',
      }),
      400,
      /practiceId/,
    ],
    [
      'a list over a period that ends before it starts',
      'GET',
      () => '/api/finance/expected-payments?from=2026-01-01&to=2025-01-01',
      () => undefined,
      400,
      /to/,
    ],
    [
      'a schedule for a year with no published rate',
      'POST',
      () => '/api/finance/expected-payments/schedule',
      () => ({ practiceId: practiceA(), financialYear: 2031, weightedListSize: 1 }),
      400,
      /globalSumPencePerWeightedPatient/,
    ],
    [
      'a schedule with an enhanced service due on no day',
      'POST',
      () => '/api/finance/expected-payments/schedule',
      () => ({
        practiceId: practiceA(),
        financialYear: 2025,
        weightedListSize: 1,
        enhancedServices: [
          { description: 'Flu', payer: 'ICB', amountPence: 5, dueOn: '2025-13-01' },
        ],
      }),
      400,
      /dueOn/,
    ],
    [
      'an owner of a payment of nobody',
      'PUT',
      () => `/api/finance/expected-payments/${nobody}/owner`,
      () => ({ ownerId: null }),
      404,
      /not found/,
    ],
    [
      'an owner who is nobody',
      'PUT',
      () => '/api/finance/expected-payments/PAYMENT/owner',
      () => ({ ownerId: nobody }),
      400,
      /ownerId/,
    ],
    [
      'a chase of a payment of nobody',
      'POST',
      () => `/api/finance/expected-payments/${nobody}/chases`,
      () => ({ method: 'email' }),
      404,
      /not found/,
    ],
    [
      'a chase in the future',
      'POST',
      () => '/api/finance/expected-payments/PAYMENT/chases',
      () => ({ method: 'email', chasedOn: '2999-01-01' }),
      400,
      /chasedOn/,
    ],
    [
      'the chases of a payment of nobody',
      'GET',
      () => `/api/finance/expected-payments/${nobody}/chases`,
      () => undefined,
      404,
      /not found/,
    ],
    [
      'a statement without a header',
      'POST',
      () => '/api/finance/payment-imports',
      () => ({ csv: '2025-05-01,x,y,1' }),
      400,
      /header row/,
    ],
    [
      'a statement with a nil amount',
      'POST',
      () => '/api/finance/payment-imports',
      () => ({ csv: csv('2025-05-01,x,y,0.00') }),
      400,
      /Row 2, amount/,
    ],
    [
      'a match of payments of nobody',
      'POST',
      () => '/api/finance/payment-matches',
      () => ({ receivedPaymentId: nobody, expectedPaymentId: nobody }),
      404,
      /not found/,
    ],
    [
      'undoing a match of nobody',
      'DELETE',
      () => `/api/finance/payment-matches/${nobody}`,
      () => undefined,
      404,
      /not found/,
    ],
    [
      'ageing on a day that does not exist',
      'GET',
      () => '/api/finance/payment-ageing?on=2025-02-30',
      () => undefined,
      400,
      /on/,
    ],
  ];

  it.each(cases)(
    'answers %s with a 4xx that says what is wrong',
    async (_, method, url, body, status, says) => {
      const payment =
        (await expectedOf(cookies.finance, `&practiceId=${practiceB()}`))[0]?.id ?? '';
      const payload = body();
      const answer = await send(
        method,
        url().replace('PAYMENT', payment),
        cookies.finance,
        payload,
      );
      expect(answer.statusCode, answer.body).toBe(status);
      expect(answer.body).toMatch(says);
    },
  );
});
