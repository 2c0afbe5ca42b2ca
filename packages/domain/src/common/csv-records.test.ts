import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-records.js';

describe('parseCsv', () => {
  it('reads quoted fields holding commas, doubled quotes and newlines, counting rows as lines', () => {
    const text =
      '\ufeff"A81001","PARK SURGERY, ONE LIFE",""\r\nx,"say ""hi""",\n"two\nlines",b\n\nlast';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['A81001', 'PARK SURGERY, ONE LIFE', ''] },
      { row: 2, fields: ['x', 'say "hi"', ''] },
      { row: 3, fields: ['two\nlines', 'b'] },
      { row: 6, fields: ['last'] },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the row', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(/^Row 2: a quoted field is never closed/);
    expect(() => parseCsv('"a"b,c')).toThrow(/^Row 1: text after a closing quote/);
  });
});
