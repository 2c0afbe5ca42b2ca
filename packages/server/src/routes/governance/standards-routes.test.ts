import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOf1: string;
let p1 = '';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  [p1 = ''] = t.demo.practiceIds;
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'standards-manager-1@atscale.test',
    displayName: 'Standards manager',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'practice-manager', practiceId: p1 }],
  });
  managerOf1 = await t.signIn('standards-manager-1@atscale.test');
});
afterAll(() => t.close());

const send = (method: 'GET' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

interface Grid {
  quarter: { key: string };
  standards: { id: string; green: number; amber: number }[];
  practices: { practiceId: string; results: { standardId: string; rag: string }[] }[];
}

describe('agreement standards routes', () => {
  it('answers the grid for a quarter with a RAG for every practice and standard', async () => {
    const response = await send('GET', '/api/governance/standards/grid?quarter=2025-Q4', admin);
    expect(response.statusCode, response.body).toBe(200);
    const grid = response.json<Grid>();
    expect(grid.quarter.key).toBe('2025-Q4');
    expect(grid.practices.map((p) => p.practiceId)).toEqual(
      expect.arrayContaining([...t.demo.practiceIds]),
    );
    for (const practice of grid.practices) {
      expect(practice.results.map((r) => r.standardId)).toEqual(grid.standards.map((s) => s.id));
    }
    const own = await send('GET', '/api/governance/standards/grid', managerOf1);
    expect(own.statusCode).toBe(200);
    expect(own.json<Grid>().practices.map((p) => p.practiceId)).toEqual([p1]);
    const clinician = await t.signIn('clinician@atscale.test');
    expect((await send('GET', '/api/governance/standards/grid', clinician)).statusCode).toBe(403);
  });

  it('sets thresholds for governance and org-admin only, and the grid uses them', async () => {
    const set = await send('PUT', '/api/governance/standards/dna-rate/thresholds', admin, {
      reason: 'Agreed',
      green: 50,
      amber: 60,
    });
    expect(set.statusCode, set.body).toBe(200);
    const { standards } = (await send('GET', '/api/governance/standards', managerOf1)).json<{
      standards: Grid['standards'];
    }>();
    expect(standards.find((s) => s.id === 'dna-rate')).toMatchObject({ green: 50, amber: 60 });
    const refused = await send('PUT', '/api/governance/standards/dna-rate/thresholds', managerOf1, {
      reason: 'Agreed',
      green: 1,
      amber: 2,
    });
    expect(refused.statusCode).toBe(403);
    await send('PUT', '/api/governance/standards/dna-rate/thresholds', admin, {
      reason: 'Agreed',
      green: 4,
      amber: 7,
    });
  });

  it('gives a standard over quarters for the chart', async () => {
    const response = await send(
      'GET',
      '/api/governance/standards/trend?standard=dna-rate&quarters=3',
      admin,
    );
    expect(response.statusCode, response.body).toBe(200);
    const trend = response.json<{ quarters: unknown[]; practices: { measures: unknown[] }[] }>();
    expect(trend.quarters).toHaveLength(3);
    for (const p of trend.practices) expect(p.measures).toHaveLength(3);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: ['GET' | 'PUT', string, object | undefined, string][] = [
      ['GET', '/api/governance/standards/grid?quarter=2025-Q5', undefined, 'querystring/quarter'],
      ['GET', '/api/governance/standards/trend?standard=nope', undefined, 'querystring/standard'],
      [
        'GET',
        '/api/governance/standards/trend?standard=dna-rate&quarters=40',
        undefined,
        'querystring/quarters',
      ],
      [
        'PUT',
        '/api/governance/standards/dna-rate/thresholds',
        { reason: 'Agreed', green: 9, amber: 2 },
        'body/amber',
      ],
      [
        'PUT',
        '/api/governance/standards/dna-rate/thresholds',
        { reason: 'Agreed', green: 'x', amber: 2 },
        'body/green',
      ],
      [
        'PUT',
        '/api/governance/standards/dna-rate/thresholds',
        { reason: ' ', green: 4, amber: 7 },
        'body/reason',
      ],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await send(method, url, admin, payload);
      expect(response.statusCode, `${url} ${field}`).toBe(400);
      expect(response.body, field).toContain(field);
    }
    const unknown = await send('PUT', '/api/governance/standards/nope/thresholds', admin, {
      reason: 'Agreed',
      green: 1,
      amber: 2,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
