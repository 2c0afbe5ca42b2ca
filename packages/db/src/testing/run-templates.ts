import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { openPglite, type PgliteDatabase } from '../pglite-database.js';
import { openPostgres } from '../postgres-database.js';

/**
 * Set by the test run's global setup (test-run-setup.ts): the id of this run, under which
 * databases made once are shared by every test file of the run and thrown away at its end.
 */
export const TEST_RUN_ENV = 'ATSCALE_TEST_RUN';

/** A database to copy: a PGlite data folder as a tarball file, or a database on the server. */
export type TemplateRef = { readonly pglite: string } | { readonly postgres: string };

const WAIT_MS = 10 * 60_000;

function runId(): string | null {
  const id = process.env[TEST_RUN_ENV]?.trim();
  return id && /^[a-z0-9]+$/.test(id) ? id : null;
}

const filePrefix = (id: string) => `atscale-run-${id}-`;
const databasePrefix = (id: string) => `atscale_tpl_${id}_`;

/**
 * A database built once per test run by whichever test file asks first (migrated, then `build`
 * run on it) and copied for every file that asks: a file lock decides who builds, the others
 * wait for it. What `build` returns (JSON) comes with it. Null outside a run with an id, or when
 * the builder failed, so the caller builds its own as before.
 */
export async function runTemplate<T>(
  key: string,
  build: (db: Database) => Promise<T>,
): Promise<{ readonly ref: TemplateRef; readonly value: T } | null> {
  const id = runId();
  if (!id || !/^[a-z0-9-]+$/.test(key)) return null;
  const base = path.join(tmpdir(), `${filePrefix(id)}${key}`);
  const descriptor = `${base}.json`;
  let lock;
  try {
    lock = await open(`${base}.lock`, 'wx');
  } catch {
    const made = await waitFor(descriptor);
    return made as { readonly ref: TemplateRef; readonly value: T } | null;
  }
  try {
    const made = await makeTemplate(id, key, base, build);
    const partial = `${descriptor}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, JSON.stringify(made));
    await rename(partial, descriptor);
    return made;
  } catch (error) {
    await writeFile(descriptor, JSON.stringify({ failed: String(error) }));
    throw error;
  } finally {
    await lock.close();
  }
}

async function makeTemplate<T>(
  id: string,
  key: string,
  base: string,
  build: (db: Database) => Promise<T>,
): Promise<{ ref: TemplateRef; value: T }> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (serverUrl) {
    const name = `${databasePrefix(id)}${key.replace(/-/g, '_')}`;
    await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres({ connectionString: url.toString(), maxConnections: 4 });
    try {
      await migrate(db);
      const value = await build(db);
      return { ref: { postgres: name }, value };
    } finally {
      // A template database must have no connections when it is copied.
      await db.close();
    }
  }
  const db: PgliteDatabase = await openPglite();
  try {
    await migrate(db);
    const value = await build(db);
    const tarball = await db.dumpDataDir('none');
    const file = `${base}.tar`;
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
    return { ref: { pglite: file }, value };
  } finally {
    await db.close();
  }
}

async function waitFor(
  descriptor: string,
): Promise<{ readonly ref: TemplateRef; readonly value: unknown } | null> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const made = JSON.parse(await readFile(descriptor, 'utf8')) as
        { ref: TemplateRef; value: unknown } | { failed: string };
      return 'failed' in made ? null : made;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return null;
}

/** Opens a connection to the server's maintenance database, runs `fn`, and closes it. */
export async function withAdmin(
  url: string,
  fn: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Throws away what a run made: its template files and its template databases. */
export async function disposeRunTemplates(id: string): Promise<void> {
  const prefix = filePrefix(id);
  for (const name of await readdir(tmpdir())) {
    if (name.startsWith(prefix)) await rm(path.join(tmpdir(), name), { force: true });
  }
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) return;
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [databasePrefix(id)],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
  });
}
