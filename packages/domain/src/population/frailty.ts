import {
  CURRENT_MEDICATION_MONTHS,
  EFI_DEFICIT_COUNT,
  POLYPHARMACY_MIN_MEDICATIONS,
  type EfiDeficitId,
} from './efi-deficits.js';

/** The eFI categories (Clegg et al. 2016). */
export const FRAILTY_CATEGORIES = ['fit', 'mild', 'moderate', 'severe'] as const;

/** One eFI category. */
export type FrailtyCategory = (typeof FRAILTY_CATEGORIES)[number];

/** The index is only reported for patients of this age or over on the scoring date. */
export const FRAILTY_MIN_AGE = 65;

/**
 * The categories' upper bounds as published, as fractions of 36: fit <= 0.12, mild <= 0.24,
 * moderate <= 0.36, severe above. A score is a whole number of deficits over 36, so each bound
 * is applied as a count (the most deficits whose fraction does not pass it), which avoids
 * comparing floating-point fractions: 0.12 x 36 = 4.32, so fit is 0-4 deficits; 0.24 x 36 =
 * 8.64, so mild is 5-8; 0.36 x 36 = 12.96, so moderate is 9-12; severe is 13 or more.
 */
export const FRAILTY_BOUNDS: readonly {
  readonly category: FrailtyCategory;
  readonly upTo: number;
}[] = [
  { category: 'fit', upTo: 0.12 },
  { category: 'mild', upTo: 0.24 },
  { category: 'moderate', upTo: 0.36 },
];

/** The most deficits a category holds, derived from its published bound: floor(bound x 36). */
export function maxDeficitsFor(upTo: number): number {
  // Rounded to 9 places first so that 0.12 x 36 = 4.319999... cannot floor wrongly.
  return Math.floor(Number((upTo * EFI_DEFICIT_COUNT).toFixed(9)));
}

/** Deficit counts at the top of fit, mild and moderate: 4, 8 and 12. */
export const FRAILTY_MAX_DEFICITS = {
  fit: maxDeficitsFor(0.12),
  mild: maxDeficitsFor(0.24),
  moderate: maxDeficitsFor(0.36),
} as const;

/** The category of a number of deficits present (0-36). */
export function frailtyCategory(deficits: number): FrailtyCategory {
  if (!Number.isInteger(deficits) || deficits < 0 || deficits > EFI_DEFICIT_COUNT) {
    throw new RangeError(`A deficit count is a whole number from 0 to 36, not ${deficits}`);
  }
  if (deficits <= FRAILTY_MAX_DEFICITS.fit) return 'fit';
  if (deficits <= FRAILTY_MAX_DEFICITS.mild) return 'mild';
  if (deficits <= FRAILTY_MAX_DEFICITS.moderate) return 'moderate';
  return 'severe';
}

/** The eFI score of a number of deficits: deficits / 36, rounded to 4 places as stored. */
export function frailtyScore(deficits: number): number {
  return Math.round((deficits / EFI_DEFICIT_COUNT) * 10_000) / 10_000;
}

/** Age in whole years on a date (both 'YYYY-MM-DD'); a 29 February birthday comes on 1 March. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/**
 * The first day a medication record still counts as current on the scoring date: the day after
 * the same date 12 months before, with a day the month lacks taken as its last day (29 February
 * 2028 less 12 months is 28 February 2027), as PostgreSQL's `date - interval '12 months'` does,
 * so the scoring SQL and this function agree.
 */
export function currentMedicationSince(on: string): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const firstOfMonth = new Date(Date.UTC(y, m - 1 - CURRENT_MEDICATION_MONTHS, 1));
  const lastDay = new Date(
    Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0),
  ).getUTCDate();
  firstOfMonth.setUTCDate(Math.min(d, lastDay) + 1);
  return firstOfMonth.toISOString().slice(0, 10);
}

/** A coded entry of a patient's record, already matched to a deficit by the code list. */
export interface MatchedEntry {
  readonly deficit: EfiDeficitId | 'medication';
  readonly code: string;
  readonly date: string;
}

/** A patient's frailty on a date. */
export interface FrailtyResult {
  readonly deficits: readonly EfiDeficitId[];
  readonly deficitCount: number;
  readonly score: number;
  readonly category: FrailtyCategory;
}

/**
 * A patient's eFI on a date, or null when they are under 65 then (the index is not used for
 * them). Entries dated after the scoring date are ignored. A coded deficit counts once however
 * many entries show it; polypharmacy is present with 5 or more distinct medication codes dated
 * in the 12 months up to the scoring date (`currentMedicationSince` .. `on`, inclusive).
 */
export function scoreFrailty(
  patient: { readonly dateOfBirth: string },
  entries: readonly MatchedEntry[],
  on: string,
): FrailtyResult | null {
  if (ageOn(patient.dateOfBirth, on) < FRAILTY_MIN_AGE) return null;
  const since = currentMedicationSince(on);
  const present = new Set<EfiDeficitId>();
  const medications = new Set<string>();
  for (const entry of entries) {
    if (entry.date > on) continue;
    if (entry.deficit === 'medication') {
      if (entry.date >= since) medications.add(entry.code);
    } else {
      present.add(entry.deficit);
    }
  }
  if (medications.size >= POLYPHARMACY_MIN_MEDICATIONS) present.add('polypharmacy');
  const deficits = [...present].sort();
  return {
    deficits,
    deficitCount: deficits.length,
    score: frailtyScore(deficits.length),
    category: frailtyCategory(deficits.length),
  };
}

/** Age bands the frailty summary counts by, from 65. */
export const FRAILTY_AGE_BANDS = ['65-69', '70-74', '75-79', '80-84', '85+'] as const;

/** One age band of the frailty summary. */
export type FrailtyAgeBand = (typeof FRAILTY_AGE_BANDS)[number];

/** The age band of an age of 65 or over. */
export function frailtyAgeBand(age: number): FrailtyAgeBand {
  if (age >= 85) return '85+';
  const lower = Math.max(65, Math.floor(age / 5) * 5);
  return `${lower}-${lower + 4}` as FrailtyAgeBand;
}
