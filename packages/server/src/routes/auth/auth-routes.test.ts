import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_IN } from '@atscale/db';
import { DEFAULT_CONFIG } from '../../config.js';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ signIn: { maxFailures: 3, lockMinutes: 15, attemptsPerMinute: 1000 } });
});
afterAll(() => t.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('sign-in', () => {
  it('signs in the demo user, returns who they are, and sets a safe session cookie', async () => {
    const response = await login(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password);
    expect(response.statusCode).toBe(200);
    const me = response.json<{ user: { email: string }; organisation: { name: string } }>();
    expect(me.user.email).toBe(DEMO_SIGN_IN.email);
    expect(me.organisation.name).toBe('Demo Health Partnership');
    const cookie = response.cookies.find((c) => c.name === 'atscale_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value.length).toBeGreaterThanOrEqual(40);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const secure = await createTestApp({ trustProxy: true });
    try {
      const response = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: DEMO_SIGN_IN,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((c) => c.name === 'atscale_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('accepts the email in any case', async () => {
    const response = await login(DEMO_SIGN_IN.email.toUpperCase(), DEMO_SIGN_IN.password);
    expect(response.statusCode).toBe(200);
  });

  it('refuses a wrong password with 401 problem+json and no cookie', async () => {
    const response = await login('navigator@atscale.test', 'not-the-password');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'sign-in-failed', status: 401 });
    expect(response.cookies).toHaveLength(0);
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const response = await login('nobody@atscale.test', 'whatever-it-is');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'sign-in-failed' });
  });

  it('locks the account after repeated failures, even against the right password', async () => {
    const email = 'clinician@atscale.test';
    expect((await login(email, 'wrong-1')).statusCode).toBe(401);
    expect((await login(email, 'wrong-2')).statusCode).toBe(401);
    const third = await login(email, 'wrong-3');
    expect(third.statusCode).toBe(423);
    expect(third.json<{ detail: string }>().detail).toMatch(/locked/);
    const right = await login(email, DEMO_SIGN_IN.password);
    expect(right.statusCode).toBe(423);
    expect(right.cookies).toHaveLength(0);
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event a join app_user u on u.id = a.user_id
        where u.email = $1 order by a.id`,
      [email],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'auth.sign-in-failed',
      'auth.sign-in-failed',
      'auth.sign-in-failed',
      'auth.sign-in-locked',
    ]);
  });
});

describe('sessions', () => {
  it('answers /api/me with 401 without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'not-authenticated' });
  });

  it('answers /api/me with 401 for a made-up cookie', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: 'atscale_session=made-up-token' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('ends the session on sign-out: the same cookie no longer works', async () => {
    const cookie = await t.signIn('navigator@atscale.test');
    const before = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ roles: [{ role: 'care-navigator' }] });
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'atscale_session');
    expect(cleared?.value).toBe('');
    const after = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('counts a session ended elsewhere within the session cache time', async () => {
    // As another server process's sign-out would: straight in the database, so this
    // process's cache does not hear of it and reuses the session for up to its time.
    const cookie = await t.signIn('navigator@atscale.test');
    const me = () => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    await t.db.query('update user_session set ended_at = now() where ended_at is null');
    expect((await me()).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_CONFIG.sessionCacheSeconds * 1000));
    expect((await me()).statusCode).toBe(401);
  });

  it('ends a session once its idle time has passed', async () => {
    const cookie = await t.signIn('navigator@atscale.test');
    await t.db.query(
      `update user_session set expires_at = now() - interval '1 second' where ended_at is null`,
    );
    const response = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(response.statusCode).toBe(401);
  });

  it('extends a session that is in use, at most once a minute', async () => {
    const cookie = await t.signIn('navigator@atscale.test');
    const token = cookie.split('=')[1] ?? '';
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(token).digest('hex');
    const expiry = async () =>
      (
        await t.db.query<{ e: Date }>(
          'select expires_at as e from user_session where token_hash = $1',
          [hash],
        )
      ).rows[0]?.e.getTime() ?? 0;
    await t.db.query(
      `update user_session set last_seen_at = now() - interval '10 minutes',
              expires_at = now() + interval '50 minutes' where token_hash = $1`,
      [hash],
    );
    const before = await expiry();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    const extended = await expiry();
    expect(extended - before).toBeGreaterThan(9 * 60_000);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    expect(await expiry()).toBe(extended);
  });

  it('keeps only a hash of the token in the database', async () => {
    const response = await login('navigator@atscale.test', DEMO_SIGN_IN.password);
    const token = sessionCookie(response).split('=')[1] ?? '';
    const { rows } = await t.db.query('select 1 from user_session where token_hash = $1', [token]);
    expect(rows).toHaveLength(0);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another origin', async () => {
    const response = await login(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password, {
      origin: 'https://evil.example',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'origin-refused' });
  });

  it('refuses a cross-site request that hides its origin', async () => {
    const response = await login(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password, {
      'sec-fetch-site': 'cross-site',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'origin-refused' });
  });

  it('accepts the server’s own origin', async () => {
    const response = await login(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password, {
      origin: 'http://localhost:80',
      host: 'localhost:80',
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 once a client exceeds the attempts per minute', async () => {
    const limited = await createTestApp({
      signIn: { maxFailures: 100, lockMinutes: 15, attemptsPerMinute: 3 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'nobody@atscale.test', password: 'wrong-password' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
