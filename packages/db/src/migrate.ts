import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/** The folder of this package's migrations: numbered SQL files, forward-only. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Raised when the database and the migration files disagree; start must stop. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^(\d{4})_([a-z0-9_-]+)\.sql$/;

/** Reads and orders the migration files of a folder, refusing gaps and duplicates. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new MigrationError(
        `Migration file name ${file} is not of the form NNNN_name.sql (lower case).`,
      );
    }
    const version = Number(match[1]);
    const expected = migrations.length + 1;
    if (version !== expected) {
      throw new MigrationError(
        `Migration ${file} should be number ${String(expected).padStart(4, '0')}: migrations are numbered 0001, 0002, ... with no gaps or repeats.`,
      );
    }
    const sql = await readFile(path.join(dir, file), 'utf8');
    migrations.push({ version, name: file, sql, checksum: sha256(sql) });
  }
  return migrations;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a migration run did. */
export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/**
 * Brings the database up to date: each pending migration runs in its own transaction with the
 * row that records it, so a failed migration leaves nothing half-applied. Refuses to run when an
 * applied migration's file has changed or is missing, since the database would then not be
 * what the code expects.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = await readMigrations(dir);
  await db.exec(`
    create table if not exists schema_migration (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  const { rows: unknown } = await db.query<{ name: string }>(
    'select name from schema_migration where version > $1 order by version',
    [migrations.length],
  );
  if (unknown.length > 0) {
    throw new MigrationError(
      `This database has migrations this version of atscale does not know (${unknown
        .map((r) => r.name)
        .join(', ')}): it was used by a newer version. Upgrade atscale or use another database.`,
    );
  }
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      // Two servers starting at once against one database must not both migrate.
      await tx.query('select pg_advisory_xact_lock(7261001)');
      const { rows } = await tx.query<{ name: string; checksum: string }>(
        'select name, checksum from schema_migration where version = $1',
        [migration.version],
      );
      const row = rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} has changed since it was applied to this database ` +
              `(checksum ${row.checksum.slice(0, 12)} applied, ${migration.checksum.slice(0, 12)} on disk). ` +
              'A landed migration is never edited: restore the file and add a new migration instead.',
          );
        }
        return true;
      }
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return false;
    });
    if (done) alreadyApplied++;
    else applied.push(migration.name);
  }
  return { applied, alreadyApplied };
}
