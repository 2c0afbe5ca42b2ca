import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoOrganisation, tableRowCounts, type DemoOrganisation } from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { verifyPassword } from '@atscale/server';
import { runCli } from '../run.js';
import { addUser, type UserRequest } from './user-add.js';

const PASSWORD = 'a long enough password';
let t: TestDatabase;
let demo: DemoOrganisation;
beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
});
afterAll(() => t.dispose());

const add = (request: Partial<UserRequest>, password = PASSWORD) =>
  addUser(
    t.db,
    { email: 'new@example.org', roles: [], practices: [], ...request },
    { password: () => Promise.resolve(password), reason: 'test' },
  );

describe('addUser', () => {
  it('adds the user with practice and organisation roles, and audits it in the same breath', async () => {
    const added = await add({
      email: ' Sam.Okafor@Example.org ',
      displayName: 'Dr Sam Okafor',
      roles: ['clinician', 'org-admin', 'partner:Y90003'],
      practices: ['Y90001', 'Y90002'],
    });
    expect(added).toMatchObject({
      email: 'sam.okafor@example.org',
      displayName: 'Dr Sam Okafor',
      organisation: { id: demo.orgId },
    });
    const { rows: grants } = await t.db.query<{ role: string; ods: string | null }>(
      `select g.role, p.ods_code as ods from role_grant g left join practice p on p.id = g.practice_id
        where g.user_id = $1 order by g.role, p.ods_code`,
      [added.id],
    );
    expect(grants).toEqual([
      { role: 'clinician', ods: 'Y90001' },
      { role: 'clinician', ods: 'Y90002' },
      { role: 'org-admin', ods: null },
      { role: 'partner', ods: 'Y90003' },
    ]);
    const { rows: users } = await t.db.query<{ password_hash: string }>(
      'select password_hash from app_user where id = $1',
      [added.id],
    );
    expect(await verifyPassword(users[0]?.password_hash ?? '', PASSWORD)).toBe(true);
    const { rows: audit } = await t.db.query(
      `select org_id as "orgId", action, entity_type as "entityType", entity_id as "entityId",
              user_id as "userId", reason from audit_event where entity_id = $1`,
      [added.id],
    );
    expect(audit).toEqual([
      {
        orgId: demo.orgId,
        action: 'user.create',
        entityType: 'user',
        entityId: added.id,
        userId: null,
        reason: 'test',
      },
    ]);
  });

  it('names the user after their email when no name is given', async () => {
    const added = await add({ email: 'jo.lee2@example.org', roles: ['governance'] });
    expect(added.displayName).toBe('jo.lee2');
  });

  it.each<[string, Partial<UserRequest>, RegExp, string?]>([
    ['an unknown role', { roles: ['surgeon'] }, /Unknown role surgeon/],
    [
      'an unknown practice',
      { roles: ['clinician'], practices: ['Y99999'] },
      /no practice with the ODS code Y99999\. Its practices are: Y90001 Riverside Surgery/,
    ],
    [
      'a practice role without a practice',
      { roles: ['clinician'] },
      /clinician is held at a practice/,
    ],
    [
      'an organisation role with a practice',
      { roles: ['org-admin:Y90001'] },
      /held for the whole organisation/,
    ],
    ['a taken email', { email: 'DEMO@atscale.test', roles: ['governance'] }, /already exists/],
    ['a bad email', { email: 'not-an-email', roles: ['governance'] }, /not an email address/],
    ['a short password', { roles: ['governance'] }, /at least 12 characters/, 'short'],
    ['an unknown organisation', { roles: ['governance'], org: 'Nowhere' }, /No organisation/],
  ])('refuses %s and writes nothing', async (_case, request, message, password) => {
    const before = await tableRowCounts(t.db);
    await expect(add(request, password)).rejects.toThrow(message);
    expect(await tableRowCounts(t.db)).toEqual(before);
  });

  it('asks for no password when the request is bad', async () => {
    const password = vi.fn(() => Promise.resolve(PASSWORD));
    await expect(
      addUser(
        t.db,
        { email: 'demo@atscale.test', roles: ['governance'], practices: [] },
        { password, reason: 'test' },
      ),
    ).rejects.toThrow(/already exists/);
    expect(password).not.toHaveBeenCalled();
  });

  it('needs --org once there are two organisations, matched by name or id', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into organisation (name, form) values ('Second Federation', 'federation') returning id`,
    );
    const second = rows[0]?.id ?? '';
    await expect(add({ email: 'two@example.org', roles: ['governance'] })).rejects.toThrow(
      /has 2 organisations: name one with --org\. They are "Demo Health Partnership" \(.+\), "Second Federation"/,
    );
    const byName = await add({
      email: 'two@example.org',
      roles: ['governance'],
      org: 'Second Federation',
    });
    expect(byName.organisation.id).toBe(second);
    const byId = await add({ email: 'three@example.org', roles: ['governance'], org: demo.orgId });
    expect(byId.organisation.id).toBe(demo.orgId);
    // A practice of the other organisation is unknown here.
    await expect(
      add({ email: 'four@example.org', roles: ['clinician:Y90001'], org: 'Second Federation' }),
    ).rejects.toThrow(/Second Federation has no practice with the ODS code Y90001/);
  });
});

describe('atscale user add, through runCli', () => {
  it('prints one line and exits 1 for a bad role, before touching any database', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli([
        'node',
        'atscale',
        'user',
        'add',
        '--email',
        'x@example.org',
        '--role',
        'surgeon',
        '--data',
        '/nonexistent/atscale-data',
      ]);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /^atscale: Unknown role surgeon: the roles are org-admin, .*\n$/,
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it('exits 1 with usage help when --email is missing, without ending the process', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['node', 'atscale', 'user', 'add', '--role', 'governance'])).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /required option '--email <email>' not specified/,
      );
    } finally {
      stderr.mockRestore();
    }
  });
});
