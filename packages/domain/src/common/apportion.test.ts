import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, roundToSum } from './apportion.js';

describe('apportion', () => {
  it('splits by weight, the leftover to the largest remainders', () => {
    expect(apportion(10, [6, 3, 1])).toEqual([6, 3, 1]);
    expect(apportion(7, [5, 5, 2])).toEqual([3, 3, 1]);
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(apportion(4, [0, 0])).toEqual([2, 2]);
  });

  it('always adds up to the total, each part within one of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0) {
            for (const [i, part] of parts.entries()) {
              expect(Math.abs(part - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1);
            }
          }
        },
      ),
    );
  });

  it('refuses fractions and negative weights', () => {
    expect(() => apportion(1.5, [1])).toThrow(/whole number/);
    expect(() => apportion(1, [-1, 2])).toThrow(/not negative/);
    expect(() => apportion(1, [])).toThrow(/nothing to apportion/);
  });
});

describe('roundToSum', () => {
  it('rounds values that add to a whole number so that the parts still do, even across zero', () => {
    expect(roundToSum([1.5, -0.5, -1], 0)).toEqual([2, -1, -1]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 2, maxLength: 20 }),
        (ints) => {
          // Values that add up to zero exactly as reals: thirds of a zero-sum set.
          const mean = ints.reduce((a, b) => a + b, 0) / ints.length;
          const exact = ints.map((v) => (v - mean) / 3);
          const parts = roundToSum(exact, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(0);
          for (const [i, p] of parts.entries())
            expect(Math.abs(p - (exact[i] ?? 0))).toBeLessThan(1);
        },
      ),
    );
  });
});
