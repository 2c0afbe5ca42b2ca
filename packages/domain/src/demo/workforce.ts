import type { IsoDate } from '../org/iso-date.js';
import { ladderMove } from '../workforce/ladder.js';
import { REGISTRATION_BODY } from '../workforce/registration.js';
import type { StaffSkill } from '../workforce/skills.js';
import {
  CAREER_GRADES,
  isPartnerGrade,
  type CareerGrade,
  type EmployingBody,
  type StaffRole,
} from '../workforce/staff.js';
import { addDays, epochDay, isoOfEpochDay } from './dates.js';
import type { DemoSex } from './england-population.js';
import { drawFamilyName, drawGivenName } from './names.js';
import type { Random } from './random.js';
import type { DemoGradeChange, DemoStaffMember } from './types.js';

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
    // Filled in by staffDetails, from a stream of its own.
    registrationNumber: null,
    skills: [],
    resilienceTeam: false,
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

/**
 * How likely someone of each role is to have each skill: what the rota's sessions can ask for.
 * GPs all triage and manage chronic disease; a few do minor surgery or fit coils. Nurses mostly
 * do smears, immunisations and wounds; healthcare assistants take blood and record ECGs.
 */
const SKILL_SHARES: Readonly<
  Partial<Record<StaffRole, readonly (readonly [StaffSkill, number])[]>>
> = {
  gp: [
    ['triage', 0.9],
    ['chronic-disease-management', 0.8],
    ['home-visits', 0.85],
    ['minor-surgery', 0.25],
    ['coil-fitting', 0.3],
    ['contraceptive-implants', 0.3],
    ['msk', 0.15],
    ['dermatology', 0.15],
    ['mental-health', 0.2],
    ['palliative-care', 0.2],
  ],
  anp: [
    ['triage', 0.95],
    ['prescribing', 0.95],
    ['chronic-disease-management', 0.6],
    ['home-visits', 0.5],
    ['minor-surgery', 0.05],
  ],
  'practice-nurse': [
    ['cervical-screening', 0.8],
    ['childhood-immunisations', 0.8],
    ['travel-vaccinations', 0.6],
    ['wound-care', 0.85],
    ['chronic-disease-management', 0.6],
    ['spirometry', 0.3],
    ['ear-care', 0.4],
    ['anticoagulation', 0.3],
    ['coil-fitting', 0.1],
    ['prescribing', 0.15],
  ],
  hca: [
    ['phlebotomy', 0.9],
    ['ecg', 0.6],
    ['wound-care', 0.3],
    ['ear-care', 0.2],
  ],
  phlebotomist: [['phlebotomy', 1]],
  'clinical-pharmacist': [
    ['prescribing', 0.8],
    ['chronic-disease-management', 0.6],
    ['anticoagulation', 0.4],
  ],
  'physician-associate': [
    ['triage', 0.7],
    ['chronic-disease-management', 0.3],
  ],
};

/** The letters an NMC PIN's third character can be. */
const NMC_YEAR_LETTERS = Array.from({ length: 25 }, (_, i) => String.fromCharCode(65 + i));

/**
 * A synthetic registration number in the format of the role's register (registration.ts),
 * unique in the plan. GMC numbers are drawn from 9,000,000 up, above the numbers issued so
 * far, and GPhC numbers from 2,900,000 up; NMC PINs start with the year they registered.
 */
function registrationNumber(
  random: Random,
  person: DemoStaffMember,
  taken: Set<string>,
): string | null {
  const body = REGISTRATION_BODY[person.staffRole];
  if (body === null) return null;
  for (;;) {
    let number: string;
    if (body === 'NMC') {
      const year = Number(person.startedOn.slice(2, 4)) - random.int(0, 8);
      const yy = String(((year % 100) + 100) % 100).padStart(2, '0');
      number = `${yy}${random.pick(NMC_YEAR_LETTERS)}${String(random.int(0, 9_999)).padStart(4, '0')}${random.pick(['E', 'E', 'E', 'S', 'W', 'N', 'O'])}`;
    } else {
      number = String((body === 'GMC' ? 9_000_000 : 2_900_000) + random.int(0, 99_999));
    }
    if (!taken.has(number)) {
      taken.add(number);
      return number;
    }
  }
}

/** Everyone's registration number (for a registered role) and skills, from a stream of their own. */
export function staffDetails(random: Random, staff: readonly DemoStaffMember[]): DemoStaffMember[] {
  const taken = new Set<string>();
  return staff.map((person) => ({
    ...person,
    registrationNumber: registrationNumber(random, person, taken),
    skills: (SKILL_SHARES[person.staffRole] ?? [])
      .filter(([, share]) => random.chance(share))
      .map(([skill]) => skill),
  }));
}

/**
 * The central resilience team: GPs and an advanced nurse practitioner employed by the
 * organisation and sent to practices in crisis (about a GP per 40,000 patients, at least two).
 */
export function resilienceTeam(
  random: Random,
  options: { readonly patients: number; readonly startedOn: IsoDate },
  asOf: IsoDate,
): DemoStaffMember[] {
  const central = {
    employingBody: 'organisation' as const,
    homePracticeIndex: null,
    notBefore: options.startedOn,
  };
  const gps = Math.max(2, stochasticRound(random, options.patients / 40_000));
  const anps = Math.max(1, stochasticRound(random, options.patients / 100_000));
  return [
    ...Array.from({ length: gps }, () =>
      person(random, asOf, { ...central, role: 'gp', grade: 'salaried-gp', sessions: 9 }),
    ),
    ...Array.from({ length: anps }, () =>
      person(random, asOf, { ...central, role: 'anp', grade: null, sessions: 9 }),
    ),
  ].map((p) => ({ ...p, resilienceTeam: true }));
}

/**
 * People for the internal pools beyond the central staff already planned: salaried pool GPs
 * employed by the organisation, self-employed locum GPs and locum nurses, so that each demo has
 * a pool of at least two salaried GPs, three locum GPs and a nurse (more on a bigger list).
 */
export function poolStaff(
  random: Random,
  options: {
    readonly patients: number;
    readonly salariedGps: number;
    readonly locumGps: number;
    readonly startedOn: IsoDate;
  },
  asOf: IsoDate,
): DemoStaffMember[] {
  const salaried = Math.max(2, Math.round(options.patients / 20_000)) - options.salariedGps;
  const locums = Math.max(3, Math.round(options.patients / 12_000)) - options.locumGps;
  const nurses = Math.max(1, Math.round(options.patients / 40_000));
  const locum = {
    employingBody: 'self-employed' as const,
    homePracticeIndex: null,
    notBefore: addDays(asOf, -3 * 365),
    grade: null,
  };
  return [
    ...Array.from({ length: Math.max(0, salaried) }, () =>
      person(random, asOf, {
        employingBody: 'organisation',
        homePracticeIndex: null,
        notBefore: options.startedOn,
        role: 'gp',
        grade: 'salaried-gp',
        sessions: random.int(6, 9),
        ageShift: -6,
      }),
    ),
    ...Array.from({ length: Math.max(0, locums) }, () =>
      person(random, asOf, { ...locum, role: 'gp', sessions: random.int(2, 8) }),
    ),
    ...Array.from({ length: nurses }, () =>
      person(random, asOf, { ...locum, role: 'practice-nurse', sessions: random.int(3, 6) }),
    ),
  ];
}

const UP_REASONS: Readonly<Partial<Record<CareerGrade, string>>> = {
  'associate-gp': 'Took on an associate role with a view to partnership',
  'salaried-partner': 'Offered a salaried partnership',
  'fixed-share-partner': 'Became a fixed-share partner',
  'equity-partner': 'Bought into the partnership as an equity partner',
};

/**
 * Grade history of the doctors, checked by the ladder's own rule: about two partners in three
 * joined as salaried GPs and moved up (through associate GP where the full ladder is used), and
 * one salaried GP who had been a partner stepped down to cut their hours before retiring.
 */
export function gradeHistory(
  random: Random,
  staff: readonly DemoStaffMember[],
  asOf: IsoDate,
  fullCareerLadder: boolean,
): DemoGradeChange[] {
  const ladder = [...CAREER_GRADES];
  const changes: DemoGradeChange[] = [];
  const latest = epochDay(asOf) - 30;
  const record = (
    staffIndex: number,
    from: CareerGrade,
    to: CareerGrade,
    day: number,
    why: string,
  ) => {
    const move = ladderMove(ladder, from, to, { on: isoOfEpochDay(day), reason: why });
    changes.push({ staffIndex, from: move.from, to: move.to, on: move.on, reason: move.reason });
  };
  let steppedDown = false;
  // The oldest salaried GP at a practice, in post long enough to have been a partner.
  const downIndex = staff.reduce<number | null>((best, p, i) => {
    if (p.staffRole !== 'gp' || p.grade !== 'salaried-gp' || p.homePracticeIndex === null) {
      return best;
    }
    if (epochDay(p.startedOn) > latest - 6 * 365) return best;
    const current = best === null ? null : staff[best];
    return current && current.dateOfBirth <= p.dateOfBirth ? best : i;
  }, null);
  staff.forEach((p, i) => {
    if (p.staffRole !== 'gp' || p.grade === null || p.homePracticeIndex === null) return;
    const start = epochDay(p.startedOn);
    if (i === downIndex && !steppedDown) {
      steppedDown = true;
      const up = start + random.int(2 * 365, 4 * 365);
      const down = random.int(Math.max(up + 365, latest - 3 * 365), latest);
      record(i, 'salaried-gp', 'equity-partner', up, UP_REASONS['equity-partner'] ?? 'Moved up');
      record(
        i,
        'equity-partner',
        'salaried-gp',
        down,
        'Stepped down from the partnership to reduce commitments before retiring',
      );
      return;
    }
    if (!isPartnerGrade(p.grade) || latest - start < 3 * 365 || !random.chance(0.65)) return;
    const promoted = random.int(start + 2 * 365, Math.min(start + 6 * 365, latest));
    if (fullCareerLadder && random.chance(0.6) && promoted - start > 2 * 365) {
      const associate = random.int(start + 365, promoted - 365);
      record(i, 'salaried-gp', 'associate-gp', associate, UP_REASONS['associate-gp'] ?? '');
      record(i, 'associate-gp', p.grade, promoted, UP_REASONS[p.grade] ?? 'Moved up');
    } else {
      record(i, 'salaried-gp', p.grade, promoted, UP_REASONS[p.grade] ?? 'Moved up');
    }
  });
  return changes;
}
