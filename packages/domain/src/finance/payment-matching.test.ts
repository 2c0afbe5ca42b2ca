import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MATCH_WINDOW_DAYS, matchPayment, type ExpectedPayment } from './payment-matching.js';

const day = (offset: number) =>
  new Date(Date.UTC(2026, 5, 1) + offset * 86_400_000).toISOString().slice(0, 10);

const expectedArb = fc.record({
  id: fc.uuid(),
  payer: fc.constantFrom('NHS England', 'Sometown ICB', 'HEE'),
  reference: fc.option(fc.constantFrom('Y01-GS-202606', 'Y01-QOF-2026', 'ES-FLU'), { nil: null }),
  amountPence: fc.integer({ min: 1, max: 500 }),
  dueOn: fc.integer({ min: -100, max: 100 }).map(day),
});
const receivedArb = fc.record({
  receivedOn: fc.integer({ min: -100, max: 100 }).map(day),
  payer: fc.constantFrom('NHS ENGLAND', 'nhs england', 'Sometown ICB', 'Unknown Ltd'),
  reference: fc.constantFrom('', 'Y01-GS-202606', 'Y01 QOF 2026 payment', 'misc'),
  amountPence: fc.integer({ min: 1, max: 500 }),
});

describe('matchPayment, whatever it is given', () => {
  it('matches only an expected payment of exactly the amount, and never guesses between two', () => {
    fc.assert(
      fc.property(
        receivedArb,
        fc.uniqueArray(expectedArb, { selector: (e) => e.id, maxLength: 8 }),
        (received, expected) => {
          const result = matchPayment(received, expected);
          if (result.kind === 'matched') {
            const hit = expected.find((e) => e.id === result.expectedId);
            expect(hit?.amountPence).toBe(received.amountPence);
            // Its rule is the only way it fits: no other payment fits by the same rule.
            if (result.rule === 'amount-payer-date') {
              const late =
                (Date.parse(received.receivedOn) - Date.parse(hit?.dueOn ?? '')) / 86_400_000;
              expect(late).toBeGreaterThanOrEqual(-MATCH_WINDOW_DAYS.early);
              expect(late).toBeLessThanOrEqual(MATCH_WINDOW_DAYS.late);
            }
          } else {
            expect(result.reason.length).toBeGreaterThan(0);
            for (const id of result.candidateIds) {
              expect(expected.find((e) => e.id === id)?.amountPence).toBe(received.amountPence);
            }
            expect(result.candidateIds.length === 0 || result.candidateIds.length > 1).toBe(true);
          }
        },
      ),
    );
  });

  it('gives the same answer whatever the order of the expected payments', () => {
    fc.assert(
      fc.property(
        receivedArb,
        fc.uniqueArray(expectedArb, { selector: (e) => e.id, maxLength: 8 }),
        (received, expected) => {
          const a = matchPayment(received, expected);
          const b = matchPayment(received, [...expected].reverse());
          expect(a.kind).toBe(b.kind);
          if (a.kind === 'matched' && b.kind === 'matched') expect(a.expectedId).toBe(b.expectedId);
          if (a.kind === 'review' && b.kind === 'review') {
            expect([...a.candidateIds].sort()).toEqual([...b.candidateIds].sort());
          }
        },
      ),
    );
  });

  it('gives the same answer when only payments of its amount are offered (what the import relies on)', () => {
    fc.assert(
      fc.property(
        receivedArb,
        fc.uniqueArray(expectedArb, { selector: (e) => e.id, maxLength: 8 }),
        (received, expected) => {
          const same = expected.filter((e) => e.amountPence === received.amountPence);
          expect(matchPayment(received, same)).toEqual(matchPayment(received, expected));
        },
      ),
    );
  });
});

describe('the matching rules', () => {
  const gs: ExpectedPayment = {
    id: 'gs',
    payer: 'NHS England',
    reference: 'Y01-GS-202606',
    amountPence: 1_000,
    dueOn: '2026-06-30',
  };
  const es: ExpectedPayment = { ...gs, id: 'es', reference: 'ES-FLU', dueOn: '2026-07-15' };

  it('matches by a reference found inside the statement’s, ignoring case and punctuation', () => {
    expect(
      matchPayment(
        {
          receivedOn: '2026-12-01',
          payer: 'Anyone',
          reference: 'BACS y01 gs 202606',
          amountPence: 1_000,
        },
        [gs, es],
      ),
    ).toEqual({ kind: 'matched', expectedId: 'gs', rule: 'reference' });
  });

  it('falls back to amount, payer and a date from 15 days early to 60 days late', () => {
    const at = (receivedOn: string) =>
      matchPayment({ receivedOn, payer: 'NHS ENGLAND', reference: '', amountPence: 1_000 }, [gs]);
    expect(at('2026-06-15')).toMatchObject({ kind: 'matched', rule: 'amount-payer-date' });
    expect(at('2026-06-14').kind).toBe('review');
    expect(at('2026-08-29')).toMatchObject({ kind: 'matched', rule: 'amount-payer-date' });
    expect(at('2026-08-30').kind).toBe('review');
  });

  it('sends two payments that fit equally well for review with both as candidates', () => {
    const result = matchPayment(
      { receivedOn: '2026-07-05', payer: 'NHS England', reference: '', amountPence: 1_000 },
      [gs, es],
    );
    expect(result).toMatchObject({ kind: 'review', candidateIds: ['gs', 'es'] });
  });

  it('never matches a different amount, even with the right reference', () => {
    expect(
      matchPayment(
        {
          receivedOn: '2026-06-30',
          payer: 'NHS England',
          reference: 'Y01-GS-202606',
          amountPence: 999,
        },
        [gs],
      ),
    ).toMatchObject({ kind: 'review', candidateIds: [] });
  });
});
