/**
 * The route registry: every route the app registers must be listed here, either as public
 * (with the reason) or with a test proving that a user of another organisation, and for
 * practice-scoped data of another practice, gets 403/404 and none of the data. A new route
 * without an entry fails this file. Each route also gets the bad-input checks its schema allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from './testing/test-app.js';

let t: TestApp;
let demoPatient: { id: string; nhsNumber: string; practiceId: string };
let cookies: {
  otherAdmin: string;
  otherClinician: string;
  demoNavigator: string;
  demoClinician: string;
};

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string; nhsNumber: string; practiceId: string }>(
    `select id, nhs_number as "nhsNumber", practice_id as "practiceId" from patient
      where practice_id = $1 order by nhs_number limit 1`,
    [t.demo.practiceIds[0]],
  );
  demoPatient = rows[0] ?? { id: '', nhsNumber: '', practiceId: '' };
  cookies = {
    otherAdmin: await t.signIn(t.other.adminEmail),
    otherClinician: await t.signIn(t.other.clinicianEmail),
    demoNavigator: await t.signIn('navigator@atscale.test'), // care navigator at practice 2
    demoClinician: await t.signIn('clinician@atscale.test'), // clinician at practice 1
  };
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

/** No trace of the demo organisation's data in a response. */
function expectNoDemoData(response: LightMyRequestResponse) {
  expect(response.body).not.toContain(t.demo.orgId);
  expect(response.body).not.toContain(demoPatient.id);
  expect(response.body).not.toContain(demoPatient.nhsNumber);
  expect(response.body).not.toContain('Demo Health Partnership');
  for (const id of t.demo.practiceIds) expect(response.body).not.toContain(id);
}

/** Routes anyone may call, and why. */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /healthz': 'load balancers and start scripts check health without signing in',
  'POST /api/auth/login': 'signing in is how a session starts',
  'POST /api/auth/logout': 'signing out must work with an expired session too',
};

/** Routes for people: the API documentation, with no data in it. The web app's files are
 * marked `webApp` where they are registered, and skipped too. */
const DOCUMENTATION_PREFIX = '/docs';

/**
 * A cost centre of the demo organisation with its first practice in it from 2099, made through
 * the API once, so the cost centre proofs do not depend on what the demo seed holds.
 */
let demoCostCentre: Promise<{ id: string; cookie: string }> | undefined;
const costCentreOfDemo = () =>
  (demoCostCentre ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const created = await post('/api/cost-centres', { code: 'TENANCY-PROOF', name: 'Proof' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const assigned = await post('/api/cost-centres/assignments', {
      practiceId: t.demo.practiceIds[0],
      costCentreId: id,
      effectiveFrom: '2099-01-01',
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    return { id, cookie };
  })());

/** Another organisation's reads of cost centres show none of the demo's, whose own reads do. */
async function costCentreReadProof(url: string) {
  const demo = await costCentreOfDemo();
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode).toBe(200);
  expect(theirs.body).not.toContain(demo.id);
  expect(theirs.body).not.toContain('TENANCY-PROOF');
  expectNoDemoData(theirs);
  const own = await get(url, demo.cookie);
  expect(own.statusCode).toBe(200);
  expect(own.body).toContain(demo.id);
}

/**
 * A practice that has enquired about joining the demo organisation, made through the API once,
 * so the membership proofs do not depend on what the demo seed holds.
 */
let demoProspect: Promise<{ id: string; cookie: string }> | undefined;
const prospectOfDemo = () =>
  (demoProspect ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload: { odsCode: 'Q79001', name: 'Tenancy Proof Surgery' },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ practice: { id: string } }>().practice.id, cookie };
  })());

/** The demo prospect's membership as the demo organisation sees it. */
async function demoMembership() {
  const demo = await prospectOfDemo();
  const own = await get(`/api/membership/${demo.id}`, demo.cookie);
  expect(own.statusCode).toBe(200);
  return own.json<{ stage: string; dueDiligence: { counts: { unrated: number } } }>();
}

/** Another organisation's change to the demo prospect: 404 with nothing of ours, nothing done. */
async function membershipChangeProof(method: 'PUT' | 'POST', path: string, payload: object) {
  const demo = await prospectOfDemo();
  const response = await t.app.inject({
    method,
    url: `/api/membership/${demo.id}${path}`,
    payload,
    headers: { cookie: cookies.otherAdmin },
  });
  expect(response.statusCode).toBe(404);
  expectNoDemoData(response);
  expect(response.body).not.toContain(demo.id);
  expect(response.body).not.toContain('Tenancy Proof Surgery');
  expect(await demoMembership()).toMatchObject({
    stage: 'enquiry',
    dueDiligence: { counts: { unrated: 7 } },
  });
}

/**
 * A site of the demo organisation's first practice, made through the API once, so the site
 * proofs do not depend on what the demo seed holds.
 */
let demoSite: Promise<{ id: string; cookie: string }> | undefined;
const siteOfDemo = () =>
  (demoSite ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      payload: {
        practiceId: t.demo.practiceIds[0],
        name: 'Tenancy Proof Clinic',
        postcode: 'B17 9QN',
        services: ['ecg'],
      },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ id: string }>().id, cookie };
  })());

/** The demo site as the demo organisation sees it, to prove an attempt changed nothing. */
async function demoSiteNow() {
  const demo = await siteOfDemo();
  const own = await get('/api/sites', demo.cookie);
  const site = own
    .json<{ sites: { id: string; name: string }[] }>()
    .sites.find((s) => s.id === demo.id);
  expect(site, 'the demo site is still there').toBeDefined();
  return site;
}

/** A write another organisation (and practices without the right) must not make. */
async function refusedWrite(
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload: object | undefined,
  answers: readonly (readonly [string, number])[],
) {
  const demo = await siteOfDemo();
  for (const [cookie, status] of answers) {
    const response = await t.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { cookie },
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.id);
    expect(response.body).not.toContain('Tenancy Proof Clinic');
  }
}

/** Proofs for the organisation's form history, practice changes and sites. */
const ORGANISATION_STRUCTURE_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/organisation/form-changes': async () => {
    const response = await get('/api/organisation/form-changes', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json<{ changes: { form: string }[] }>().changes.at(-1)).toMatchObject({
      form: 'federation',
    });
    expectNoDemoData(response);
    const own = await get('/api/organisation/form-changes', cookies.demoNavigator);
    expect(own.json<{ changes: { form: string }[] }>().changes.at(-1)).toMatchObject({
      form: 'autonomy-super-partnership',
    });
  },
  'POST /api/organisation/form-changes': async () => {
    const payload = { form: 'hub-network', effectiveFrom: '2999-01-01', reason: 'Tenancy proof' };
    for (const cookie of [cookies.otherClinician, cookies.demoNavigator, cookies.demoClinician]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/organisation/form-changes',
        payload,
        headers: { cookie },
      });
      expect(response.statusCode).toBe(403);
    }
    // Another organisation's administrator changes their own organisation's form only.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/organisation/form-changes',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expectNoDemoData(theirs);
    const demo = await get('/api/organisation/form-changes', cookies.demoNavigator);
    expect(demo.body).not.toContain('2999-01-01');
    expect(demo.body).not.toContain('Tenancy proof');
  },
  'PATCH /api/practices/:practiceId': async () => {
    const [first = '', second = ''] = t.demo.practiceIds;
    const before = (await get(`/api/practices/${first}`, cookies.demoNavigator)).json<{
      region: string | null;
    }>();
    const payload = { region: 'Taken over' };
    const attempts = [
      [`/api/practices/${first}`, cookies.otherAdmin, 404],
      [`/api/practices/${first}`, cookies.demoClinician, 403],
      [`/api/practices/${second}`, cookies.demoNavigator, 403],
    ] as const;
    for (const [url, cookie, status] of attempts) {
      const response = await t.app.inject({ method: 'PATCH', url, payload, headers: { cookie } });
      expect(response.statusCode, url).toBe(status);
      expectNoDemoData(response);
    }
    const after = await get(`/api/practices/${first}`, cookies.demoNavigator);
    expect(after.json<{ region: string | null }>().region).toBe(before.region);
    // Their own practice they may change.
    const own = await t.app.inject({
      method: 'PATCH',
      url: `/api/practices/${t.other.practiceId}`,
      payload: { contractType: 'GMS' },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(own.statusCode).toBe(200);
    expectNoDemoData(own);
  },
  'GET /api/sites': async () => {
    const demo = await siteOfDemo();
    const theirs = await get('/api/sites', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy Proof Clinic');
    expectNoDemoData(theirs);
    // Every role of the demo organisation sees its sites, the test can fail.
    const own = await get('/api/sites', cookies.demoNavigator);
    expect(own.body).toContain(demo.id);
  },
  'POST /api/sites': async () => {
    const [first, second] = t.demo.practiceIds;
    const site = (practiceId: string | null | undefined) => ({
      practiceId,
      name: 'Taken over',
    });
    await refusedWrite('POST', '/api/sites', site(first), [[cookies.otherAdmin, 404]]);
    await refusedWrite('POST', '/api/sites', site(first), [[cookies.demoClinician, 403]]);
    await refusedWrite('POST', '/api/sites', site(second), [[cookies.demoNavigator, 403]]);
    // A site of the whole organisation lands in the caller's own, and a federation has none.
    await refusedWrite('POST', '/api/sites', site(null), [[cookies.otherAdmin, 409]]);
    const { rows } = await t.db.query("select 1 from site where name = 'Taken over'");
    expect(rows).toEqual([]);
  },
  'PATCH /api/sites/:siteId': async () => {
    const demo = await siteOfDemo();
    await refusedWrite('PATCH', `/api/sites/${demo.id}`, { name: 'Taken over' }, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
    expect(await demoSiteNow()).toMatchObject({ name: 'Tenancy Proof Clinic' });
  },
  'DELETE /api/sites/:siteId': async () => {
    const demo = await siteOfDemo();
    await refusedWrite('DELETE', `/api/sites/${demo.id}`, undefined, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
    await demoSiteNow();
  },
};

/** For each route: proof that another organisation (and practice) gets nothing. */
const TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/cost-centres': () => costCentreReadProof('/api/cost-centres?on=2099-01-01'),
  'GET /api/cost-centres/history': () => costCentreReadProof('/api/cost-centres/history'),
  'GET /api/cost-centres/list-sizes': () =>
    costCentreReadProof('/api/cost-centres/list-sizes?on=2099-01-01'),
  'POST /api/cost-centres': async () => {
    const demo = await costCentreOfDemo();
    const payload = { code: 'TENANCY-PROOF', name: 'Theirs' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres',
      payload,
      headers: { cookie: cookies.otherClinician },
    });
    expect(refused.statusCode).toBe(403);
    // The same code is free in another organisation: codes are per organisation.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(demo.id);
    expectNoDemoData(theirs);
  },
  'POST /api/cost-centres/assignments': async () => {
    const demo = await costCentreOfDemo();
    const attempts = [
      { practiceId: t.demo.practiceIds[0], costCentreId: demo.id },
      { practiceId: t.other.practiceId, costCentreId: demo.id },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/cost-centres/assignments',
        payload: { ...attempt, effectiveFrom: '2100-01-01' },
        headers: { cookie: cookies.otherAdmin },
      });
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
      expect(response.body).not.toContain(demo.id);
    }
  },
  'POST /api/cost-centres/merges': async () => {
    const demo = await costCentreOfDemo();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres/merges',
      payload: {
        from: [demo.id],
        newCostCentre: { code: 'TAKEN-OVER', name: 'Taken over' },
        effectiveFrom: '2100-01-01',
        reason: 'Reaching across organisations',
      },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(response.statusCode).toBe(404);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.id);
    const { rows } = await t.db.query('select 1 from cost_centre where code = $1', ['TAKEN-OVER']);
    expect(rows).toEqual([]);
  },
  'GET /api/me': async () => {
    const response = await get('/api/me', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ organisation: { id: t.other.orgId } });
    expectNoDemoData(response);
  },
  'GET /api/organisation': async () => {
    const response = await get('/api/organisation', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: t.other.orgId,
      practices: [{ id: t.other.practiceId }],
    });
    expectNoDemoData(response);
  },
  'GET /api/practices/:practiceId': async () => {
    const url = `/api/practices/${demoPatient.practiceId}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
    }
    const own = await get(url, cookies.demoNavigator);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: demoPatient.practiceId });
    const theirs = await get(`/api/practices/${t.other.practiceId}`, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
  },
  'GET /api/patients': async () => {
    const url = `/api/patients?nhsNumber=${demoPatient.nhsNumber}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ patients: [] });
      expectNoDemoData(response);
    }
    // The clinician of the patient's own practice does find them: the test can fail.
    const own = await get(url, cookies.demoClinician);
    expect(own.json<{ patients: unknown[] }>().patients).toHaveLength(1);
    // The same by name and date of birth.
    const { rows } = await t.db.query<{ family: string; dob: string }>(
      'select family_name as family, date_of_birth as dob from patient where id = $1',
      [demoPatient.id],
    );
    const byName = `/api/patients?familyName=${rows[0]?.family ?? ''}&dateOfBirth=${rows[0]?.dob ?? ''}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(byName, cookie);
      expect(response.statusCode).toBe(200);
      expectNoDemoData(response);
    }
    const ownByName = await get(byName, cookies.demoClinician);
    expect(ownByName.body).toContain(demoPatient.id);
  },
  'GET /api/patients/:patientId': async () => {
    const url = `/api/patients/${demoPatient.id}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
    }
    expect((await get(url, cookies.demoClinician)).statusCode).toBe(200);
  },
  'GET /api/audit-events': async () => {
    const response = await get('/api/audit-events?limit=500', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    const events = response.json<{ events: { userId: string | null }[] }>().events;
    expect(events.length).toBeGreaterThan(0); // the other admin's own sign-in
    expectNoDemoData(response);
    const filtered = await get(`/api/audit-events?patientId=${demoPatient.id}`, cookies.otherAdmin);
    expect(filtered.json()).toEqual({ events: [] });
    // A practice role may not read the trail at all.
    expect((await get('/api/audit-events', cookies.demoClinician)).statusCode).toBe(403);
  },
  'GET /api/membership': async () => {
    const demo = await prospectOfDemo();
    const theirs = await get('/api/membership', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy Proof Surgery');
    expectNoDemoData(theirs);
    for (const cookie of [cookies.otherClinician, cookies.demoNavigator, cookies.demoClinician]) {
      expect((await get('/api/membership', cookie)).statusCode).toBe(403);
    }
    expect((await get('/api/membership', demo.cookie)).body).toContain(demo.id);
  },
  'POST /api/membership/enquiries': async () => {
    const demo = await prospectOfDemo();
    const payload = { odsCode: 'Q79001', name: 'Their Own Surgery' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload,
      headers: { cookie: cookies.otherClinician },
    });
    expect(refused.statusCode).toBe(403);
    // The same ODS code is free in another organisation, and its enquiry stays there.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    const theirId = theirs.json<{ practice: { id: string } }>().practice.id;
    expect(theirId).not.toBe(demo.id);
    expectNoDemoData(theirs);
    expect((await get('/api/membership', demo.cookie)).body).not.toContain(theirId);
  },
  'GET /api/membership/:practiceId': async () => {
    const demo = await prospectOfDemo();
    const url = `/api/membership/${demo.id}`;
    const answers: [string, number][] = [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
      [cookies.demoClinician, 403],
    ];
    for (const [cookie, status] of answers) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(status);
      expectNoDemoData(response);
      expect(response.body).not.toContain('Tenancy Proof Surgery');
    }
    expect((await demoMembership()).stage).toBe('enquiry');
  },
  'PUT /api/membership/:practiceId/due-diligence/:item': () =>
    membershipChangeProof('PUT', '/due-diligence/finances', { rating: 'red', evidence: 'x' }),
  'POST /api/membership/:practiceId/stage-changes': () =>
    membershipChangeProof('POST', '/stage-changes', { to: 'withdrawn' }),
  ...ORGANISATION_STRUCTURE_TENANCY,
};

function apiRoutes() {
  return t.app.registeredRoutes.filter(
    (r) => r.method !== 'HEAD' && !r.webApp && !r.url.startsWith(DOCUMENTATION_PREFIX),
  );
}

describe('route registry', () => {
  it('lists every route as public or with a tenancy test, and nothing that is not a route', () => {
    const registered = apiRoutes().map((r) => `${r.method} ${r.url}`);
    const unlisted = registered.filter((key) => !(key in PUBLIC_ROUTES) && !(key in TENANCY));
    expect(unlisted, 'routes with no tenancy test: add one to TENANCY').toEqual([]);
    const stale = [...Object.keys(PUBLIC_ROUTES), ...Object.keys(TENANCY)].filter(
      (key) => !registered.includes(key),
    );
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
  });

  it('skips only the web app’s own files and the documentation', () => {
    const skipped = t.app.registeredRoutes.filter(
      (r) => r.webApp || r.url.startsWith(DOCUMENTATION_PREFIX),
    );
    for (const r of skipped)
      expect(r.url, r.url).toMatch(/^\/(docs|index\.html$|assets\/|[\w.-]+$)/);
  });

  it('marks exactly the listed routes public', () => {
    const publicRoutes = apiRoutes()
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  for (const [key, proof] of Object.entries(TENANCY)) {
    it(`${key}: another organisation or practice gets nothing`, proof);
  }

  it('refuses every non-public route without a session', async () => {
    for (const route of apiRoutes().filter((r) => !r.public)) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await t.app.inject({ method: route.method as 'GET', url });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json()).toMatchObject({ code: 'not-authenticated' });
    }
  });
});

describe('bad input on every route', () => {
  const withBody = () => apiRoutes().filter((r) => r.schema?.body !== undefined);
  const withQuery = () => apiRoutes().filter((r) => r.schema?.querystring !== undefined);
  const withParams = () => apiRoutes().filter((r) => r.schema?.params !== undefined);

  const send = async (method: string, url: string, payload: string) => {
    const cookie = await t.signIn('demo@atscale.test');
    return t.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { cookie, 'content-type': 'application/json' },
    });
  };

  // The route's path with each parameter filled by a value its schema accepts (an enum's first
  // value, else an id), so that only the body is left for the checks to find wrong.
  const exampleUrl = (route: ReturnType<typeof apiRoutes>[number]) => {
    const params = route.schema?.params as
      { properties?: Record<string, { enum?: string[] }> } | undefined;
    return route.url.replace(
      /:(\w+)/g,
      (_, name: string) =>
        params?.properties?.[name]?.enum?.[0] ?? '00000000-0000-4000-8000-000000000000',
    );
  };

  it('has routes with bodies, query strings and params to check', () => {
    expect(withBody().length).toBeGreaterThan(0);
    expect(withQuery().length).toBeGreaterThan(0);
    expect(withParams().length).toBeGreaterThan(0);
  });

  it('requires every body and query schema to refuse unknown fields', () => {
    for (const route of [...withBody(), ...withQuery()]) {
      const schemas = [route.schema?.body, route.schema?.querystring].filter(Boolean) as {
        additionalProperties?: boolean;
      }[];
      for (const schema of schemas) {
        expect(schema.additionalProperties, `${route.method} ${route.url}`).toBe(false);
      }
    }
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    for (const route of withBody()) {
      const response = await send(route.method, route.url, '{"email": ');
      expect(response.statusCode, route.url).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'malformed-json' });
    }
  });

  it('names a missing field, a wrong type and an unknown field', async () => {
    for (const route of withBody()) {
      const schema = route.schema?.body as {
        required?: string[];
        properties: Record<string, { type?: string }>;
      };
      const required = schema.required ?? [];
      const first = required[0];
      if (first === undefined) continue;
      const valid: Record<string, unknown> = {};
      for (const name of required) valid[name] = 'some-valid-text@example.org';

      const missing = await send(route.method, exampleUrl(route), JSON.stringify({}));
      expect(missing.statusCode, route.url).toBe(400);
      const missingBody = missing.json<{ code: string; errors: unknown[] }>();
      expect(missingBody.code).toBe('validation-failed');
      expect(missingBody.errors).toContainEqual({ field: `body/${first}`, message: 'is required' });

      const wrongType = await send(
        route.method,
        exampleUrl(route),
        JSON.stringify({ ...valid, [first]: 12 }),
      );
      expect(wrongType.statusCode, route.url).toBe(400);
      expect(wrongType.json<{ detail: string }>().detail).toContain(`body/${first}`);

      const unknown = await send(
        route.method,
        exampleUrl(route),
        JSON.stringify({ ...valid, surprise: 1 }),
      );
      expect(unknown.statusCode, route.url).toBe(400);
      expect(unknown.json<{ errors: unknown[] }>().errors).toContainEqual({
        field: 'body/surprise',
        message: 'is not a known field',
      });
    }
  });

  it('refuses unknown query parameters and badly formed params', async () => {
    const cookie = await t.signIn('demo@atscale.test');
    for (const route of withQuery().filter((r) => r.method === 'GET')) {
      const url = route.url.replace(/:(\w+)/g, demoPatient.id);
      const response = await get(`${url}?surprise=1`, cookie);
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation-failed' });
    }
    for (const route of withParams().filter((r) => r.method === 'GET')) {
      const url = route.url.replace(/:(\w+)/g, 'not-an-id');
      const response = await get(url, cookie);
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ detail: string }>().detail).toMatch(/params\//);
    }
  });

  it('answers an oversized body with 413', async () => {
    const route = withBody()[0];
    if (!route) throw new Error('no route with a body');
    const response = await send(
      route.method,
      route.url,
      JSON.stringify({ pad: 'x'.repeat(300_000) }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const route = withBody()[0];
    if (!route) throw new Error('no route with a body');
    const response = await t.app.inject({
      method: route.method as 'POST',
      url: route.url,
      payload: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
  });

  it('answers an unknown API address with a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});
