import { describe, expect, it } from 'vitest';
import { assertIsoDate, dateInEngland, isIsoDate } from './iso-date.js';

describe('ISO dates', () => {
  it.each(['2024-02-29', '2025-12-31', '1999-01-01'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each(['2025-02-29', '2024-13-01', '2024-1-01', '01/04/2024', '2024-04-01T00:00:00Z', ''])(
    'refuses %s',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
    },
  );

  it('names the field when it refuses', () => {
    expect(() => {
      assertIsoDate('2024-02-30', '/on');
    }).toThrow(expect.objectContaining({ code: 'validation-failed' }));
  });
});

describe('dateInEngland', () => {
  it('is already tomorrow in England at 23:30 UTC in British Summer Time, not in winter', () => {
    expect(dateInEngland(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(dateInEngland(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it('follows the clock change on the last Sunday of March', () => {
    // 01:00 UTC on 29 March 2026 is 02:00 BST: still the 29th either side of the change.
    expect(dateInEngland(new Date('2026-03-28T23:59:00Z'))).toBe('2026-03-28');
    expect(dateInEngland(new Date('2026-03-29T23:00:00Z'))).toBe('2026-03-30');
  });
});
