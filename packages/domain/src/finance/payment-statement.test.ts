import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPounds } from './money.js';
import {
  parseStatementDate,
  readPaymentStatement,
  type StatementRow,
} from './payment-statement.js';

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const toCsv = (rows: readonly Omit<StatementRow, 'row'>[]) =>
  [
    'Amount,Reference,Payer,Date',
    ...rows.map((r) =>
      [quote(formatPounds(r.amountPence)), quote(r.reference), quote(r.payer), r.receivedOn].join(
        ',',
      ),
    ),
  ].join('\r\n');

const rowArb = fc.record({
  receivedOn: fc
    .integer({ min: 0, max: 3_650 })
    .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)),
  payer: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0),
  reference: fc.string({ maxLength: 30 }).filter((s) => s.trim() === s),
  amountPence: fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }).filter((n) => n !== 0),
});

describe('reading a payment statement', () => {
  it('reads columns in any order and case, quoted commas, £ and thousands, UK dates, a BOM', () => {
    const text =
      '\ufeffDATE, Payer ,Reference,Amount,Balance\r\n' +
      '2026-04-30,NHS England,Y01-GS-202604,"£1,234.56",9\r\n' +
      '01/05/2026,"Sometown ICB, finance",ES FLU,-12.00,\r\n' +
      '2/5/2026,HEE,,7\r\n' +
      '\r\n,,,,\r\n';
    expect(readPaymentStatement(text)).toEqual({
      ok: true,
      rows: [
        {
          row: 2,
          receivedOn: '2026-04-30',
          payer: 'NHS England',
          reference: 'Y01-GS-202604',
          amountPence: 123_456,
        },
        {
          row: 3,
          receivedOn: '2026-05-01',
          payer: 'Sometown ICB, finance',
          reference: 'ES FLU',
          amountPence: -1_200,
        },
        { row: 4, receivedOn: '2026-05-02', payer: 'HEE', reference: '', amountPence: 700 },
      ],
    });
  });

  it('lists every bad row by its spreadsheet row and column, and gives back no rows', () => {
    const text = [
      'date,payer,reference,amount',
      '2026-02-30,NHS England,a,1.00',
      '2026-03-01,,b,1.005',
      '"2026-03-02","x\ny",c,1',
      '2026-03-02,x,c,0',
      '2026-03-02,x,c',
      '2026-03-02,x,c,"1,000,000,000.01"',
    ].join('\n');
    const reading = readPaymentStatement(text);
    expect(reading).toEqual({
      ok: false,
      errors: [
        {
          row: 2,
          field: 'date',
          message: expect.stringContaining('2026-02-30') as string,
        },
        { row: 3, field: 'payer', message: 'The payer is empty' },
        { row: 3, field: 'amount', message: expect.stringContaining('1.005') as string },
        { row: 5, field: 'amount', message: expect.stringContaining('nil') as string },
        {
          row: 6,
          field: 'row',
          message: expect.stringContaining('3 columns') as string,
        },
        {
          row: 7,
          field: 'amount',
          message: expect.stringContaining('1,000,000,000') as string,
        },
      ],
    });
  });

  it('refuses a header without the four columns, an empty file, a broken quote, too many rows', () => {
    expect(readPaymentStatement('date,payer,amount\n2026-01-01,x,1')).toMatchObject({
      ok: false,
      errors: [
        {
          row: 1,
          field: 'file',
          message: expect.stringContaining('"reference" is missing') as string,
        },
      ],
    });
    expect(readPaymentStatement('date,payer,reference,amount,DATE\n')).toMatchObject({
      ok: false,
      errors: [{ row: 1, message: expect.stringContaining('twice') as string }],
    });
    expect(readPaymentStatement('')).toMatchObject({ ok: false, errors: [{ field: 'file' }] });
    expect(readPaymentStatement('date,payer,reference,amount\n\n')).toMatchObject({
      ok: false,
      errors: [{ row: 2, message: expect.stringContaining('no payments') as string }],
    });
    expect(readPaymentStatement('date,payer,reference,amount\n2026-01-01,"x,1,1\n')).toMatchObject({
      ok: false,
      errors: [{ row: 2, field: 'file', message: 'a quoted field is never closed' }],
    });
    const many = [
      'date,payer,reference,amount',
      '2026-01-01,x,a,1',
      '2026-01-01,x,b,1',
      '2026-01-01,x,c,1',
    ];
    expect(readPaymentStatement(many.join('\n'), { maxRows: 2 })).toMatchObject({
      ok: false,
      errors: [
        {
          row: 4,
          field: 'file',
          message: expect.stringContaining('at most 2') as string,
        },
      ],
    });
  });

  it('reads back exactly what was written, to the penny, whatever the rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), (rows) => {
        const reading = readPaymentStatement(toCsv(rows));
        expect(reading).toEqual({
          ok: true,
          rows: rows.map((r, i) => ({ ...r, row: i + 2, payer: r.payer, reference: r.reference })),
        });
      }),
    );
  });

  it('is all or nothing: one bad row anywhere gives errors for that row and no rows at all', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom('12.345', 'twelve', '', '0.00'),
        (rows, at, badAmount) => {
          const lines = toCsv(rows).split('\r\n');
          const index = 1 + (at % rows.length);
          const good = rows[index - 1];
          if (!good) return;
          lines[index] = [
            quote(badAmount),
            quote(good.reference),
            quote(good.payer),
            good.receivedOn,
          ].join(',');
          const reading = readPaymentStatement(lines.join('\r\n'));
          expect(reading.ok).toBe(false);
          if (reading.ok) return;
          expect(reading.errors).toEqual([
            { row: index + 1, field: 'amount', message: expect.any(String) as string },
          ]);
          expect('rows' in reading).toBe(false);
        },
      ),
    );
  });
});

describe('statement dates', () => {
  it('reads ISO and UK dates, and refuses days that do not exist and US order', () => {
    expect(parseStatementDate('2026-11-23')).toBe('2026-11-23');
    expect(parseStatementDate('23/11/2026')).toBe('2026-11-23');
    expect(parseStatementDate('3/1/2026')).toBe('2026-01-03');
    expect(parseStatementDate('11/23/2026')).toBeNull();
    expect(parseStatementDate('29/02/2026')).toBeNull();
    expect(parseStatementDate('23-11-2026')).toBeNull();
  });
});
