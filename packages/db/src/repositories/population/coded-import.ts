import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  CODED_CSV_HEADER,
  CodedLineError,
  readCsvLine,
  readNdjsonLine,
  type CodedEntry,
  type CodedLine,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import { writeAudit } from '../audit.js';

/** The two file formats of coded records. */
export type CodedFormat = 'ndjson' | 'csv';

/** Rows sent to the database in one statement: big enough to be fast, small enough to stream. */
export const CODED_IMPORT_BATCH = 2_000;

/** Who imports a file, for its import row and audit row. */
export interface CodedImportActor {
  readonly orgId: string;
  readonly userId: string | null;
  readonly role: string | null;
  readonly requestId: string | null;
  /** Why, for the audit trail: e.g. the CLI command and OS user. */
  readonly reason: string | null;
}

/** One file to import: its lines, streamed, and its content hash once they have all been read. */
export interface CodedImportSource {
  readonly fileName: string;
  readonly format: CodedFormat;
  readonly lines: AsyncIterable<string>;
  /** The sha-256 (hex) of the file's bytes; called after the last line. */
  readonly sha256: () => string;
  /**
   * The export's Patient ids and their NHS numbers, shared by the files of one import (a bulk
   * export writes Patient.ndjson apart from Condition.ndjson). Patient lines add to it; entries
   * that reference a Patient id look it up. One entry per patient, so it stays small.
   */
  readonly patients?: Map<string, string>;
  /** Called now and then with the lines read so far. */
  readonly onProgress?: (lines: number) => void;
}

/** What importing one file did. */
export interface CodedImportResult {
  readonly importId: string | null;
  readonly fileName: string;
  /** True when a file with the same content had been imported before: nothing was written. */
  readonly alreadyImported: boolean;
  readonly lines: number;
  readonly entries: number;
  readonly unknownPatients: number;
  readonly skipped: number;
  readonly patientsListed: number;
}

/** A file whose content was imported before; thrown inside the transaction to undo its work. */
class AlreadyImported extends Error {}

/** The error for a bad line: its number, and the field the API reports it under. */
function badLine(line: number, reason: string, field: string): AtscaleError {
  const message = `line ${line}: ${reason}`;
  return new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);
}

/** True when a file of this content has already been imported into the organisation. */
export async function codedFileImported(db: Queryable, orgId: string, sha256: string) {
  const { rows } = await db.query(
    'select 1 from coded_import where org_id = $1 and content_sha256 = $2',
    [orgId, sha256],
  );
  return rows.length > 0;
}

/**
 * Imports one file of coded records (FHIR R4 NDJSON or `nhs_number,code_system,code,date` CSV)
 * into an organisation, all or nothing: lines are read one at a time and written in batches
 * inside one transaction, and the first bad line stops the import with its number (counting
 * from 1, as an editor does) and leaves nothing behind. A record for a patient not on the
 * register is skipped and counted, not an error: extracts routinely hold patients who have
 * since left. A file whose content hash was imported before is skipped whole. One audit row
 * names the file and its counts; no patient identifier is logged or audited.
 *
 * Callers check permissions: the CLI acts for the organisation's operators, the API route for
 * central analysts.
 */
export async function importCodedFile(
  db: Database,
  actor: CodedImportActor,
  source: CodedImportSource,
  field = 'file',
): Promise<CodedImportResult> {
  const importId = randomUUID();
  const patients = source.patients ?? new Map<string, string>();
  const counts = { lines: 0, entries: 0, unknownPatients: 0, skipped: 0, patientsListed: 0 };
  const read = source.format === 'csv' ? readCsvLine : readNdjsonLine;
  try {
    await db.transaction(async (tx) => {
      let batch: { nhs: string; entry: CodedEntry }[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const written = await insertEntries(tx, actor.orgId, importId, batch);
        counts.entries += written;
        counts.unknownPatients += batch.length - written;
        batch = [];
      };
      for await (const text of source.lines) {
        const n = ++counts.lines;
        if (n === 1 && source.format === 'csv') {
          const header = text
            .replace(/^\uFEFF/, '')
            .trim()
            .toLowerCase()
            .replace(/\s+/g, '');
          if (header !== CODED_CSV_HEADER) {
            throw badLine(1, `the header must be ${CODED_CSV_HEADER}`, field);
          }
          continue;
        }
        let line: CodedLine;
        try {
          line = read(text);
        } catch (error) {
          if (error instanceof CodedLineError) throw badLine(n, error.message, field);
          throw error;
        }
        if (line.type === 'skip') {
          counts.skipped++;
        } else if (line.type === 'patient') {
          if (line.nhsNumber) patients.set(line.id, line.nhsNumber);
          counts.patientsListed++;
        } else {
          const { subject } = line.entry;
          const nhs = 'nhsNumber' in subject ? subject.nhsNumber : patients.get(subject.patientRef);
          if (nhs === undefined) counts.unknownPatients++;
          else batch.push({ nhs, entry: line.entry });
          if (batch.length >= CODED_IMPORT_BATCH) await flush();
        }
        if (n % 1000 === 0) source.onProgress?.(n);
      }
      await flush();
      source.onProgress?.(counts.lines);
      const { rows } = await tx.query(
        `insert into coded_import (id, org_id, file_name, format, content_sha256, lines, entries,
                                   unknown_patients, skipped, imported_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (org_id, content_sha256) do nothing
         returning id`,
        [
          importId,
          actor.orgId,
          source.fileName.slice(0, 300) || 'unnamed',
          source.format,
          source.sha256(),
          counts.lines,
          counts.entries,
          counts.unknownPatients,
          counts.skipped,
          actor.userId,
        ],
      );
      if (rows.length === 0) throw new AlreadyImported();
      await writeAudit(tx, [
        {
          orgId: actor.orgId,
          userId: actor.userId,
          role: actor.role,
          action: 'coded-records.import',
          entityType: 'coded_import',
          entityId: importId,
          patientId: null,
          reason: [
            actor.reason,
            `${source.format} ${counts.lines} lines: ${counts.entries} entries, ` +
              `${counts.unknownPatients} for patients not on the register, ${counts.skipped} skipped`,
          ]
            .filter(Boolean)
            .join('; '),
          requestId: actor.requestId,
        },
      ]);
    });
  } catch (error) {
    if (!(error instanceof AlreadyImported)) throw error;
    return {
      importId: null,
      fileName: source.fileName,
      alreadyImported: true,
      ...counts,
      entries: 0,
    };
  }
  return { importId, fileName: source.fileName, alreadyImported: false, ...counts };
}

/** Writes a batch of entries for patients on the register; returns how many were. */
async function insertEntries(
  tx: Queryable,
  orgId: string,
  importId: string,
  batch: readonly { nhs: string; entry: CodedEntry }[],
): Promise<number> {
  const { rows } = await tx.query<{ written: number }>(
    `with written as (
       insert into coded_entry (org_id, patient_id, kind, code, recorded_on, import_id)
       select $1, p.id, g.kind, g.code, g.recorded_on, $2
         from unnest($3::text[], $4::text[], $5::text[], $6::date[])
                as g(nhs_number, kind, code, recorded_on)
         join patient p on p.org_id = $1 and p.nhs_number = g.nhs_number
       returning 1
     )
     select count(*)::int as written from written`,
    [
      orgId,
      importId,
      batch.map((b) => b.nhs),
      batch.map((b) => b.entry.kind),
      batch.map((b) => b.entry.code),
      batch.map((b) => b.entry.date),
    ],
  );
  return rows[0]?.written ?? 0;
}
