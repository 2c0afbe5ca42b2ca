import { createRandom } from '../demo/random.js';
import { addDays, epochDay } from '../demo/dates.js';
import type { IsoDate } from '../org/iso-date.js';
import { EFI_DEFICIT_IDS, type EfiDeficitId } from './efi-deficits.js';
import { FRAILTY_MAX_DEFICITS, FRAILTY_MIN_AGE } from './frailty.js';

/** The coded deficits (all but polypharmacy, which comes from medications). */
const CODED_DEFICITS = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy');

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

/**
 * A demo patient's coded deficits as FHIR R4 Condition resources (NDJSON lines) with SNOMED
 * CT codes from `codeOf`, dated in the ten years before `asOf`: none for under-65s, and for
 * the rest a deficit count drawn from `demoFrailtyOdds` within the category's range.
 * Deterministic for a seed and NHS number.
 */
export function demoCodedLines(
  patient: { readonly nhsNumber: string; readonly dateOfBirth: IsoDate },
  asOf: IsoDate,
  codeOf: Readonly<Record<EfiDeficitId, string>>,
  seed: number,
): string[] {
  const age = ageOn(patient.dateOfBirth, asOf);
  if (age < FRAILTY_MIN_AGE) return [];
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
  const span = epochDay(asOf) - epochDay(patient.dateOfBirth);
  const earliest = Math.max(0, span - 3650);
  return random
    .shuffled(CODED_DEFICITS)
    .slice(0, count)
    .map((deficit) =>
      JSON.stringify({
        resourceType: 'Condition',
        subject: {
          identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: patient.nhsNumber },
        },
        code: { coding: [{ system: 'http://snomed.info/sct', code: codeOf[deficit] }] },
        recordedDate: addDays(patient.dateOfBirth, random.int(earliest, span)),
      }),
    );
}
