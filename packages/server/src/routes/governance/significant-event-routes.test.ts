import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInEngland } from '@atscale/domain';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOf1: string;
let managerOf1Id = '';
let managerOf2: string;
let p1 = '';
let p2 = '';
const BASE = '/api/governance/significant-events';
const today = dateInEngland(new Date());

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  [p1 = '', p2 = ''] = t.demo.practiceIds;
  const manager = (email: string, practiceId: string) =>
    t.signInAs(email, [{ role: 'practice-manager', practiceId }]);
  const m1 = await manager('sea-manager-1@atscale.test', p1);
  managerOf1 = m1.cookie;
  managerOf1Id = m1.id;
  managerOf2 = (await manager('sea-manager-2@atscale.test', p2)).cookie;
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const newEvent = (practiceId: string, extra: object = {}) => ({
  kind: 'significant-event',
  practiceId,
  title: 'Route test: wrong leaflet given',
  description: 'A leaflet for the wrong medicine was handed over at reception.',
  category: 'communication',
  severity: 'low',
  occurredOn: today,
  keyQuestions: ['safe'],
  ...extra,
});

describe('significant event routes', () => {
  it('records and walks an event to closed, with the timeline', async () => {
    const created = await send('POST', BASE, managerOf1, newEvent(p1));
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const step = (payload: object) =>
      send('POST', `${BASE}/${id}/transitions`, managerOf1, payload);
    expect((await step({ to: 'investigating', investigatorId: managerOf1Id })).statusCode).toBe(
      200,
    );
    expect((await step({ to: 'learning', findings: 'Two leaflets look alike.' })).statusCode).toBe(
      200,
    );
    const closed = await step({
      to: 'closed',
      learning: 'Check the name aloud.',
      actionsAgreed: 'Leaflets stored apart.',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', next: [] });
    expect(closed.json<{ timeline: unknown[] }>().timeline).toHaveLength(4);
    const listed = await send('GET', `${BASE}?status=closed&practiceId=${p1}`, admin);
    expect(listed.json<{ id: string }[]>().map((e) => e.id)).toContain(id);
  });

  it('answers bad input with 4xx naming the field', async () => {
    const cases: [object, string][] = [
      [newEvent(p1, { category: 'weather' }), 'body/category'],
      [newEvent(p1, { occurredOn: '2026-02-30' }), 'body/occurredOn'],
      [newEvent(p1, { kind: 'complaint' }), 'body/receivedOn'],
      [newEvent(p1, { description: 'Patient 943 476 5919 complained' }), 'body/description'],
      [newEvent(p1, { keyQuestions: ['kind'] }), 'body/keyQuestions'],
      [newEvent('00000000-0000-4000-8000-000000000000'), 'body/practiceId'],
    ];
    for (const [payload, field] of cases) {
      const response = await send('POST', BASE, managerOf1, payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.body, field).toContain(field);
    }
    const { id } = (await send('POST', BASE, managerOf1, newEvent(p1))).json<{ id: string }>();
    const missing = await send('POST', `${BASE}/${id}/transitions`, managerOf1, {
      to: 'investigating',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('body/investigatorId');
    const skipped = await send('POST', `${BASE}/${id}/transitions`, managerOf1, { to: 'closed' });
    expect(skipped.statusCode).toBe(422);
    expect(skipped.body).toContain('body/to');
    const badQuery = await send('GET', `${BASE}/themes?quarters=99`, managerOf1);
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.body).toContain('quarters');
  });

  it('refuses another practice’s manager and hides the event from them', async () => {
    const { id } = (await send('POST', BASE, managerOf1, newEvent(p1))).json<{ id: string }>();
    expect((await send('GET', `${BASE}/${id}`, managerOf2)).statusCode).toBe(404);
    const moved = await send('POST', `${BASE}/${id}/transitions`, managerOf2, {
      to: 'investigating',
      investigatorId: managerOf1Id,
    });
    expect(moved.statusCode).toBe(404);
    expect((await send('PATCH', `${BASE}/${id}`, managerOf2, { title: 'Mine' })).statusCode).toBe(
      404,
    );
    expect((await send('POST', BASE, managerOf2, newEvent(p1))).statusCode).toBe(403);
    expect((await send('GET', `${BASE}?practiceId=${p1}`, managerOf2)).statusCode).toBe(403);
    const theirs = await send('GET', BASE, managerOf2);
    expect(theirs.json<{ practiceId: string }[]>().every((e) => e.practiceId === p2)).toBe(true);
    const still = await send('GET', `${BASE}/${id}`, managerOf1);
    expect(still.json()).toMatchObject({ status: 'reported', title: newEvent(p1).title });
  });

  it('removes a linked policy for the practice’s manager, 404 for anyone else', async () => {
    const owners = await send('GET', '/api/governance/policies/owners', admin);
    const ownerId = owners.json<{ id: string }[]>()[0]?.id ?? '';
    const policy = await send('POST', '/api/governance/policies', admin, {
      title: 'Route test: leaflets at reception',
      ownerId,
      keyQuestions: ['safe'],
      localAnnexAllowed: false,
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const policyId = policy.json<{ id: string }>().id;
    const { id } = (await send('POST', BASE, managerOf1, newEvent(p1))).json<{ id: string }>();
    const linked = await send('POST', `${BASE}/${id}/policies`, managerOf1, { policyId });
    expect(linked.statusCode, linked.body).toBe(201);
    const link = `${BASE}/${id}/policies/${policyId}`;

    // Another practice's manager is told nothing exists; the link stays.
    expect((await send('DELETE', link, managerOf2)).statusCode).toBe(404);
    const bad = await send('DELETE', `${BASE}/${id}/policies/not-a-uuid`, managerOf1);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('policyId');
    const still = await send('GET', `${BASE}/${id}`, managerOf1);
    expect(still.json<{ policies: unknown[] }>().policies).toHaveLength(1);

    const removed = await send('DELETE', link, managerOf1);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ id, policies: [] });
    // Removing it again, or a policy never linked, is 404, never a 500.
    expect((await send('DELETE', link, managerOf1)).statusCode).toBe(404);
    expect((await send('DELETE', `${BASE}/${id}/policies/${id}`, admin)).statusCode).toBe(404);
  });

  it('serves the themes to everyone without naming a practice', async () => {
    const themes = await send('GET', `${BASE}/themes?quarters=4`, managerOf2);
    expect(themes.statusCode, themes.body).toBe(200);
    expect(themes.json<{ quarters: unknown[] }>().quarters).toHaveLength(4);
    for (const id of t.demo.practiceIds) expect(themes.body).not.toContain(id);
  });
});
