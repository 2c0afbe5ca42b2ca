import { createRandom } from '../demo/random.js';
import { addDays, epochDay } from '../demo/dates.js';
import type { IsoDate } from '../org/iso-date.js';
import { DMD_SYSTEM, NHS_NUMBER_SYSTEM, SNOMED_CT_SYSTEM } from './coded-records.js';
import {
  EFI_DEFICIT_IDS,
  POLYPHARMACY_MIN_MEDICATIONS,
  type EfiDeficitId,
} from './efi-deficits.js';
import { FRAILTY_MAX_DEFICITS, FRAILTY_MIN_AGE } from './frailty.js';

/** The coded deficits (all but polypharmacy, which comes from medications). */
const CODED_DEFICITS = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy');

/**
 * Medication concept ids the demo prescribes: SNOMED CT ids of the form dm+d uses for virtual
 * medicinal products (well-formed, with valid check digits). Polypharmacy counts distinct
 * codes, so any distinct ids will do; the code list is not consulted for medications.
 */
export const DEMO_MEDICATION_CODES = [
  '319283006',
  '320000009',
  '318906001',
  '317335000',
  '319770009',
  '318590006',
  '317972000',
  '322236009',
  '325278007',
  '317919004',
  '321987003',
  '321949006',
  '318977009',
  '321692003',
  '318594002',
] as const;

/**
 * The chance that a demo patient with this many deficits in all has polypharmacy as one of
 * them: rising with the count, as medicines follow conditions, so that about a third of the
 * mildly frail and most of the moderately and severely frail take 5 or more.
 */
export function demoPolypharmacyOdds(deficits: number): number {
  return deficits === 0 ? 0 : Math.min(0.85, 0.04 + 0.07 * deficits);
}

/**
 * The chance that a patient of an age is severely, moderately or mildly frail in the demo:
 * rising with age so that most patients over 65 are fit or mild and a minority moderate or
 * severe (roughly the shape reported with the eFI, Clegg et al. 2016: about half fit, a third
 * mild, one in seven moderate or severe, more so past 85).
 */
export function demoFrailtyOdds(age: number) {
  const years = Math.max(0, Math.min(age - FRAILTY_MIN_AGE, 30));
  return {
    severe: 0.01 + 0.002 * years,
    moderate: 0.05 + 0.006 * years,
    mild: 0.25 + 0.012 * years,
  };
}

/** Whole years from a date of birth to a day. */
function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

type Random = ReturnType<typeof createRandom>;
type Subject = { readonly identifier: { readonly system: string; readonly value: string } };

/** Conditions with SNOMED CT codes from `codeOf`, each recorded on a day in `[earliest, span]` of life. */
function conditionLines(
  deficits: readonly EfiDeficitId[],
  context: {
    random: Random;
    subject: Subject;
    dateOfBirth: IsoDate;
    earliest: number;
    span: number;
  },
  codeOf: Readonly<Record<EfiDeficitId, string>>,
): string[] {
  const { random, subject, dateOfBirth, earliest, span } = context;
  return deficits.map((deficit) =>
    JSON.stringify({
      resourceType: 'Condition',
      subject,
      code: { coding: [{ system: SNOMED_CT_SYSTEM, code: codeOf[deficit] }] },
      recordedDate: addDays(dateOfBirth, random.int(earliest, span)),
    }),
  );
}

/**
 * `current` distinct medications dated within the last 11 months and `past` more dated 13
 * months to 5 years ago (never before birth), as MedicationRequests (authoredOn) or
 * MedicationStatements (effectiveDateTime) with dm+d-system codes.
 */
function medicationLines(
  current: number,
  past: number,
  context: { random: Random; subject: Subject; asOf: IsoDate; span: number },
): string[] {
  const { random, subject, asOf, span } = context;
  return random
    .shuffled(DEMO_MEDICATION_CODES)
    .slice(0, current + past)
    .map((code, i) => {
      const daysAgo = i < current ? random.int(0, 330) : random.int(400, 1800);
      const on = addDays(asOf, -Math.min(daysAgo, span));
      const concept = { coding: [{ system: DMD_SYSTEM, code }] };
      return JSON.stringify(
        random.float() < 0.7
          ? {
              resourceType: 'MedicationRequest',
              status: 'active',
              intent: 'order',
              subject,
              medicationCodeableConcept: concept,
              authoredOn: on,
            }
          : {
              resourceType: 'MedicationStatement',
              status: 'active',
              subject,
              medicationCodeableConcept: concept,
              effectiveDateTime: on,
            },
      );
    });
}

/** Options of `demoCodedLines`. */
export interface DemoCodedOptions {
  /**
   * Code under-65s too, as a whole practice extract would: a few long-term conditions and
   * medicines, more with age. The benchmark's import uses it; the demo leaves them out so
   * that first start stays quick (the frailty index does not score them).
   */
  readonly everyone?: boolean;
}

/**
 * A demo patient's coded record as FHIR R4 NDJSON lines: for under-65s none (or, with
 * `everyone`, up to one condition per 15 years of age and a medicine per 20); for the rest a
 * deficit count drawn from `demoFrailtyOdds` within the category's range, made of Conditions
 * with SNOMED CT codes from `codeOf` dated in the ten years before `asOf` and, for some
 * (`demoPolypharmacyOdds`), polypharmacy: 5-9 distinct current medications. Everyone else over
 * 65 gets 0-4 current ones, and some an older one that no longer counts (dated over 12 months
 * before `asOf`). Deterministic for a seed and NHS number.
 */
export function demoCodedLines(
  patient: { readonly nhsNumber: string; readonly dateOfBirth: IsoDate },
  asOf: IsoDate,
  codeOf: Readonly<Record<EfiDeficitId, string>>,
  seed: number,
  options: DemoCodedOptions = {},
): string[] {
  const age = ageOn(patient.dateOfBirth, asOf);
  const span = epochDay(asOf) - epochDay(patient.dateOfBirth);
  const earliest = Math.max(0, span - 3650);
  const subject = { identifier: { system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber } };
  if (age < FRAILTY_MIN_AGE) {
    if (!options.everyone) return [];
    const random = createRandom(seed, 'coded-younger', patient.nhsNumber);
    const context = { random, subject, dateOfBirth: patient.dateOfBirth, asOf, earliest, span };
    const conditions = random
      .shuffled(CODED_DEFICITS)
      .slice(0, random.int(0, Math.floor(age / 15)));
    return [
      ...conditionLines(conditions, context, codeOf),
      ...medicationLines(random.int(0, Math.floor(age / 20)), 0, context),
    ];
  }
  const random = createRandom(seed, 'coded', patient.nhsNumber);
  const odds = demoFrailtyOdds(age);
  const u = random.float();
  const { fit, mild, moderate } = FRAILTY_MAX_DEFICITS;
  const count =
    u < odds.severe
      ? random.int(moderate + 1, moderate + 6)
      : u < odds.severe + odds.moderate
        ? random.int(mild + 1, moderate)
        : u < odds.severe + odds.moderate + odds.mild
          ? random.int(fit + 1, mild)
          : random.int(0, fit);
  const polypharmacy = random.float() < demoPolypharmacyOdds(count);
  const context = { random, subject, dateOfBirth: patient.dateOfBirth, asOf, earliest, span };
  const conditions = conditionLines(
    random.shuffled(CODED_DEFICITS).slice(0, polypharmacy ? count - 1 : count),
    context,
    codeOf,
  );
  const current = polypharmacy
    ? random.int(POLYPHARMACY_MIN_MEDICATIONS, POLYPHARMACY_MIN_MEDICATIONS + 4)
    : random.int(0, POLYPHARMACY_MIN_MEDICATIONS - 1);
  const past = random.float() < 0.3 ? 1 : 0;
  return [...conditions, ...medicationLines(current, past, context)];
}
