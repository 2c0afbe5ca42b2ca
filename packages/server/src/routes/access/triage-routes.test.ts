import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let first: string;
let second: string;
let cookies: {
  admin: string;
  navigator: string;
  clinician: string;
  secondGp: string;
  secondGpElsewhere: string;
  firstNavigator: string;
  otherAdmin: string;
  otherClinician: string;
};
let patients: string[];

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const { rows } = await t.db.query<{ id: string }>(
    'select id from patient where practice_id = $1 order by nhs_number limit 6',
    [first],
  );
  patients = rows.map((r) => r.id);
  const accounts = unscopedAccountRepository(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await accounts.createUser({
    orgId: t.demo.orgId,
    email: 'second.gp@atscale.test',
    displayName: 'Dr Second',
    passwordHash,
    grants: [{ role: 'clinician', practiceId: first }],
  });
  await accounts.createUser({
    orgId: t.demo.orgId,
    email: 'elsewhere.gp@atscale.test',
    displayName: 'Dr Elsewhere',
    passwordHash,
    grants: [{ role: 'clinician', practiceId: second }],
  });
  await accounts.createUser({
    orgId: t.demo.orgId,
    email: 'first.navigator@atscale.test',
    displayName: 'First Navigator',
    passwordHash,
    grants: [{ role: 'care-navigator', practiceId: first }],
  });
  cookies = {
    admin: await t.signIn('demo@atscale.test'),
    navigator: await t.signIn('navigator@atscale.test'),
    clinician: await t.signIn('clinician@atscale.test'),
    secondGp: await t.signIn('second.gp@atscale.test'),
    secondGpElsewhere: await t.signIn('elsewhere.gp@atscale.test'),
    firstNavigator: await t.signIn('first.navigator@atscale.test'),
    otherAdmin: await t.signIn(t.other.adminEmail),
    otherClinician: await t.signIn(t.other.clinicianEmail),
  };
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

let serial = 0;
async function newRequest(): Promise<string> {
  const response = await call(cookies.firstNavigator, 'POST', '/api/requests', {
    patientId: patients[serial++ % patients.length],
    channel: 'phone',
    kind: 'clinical',
    description: `Triage test ${String(serial)}`,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

describe('GET /api/triage/queue', () => {
  it('shows the practice’s queue with counts to its clinicians only', async () => {
    const id = await newRequest();
    const own = await call(cookies.clinician, 'GET', `/api/triage/queue?practiceId=${first}`);
    expect(own.statusCode, own.body).toBe(200);
    const body = own.json<{ requests: { id: string }[]; counts: { waiting: number } }>();
    expect(body.requests.map((r) => r.id)).toContain(id);
    expect(body.counts.waiting).toBeGreaterThanOrEqual(1);
    expect(
      (await call(cookies.navigator, 'GET', `/api/triage/queue?practiceId=${first}`)).statusCode,
    ).toBe(403);
    const other = await call(cookies.otherAdmin, 'GET', `/api/triage/queue?practiceId=${first}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(id);
  });

  it('names the query field when neither or both queues are given', async () => {
    for (const query of ['', `?practiceId=${first}&teamId=${first}`]) {
      const response = await call(cookies.clinician, 'GET', `/api/triage/queue${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ field: 'querystring/practiceId' }] });
    }
  });
});

describe('claiming and triaging over HTTP', () => {
  it('lets exactly one of two simultaneous claims win; the loser hears who holds it', async () => {
    const id = await newRequest();
    const [a, b] = await Promise.all([
      call(cookies.clinician, 'POST', `/api/requests/${id}/claim`),
      call(cookies.secondGp, 'POST', `/api/requests/${id}/claim`),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const { rows } = await t.db.query<{ name: string }>(
      `select u.display_name as name from patient_request r join app_user u on u.id = r.claimed_by
        where r.id = $1`,
      [id],
    );
    expect(loser.json<{ detail: string }>().detail).toContain(
      `${rows[0]?.name ?? '?'} claimed this request`,
    );
  });

  it('refuses claims by navigators, other practices and other organisations', async () => {
    const id = await newRequest();
    const attempts = [
      // Navigators triage nothing anywhere: refused before the request is looked at.
      [cookies.firstNavigator, 403],
      [cookies.navigator, 403],
      [cookies.secondGpElsewhere, 404],
      [cookies.otherClinician, 404],
      [cookies.otherAdmin, 403],
    ] as const;
    for (const [cookie, status] of attempts) {
      const response = await call(cookie, 'POST', `/api/requests/${id}/claim`);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.body).not.toContain('Triage test');
    }
  });

  it('triages a claimed request onto the to-book list, off the queue', async () => {
    const id = await newRequest();
    expect((await call(cookies.clinician, 'POST', `/api/requests/${id}/claim`)).statusCode).toBe(
      200,
    );
    const byOther = await call(cookies.secondGp, 'POST', `/api/requests/${id}/triage`, {
      urgency: 'same-day',
      outcome: 'face-to-face-home',
    });
    expect(byOther.statusCode).toBe(409);
    const bad = await call(cookies.clinician, 'POST', `/api/requests/${id}/triage`, {
      urgency: 'soon',
      outcome: 'face-to-face-home',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('body/urgency');
    const noService = await call(cookies.clinician, 'POST', `/api/requests/${id}/triage`, {
      urgency: 'routine',
      outcome: 'specialist',
    });
    expect(noService.statusCode).toBe(400);
    expect(noService.json()).toMatchObject({ errors: [{ field: 'body/specialistService' }] });
    const triaged = await call(cookies.clinician, 'POST', `/api/requests/${id}/triage`, {
      urgency: 'same-day',
      outcome: 'face-to-face-home',
      note: 'See today',
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    expect(triaged.json()).toMatchObject({ status: 'triaged', triageNote: 'See today' });
    const queue = await call(cookies.clinician, 'GET', `/api/triage/queue?practiceId=${first}`);
    expect(queue.body).not.toContain(id);
    const toBook = await call(cookies.firstNavigator, 'GET', '/api/triage/to-book');
    expect(toBook.statusCode).toBe(200);
    expect(toBook.body).toContain(id);
    for (const cookie of [cookies.navigator, cookies.otherAdmin]) {
      const theirs = await call(cookie, 'GET', '/api/triage/to-book');
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).not.toContain(id);
    }
    expect(
      (await call(cookies.navigator, 'GET', `/api/triage/to-book?practiceId=${first}`)).statusCode,
    ).toBe(403);
  });

  it('releases a claim back to the queue', async () => {
    const id = await newRequest();
    await call(cookies.clinician, 'POST', `/api/requests/${id}/claim`);
    expect((await call(cookies.secondGp, 'POST', `/api/requests/${id}/release`)).statusCode).toBe(
      409,
    );
    const released = await call(cookies.clinician, 'POST', `/api/requests/${id}/release`);
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: 'waiting', claimedBy: null });
    expect(
      (await call(cookies.otherClinician, 'POST', `/api/requests/${id}/release`)).statusCode,
    ).toBe(404);
  });
});

describe('KPIs, call centres and routing', () => {
  const today = () =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

  it('reports KPIs to report readers of the organisation only', async () => {
    const url = `/api/triage/kpis?from=${today()}&to=${today()}&by=day`;
    const own = await call(cookies.admin, 'GET', url);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<{ overall: { requests: number } }>().overall.requests).toBeGreaterThan(0);
    const theirs = await call(cookies.otherAdmin, 'GET', url);
    expect(theirs.json<{ overall: { requests: number } }>().overall.requests).toBe(0);
    expect((await call(cookies.clinician, 'GET', url)).statusCode).toBe(403);
    const backwards = await call(
      cookies.admin,
      'GET',
      `/api/triage/kpis?from=${today()}&to=2001-01-01`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ errors: [{ field: 'querystring/to' }] });
  });

  it('adds call centres and sets routing for the caller’s organisation only', async () => {
    const created = await call(cookies.otherAdmin, 'POST', '/api/triage-teams', {
      name: 'Other central',
    });
    expect(created.statusCode, created.body).toBe(201);
    const demoTeams = await call(cookies.navigator, 'GET', '/api/triage-teams');
    expect(demoTeams.body).not.toContain('Other central');
    expect(
      (await call(cookies.clinician, 'POST', '/api/triage-teams', { name: 'Mine' })).statusCode,
    ).toBe(403);
    expect(
      (await call(cookies.clinician, 'PUT', '/api/request-routing', { routing: 'centre' }))
        .statusCode,
    ).toBe(403);
    const routed = await call(cookies.otherAdmin, 'PUT', '/api/request-routing', {
      routing: 'centre',
    });
    expect(routed.json()).toEqual({ routing: 'centre' });
    const demo = await call(cookies.navigator, 'GET', '/api/triage-teams');
    expect(demo.json()).toMatchObject({ routing: 'practice' });
    const bad = await call(cookies.otherAdmin, 'PUT', '/api/request-routing', { routing: 'x' });
    expect(bad.statusCode).toBe(400);
  });
});
