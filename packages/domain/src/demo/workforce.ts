import type { IsoDate } from '../org/iso-date.js';
import type { CareerGrade, EmployingBody, StaffRole } from '../workforce/staff.js';
import { addDays, epochDay, isoOfEpochDay } from './dates.js';
import type { DemoSex } from './england-population.js';
import { drawFamilyName, drawGivenName } from './names.js';
import type { Random } from './random.js';
import type { DemoStaffMember } from './types.js';

/**
 * Patients per member of staff of each role, roughly as in England's general practice workforce
 * (NHS Digital, "General Practice Workforce": about one GP, counted by head, per 1,700
 * registered patients of whom a little under half are partners; a practice nurse per 3,500; an
 * administrator or receptionist per 1,000 or so).
 */
const PATIENTS_PER: Readonly<Partial<Record<StaffRole, number>>> = {
  gp: 1_700,
  anp: 8_000,
  'practice-nurse': 3_500,
  hca: 6_000,
  phlebotomist: 15_000,
  'clinical-pharmacist': 10_000,
  'physician-associate': 20_000,
  'care-navigator': 2_000,
  administrator: 2_500,
};

/** Every member practice has at least one of each of these. */
const AT_LEAST_ONE: readonly StaffRole[] = [
  'gp',
  'practice-nurse',
  'practice-manager',
  'care-navigator',
  'administrator',
];

/** How each role's age is spread: mean and standard deviation in years, and the limits. */
const AGE: Readonly<Record<StaffRole, readonly [number, number, number, number]>> = {
  gp: [44, 9, 29, 66],
  anp: [47, 8, 30, 65],
  'practice-nurse': [48, 9, 24, 67],
  hca: [42, 11, 19, 65],
  phlebotomist: [40, 12, 19, 65],
  'clinical-pharmacist': [35, 6, 26, 60],
  'physician-associate': [32, 5, 25, 50],
  'practice-manager': [50, 7, 32, 65],
  'care-navigator': [38, 13, 18, 66],
  administrator: [44, 12, 18, 67],
};

/** Share of women in each role (the GP workforce is now a little over half women). */
const FEMALE_SHARE: Readonly<Record<StaffRole, number>> = {
  gp: 0.55,
  anp: 0.85,
  'practice-nurse': 0.9,
  hca: 0.85,
  phlebotomist: 0.8,
  'clinical-pharmacist': 0.55,
  'physician-associate': 0.7,
  'practice-manager': 0.7,
  'care-navigator': 0.85,
  administrator: 0.85,
};

/** A count from a rate, rounded up or down at random in proportion, so totals stay unbiased. */
function stochasticRound(random: Random, value: number): number {
  const whole = Math.floor(value);
  return whole + (random.chance(value - whole) ? 1 : 0);
}

interface PersonOptions {
  readonly role: StaffRole;
  readonly grade: CareerGrade | null;
  readonly employingBody: EmployingBody;
  readonly homePracticeIndex: number | null;
  readonly sessions: number;
  /** Not before this date (the practice's opening, the organisation's start). */
  readonly notBefore: IsoDate;
  /** A partner is older than a salaried GP; shifts the role's mean age. */
  readonly ageShift?: number;
}

function person(random: Random, asOf: IsoDate, options: PersonOptions): DemoStaffMember {
  const [mean, sd, youngest, oldest] = AGE[options.role];
  const age = Math.round(
    Math.min(oldest, Math.max(youngest, random.normal(mean + (options.ageShift ?? 0), sd))),
  );
  const today = epochDay(asOf);
  const born = today - Math.round(age * 365.25) - random.int(0, 364);
  const sex: DemoSex = random.chance(FEMALE_SHARE[options.role]) ? 'female' : 'male';
  const birthYear = Number(isoOfEpochDay(born).slice(0, 4));
  // In post for an exponentially distributed time (mean 7 years), but not before they were 21
  // (26 for a doctor) or before the practice or organisation existed.
  const earliest = Math.max(
    born + Math.round((options.role === 'gp' ? 26 : 21) * 365.25),
    epochDay(options.notBefore),
  );
  const started = Math.max(
    earliest,
    Math.round(today - -Math.log(1 - random.float()) * 7 * 365.25),
  );
  return {
    fullName: `${drawGivenName(random, sex, birthYear)} ${drawFamilyName(random)}`,
    staffRole: options.role,
    grade: options.grade,
    employingBody: options.employingBody,
    homePracticeIndex: options.homePracticeIndex,
    contractedSessions: options.sessions,
    dateOfBirth: isoOfEpochDay(born),
    startedOn: isoOfEpochDay(Math.min(started, today)),
  };
}

/** What the staff of one practice depend on. */
export interface PracticeStaffing {
  readonly practiceIndex: number;
  readonly listSize: number;
  readonly openedOn: IsoDate;
  /** The doctors' ladder in full (associate GPs, salaried and fixed-share partners). */
  readonly fullCareerLadder: boolean;
}

/**
 * The staff of a member practice for its list size: partners (GPs on a partner grade; at
 * least one, a little under half of the GPs), salaried GPs, nurses, healthcare assistants,
 * the practice manager (now and then a managing partner) and the reception and admin team.
 */
export function practiceStaff(
  random: Random,
  practice: PracticeStaffing,
  asOf: IsoDate,
): DemoStaffMember[] {
  const staff: DemoStaffMember[] = [];
  const base = {
    employingBody: 'practice' as const,
    homePracticeIndex: practice.practiceIndex,
    notBefore: practice.openedOn,
  };
  const count = (role: StaffRole): number => {
    const per = PATIENTS_PER[role];
    const n = per === undefined ? 1 : stochasticRound(random, practice.listSize / per);
    return AT_LEAST_ONE.includes(role) ? Math.max(1, n) : n;
  };
  const gps = count('gp');
  const partners = Math.max(1, Math.round(gps * (0.38 + random.float() * 0.14)));
  for (let i = 0; i < gps; i++) {
    const partner = i < partners;
    let grade: CareerGrade = partner ? 'equity-partner' : 'salaried-gp';
    if (practice.fullCareerLadder) {
      // The pyramid's ladder: most partners hold equity, some a fixed share or a salary; some
      // salaried doctors are associates on their way up (004).
      if (partner && i > 0)
        grade = random.pick(['equity-partner', 'fixed-share-partner', 'salaried-partner']);
      if (!partner && random.chance(0.3)) grade = 'associate-gp';
    }
    staff.push(
      person(random, asOf, {
        ...base,
        role: 'gp',
        grade,
        sessions: partner ? random.int(6, 9) : random.int(4, 8),
        ageShift: partner ? 6 : -4,
      }),
    );
  }
  const others: readonly StaffRole[] = [
    'anp',
    'practice-nurse',
    'hca',
    'phlebotomist',
    'clinical-pharmacist',
    'physician-associate',
    'practice-manager',
    'care-navigator',
    'administrator',
  ];
  for (const role of others) {
    const n = count(role);
    for (let i = 0; i < n; i++) {
      // About one practice in ten has a managing partner: its manager is a partner too.
      const managingPartner = role === 'practice-manager' && random.chance(0.1);
      staff.push(
        person(random, asOf, {
          ...base,
          role,
          grade: managingPartner ? 'fixed-share-partner' : null,
          sessions: random.pick([5, 6, 7, 8, 9, 10]),
        }),
      );
    }
  }
  return staff;
}

/**
 * Staff employed by the organisation itself: the central team (managers and administrators),
 * a salaried GP pool where the form runs one, and a few self-employed locums.
 */
export function centralStaff(
  random: Random,
  options: {
    readonly patients: number;
    readonly perHundredThousand: number;
    readonly salariedPool: boolean;
    readonly startedOn: IsoDate;
  },
  asOf: IsoDate,
): DemoStaffMember[] {
  const staff: DemoStaffMember[] = [];
  const central = {
    employingBody: 'organisation' as const,
    homePracticeIndex: null,
    notBefore: options.startedOn,
  };
  const team = Math.max(
    1,
    stochasticRound(random, (options.patients / 100_000) * options.perHundredThousand),
  );
  for (let i = 0; i < team; i++) {
    const role: StaffRole = i === 0 ? 'practice-manager' : 'administrator';
    staff.push(person(random, asOf, { ...central, role, grade: null, sessions: 10 }));
  }
  if (options.salariedPool) {
    // OHP's "salaried pool" of doctors who cover members' gaps (001).
    const pool = stochasticRound(random, options.patients / 80_000);
    for (let i = 0; i < pool; i++) {
      staff.push(
        person(random, asOf, {
          ...central,
          role: 'gp',
          grade: 'salaried-gp',
          sessions: random.int(6, 9),
          ageShift: -6,
        }),
      );
    }
  }
  const locums = stochasticRound(random, options.patients / 40_000);
  for (let i = 0; i < locums; i++) {
    staff.push(
      person(random, asOf, {
        employingBody: 'self-employed',
        homePracticeIndex: null,
        notBefore: addDays(asOf, -365),
        role: 'gp',
        grade: null,
        sessions: random.int(2, 8),
      }),
    );
  }
  return staff;
}
