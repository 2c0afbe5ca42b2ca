import { AtscaleError, type FieldProblem } from '../errors.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';
import { isCareerGrade } from './ladder.js';
import { normaliseRegistrationNumber, registrationProblem } from './registration.js';
import { isStaffSkill, STAFF_SKILLS, type StaffSkill } from './skills.js';
import {
  CAREER_GRADE_LABELS,
  isPartnerGrade,
  STAFF_ROLES,
  STAFF_ROLE_LABELS,
  type CareerGrade,
  type EmployingBody,
  type StaffRole,
} from './staff.js';

/** The employing bodies, in the order forms offer them. */
export const EMPLOYING_BODIES: readonly EmployingBody[] = [
  'practice',
  'organisation',
  'self-employed',
];

/** Human-readable names of the employing bodies. */
export const EMPLOYING_BODY_LABELS: Readonly<Record<EmployingBody, string>> = {
  practice: 'Their practice',
  organisation: 'The organisation (centrally)',
  'self-employed': 'Self-employed (locum)',
};

/** Roles that may be partners without being doctors: a nurse, pharmacist or managing partner. */
const PARTNER_CAPABLE: ReadonlySet<StaffRole> = new Set([
  'anp',
  'practice-nurse',
  'clinical-pharmacist',
  'practice-manager',
]);

/** True when a role may hold a grade: every grade for GPs, the partner grades for some others. */
export function roleMayHoldGrade(role: StaffRole, grade: CareerGrade): boolean {
  if (role === 'gp') return true;
  return PARTNER_CAPABLE.has(role) && isPartnerGrade(grade);
}

/** Most sessions a week anyone is contracted for: five days of two sessions plus evenings. */
export const MAX_CONTRACTED_SESSIONS = 14;

/** Youngest anyone may start work at, in years. */
export const MINIMUM_WORKING_AGE = 16;

/** A staff member's details as entered: the fields {@link checkStaffMember} checks. */
export interface StaffMemberDetails {
  readonly fullName: string;
  readonly staffRole: string;
  readonly grade: string | null;
  readonly employingBody: string;
  readonly homePracticeId: string | null;
  readonly contractedSessions: number | null;
  readonly dateOfBirth: string | null;
  readonly startedOn: string | null;
  readonly leftOn: string | null;
  readonly registrationNumber: string | null;
  readonly skills: readonly string[];
}

/** A staff member's details once checked and written the standard way. */
export interface CheckedStaffMember {
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly grade: CareerGrade | null;
  readonly employingBody: EmployingBody;
  readonly homePracticeId: string | null;
  readonly contractedSessions: number | null;
  readonly dateOfBirth: IsoDate | null;
  readonly startedOn: IsoDate | null;
  readonly leftOn: IsoDate | null;
  readonly registrationNumber: string | null;
  /** Known skills, each once, in the order of {@link STAFF_SKILLS}. */
  readonly skills: readonly StaffSkill[];
}

const NAME_MAX = 120;

const isRole = (value: string): value is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(value);

const isBody = (value: string): value is EmployingBody =>
  (EMPLOYING_BODIES as readonly string[]).includes(value);

/** Whole years from one date to another (both YYYY-MM-DD): someone's age on a day. */
export function yearsBetween(from: IsoDate, to: IsoDate): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

const blank = (value: string | null): boolean => value === null || value.trim() === '';

/**
 * Checks a staff member's details: a name, a known role, a grade only where the role may hold
 * one, a home practice for practice employees, 0 to 14 sessions in half-session steps, real
 * dates in order (born before today, at least 16 on starting, leaving after starting) and a
 * registration number of the role's regulator. Every problem names its field (`/fullName`).
 */
export function checkStaffMember(details: StaffMemberDetails, today: IsoDate): CheckedStaffMember {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  const fullName = details.fullName.trim().replace(/\s+/g, ' ');
  if (fullName === '') problem('/fullName', 'Enter their full name');
  else if (fullName.length > NAME_MAX) {
    problem('/fullName', `A name is at most ${String(NAME_MAX)} characters`);
  }

  const role = isRole(details.staffRole) ? details.staffRole : null;
  if (role === null) problem('/staffRole', `${details.staffRole} is not a staff role`);

  let grade: CareerGrade | null = null;
  if (details.grade !== null && details.grade !== '') {
    if (!isCareerGrade(details.grade)) {
      problem('/grade', `${details.grade} is not a grade`);
    } else if (role !== null && !roleMayHoldGrade(role, details.grade)) {
      problem(
        '/grade',
        role === 'gp' || PARTNER_CAPABLE.has(role)
          ? `A ${STAFF_ROLE_LABELS[role].toLowerCase()} can be a partner but not ${CAREER_GRADE_LABELS[details.grade].toLowerCase()}`
          : `A ${STAFF_ROLE_LABELS[role].toLowerCase()} has no grade on the career ladder`,
      );
    } else {
      grade = details.grade;
    }
  }

  const employingBody = isBody(details.employingBody) ? details.employingBody : null;
  if (employingBody === null) {
    problem('/employingBody', `${details.employingBody} is not an employing body`);
  }
  const homePracticeId = blank(details.homePracticeId) ? null : details.homePracticeId;
  if (employingBody === 'practice' && homePracticeId === null) {
    problem('/homePracticeId', 'Choose the practice that employs them');
  }

  const sessions = details.contractedSessions;
  if (
    sessions !== null &&
    (!Number.isFinite(sessions) ||
      sessions < 0 ||
      sessions > MAX_CONTRACTED_SESSIONS ||
      !Number.isInteger(sessions * 2))
  ) {
    problem(
      '/contractedSessions',
      `Contracted sessions are 0 to ${String(MAX_CONTRACTED_SESSIONS)} a week, in half sessions`,
    );
  }

  const date = (field: string, value: string | null): IsoDate | null => {
    if (blank(value)) return null;
    const text = (value ?? '').trim();
    if (!isIsoDate(text)) {
      problem(field, `${text} is not a date written YYYY-MM-DD`);
      return null;
    }
    return text;
  };
  const dateOfBirth = date('/dateOfBirth', details.dateOfBirth);
  const startedOn = date('/startedOn', details.startedOn);
  const leftOn = date('/leftOn', details.leftOn);
  // The date of birth is personal data: messages say what is wrong without repeating it.
  let birthIsSane = dateOfBirth !== null;
  if (dateOfBirth !== null && dateOfBirth >= today) {
    problem('/dateOfBirth', 'The date of birth must be in the past');
    birthIsSane = false;
  } else if (dateOfBirth !== null && yearsBetween(dateOfBirth, today) > 100) {
    problem('/dateOfBirth', 'The date of birth is more than 100 years ago: check the year');
    birthIsSane = false;
  }
  if (
    birthIsSane &&
    dateOfBirth !== null &&
    startedOn !== null &&
    yearsBetween(dateOfBirth, startedOn) < MINIMUM_WORKING_AGE
  ) {
    problem(
      '/startedOn',
      `They would have been under ${String(MINIMUM_WORKING_AGE)} on starting: check the dates`,
    );
  }
  if (startedOn !== null && leftOn !== null && leftOn < startedOn) {
    problem('/leftOn', 'The leaving date must be on or after the start date');
  }

  let registrationNumber: string | null = null;
  if (!blank(details.registrationNumber) && role !== null) {
    const message = registrationProblem(role, details.registrationNumber);
    if (message !== null) problem('/registrationNumber', message);
    else registrationNumber = normaliseRegistrationNumber(details.registrationNumber ?? '');
  }

  const unknown = details.skills.filter((skill) => !isStaffSkill(skill));
  if (unknown.length > 0) problem('/skills', `${unknown.join(', ')} is not a known skill`);
  const skills = STAFF_SKILLS.filter((skill) => details.skills.includes(skill));

  if (problems.length > 0 || role === null || employingBody === null) {
    throw new AtscaleError('validation-failed', problems[0]?.message ?? '', problems);
  }
  return {
    fullName,
    staffRole: role,
    grade,
    employingBody,
    homePracticeId,
    contractedSessions: sessions,
    dateOfBirth,
    startedOn,
    leftOn,
    registrationNumber,
    skills,
  };
}
