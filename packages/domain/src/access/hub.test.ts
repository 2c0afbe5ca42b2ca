import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShareProblem, fairShares, isReleased, thresholdProblem } from './hub.js';

describe('fairShares', () => {
  it('shares by list size, the leftover to the largest remainders', () => {
    const shares = fairShares(10, [
      { practiceId: 'a', listSize: 6_000 },
      { practiceId: 'b', listSize: 3_000 },
      { practiceId: 'c', listSize: 1_000 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ a: 6, b: 3, c: 1 });
    const uneven = fairShares(7, [
      { practiceId: 'a', listSize: 5_000 },
      { practiceId: 'b', listSize: 5_000 },
      { practiceId: 'c', listSize: 2_000 },
    ]);
    // Exact shares 2.92, 2.92, 1.17: the two larger remainders get the two spare slots.
    expect(Object.fromEntries(uneven)).toEqual({ a: 3, b: 3, c: 1 });
  });

  it('always adds up to the capacity, never gives a negative share, and follows list size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 40 }),
        (capacity, lists) => {
          const members = lists.map((listSize, i) => ({ practiceId: `p${i}`, listSize }));
          const shares = fairShares(capacity, members);
          const values = members.map((m) => shares.get(m.practiceId) ?? -1);
          expect(values.reduce((a, b) => a + b, 0)).toBe(capacity);
          expect(values.every((v) => v >= 0)).toBe(true);
          const total = lists.reduce((a, b) => a + b, 0);
          if (total > 0) {
            // Within one slot of the exact proportional share.
            for (const [i, m] of members.entries()) {
              expect(Math.abs((values[i] ?? 0) - (capacity * m.listSize) / total)).toBeLessThan(1);
            }
          }
        },
      ),
    );
  });

  it('shares equally when no practice has a list yet', () => {
    const shares = fairShares(4, [
      { practiceId: 'a', listSize: 0 },
      { practiceId: 'b', listSize: 0 },
    ]);
    expect([...shares.values()]).toEqual([2, 2]);
  });

  it('refuses a capacity that is not a whole number', () => {
    expect(() => fairShares(2.5, [{ practiceId: 'a', listSize: 1 }])).toThrow(/whole number/);
  });
});

describe('release and the rules of referral', () => {
  it('releases a slot to all once its lead time has come', () => {
    expect(isReleased('2026-11-23T14:00:00Z', '2026-11-23T11:59:00Z', 120)).toBe(false);
    expect(isReleased('2026-11-23T14:00:00Z', '2026-11-23T12:00:00Z', 120)).toBe(true);
  });

  it('keeps a practice to its share until release', () => {
    expect(fairShareProblem({ released: false, share: 3, usedByPractice: 2 })).toBeNull();
    expect(fairShareProblem({ released: false, share: 3, usedByPractice: 3 })).toMatch(
      /all 3 of its fair share/,
    );
    expect(fairShareProblem({ released: true, share: 3, usedByPractice: 9 })).toBeNull();
  });

  it('refuses a referral below the threshold unless a reason is given', () => {
    expect(thresholdProblem({ seenInHouse: 40, dailyThreshold: 50 })).toMatch(
      /40 of its agreed 50/,
    );
    expect(
      thresholdProblem({ seenInHouse: 40, dailyThreshold: 50, overrideReason: '  ' }),
    ).not.toBeNull();
    expect(
      thresholdProblem({ seenInHouse: 40, dailyThreshold: 50, overrideReason: 'Needs a dressing' }),
    ).toBeNull();
    expect(thresholdProblem({ seenInHouse: 50, dailyThreshold: 50 })).toBeNull();
  });
});
