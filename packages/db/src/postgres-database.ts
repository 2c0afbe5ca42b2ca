import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';
import { isStalePlan } from './sql-errors.js';

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
  query(config: {
    text: string;
    name?: string;
    values?: unknown[];
    types: typeof typeParsers;
  }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
  query(text: string): Promise<unknown>;
}

/** Most statements one pool names; the rest (dynamic SQL past the first few) stay unnamed. */
export const NAMED_STATEMENT_LIMIT = 500;

/**
 * Names for a pool's parameterised statements. A named statement is parsed and planned by
 * each connection once and then only bound and executed, which halves the server's work for
 * the short statements of the hot paths (session, request intake). The SQL texts of the app
 * are constants, so the names stay few; past the limit a text simply goes unnamed. After a
 * schema change by another process a kept plan may no longer fit ("cached plan must not
 * change result type"): `forget` then moves every statement to new names.
 */
function statementNames(limit = NAMED_STATEMENT_LIMIT) {
  let generation = 0;
  let names = new Map<string, string>();
  return {
    nameOf(sql: string): string | undefined {
      let name = names.get(sql);
      if (name === undefined && names.size < limit) {
        name = `atscale_${generation}_${names.size}`;
        names.set(sql, name);
      }
      return name;
    },
    forget(): void {
      generation += 1;
      names = new Map();
    },
  };
}

type StatementNames = ReturnType<typeof statementNames>;

function wrap(client: ClientLike, statements: StatementNames, retryStale: boolean): Queryable {
  const run = (sql: string, params: readonly unknown[]) =>
    client.query({
      text: sql,
      // Statements without parameters may hold several commands: those keep the simple protocol.
      ...(params.length > 0 ? { name: statements.nameOf(sql) } : {}),
      values: [...params],
      types: typeParsers,
    });
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      let result;
      try {
        result = await run(sql, params);
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        statements.forget();
        // Outside a transaction the statement can simply run again under its new name; inside
        // one the transaction has failed and its caller sees the error.
        if (!retryStale) throw error;
        result = await run(sql, params);
      }
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
  const statements = statementNames();
  return {
    kind: 'postgres',
    connectionString: options.connectionString,
    ...wrap(pool, statements, true),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client, statements, false));
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
