import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS } from './accounts.js';
import { MAX_AMOUNT_PENCE } from './money.js';
import { journalProblems, profitAndLoss, reversingLines, type JournalLine } from './journal.js';
import { annualLevy, dueDate, invoiceNumber, levyInstalments } from './levy.js';
import { glidePath, parityTransfers } from './parity.js';
import { matchPayment } from './payment-matching.js';

const codes = ACCOUNTS.map((a) => a.code);
const line = (accountCode: string, debitPence: number, creditPence: number): JournalLine => ({
  costCentreId: 'cc',
  accountCode,
  debitPence,
  creditPence,
});

/** A random balanced journal: random debits, and credits that apportion the same total. */
const balancedJournal = fc
  .array(fc.tuple(fc.constantFrom(...codes), fc.integer({ min: 1, max: 10_000_000 })), {
    minLength: 1,
    maxLength: 6,
  })
  .chain((debits) =>
    fc.constantFrom(...codes).map((creditCode) => {
      const total = debits.reduce((sum, [, amount]) => sum + amount, 0);
      return [...debits.map(([code, amount]) => line(code, amount, 0)), line(creditCode, 0, total)];
    }),
  );

describe('the ledger', () => {
  it('accepts balanced journals and refuses unbalanced ones, naming the field', () => {
    expect(journalProblems([line('1000', 500, 0), line('4000', 0, 500)])).toEqual([]);
    expect(journalProblems([line('1000', 500, 0), line('4000', 0, 499)])).toEqual([
      { field: '/lines', message: 'Debits (500p) and credits (499p) must be equal' },
    ]);
    expect(journalProblems([line('1000', 500, 0)])[0]?.field).toBe('/lines');
    // Beyond £1bn a line is refused, so that totals stay exact.
    const huge = MAX_AMOUNT_PENCE + 1;
    expect(journalProblems([line('1000', huge, 0), line('4000', 0, huge)])[0]?.field).toBe(
      '/lines/0/debitPence',
    );
    expect(journalProblems([line('9999', 5, 0), line('4000', 0, 5)])[0]?.field).toBe(
      '/lines/0/accountCode',
    );
    expect(journalProblems([line('1000', 5, 5), line('4000', 0, 0)]).map((p) => p.field)).toEqual([
      '/lines/0',
      '/lines/1',
    ]);
    expect(journalProblems([line('1000', 0.5, 0), line('4000', 0, 0.5)])[0]?.field).toBe(
      '/lines/0/debitPence',
    );
  });

  it('always balances, and a reversal restores every total', () => {
    fc.assert(
      fc.property(fc.array(balancedJournal, { minLength: 1, maxLength: 10 }), (journals) => {
        const lines = journals.flat();
        journals.forEach((j) => {
          expect(journalProblems(j)).toEqual([]);
        });
        const debit = lines.reduce((s, l) => s + l.debitPence, 0);
        const credit = lines.reduce((s, l) => s + l.creditPence, 0);
        expect(debit).toBe(credit);
        const reversed = [...lines, ...journals.flatMap(reversingLines)];
        expect(profitAndLoss(reversed)).toEqual({
          incomePence: 0,
          expenditurePence: 0,
          profitPence: 0,
        });
      }),
    );
  });

  it('reads profit as income less expenditure', () => {
    expect(
      profitAndLoss([
        line('1000', 10_000, 0),
        line('4000', 0, 10_000),
        line('5000', 4_000, 0),
        line('1000', 0, 4_000),
      ]),
    ).toEqual({ incomePence: 10_000, expenditurePence: 4_000, profitPence: 6_000 });
  });
});

describe('the levy', () => {
  it('is the rate times the list: £2 x 340,000 patients is £680,000 a year', () => {
    expect(annualLevy(200, 340_000)).toBe(68_000_000);
  });

  it('splits into instalments that add up to the year exactly', () => {
    expect(levyInstalments(1_000, 12)).toEqual([84, 84, 84, 84, 83, 83, 83, 83, 83, 83, 83, 83]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.constantFrom(1, 4, 12),
        (rate, list, periods) => {
          const year = annualLevy(rate, list);
          expect(year).toBe(rate * list);
          const parts = levyInstalments(year, periods);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(year);
          expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('numbers invoices and dates them', () => {
    expect(invoiceNumber('LEVY', 2026, 7)).toBe('LEVY-2026-00007');
    expect(dueDate('2026-11-23', 30)).toBe('2026-12-23');
    expect(dueDate('2027-02-15', 14)).toBe('2027-03-01');
  });
});

describe('profit parity', () => {
  const centres = [
    { costCentreId: 'a', profitPence: 60_000_000, partners: 4 },
    { costCentreId: 'b', profitPence: 30_000_000, partners: 3 },
    { costCentreId: 'c', profitPence: 10_000_001, partners: 2 },
  ];

  it('moves each centre part of the way to the common mark, and all the way in the last year', () => {
    const path = glidePath(centres, 2);
    const last = path[1]?.transfers ?? [];
    const perPartner = last.map((t) => t.profitPerPartnerAfterPence);
    expect(Math.max(...perPartner) - Math.min(...perPartner)).toBeLessThanOrEqual(1);
    const first = path[0]?.transfers ?? [];
    expect(first[0]?.transferPence).toBeLessThan(0); // the richest centre gives
    expect(first[2]?.transferPence).toBeGreaterThan(0); // the poorest receives
  });

  it('always sums to zero, and reaches the mark in N years', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            profitPence: fc.integer({ min: -5_000_000, max: 200_000_000 }),
            partners: fc.integer({ min: 1, max: 12 }),
          }),
          { minLength: 2, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 10 }),
        (list, years) => {
          const input = list.map((c, i) => ({ ...c, costCentreId: `c${i}` }));
          const path = glidePath(input, years);
          for (const { transfers } of path) {
            expect(transfers.reduce((s, t) => s + t.transferPence, 0)).toBe(0);
          }
          const final = path.at(-1)?.transfers ?? [];
          expect(final).toHaveLength(input.length);
          const total = input.reduce((s, c) => s + c.profitPence, 0);
          const partners = input.reduce((s, c) => s + c.partners, 0);
          final.forEach((t, i) => {
            // At the mark, to within a penny of rounding per partner.
            expect(
              Math.abs(t.profitAfterPence - (total * (input[i]?.partners ?? 0)) / partners),
            ).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('refuses a centre without partners', () => {
    expect(() => parityTransfers([{ costCentreId: 'x', profitPence: 1, partners: 0 }], 1)).toThrow(
      /partner/,
    );
  });
});

describe('payment matching', () => {
  const expected = [
    {
      id: 'gs-nov',
      payer: 'NHS England',
      reference: 'GS-2611',
      amountPence: 5_000_000,
      dueOn: '2026-11-01',
    },
    {
      id: 'gs-dec',
      payer: 'NHS England',
      reference: 'GS-2612',
      amountPence: 5_000_000,
      dueOn: '2026-12-01',
    },
    {
      id: 'qof',
      payer: 'NHS England',
      reference: null,
      amountPence: 1_234_500,
      dueOn: '2026-10-31',
    },
  ];

  it('matches by reference and amount first', () => {
    expect(
      matchPayment(
        {
          receivedOn: '2026-11-03',
          payer: 'NHSE',
          reference: 'BACS gs 2611 Y90001',
          amountPence: 5_000_000,
        },
        expected,
      ),
    ).toEqual({ kind: 'matched', expectedId: 'gs-nov', rule: 'reference' });
  });

  it('matches by amount, payer and date when the reference is missing', () => {
    expect(
      matchPayment(
        {
          receivedOn: '2026-11-20',
          payer: 'NHS ENGLAND',
          reference: 'REMIT 88',
          amountPence: 1_234_500,
        },
        expected,
      ),
    ).toEqual({ kind: 'matched', expectedId: 'qof', rule: 'amount-payer-date' });
  });

  it('never guesses: two candidates or none go to review', () => {
    const two = matchPayment(
      { receivedOn: '2026-11-20', payer: 'NHS England', reference: 'x', amountPence: 5_000_000 },
      expected,
    );
    expect(two).toMatchObject({ kind: 'review', candidateIds: ['gs-nov', 'gs-dec'] });
    expect(
      matchPayment(
        { receivedOn: '2026-11-20', payer: 'NHS England', reference: 'x', amountPence: 1 },
        expected,
      ),
    ).toMatchObject({ kind: 'review', candidateIds: [] });
  });
});
