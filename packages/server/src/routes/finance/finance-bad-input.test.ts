import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { createFinanceTestOrganisation, type FinanceTestOrganisation } from '@atscale/db/testing';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

// Input that passes the schemas but means nothing here: ids of nothing, impossible dates,
// accounts off the chart. Each must be a 4xx that says what is wrong, never a 500.
let t: TestApp;
let org: FinanceTestOrganisation;
let cookie = '';
const nobody = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await createTestApp();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [6_000] });
  await unscopedAccountRepository(t.db).createUser({
    orgId: org.orgId,
    email: 'finance-bad-input@finance.test',
    displayName: 'Finance Bad Input',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [
      { role: 'central-finance', practiceId: null },
      { role: 'org-admin', practiceId: null },
    ],
  });
  cookie = await t.signIn('finance-bad-input@finance.test');
});
afterAll(() => t.close());

const line = (
  costCentreId: string,
  accountCode: string,
  debitPence: number,
  creditPence: number,
) => ({
  costCentreId,
  accountCode,
  debitPence,
  creditPence,
});

describe('finance routes with input that fits the schema but not the data', () => {
  const centre = () => org.costCentreIds[0] ?? '';
  const cases: [string, 'GET' | 'POST', () => string, () => object | undefined, RegExp][] = [
    [
      'an account off the chart',
      'POST',
      () => '/api/finance/journal-entries',
      () => ({
        entryDate: '2026-05-01',
        description: 'Odd',
        lines: [line(centre(), '9999', 100, 0), line(centre(), '4000', 0, 100)],
      }),
      /accountCode/,
    ],
    [
      'a cost centre of nobody',
      'POST',
      () => '/api/finance/journal-entries',
      () => ({
        entryDate: '2026-05-01',
        description: 'Odd',
        lines: [line(nobody, '1000', 100, 0), line(centre(), '4000', 0, 100)],
      }),
      /costCentreId/,
    ],
    [
      'a day that does not exist',
      'POST',
      () => '/api/finance/journal-entries',
      () => ({
        entryDate: '2026-02-30',
        description: 'Odd',
        lines: [line(centre(), '1000', 100, 0), line(centre(), '4000', 0, 100)],
      }),
      /entryDate/,
    ],
    [
      'pence beyond what a bigint column holds',
      'POST',
      () => '/api/finance/journal-entries',
      () => ({
        entryDate: '2026-05-01',
        description: 'Odd',
        lines: [
          line(centre(), '1000', Number.MAX_SAFE_INTEGER, 0),
          line(centre(), '4000', 0, Number.MAX_SAFE_INTEGER),
        ],
      }),
      /debitPence/,
    ],
    [
      'the reversal of an entry that does not exist',
      'POST',
      () => `/api/finance/journal-entries/${nobody}/reverse`,
      () => ({ reason: 'Typo' }),
      /not found|entry/i,
    ],
    [
      'paying an invoice that does not exist',
      'POST',
      () => `/api/finance/levy-invoices/${nobody}/paid`,
      () => ({ paidOn: '2026-05-01' }),
      /not found|invoice/i,
    ],
    [
      'a saving for a practice of nobody',
      'POST',
      () => '/api/finance/savings',
      () => ({
        practiceId: nobody,
        service: 'banking',
        periodFrom: '2026-04-01',
        periodTo: '2026-06-30',
        amountPence: 100,
      }),
      /practiceId/,
    ],
    [
      'profit and loss of a cost centre of nobody',
      'GET',
      () => `/api/finance/profit-and-loss?costCentreId=${nobody}&from=2026-04-01&to=2027-03-31`,
      () => undefined,
      /cost centre|costCentreId/i,
    ],
    [
      'profit and loss over a period that ends before it starts',
      'GET',
      () => '/api/finance/profit-and-loss?from=2027-04-01&to=2026-03-31',
      () => undefined,
      /to/,
    ],
  ];

  it.each(cases)(
    'answers %s with a 4xx that says what is wrong',
    async (_, method, url, body, says) => {
      const payload = body();
      const answer = await t.app.inject({
        method,
        url: url(),
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
      expect(answer.statusCode, answer.body).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode, answer.body).toBeLessThan(500);
      expect(answer.body).toMatch(says);
    },
  );
});
