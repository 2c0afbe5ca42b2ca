import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessGaming,
  dnaRate,
  isoWeekOf,
  isWorkingDay,
  quartiles,
  type PracticeWeekFacts,
} from './gaming.js';

const facts = (over: Partial<PracticeWeekFacts>): PracticeWeekFacts => ({
  practiceId: 'a',
  practiceName: 'A',
  week: '2026-W47',
  listSize: 10_000,
  inHousePlaces: 750,
  agreedInHousePlaces: 750,
  hubPlacesUsed: 10,
  hubFairShare: 10,
  referralsBeforeThreshold: 0,
  overrides: 0,
  ...over,
});

describe('assessGaming', () => {
  it('flags a practice below its agreed level that overuses the hub, in words', () => {
    const [row] = assessGaming([facts({ inHousePlaces: 580, hubPlacesUsed: 14 })]);
    expect(row?.outlier).toBe(true);
    expect(row?.reasons).toEqual([
      'offers 58 in-house appointments per 1,000 patients a week against an agreed 75, and uses 140% of its hub share',
    ]);
    expect(row?.inHousePer1000).toBe(58);
    expect(row?.hubShareUsed).toBeCloseTo(1.4);
  });

  it('does not flag within 20% of the agreed level and 120% of the share', () => {
    const [row] = assessGaming([facts({ inHousePlaces: 610, hubPlacesUsed: 12 })]);
    expect(row?.outlier).toBe(false);
    expect(row?.reasons).toEqual([]);
  });

  it('flags a low outlier among practices beyond 1.5 IQR', () => {
    const rows = assessGaming(
      [80, 78, 82, 79, 81, 20].map((rate, i) =>
        facts({ practiceId: `p${i}`, inHousePlaces: rate * 10, agreedInHousePlaces: 0 }),
      ),
    );
    expect(rows.filter((r) => r.outlier).map((r) => r.practiceId)).toEqual(['p5']);
    expect(rows[5]?.reasons[0]).toContain('far below the other practices');
  });

  it('has no rates without a list size', () => {
    const [row] = assessGaming([facts({ listSize: 0 })]);
    expect(row?.inHousePer1000).toBeNull();
    expect(row?.outlier).toBe(false);
  });

  it('never flags a practice meeting its agreement and its share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 1, max: 100 }),
        (listSize, agreed, share) => {
          const [row] = assessGaming([
            facts({
              listSize,
              agreedInHousePlaces: agreed,
              inHousePlaces: agreed,
              hubFairShare: share,
              hubPlacesUsed: share,
            }),
          ]);
          expect(row?.outlier).toBe(false);
        },
      ),
    );
  });
});

describe('helpers', () => {
  it('takes quartiles', () => {
    expect(quartiles([1, 2, 3, 4, 5])).toEqual({ q1: 2, q3: 4 });
  });
  it('rates DNAs', () => {
    expect(dnaRate({ attended: 3, didNotAttend: 1 })).toBe(0.25);
    expect(dnaRate({ attended: 0, didNotAttend: 0 })).toBeNull();
  });
  it('names ISO weeks, the year by the Thursday', () => {
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
  });
  it('knows working days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true);
    expect(isWorkingDay('2026-11-22')).toBe(false);
  });
});
