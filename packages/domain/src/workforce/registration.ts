import type { StaffRole } from './staff.js';

/** A professional regulator that keeps a register of one kind of clinician. */
export type RegistrationBody = 'GMC' | 'NMC' | 'GPhC';

/** Who registers each role; null for roles with no professional register (HCAs, admin). */
export const REGISTRATION_BODY: Readonly<Record<StaffRole, RegistrationBody | null>> = {
  gp: 'GMC',
  // Physician associates have been regulated by the GMC since December 2024.
  'physician-associate': 'GMC',
  anp: 'NMC',
  'practice-nurse': 'NMC',
  'clinical-pharmacist': 'GPhC',
  hca: null,
  phlebotomist: null,
  'practice-manager': null,
  'care-navigator': null,
  administrator: null,
};

/** What each register's number is called and looks like, for messages and hints. */
export const REGISTRATION_FORMATS: Readonly<
  Record<RegistrationBody, { readonly name: string; readonly example: string }>
> = {
  GMC: { name: 'GMC number', example: '7 digits, like 1234567' },
  NMC: { name: 'NMC PIN', example: '2 digits, a letter, 4 digits and a letter, like 12A3456E' },
  GPhC: { name: 'GPhC registration number', example: '7 digits, like 2071234' },
};

const PATTERNS: Readonly<Record<RegistrationBody, RegExp>> = {
  GMC: /^[0-9]{7}$/,
  // The NMC PIN's third character is the year's letter, A to Y.
  NMC: /^[0-9]{2}[A-Y][0-9]{4}[A-Z]$/,
  GPhC: /^[0-9]{7}$/,
};

/** A registration number written the standard way: no spaces, capital letters. */
export function normaliseRegistrationNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * What is wrong with a registration number for a role, or null when it is fine. A role with a
 * register may leave it blank (not yet recorded); a role without one may not have a number.
 */
export function registrationProblem(role: StaffRole, value: string | null): string | null {
  const body = REGISTRATION_BODY[role];
  const number = value === null ? '' : normaliseRegistrationNumber(value);
  if (number === '') return null;
  if (body === null) return 'This role has no professional register: leave the number blank';
  const format = REGISTRATION_FORMATS[body];
  return PATTERNS[body].test(number)
    ? null
    : `Enter a ${format.name} in the right format: ${format.example}`;
}
