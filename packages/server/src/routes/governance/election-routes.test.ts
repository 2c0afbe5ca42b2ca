import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
const partners: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  const accounts = unscopedAccountRepository(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (let i = 0; i < 3; i++) {
    const email = `election-partner-${String(i)}@atscale.test`;
    await accounts.createUser({
      orgId: t.demo.orgId,
      email,
      displayName: `Dr Partner ${String(i)}`,
      passwordHash,
      grants: [{ role: 'partner', practiceId: t.demo.practiceIds[i % 2] ?? null }],
    });
    partners.push(await t.signIn(email));
  }
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('board election routes (GOV-4)', () => {
  it('runs an election: nominate, vote with a receipt, count, publish, verify', async () => {
    const [p0 = '', p1 = '', p2 = ''] = partners;
    const created = await send('POST', '/api/elections', admin, { title: 'Board', seats: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const a = await send('POST', `/api/elections/${id}/candidates`, p0, { statement: 'A' });
    const b = await send('POST', `/api/elections/${id}/candidates`, p1, { statement: 'B' });
    expect(a.statusCode, a.body).toBe(201);
    const [ca, cb] = [a.json<{ id: string }>().id, b.json<{ id: string }>().id];
    expect((await send('POST', `/api/elections/${id}/open-voting`, admin)).statusCode).toBe(200);

    const cast = await send('POST', `/api/elections/${id}/ballots`, p0, { preferences: [ca, cb] });
    expect(cast.statusCode, cast.body).toBe(201);
    const { receipt } = cast.json<{ receipt: string }>();
    const again = await send('POST', `/api/elections/${id}/ballots`, p0, { preferences: [cb] });
    expect(again.statusCode).toBe(409);
    await send('POST', `/api/elections/${id}/ballots`, p1, { preferences: [cb] });
    await send('POST', `/api/elections/${id}/ballots`, p2, { preferences: [ca] });

    // Turnout for the administrator; never for a partner.
    const voters = await send('GET', `/api/elections/${id}/voters`, admin);
    expect(voters.json<{ hasVoted: boolean }[]>().filter((v) => v.hasVoted)).toHaveLength(3);
    expect((await send('GET', `/api/elections/${id}/voters`, p0)).statusCode).toBe(403);

    await send('POST', `/api/elections/${id}/close-voting`, admin);
    const counted = await send('POST', `/api/elections/${id}/count`, admin);
    expect(counted.statusCode, counted.body).toBe(200);
    // 3 ballots, 1 seat: quota = floor(3 / 2) + 1 = 2; A has 2 first preferences.
    expect(counted.json()).toMatchObject({
      ballots: 3,
      countSheet: { quota: 2, elected: [ca], stages: [{ action: 'first-preferences' }] },
    });
    expect((await send('GET', `/api/elections/${id}/results`, p0)).statusCode).toBe(409);
    expect((await send('POST', `/api/elections/${id}/publish`, admin)).statusCode).toBe(200);
    const results = await send('GET', `/api/elections/${id}/results`, p0);
    expect(results.statusCode).toBe(200);
    expect(results.json()).toMatchObject({
      candidates: expect.arrayContaining([{ id: ca, name: 'Dr Partner 0' }]) as unknown,
    });

    const check = await send('POST', `/api/elections/${id}/receipt-checks`, p1, { receipt });
    expect(check.json()).toEqual({ found: true, counted: true });

    // Audited: the vote says who voted, and nothing about how.
    const { rows } = await t.db.query<{ action: string; entity_id: string }>(
      `select action, entity_id from audit_event where action like 'election.%' and entity_id = $1`,
      [id],
    );
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'election.vote')).toHaveLength(3);
    expect(actions).toEqual(
      expect.arrayContaining([
        'election.create',
        'election.open-voting',
        'election.close-voting',
        'election.count',
        'election.publish',
      ]),
    );
  });

  it('answers bad input with 400 naming the field', async () => {
    const created = await send('POST', '/api/elections', admin, { title: 'Bad input', seats: 0 });
    expect(created.statusCode).toBe(400);
    expect(created.json<{ detail: string }>().detail).toContain('body/seats');
    const blank = await send('POST', '/api/elections', admin, { title: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body/title');

    const ok = await send('POST', '/api/elections', admin, { title: 'Bad ballots' });
    const { id } = ok.json<{ id: string }>();
    const [p0 = ''] = partners;
    const nominated = await send('POST', `/api/elections/${id}/candidates`, p0, {
      statement: 'Me',
    });
    const candidateId = nominated.json<{ id: string }>().id;
    await send('POST', `/api/elections/${id}/open-voting`, admin);
    const unknown = await send('POST', `/api/elections/${id}/ballots`, p0, {
      preferences: [candidateId, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body/preferences/1',
    );
    const twice = await send('POST', `/api/elections/${id}/ballots`, p0, {
      preferences: [candidateId, candidateId],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json<{ detail: string }>().detail).toContain('body/preferences');
    const empty = await send('POST', `/api/elections/${id}/ballots`, p0, { preferences: [] });
    expect(empty.statusCode).toBe(400);
    // A care navigator is not on the register of voters.
    const navigator = await t.signIn('navigator@atscale.test');
    const refused = await send('POST', `/api/elections/${id}/ballots`, navigator, {
      preferences: [candidateId],
    });
    expect(refused.statusCode).toBe(403);
  });
});
