import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { againstExtendedAccess, hubDayUse, type HubBooking } from './hub-use.js';

const booking = (practiceId: string, afterRelease = false): HubBooking => ({
  practiceId,
  afterRelease,
  status: 'booked',
});

describe('hubDayUse', () => {
  it('counts use against shares, and what release recovered', () => {
    const day = hubDayUse({
      capacity: 10,
      members: [
        { practiceId: 'a', listSize: 6_000 },
        { practiceId: 'b', listSize: 4_000 },
      ],
      // a: 6 share, books 3; b: 4 share, books 4 before release and 2 after it.
      bookings: [
        ...Array.from({ length: 3 }, () => booking('a')),
        ...Array.from({ length: 4 }, () => booking('b')),
        booking('b', true),
        { practiceId: 'b', afterRelease: true, status: 'did-not-attend' },
      ],
    });
    expect(day.practices).toEqual([
      { practiceId: 'a', listSize: 6_000, share: 6, used: 3, left: 3, released: 2, extra: 0 },
      { practiceId: 'b', listSize: 4_000, share: 4, used: 4, left: 0, released: 0, extra: 2 },
    ]);
    expect(day.recovered).toBe(2);
    expect(day.bookedOrAttended).toBe(8);
    expect(day.didNotAttend).toBe(1);
    expect(day.utilisation).toBe(0.8);
    expect(day.againstBenchmark).toBe('better');
  });

  it('has no utilisation without capacity', () => {
    const day = hubDayUse({
      capacity: 0,
      members: [{ practiceId: 'a', listSize: 1 }],
      bookings: [],
    });
    expect(day.utilisation).toBeNull();
    expect(day.againstBenchmark).toBeNull();
    expect(day.practices[0]).toMatchObject({ share: 0, used: 0, left: 0, released: 0 });
  });

  it('keeps bookings by practices outside the hub apart', () => {
    const day = hubDayUse({
      capacity: 2,
      members: [{ practiceId: 'a', listSize: 1 }],
      bookings: [booking('z', true)],
    });
    expect(day.byOthers).toBe(1);
    expect(day.recovered).toBe(0);
  });

  it('always adds up: shares to capacity, used + left = share, released within left and summing to recovered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(9), fc.boolean()), { maxLength: 80 }),
        (capacity, lists, picks) => {
          const members = lists.map((listSize, i) => ({ practiceId: `p${i}`, listSize }));
          // Never more bookings than places, as the slots' capacity guarantees.
          const bookings = picks
            .slice(0, capacity)
            .map(([i, after]) => booking(`p${i % members.length}`, after));
          const day = hubDayUse({ capacity, members, bookings });
          const sum = (f: (p: (typeof day.practices)[number]) => number) =>
            day.practices.reduce((s, p) => s + f(p), 0);
          expect(sum((p) => p.share)).toBe(capacity);
          for (const p of day.practices) {
            expect(p.used + p.left).toBe(p.share);
            expect(p.used).toBeGreaterThanOrEqual(0);
            expect(p.left).toBeGreaterThanOrEqual(0);
            expect(p.released).toBeGreaterThanOrEqual(0);
            expect(p.released).toBeLessThanOrEqual(p.left);
          }
          expect(sum((p) => p.released)).toBe(day.recovered);
          expect(sum((p) => p.used + p.extra)).toBe(bookings.length);
          expect(day.recovered).toBeLessThanOrEqual(sum((p) => p.extra));
        },
      ),
    );
  });
});

describe('againstExtendedAccess', () => {
  it('compares with the 25-35% unused in public figures', () => {
    expect(againstExtendedAccess(0.1)).toBe('better');
    expect(againstExtendedAccess(0.3)).toBe('typical');
    expect(againstExtendedAccess(0.35)).toBe('typical');
    expect(againstExtendedAccess(0.5)).toBe('worse');
  });
});
