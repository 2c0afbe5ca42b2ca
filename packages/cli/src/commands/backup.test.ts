import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  migrate,
  openPglite,
  readMigrations,
  seedDemoOrganisation,
  tableRowCounts,
  type Database,
  type TableRowCounts,
} from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { runCli } from '../run.js';
import { captureTerminal } from '../testing/capture-terminal.js';
import { backupCommand } from './backup.js';
import { restoreCommand } from './restore.js';
import { userAddCommand } from './user-add.js';

const serverUrl = process.env.DATABASE_URL?.trim();
const NO_SERVER: NodeJS.ProcessEnv = {};
const PASSWORD_LINE = 'a long enough password\n';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'atscale-backup-test-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** What a restored database must still be: the same rows, and an audit trail nobody can edit. */
async function expectSameDatabase(db: Database, before: TableRowCounts): Promise<void> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  expect(Object.keys(before)).toEqual(tables.map((t) => t.name));
  expect(await tableRowCounts(db)).toEqual(before);
  expect(before).toMatchObject({ organisation: 1, practice: 3, app_user: 10, patient: 300 });
  await expect(db.query("update audit_event set reason = 'changed'")).rejects.toThrow(
    /append-only: UPDATE/,
  );
  const { rows } = await db.query(
    `select u.email, a.action from app_user u join audit_event a on a.entity_id = u.id::text
      where u.email = 'added@example.org'`,
  );
  expect(rows).toEqual([{ email: 'added@example.org', action: 'user.create' }]);
}

// The suite runs once per backend: without DATABASE_URL for PGlite, with it for a server.
describe.skipIf(serverUrl)(
  'backup and restore of an embedded data folder (PGlite; skipped when DATABASE_URL is set)',
  () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = path.join(work, 'data');
      const db = await openPglite({ dataDir });
      await migrate(db);
      await seedDemoOrganisation(db, { passwordHash: 'x' });
      await db.close();
      await userAddCommand(
        { email: 'added@example.org', role: ['clinician'], practice: ['Y90001'], data: dataDir },
        NO_SERVER,
        captureTerminal(PASSWORD_LINE),
      );
    });

    it('round-trips into an empty folder: same rows in every table, audit still append-only', async () => {
      const file = path.join(work, 'round-trip.tgz');
      const terminal = captureTerminal();
      const backup = await backupCommand(file, { data: dataDir }, NO_SERVER, terminal);
      expect(backup.kind).toBe('pglite');
      expect((await stat(file)).size).toBe(backup.bytes);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readdir(work)).not.toContain('round-trip.tgz.partial');
      expect(terminal.out()).toMatch(
        /^Wrote \d+\.\d MB to .*round-trip\.tgz\nRows: organisation 1, practice 3, app_user 10, patient 300, audit_event 1; \d+ tables/,
      );
      expect(terminal.err()).toMatch(/Packing the data folder\.\.\. done/);

      const target = path.join(work, 'restored');
      await mkdir(target);
      const restored = await restoreCommand(file, { data: target }, NO_SERVER, captureTerminal());
      expect(restored.counts).toEqual(backup.counts);
      expect(await readdir(work)).not.toContainEqual(expect.stringMatching(/restoring/));
      const db = await openPglite({ dataDir: target });
      try {
        await expectSameDatabase(db, backup.counts);
      } finally {
        await db.close();
      }
    });

    it('brings a backup from before the migrations up to date as it restores', async () => {
      const oldDir = path.join(work, 'old-data');
      await (await openPglite({ dataDir: oldDir })).close();
      const file = path.join(work, 'old.tgz');
      await backupCommand(file, { data: oldDir }, NO_SERVER, captureTerminal());
      const terminal = captureTerminal();
      const restored = await restoreCommand(
        file,
        { data: path.join(work, 'old-restored') },
        NO_SERVER,
        terminal,
      );
      // Every migration: the old folder was made before any of them ran.
      const all = (await readMigrations()).map((m) => m.name);
      expect(restored.applied).toEqual(all);
      expect(restored.counts).toMatchObject({ organisation: 0, audit_event: 0 });
      expect(terminal.out().startsWith(`Applied migrations ${all.join(', ')}\n`)).toBe(true);
    });

    it('refuses to overwrite a file unless --force', async () => {
      const file = path.join(work, 'exists.tgz');
      await writeFile(file, 'precious');
      await expect(
        backupCommand(file, { data: dataDir }, NO_SERVER, captureTerminal()),
      ).rejects.toThrow(/exists\.tgz already exists: choose another name, or pass --force/);
      expect((await stat(file)).size).toBe('precious'.length);
      const forced = await backupCommand(
        file,
        { data: dataDir, force: true },
        NO_SERVER,
        captureTerminal(),
      );
      expect((await stat(file)).size).toBe(forced.bytes);
    });

    it('refuses a folder another process has open, naming it', async () => {
      const open = await openPglite({ dataDir });
      try {
        await expect(
          backupCommand(
            path.join(work, 'busy.tgz'),
            { data: dataDir },
            NO_SERVER,
            captureTerminal(),
          ),
        ).rejects.toThrow(new RegExp(`in use by process ${process.pid} `));
      } finally {
        await open.close();
      }
    });

    it('refuses a folder with no database, without creating one', async () => {
      const missing = path.join(work, 'no-such-data');
      await expect(
        backupCommand(path.join(work, 'none.tgz'), { data: missing }, NO_SERVER, captureTerminal()),
      ).rejects.toThrow(/There is no atscale database in .*no-such-data/);
      await expect(stat(missing)).rejects.toThrow(/ENOENT/);
    });

    it('runs as the real CLI: backup, then restore into a missing folder', async () => {
      const file = path.join(work, 'cli.tgz');
      const target = path.join(work, 'cli-restored');
      const quiet = [
        vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
        vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
      ];
      try {
        const env = { ...process.env };
        delete process.env.DATABASE_URL;
        try {
          expect(await runCli(['node', 'atscale', 'backup', file, '--data', dataDir])).toBe(0);
          expect(await runCli(['node', 'atscale', 'backup', file, '--data', dataDir])).toBe(1);
          expect(await runCli(['node', 'atscale', 'restore', file, '--data', target])).toBe(0);
        } finally {
          process.env = env;
        }
      } finally {
        for (const spy of quiet) spy.mockRestore();
      }
      expect(await readdir(target)).toContain('PG_VERSION');
    });
  },
);

describe.runIf(serverUrl)(
  'backup and restore on a PostgreSQL server (pg_dump, pg_restore; skipped without DATABASE_URL)',
  () => {
    let source: TestDatabase;
    let target: TestDatabase;
    beforeAll(async () => {
      source = await createTestDatabase();
      target = await createTestDatabase({ migrated: false });
      await seedDemoOrganisation(source.db, { passwordHash: 'x' });
      await userAddCommand(
        { email: 'added@example.org', role: ['clinician:Y90001'] },
        { DATABASE_URL: urlOf(source.db) },
        captureTerminal(PASSWORD_LINE),
      );
    });
    afterAll(async () => {
      await source.dispose();
      await target.dispose();
    });

    it('round-trips into a fresh database: same rows in every table, audit still append-only', async () => {
      const file = path.join(work, 'server.dump');
      const backup = await backupCommand(
        file,
        {},
        { DATABASE_URL: urlOf(source.db) },
        captureTerminal(),
      );
      expect(backup.kind).toBe('pg-dump');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const restored = await restoreCommand(
        file,
        {},
        { DATABASE_URL: urlOf(target.db) },
        captureTerminal(),
      );
      expect(restored).toMatchObject({ kind: 'pg-dump', applied: [], counts: backup.counts });
      await expectSameDatabase(target.db, backup.counts);
      // And a second restore into what is now a full database is refused.
      await expect(
        restoreCommand(file, {}, { DATABASE_URL: urlOf(target.db) }, captureTerminal()),
      ).rejects.toThrow(
        /already has \d+ table\(s\) \([a-z_]+(, [a-z_]+)*(, \.\.\.)?\): restore only into a fresh database/,
      );
    });

    it('brings a backup from before the migrations up to date as it restores', async () => {
      const old = await createTestDatabase({ migrated: false });
      const fresh = await createTestDatabase({ migrated: false });
      try {
        const file = path.join(work, 'old.dump');
        await backupCommand(file, {}, { DATABASE_URL: urlOf(old.db) }, captureTerminal());
        const restored = await restoreCommand(
          file,
          {},
          { DATABASE_URL: urlOf(fresh.db) },
          captureTerminal(),
        );
        expect(restored.applied).toEqual((await readMigrations()).map((m) => m.name));
      } finally {
        await old.dispose();
        await fresh.dispose();
      }
    });

    it('runs as the real CLI', async () => {
      const file = path.join(work, 'server-cli.dump');
      const quiet = [
        vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
        vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
      ];
      const env = { ...process.env };
      process.env.DATABASE_URL = urlOf(source.db);
      try {
        expect(await runCli(['node', 'atscale', 'backup', file])).toBe(0);
        expect(await runCli(['node', 'atscale', 'backup', file])).toBe(1);
      } finally {
        process.env = env;
        for (const spy of quiet) spy.mockRestore();
      }
      expect((await stat(file)).size).toBeGreaterThan(1000);
    });
  },
);

function urlOf(db: Database): string {
  if (!('connectionString' in db) || typeof db.connectionString !== 'string') {
    throw new Error('expected a database on a PostgreSQL server');
  }
  return db.connectionString;
}
