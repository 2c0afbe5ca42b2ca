import { describe, expect, it } from 'vitest';
import { isPostcode, normalisePostcode, postcodeProblem } from './postcode.js';

describe('postcodes', () => {
  it('writes a postcode the standard way: capitals and one space before the inward code', () => {
    expect(normalisePostcode('b17 9qn')).toBe('B17 9QN');
    expect(normalisePostcode('  sw1a1aa ')).toBe('SW1A 1AA');
    expect(normalisePostcode('M1   1AE')).toBe('M1 1AE');
    expect(normalisePostcode('ts17\t0ee')).toBe('TS17 0EE');
    expect(normalisePostcode('')).toBe('');
    expect(normalisePostcode('ab')).toBe('AB');
  });

  it('accepts every shape of UK postcode', () => {
    for (const postcode of [
      'M1 1AE', // A9 9AA
      'B33 8TH', // A99 9AA
      'CR2 6XH', // AA9 9AA
      'DN55 1PT', // AA99 9AA
      'W1A 0AX', // A9A 9AA
      'EC1A 1BB', // AA9A 9AA
      'GIR 0AA',
      'ls1 1aa',
    ]) {
      expect(postcodeProblem(postcode), postcode).toBeNull();
    }
  });

  it('refuses what is not a postcode, saying what one looks like', () => {
    for (const text of [
      'B17',
      '9QN B17',
      'B17 9Q',
      'B17 9QNN',
      'BBB1 9QN',
      'B17 9CI', // C and I never appear in the inward code
      '17 9QN',
      'B-17 9QN',
      'not a postcode',
    ]) {
      expect(postcodeProblem(text), text).toMatch(/real UK postcode/);
      expect(isPostcode(text)).toBe(false);
    }
    expect(postcodeProblem('   ')).toBe('Enter a postcode');
    expect(isPostcode('b17 9qn')).toBe(true);
  });
});
