import { describe, expect, it } from 'vitest';
import { hasValidVerhoeff, isSctid, sctidProblem, verhoeffCheckDigit } from './sctid.js';

describe('SNOMED CT ids', () => {
  it('computes Verhoeff check digits (the textbook example 236 -> 3)', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(hasValidVerhoeff('2363')).toBe(true);
    expect(hasValidVerhoeff('2364')).toBe(false);
  });

  it('accepts real concept ids of the International and UK editions', () => {
    for (const id of ['49436004', '38341003', '84114007', '22298006', '52448006', '10000006']) {
      expect(sctidProblem(id), id).toBeNull();
    }
  });

  it('refuses a wrong check digit, a swapped pair, a non-concept partition and bad shapes', () => {
    expect(sctidProblem('49436005')).toMatch(/check digit/);
    expect(isSctid('94436004')).toBe(false);
    expect(sctidProblem('12345678')).toMatch(/partition/);
    expect(sctidProblem('0494360')).toMatch(/6 to 18 digits/);
    expect(sctidProblem('4943')).toMatch(/6 to 18 digits/);
    expect(sctidProblem('49436004x')).toMatch(/6 to 18 digits/);
  });

  it('catches every single-digit change of a real id', () => {
    const id = '230690007';
    for (let i = 0; i < id.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = `${id.slice(0, i)}${d}${id.slice(i + 1)}`;
        if (changed !== id) expect(hasValidVerhoeff(changed), changed).toBe(false);
      }
    }
  });
});
