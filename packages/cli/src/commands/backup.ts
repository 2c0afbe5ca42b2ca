import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  locationFromEnv,
  openPglite,
  openPostgres,
  tableRowCounts,
  type TableRowCounts,
} from '@atscale/db';
import { requireIdleDatabaseFolder } from '../backup/data-folder.js';
import { findPgTool, runPgTool } from '../backup/pg-tools.js';
import { publishFile, requireWritableTarget } from '../backup/publish-file.js';
import { formatBytes, summariseCounts } from '../backup/row-count-summary.js';
import { describeLocation, type DatabaseFlags } from '../context.js';
import { step } from '../terminal/progress.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Flags of `atscale backup`. */
export interface BackupFlags extends DatabaseFlags {
  /** Replace FILE when it exists. */
  readonly force?: boolean | undefined;
}

/** What a backup wrote. */
export interface BackupReport {
  readonly file: string;
  readonly kind: 'pglite' | 'pg-dump';
  readonly bytes: number;
  /** Rows per table when the backup was taken. */
  readonly counts: TableRowCounts;
}

/**
 * Backs up the database to FILE: an embedded data folder as a gzipped tarball of the folder,
 * a server (DATABASE_URL) as a pg_dump archive in custom format.
 */
export async function backupCommand(
  file: string,
  flags: BackupFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<BackupReport> {
  const target = path.resolve(file);
  const force = flags.force ?? false;
  await requireWritableTarget(target, force);
  const location = locationFromEnv(env, flags.data);
  terminal.stderr.write(`Backing up the ${describeLocation(flags, env)} to ${target}\n`);
  const report = location.databaseUrl
    ? await backupServer(location.databaseUrl, target, force, terminal)
    : await backupDataFolder(location.dataDir, target, force, terminal);
  terminal.stdout.write(
    `Wrote ${formatBytes(report.bytes)} to ${report.file}\nRows: ${summariseCounts(report.counts)}\n`,
  );
  return report;
}

async function backupDataFolder(
  dataDir: string,
  target: string,
  force: boolean,
  terminal: Terminal,
): Promise<BackupReport> {
  await requireIdleDatabaseFolder(dataDir, (line) => terminal.stderr.write(`${line}\n`));
  // Opened as it is, without migrating: a backup records the data as it was found.
  const db = await step(terminal, 'Opening the data folder', () => openPglite({ dataDir }));
  let counts: TableRowCounts;
  let tarball: Blob;
  try {
    counts = await step(terminal, 'Counting rows', () => tableRowCounts(db));
    tarball = await step(terminal, 'Packing the data folder', async () => {
      // A checkpoint first, so the copy needs no crash recovery when it is restored.
      await db.exec('checkpoint');
      return db.dumpDataDir();
    });
  } finally {
    await db.close();
  }
  const bytes = await step(terminal, `Writing ${path.basename(target)}`, async () =>
    publishFile(
      target,
      async (partial) => writeFile(partial, Buffer.from(await tarball.arrayBuffer())),
      { force },
    ),
  );
  return { file: target, kind: 'pglite', bytes, counts };
}

async function backupServer(
  databaseUrl: string,
  target: string,
  force: boolean,
  terminal: Terminal,
): Promise<BackupReport> {
  const pgDump = await findPgTool('pg_dump');
  terminal.stderr.write(`Using ${pgDump.version}\n`);
  const db = await openPostgres({ connectionString: databaseUrl, maxConnections: 1 });
  let counts: TableRowCounts;
  try {
    // Counted just before pg_dump takes its snapshot: on a live server they may differ slightly.
    counts = await step(terminal, 'Counting rows', () => tableRowCounts(db));
  } finally {
    await db.close();
  }
  const bytes = await step(terminal, `Running pg_dump to ${path.basename(target)}`, () =>
    publishFile(
      target,
      async (partial) => {
        await runPgTool(
          pgDump,
          ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`],
          databaseUrl,
        );
      },
      { force },
    ),
  );
  return { file: target, kind: 'pg-dump', bytes, counts };
}
