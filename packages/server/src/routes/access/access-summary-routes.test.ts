import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let first: string;
let second: string;
let cookies: { central: string; clinician: string; navigator: string; otherAdmin: string };

interface Summary {
  practiceId: string | null;
  requests: { waiting: number; overdue: number; waitingByUrgency: { unassessed: number } };
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  cookies = {
    central: await t.signIn('demo@atscale.test'), // central operations, organisation-wide
    clinician: await t.signIn('clinician@atscale.test'), // clinician at the first practice
    navigator: await t.signIn('navigator@atscale.test'), // care navigator at the second
    otherAdmin: await t.signIn(t.other.adminEmail),
  };
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });
const waiting = async (cookie: string, query = '') => {
  const response = await get(`/api/access/summary${query}`, cookie);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Summary>().requests;
};

describe('GET /api/access/summary', () => {
  it('counts a new request for its practice and the centre, not for another practice', async () => {
    const before = {
      central: await waiting(cookies.central),
      clinician: await waiting(cookies.clinician),
      navigator: await waiting(cookies.navigator),
    };
    const { rows } = await t.db.query<{ id: string }>(
      'select id from patient where org_id = $1 and practice_id = $2 order by nhs_number limit 1',
      [t.demo.orgId, first],
    );
    const recorded = await t.app.inject({
      method: 'POST',
      url: '/api/requests',
      payload: {
        patientId: rows[0]?.id ?? '',
        channel: 'phone',
        kind: 'clinical',
        description: 'Summary test request',
      },
      headers: { cookie: cookies.central },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect((await waiting(cookies.central)).waiting).toBe(before.central.waiting + 1);
    const clinician = await waiting(cookies.clinician);
    expect(clinician.waiting).toBe(before.clinician.waiting + 1);
    expect(clinician.waitingByUrgency.unassessed).toBe(
      before.clinician.waitingByUrgency.unassessed + 1,
    );
    expect((await waiting(cookies.navigator)).waiting).toBe(before.navigator.waiting);
    // Narrowed to the first practice, the centre sees what its clinician sees.
    expect((await waiting(cookies.central, `?practiceId=${first}`)).waiting).toBe(
      clinician.waiting,
    );
  });

  it('shows another organisation none of it, and refuses a practice the caller does not reach', async () => {
    const theirs = await get('/api/access/summary', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json<Summary>().requests.waiting).toBe(0);
    for (const id of t.demo.practiceIds) expect(theirs.body).not.toContain(id);
    const across = await get(`/api/access/summary?practiceId=${first}`, cookies.otherAdmin);
    expect(across.statusCode).toBe(404);
    expect(across.body).not.toContain(first);
    const other = await get(`/api/access/summary?practiceId=${first}`, cookies.navigator);
    expect(other.statusCode).toBe(403);
    const own = await get(`/api/access/summary?practiceId=${second}`, cookies.navigator);
    expect(own.json<Summary>().practiceId).toBe(second);
  });

  it('names the field on bad query parameters', async () => {
    const notId = await get('/api/access/summary?practiceId=first', cookies.central);
    expect(notId.statusCode).toBe(400);
    expect(notId.json<{ detail: string }>().detail).toContain('querystring/practiceId');
    const unknown = await get('/api/access/summary?date=2026-01-01', cookies.central);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ detail: string }>().detail).toContain('date');
  });
});

describe('GET /api/request-routing', () => {
  it('follows PUT /api/request-routing for the organisation that set it only', async () => {
    const routing = async (cookie: string) => {
      const response = await get('/api/request-routing', cookie);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ routing: string; holdMinutes: number }>();
    };
    expect(await routing(cookies.navigator)).toEqual({ routing: 'practice', holdMinutes: 5 });
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/request-routing',
      payload: { routing: 'centre' },
      headers: { cookie: cookies.central },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await routing(cookies.navigator)).routing).toBe('centre');
    expect((await routing(cookies.otherAdmin)).routing).toBe('practice');
  });
});
