/** SQLSTATE of a unique constraint refusing a row. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE of a foreign key refusing a row. */
export const FOREIGN_KEY_VIOLATION = '23503';
/** SQLSTATE of a check constraint refusing a row. */
export const CHECK_VIOLATION = '23514';
/** SQLSTATE of an exclusion constraint refusing a row (two bookings of one person at once). */
export const EXCLUSION_VIOLATION = '23P01';

/** The SQLSTATE of a database error (both pg and PGlite carry it as `code`), if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** The `detail` line of a database error (which key clashed with which), or ''. */
export function sqlErrorDetail(error: unknown): string {
  return typeof error === 'object' &&
    error !== null &&
    'detail' in error &&
    typeof error.detail === 'string'
    ? error.detail
    : '';
}

/**
 * PostgreSQL's "cached plan must not change result type" (feature_not_supported): a named
 * statement kept from before a schema change that altered what it returns.
 */
export const isStalePlan = (error: unknown): boolean =>
  sqlState(error) === '0A000' &&
  /cached plan/i.test(String((error as { message?: unknown }).message));
