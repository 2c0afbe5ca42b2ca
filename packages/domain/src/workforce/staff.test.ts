import { describe, expect, it } from 'vitest';
import { CAREER_GRADES, isPartnerGrade } from './staff.js';

describe('isPartnerGrade', () => {
  it('counts the three partner rungs as partners and the salaried and associate GPs as not', () => {
    expect(CAREER_GRADES.filter(isPartnerGrade)).toEqual([
      'salaried-partner',
      'fixed-share-partner',
      'equity-partner',
    ]);
    expect(isPartnerGrade(null)).toBe(false);
  });
});
