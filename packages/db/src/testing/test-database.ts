import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../database.js';
import { migrate, readMigrations } from '../migrate.js';
import { openPglite } from '../pglite-database.js';
import { openPostgres } from '../postgres-database.js';
import { runTemplate, withAdmin, type TemplateRef } from './run-templates.js';

/** A fresh, migrated database for one test file, and how to throw it away. */
export interface TestDatabase {
  readonly db: Database;
  /** Closes the database and, on a server, drops it. */
  readonly dispose: () => Promise<void>;
}

/**
 * A fresh database: in-memory PGlite by default; with DATABASE_URL set, a new database created
 * on that server (and dropped by dispose), so the same suite runs against real PostgreSQL.
 * With `template`, a copy of that database (see run-templates.ts); else migrated unless told
 * not to (on a server, copied from the run's migrated template when the run shares one).
 */
export async function createTestDatabase(
  options: { migrated?: boolean; template?: TemplateRef } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const serverUrl = process.env.DATABASE_URL?.trim();
  let db: Database;
  let drop: () => Promise<void> = () => Promise.resolve();
  let template = options.template;
  if (serverUrl) {
    if (!template && migrated)
      template = (await runTemplate('migrated', () => Promise.resolve(null)))?.ref;
    const from = template && 'postgres' in template ? ` template ${template.postgres}` : '';
    const name = `atscale_test_${randomBytes(6).toString('hex')}`;
    await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}${from}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = await openPostgres({ connectionString: url.toString(), maxConnections: 4 });
    drop = () =>
      withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  } else {
    const tarball =
      template && 'pglite' in template
        ? new Blob([await readFile(template.pglite)])
        : await pgliteTemplate(migrated);
    db = await openPglite({ loadDataDir: tarball });
  }
  // Migrating a database that already is is a no-op; it proves a template is current.
  if (migrated) await migrate(db);
  return {
    db,
    dispose: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * A PGlite data folder (migrated, or just initialised) as a tarball, made once and kept in the temp folder under a
 * name that changes with the migrations: loading it takes about a second, where creating a
 * database from nothing (initdb) takes about four.
 */
async function pgliteTemplate(migrated: boolean): Promise<Blob> {
  const migrations = migrated ? await readMigrations() : [];
  const key = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join(','))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(tmpdir(), `atscale-test-template-raw-${migrated ? key : 'empty'}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const db = await openPglite();
    if (migrated) await migrate(db);
    const tarball = await db.dumpDataDir('none');
    await db.close();
    // Written aside and renamed, so a parallel test file never reads half a template.
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
    await rename(partial, file);
    return tarball;
  }
}
