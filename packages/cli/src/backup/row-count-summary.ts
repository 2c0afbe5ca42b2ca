import type { TableRowCounts } from '@atscale/db';

/** The tables a person checks first after a backup or restore. */
export const MAIN_TABLES = ['organisation', 'practice', 'app_user', 'patient', 'audit_event'];

/**
 * Row counts in words: the main tables by name, then the rest in one sum, e.g.
 * `organisation 1, practice 3, app_user 4, patient 120, audit_event 1; 9 tables, 140 rows in all`.
 */
export function summariseCounts(counts: TableRowCounts): string {
  const tables = Object.keys(counts);
  if (tables.length === 0) return 'no tables';
  const main = MAIN_TABLES.filter((t) => t in counts).map((t) => `${t} ${counts[t] ?? 0}`);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const all = `${tables.length} tables, ${total} rows in all`;
  return main.length > 0 ? `${main.join(', ')}; ${all}` : all;
}

/** A size in bytes for people: 812 B, 4.4 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}
