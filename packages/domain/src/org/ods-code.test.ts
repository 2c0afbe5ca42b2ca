import { describe, expect, it } from 'vitest';
import { isOdsCode, odsCodeProblem } from './ods-code.js';

describe('ODS code', () => {
  it.each(['A81001', 'Y02960', 'W00001', 'B82005'])('accepts %s', (code) => {
    expect(isOdsCode(code)).toBe(true);
  });

  it.each([
    ['a81001', /capital/],
    ['A8100', /6 characters/],
    ['A810011', /6 characters/],
    [' A8100', /spaces/],
    ['181001', /letter/],
    ['A8100A', /four digits/],
  ])('refuses %s and says why', (code, why) => {
    expect(odsCodeProblem(code)).toMatch(why);
  });
});
