import { mkdtemp, readFile, writeFile, copyFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing/index.js';
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from './migrate.js';

let current: TestDatabase | undefined;
afterEach(async () => {
  await current?.dispose();
  current = undefined;
});

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'atscale-migrations-'));
  for (const file of await readdir(MIGRATIONS_DIR)) {
    await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  }
  return dir;
}

describe('migrate', () => {
  it('applies every migration in order and records each with its checksum', async () => {
    current = await createTestDatabase({ migrated: false });
    const files = await readMigrations();
    const report = await migrate(current.db);
    expect(report.applied).toEqual(files.map((m) => m.name));
    const { rows } = await current.db.query<{ version: number; checksum: string }>(
      'select version, checksum from schema_migration order by version',
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((m) => m.checksum));
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    current = await createTestDatabase({ migrated: false });
    await migrate(current.db);
    const again = await migrate(current.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe((await readMigrations()).length);
  });

  it('applies a new migration after the landed ones, in order', async () => {
    current = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await migrate(current.db, dir);
    const next = String((await readMigrations(dir)).length + 1).padStart(4, '0');
    await writeFile(path.join(dir, `${next}_extra.sql`), 'create table extra (id int);');
    const report = await migrate(current.db, dir);
    expect(report.applied).toEqual([`${next}_extra.sql`]);
    const { rows } = await current.db.query("select to_regclass('extra') is not null as ok");
    expect(rows[0]).toEqual({ ok: true });
  });

  it('refuses to start when a landed migration was edited', async () => {
    current = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await migrate(current.db, dir);
    const first = path.join(dir, '0001_foundation.sql');
    await writeFile(first, `${await readFile(first, 'utf8')}\n-- edited\n`);
    await expect(migrate(current.db, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(current.db, dir)).rejects.toThrow(/0001_foundation\.sql has changed/);
  });

  it('rolls back a failing migration completely', async () => {
    current = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await migrate(current.db, dir);
    const next = String((await readMigrations(dir)).length + 1).padStart(4, '0');
    await writeFile(
      path.join(dir, `${next}_broken.sql`),
      'create table half (id int);\nselect * from no_such_table;',
    );
    await expect(migrate(current.db, dir)).rejects.toThrow(/no_such_table/);
    const { rows } = await current.db.query<{ n: number }>(
      "select count(*)::int as n from schema_migration where name like '%broken%'",
    );
    expect(rows[0]?.n).toBe(0);
    const half = await current.db.query("select to_regclass('half') is null as gone");
    expect(half.rows[0]).toEqual({ gone: true });
  });

  it('refuses a database that has migrations this version does not know', async () => {
    current = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await migrate(current.db, dir);
    await current.db.query(
      "insert into schema_migration (version, name, checksum) values (999, '0999_future.sql', 'x')",
    );
    await expect(migrate(current.db, dir)).rejects.toThrow(/newer version/);
  });

  it('refuses gaps in the numbering', async () => {
    const dir = await copyOfMigrations();
    // One number past the next, whatever the latest migration is.
    const skipped = (await readMigrations(dir)).length + 2;
    await writeFile(path.join(dir, `${String(skipped).padStart(4, '0')}_gap.sql`), 'select 1;');
    await expect(readMigrations(dir)).rejects.toThrow(/no gaps/);
  });
});
