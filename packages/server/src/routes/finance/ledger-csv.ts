import type { LedgerExportRow } from '@atscale/db';

/** The header of the journal export: the columns an accountant's import maps. */
export const LEDGER_CSV_HEADER = [
  'date',
  'entry id',
  'account code',
  'account name',
  'cost centre',
  'debit',
  'credit',
  'description',
] as const;

/** Pence as pounds with two decimals and no thousands separator: "1234.50"; blank for 0. */
function amount(pence: number): string {
  if (pence === 0) return '';
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${String(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A leading =, +,
 * - or @ is prefixed with an apostrophe so a spreadsheet never runs a description as a formula.
 */
function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The ledger lines as a generic double-entry journal in CSV, one line per ledger line. */
export function ledgerCsv(rows: readonly LedgerExportRow[]): string {
  const lines = [LEDGER_CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.date,
        row.entryId,
        row.accountCode,
        field(row.accountName),
        field(`${row.costCentreCode} ${row.costCentreName}`),
        amount(row.debitPence),
        amount(row.creditPence),
        field(row.description),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
