import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOfSecond: string;
let navigator: string;
let otherAdmin: string;

interface GamingBody {
  practices: { practiceId: string }[];
  organisation: unknown[];
  rule: string;
}

beforeAll(async () => {
  t = await createTestApp();
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'access-manager@atscale.test',
    displayName: 'Second Manager',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'practice-manager', practiceId: t.demo.practiceIds[1] ?? '' }],
  });
  admin = await t.signIn('demo@atscale.test');
  managerOfSecond = await t.signIn('access-manager@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('access report routes', () => {
  it('shows central every practice and a manager their own beside the organisation', async () => {
    for (const report of ['gaming', 'dna']) {
      const url = `/api/access/reports/${report}?from=2026-03-09&to=2026-03-22`;
      const all = await get(url, admin);
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json<GamingBody>().practices.map((p) => p.practiceId)).toEqual(
        expect.arrayContaining([...t.demo.practiceIds]),
      );
      const mine = await get(url, managerOfSecond);
      expect([...new Set(mine.json<GamingBody>().practices.map((p) => p.practiceId))]).toEqual([
        t.demo.practiceIds[1],
      ]);
      expect(mine.body).not.toContain(t.demo.practiceIds[0]);
      expect((await get(url, navigator)).statusCode).toBe(403);
      const theirs = await get(url, otherAdmin);
      expect(theirs.statusCode).toBe(200);
      for (const id of t.demo.practiceIds) expect(theirs.body).not.toContain(id);
    }
    const gaming = await get('/api/access/reports/gaming?from=2026-03-09&to=2026-03-22', admin);
    expect(gaming.json<GamingBody>().rule).toContain('20%');
  });

  it('names the field on bad input', async () => {
    const missing = await get('/api/access/reports/gaming?from=2026-03-09', admin);
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ detail: string }>().detail).toContain('querystring/to');
    const backwards = await get('/api/access/reports/dna?from=2026-03-09&to=2026-03-01', admin);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ errors: [{ field: 'querystring/to' }] });
    const long = await get('/api/access/reports/dna?from=2026-01-01&to=2026-12-31', admin);
    expect(long.json()).toMatchObject({ errors: [{ field: 'querystring/to' }] });
    const bad = await get('/api/access/reports/gaming?from=soon&to=2026-03-01', admin);
    expect(bad.json<{ detail: string }>().detail).toContain('querystring/from');
  });
});
