import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import { listSizeOn } from './list-size.js';

describe('list size on a date', () => {
  const counts = [
    { date: '2024-07-01', listSize: 10_250 },
    { date: '2024-01-01', listSize: 10_000 },
    { date: '2024-04-01', listSize: 10_120 },
  ];

  it('is the latest count on or before the date', () => {
    expect(listSizeOn(counts, '2024-03-31')).toBe(10_000);
    expect(listSizeOn(counts, '2024-04-01')).toBe(10_120);
    expect(listSizeOn(counts, '2030-01-01')).toBe(10_250);
    expect(listSizeOn(counts, '2023-12-31')).toBeNull();
  });

  it('refuses two counts on one date and a size that is not a whole number', () => {
    expect(() =>
      listSizeOn([...counts, { date: '2024-01-01', listSize: 1 }], '2024-05-01'),
    ).toThrow(AtscaleError);
    expect(() => listSizeOn([{ date: '2024-01-01', listSize: 10.5 }], '2024-05-01')).toThrow(
      /whole number/,
    );
  });
});
