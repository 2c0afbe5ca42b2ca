import { CsvSyntaxError, parseCsv, type CsvRecord } from '../common/csv-records.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';
import { MAX_AMOUNT_PENCE, parsePounds, type Pence } from './money.js';

/** The columns a payment statement must name in its header row, in any order. */
export const STATEMENT_COLUMNS = ['date', 'payer', 'reference', 'amount'] as const;
/** A column of a payment statement. */
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number];

/** The most payments one statement may hold: a year of a large organisation's receipts. */
export const MAX_STATEMENT_ROWS = 20_000;

/** Longest payer or reference kept: bank statements cut theirs far shorter. */
export const MAX_STATEMENT_TEXT = 200;

/** One payment read from a statement, with its row as a spreadsheet numbers it. */
export interface StatementRow {
  readonly row: number;
  readonly receivedOn: IsoDate;
  readonly payer: string;
  readonly reference: string;
  readonly amountPence: Pence;
}

/** Why one row (or the file as a whole) cannot be imported. */
export interface StatementRowError {
  readonly row: number;
  /** The column at fault, or 'row' for the row as a whole, 'file' for the file. */
  readonly field: StatementColumn | 'row' | 'file';
  readonly message: string;
}

/** A statement read all or nothing: every row, or every error found. */
export type StatementReading =
  | { readonly ok: true; readonly rows: StatementRow[] }
  | { readonly ok: false; readonly errors: StatementRowError[] };

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A date written YYYY-MM-DD or, as UK banks export them, DD/MM/YYYY; null when neither. */
export function parseStatementDate(text: string): IsoDate | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const uk = UK_DATE.exec(trimmed);
  if (!uk) return null;
  const iso = `${uk[3] ?? ''}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * Reads a bank or remittance statement (CSV) all or nothing. The first row names the columns
 * date, payer, reference and amount in any order and any case (other columns, such as a
 * balance, are ignored); each later row is one payment: a date (YYYY-MM-DD or DD/MM/YYYY), a
 * payer, a reference (may be empty) and an amount of pounds ("1234.56", "£1,234.56", "-12.00")
 * read into whole pence exactly, never nil and at most £1 billion either way. Blank rows are
 * skipped. Any fault gives back every error found instead of any row, so a statement is
 * imported whole or not at all; rows are numbered as a spreadsheet shows them (the header is 1).
 */
export function readPaymentStatement(
  text: string,
  limits: { maxRows?: number } = {},
): StatementReading {
  const maxRows = limits.maxRows ?? MAX_STATEMENT_ROWS;
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      const reason = error.detail.replace(/^Row \d+: /, '');
      return { ok: false, errors: [{ row: error.row, field: 'file', message: reason }] };
    }
    throw error;
  }
  const rows = spreadsheetRows(records);
  const [header, ...rest] = rows;
  // A spreadsheet saved as CSV writes its empty rows as bare commas: they are blank rows too.
  const data = rest.filter((r) => r.fields.some((f) => f.trim().length > 0));
  if (!header) {
    return { ok: false, errors: [{ row: 1, field: 'file', message: 'The file is empty' }] };
  }
  const columns = headerColumns(header);
  if (!columns.ok) return { ok: false, errors: [columns.error] };
  if (data.length === 0) {
    return {
      ok: false,
      errors: [
        { row: 2, field: 'file', message: 'The statement has no payments under its header' },
      ],
    };
  }
  if (data.length > maxRows) {
    return {
      ok: false,
      errors: [
        {
          row: data[maxRows]?.row ?? 0,
          field: 'file',
          message: `A statement may hold at most ${maxRows.toLocaleString('en-GB')} payments; split it`,
        },
      ],
    };
  }
  const errors: StatementRowError[] = [];
  const read: StatementRow[] = [];
  for (const { row, fields } of data) {
    const rowErrors: StatementRowError[] = [];
    const fail = (field: StatementRowError['field'], message: string) =>
      rowErrors.push({ row, field, message });
    // Spreadsheets drop empty columns at the end of a row; more columns than the header means
    // a comma that needed quotes, and would shift every value after it.
    const needed = Math.max(...Object.values(columns.index)) + 1;
    if (fields.length > header.fields.length || fields.length < needed) {
      fail(
        'row',
        `Has ${fields.length} columns where the header has ${header.fields.length} (a comma inside a field needs quotes)`,
      );
      errors.push(...rowErrors);
      continue;
    }
    const cell = (column: StatementColumn) => (fields[columns.index[column]] ?? '').trim();
    const receivedOn = parseStatementDate(cell('date'));
    if (receivedOn === null) {
      fail('date', `"${cell('date')}" is not a date written YYYY-MM-DD or DD/MM/YYYY`);
    }
    const payer = cell('payer');
    if (payer.length === 0) fail('payer', 'The payer is empty');
    else if (payer.length > MAX_STATEMENT_TEXT) {
      fail('payer', `At most ${MAX_STATEMENT_TEXT} characters`);
    }
    const reference = cell('reference');
    if (reference.length > MAX_STATEMENT_TEXT) {
      fail('reference', `At most ${MAX_STATEMENT_TEXT} characters`);
    }
    const amountText = cell('amount');
    const amountPence = parsePounds(amountText);
    if (amountPence === null) {
      fail('amount', `"${amountText}" is not an amount of pounds such as 1234.56 or £1,234.56`);
    } else if (amountPence === 0) {
      fail('amount', 'The amount is nil: a payment of nothing is not a payment');
    } else if (Math.abs(amountPence) > MAX_AMOUNT_PENCE) {
      fail('amount', 'More than £1,000,000,000: check the amount');
    }
    if (rowErrors.length > 0 || receivedOn === null || amountPence === null) {
      errors.push(...rowErrors);
      continue;
    }
    read.push({ row, receivedOn, payer, reference, amountPence });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: read };
}

/**
 * The CSV reader numbers records by line; a spreadsheet shows a quoted field with line breaks
 * as one row, so each record moves up by the line breaks inside the records before it.
 */
function spreadsheetRows(records: readonly CsvRecord[]): CsvRecord[] {
  let inside = 0;
  return records.map((record) => {
    const row = record.row - inside;
    for (const field of record.fields) inside += field.split('\n').length - 1;
    return { row, fields: record.fields };
  });
}

function headerColumns(
  header: CsvRecord,
): { ok: true; index: Record<StatementColumn, number> } | { ok: false; error: StatementRowError } {
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index: Partial<Record<StatementColumn, number>> = {};
  for (const column of STATEMENT_COLUMNS) {
    const at = names.indexOf(column);
    if (at === -1 || names.indexOf(column, at + 1) !== -1) {
      const message =
        at === -1
          ? `The header row must name the columns ${STATEMENT_COLUMNS.join(', ')}; "${column}" is missing`
          : `The header row names "${column}" twice`;
      return { ok: false, error: { row: header.row, field: 'file', message } };
    }
    index[column] = at;
  }
  return {
    ok: true,
    index: {
      date: index.date ?? 0,
      payer: index.payer ?? 0,
      reference: index.reference ?? 0,
      amount: index.amount ?? 0,
    },
  };
}
