import { describe, expect, it } from 'vitest';
import { EFI_DEFICITS, EFI_DEFICIT_IDS, type EfiDeficitId } from './efi-deficits.js';
import {
  FRAILTY_MAX_DEFICITS,
  ageOn,
  currentMedicationSince,
  frailtyCategory,
  frailtyScore,
  scoreFrailty,
  type MatchedEntry,
} from './frailty.js';

const ON = '2026-06-30';
const OLD = { dateOfBirth: '1950-01-01' };
const coded = (ids: readonly EfiDeficitId[], date = '2020-01-01'): MatchedEntry[] =>
  ids.map((deficit, i) => ({ deficit, code: String(100000 + i), date }));
const meds = (n: number, date = '2026-01-01'): MatchedEntry[] =>
  Array.from({ length: n }, (_, i) => ({ deficit: 'medication', code: `med-${i}`, date }));

describe('the eFI deficits', () => {
  it('are the 36 the issue names, once each', () => {
    expect(EFI_DEFICITS).toHaveLength(36);
    expect(new Set(EFI_DEFICIT_IDS).size).toBe(36);
    expect(EFI_DEFICITS.map((d) => d.label)).toContain('Hypotension/syncope');
    expect(EFI_DEFICITS.map((d) => d.label)).toContain('Weight loss and anorexia');
  });
});

describe('frailty categories at the published edges', () => {
  it('turns the fractional bounds into deficit counts 4, 8 and 12', () => {
    expect(FRAILTY_MAX_DEFICITS).toEqual({ fit: 4, mild: 8, moderate: 12 });
  });

  it('agrees with the fractions for every count from 0 to 36', () => {
    for (let n = 0; n <= 36; n++) {
      const fraction = n / 36;
      const expected =
        fraction <= 0.12
          ? 'fit'
          : fraction <= 0.24
            ? 'mild'
            : fraction <= 0.36
              ? 'moderate'
              : 'severe';
      expect(frailtyCategory(n), `${n} deficits`).toBe(expected);
    }
  });

  it.each([
    [4, 'fit', 0.1111],
    [5, 'mild', 0.1389],
    [8, 'mild', 0.2222],
    [9, 'moderate', 0.25],
    [12, 'moderate', 0.3333],
    [13, 'severe', 0.3611],
    [36, 'severe', 1],
  ] as const)('%i deficits are %s (score %f)', (n, category, score) => {
    expect(frailtyCategory(n)).toBe(category);
    expect(frailtyScore(n)).toBe(score);
  });

  it('refuses counts that cannot happen', () => {
    expect(() => frailtyCategory(37)).toThrow(RangeError);
    expect(() => frailtyCategory(-1)).toThrow(RangeError);
    expect(() => frailtyCategory(1.5)).toThrow(RangeError);
  });
});

describe('scoring a patient', () => {
  it('counts each coded deficit, once however often it is coded', () => {
    for (const id of EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy')) {
      const result = scoreFrailty(OLD, [...coded([id]), ...coded([id], '2021-05-05')], ON);
      expect(result?.deficits, id).toEqual([id]);
      expect(result?.deficitCount).toBe(1);
    }
  });

  it('scores the 4/5, 8/9 and 12/13 edges from constructed records', () => {
    const ids = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy');
    const categories = [4, 5, 8, 9, 12, 13].map(
      (n) => scoreFrailty(OLD, coded(ids.slice(0, n)), ON)?.category,
    );
    expect(categories).toEqual(['fit', 'mild', 'mild', 'moderate', 'moderate', 'severe']);
  });

  it('finds polypharmacy at 5 distinct current medications, not 4', () => {
    expect(scoreFrailty(OLD, meds(4), ON)?.deficits).toEqual([]);
    expect(scoreFrailty(OLD, meds(5), ON)?.deficits).toEqual(['polypharmacy']);
    // The same medication five times is one medication.
    const same = meds(5).map((m) => ({ ...m, code: 'one' }));
    expect(scoreFrailty(OLD, same, ON)?.deficits).toEqual([]);
  });

  it('counts a medication as current for 12 months up to the scoring date', () => {
    expect(currentMedicationSince('2026-06-30')).toBe('2025-07-01');
    expect(currentMedicationSince('2028-02-29')).toBe('2027-03-01');
    expect(scoreFrailty(OLD, meds(5, '2025-07-01'), ON)?.deficits).toEqual(['polypharmacy']);
    expect(scoreFrailty(OLD, meds(5, '2025-06-30'), ON)?.deficits).toEqual([]);
    expect(scoreFrailty(OLD, meds(5, '2026-07-01'), ON)?.deficits).toEqual([]);
  });

  it('ignores entries dated after the scoring date', () => {
    expect(scoreFrailty(OLD, coded(['falls'], '2026-07-01'), ON)?.deficitCount).toBe(0);
    expect(scoreFrailty(OLD, coded(['falls'], ON), ON)?.deficitCount).toBe(1);
  });

  it('scores from 65, and not the day before', () => {
    expect(ageOn('1961-06-30', ON)).toBe(65);
    expect(ageOn('1961-07-01', ON)).toBe(64);
    expect(scoreFrailty({ dateOfBirth: '1961-06-30' }, [], ON)).toMatchObject({ category: 'fit' });
    expect(scoreFrailty({ dateOfBirth: '1961-07-01' }, coded(EFI_DEFICIT_IDS), ON)).toBeNull();
  });
});
