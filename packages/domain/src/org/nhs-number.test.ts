import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidNhsNumber, nhsNumberProblem, testNhsNumbers } from './nhs-number.js';

describe('NHS number', () => {
  it('accepts a known valid number with or without spaces', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
  });

  it('rejects a wrong check digit and says so', () => {
    expect(nhsNumberProblem('9434765918')).toMatch(/check digit/);
  });

  it('rejects the wrong length or letters', () => {
    expect(nhsNumberProblem('943476591')).toMatch(/10 digits/);
    expect(nhsNumberProblem('94347659AB')).toMatch(/10 digits/);
  });

  it('detects any single changed digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (position, delta) => {
          const valid = '9434765919';
          const digit = (Number(valid[position]) + delta) % 10;
          const changed = valid.slice(0, position) + String(digit) + valid.slice(position + 1);
          return !isValidNhsNumber(changed);
        },
      ),
    );
  });

  it('yields unique valid test numbers from the 999 range', () => {
    const numbers: string[] = [];
    for (const n of testNhsNumbers()) {
      numbers.push(n);
      if (numbers.length === 2000) break;
    }
    expect(new Set(numbers).size).toBe(2000);
    expect(numbers.every((n) => n.startsWith('999') && isValidNhsNumber(n))).toBe(true);
  });
});
