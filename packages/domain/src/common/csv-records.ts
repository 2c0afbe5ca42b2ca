import { AtscaleError } from '../errors.js';

/** One record of a CSV file: its fields and the row it is (1 for the first record). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

/** A CSV text that cannot be read, with the row it went wrong on. */
export class CsvSyntaxError extends AtscaleError {
  constructor(
    readonly row: number,
    reason: string,
  ) {
    super('validation-failed', `Row ${row}: ${reason}`);
  }
}

/**
 * Splits CSV text (RFC 4180) into records: fields separated by commas, optionally in double
 * quotes, where a quoted field may hold commas, newlines and doubled quotes (""). Rows end
 * with LF or CRLF; a byte order mark and a final newline are ignored, and so are blank rows
 * (they still count, so row numbers match what an editor shows). Refuses text after a closing
 * quote and an unclosed quote, naming the row.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  while (i < text.length) {
    const startRow = row;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) {
            throw new CsvSyntaxError(startRow, 'a quoted field is never closed');
          }
          const chunk = text.slice(i, close);
          row += countNewlines(chunk);
          value += chunk;
          i = close + 1;
          if (text[i] !== '"') break;
          value += '"';
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            startRow,
            'text after a closing quote (a quote inside a field is written "")',
          );
        }
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') {
          end++;
        }
        value = text.slice(i, end);
        i = end;
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      // End of the record: LF, CRLF or the end of the text.
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      row++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push({ row: startRow, fields });
  }
  return records;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
