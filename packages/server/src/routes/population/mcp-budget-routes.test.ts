import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';
import { MCP_TEST_YEAR } from './mcp-budget-test-data.js';

let t: TestApp;
let finance: string;
let partner: string;
let clinician: string;
let otherAdmin: string;

const inject = (method: 'GET' | 'PUT' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance@atscale.test');
  clinician = await t.signIn('clinician@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'mcp-partner@atscale.test',
    displayName: 'MCP Partner',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'partner', practiceId: t.demo.practiceIds[0] ?? null }],
  });
  partner = await t.signIn('mcp-partner@atscale.test');
  // Building the app seeds the demo organisation: slow on a loaded machine.
}, 240_000);
afterAll(() => t.close());

describe('MCP budget routes (POP-2)', () => {
  it('sets a year (central finance) and shows it to partners, worked out', async () => {
    const put = await inject('PUT', '/api/mcp-budget/years', finance, MCP_TEST_YEAR);
    expect(put.statusCode, put.body).toBe(200);
    const got = await inject('GET', '/api/mcp-budget/years/2026', partner);
    expect(got.statusCode).toBe(200);
    const year = got.json<{
      outcome: { budgetPence: number; poolPence: number; earnedBackPence: number };
      input: { lines: unknown[] };
    }>();
    expect(year.outcome).toMatchObject({
      budgetPence: 10_000_00,
      poolPence: 300_00,
      earnedBackPence: 150_00,
    });
    expect(year.input.lines).toHaveLength(2);
    const years = await inject('GET', '/api/mcp-budget/years', partner);
    expect(years.json()).toMatchObject({ years: [{ financialYear: 2026, label: '2026/27' }] });
  });

  it('works out a what-if without saving it', async () => {
    const tried = await inject('POST', '/api/mcp-budget/what-if', partner, {
      financialYear: 2026,
      topSliceBasisPoints: 400,
      achieved: { access: 90 },
    });
    expect(tried.statusCode, tried.body).toBe(200);
    expect(tried.json()).toMatchObject({ outcome: { poolPence: 400_00, earnedBackPence: 400_00 } });
    const saved = await inject('GET', '/api/mcp-budget/years/2026', partner);
    expect(saved.json()).toMatchObject({ outcome: { poolPence: 300_00 } });
  });

  it('refuses those without the permission, and another organisation', async () => {
    expect((await inject('PUT', '/api/mcp-budget/years', partner, MCP_TEST_YEAR)).statusCode).toBe(
      403,
    );
    expect((await inject('GET', '/api/mcp-budget/years/2026', clinician)).statusCode).toBe(403);
    const theirs = await inject('GET', '/api/mcp-budget/years/2026', otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expect((await inject('GET', '/api/mcp-budget/years', otherAdmin)).json()).toEqual({
      years: [],
    });
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [string, string, object, string][] = [
      [
        'PUT',
        '/api/mcp-budget/years',
        { ...MCP_TEST_YEAR, settings: { ...MCP_TEST_YEAR.settings, topSliceBasisPoints: 500 } },
        'topSliceBasisPoints',
      ],
      [
        'PUT',
        '/api/mcp-budget/years',
        { ...MCP_TEST_YEAR, metrics: [{ ...MCP_TEST_YEAR.metrics[0], weightPercent: 60 }] },
        'body/metrics',
      ],
      [
        'PUT',
        '/api/mcp-budget/years',
        { ...MCP_TEST_YEAR, metrics: [{ ...MCP_TEST_YEAR.metrics[0], floor: 95 }] },
        'body/metrics/0/floor',
      ],
      [
        'PUT',
        '/api/mcp-budget/years',
        { ...MCP_TEST_YEAR, actualPence: { 'social-care': 1.5 } },
        'social-care',
      ],
      [
        'POST',
        '/api/mcp-budget/what-if',
        { financialYear: 2026, achieved: { nope: 3 } },
        'body/achieved/nope',
      ],
      [
        'POST',
        '/api/mcp-budget/what-if',
        { financialYear: 2026, topSliceBasisPoints: 100 },
        'topSliceBasisPoints',
      ],
      ['POST', '/api/mcp-budget/what-if', { topSliceBasisPoints: 300 }, 'body/financialYear'],
      ['GET', '/api/mcp-budget/years/abc', {}, 'financialYear'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await inject(
        method as 'GET',
        url,
        finance,
        method === 'GET' ? undefined : payload,
      );
      expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
      expect(response.body).toContain(field);
    }
  });

  it('names a missing field, a wrong type and an unknown field of a year', async () => {
    const missing = await inject('PUT', '/api/mcp-budget/years', finance, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ errors: unknown[] }>().errors).toContainEqual({
      field: 'body/financialYear',
      message: 'is required',
    });
    const text = 'some-valid-text@example.org';
    const wrong = await inject('PUT', '/api/mcp-budget/years', finance, {
      financialYear: 12,
      settings: text,
      lines: text,
      metrics: text,
      actualPence: text,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ detail: string }>().detail).toContain('body/financialYear');
    const unknown = await inject('PUT', '/api/mcp-budget/years', finance, {
      ...MCP_TEST_YEAR,
      surprise: 1,
    });
    expect(unknown.json<{ errors: unknown[] }>().errors).toContainEqual({
      field: 'body/surprise',
      message: 'is not a known field',
    });
  });
});
