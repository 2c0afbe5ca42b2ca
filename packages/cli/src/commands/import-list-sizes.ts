import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importListSizes, type Database, type ListSizeEntry } from '@atscale/db';
import type { DatabaseFlags } from '../context.js';
import { parseCsv } from '../import/csv-records.js';
import { readListSizeRows } from '../import/list-size-rows.js';
import { openForImport, osUser } from '../import/open-for-import.js';
import {
  chooseOrganisation,
  type ChosenOrganisation,
} from '../organisations/choose-organisation.js';
import { step } from '../terminal/progress.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Flags of `atscale import list-sizes`. */
export interface ImportListSizesFlags extends DatabaseFlags {
  /** The organisation's exact name or id; needed when the database has more than one. */
  readonly org?: string | undefined;
}

/** What an import of list sizes did. */
export interface ListSizeImportSummary {
  readonly file: string;
  readonly organisation: ChosenOrganisation;
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * `atscale import list-sizes FILE`: checks the file's format before opening the database,
 * then imports it (refusing practices the organisation does not have) and prints the summary.
 */
export async function importListSizesCommand(
  file: string,
  flags: ImportListSizesFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<ListSizeImportSummary> {
  const entries = await readListSizeFile(file, terminal);
  const db = await openForImport(flags, env, terminal);
  try {
    const summary = await importListSizeEntries(db, file, entries, { org: flags.org, terminal });
    terminal.stdout.write(
      [
        `Imported list sizes from ${file} into ${summary.organisation.name}: ${summary.inserted + summary.updated} changed`,
        `  rows read  ${summary.rowsRead}`,
        `  inserted   ${summary.inserted}`,
        `  updated    ${summary.updated}`,
        `  unchanged  ${summary.unchanged}`,
        '',
      ].join('\n'),
    );
    return summary;
  } finally {
    await db.close();
  }
}

/** Reads and checks a list size file, showing progress on stderr. */
export async function readListSizeFile(file: string, terminal: Terminal): Promise<ListSizeEntry[]> {
  const text = await step(terminal, `Reading ${file}`, () => readFile(file, 'utf8'));
  return step(terminal, 'Checking rows', () => Promise.resolve(readListSizeRows(parseCsv(text))));
}

/** Imports checked list sizes into the chosen organisation in one transaction with its audit row. */
export async function importListSizeEntries(
  db: Database,
  file: string,
  entries: readonly ListSizeEntry[],
  options: { org?: string | undefined; terminal: Terminal },
): Promise<ListSizeImportSummary> {
  const organisation = await chooseOrganisation(db, options.org);
  const counts = await step(
    options.terminal,
    `Writing ${entries.length} list sizes to ${organisation.name}`,
    () =>
      importListSizes(db, organisation.id, entries, {
        reason: `atscale import list-sizes ${path.basename(file)}, run by OS user ${osUser()}`,
      }),
  );
  return { file, organisation, rowsRead: entries.length, ...counts };
}
