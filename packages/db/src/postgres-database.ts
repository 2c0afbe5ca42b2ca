import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

// Same value shapes as the PGlite side: see pglite-database.ts.
const DATE_OID = 1082;
const INT8_OID = 20;
const typeParsers = {
  getTypeParser(oid: number): (value: string) => unknown {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    const builtin = pg.types.getTypeParser as (
      oid: number,
      format: 'text',
    ) => (value: string) => unknown;
    return builtin(oid, 'text');
  },
};

interface ClientLike {
  query(config: { text: string; values?: unknown[]; types: typeof typeParsers }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
  query(text: string): Promise<unknown>;
}

function wrap(client: ClientLike): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query({ text: sql, values: [...params], types: typeParsers });
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

/** Options for a PostgreSQL server connection. */
export interface PostgresOptions {
  readonly connectionString: string;
  /** Most connections the pool opens. */
  readonly maxConnections?: number;
}

/** A PostgreSQL server reached through a pool of connections. */
export interface PostgresDatabase extends Database {
  readonly kind: 'postgres';
  readonly connectionString: string;
}

/** Connects to a PostgreSQL server and checks that it answers. */
export async function openPostgres(options: PostgresOptions): Promise<PostgresDatabase> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    connectionString: options.connectionString,
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => (closing ??= pool.end()),
  };
}
