import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AtscaleError } from '@atscale/domain';
import {
  codedFileImported,
  importCodedFile,
  streamLines,
  type CodedFormat,
  type CodedImportResult,
  type Database,
} from '@atscale/db';
import type { DatabaseFlags } from '../context.js';
import { openForImport, osUser } from '../import/open-for-import.js';
import {
  chooseOrganisation,
  type ChosenOrganisation,
} from '../organisations/choose-organisation.js';
import { withProgressBar } from '../terminal/progress-bar.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Flags of `atscale import clinical`. */
export interface ImportClinicalFlags extends DatabaseFlags {
  /** The organisation's exact name or id; needed when the database has more than one. */
  readonly org?: string | undefined;
}

/** What importing a folder of coded records did, file by file. */
export interface ClinicalImportSummary {
  readonly organisation: ChosenOrganisation;
  readonly files: readonly CodedImportResult[];
}

/** The files of a folder to import, Patient files first: other files refer to their ids. */
export async function clinicalFiles(dir: string): Promise<{ file: string; format: CodedFormat }[]> {
  const names = (await readdir(dir)).filter((n) => /\.(ndjson|csv)$/i.test(n));
  const isPatients = (n: string) => /^patient/i.test(n) && /\.ndjson$/i.test(n);
  names.sort((a, b) => Number(isPatients(b)) - Number(isPatients(a)) || a.localeCompare(b));
  return names.map((n) => ({
    file: path.join(dir, n),
    format: /\.csv$/i.test(n) ? 'csv' : 'ndjson',
  }));
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * `atscale import clinical DIR`: imports every .ndjson (FHIR R4 bulk data) and .csv
 * (nhs_number,code_system,code,date) file of a folder, each all or nothing, streamed with a
 * progress bar. A file imported before (same content) is skipped; a bad line stops the command
 * naming its file and line, leaving the files before it imported.
 */
export async function importClinicalCommand(
  dir: string,
  flags: ImportClinicalFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<ClinicalImportSummary> {
  const files = await clinicalFiles(dir);
  if (files.length === 0) {
    throw new AtscaleError('validation-failed', `${dir} holds no .ndjson or .csv files`);
  }
  const db = await openForImport(flags, env, terminal);
  try {
    const summary = await importClinicalFiles(db, files, { org: flags.org, terminal });
    const total = (key: 'entries' | 'unknownPatients' | 'skipped') =>
      summary.files.reduce((sum, f) => sum + f[key], 0);
    terminal.stdout.write(
      [
        `Imported coded records from ${dir} into ${summary.organisation.name}`,
        ...summary.files.map(
          (f) =>
            `  ${path.basename(f.fileName)}: ${
              f.alreadyImported
                ? 'already imported, skipped'
                : f.patientsListed > 0 && f.entries === 0
                  ? `${f.patientsListed} patients listed`
                  : `${f.entries} entries, ${f.unknownPatients} for patients not on the register, ${f.skipped} lines skipped`
            }`,
        ),
        `  entries ${total('entries')}, not on the register ${total('unknownPatients')}`,
        '',
      ].join('\n'),
    );
    return summary;
  } finally {
    await db.close();
  }
}

/** Imports the files in order into the chosen organisation, one transaction per file. */
export async function importClinicalFiles(
  db: Database,
  files: readonly { file: string; format: CodedFormat }[],
  options: { org?: string | undefined; terminal: Terminal },
): Promise<ClinicalImportSummary> {
  const organisation = await chooseOrganisation(db, options.org);
  const patients = new Map<string, string>();
  const results: CodedImportResult[] = [];
  for (const { file, format } of files) {
    const name = path.basename(file);
    // Patient files are always read: later files need their ids even when they were seen before.
    if (
      !/^patient/i.test(name) &&
      (await codedFileImported(db, organisation.id, await sha256Of(file)))
    ) {
      options.terminal.stderr.write(`${name}: imported before (same content), skipped\n`);
      results.push({
        importId: null,
        fileName: file,
        alreadyImported: true,
        lines: 0,
        entries: 0,
        unknownPatients: 0,
        skipped: 0,
        patientsListed: 0,
      });
      continue;
    }
    const size = (await stat(file)).size;
    const input = createReadStream(file);
    const kb = (bytes: number) => Math.round(bytes / 1024);
    const result = await withProgressBar(
      options.terminal.stderr,
      `Importing ${name}`,
      kb(size),
      (update) =>
        importCodedFile(
          db,
          {
            orgId: organisation.id,
            userId: null,
            role: null,
            requestId: null,
            reason: `atscale import clinical ${name}, run by OS user ${osUser()}`,
          },
          {
            fileName: name,
            format,
            ...streamLines(input),
            patients,
            onProgress: () => {
              update(kb(input.bytesRead));
            },
          },
          name,
        ).finally(() => input.destroy()),
      { unit: 'KB' },
    );
    results.push({ ...result, fileName: file });
  }
  return { organisation, files: results };
}
