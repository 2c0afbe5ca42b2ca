import { describe, expect, it } from 'vitest';
import { fiveNumbers } from './box-plot';

describe('fiveNumbers', () => {
  it('gives interpolated percentiles and the mean', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(fiveNumbers(values)).toEqual({ low: 5, q1: 25, median: 50, q3: 75, high: 95, mean: 50 });
  });
  it('copes with one value', () => {
    expect(fiveNumbers([3])).toMatchObject({ low: 3, median: 3, high: 3, mean: 3 });
  });
});
