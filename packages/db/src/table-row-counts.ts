import type { Queryable } from './database.js';

/** Rows in each table of the public schema, by table name (sorted). */
export type TableRowCounts = Readonly<Record<string, number>>;

/**
 * Counts the rows of every ordinary table in the public schema with one statement. Backup and
 * restore print these so a person can see that what came back is what went in.
 */
export async function tableRowCounts(db: Queryable): Promise<TableRowCounts> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
      order by table_name`,
  );
  if (tables.length === 0) return {};
  // count(*) is bigint, which both drivers here return as a number (see pglite-database.ts).
  // The names come from the catalogue, but are still quoted: a table may be named anything.
  const counts = tables
    .map(
      ({ name }) =>
        `select ${quoteLiteral(name)} as name, count(*)::bigint as n from public.${quoteIdent(name)}`,
    )
    .join(' union all ');
  const { rows } = await db.query<{ name: string; n: number }>(counts);
  return Object.fromEntries(
    rows.sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => [r.name, r.n]),
  );
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
