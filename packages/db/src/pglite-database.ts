import { PGlite, types } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { Database, Queryable, QueryResult } from './database.js';
import { preparedStatements, type PreparedStatements } from './pglite-prepared.js';

/**
 * Values come back the same from PGlite and from pg: dates as 'YYYY-MM-DD' text (a JS Date
 * would shift them by the local time zone) and 64-bit integers as numbers.
 */
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

interface PgliteLike {
  query(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; affectedRows?: number | undefined }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(pg: PgliteLike, prepared: PreparedStatements, inTransaction: boolean): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      // Statements with parameters are the app's constant SQL: kept parsed (see pglite-prepared).
      const result =
        params.length > 0
          ? ((await prepared.query(sql, params, inTransaction)) ??
            (await pg.query(sql, [...params])))
          : await pg.query(sql, [...params]);
      return { rows: result.rows as R[], rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await pg.exec(sql);
    },
  };
}

/** Options for an embedded database. */
export interface PgliteOptions {
  /** Folder that holds the data; omitted for an in-memory database (tests). */
  readonly dataDir?: string | undefined;
  /** A tarball made by `dumpDataDir` to start from (restore). */
  readonly loadDataDir?: Blob | undefined;
}

/** A database embedded in this process: PostgreSQL compiled to WebAssembly. */
export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  /**
   * The data folder as a tarball: gzipped for backups, or uncompressed for test templates,
   * which load about a third faster so.
   */
  dumpDataDir(compression?: 'gzip' | 'none'): Promise<Blob>;
}

/** Opens (creating when new) an embedded PGlite database. */
export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  const pg = await PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { btree_gist },
    parsers,
  });
  const prepared = preparedStatements(pg);
  const base = wrap(pg, prepared, false);
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx, prepared, true))),
    close: () => (closing ??= pg.close()),
    dumpDataDir: (compression = 'gzip') => pg.dumpDataDir(compression),
  };
}
