import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { appointmentRepository } from './access/appointments.js';
import { createTestSite, createTestSlot } from './access/access-test-fixtures.js';
import { patientRepository } from './patients.js';
import {
  SYSTEM_CLIENT_ROLE,
  systemClientRepository,
  unscopedSystemClientRepository,
} from './system-clients.js';
import { unscopedAccountRepository } from './unscoped-accounts.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let manager: Principal;
let outsider: Principal;
let first: string;
let second: string;
let third: string;
let hubId: string;
const patients: Record<string, string> = {};

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const newHash = () => sha(randomBytes(32).toString('base64url'));

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'hub-network',
    createdOn: '2016-01-01',
    practices: 3,
  });
  [first = '', second = '', third = ''] = org.practiceIds;
  admin = await org.principal([{ role: 'org-admin', practiceId: null }]);
  manager = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'org-admin', practiceId: null }]);
  const hub = await t.db.query<{ id: string }>(
    `insert into hub (org_id, name) values ($1, 'Evening hub') returning id`,
    [org.orgId],
  );
  hubId = hub.rows[0]?.id ?? '';
  await t.db.query(
    `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
     values ($1, $2, $3, 5), ($1, $2, $4, 5)`,
    [org.orgId, hubId, first, second],
  );
  for (const [i, practiceId] of [first, second, third].entries()) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
       values ($1, $2, $3, 'Pat', 'Client', '1980-01-01') returning id`,
      [org.orgId, practiceId, `999000000${i}`],
    );
    patients[practiceId] = rows[0]?.id ?? '';
  }
});
afterAll(() => t.dispose());

const clients = (principal: Principal) =>
  systemClientRepository(t.db, { principal, requestId: 'req-client' });
const tokens = () => unscopedSystemClientRepository(t.db);

/** Issues a token for a client and returns its hash. */
async function issue(clientId: string, scopes: string[], seconds = 300) {
  const client = await tokens().findForToken(clientId);
  if (!client) throw new Error('no such client');
  const tokenHash = newHash();
  const expires = await tokens().issueToken({
    tokenHash,
    clientId,
    orgId: client.orgId,
    scopes,
    seconds,
    requestId: 'req-token',
  });
  return { tokenHash, expires };
}

describe('registering system clients', () => {
  it('registers a client for a practice, audited, with a backing user that cannot sign in', async () => {
    const client = await clients(admin).register(
      { name: ' Riverside booking ', practiceId: first, scopes: ['system/Slot.read'] },
      newHash(),
    );
    expect(client).toMatchObject({
      name: 'Riverside booking',
      actsFor: { kind: 'practice', id: first, name: 'Practice 1' },
      scopes: ['system/Slot.read'],
      revokedAt: null,
      createdBy: { id: admin.userId },
      lastTokenAt: null,
    });
    const found = await tokens().findForToken(client.id);
    const account = await unscopedAccountRepository(t.db).findForSignIn(
      `system-client-${client.id}@atscale.invalid`,
    );
    expect(account).toMatchObject({ id: found?.userId, disabled: true });
    const audit = await t.db.query<{ action: string; role: string; user_id: string }>(
      `select action, role, user_id from audit_event
        where entity_type = 'system-client' and entity_id = $1`,
      [client.id],
    );
    expect(audit.rows).toEqual([
      { action: 'system-client.register', role: 'org-admin', user_id: admin.userId },
    ]);
    expect((await clients(admin).list()).map((c) => c.id)).toContain(client.id);
  });

  it('refuses bad input naming the field', async () => {
    const attempts: [Parameters<ReturnType<typeof clients>['register']>[0], string][] = [
      [{ name: ' ', practiceId: first, scopes: ['system/Slot.read'] }, '/name'],
      [{ name: 'x', scopes: ['system/Slot.read'] }, '/practiceId'],
      [{ name: 'x', practiceId: first, hubId, scopes: ['system/Slot.read'] }, '/hubId'],
      [{ name: 'x', practiceId: first, scopes: [] }, '/scopes'],
      [
        { name: 'x', practiceId: first, scopes: ['system/Slot.read', 'patient/*.read'] },
        '/scopes/1',
      ],
      [{ name: 'x', practiceId: first, scopes: ['system/Observation.read'] }, '/scopes/0'],
      [{ name: 'x', practiceId: org.orgId, scopes: ['system/Slot.read'] }, '/practiceId'],
    ];
    for (const [input, field] of attempts) {
      await expect(clients(admin).register(input, newHash()), field).rejects.toMatchObject({
        code: 'validation-failed',
        errors: [{ field }],
      });
    }
  });

  it('is for organisation administrators of the organisation only', async () => {
    await expect(
      clients(manager).register(
        { name: 'Mine', practiceId: first, scopes: ['system/Slot.read'] },
        newHash(),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(clients(manager).list()).rejects.toMatchObject({ code: 'forbidden' });
    // Another organisation's practice is not one of the caller's.
    await expect(
      clients(outsider).register(
        { name: 'Theirs', practiceId: first, scopes: ['system/Slot.read'] },
        newHash(),
      ),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/practiceId' }] });
    const client = await clients(admin).register(
      { name: 'Not theirs', practiceId: first, scopes: ['system/Slot.read'] },
      newHash(),
    );
    await expect(clients(outsider).revoke(client.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(clients(outsider).get(client.id)).rejects.toMatchObject({ code: 'not-found' });
    expect((await clients(outsider).list()).map((c) => c.id)).not.toContain(client.id);
    expect((await clients(admin).get(client.id)).revokedAt).toBeNull();
  });
});

describe('client tokens', () => {
  it('resume as the backing user with the client’s role at its practice only', async () => {
    const client = await clients(admin).register(
      { name: 'Practice 2 system', practiceId: second, scopes: ['system/*.read'] },
      newHash(),
    );
    const { tokenHash, expires } = await issue(client.id, ['system/Patient.read']);
    expect(expires?.getTime()).toBeGreaterThan(Date.now() + 250_000);
    const user = await tokens().resumeToken(tokenHash);
    expect(user).toMatchObject({
      clientId: client.id,
      orgId: org.orgId,
      displayName: 'Practice 2 system',
      scopes: ['system/Patient.read'],
      grants: [{ role: SYSTEM_CLIENT_ROLE, practiceId: second }],
    });
    expect((await clients(admin).get(client.id)).lastTokenAt).not.toBeNull();
    if (!user) throw new Error('no user');
    const asClient = patientRepository(t.db, { principal: user, requestId: 'req-read' });
    const own = patients[second] ?? '';
    const theirs = patients[third] ?? '';
    expect((await asClient.get(own, null)).id).toBe(own);
    await expect(asClient.get(theirs, null)).rejects.toMatchObject({ code: 'not-found' });
    const audit = await t.db.query<{ action: string; role: string | null }>(
      `select action, role from audit_event where user_id = $1 and entity_type = 'patient'
        order by id`,
      [user.userId],
    );
    expect(audit.rows).toEqual([
      { action: 'patient.read', role: SYSTEM_CLIENT_ROLE },
      { action: 'patient.read-refused', role: null },
    ]);
  });

  it('give a hub’s client its practices as the hub has them now', async () => {
    const client = await clients(admin).register(
      { name: 'Hub system', hubId, scopes: ['system/Slot.read'] },
      newHash(),
    );
    expect(client.actsFor).toEqual({ kind: 'hub', id: hubId, name: 'Evening hub' });
    const { tokenHash } = await issue(client.id, ['system/Slot.read']);
    const grantsNow = async () => (await tokens().resumeToken(tokenHash))?.grants;
    expect(await grantsNow()).toEqual(
      [first, second].sort().map((practiceId) => ({ role: SYSTEM_CLIENT_ROLE, practiceId })),
    );
    await t.db.query(
      `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold) values ($1, $2, $3, 1)`,
      [org.orgId, hubId, third],
    );
    expect(await grantsNow()).toHaveLength(3);
    await t.db.query('delete from hub_practice where hub_id = $1 and practice_id = $2', [
      hubId,
      third,
    ]);
  });

  it('stop working when they expire, and when their client is revoked, at once', async () => {
    const client = await clients(admin).register(
      { name: 'Short lived', practiceId: first, scopes: ['system/Slot.read'] },
      newHash(),
    );
    const live = await issue(client.id, ['system/Slot.read']);
    const unknown = newHash();
    expect(await tokens().resumeToken(unknown)).toBeNull();
    // Expired: moved into the past rather than waited for.
    const expired = await issue(client.id, ['system/Slot.read']);
    await t.db.query(
      `update system_client_token set issued_at = now() - interval '2 hours',
              expires_at = now() - interval '1 second' where token_hash = $1`,
      [expired.tokenHash],
    );
    expect(await tokens().resumeToken(expired.tokenHash)).toBeNull();
    expect(await tokens().resumeToken(live.tokenHash)).not.toBeNull();

    const revoked = await clients(admin).revoke(client.id);
    expect(revoked).toMatchObject({ revokedBy: { id: admin.userId } });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await tokens().resumeToken(live.tokenHash)).toBeNull();
    const count = await t.db.query<{ n: number }>(
      'select count(*)::int as n from system_client_token where client_id = $1',
      [client.id],
    );
    expect(count.rows[0]?.n).toBe(0);
    // A revoked client gets no new token, and cannot be revoked twice.
    expect(
      await tokens().issueToken({
        tokenHash: newHash(),
        clientId: client.id,
        orgId: org.orgId,
        scopes: ['system/Slot.read'],
        seconds: 300,
        requestId: null,
      }),
    ).toBeNull();
    await expect(clients(admin).revoke(client.id)).rejects.toMatchObject({ code: 'conflict' });
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_type = 'system-client' and entity_id = $1
        order by id`,
      [client.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'system-client.register',
      'system-client.token',
      'system-client.token',
      'system-client.revoke',
    ]);
  });

  it('let a client book as a care navigator would: its practice’s or hub’s slots, its patients', async () => {
    const startsAt = (hour: number) => {
      const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      return `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
    };
    const site = await createTestSite(t.db, org.orgId, second, 'Second site');
    const own = await createTestSlot(t.db, {
      orgId: org.orgId,
      siteId: site,
      practiceId: second,
      startsAt: startsAt(9),
      capacity: 2,
    });
    const client = await clients(admin).register(
      { name: 'Booker', practiceId: second, scopes: ['system/Appointment.write'] },
      newHash(),
    );
    const user = await tokens().resumeToken(
      (await issue(client.id, ['system/Appointment.write'])).tokenHash,
    );
    if (!user) throw new Error('no user');
    const asClient = appointmentRepository(t.db, { principal: user, requestId: 'req-book' });
    const booked = await asClient.book({ slotId: own, patientId: patients[second] ?? '' });
    expect(booked.id).toBeTruthy();
    // Another practice's patient is out of its reach.
    await expect(
      asClient.book({ slotId: own, patientId: patients[third] ?? '' }),
    ).rejects.toMatchObject({ code: 'not-found' });

    const hubSite = await createTestSite(t.db, org.orgId, null, 'Hub site');
    await t.db.query('insert into hub_site (org_id, hub_id, site_id) values ($1, $2, $3)', [
      org.orgId,
      hubId,
      hubSite,
    ]);
    const hubSlot = await createTestSlot(t.db, {
      orgId: org.orgId,
      siteId: hubSite,
      practiceId: null,
      hubId,
      startsAt: startsAt(18),
    });
    const hubClient = await clients(admin).register(
      { name: 'Hub booker', hubId, scopes: ['system/Appointment.write'] },
      newHash(),
    );
    const hubUser = await tokens().resumeToken(
      (await issue(hubClient.id, ['system/Appointment.write'])).tokenHash,
    );
    if (!hubUser) throw new Error('no user');
    const asHub = appointmentRepository(t.db, { principal: hubUser, requestId: 'req-hub' });
    await expect(
      asHub.book({ slotId: hubSlot, patientId: patients[third] ?? '', hubOverrideReason: 'test' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const hubBooked = await asHub.book({
      slotId: hubSlot,
      patientId: patients[first] ?? '',
      hubOverrideReason: 'Practice 1 is full today',
    });
    expect(hubBooked.id).toBeTruthy();
  });
});
