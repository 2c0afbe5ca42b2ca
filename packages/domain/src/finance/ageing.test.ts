import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGEING_BUCKETS, ageingBucket, daysBetween } from './ageing.js';

const dateArb = fc
  .integer({ min: 0, max: 20_000 })
  .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('ageing, whatever the dates', () => {
  it('counts whole days both ways, across clock changes and leap years', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(Number.isInteger(daysBetween(a, b))).toBe(true);
        expect(daysBetween(a, b) + daysBetween(b, a)).toBe(0);
        expect(daysBetween(a, a)).toBe(0);
      }),
    );
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it('puts older items in the same or a later bucket, and nothing due today or later overdue', () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, (due, today, later) => {
        const [first, second] = [today, later].sort();
        const a = AGEING_BUCKETS.indexOf(ageingBucket(due, first ?? today));
        const b = AGEING_BUCKETS.indexOf(ageingBucket(due, second ?? later));
        expect(b).toBeGreaterThanOrEqual(a);
        if (due >= today) expect(ageingBucket(due, today)).toBe('not-due');
      }),
    );
  });

  it('puts the edges of 30, 60 and 90 days in the lower bucket', () => {
    expect(ageingBucket('2026-01-01', '2026-01-31')).toBe('1-30');
    expect(ageingBucket('2026-01-01', '2026-02-01')).toBe('31-60');
    expect(ageingBucket('2026-01-01', '2026-03-02')).toBe('31-60');
    expect(ageingBucket('2026-01-01', '2026-03-03')).toBe('61-90');
    expect(ageingBucket('2026-01-01', '2026-04-01')).toBe('61-90');
    expect(ageingBucket('2026-01-01', '2026-04-02')).toBe('over-90');
  });
});
