import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatedWaitMinutes, walkInPace } from './walk-in.js';

describe('walk-in waits', () => {
  it('uses the queue’s minutes per patient until three services are known', () => {
    expect(walkInPace([], 6)).toBe(6);
    expect(walkInPace([10, 12], 6)).toBe(6);
    expect(walkInPace([10, 12, 8], 6)).toBe(10);
  });

  it('uses only the ten most recent services', () => {
    expect(walkInPace([...Array<number>(10).fill(4), 100, 100], 6)).toBe(4);
  });

  it('multiplies the people ahead by the pace', () => {
    expect(
      estimatedWaitMinutes({ waitingAhead: 3, recentServiceMinutes: [], minutesPerPatient: 6 }),
    ).toBe(18);
    expect(
      estimatedWaitMinutes({
        waitingAhead: 2,
        recentServiceMinutes: [5, 5, 8],
        minutesPerPatient: 6,
      }),
    ).toBe(12);
  });

  it('is never negative and grows with the people ahead', () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 120 }),
        (ahead, recent, minutes) => {
          const now = estimatedWaitMinutes({
            waitingAhead: ahead,
            recentServiceMinutes: recent,
            minutesPerPatient: minutes,
          });
          const later = estimatedWaitMinutes({
            waitingAhead: ahead + 1,
            recentServiceMinutes: recent,
            minutesPerPatient: minutes,
          });
          expect(now).toBeGreaterThanOrEqual(0);
          expect(later).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });
});
