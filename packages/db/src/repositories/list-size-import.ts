import { AtscaleError } from '@atscale/domain';
import type { Database } from '../database.js';
import { writeAudit } from './audit.js';
import type { ImportAudit } from './practice-import.js';

/** One dated list size of a practice, named by ODS code, from row `row` of a file. */
export interface ListSizeEntry {
  /** The row of the file it came from (the header is row 1), to name in errors. */
  readonly row: number;
  readonly odsCode: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly listSize: number;
}

/** How many list sizes an import added, changed, and left as they were. */
export interface ListSizeImportCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Loads dated list sizes into an organisation's practices with a `practice.list-size-import`
 * audit row, in one transaction. Every ODS code must name a practice of this organisation;
 * the first that does not stops the import, naming its row, before anything is written. One
 * statement writes them all; the entries must not repeat a practice and date.
 */
export async function importListSizes(
  db: Database,
  orgId: string,
  entries: readonly ListSizeEntry[],
  audit: ImportAudit,
): Promise<ListSizeImportCounts> {
  return db.transaction(async (tx) => {
    const codes = [...new Set(entries.map((e) => e.odsCode))];
    const { rows: practices } = await tx.query<{ id: string; ods_code: string }>(
      'select id, ods_code from practice where org_id = $1 and ods_code = any($2::text[])',
      [orgId, codes],
    );
    const idByCode = new Map(practices.map((p) => [p.ods_code, p.id]));
    const practiceIds = entries.map((e) => {
      const id = idByCode.get(e.odsCode);
      if (id === undefined) {
        throw new AtscaleError(
          'not-found',
          `Row ${e.row}: this organisation has no practice with the ODS code ${e.odsCode} (import the practices first)`,
        );
      }
      return id;
    });
    let inserted = 0;
    let written = 0;
    if (entries.length > 0) {
      const { rows } = await tx.query<{ inserted: boolean }>(
        `insert into practice_list_size (org_id, practice_id, date, list_size)
         select $1::uuid, u.* from unnest($2::uuid[], $3::date[], $4::integer[]) as u
         on conflict (practice_id, date) do update set list_size = excluded.list_size
         -- An unchanged size is not rewritten, so a re-import changes nothing.
         where practice_list_size.list_size <> excluded.list_size
         returning (xmax = 0) as inserted`,
        [orgId, practiceIds, entries.map((e) => e.date), entries.map((e) => e.listSize)],
      );
      written = rows.length;
      inserted = rows.filter((r) => r.inserted).length;
    }
    const counts = {
      inserted,
      updated: written - inserted,
      unchanged: entries.length - written,
    };
    await writeAudit(tx, [
      {
        orgId,
        userId: null,
        role: null,
        action: 'practice.list-size-import',
        entityType: 'practice',
        entityId: null,
        patientId: null,
        reason: `${audit.reason}: ${entries.length} list sizes, ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged`,
        requestId: null,
      },
    ]);
    return counts;
  });
}
