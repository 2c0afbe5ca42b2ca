import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importPracticeList, type Database } from '@atscale/db';
import type { DatabaseFlags } from '../context.js';
import { parseCsv } from '../import/csv-records.js';
import { openForImport, osUser } from '../import/open-for-import.js';
import { readPracticeListRows, type PracticeListRows } from '../import/practice-list-rows.js';
import {
  chooseOrganisation,
  type ChosenOrganisation,
} from '../organisations/choose-organisation.js';
import { step } from '../terminal/progress.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Flags of `atscale import practices`. */
export interface ImportPracticesFlags extends DatabaseFlags {
  /** The organisation's exact name or id; needed when the database has more than one. */
  readonly org?: string | undefined;
}

/** What an import of a practice list did. */
export interface PracticeImportSummary {
  readonly file: string;
  readonly organisation: ChosenOrganisation;
  readonly rowsRead: number;
  readonly kept: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows left out (not active, or not a GP practice), by reason. */
  readonly skipped: Readonly<Record<string, number>>;
}

/**
 * `atscale import practices FILE`: checks the whole file before opening the database, so a bad
 * row is reported without touching it, then imports and prints the summary.
 */
export async function importPracticesCommand(
  file: string,
  flags: ImportPracticesFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<PracticeImportSummary> {
  const rows = await readPracticeListFile(file, terminal);
  const db = await openForImport(flags, env, terminal);
  try {
    const summary = await importPractices(db, file, rows, { org: flags.org, terminal });
    terminal.stdout.write(describePracticeImport(summary));
    return summary;
  } finally {
    await db.close();
  }
}

/** Reads and checks a practice list file, showing progress on stderr. */
export async function readPracticeListFile(
  file: string,
  terminal: Terminal,
): Promise<PracticeListRows> {
  const text = await step(terminal, `Reading ${file}`, () => readFile(file, 'utf8'));
  return step(terminal, 'Checking rows', () =>
    Promise.resolve(readPracticeListRows(parseCsv(text))),
  );
}

/**
 * Imports checked practice list rows into the chosen organisation in one transaction with its
 * audit row, and says what changed.
 */
export async function importPractices(
  db: Database,
  file: string,
  rows: PracticeListRows,
  options: { org?: string | undefined; terminal: Terminal },
): Promise<PracticeImportSummary> {
  const organisation = await chooseOrganisation(db, options.org);
  const counts = await step(
    options.terminal,
    `Writing ${rows.practices.length} practices to ${organisation.name}`,
    () =>
      importPracticeList(db, organisation.id, rows.practices, {
        reason: `atscale import practices ${path.basename(file)}, run by OS user ${osUser()}`,
      }),
  );
  return {
    file,
    organisation,
    rowsRead: rows.rowsRead,
    kept: rows.practices.length,
    ...counts,
    skipped: Object.fromEntries([...rows.skipped].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

function describePracticeImport(s: PracticeImportSummary): string {
  const skipped = Object.values(s.skipped).reduce((sum, n) => sum + n, 0);
  const reasons = Object.entries(s.skipped)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return [
    `Imported practices from ${s.file} into ${s.organisation.name}: ${s.inserted + s.updated} changed`,
    `  rows read  ${s.rowsRead}`,
    `  kept       ${s.kept} active GP practices`,
    `  inserted   ${s.inserted}`,
    `  updated    ${s.updated}`,
    `  unchanged  ${s.unchanged}`,
    `  skipped    ${skipped}${reasons ? ` (${reasons})` : ''}`,
    '',
  ].join('\n');
}
