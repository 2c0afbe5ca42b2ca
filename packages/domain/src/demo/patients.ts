import type { IsoDate } from '../org/iso-date.js';
import { epochDay, isoOfEpochDay } from './dates.js';
import { OLDEST_DEMO_AGE, drawAgeAndSex } from './england-population.js';
import { drawFamilyName, drawGivenName } from './names.js';
import { drawMobile, drawPostcode } from './places.js';
import type { Random } from './random.js';
import type { DemoPatient } from './types.js';

/** Serials of the 999 range: 999 then six digits, then the check digit. */
const SERIALS = 1_000_000;

// The weighted digit sum of 999: 9x10 + 9x9 + 9x8. The six serial digits carry weights 7 to 2.
const PREFIX_SUM = 243;

/**
 * The NHS number 999, the six-digit serial, and its modulus-11 check digit; null when the
 * serial can take no check digit (about 1 in 11 cannot). The same sum as
 * `nhsNumberCheckDigit`, without building strings for the serials it refuses.
 */
export function nhsNumberOfSerial(serial: number): string | null {
  let sum = PREFIX_SUM;
  let rest = serial;
  for (let weight = 2; weight <= 7; weight++) {
    sum += (rest % 10) * weight;
    rest = Math.floor(rest / 10);
  }
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) return null;
  return `999${String(serial).padStart(6, '0')}${check}`;
}

/** True when 999 followed by this six-digit serial can take a check digit. */
export function isUsableNhsSerial(serial: number): boolean {
  return nhsNumberOfSerial(serial) !== null;
}

/**
 * The serial at which each of several consecutive runs of numbers starts, from `offset`,
 * skipping serials without a valid check digit and wrapping round at the end of the range.
 * Runs never overlap, so numbers are unique across them while they fit (about 909,000).
 */
export function nhsSerialStarts(offset: number, counts: readonly number[]): number[] {
  const needed = counts.reduce((sum, n) => sum + n, 0);
  if (needed > 900_000) throw new Error(`${needed} patients are more than the 999 range holds`);
  const starts: number[] = [];
  let serial = offset % SERIALS;
  for (const count of counts) {
    while (!isUsableNhsSerial(serial)) serial = (serial + 1) % SERIALS;
    starts.push(serial);
    let left = count;
    while (left > 0) {
      if (isUsableNhsSerial(serial)) left--;
      serial = (serial + 1) % SERIALS;
    }
  }
  return starts;
}

/** What a practice's patients need to know about it. */
export interface PatientSource {
  readonly practiceIndex: number;
  readonly listSize: number;
  readonly firstSerial: number;
  readonly openedOn: IsoDate;
  /** Its own postcode district first, then its neighbours'. */
  readonly districts: readonly string[];
}

// Contact preferences of adults: most by text message, then phone, email and letter; some
// have never said. Children's contact goes through their parents, so none is recorded.
const PREFERENCES = [
  ['sms', 0.45],
  ['phone', 0.2],
  ['email', 0.15],
  ['letter', 0.1],
  [null, 0.1],
] as const;

/**
 * A practice's patients, one at a time: England's age and sex mix, names that suit their
 * birth year, postcodes mostly in the practice's own district, registration dates no earlier
 * than birth or the practice's opening, NHS numbers consecutive from its first serial.
 */
export function* generatePatients(
  random: Random,
  source: PatientSource,
  asOf: IsoDate,
): Generator<DemoPatient, void, undefined> {
  const today = epochDay(asOf);
  const opened = epochDay(source.openedOn);
  const [year, month, day] = asOf.split('-').map(Number) as [number, number, number];
  // Birthdays that make someone exactly `age` today run from the day after their (age+1)th
  // anniversary back to their `age`th: computed once per age, not per patient.
  const bornFrom: number[] = [];
  const bornTo: number[] = [];
  for (let age = 0; age <= OLDEST_DEMO_AGE; age++) {
    bornFrom.push(Date.UTC(year - age - 1, month - 1, day) / 86_400_000 + 1);
    bornTo.push(Date.UTC(year - age, month - 1, day) / 86_400_000);
  }
  const [home = 'B1', ...others] = source.districts;
  let serial = source.firstSerial;
  for (let i = 0; i < source.listSize; i++) {
    let nhsNumber = nhsNumberOfSerial(serial);
    while (nhsNumber === null) {
      serial = (serial + 1) % SERIALS;
      nhsNumber = nhsNumberOfSerial(serial);
    }
    serial = (serial + 1) % SERIALS;

    const { age, sex } = drawAgeAndSex(random);
    const born = random.int(bornFrom[age] ?? today, bornTo[age] ?? today);
    const dateOfBirth = isoOfEpochDay(born);
    const birthYear = Number(dateOfBirth.slice(0, 4));
    const givenName = drawGivenName(random, sex, birthYear);
    const familyName = drawFamilyName(random);
    // Registered for an exponentially distributed time (mean 12 years), but never before
    // birth (a newborn is registered within six weeks) or before the practice opened.
    const years = -Math.log(1 - random.float()) * 12;
    let registered = Math.round(today - years * 365.25);
    if (registered < born) registered = Math.min(today, born + random.int(7, 42));
    if (registered < opened) registered = opened + random.int(0, 365);
    if (registered > today) registered = today;
    const district = others.length > 0 && random.chance(0.3) ? random.pick(others) : home;
    let contactPreference: DemoPatient['contactPreference'] = null;
    let contactPhone: string | null = null;
    let contactEmail: string | null = null;
    if (age >= 16) {
      const u = random.float();
      let running = 0;
      for (const [preference, share] of PREFERENCES) {
        running += share;
        if (u < running) {
          contactPreference = preference;
          break;
        }
      }
      if (contactPreference === 'sms' || contactPreference === 'phone' || random.chance(0.7)) {
        contactPhone = drawMobile(random);
      }
      if (contactPreference === 'email' || random.chance(0.3)) {
        contactEmail = `${emailPart(givenName)}.${emailPart(familyName)}${random.int(1, 99)}@example.com`;
      }
    }
    yield {
      practiceIndex: source.practiceIndex,
      nhsNumber,
      givenName,
      familyName,
      dateOfBirth,
      sex,
      postcode: drawPostcode(random, district),
      registeredOn: isoOfEpochDay(registered),
      contactPhone,
      contactEmail,
      contactPreference,
    };
  }
}

function emailPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}
