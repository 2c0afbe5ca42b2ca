import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { isStalePlan } from './sql-errors.js';

/** Most statements one database keeps parsed; past it a text runs as PGlite runs any other. */
export const PREPARED_STATEMENT_LIMIT = 500;

interface Prepared {
  readonly name: string;
  /** The parameters' type OIDs, which choose each value's serializer. */
  readonly parameterTypes: readonly number[];
}

/** A statement's answer, as PGlite's own `query` gives it. */
interface Answer {
  rows: unknown[];
  affectedRows?: number | undefined;
}

const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/**
 * Named statements for PGlite, as the pg pool keeps them on a server. PGlite's `query` parses,
 * describes, binds and executes every statement afresh, in six calls into WebAssembly; here a
 * statement is parsed and described once, and each run is one call (bind, describe, execute,
 * sync). The session's plans are PostgreSQL's own, re-planned by it after a schema change; a
 * statement whose result type changed under it moves to a new name.
 *
 * `query` answers undefined when the text is past {@link PREPARED_STATEMENT_LIMIT}: the caller
 * then runs it unnamed.
 */
export function preparedStatements(pg: PGlite, limit = PREPARED_STATEMENT_LIMIT) {
  let generation = 0;
  let statements = new Map<string, Prepared>();
  const { serialize } = protocol;

  // Every call ends with sync, so an error leaves the session ready for the next statement.
  const run = (message: Uint8Array) => pg.execProtocolStream(message, { syncToFs: false });

  async function prepare(sql: string): Promise<Prepared> {
    const name = `atscale_${generation}_${statements.size}`;
    const messages = await run(
      concat([
        serialize.parse({ name, text: sql, types: [] }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
    );
    const prepared = { name, parameterTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(sql, prepared);
    return prepared;
  }

  async function execute(sql: string, params: readonly unknown[]): Promise<Answer> {
    const prepared = statements.get(sql) ?? (await prepare(sql));
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pg.serializers[prepared.parameterTypes[i] ?? 0];
      if (serializer) return serializer(value);
      // A parameter of no known type (unknown, a domain's base type): as text, objects as JSON.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
        return value.toString();
      }
      return JSON.stringify(value);
    });
    const messages = await run(
      concat([
        serialize.bind({ statement: prepared.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    const [result] = parse.parseResults(messages, pg.parsers);
    return result ?? { rows: [] };
  }

  function withQuery(error: unknown, sql: string, params: readonly unknown[]) {
    // As PGlite's own query does: the error says which statement failed.
    if (error && typeof error === 'object') Object.assign(error, { query: sql, params });
    return error;
  }

  return {
    /**
     * Runs one parameterised statement. Outside a transaction it waits its turn behind any
     * transaction in progress, as PGlite's `query` does; inside one it is that transaction's.
     */
    async query(
      sql: string,
      params: readonly unknown[],
      inTransaction: boolean,
    ): Promise<Answer | undefined> {
      if (!statements.has(sql) && statements.size >= limit) return undefined;
      const once = () => pg.runExclusive(() => execute(sql, params));
      if (inTransaction) {
        try {
          return await once();
        } catch (error) {
          if (isStalePlan(error)) forget();
          throw withQuery(error, sql, params);
        }
      }
      await pg._checkReady();
      return pg._runExclusiveTransaction(async () => {
        let answer: Answer;
        try {
          answer = await once();
        } catch (error) {
          if (!isStalePlan(error)) throw withQuery(error, sql, params);
          // Outside a transaction the statement can simply run again under a new name.
          forget();
          answer = await once();
        }
        await pg.syncToFs();
        return answer;
      });
    },
  };

  function forget() {
    generation += 1;
    statements = new Map();
  }
}

export type PreparedStatements = ReturnType<typeof preparedStatements>;
