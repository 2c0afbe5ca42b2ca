import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let clinician: string;
let navigator: string;
let otherAdmin: string;
let first: string;
let second: string;
let siteOfFirst: string;

interface HubBody {
  id: string;
  name: string;
  sites: { siteId: string }[];
  practices: { practiceId: string; dailyThreshold: number }[];
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const { rows } = await t.db.query<{ id: string }>(
    'select id from site where org_id = $1 and practice_id = $2 order by name limit 1',
    [t.demo.orgId, first],
  );
  siteOfFirst = rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  clinician = await t.signIn('clinician@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const hubBody = (name: string) => ({
  name,
  releaseLeadMinutes: 120,
  siteIds: [siteOfFirst],
  practices: [
    { practiceId: first, dailyThreshold: 20 },
    { practiceId: second, dailyThreshold: 10 },
  ],
});

describe('hub routes', () => {
  it('sets up, shows, changes and removes a hub', async () => {
    const created = await send('POST', '/api/hubs', admin, hubBody('Route Hub'));
    expect(created.statusCode, created.body).toBe(201);
    const hub = created.json<HubBody>();
    expect(hub.practices).toHaveLength(2);
    expect((await send('GET', '/api/hubs', navigator)).json<{ hubs: HubBody[] }>().hubs).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: hub.id })]),
    );
    expect((await send('GET', `/api/hubs/${hub.id}`, clinician)).statusCode).toBe(200);
    const changed = await send('PUT', `/api/hubs/${hub.id}`, admin, {
      ...hubBody('Route Hub'),
      releaseLeadMinutes: 90,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ releaseLeadMinutes: 90 });

    const day = await send('GET', `/api/hubs/${hub.id}/days/2026-03-10`, admin);
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json()).toMatchObject({ capacity: 0, utilisation: null, date: '2026-03-10' });
    const week = await send('GET', `/api/hubs/${hub.id}/weeks/2026-03-09`, admin);
    expect(week.json<{ days: unknown[] }>().days).toHaveLength(7);

    expect((await send('DELETE', `/api/hubs/${hub.id}`, admin)).statusCode).toBe(204);
    expect((await send('GET', `/api/hubs/${hub.id}`, admin)).statusCode).toBe(404);
  });

  it('refuses other practices and organisations', async () => {
    const hub = (await send('POST', '/api/hubs', admin, hubBody('Guarded Hub'))).json<HubBody>();
    expect((await send('POST', '/api/hubs', clinician, hubBody('Mine'))).statusCode).toBe(403);
    expect((await send('PUT', `/api/hubs/${hub.id}`, clinician, hubBody('Mine'))).statusCode).toBe(
      403,
    );
    for (const url of [`/api/hubs/${hub.id}`, `/api/hubs/${hub.id}/days/2026-03-10`]) {
      const theirs = await send('GET', url, otherAdmin);
      expect(theirs.statusCode, url).toBe(404);
      expect(theirs.body).not.toContain('Guarded Hub');
    }
    expect((await send('DELETE', `/api/hubs/${hub.id}`, otherAdmin)).statusCode).toBe(404);
    expect((await send('GET', '/api/hubs', otherAdmin)).body).not.toContain('Guarded Hub');
    // Care navigators read no hub reports.
    expect((await send('GET', `/api/hubs/${hub.id}/days/2026-03-10`, navigator)).statusCode).toBe(
      403,
    );
    // Another organisation cannot put the demo's practices in its hub.
    const stolen = await send('POST', '/api/hubs', otherAdmin, {
      ...hubBody('Stolen'),
      siteIds: [],
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(
      'body/practices/0/practiceId',
    );
  });

  it('names the field on bad input', async () => {
    const bad = await send('POST', '/api/hubs', admin, {
      ...hubBody('Bad'),
      releaseLeadMinutes: -5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('body/releaseLeadMinutes');
    const dup = await send('POST', '/api/hubs', admin, {
      ...hubBody('Dup'),
      practices: [
        { practiceId: first, dailyThreshold: 1 },
        { practiceId: first, dailyThreshold: 2 },
      ],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toMatchObject({ errors: [{ field: 'body/practices' }] });
    const date = await send('GET', `/api/hubs/${first}/days/2026-02-30`, admin);
    expect(date.statusCode).toBe(400);
    const badDate = await send('GET', `/api/hubs/${first}/days/yesterday`, admin);
    expect(badDate.json<{ detail: string }>().detail).toContain('params/date');
  });
});
