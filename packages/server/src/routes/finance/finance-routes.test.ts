import fc from 'fast-check';
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
const cookies = { finance: '', manager: '', otherFinance: '', clinician: '' };

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

let users = 0;
async function signInAs(orgId: string, grants: RoleGrant[]): Promise<string> {
  users += 1;
  const email = `finance-${String(users)}@finance.test`;
  await unscopedAccountRepository(t.db).createUser({
    orgId,
    email,
    displayName: 'Finance Test',
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

const settingsFor = (o: FinanceTestOrganisation, change: object = {}) => ({
  basis: 'registered-list',
  frequency: 'quarterly',
  vatTreatment: 'outside-scope',
  invoicePrefix: 'LEVY',
  pencePerPatientPerYear: 200,
  paymentTermsDays: 30,
  standardVatBasisPoints: 2000,
  centralCostCentreId: o.centralCostCentreId,
  ...change,
});

const entry = (costCentreId: string, amount: number, date = '2026-05-01') => ({
  entryDate: date,
  description: 'Global sum',
  lines: [
    { costCentreId, accountCode: '1000', debitPence: amount, creditPence: 0 },
    { costCentreId, accountCode: '4000', debitPence: 0, creditPence: amount },
  ],
});

beforeAll(async () => {
  t = await createTestApp();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000, 5_000] });
  other = await createFinanceTestOrganisation(t.db, { listSizes: [4_000] });
  cookies.finance = await signInAs(org.orgId, [{ role: 'central-finance', practiceId: null }]);
  cookies.manager = await signInAs(org.orgId, [
    { role: 'practice-manager', practiceId: org.practiceIds[0] ?? null },
  ]);
  cookies.clinician = await signInAs(org.orgId, [
    { role: 'clinician', practiceId: org.practiceIds[0] ?? null },
  ]);
  cookies.otherFinance = await signInAs(other.orgId, [
    { role: 'central-finance', practiceId: null },
  ]);
});
afterAll(() => t.close());

describe('finance settings routes', () => {
  it('reads the form’s defaults, saves settings and names a bad field', async () => {
    const defaults = await send('GET', '/api/finance/settings', cookies.manager);
    expect(defaults.statusCode, defaults.body).toBe(200);
    expect(defaults.json()).toMatchObject({ pencePerPatientPerYear: 200, saved: false });
    const saved = await send('PUT', '/api/finance/settings', cookies.finance, settingsFor(org));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, centralCostCentre: { code: 'CENTRAL' } });
    const bad = await send(
      'PUT',
      '/api/finance/settings',
      cookies.finance,
      settingsFor(org, { centralCostCentreId: other.centralCostCentreId }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.field).toBe('body/centralCostCentreId');
    const pounds = await send(
      'PUT',
      '/api/finance/settings',
      cookies.finance,
      settingsFor(org, { pencePerPatientPerYear: 2.5 }),
    );
    expect(pounds.statusCode).toBe(400);
    expect(pounds.json<Problem>().detail).toContain('body/pencePerPatientPerYear');
    const manager = await send('PUT', '/api/finance/settings', cookies.manager, settingsFor(org));
    expect(manager.statusCode).toBe(403);
    expect((await send('GET', '/api/finance/settings', cookies.clinician)).statusCode).toBe(403);
  });
});

describe('ledger routes', () => {
  it('posts, reverses once, and reads profit and loss', async () => {
    const posted = await send(
      'POST',
      '/api/finance/journal-entries',
      cookies.finance,
      entry(org.costCentreIds[0] ?? '', 1_234_567),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json<{ id: string }>().id;
    const pl = () =>
      send(
        'GET',
        `/api/finance/profit-and-loss?costCentreId=${org.costCentreIds[0] ?? ''}&from=2026-04-01&to=2027-03-31`,
        cookies.manager,
      );
    expect((await pl()).json<{ totals: { incomePence: number } }>().totals.incomePence).toBe(
      1_234_567,
    );
    const reversed = await send(
      'POST',
      `/api/finance/journal-entries/${id}/reverse`,
      cookies.finance,
      { reason: 'Wrong month' },
    );
    expect(reversed.statusCode, reversed.body).toBe(201);
    expect((await pl()).json<{ totals: { incomePence: number } }>().totals.incomePence).toBe(0);
    const again = await send(
      'POST',
      `/api/finance/journal-entries/${id}/reverse`,
      cookies.finance,
      { reason: 'Again' },
    );
    expect(again.statusCode).toBe(409);
  });

  it('names the field of bad input: unbalanced, pounds not pence, dates', async () => {
    const unbalanced = entry(org.costCentreIds[0] ?? '', 100);
    const first = unbalanced.lines[1];
    if (first) first.creditPence = 99;
    const response = await send(
      'POST',
      '/api/finance/journal-entries',
      cookies.finance,
      unbalanced,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json<Problem>().errors?.[0]?.field).toBe('body/lines');
    const floats = entry(org.costCentreIds[0] ?? '', 100);
    const line = floats.lines[0];
    if (line) line.debitPence = 1.5;
    const pounds = await send('POST', '/api/finance/journal-entries', cookies.finance, floats);
    expect(pounds.statusCode).toBe(400);
    expect(pounds.json<Problem>().detail).toContain('body/lines/0/debitPence');
    const account = entry(org.costCentreIds[0] ?? '', 100);
    const l0 = account.lines[0];
    if (l0) l0.accountCode = '9999';
    const unknown = await send('POST', '/api/finance/journal-entries', cookies.finance, account);
    expect(unknown.json<Problem>().errors?.[0]?.field).toBe('body/lines/0/accountCode');
    const backwards = await send(
      'GET',
      '/api/finance/profit-and-loss?from=2026-04-01&to=2026-03-01',
      cookies.finance,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<Problem>().errors?.[0]?.field).toBe('querystring/to');
  });

  it('refuses another practice’s cost centre and another organisation’s entries', async () => {
    const theirs = await send(
      'GET',
      `/api/finance/profit-and-loss?costCentreId=${org.costCentreIds[1] ?? ''}&from=2026-04-01&to=2027-03-31`,
      cookies.manager,
    );
    expect(theirs.statusCode).toBe(404);
    const summary = await send(
      'GET',
      '/api/finance/profit-by-cost-centre?from=2026-04-01&to=2027-03-31',
      cookies.manager,
    );
    expect(
      summary
        .json<{ costCentres: { costCentre: { id: string } }[] }>()
        .costCentres.map((c) => c.costCentre.id),
    ).toEqual([org.costCentreIds[0]]);
    const posted = await send(
      'POST',
      '/api/finance/journal-entries',
      cookies.manager,
      entry(org.costCentreIds[1] ?? '', 100),
    );
    expect(posted.statusCode).toBe(403);
    const mine = await send(
      'POST',
      '/api/finance/journal-entries',
      cookies.finance,
      entry(org.costCentreIds[1] ?? '', 777),
    );
    const id = mine.json<{ id: string }>().id;
    expect(
      (await send('GET', `/api/finance/journal-entries/${id}`, cookies.manager)).statusCode,
    ).toBe(404);
    const foreign = await send('GET', `/api/finance/journal-entries/${id}`, cookies.otherFinance);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain(org.costCentreIds[1]);
  });

  it('always balances over HTTP, and reversing everything restores the totals', async () => {
    const fresh = await createFinanceTestOrganisation(t.db, { listSizes: [1, 1] });
    const cookie = await signInAs(fresh.orgId, [{ role: 'central-finance', practiceId: null }]);
    const codes = ['1000', '4000', '4010', '5000', '6000', '2100'];
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...codes),
        fc.constantFrom(...fresh.costCentreIds),
        async (debits, creditCode, centre) => {
          const total = debits.reduce((a, b) => a + b, 0);
          const response = await send('POST', '/api/finance/journal-entries', cookie, {
            entryDate: '2026-06-15',
            description: 'Random',
            lines: [
              ...debits.map((d, i) => ({
                costCentreId: fresh.costCentreIds[i % 2] ?? '',
                accountCode: codes[i % codes.length] ?? '1000',
                debitPence: d,
                creditPence: 0,
              })),
              { costCentreId: centre, accountCode: creditCode, debitPence: 0, creditPence: total },
            ],
          });
          expect(response.statusCode, response.body).toBe(201);
          ids.push(response.json<{ id: string }>().id);
          const csv = await send(
            'GET',
            '/api/finance/ledger/export?from=2026-04-01&to=2027-03-31',
            cookie,
          );
          const [, ...rows] = csv.body.trim().split('\r\n');
          const pence = (text: string | undefined) => Math.round(Number(text || '0') * 100);
          const sums = rows.reduce(
            (s, row) => {
              const cells = row.split(',');
              return { d: s.d + pence(cells[5]), c: s.c + pence(cells[6]) };
            },
            { d: 0, c: 0 },
          );
          expect(sums.d).toBe(sums.c);
        },
      ),
      { numRuns: 10 },
    );
    for (const id of ids) {
      const reversed = await send('POST', `/api/finance/journal-entries/${id}/reverse`, cookie, {
        reason: 'Undo',
      });
      expect(reversed.statusCode).toBe(201);
    }
    const pl = await send(
      'GET',
      '/api/finance/profit-and-loss?from=2026-04-01&to=2027-03-31',
      cookie,
    );
    expect(pl.json<{ totals: object }>().totals).toEqual({
      incomePence: 0,
      expenditurePence: 0,
      profitPence: 0,
    });
  });

  it('exports the journal as CSV, a manager’s only their own cost centre', async () => {
    const csv = await send(
      'GET',
      '/api/finance/ledger/export?from=2026-04-01&to=2027-03-31',
      cookies.manager,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...rows] = csv.body.trim().split('\r\n');
    expect(header).toBe(
      'date,entry id,account code,account name,cost centre,debit,credit,description',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('CC0001 Cost centre 1');
    expect(rows).toContainEqual(
      expect.stringContaining(',1000,Bank,CC0001 Cost centre 1,12345.67,,'),
    );
  });
});

describe('levy routes', () => {
  it('runs a period once, lists invoices by reach, prints one and records payment', async () => {
    const body = { issuedOn: '2026-04-01', financialYear: 2026, periodNumber: 1 };
    const run = await send('POST', '/api/finance/levy-runs', cookies.finance, body);
    expect(run.statusCode, run.body).toBe(201);
    const made = run.json<{ totals: { netPence: number }; invoices: { id: string }[] }>();
    expect(made.totals.netPence).toBe(1_250_000);
    const again = await send('POST', '/api/finance/levy-runs', cookies.finance, body);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ invoices: { id: string }[] }>().invoices.map((i) => i.id)).toEqual(
      made.invoices.map((i) => i.id),
    );
    expect((await send('POST', '/api/finance/levy-runs', cookies.manager, body)).statusCode).toBe(
      403,
    );
    const bad = await send('POST', '/api/finance/levy-runs', cookies.finance, {
      ...body,
      periodNumber: 5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.field).toBe('body/periodNumber');

    const mine = await send('GET', '/api/finance/levy-invoices', cookies.manager);
    const invoices = mine.json<{
      invoices: { id: string; practice: { id: string }; invoiceNumber: string }[];
    }>().invoices;
    expect(invoices.map((i) => i.practice.id)).toEqual([org.practiceIds[0]]);
    const [own] = invoices;
    const printed = await send(
      'GET',
      `/api/finance/levy-invoices/${own?.id ?? ''}/print`,
      cookies.manager,
    );
    expect(printed.statusCode).toBe(200);
    expect(printed.headers['content-type']).toMatch(/text\/html/);
    expect(printed.body).toContain(own?.invoiceNumber ?? 'missing');
    expect(printed.body).toContain('£4,000.00');
    const theirs = made.invoices.find((i) => i.id !== own?.id);
    expect(
      (await send('GET', `/api/finance/levy-invoices/${theirs?.id ?? ''}`, cookies.manager))
        .statusCode,
    ).toBe(404);
    expect(
      (await send('GET', `/api/finance/levy-invoices/${own?.id ?? ''}`, cookies.otherFinance))
        .statusCode,
    ).toBe(404);

    const early = await send(
      'POST',
      `/api/finance/levy-invoices/${own?.id ?? ''}/paid`,
      cookies.finance,
      {
        paidOn: '2026-03-01',
      },
    );
    expect(early.statusCode).toBe(400);
    expect(early.json<Problem>().errors?.[0]?.field).toBe('body/paidOn');
    const paid = await send(
      'POST',
      `/api/finance/levy-invoices/${own?.id ?? ''}/paid`,
      cookies.finance,
      {
        paidOn: '2026-04-20',
      },
    );
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-04-20' });
    const twice = await send(
      'POST',
      `/api/finance/levy-invoices/${own?.id ?? ''}/paid`,
      cookies.finance,
      {
        paidOn: '2026-04-21',
      },
    );
    expect(twice.statusCode).toBe(409);
  });

  it('totals rate x list for random lists, through the API', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 500 }),
        async (lists, rate) => {
          const o = await createFinanceTestOrganisation(t.db, { listSizes: lists });
          const cookie = await signInAs(o.orgId, [{ role: 'central-finance', practiceId: null }]);
          const saved = await send(
            'PUT',
            '/api/finance/settings',
            cookie,
            settingsFor(o, { pencePerPatientPerYear: rate, frequency: 'annually' }),
          );
          expect(saved.statusCode).toBe(200);
          const run = await send('POST', '/api/finance/levy-runs', cookie, {
            issuedOn: '2026-04-01',
            financialYear: 2026,
            periodNumber: 1,
          });
          expect(run.json<{ totals: { netPence: number } }>().totals.netPence).toBe(
            rate * lists.reduce((a, b) => a + b, 0),
          );
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('savings routes', () => {
  it('records savings and reports them against the levy, per practice and in total', async () => {
    const saving = {
      practiceId: org.practiceIds[0] ?? '',
      service: 'buyers-group',
      periodFrom: '2026-04-01',
      periodTo: '2026-06-30',
      amountPence: 600_000,
      note: 'Gloves and syringes',
    };
    const recorded = await send('POST', '/api/finance/savings', cookies.finance, saving);
    expect(recorded.statusCode, recorded.body).toBe(201);
    const bad = await send('POST', '/api/finance/savings', cookies.finance, {
      ...saving,
      service: 'magic',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().detail).toContain('body/service');
    const backwards = await send('POST', '/api/finance/savings', cookies.finance, {
      ...saving,
      periodTo: '2026-03-01',
    });
    expect(backwards.json<Problem>().errors?.[0]?.field).toBe('body/periodTo');
    expect((await send('POST', '/api/finance/savings', cookies.manager, saving)).statusCode).toBe(
      403,
    );
    const list = await send(
      'GET',
      '/api/finance/savings?from=2026-04-01&to=2027-03-31',
      cookies.manager,
    );
    expect(list.json<{ savings: unknown[] }>().savings).toHaveLength(1);
    const report = await send(
      'GET',
      '/api/finance/levy-vs-savings?from=2026-04-01&to=2027-03-31',
      cookies.finance,
    );
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json<{
      practices: { practice: { id: string }; levyPence: number; netBenefitPence: number }[];
      total: { levyPence: number; savingsPence: number; netBenefitPence: number };
    }>();
    expect(body.practices.find((p) => p.practice.id === org.practiceIds[0])).toMatchObject({
      levyPence: 400_000,
      netBenefitPence: 200_000,
    });
    expect(body.total).toMatchObject({
      levyPence: 1_250_000,
      savingsPence: 600_000,
      netBenefitPence: -650_000,
    });
    const theirs = await send(
      'GET',
      '/api/finance/levy-vs-savings?from=2026-04-01&to=2027-03-31',
      cookies.otherFinance,
    );
    expect(theirs.json<{ practices: unknown[] }>().practices).toEqual([]);
  });
});
