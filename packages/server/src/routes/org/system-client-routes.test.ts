import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRABLE_SCOPES } from '@atscale/domain';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let navigator: string;
let otherAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const request = (
  method: 'GET' | 'POST',
  url: string,
  cookie: string,
  payload?: Record<string, unknown>,
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload }),
  });

interface Client {
  id: string;
  name: string;
  actsFor: { kind: string; id: string; name: string };
  scopes: string[];
  revokedAt: string | null;
  revokedBy: { id: string; displayName: string } | null;
}

describe('system clients for organisation administrators', () => {
  it('registers a client, shows its secret once and keeps only its hash, audited', async () => {
    const practiceId = t.demo.practiceIds[0] ?? '';
    const created = await request('POST', '/api/system-clients', admin, {
      name: 'NHS 111 booking',
      practiceId,
      scopes: ['system/Slot.read', 'system/Appointment.write'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { client, clientSecret } = created.json<{ client: Client; clientSecret: string }>();
    expect(client).toMatchObject({
      name: 'NHS 111 booking',
      actsFor: { kind: 'practice', id: practiceId },
      scopes: ['system/Slot.read', 'system/Appointment.write'],
      revokedAt: null,
    });
    expect(clientSecret.length).toBeGreaterThanOrEqual(43);

    const listed = await request('GET', '/api/system-clients', admin);
    expect(listed.statusCode).toBe(200);
    const body = listed.json<{ clients: Client[]; scopes: string[]; tokenUrl: string }>();
    expect(body.clients.map((c) => c.id)).toContain(client.id);
    expect(body.scopes).toEqual(REGISTRABLE_SCOPES);
    expect(body.tokenUrl).toBe('http://localhost/oauth/token');
    expect(listed.body).not.toContain(clientSecret);

    const stored = await t.db.query('select * from system_client where id = $1', [client.id]);
    expect(stored.rows[0]?.secret_hash).toBe(
      createHash('sha256').update(clientSecret).digest('hex'),
    );
    expect(JSON.stringify(stored.rows)).not.toContain(clientSecret);
    const audit = await t.db.query<{ action: string; role: string }>(
      `select action, role from audit_event where entity_type = 'system-client' and entity_id = $1`,
      [client.id],
    );
    expect(audit.rows).toEqual([{ action: 'system-client.register', role: 'org-admin' }]);
  });

  it('revokes a client once, audited; another organisation cannot', async () => {
    const created = await request('POST', '/api/system-clients', admin, {
      name: 'Hub system',
      practiceId: t.demo.practiceIds[1],
      scopes: ['system/*.read'],
    });
    const { client } = created.json<{ client: Client }>();

    const theirs = await request('POST', `/api/system-clients/${client.id}/revoke`, otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain('Hub system');
    const theirList = await request('GET', '/api/system-clients', otherAdmin);
    expect(theirList.statusCode).toBe(200);
    expect(theirList.body).not.toContain(client.id);

    const revoked = await request('POST', `/api/system-clients/${client.id}/revoke`, admin);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json<Client>()).toMatchObject({
      id: client.id,
      revokedBy: { displayName: expect.any(String) as string },
    });
    expect(revoked.json<Client>().revokedAt).not.toBeNull();
    const twice = await request('POST', `/api/system-clients/${client.id}/revoke`, admin);
    expect(twice.statusCode).toBe(409);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_type = 'system-client' and entity_id = $1
        order by id`,
      [client.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'system-client.register',
      'system-client.revoke',
    ]);
  });

  it('is refused to roles that do not manage users', async () => {
    expect((await request('GET', '/api/system-clients', navigator)).statusCode).toBe(403);
    const created = await request('POST', '/api/system-clients', navigator, {
      name: 'Mine',
      practiceId: t.demo.practiceIds[1],
      scopes: ['system/Slot.read'],
    });
    expect(created.statusCode).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const practiceId = t.demo.practiceIds[0];
    const cases: [Record<string, unknown>, string][] = [
      [{ practiceId, scopes: ['system/Slot.read'] }, 'body/name'],
      [{ name: ' ', practiceId, scopes: ['system/Slot.read'] }, 'body/name'],
      [{ name: 'x', practiceId, scopes: ['system/Observation.read'] }, 'body/scopes/0'],
      [{ name: 'x', practiceId, scopes: [] }, 'body/scopes'],
      [{ name: 'x', scopes: ['system/Slot.read'] }, 'body/practiceId'],
      [{ name: 'x', practiceId, hubId: practiceId, scopes: ['system/Slot.read'] }, 'body/hubId'],
      [{ name: 'x', practiceId: 'nope', scopes: ['system/Slot.read'] }, 'body/practiceId'],
      [
        { name: 'x', practiceId: t.other.practiceId, scopes: ['system/Slot.read'] },
        'body/practiceId',
      ],
      [{ name: 'x', hubId: t.other.practiceId, scopes: ['system/Slot.read'] }, 'body/hubId'],
    ];
    for (const [payload, field] of cases) {
      const response = await request('POST', '/api/system-clients', admin, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const problem = response.json<{ code: string; errors: { field: string }[] }>();
      expect(problem.code).toBe('validation-failed');
      expect(
        problem.errors.map((e) => e.field),
        JSON.stringify(payload),
      ).toContain(field);
    }
    const badId = await request('POST', '/api/system-clients/not-an-id/revoke', admin);
    expect(badId.statusCode).toBe(400);
    expect(badId.json<{ detail: string }>().detail).toContain('params/clientId');
  });

  it('is described in the OpenAPI document, with the token endpoint', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const { paths } = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(paths['/api/system-clients'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(paths['/api/system-clients/{clientId}/revoke']?.post).toBeDefined();
    expect(paths['/oauth/token']?.post).toMatchObject({ tags: ['oauth'] });
  });
});
