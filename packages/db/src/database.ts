/** The rows a statement returned and how many it changed. */
export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Something statements can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with $1, $2 ... parameters. */
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Which engine is behind a database. */
export type DatabaseKind = 'pglite' | 'postgres';

/** One PostgreSQL database, embedded (PGlite) or a server (pg pool). */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs the callback in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the database, waiting for work in progress. Safe to call twice. */
  close(): Promise<void>;
}
