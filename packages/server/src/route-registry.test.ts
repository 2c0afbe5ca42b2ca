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

/** For each route: proof that another organisation (and practice) gets nothing. */
const TENANCY: Record<string, () => Promise<void>> = {
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

      const missing = await send(route.method, route.url, JSON.stringify({}));
      expect(missing.statusCode, route.url).toBe(400);
      const missingBody = missing.json<{ code: string; errors: unknown[] }>();
      expect(missingBody.code).toBe('validation-failed');
      expect(missingBody.errors).toContainEqual({ field: `body/${first}`, message: 'is required' });

      const wrongType = await send(
        route.method,
        route.url,
        JSON.stringify({ ...valid, [first]: 12 }),
      );
      expect(wrongType.statusCode, route.url).toBe(400);
      expect(wrongType.json<{ detail: string }>().detail).toContain(`body/${first}`);

      const unknown = await send(
        route.method,
        route.url,
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
