import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AtscaleError, EFI_DEFICIT_IDS, parseEfiCodeList, type EfiCodeList } from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';

/**
 * The eFI code list shipped in the repository: built from public SNOMED CT concepts, NOT the
 * University of Leeds lists (see the file's own header fields). Same depth from src and dist.
 */
export const PUBLIC_EFI_CODE_LIST_FILE = fileURLToPath(
  new URL('../../../code-lists/efi-public-snomed.json', import.meta.url),
);

/** Reads and checks the shipped public eFI code list. */
export async function readPublicEfiCodeList(): Promise<EfiCodeList> {
  return parseEfiCodeList(JSON.parse(await readFile(PUBLIC_EFI_CODE_LIST_FILE, 'utf8')));
}

/** A code list as stored, without its codes. */
export interface StoredCodeList {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly licence: string;
  readonly codes: number;
  readonly loadedAt: string;
}

const LIST_COLUMNS = `l.id, l.name, l.version, l.source, l.licence,
  (select count(*)::int from code_list_code c where c.code_list_id = l.id) as codes,
  to_char(l.loaded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "loadedAt"`;

/**
 * Stores a checked code list for an organisation in one statement per table. A version the
 * organisation already has is refused (409): versions are kept, never overwritten, because
 * stored scores name the list they were computed with.
 */
export async function storeCodeList(
  tx: Queryable,
  orgId: string,
  list: EfiCodeList,
  loadedBy: string | null,
): Promise<StoredCodeList> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into code_list (org_id, name, version, source, licence, loaded_by)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (org_id, kind, version) do nothing
     returning id`,
    [orgId, list.name, list.version, list.source, list.licence, loadedBy],
  );
  const id = rows[0]?.id;
  if (!id) {
    throw new AtscaleError('conflict', `Code list version ${list.version} is already loaded`, [
      { field: '/version', message: 'is already loaded: give the new list its own version' },
    ]);
  }
  const codes = EFI_DEFICIT_IDS.flatMap((deficit) =>
    list.deficits[deficit].map((c) => ({ deficit, ...c })),
  );
  await tx.query(
    `insert into code_list_code (org_id, code_list_id, deficit, code, term)
     select $1, $2, g.deficit, g.code, g.term
       from unnest($3::text[], $4::text[], $5::text[]) as g(deficit, code, term)`,
    [orgId, id, codes.map((c) => c.deficit), codes.map((c) => c.code), codes.map((c) => c.term)],
  );
  return (await codeListById(tx, orgId, id)) as StoredCodeList;
}

/** One of an organisation's code lists, or null. */
export async function codeListById(db: Queryable, orgId: string, id: string) {
  const { rows } = await db.query<StoredCodeList>(
    `select ${LIST_COLUMNS} from code_list l where l.org_id = $1 and l.id = $2`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

/** An organisation's code lists, newest first. */
export async function listCodeLists(db: Queryable, orgId: string): Promise<StoredCodeList[]> {
  const { rows } = await db.query<StoredCodeList>(
    `select ${LIST_COLUMNS} from code_list l where l.org_id = $1 order by l.loaded_at desc, l.version`,
    [orgId],
  );
  return rows;
}

/**
 * The code list scoring uses when none is named: the one loaded most recently, so loading the
 * licensed lists makes them the default. An organisation with none gets the public list.
 */
export async function currentCodeList(db: Database, orgId: string): Promise<StoredCodeList> {
  const [latest] = await listCodeLists(db, orgId);
  if (latest) return latest;
  const list = await readPublicEfiCodeList();
  return db.transaction((tx) => storeCodeList(tx, orgId, list, null));
}
