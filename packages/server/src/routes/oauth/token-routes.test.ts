import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let otherAdmin: string;

beforeAll(async () => {
  warmFhirValidator(['CapabilityStatement', 'Bundle', 'OperationOutcome']);
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

interface Registered {
  client: { id: string; scopes: string[] };
  clientSecret: string;
}

/** Registers a client through the admin API. */
async function register(
  scopes: string[],
  actsFor: { practiceId?: string; hubId?: string } = { practiceId: t.demo.practiceIds[0] ?? '' },
  cookie = admin,
): Promise<Registered> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/system-clients',
    headers: { cookie },
    payload: { name: 'Test booking system', scopes, ...actsFor },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Registered>();
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** POSTs a form to the token endpoint. */
const tokenRequest = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(fields),
  });

/** Gets a token for a registered client (credentials in the form). */
async function tokenFor(registered: Registered, scope?: string, app = t.app) {
  const response = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({
      grant_type: 'client_credentials',
      client_id: registered.client.id,
      client_secret: registered.clientSecret,
      ...(scope === undefined ? {} : { scope }),
    }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string; scope: string; expires_in: number }>();
}

const fhir = (url: string, token: string, app = t.app) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('POST /oauth/token', () => {
  it('issues a bearer token that searches FHIR Organization, every call audited', async () => {
    const registered = await register(['system/*.read']);
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: registered.client.id,
      client_secret: registered.clientSecret,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const token = response.json<{
      access_token: string;
      token_type: string;
      expires_in: number;
      scope: string;
    }>();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/*.read' });
    expect(token.access_token.length).toBeGreaterThanOrEqual(43);

    const search = await fhir('/fhir/R4/Organization', token.access_token);
    expect(search.statusCode, search.body).toBe(200);
    const bundle = search.json<{ total: number; entry: { resource: { id: string } }[] }>();
    assertValidFhir(bundle);
    expect(bundle.entry.map((e) => e.resource.id)).toContain(t.demo.orgId);
    expect(search.body).not.toContain(t.other.orgId);

    const audit = await t.db.query<{ action: string; entity_type: string; reason: string }>(
      `select action, entity_type, reason from audit_event
        where role = 'system-client' and request_id = $1`,
      [search.headers['x-request-id']],
    );
    expect(audit.rows).toEqual([
      {
        action: 'fhir.search',
        entity_type: 'Organization',
        reason: `system client ${registered.client.id}: search, HTTP 200`,
      },
    ]);
    // Neither the secret nor the token is ever logged.
    const logged = t.logs.join('\n');
    expect(logged).not.toContain(registered.clientSecret);
    expect(logged).not.toContain(token.access_token);
  });

  it('takes the client credentials by HTTP Basic too', async () => {
    const registered = await register(['system/Location.read']);
    const basic = Buffer.from(`${registered.client.id}:${registered.clientSecret}`).toString(
      'base64',
    );
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(response.statusCode, response.body).toBe(200);
    const { access_token: token } = response.json<{ access_token: string }>();
    expect((await fhir('/fhir/R4/Location', token)).statusCode).toBe(200);
  });

  it('refuses a wrong secret, an unknown client and no credentials with 401 invalid_client', async () => {
    const registered = await register(['system/*.read']);
    const attempts: Record<string, string>[] = [
      { client_id: registered.client.id, client_secret: `${registered.clientSecret}x` },
      { client_id: registered.client.id, client_secret: '' },
      { client_id: '00000000-0000-4000-8000-000000000000', client_secret: registered.clientSecret },
      { client_id: 'not-a-uuid', client_secret: registered.clientSecret },
      {},
    ];
    for (const credentials of attempts) {
      const response = await tokenRequest({ grant_type: 'client_credentials', ...credentials });
      expect(response.statusCode, JSON.stringify(credentials)).toBe(401);
      expect(response.json()).toMatchObject({ error: 'invalid_client' });
      expect(response.headers['www-authenticate']).toContain('Basic');
    }
    const refused = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_event
        where action = 'system-client.token-refused' and entity_id = $1`,
      [registered.client.id],
    );
    expect(refused.rows[0]?.n).toBe(2);
  });

  it('answers bad requests with RFC 6749 errors, never a 500', async () => {
    const registered = await register(['system/*.read']);
    const good = {
      grant_type: 'client_credentials',
      client_id: registered.client.id,
      client_secret: registered.clientSecret,
    };
    const unsupported = await tokenRequest({ ...good, grant_type: 'password' });
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const missing = await tokenRequest({
      client_id: registered.client.id,
      client_secret: registered.clientSecret,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });

    const twice = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${form(good)}&grant_type=client_credentials`,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: 'invalid_request' });

    for (const [type, payload] of [
      ['application/json', JSON.stringify(good)],
      ['application/json', '{"grant_type": '],
      ['text/plain', 'hello'],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': type },
        payload,
      });
      expect(response.statusCode, `${type} ${payload}`).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_request' });
    }
    const empty = await t.app.inject({ method: 'POST', url: '/oauth/token' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: 'invalid_request' });

    const basic = Buffer.from(`${registered.client.id}:${registered.clientSecret}`).toString(
      'base64',
    );
    const both = await tokenRequest(good, { authorization: `Basic ${basic}` });
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('grants a subset of the client’s scopes, and refuses a wider one with invalid_scope', async () => {
    const registered = await register(['system/*.read', 'system/Appointment.write']);
    const narrow = await tokenFor(registered, 'system/Location.read');
    expect(narrow.scope).toBe('system/Location.read');
    expect((await fhir('/fhir/R4/Location', narrow.access_token)).statusCode).toBe(200);
    const refused = await fhir('/fhir/R4/Organization', narrow.access_token);
    expect(refused.statusCode).toBe(403);
    const outcome = refused.json<{ issue: { code: string; diagnostics: string }[] }>();
    assertValidFhir(outcome);
    expect(outcome.issue[0]?.code).toBe('forbidden');
    expect(outcome.issue[0]?.diagnostics).toContain('system/Organization.read');

    const v2 = await tokenFor(registered, 'system/Organization.rs');
    expect((await fhir('/fhir/R4/Organization', v2.access_token)).statusCode).toBe(200);

    for (const scope of ['system/*.write', 'system/Slot.write', 'patient/*.read', 'nonsense']) {
      const response = await tokenRequest({
        grant_type: 'client_credentials',
        client_id: registered.client.id,
        client_secret: registered.clientSecret,
        scope,
      });
      expect(response.statusCode, scope).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_scope' });
    }
  });

  it('gives a client with only system/Location.read 403 on Organization', async () => {
    const registered = await register(['system/Location.read']);
    const { access_token: token, scope } = await tokenFor(registered);
    expect(scope).toBe('system/Location.read');
    expect((await fhir('/fhir/R4/Location', token)).statusCode).toBe(200);
    for (const url of ['/fhir/R4/Organization', `/fhir/R4/Organization/${t.demo.orgId}`]) {
      const response = await fhir(url, token);
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    const audit = await t.db.query<{ action: string; reason: string }>(
      `select action, reason from audit_event where role = 'system-client'
        and entity_type = 'Organization' and reason like $1 order by id`,
      [`system client ${registered.client.id}:%`],
    );
    expect(audit.rows).toEqual([
      { action: 'fhir.search', reason: `system client ${registered.client.id}: search, HTTP 403` },
      { action: 'fhir.read', reason: `system client ${registered.client.id}: read, HTTP 403` },
    ]);
  });
});

describe('bearer tokens on FHIR calls', () => {
  it('stop working when they expire', async () => {
    // The same database behind an app whose tokens last one second.
    const shortLived = await buildApp({
      db: t.db,
      config: { fhirTokenSeconds: 1 },
      logger: false,
    });
    try {
      const registered = await register(['system/Organization.read']);
      const token = await tokenFor(registered, undefined, shortLived);
      expect(token.expires_in).toBe(1);
      expect((await fhir('/fhir/R4/Organization', token.access_token, shortLived)).statusCode).toBe(
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await fhir('/fhir/R4/Organization', token.access_token, shortLived);
      expect(expired.statusCode).toBe(401);
      expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(expired.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'login' }],
      });
    } finally {
      await shortLived.close();
    }
  });

  it('stop working on the next call once the client is revoked', async () => {
    const registered = await register(['system/*.read']);
    const { access_token: token } = await tokenFor(registered);
    expect((await fhir('/fhir/R4/Organization', token)).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/system-clients/${registered.client.id}/revoke`,
      headers: { cookie: admin },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = await fhir('/fhir/R4/Organization', token);
    expect(after.statusCode).toBe(401);
    expect(after.headers['www-authenticate']).toContain('error="invalid_token"');
    const again = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: registered.client.id,
      client_secret: registered.clientSecret,
    });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses unknown and malformed tokens with 401 invalid_token, and asks for one when none is sent', async () => {
    for (const authorization of ['Bearer not-a-real-token', 'Bearer', 'Bearer a b']) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/fhir/R4/Location',
        headers: { authorization },
      });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      assertValidFhir(response.json());
    }
    const none = await t.app.inject({ method: 'GET', url: '/fhir/R4/Location' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="atscale"');
  });

  it('are refused on the app’s API, which stays cookie-only', async () => {
    const registered = await register(['system/*.read', 'system/*.write']);
    const { access_token: token } = await tokenFor(registered);
    for (const url of ['/api/me', '/api/sites', '/api/system-clients']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ code: 'not-authenticated' });
    }
  });

  it('reach only the client’s organisation, and patients of its own practice only', async () => {
    const registered = await register(['system/*.read']);
    const { access_token: token } = await tokenFor(registered);
    const theirs = await fhir(`/fhir/R4/Organization/${t.other.orgId}`, token);
    expect(theirs.statusCode).toBe(404);
    const theirPractice = await fhir(`/fhir/R4/Organization/${t.other.practiceId}`, token);
    expect(theirPractice.statusCode).toBe(404);
    const search = await fhir('/fhir/R4/Organization', token);
    expect(search.body).not.toContain(t.other.orgId);

    const patientAt = async (practiceId: string) =>
      (
        await t.db.query<{ id: string }>(
          'select id from patient where practice_id = $1 order by nhs_number limit 1',
          [practiceId],
        )
      ).rows[0]?.id ?? '';
    const own = await patientAt(t.demo.practiceIds[0] ?? '');
    const otherPractice = await patientAt(t.demo.practiceIds[1] ?? '');
    expect((await fhir(`/fhir/R4/Patient/${own}`, token)).statusCode).toBe(200);
    const refused = await fhir(`/fhir/R4/Patient/${otherPractice}`, token);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain(otherPractice);
    // The other organisation's admin never sees the client.
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/system-clients',
      headers: { cookie: otherAdmin },
    });
    expect(listed.body).not.toContain(registered.client.id);
  });
});

describe('the CapabilityStatement', () => {
  it('says how to get a token, valid against the R4 definitions', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    const statement = response.json<{
      rest: {
        security: {
          service: { coding: { code: string }[] }[];
          extension: { url: string; extension: { url: string; valueUri: string }[] }[];
          description: string;
        };
      }[];
    }>();
    assertValidFhir(statement);
    const security = statement.rest[0]?.security;
    expect(security?.service[0]?.coding[0]?.code).toBe('SMART-on-FHIR');
    expect(security?.extension[0]).toEqual({
      url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
      extension: [{ url: 'token', valueUri: 'http://localhost/oauth/token' }],
    });
    expect(security?.description).toContain('system/*.read');
  });
});
