import type { Database, Queryable } from '../database.js';
import { writeAudit } from './audit.js';

/** One practice as the public GP practice list describes it, ready to store. */
export interface PracticeListEntry {
  readonly odsCode: string;
  readonly name: string;
  /** Address lines 1 to 5, null where the list leaves one empty. */
  readonly addressLines: readonly [
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
  ];
  readonly postcode: string | null;
  readonly phone: string | null;
  /** YYYY-MM-DD, or null when the list gives no open date. */
  readonly openedOn: string | null;
  readonly commissionerCode: string | null;
  readonly nationalGrouping: string | null;
  readonly healthGeography: string | null;
}

/** How many practices an import added, changed, and left as they were. */
export interface PracticeImportCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Who ran an import and from what, for its audit row. */
export interface ImportAudit {
  /** What the audit row's reason starts with, e.g. the file name and who ran it. */
  readonly reason: string;
}

/**
 * Inserts the practices the organisation does not have and updates those whose details
 * changed, matched by ODS code, in one statement: row-by-row writes are far too slow on PGlite
 * for the national list. The entries must have distinct ODS codes (Postgres refuses to update
 * one row twice in a statement). Call it inside a transaction.
 */
export async function upsertPracticeList(
  tx: Queryable,
  orgId: string,
  entries: readonly PracticeListEntry[],
): Promise<PracticeImportCounts> {
  if (entries.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const column = <T>(pick: (e: PracticeListEntry) => T): T[] => entries.map(pick);
  const { rows } = await tx.query<{ id: string; inserted: boolean }>(
    `insert into practice (org_id, ods_code, name, address_line_1, address_line_2, address_line_3,
                           address_line_4, address_line_5, postcode, phone, opened_on,
                           commissioner_code, national_grouping, health_geography, status)
     select $1::uuid, u.*, 'active'
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::date[], $12::text[], $13::text[],
                   $14::text[]) as u
     on conflict (org_id, ods_code) do update set
       name = excluded.name,
       address_line_1 = excluded.address_line_1,
       address_line_2 = excluded.address_line_2,
       address_line_3 = excluded.address_line_3,
       address_line_4 = excluded.address_line_4,
       address_line_5 = excluded.address_line_5,
       postcode = excluded.postcode,
       phone = excluded.phone,
       opened_on = excluded.opened_on,
       commissioner_code = excluded.commissioner_code,
       national_grouping = excluded.national_grouping,
       health_geography = excluded.health_geography,
       status = excluded.status
     -- Unchanged practices are not touched, so a re-import writes nothing and reports so.
     where (practice.name, practice.address_line_1, practice.address_line_2,
            practice.address_line_3, practice.address_line_4, practice.address_line_5,
            practice.postcode, practice.phone, practice.opened_on, practice.commissioner_code,
            practice.national_grouping, practice.health_geography, practice.status)
       is distinct from
           (excluded.name, excluded.address_line_1, excluded.address_line_2,
            excluded.address_line_3, excluded.address_line_4, excluded.address_line_5,
            excluded.postcode, excluded.phone, excluded.opened_on, excluded.commissioner_code,
            excluded.national_grouping, excluded.health_geography, excluded.status)
     -- xmax is 0 only on a freshly inserted row version: it tells inserts from updates.
     returning id, (xmax = 0) as inserted`,
    [
      orgId,
      column((e) => e.odsCode),
      column((e) => e.name),
      column((e) => e.addressLines[0]),
      column((e) => e.addressLines[1]),
      column((e) => e.addressLines[2]),
      column((e) => e.addressLines[3]),
      column((e) => e.addressLines[4]),
      column((e) => e.postcode),
      column((e) => e.phone),
      column((e) => e.openedOn),
      column((e) => e.commissionerCode),
      column((e) => e.nationalGrouping),
      column((e) => e.healthGeography),
    ],
  );
  // A practice new to the organisation joins it as a member: the import is how it was added.
  await tx.query(
    `insert into membership (org_id, practice_id, stage, stage_since)
     select $1::uuid, u.id, 'member', current_date from unnest($2::uuid[]) as u(id)
     on conflict (practice_id) do nothing`,
    [orgId, rows.filter((r) => r.inserted).map((r) => r.id)],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  const updated = rows.length - inserted;
  return { inserted, updated, unchanged: entries.length - rows.length };
}

/**
 * Loads practice list entries into an organisation with its `practice.import` audit row, all
 * in one transaction: either every practice is written, with the audit row, or nothing is.
 */
export async function importPracticeList(
  db: Database,
  orgId: string,
  entries: readonly PracticeListEntry[],
  audit: ImportAudit,
): Promise<PracticeImportCounts> {
  return db.transaction(async (tx) => {
    const counts = await upsertPracticeList(tx, orgId, entries);
    await writeAudit(tx, [
      {
        orgId,
        userId: null,
        role: null,
        action: 'practice.import',
        entityType: 'practice',
        entityId: null,
        patientId: null,
        reason: `${audit.reason}: ${entries.length} practices, ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged`,
        requestId: null,
      },
    ]);
    return counts;
  });
}
