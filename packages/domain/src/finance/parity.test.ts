import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { glidePath, parityMark, parityTransfers, type ParityCentre } from './parity.js';

const centresArbitrary = fc
  .array(
    fc.record({
      profitPence: fc.integer({ min: -10_000_000, max: 300_000_000 }),
      // Partner shares: whole partners and part shares (a half-time partner counts 0.5).
      partners: fc.integer({ min: 1, max: 48 }).map((quarters) => quarters / 4),
    }),
    { minLength: 1, maxLength: 15 },
  )
  .map((list) => list.map((c, i): ParityCentre => ({ ...c, costCentreId: `c${String(i)}` })));

/** Where a centre ends up at the mark: its share of the whole organisation's profit. */
const target = (centres: readonly ParityCentre[], centre: ParityCentre) => {
  const profit = centres.reduce((s, c) => s + c.profitPence, 0);
  const partners = centres.reduce((s, c) => s + c.partners, 0);
  return (profit * centre.partners) / partners;
};

describe('the profit parity glide path (FIN-6)', () => {
  it('has transfers that sum to zero in every year', () => {
    fc.assert(
      fc.property(centresArbitrary, fc.integer({ min: 1, max: 20 }), (centres, years) => {
        for (const { transfers } of glidePath(centres, years)) {
          expect(transfers.reduce((s, t) => s + t.transferPence, 0)).toBe(0);
          transfers.forEach((t) => {
            expect(Number.isSafeInteger(t.transferPence)).toBe(true);
          });
        }
      }),
    );
  });

  it('reaches the mark in year N, to within a penny of rounding per centre', () => {
    fc.assert(
      fc.property(centresArbitrary, fc.integer({ min: 1, max: 20 }), (centres, years) => {
        const path = glidePath(centres, years);
        expect(path).toHaveLength(years);
        expect(path.at(-1)?.year).toBe(years);
        const mark = parityMark(centres);
        path.at(-1)?.transfers.forEach((t, i) => {
          const centre = centres[i];
          if (!centre) throw new Error('a transfer for no centre');
          expect(Math.abs(t.profitAfterPence - target(centres, centre))).toBeLessThan(1);
          // Per partner share, the mark within the rounding of a penny shared out.
          expect(Math.abs(t.profitAfterPence / centre.partners - mark)).toBeLessThanOrEqual(
            1 / centre.partners + 0.5,
          );
        });
      }),
    );
  });

  it('moves every centre monotonically towards the mark, year on year, never past it', () => {
    fc.assert(
      fc.property(centresArbitrary, fc.integer({ min: 2, max: 20 }), (centres, years) => {
        const path = glidePath(centres, years);
        centres.forEach((centre, i) => {
          const goal = target(centres, centre);
          let gap = Math.abs(centre.profitPence - goal);
          for (const { transfers } of path) {
            const after = transfers[i]?.profitAfterPence ?? Number.NaN;
            const next = Math.abs(after - goal);
            // Rounding to pence may wobble a penny; the path itself never turns back.
            expect(next).toBeLessThanOrEqual(gap + 1);
            // Never overshoots: stays on its own side of the mark, give or take a penny.
            if (centre.profitPence > goal) expect(after).toBeGreaterThanOrEqual(goal - 1);
            if (centre.profitPence < goal) expect(after).toBeLessThanOrEqual(goal + 1);
            gap = Math.min(gap, next);
          }
        });
      }),
    );
  });

  it('moves k/N of the way in year k: two years halve the gap first', () => {
    const centres: ParityCentre[] = [
      { costCentreId: 'rich', profitPence: 80_000_000, partners: 4 }, // £200,000 a partner
      { costCentreId: 'poor', profitPence: 20_000_000, partners: 2 }, // £100,000 a partner
    ];
    expect(parityMark(centres)).toBe(16_666_667);
    const [first, second] = glidePath(centres, 2);
    // Target for "rich": 100,000,000 x 4/6 = 66,666,666.67; the gap is 13,333,333.33.
    expect(first?.transfers.map((t) => t.transferPence)).toEqual([-6_666_667, 6_666_667]);
    expect(second?.transfers.map((t) => t.transferPence)).toEqual([-13_333_333, 13_333_333]);
    expect(second?.transfers.map((t) => t.profitPerPartnerAfterPence)).toEqual([
      16_666_667, 16_666_667,
    ]);
  });

  it('refuses 0 or 21 years, a fraction outside 0..1 and a centre with no partners', () => {
    const centres: ParityCentre[] = [{ costCentreId: 'a', profitPence: 1, partners: 1 }];
    expect(() => glidePath(centres, 0)).toThrow(RangeError);
    expect(() => glidePath(centres, 21)).toThrow(RangeError);
    expect(() => glidePath(centres, 1.5)).toThrow(RangeError);
    expect(() => parityTransfers(centres, 1.01)).toThrow(RangeError);
    expect(() => parityMark([])).toThrow(RangeError);
  });
});
