import { mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { AtscaleError } from '@atscale/domain';
import {
  locationFromEnv,
  migrate,
  openPglite,
  openPostgres,
  tableRowCounts,
  type Database,
  type TableRowCounts,
} from '@atscale/db';
import { describeKind, identifyBackup, readPgliteBackup } from '../backup/backup-file.js';
import { inspectDataFolder } from '../backup/data-folder.js';
import { findPgTool, runPgTool } from '../backup/pg-tools.js';
import { summariseCounts } from '../backup/row-count-summary.js';
import { describeLocation, type DatabaseFlags } from '../context.js';
import { step } from '../terminal/progress.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** What a restore brought back. */
export interface RestoreReport {
  readonly kind: 'pglite' | 'pg-dump';
  /** Migrations applied after loading, to bring an older backup up to date. */
  readonly applied: readonly string[];
  /** Rows per table after restoring and migrating. */
  readonly counts: TableRowCounts;
}

/**
 * Restores a backup made by `atscale backup` into a NEW database only: an empty or missing
 * data folder, or a server database with no tables. It never overwrites data.
 */
export async function restoreCommand(
  file: string,
  flags: DatabaseFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<RestoreReport> {
  const source = path.resolve(file);
  const location = locationFromEnv(env, flags.data);
  const kind = await identifyBackup(source);
  const wanted = location.databaseUrl ? 'pg-dump' : 'pglite';
  if (kind !== wanted) {
    throw new AtscaleError(
      'validation-failed',
      `${source} is ${describeKind(kind)}` +
        (kind === 'pglite' || kind === 'pg-dump'
          ? ` (the target is the ${describeLocation(flags, env)})`
          : ''),
    );
  }
  terminal.stderr.write(`Restoring ${source} into the ${describeLocation(flags, env)}\n`);
  const report = location.databaseUrl
    ? await restoreServer(source, location.databaseUrl, terminal)
    : await restoreDataFolder(source, location.dataDir, terminal);
  if (report.applied.length > 0) {
    terminal.stdout.write(`Applied migrations ${report.applied.join(', ')}\n`);
  }
  terminal.stdout.write(`Restored. Rows: ${summariseCounts(report.counts)}\n`);
  return report;
}

async function restoreDataFolder(
  source: string,
  dataDir: string,
  terminal: Terminal,
): Promise<RestoreReport> {
  const state = await inspectDataFolder(dataDir);
  if (state.kind !== 'missing' && state.kind !== 'empty') {
    throw new AtscaleError(
      'conflict',
      `${dataDir} is not empty: restore only into a new or empty folder, so nothing is overwritten ` +
        '(move it aside, or name another folder with --data)',
    );
  }
  const backup = await step(terminal, 'Checking the backup', () => readPgliteBackup(source));
  // Built beside the target and renamed into place at the end, so a failed restore leaves
  // no half-loaded folder that looks like a database.
  await mkdir(path.dirname(dataDir), { recursive: true });
  const building = await mkdtemp(`${dataDir}.restoring-`);
  try {
    const db = await step(terminal, `Loading PostgreSQL ${backup.postgresVersion} data`, () =>
      openPglite({ dataDir: building, loadDataDir: backup.tarball }).catch((error: unknown) => {
        throw new AtscaleError(
          'validation-failed',
          `The backup could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        );
      }),
    );
    const result = await migrateAndCount(db, terminal);
    if (state.kind === 'empty') await rmdir(dataDir);
    await rename(building, dataDir);
    return { kind: 'pglite', ...result };
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
}

async function restoreServer(
  source: string,
  databaseUrl: string,
  terminal: Terminal,
): Promise<RestoreReport> {
  const pgRestore = await findPgTool('pg_restore');
  terminal.stderr.write(`Using ${pgRestore.version}\n`);
  // Reading the table of contents catches a damaged archive before the database is touched.
  await step(terminal, 'Checking the archive', () => runPgTool(pgRestore, ['--list', source]));
  const db = await openPostgres({ connectionString: databaseUrl, maxConnections: 2 });
  try {
    const tables = Object.keys(await tableRowCounts(db));
    if (tables.length > 0) {
      throw new AtscaleError(
        'conflict',
        `The target database already has ${tables.length} table(s) (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', ...' : ''}): ` +
          'restore only into a fresh database (createdb NAME), so nothing is overwritten',
      );
    }
    // One transaction: a restore that fails part-way leaves the database as empty as it was.
    await step(terminal, 'Running pg_restore', () =>
      runPgTool(
        pgRestore,
        ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', source],
        databaseUrl,
      ),
    );
    return { kind: 'pg-dump', ...(await migrateAndCount(db, terminal)) };
  } finally {
    await db.close();
  }
}

/** Brings the restored schema up to date, counts its rows, and closes the database. */
async function migrateAndCount(
  db: Database,
  terminal: Terminal,
): Promise<{ applied: readonly string[]; counts: TableRowCounts }> {
  try {
    const { applied } = await step(terminal, 'Applying migrations', () => migrate(db));
    const counts = await step(terminal, 'Counting rows', () => tableRowCounts(db));
    return { applied, counts };
  } finally {
    await db.close();
  }
}
