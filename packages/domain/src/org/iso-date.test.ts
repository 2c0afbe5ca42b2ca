import { describe, expect, it } from 'vitest';
import { assertIsoDate, isIsoDate } from './iso-date.js';

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
