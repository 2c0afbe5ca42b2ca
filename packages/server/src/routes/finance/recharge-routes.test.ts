import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { unscopedAccountRepository } from '@atscale/db';
import { createFinanceTestOrganisation, type FinanceTestOrganisation } from '@atscale/db/testing';
import type { RoleGrant } from '@atscale/domain';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

// Budgets (FIN-1), recharges (FIN-5) and profit parity (FIN-6) over HTTP: what each route
// answers, who it refuses (another practice, another organisation) and how it names bad input.
let t: TestApp;
let org: FinanceTestOrganisation;
let other: FinanceTestOrganisation;
const cookies = { finance: '', manager: '', secondManager: '', otherFinance: '', clinician: '' };
const nobody = '00000000-0000-4000-8000-000000000001';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

let users = 0;
async function signInAs(orgId: string, grants: RoleGrant[]): Promise<string> {
  users += 1;
  const email = `recharge-${String(users)}@finance.test`;
  await unscopedAccountRepository(t.db).createUser({
    orgId,
    email,
    displayName: 'Recharge Test',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants,
  });
  return t.signIn(email);
}

const send = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  cookie: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const practice = (i: number) => org.practiceIds[i] ?? '';
const centre = (i: number) => org.costCentreIds[i] ?? '';

beforeAll(async () => {
  t = await createTestApp();
  // A federation: its members are separate businesses, so recharges can bear VAT.
  org = await createFinanceTestOrganisation(t.db, {
    listSizes: [8_000, 12_000, 5_000],
    form: 'federation',
  });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
  cookies.finance = await signInAs(org.orgId, [{ role: 'central-finance', practiceId: null }]);
  cookies.manager = await signInAs(org.orgId, [
    { role: 'practice-manager', practiceId: practice(0) },
  ]);
  cookies.secondManager = await signInAs(org.orgId, [
    { role: 'practice-manager', practiceId: practice(2) },
  ]);
  cookies.clinician = await signInAs(org.orgId, [{ role: 'clinician', practiceId: practice(0) }]);
  cookies.otherFinance = await signInAs(other.orgId, [
    { role: 'central-finance', practiceId: null },
  ]);
});
afterAll(() => t.close());

describe('recharge routes (FIN-5)', () => {
  let agreementId = '';
  let invoiceId = '';

  it('agrees a service, records usage, invoices the month once with VAT per line, and is paid', async () => {
    const made = await send('POST', '/api/finance/recharge-agreements', cookies.finance, {
      providerPracticeId: practice(1),
      recipientPracticeId: practice(0),
      serviceName: 'Anticoagulation clinic',
      unit: 'appointment',
      unitPricePence: 1_251,
      vatTreatment: 'standard',
      startsOn: '2026-04-01',
    });
    expect(made.statusCode, made.body).toBe(201);
    agreementId = made.json<{ id: string }>().id;
    for (const [usedOn, quantity] of [
      ['2026-04-07', 3],
      ['2026-04-21', 4],
    ] as const) {
      const usage = await send(
        'POST',
        `/api/finance/recharge-agreements/${agreementId}/usage`,
        cookies.finance,
        { usedOn, quantity },
      );
      expect(usage.statusCode, usage.body).toBe(201);
    }
    const run = await send('POST', '/api/finance/recharge-runs', cookies.finance, {
      month: '2026-04',
      issuedOn: '2026-05-01',
    });
    expect(run.statusCode, run.body).toBe(201);
    const result = run.json<{
      created: number;
      invoices: { id: string; invoiceNumber: string; netPence: number; vatPence: number }[];
      totals: { grossPence: number };
    }>();
    // 7 x £12.51 = £87.57; VAT 1,751.4p -> £17.51 on the line.
    expect(result.created).toBe(1);
    expect(result.invoices[0]).toMatchObject({
      invoiceNumber: 'RCH-2026-00001',
      netPence: 8_757,
      vatPence: 1_751,
    });
    expect(result.totals.grossPence).toBe(10_508);
    invoiceId = result.invoices[0]?.id ?? '';
    const again = await send('POST', '/api/finance/recharge-runs', cookies.finance, {
      month: '2026-04',
      issuedOn: '2026-05-02',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ created: number; invoices: unknown[] }>()).toMatchObject({
      created: 0,
      invoices: [{ id: invoiceId }],
    });
    const detail = await send(
      'GET',
      `/api/finance/recharge-invoices/${invoiceId}`,
      cookies.manager,
    );
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      lines: [{ quantity: 7, unitPricePence: 1_251, vatTreatment: 'standard', vatPence: 1_751 }],
    });
    const print = await send(
      'GET',
      `/api/finance/recharge-invoices/${invoiceId}/print`,
      cookies.manager,
    );
    expect(print.headers['content-type']).toMatch(/text\/html/);
    expect(print.body).toContain('RCH-2026-00001');
    expect(print.body).toContain('£17.51');
    expect(print.body).toContain('£105.08');
    const usage = await send(
      'GET',
      `/api/finance/recharge-agreements/${agreementId}/usage`,
      cookies.manager,
    );
    expect(
      usage.json<{ usage: { invoiceNumber: string }[] }>().usage.map((u) => u.invoiceNumber),
    ).toEqual(['RCH-2026-00001', 'RCH-2026-00001']);
    const invoiced = usage.json<{ usage: { id: string }[] }>().usage[0]?.id ?? '';
    const remove = (id: string, cookie = cookies.finance) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/finance/recharge-agreements/${agreementId}/usage/${id}`,
        headers: { cookie },
      });
    expect((await remove(invoiced)).statusCode).toBe(409);
    expect((await remove(invoiced, cookies.manager)).statusCode).toBe(403);
    expect((await remove(invoiced, cookies.otherFinance)).statusCode).toBe(404);
    expect((await remove(nobody)).statusCode).toBe(404);
    const paid = await send(
      'POST',
      `/api/finance/recharge-invoices/${invoiceId}/paid`,
      cookies.finance,
      {
        paidOn: '2026-05-20',
      },
    );
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-05-20' });
    const twice = await send(
      'POST',
      `/api/finance/recharge-invoices/${invoiceId}/paid`,
      cookies.finance,
      {
        paidOn: '2026-05-21',
      },
    );
    expect(twice.statusCode).toBe(409);
    const ended = await send(
      'POST',
      `/api/finance/recharge-agreements/${agreementId}/end`,
      cookies.finance,
      {
        endsOn: '2026-04-30',
      },
    );
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ endsOn: '2026-04-30' });
  });

  it('refuses another practice and another organisation on every recharge route', async () => {
    const reads = ['/api/finance/recharge-agreements', '/api/finance/recharge-invoices'];
    for (const url of reads) {
      const theirs = await send('GET', url, cookies.secondManager);
      expect(theirs.statusCode, url).toBe(200);
      expect(theirs.body).not.toContain(agreementId);
      expect(theirs.body).not.toContain(invoiceId);
      const foreign = await send('GET', url, cookies.otherFinance);
      expect(foreign.statusCode).toBe(200);
      expect(foreign.body).not.toContain(practice(0));
      expect((await send('GET', url, cookies.clinician)).statusCode).toBe(403);
      expect((await send('GET', url, cookies.manager)).body).toContain(practice(0));
    }
    const notFound: [string, string, object | undefined][] = [
      ['GET', `/api/finance/recharge-agreements/${agreementId}/usage`, undefined],
      ['GET', `/api/finance/recharge-invoices/${invoiceId}`, undefined],
      ['GET', `/api/finance/recharge-invoices/${invoiceId}/print`, undefined],
    ];
    for (const [method, url] of notFound) {
      for (const cookie of [cookies.secondManager, cookies.otherFinance]) {
        const response = await send(method as 'GET', url, cookie);
        expect(response.statusCode, url).toBe(404);
        expect(response.body).not.toContain('RCH-2026');
      }
    }
    const writes: [string, object][] = [
      [`/api/finance/recharge-agreements/${agreementId}/end`, { endsOn: '2026-05-31' }],
      [
        `/api/finance/recharge-agreements/${agreementId}/usage`,
        { usedOn: '2026-04-30', quantity: 1 },
      ],
      [`/api/finance/recharge-invoices/${invoiceId}/paid`, { paidOn: '2026-06-01' }],
    ];
    for (const [url, payload] of writes) {
      expect((await send('POST', url, cookies.manager, payload)).statusCode, url).toBe(403);
      expect((await send('POST', url, cookies.otherFinance, payload)).statusCode, url).toBe(404);
    }
    const agreement = {
      providerPracticeId: practice(1),
      recipientPracticeId: practice(0),
      serviceName: 'Theirs',
      unit: 'session',
      unitPricePence: 100,
      vatTreatment: 'exempt',
      startsOn: '2026-04-01',
    };
    expect(
      (await send('POST', '/api/finance/recharge-agreements', cookies.manager, agreement))
        .statusCode,
    ).toBe(403);
    const foreign = await send(
      'POST',
      '/api/finance/recharge-agreements',
      cookies.otherFinance,
      agreement,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<Problem>().errors?.[0]?.field).toBe('body/providerPracticeId');
    expect(
      (await send('POST', '/api/finance/recharge-runs', cookies.manager, { month: '2026-04' }))
        .statusCode,
    ).toBe(403);
    const otherRun = await send('POST', '/api/finance/recharge-runs', cookies.otherFinance, {
      month: '2026-04',
      issuedOn: '2026-05-01',
    });
    expect(otherRun.statusCode).toBe(200);
    expect(otherRun.json()).toMatchObject({ created: 0, invoices: [] });
  });

  it('names the field of bad input on every recharge route', async () => {
    const cases: ['GET' | 'POST', string, object | undefined, string][] = [
      [
        'POST',
        '/api/finance/recharge-agreements',
        {
          providerPracticeId: practice(1),
          recipientPracticeId: practice(1),
          serviceName: 'Self',
          unit: 'hour',
          unitPricePence: 100,
          vatTreatment: 'exempt',
          startsOn: '2026-04-01',
        },
        'body/recipientPracticeId',
      ],
      [
        'POST',
        '/api/finance/recharge-agreements',
        {
          providerPracticeId: practice(1),
          recipientPracticeId: practice(0),
          serviceName: 'Pounds',
          unit: 'hour',
          unitPricePence: 12.5,
          vatTreatment: 'exempt',
          startsOn: '2026-04-01',
        },
        'body/unitPricePence',
      ],
      [
        'POST',
        '/api/finance/recharge-agreements',
        {
          providerPracticeId: practice(1),
          recipientPracticeId: practice(0),
          serviceName: 'Odd unit',
          unit: 'Hours!',
          unitPricePence: 100,
          vatTreatment: 'exempt',
          startsOn: '2026-04-01',
        },
        'body/unit',
      ],
      [
        'POST',
        '/api/finance/recharge-agreements',
        {
          providerPracticeId: practice(1),
          recipientPracticeId: practice(0),
          serviceName: 'Backwards',
          unit: 'hour',
          unitPricePence: 100,
          vatTreatment: 'exempt',
          startsOn: '2026-04-01',
          endsOn: '2026-03-01',
        },
        'body/endsOn',
      ],
      [
        'POST',
        `/api/finance/recharge-agreements/${agreementId}/usage`,
        { usedOn: '2026-05-01', quantity: 1 },
        'body/usedOn',
      ],
      [
        'POST',
        `/api/finance/recharge-agreements/${agreementId}/usage`,
        { usedOn: '2026-04-10', quantity: 0 },
        'body/quantity',
      ],
      [
        'POST',
        `/api/finance/recharge-agreements/${agreementId}/usage`,
        { usedOn: '2026-02-30', quantity: 1 },
        'body/usedOn',
      ],
      [
        'POST',
        `/api/finance/recharge-agreements/${agreementId}/end`,
        { endsOn: '2026-02-30' },
        'body/endsOn',
      ],
      ['POST', '/api/finance/recharge-runs', { month: '2026-13' }, 'body/month'],
      [
        'POST',
        '/api/finance/recharge-runs',
        { month: '2026-05', issuedOn: '2026-04-30' },
        'body/issuedOn',
      ],
      [
        'POST',
        `/api/finance/recharge-invoices/${invoiceId}/paid`,
        { paidOn: 'yesterday' },
        'body/paidOn',
      ],
      ['GET', '/api/finance/recharge-invoices?month=2026-00', undefined, 'querystring/month'],
      ['GET', '/api/finance/recharge-agreements?on=2026-02-30', undefined, 'querystring/on'],
      [
        'GET',
        `/api/finance/recharge-agreements/${agreementId}/usage?from=2026-05-01&to=2026-04-01`,
        undefined,
        'querystring/to',
      ],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await send(method, url, cookies.finance, payload);
      expect(response.statusCode, `${url} ${response.body}`).toBe(400);
      const problem = response.json<Problem>();
      expect(`${problem.detail} ${JSON.stringify(problem.errors)}`, url).toContain(field);
    }
    for (const url of [
      `/api/finance/recharge-agreements/${nobody}/usage`,
      `/api/finance/recharge-invoices/${nobody}`,
    ]) {
      expect((await send('GET', url, cookies.finance)).statusCode).toBe(404);
    }
    const missing = await send(
      'POST',
      `/api/finance/recharge-agreements/${nobody}/usage`,
      cookies.finance,
      {
        usedOn: '2026-04-10',
        quantity: 1,
      },
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('budget routes (FIN-1)', () => {
  it('sets and reads a budget, shows it in profit and loss, and refuses others', async () => {
    const put = await send('PUT', '/api/finance/budgets', cookies.finance, {
      costCentreId: centre(0),
      financialYear: 2026,
      lines: [
        { accountCode: '4000', amountPence: 36_500_000 },
        { accountCode: '5000', amountPence: 18_250_000 },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ totals: { profitPence: 18_250_000 }, label: '2026/27' });
    const url = `/api/finance/budgets?costCentreId=${centre(0)}&financialYear=2026`;
    const mine = await send('GET', url, cookies.manager);
    expect(mine.statusCode).toBe(200);
    expect(mine.json<{ lines: unknown[] }>().lines).toHaveLength(2);
    expect((await send('GET', url, cookies.secondManager)).statusCode).toBe(404);
    expect((await send('GET', url, cookies.otherFinance)).statusCode).toBe(404);
    expect((await send('GET', url, cookies.clinician)).statusCode).toBe(403);
    const pl = await send(
      'GET',
      `/api/finance/profit-and-loss?costCentreId=${centre(0)}&from=2026-04-01&to=2026-04-30`,
      cookies.manager,
    );
    expect(pl.statusCode, pl.body).toBe(200);
    // The recharge of April 2026 is the recipient's cost (6050); the budget is April's share.
    expect(pl.json()).toMatchObject({
      budgetTotals: { incomePence: 3_000_000, expenditurePence: 1_500_000 },
    });
    const summary = await send(
      'GET',
      '/api/finance/profit-by-cost-centre?from=2026-04-01&to=2027-03-31',
      cookies.finance,
    );
    expect(
      summary
        .json<{ costCentres: { costCentre: { id: string }; budgetTotals: unknown }[] }>()
        .costCentres.find((c) => c.costCentre.id === centre(0))?.budgetTotals,
    ).toMatchObject({ incomePence: 36_500_000 });
    const body = { costCentreId: centre(0), financialYear: 2026, lines: [] };
    expect((await send('PUT', '/api/finance/budgets', cookies.manager, body)).statusCode).toBe(403);
    const foreign = await send('PUT', '/api/finance/budgets', cookies.otherFinance, body);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<Problem>().errors?.[0]?.field).toBe('body/costCentreId');
  });

  it('names the field of bad budget input', async () => {
    const cases: ['GET' | 'PUT', string, object | undefined, string][] = [
      [
        'PUT',
        '/api/finance/budgets',
        {
          costCentreId: centre(0),
          financialYear: 2026,
          lines: [{ accountCode: '1000', amountPence: 1 }],
        },
        'body/lines/0/accountCode',
      ],
      [
        'PUT',
        '/api/finance/budgets',
        {
          costCentreId: centre(0),
          financialYear: 2026,
          lines: [{ accountCode: '4000', amountPence: 1.5 }],
        },
        'body/lines/0/amountPence',
      ],
      [
        'PUT',
        '/api/finance/budgets',
        {
          costCentreId: centre(0),
          financialYear: 2026,
          lines: [
            { accountCode: '4000', amountPence: 1 },
            { accountCode: '4000', amountPence: 2 },
          ],
        },
        'body/lines/1/accountCode',
      ],
      [
        'PUT',
        '/api/finance/budgets',
        { costCentreId: centre(0), financialYear: 1999, lines: [] },
        'body/financialYear',
      ],
      [
        'GET',
        `/api/finance/budgets?costCentreId=${centre(0)}&financialYear=26`,
        undefined,
        'querystring/financialYear',
      ],
      ['GET', '/api/finance/budgets?financialYear=2026', undefined, 'querystring/costCentreId'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await send(method, url, cookies.finance, payload);
      expect(response.statusCode, `${url} ${response.body}`).toBe(400);
      const problem = response.json<Problem>();
      expect(`${problem.detail} ${JSON.stringify(problem.errors)}`).toContain(field);
    }
    const nothing = await send(
      'GET',
      `/api/finance/budgets?costCentreId=${nobody}&financialYear=2026`,
      cookies.finance,
    );
    expect(nothing.statusCode).toBe(404);
  });
});

describe('parity route (FIN-6)', () => {
  it('plans the glide path from the ledger, with transfers summing to zero, and a what-if for N', async () => {
    await t.db.query(
      `insert into staff_member (org_id, full_name, staff_role, grade, employing_body, home_practice_id)
       values ($1, 'Dr P', 'gp', 'equity-partner', 'self-employed', $2),
              ($1, 'Dr Q', 'gp', 'equity-partner', 'self-employed', $3)`,
      [org.orgId, practice(1), practice(2)],
    );
    const entry = await send('POST', '/api/finance/journal-entries', cookies.finance, {
      entryDate: '2026-06-01',
      description: 'Global sum',
      lines: [
        { costCentreId: centre(2), accountCode: '1000', debitPence: 1_000_000, creditPence: 0 },
        { costCentreId: centre(2), accountCode: '4000', debitPence: 0, creditPence: 1_000_000 },
      ],
    });
    expect(entry.statusCode, entry.body).toBe(201);
    for (const years of [1, 2, 5]) {
      const plan = await send(
        'GET',
        `/api/finance/parity?financialYear=2026&years=${String(years)}`,
        cookies.finance,
      );
      expect(plan.statusCode, plan.body).toBe(200);
      const body = plan.json<{
        markPence: number;
        path: { sumPence: number; transfers: { transferPence: number }[] }[];
        centres: { profitPerPartnerByYearPence: number[] }[];
      }>();
      expect(body.path).toHaveLength(years);
      for (const year of body.path) {
        expect(year.transfers.reduce((s, x) => s + x.transferPence, 0)).toBe(0);
        expect(year.sumPence).toBe(0);
      }
      for (const c of body.centres) {
        expect(c.profitPerPartnerByYearPence).toHaveLength(years + 1);
        expect(
          Math.abs((c.profitPerPartnerByYearPence.at(-1) ?? 0) - body.markPence),
        ).toBeLessThanOrEqual(1);
      }
    }
    const url = '/api/finance/parity?financialYear=2026&years=2';
    expect((await send('GET', url, cookies.manager)).statusCode).toBe(403);
    expect((await send('GET', url, cookies.clinician)).statusCode).toBe(403);
    const foreign = await send('GET', url, cookies.otherFinance);
    expect(foreign.statusCode).toBe(409); // no partners of its own; nothing of ours
    expect(foreign.body).not.toContain(centre(1));
    for (const [query, field] of [
      ['financialYear=2026&years=0', 'querystring/years'],
      ['financialYear=2026&years=21', 'querystring/years'],
      ['financialYear=2026&years=2.5', 'querystring/years'],
      ['financialYear=26&years=2', 'querystring/financialYear'],
      ['years=2', 'querystring/financialYear'],
    ] as const) {
      const response = await send('GET', `/api/finance/parity?${query}`, cookies.finance);
      expect(response.statusCode, query).toBe(400);
      expect(response.body).toContain(field);
    }
  });
});
