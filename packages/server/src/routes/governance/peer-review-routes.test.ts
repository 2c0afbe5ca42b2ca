import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOf1: string;
let managerOf2: string;
let managerOf1Id = '';
let p1 = '';
let p2 = '';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  [p1 = '', p2 = ''] = t.demo.practiceIds;
  const manager = (email: string, practiceId: string) =>
    t.signInAs(email, [{ role: 'practice-manager', practiceId }]);
  const one = await manager('review-manager-1@atscale.test', p1);
  managerOf1 = one.cookie;
  managerOf1Id = one.id;
  managerOf2 = (await manager('review-manager-2@atscale.test', p2)).cookie;
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const BASE = '/api/governance/peer-reviews';

async function meeting() {
  const created = await send('POST', BASE, admin, {
    heldOn: '2026-01-20',
    title: 'Route peer review',
    attendees: ['Dr A'],
    practiceIds: [p1],
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

describe('peer review routes', () => {
  it('records a meeting, a finding and an action the owner closes', async () => {
    const id = await meeting();
    const finding = await send('POST', `${BASE}/${id}/findings`, admin, {
      practiceId: p1,
      standardId: 'dna-rate',
      text: 'DNAs high',
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const action = await send('POST', `${BASE}/${id}/actions`, admin, {
      practiceId: p1,
      findingId: finding.json<{ id: string }>().id,
      description: 'Reminders',
      ownerId: managerOf1Id,
      dueOn: '2026-02-01',
    });
    expect(action.statusCode, action.body).toBe(201);
    const actionId = action.json<{ id: string }>().id;
    expect(action.json()).toMatchObject({ state: 'overdue' });
    // The other practice's manager sees neither the meeting nor the action.
    expect((await send('GET', `${BASE}/${id}`, managerOf2)).statusCode).toBe(404);
    const closedByOther = await send('POST', `${BASE}/actions/${actionId}/closure`, managerOf2, {
      closureNote: 'x',
    });
    expect(closedByOther.statusCode).toBe(404);
    const overdue = await send('GET', `${BASE}/actions?state=overdue`, managerOf1);
    expect(overdue.json<{ id: string }[]>().map((a) => a.id)).toContain(actionId);
    const closed = await send('POST', `${BASE}/actions/${actionId}/closure`, managerOf1, {
      closureNote: 'Done',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'done', closureNote: 'Done' });
    const done = await send('GET', `${BASE}/actions?state=done`, managerOf1);
    expect(done.json<{ id: string }[]>().map((a) => a.id)).toContain(actionId);
  });

  it('refuses writes by practice staff', async () => {
    const refused = await send('POST', BASE, managerOf1, {
      heldOn: '2026-01-20',
      title: 'Mine',
      attendees: [],
      practiceIds: [p1],
    });
    expect(refused.statusCode).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const id = await meeting();
    const cases: [string, object, string][] = [
      [BASE, { heldOn: 'soon', title: 'T', attendees: [], practiceIds: [p1] }, 'body/heldOn'],
      [
        BASE,
        { heldOn: '2026-01-01', title: 'T', attendees: [], practiceIds: [] },
        'body/practiceIds',
      ],
      [`${BASE}/${id}/findings`, { practiceId: p2, text: 'x' }, 'body/practiceId'],
      [`${BASE}/${id}/findings`, { practiceId: p1, standardId: 'x', text: 'x' }, 'body/standardId'],
      [
        `${BASE}/${id}/actions`,
        { practiceId: p1, description: 'D', ownerId: managerOf1Id, dueOn: '2026-13-01' },
        'body/dueOn',
      ],
      [
        `${BASE}/${id}/actions`,
        {
          practiceId: p1,
          description: 'D',
          ownerId: '00000000-0000-4000-8000-000000000000',
          dueOn: '2026-03-01',
        },
        'body/ownerId',
      ],
    ];
    for (const [url, payload, field] of cases) {
      const response = await send('POST', url, admin, payload);
      expect(response.statusCode, `${url} ${field}`).toBe(400);
      expect(response.body, field).toContain(field);
    }
    const badState = await send('GET', `${BASE}/actions?state=late`, admin);
    expect(badState.statusCode).toBe(400);
    expect(badState.body).toContain('querystring/state');
  });
});
