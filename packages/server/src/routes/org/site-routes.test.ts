import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let manager: string;
let navigator: string;
let hubAdmin: string;
let first: string;
let second: string;

interface SiteBody {
  id: string;
  practiceId: string | null;
  name: string;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  cqcLocationId: string | null;
  services: string[];
  isMain: boolean;
}

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const accounts = unscopedAccountRepository(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await accounts.createUser({
    orgId: t.demo.orgId,
    email: 'site-manager@atscale.test',
    displayName: 'Site Manager',
    passwordHash,
    grants: [{ role: 'practice-manager', practiceId: first }],
  });
  // A hub network: an organisation whose form lets it own sites.
  const { rows } = await t.db.query<{ id: string }>(
    `insert into organisation (name, form) values ('Gosport Hubs', 'hub-network') returning id`,
  );
  await accounts.createUser({
    orgId: rows[0]?.id ?? '',
    email: 'hub-admin@hubs.test',
    displayName: 'Hub Admin',
    passwordHash,
    grants: [{ role: 'org-admin', practiceId: null }],
  });
  admin = await t.signIn('demo@atscale.test');
  manager = await t.signIn('site-manager@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  hubAdmin = await t.signIn('hub-admin@hubs.test');
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  as: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie: as }, ...(payload ? { payload } : {}) });

const fieldsOf = (body: ProblemBody) => (body.errors ?? []).map((e) => e.field);

describe('site routes', () => {
  let annexe: SiteBody;

  it('lets a practice manager add a site to their practice, written the standard way', async () => {
    const response = await send('POST', '/api/sites', manager, {
      practiceId: first,
      name: 'Riverside Annexe',
      addressLines: ['2 Mill Lane', 'Harborne'],
      postcode: ' b17  9qn',
      latitude: 52.4584,
      longitude: -1.9512,
      cqcLocationId: '1-123456789',
      services: ['ecg', 'open-access-phlebotomy'],
    });
    expect(response.statusCode, response.body).toBe(201);
    annexe = response.json<SiteBody>();
    expect(annexe).toMatchObject({
      practiceId: first,
      name: 'Riverside Annexe',
      postcode: 'B17 9QN',
      latitude: 52.4584,
      longitude: -1.9512,
      cqcLocationId: '1-123456789',
      services: ['open-access-phlebotomy', 'ecg'],
    });
    const listed = await send('GET', '/api/sites', navigator);
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ sites: { id: string; practiceName: string }[] }>().sites).toContainEqual(
      expect.objectContaining({ id: annexe.id, practiceName: 'Riverside Surgery' }),
    );
    const audit = await send('GET', '/api/audit-events?limit=50', admin);
    expect(
      audit.json<{ events: { action: string; entityId: string; role: string }[] }>().events,
    ).toContainEqual(
      expect.objectContaining({
        action: 'site.create',
        entityId: annexe.id,
        role: 'practice-manager',
      }),
    );
  });

  it('lets the practice manager change the site, only the fields given', async () => {
    const response = await send('PATCH', `/api/sites/${annexe.id}`, manager, {
      services: ['minor-surgery'],
      cqcLocationId: null,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Riverside Annexe',
      postcode: 'B17 9QN',
      cqcLocationId: null,
      services: ['minor-surgery'],
    });
  });

  it('refuses a bad postcode, a latitude without a longitude and a bad CQC id, naming the field', async () => {
    const cases = [
      [{ postcode: 'B17' }, 'body/postcode'],
      [{ latitude: 52.4 }, 'body/longitude'],
      [{ cqcLocationId: 'RXK01' }, 'body/cqcLocationId'],
      [{ latitude: -1.95, longitude: 52.45 }, 'body/latitude'],
      [{ services: ['brain-surgery'] }, 'body/services/0'],
    ] as const;
    for (const [fields, field] of cases) {
      const response = await send('POST', '/api/sites', manager, {
        practiceId: first,
        name: 'Bad Site',
        ...fields,
      });
      expect(response.statusCode, JSON.stringify(fields)).toBe(400);
      const body = response.json<ProblemBody>();
      expect(body.code).toBe('validation-failed');
      expect(fieldsOf(body), JSON.stringify(fields)).toContain(field);
    }
    // The same checks apply to a change, on the site as it would be.
    const change = await send('PATCH', `/api/sites/${annexe.id}`, manager, { longitude: null });
    expect(change.statusCode).toBe(400);
    expect(fieldsOf(change.json<ProblemBody>())).toEqual(['body/longitude']);
    const sites = (await send('GET', '/api/sites', navigator)).json<{ sites: SiteBody[] }>().sites;
    expect(sites.some((s) => s.name === 'Bad Site')).toBe(false);
  });

  it('refuses a practice manager another practice’s sites', async () => {
    const theirs = await send('POST', '/api/sites', admin, {
      practiceId: second,
      name: 'Hillview Branch',
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const { id } = theirs.json<SiteBody>();
    const attempts = [
      send('POST', '/api/sites', manager, { practiceId: second, name: 'Mine now' }),
      send('PATCH', `/api/sites/${id}`, manager, { name: 'Mine now' }),
      send('DELETE', `/api/sites/${id}`, manager),
      send('POST', '/api/sites', navigator, { practiceId: second, name: 'Mine now' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
    const sites = (await send('GET', '/api/sites', navigator)).json<{ sites: SiteBody[] }>().sites;
    expect(sites.find((s) => s.id === id)?.name).toBe('Hillview Branch');
  });

  it('keeps the main site, and removes another site with 204', async () => {
    const practice = (await send('GET', `/api/practices/${first}`, navigator)).json<{
      sites: SiteBody[];
    }>();
    const main = practice.sites.find((s) => s.isMain);
    expect(main).toBeDefined();
    const refused = await send('DELETE', `/api/sites/${main?.id ?? ''}`, manager);
    expect(refused.statusCode).toBe(409);
    if (!annexe.isMain) {
      const removed = await send('DELETE', `/api/sites/${annexe.id}`, manager);
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      const missing = await send('PATCH', `/api/sites/${annexe.id}`, manager, { name: 'Gone' });
      expect(missing.statusCode).toBe(404);
    }
  });

  it('answers 404 for a site that does not exist', async () => {
    const response = await send('DELETE', '/api/sites/00000000-0000-4000-8000-000000000000', admin);
    expect(response.statusCode).toBe(404);
  });
});

describe('sites of the organisation itself', () => {
  it('are refused with the reason where the form gives every site to a practice', async () => {
    const response = await send('POST', '/api/sites', admin, {
      practiceId: null,
      name: 'Central Phlebotomy Hub',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<ProblemBody>().detail).toMatch(
      /autonomy super-partnership has no sites of its own/,
    );
  });

  it('are added by the administrator of a hub network, and listed first', async () => {
    const response = await send('POST', '/api/sites', hubAdmin, {
      practiceId: null,
      name: 'War Memorial Hub',
      postcode: 'PO12 3PW',
      services: ['msk', 'geriatric-assessment'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const hub = response.json<SiteBody>();
    expect(hub).toMatchObject({ practiceId: null, isMain: false });
    const main = await send('PATCH', `/api/sites/${hub.id}`, hubAdmin, { isMain: true });
    expect(main.statusCode).toBe(400);
    expect(fieldsOf(main.json<ProblemBody>())).toEqual(['body/isMain']);
    const listed = (await send('GET', '/api/sites', hubAdmin)).json<{ sites: SiteBody[] }>();
    expect(listed.sites.map((s) => s.id)).toEqual([hub.id]);
    const organisation = await send('GET', '/api/organisation', hubAdmin);
    expect(organisation.json()).toMatchObject({
      policy: { organisationOwnsSites: true },
      totals: { sites: 1 },
    });
    // The demo organisation sees none of it.
    const demo = await send('GET', '/api/sites', admin);
    expect(demo.body).not.toContain(hub.id);
    expect((await send('DELETE', `/api/sites/${hub.id}`, admin)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/sites/${hub.id}`, hubAdmin)).statusCode).toBe(204);
  });
});
