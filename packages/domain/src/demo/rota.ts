import type { IsoDate } from '../org/iso-date.js';
import { SITE_SERVICES } from '../org/site.js';
import { englandTimeToInstant, PERIOD_TIMES } from '../workforce/periods.js';
import { resilienceScore, type PracticeFacts } from '../workforce/resilience.js';
import {
  roleCovers,
  rosterProblems,
  travelMinutes,
  type RotaSession,
  type RotaSite,
} from '../workforce/rota.js';
import type { StaffSkill } from '../workforce/skills.js';
import type { StaffRole } from '../workforce/staff.js';
import { addDays, epochDay, isoOfEpochDay } from './dates.js';
import type { Random } from './random.js';
import type {
  DemoAbsence,
  DemoAssignment,
  DemoCrisis,
  DemoPoolAvailability,
  DemoPoolMember,
  DemoPractice,
  DemoRotaSession,
  DemoSite,
  DemoSiteRef,
  DemoStaffMember,
  DemoStaffSite,
  DemoWorkforce,
} from './types.js';

/** The roles that work sessions on the rota (the reception and admin teams are not rostered). */
export const ROSTERED_ROLES: readonly StaffRole[] = [
  'gp',
  'anp',
  'practice-nurse',
  'hca',
  'phlebotomist',
  'clinical-pharmacist',
  'physician-associate',
];

/** Weeks of rota: two before the week of the plan's today, that week and five after. */
export const DEMO_ROTA_WEEKS = 8;
const WEEKS_BEFORE = 2;

/** Skills a session of each role may ask for, when the person rostered has them. */
const SESSION_SKILLS: Readonly<Partial<Record<StaffRole, readonly StaffSkill[]>>> = {
  gp: ['minor-surgery', 'coil-fitting', 'contraceptive-implants', 'dermatology', 'msk'],
  anp: ['triage'],
  'practice-nurse': [
    'childhood-immunisations',
    'cervical-screening',
    'travel-vaccinations',
    'spirometry',
    'anticoagulation',
  ],
  hca: ['phlebotomy', 'ecg'],
  phlebotomist: ['phlebotomy'],
  'clinical-pharmacist': ['anticoagulation'],
};

const URGENCY: Readonly<Partial<Record<StaffRole, number>>> = {
  gp: 4,
  anp: 3,
  'physician-associate': 3,
  'practice-nurse': 3,
};

type Period = 'am' | 'pm' | 'evening';

/** What the rota is built from. */
export interface DemoRotaInput {
  readonly stream: (...key: (string | number)[]) => Random;
  readonly practices: readonly DemoPractice[];
  readonly memberCount: number;
  readonly organisationSites: readonly DemoSite[];
  readonly staff: readonly DemoStaffMember[];
  readonly today: IsoDate;
  readonly asOf: IsoDate;
  /** One practice in crisis, with the resilience team deployed (not at `tiny`). */
  readonly withCrisis: boolean;
}

// Instants of each period on each day, worked out once for every plan (Intl is slow).
const INSTANTS = new Map<string, { readonly startsAt: string; readonly endsAt: string }>();
function timesOf(date: IsoDate, period: Period): { startsAt: string; endsAt: string } {
  const key = `${date}${period}`;
  let found = INSTANTS.get(key);
  if (!found) {
    found = {
      startsAt: englandTimeToInstant(date, PERIOD_TIMES[period].start),
      endsAt: englandTimeToInstant(date, PERIOD_TIMES[period].end),
    };
    INSTANTS.set(key, found);
  }
  return { ...found };
}

const siteKey = (ref: DemoSiteRef) =>
  ref.practiceIndex === null ? `org:${ref.siteIndex}` : `${ref.practiceIndex}:${ref.siteIndex}`;

/** Day of the week of an epoch day: 0 Monday to 6 Sunday (1970-01-01 was a Thursday). */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The Monday of the week a date falls in. */
export function mondayOf(date: IsoDate): IsoDate {
  const day = epochDay(date);
  return isoOfEpochDay(day - weekday(day));
}

/**
 * The workforce of a plan beyond its register: the rota of every member practice for eight
 * weeks around `today` (nobody in two places at once, time to travel between sites), leave and
 * sickness that open gaps, the pools with their availability and the past gaps they filled, and
 * (with `withCrisis`) one practice with several GPs off sick, in crisis, with the resilience
 * team deployed. Deterministic for the same input.
 */
export function demoWorkforce(input: DemoRotaInput): Omit<DemoWorkforce, 'gradeChanges'> {
  const { staff, today } = input;
  const rotaFrom = addDays(mondayOf(today), -7 * WEEKS_BEFORE);
  const rotaTo = addDays(rotaFrom, 7 * DEMO_ROTA_WEEKS - 1);
  const weekdays: IsoDate[] = [];
  for (let w = 0; w < DEMO_ROTA_WEEKS; w++) {
    for (let d = 0; d < 5; d++) weekdays.push(addDays(rotaFrom, 7 * w + d));
  }

  const siteOfRef = (ref: DemoSiteRef): DemoSite | undefined =>
    ref.practiceIndex === null
      ? input.organisationSites[ref.siteIndex]
      : input.practices[ref.practiceIndex]?.sites[ref.siteIndex];
  const rotaSites = new Map<string, RotaSite>();
  const siteOf = (key: string): RotaSite => {
    const found = rotaSites.get(key);
    if (!found) throw new Error(`no site ${key} in the plan`);
    return found;
  };
  const addSite = (ref: DemoSiteRef) => {
    const site = siteOfRef(ref);
    if (site) {
      rotaSites.set(siteKey(ref), {
        id: siteKey(ref),
        latitude: site.latitude,
        longitude: site.longitude,
      });
    }
  };
  for (const p of input.practices) {
    for (const siteIndex of p.sites.keys()) addSite({ practiceIndex: p.index, siteIndex });
  }
  for (const siteIndex of input.organisationSites.keys()) {
    addSite({ practiceIndex: null, siteIndex });
  }

  const sessions: DemoRotaSession[] = [];
  const asRota: RotaSession[] = [];
  const assigned: (DemoAssignment | null)[] = [];
  const assignmentsBySession = new Map<number, number[]>();
  // Each person's sessions by date, for the clash and travel rules.
  const diary = new Map<number, Map<IsoDate, RotaSession[]>>();
  const dayOf = (staffIndex: number, date: IsoDate): RotaSession[] => {
    let days = diary.get(staffIndex);
    if (!days) diary.set(staffIndex, (days = new Map<IsoDate, RotaSession[]>()));
    let list = days.get(date);
    if (!list) days.set(date, (list = []));
    return list;
  };
  const addSession = (session: DemoRotaSession): number => {
    const index = sessions.length;
    sessions.push(session);
    asRota.push({
      id: String(index),
      siteId: siteKey(session.site),
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      requiredRole: session.requiredRole,
      requiredSkills: session.requiredSkills,
      staffNeeded: session.staffNeeded,
      urgency: session.urgency,
      unpopular: session.unpopular,
    });
    return index;
  };
  /** Rosters someone when the rules allow it (no overlap, time to travel); true when done. */
  const roster = (
    sessionIndex: number,
    staffIndex: number,
    source: DemoAssignment['source'],
  ): boolean => {
    const session = sessions[sessionIndex];
    const rota = asRota[sessionIndex];
    if (!session || !rota) return false;
    const day = dayOf(staffIndex, session.date);
    if (rosterProblems(rota, day, siteOf).length > 0) return false;
    day.push(rota);
    assignmentsBySession.set(sessionIndex, [
      ...(assignmentsBySession.get(sessionIndex) ?? []),
      assigned.length,
    ]);
    assigned.push({ sessionIndex, staffIndex, source });
    return true;
  };
  const unroster = (assignmentIndex: number) => {
    const a = assigned[assignmentIndex];
    const session = a ? sessions[a.sessionIndex] : undefined;
    if (!a || !session) return;
    const day = dayOf(a.staffIndex, session.date);
    const at = day.findIndex((s) => s.id === String(a.sessionIndex));
    if (at >= 0) day.splice(at, 1);
    assigned[assignmentIndex] = null;
  };

  const byPractice = new Map<number, number[]>();
  staff.forEach((p, i) => {
    if (p.homePracticeIndex === null || !ROSTERED_ROLES.includes(p.staffRole)) return;
    byPractice.set(p.homePracticeIndex, [...(byPractice.get(p.homePracticeIndex) ?? []), i]);
  });

  // 1. Each member practice's standing weekly pattern, repeated for the eight weeks.
  const staffSites: DemoStaffSite[] = [];
  for (const practice of input.practices.slice(0, input.memberCount)) {
    const random = input.stream('rota', practice.index);
    const people = byPractice.get(practice.index) ?? [];
    const main: DemoSiteRef = { practiceIndex: practice.index, siteIndex: 0 };
    const branches = practice.sites
      .map((_, siteIndex): DemoSiteRef => ({ practiceIndex: practice.index, siteIndex }))
      .slice(1);
    interface Slot {
      readonly day: number;
      readonly period: 'am' | 'pm';
      readonly site: DemoSiteRef;
      readonly skills: readonly StaffSkill[];
    }
    const patterns = new Map<number, Slot[]>();
    for (const staffIndex of people) {
      const person = staff[staffIndex];
      if (!person) continue;
      const sessionsPerWeek = Math.min(10, Math.max(1, Math.round(person.contractedSessions)));
      const days = random
        .shuffled([0, 1, 2, 3, 4])
        .slice(0, Math.ceil(sessionsPerWeek / 2))
        .sort((a, b) => a - b);
      const halfDay = sessionsPerWeek % 2 === 1 ? random.pick(days) : -1;
      const halfPeriod = random.chance(0.5) ? 'am' : 'pm';
      // Some work one day a week at a branch; a few move from the main site to a branch at lunch
      // when the journey fits in the hour between the morning and the afternoon.
      const branchDay = branches.length > 0 && random.chance(0.5) ? random.pick(days) : -1;
      const branch = branches.length > 0 ? random.pick(branches) : main;
      const splitDay = branches.length > 0 && random.chance(0.15) ? random.pick(days) : -1;
      const offered = (SESSION_SKILLS[person.staffRole] ?? []).filter((s) =>
        person.skills.includes(s),
      );
      const special = offered.length > 0 ? random.pick(offered) : null;
      const slots: Slot[] = [];
      for (const day of days) {
        for (const period of ['am', 'pm'] as const) {
          if (day === halfDay && period !== halfPeriod) continue;
          let site = day === branchDay ? branch : main;
          if (day === splitDay && period === 'pm') {
            const minutes = travelMinutes(siteOf(siteKey(main)), siteOf(siteKey(branch)));
            if (minutes <= 60) site = branch;
          }
          slots.push({ day, period, site, skills: [] });
        }
      }
      // One session a week asks for the person's special skill where the site offers it
      // (phlebotomists' every session asks for phlebotomy).
      const siteOffers = (ref: DemoSiteRef, skill: StaffSkill) =>
        !(SITE_SERVICES as readonly string[]).includes(skill) ||
        (siteOfRef(ref)?.services as readonly string[] | undefined)?.includes(skill) === true ||
        (skill === 'phlebotomy' &&
          siteOfRef(ref)?.services.includes('open-access-phlebotomy') === true) ||
        person.staffRole === 'phlebotomist';
      const withSkills = slots.map((slot, n) =>
        special &&
        (person.staffRole === 'phlebotomist' || n === 0) &&
        siteOffers(slot.site, special)
          ? { ...slot, skills: [special] }
          : slot,
      );
      patterns.set(staffIndex, withSkills);
    }
    // How many GPs work each slot: a slot with one GP is one the practice cannot open without.
    const gpsInSlot = new Map<string, number>();
    for (const [staffIndex, slots] of patterns) {
      if (staff[staffIndex]?.staffRole !== 'gp') continue;
      for (const slot of slots) {
        const key = `${slot.day}${slot.period}`;
        gpsInSlot.set(key, (gpsInSlot.get(key) ?? 0) + 1);
      }
    }
    // A vacant salaried GP post: a few sessions a week planned with nobody on them (always at
    // the last member practice of a tiny demo, so that it has some too).
    const vacancy: Slot[] =
      random.chance(0.4) || (!input.withCrisis && practice.index === input.memberCount - 1)
        ? random
            .shuffled([0, 1, 2, 3, 4].flatMap((day) => [`${day}am`, `${day}pm`]))
            .slice(0, random.int(2, 4))
            .map((key) => ({
              day: Number(key[0]),
              period: key.slice(1) as 'am' | 'pm',
              site: main,
              skills: [],
            }))
        : [];
    const eveningDays = random.shuffled([0, 1, 2, 3]).slice(0, random.int(1, 2));
    const gps = people.filter((i) => staff[i]?.staffRole === 'gp');
    for (let w = 0; w < DEMO_ROTA_WEEKS; w++) {
      for (const [staffIndex, slots] of patterns) {
        const person = staff[staffIndex];
        if (!person) continue;
        for (const slot of slots) {
          const date = addDays(rotaFrom, 7 * w + slot.day);
          const urgency =
            person.staffRole === 'gp' && gpsInSlot.get(`${slot.day}${slot.period}`) === 1
              ? 5
              : (URGENCY[person.staffRole] ?? 2);
          const index = addSession({
            site: slot.site,
            date,
            period: slot.period,
            ...timesOf(date, slot.period),
            requiredRole: person.staffRole,
            requiredSkills: slot.skills,
            staffNeeded: 1,
            urgency,
            unpopular: false,
          });
          if (person.startedOn <= date) roster(index, staffIndex, 'rota');
        }
      }
      for (const slot of vacancy) {
        const date = addDays(rotaFrom, 7 * w + slot.day);
        addSession({
          site: main,
          date,
          period: slot.period,
          ...timesOf(date, slot.period),
          requiredRole: 'gp',
          requiredSkills: [],
          staffNeeded: 1,
          urgency: 4,
          unpopular: false,
        });
      }
      // Extended hours: a GP evening or two a week at the main site, taken in turn.
      for (const [n, day] of eveningDays.entries()) {
        const date = addDays(rotaFrom, 7 * w + day);
        const index = addSession({
          site: main,
          date,
          period: 'evening',
          ...timesOf(date, 'evening'),
          requiredRole: 'gp',
          requiredSkills: [],
          staffNeeded: 1,
          urgency: 2,
          unpopular: true,
        });
        for (let k = 0; k < gps.length; k++) {
          const gp = gps[(w + n + k) % gps.length];
          if (gp !== undefined && (staff[gp]?.startedOn ?? date) <= date) {
            if (roster(index, gp, 'rota')) break;
          }
        }
      }
    }
    // A few clinicians also cover a neighbouring member practice's main site now and then.
    for (const staffIndex of people) {
      if (input.memberCount > 1 && random.chance(0.08)) {
        const other = (practice.index + random.int(1, input.memberCount - 1)) % input.memberCount;
        staffSites.push({ staffIndex, site: { practiceIndex: other, siteIndex: 0 } });
      }
    }
  }
  // GPs of the organisation's own sites (a hub, a clinic): the central salaried GPs may work there.
  staff.forEach((p, staffIndex) => {
    if (p.employingBody === 'organisation' && p.staffRole === 'gp') {
      input.organisationSites.forEach((_, siteIndex) => {
        staffSites.push({ staffIndex, site: { practiceIndex: null, siteIndex } });
      });
    }
  });

  // 2. Leave, sickness and training: booked leave anywhere in the eight weeks, sickness only up
  // to today (nobody knows who will be ill next week), a study day now and then.
  const absences: DemoAbsence[] = [];
  const absentOn = new Map<number, DemoAbsence[]>();
  const addAbsence = (absence: DemoAbsence): boolean => {
    const own = absentOn.get(absence.staffIndex) ?? [];
    if (own.some((a) => a.startsOn <= absence.endsOn && absence.startsOn <= a.endsOn)) {
      return false;
    }
    own.push(absence);
    absentOn.set(absence.staffIndex, own);
    absences.push(absence);
    return true;
  };
  const isAbsent = (staffIndex: number, date: IsoDate) =>
    (absentOn.get(staffIndex) ?? []).some((a) => a.startsOn <= date && date <= a.endsOn);
  const todayIndex = weekdays.findIndex((d) => d >= today);
  const pastDays = todayIndex < 0 ? weekdays.length : todayIndex;
  {
    const random = input.stream('absences');
    for (const [, people] of [...byPractice].sort(([a], [b]) => a - b)) {
      for (const staffIndex of people) {
        if (random.chance(0.3)) {
          const week = random.int(0, DEMO_ROTA_WEEKS - 1);
          const monday = addDays(rotaFrom, 7 * week);
          const long = random.float();
          if (long < 0.3) {
            const from = addDays(monday, random.int(0, 3));
            addAbsence({
              staffIndex,
              kind: 'annual-leave',
              startsOn: from,
              endsOn: addDays(from, random.int(0, 1)),
            });
          } else {
            const days = long < 0.8 ? 4 : 11;
            addAbsence({
              staffIndex,
              kind: 'annual-leave',
              startsOn: monday,
              endsOn: addDays(monday, days),
            });
          }
        }
        if (pastDays > 0 && random.chance(0.12)) {
          const from = weekdays[random.int(0, pastDays - 1)] ?? rotaFrom;
          const to = addDays(from, random.int(0, 2));
          addAbsence({ staffIndex, kind: 'sickness', startsOn: from, endsOn: to });
        }
        if (random.chance(0.08)) {
          const on = random.pick(weekdays);
          addAbsence({ staffIndex, kind: 'training', startsOn: on, endsOn: on });
        }
      }
    }
  }

  // 3. The practice in trouble: most of its GPs off sick since a week or so ago, for weeks to
  // come, their sessions from today on taken off the rota (so open), a crisis declared and the
  // resilience team deployed. Of the practices with three GPs or more (else two, else any) it
  // is the one the dashboard's own rule will score lowest once that has happened.
  let troubled: number | null = null;
  const crises: DemoCrisis[] = [];
  const team = staff.flatMap((p, i) => (p.resilienceTeam ? [i] : []));
  if (input.withCrisis && team.length > 0) {
    const gpsOf = (practiceIndex: number) =>
      (byPractice.get(practiceIndex) ?? []).filter((i) => staff[i]?.staffRole === 'gp');
    const members = input.practices.slice(0, input.memberCount);
    const trouble = (practiceIndex: number) => {
      const random = input.stream('crisis', practiceIndex);
      const gps = gpsOf(practiceIndex);
      // Most of them: two of three, three of four or more; both of two; a single-hander.
      const count = gps.length <= 2 ? gps.length : Math.min(3, gps.length - 1);
      const sick = random.shuffled(gps).slice(0, count);
      const sickFrom = weekdays[Math.max(0, pastDays - random.int(6, 8))] ?? rotaFrom;
      const sickTo = addDays(today, random.int(24, 34));
      return { gps, sick, sickFrom, sickTo };
    };
    const live = assigned.filter((a): a is DemoAssignment => a !== null);
    // Only the dashboard's window matters: four weeks either side of today.
    const window = { from: addDays(today, -29), to: addDays(today, 29) };
    const before = new Map(
      members.map((p) => [
        p.index,
        resilienceScore(
          practiceFacts(input, p.index, sessions, asRota, live, absences, window),
          today,
        ).score,
      ]),
    );
    const predicted = new Map<number, number>();
    const predict = (practiceIndex: number): number => {
      const known = predicted.get(practiceIndex);
      if (known !== undefined) return known;
      const { sick, sickFrom, sickTo } = trouble(practiceIndex);
      const kept = live.filter(
        (a) => !sick.includes(a.staffIndex) || (sessions[a.sessionIndex]?.date ?? today) < today,
      );
      const after = resilienceScore(
        practiceFacts(
          input,
          practiceIndex,
          sessions,
          asRota,
          kept,
          [
            ...absences.filter((a) => !sick.includes(a.staffIndex)),
            ...sick.map((staffIndex) => ({
              staffIndex,
              kind: 'sickness' as const,
              startsOn: sickFrom,
              endsOn: sickTo,
            })),
          ],
          window,
        ),
        today,
      );
      const gaps = after.components.find((c) => c.key === 'unfilled-gaps');
      // Its gaps will take the component's whole weight.
      const score = after.score + (gaps?.pointsLost ?? 0) - (gaps?.weight ?? 0);
      predicted.set(practiceIndex, score);
      return score;
    };
    const worstOf = (list: readonly DemoPractice[]) =>
      [...list].sort((a, b) => predict(a.index) - predict(b.index) || a.index - b.index)[0]
        ?.index ?? null;
    const beatsTheRest = (p: DemoPractice) =>
      members.every((o) => o.index === p.index || predict(p.index) < (before.get(o.index) ?? 0));
    // Trouble takes a practice down by at most the gaps' weight and some dependency: only the
    // few weakest already are worth working out (the dashboard's rule is slow at `ohp` scale).
    const weakest = (list: readonly DemoPractice[]) =>
      [...list]
        .sort(
          (a, b) => (before.get(a.index) ?? 0) - (before.get(b.index) ?? 0) || a.index - b.index,
        )
        .slice(0, 4);
    // Several GPs off sick where that makes it the worst; else whichever it makes the worst.
    troubled =
      worstOf(weakest(members.filter((p) => gpsOf(p.index).length >= 3)).filter(beatsTheRest)) ??
      worstOf(weakest(members));
    if (troubled !== null) {
      const { gps, sick, sickFrom, sickTo } = trouble(troubled);
      for (const staffIndex of sick) {
        const own = absentOn.get(staffIndex) ?? [];
        absentOn.set(staffIndex, []);
        for (const a of own) absences.splice(absences.indexOf(a), 1);
        addAbsence({ staffIndex, kind: 'sickness', startsOn: sickFrom, endsOn: sickTo });
      }
      // The practice manager has taken them off the rota from today.
      assigned.forEach((a, n) => {
        const session = a ? sessions[a.sessionIndex] : undefined;
        if (a && session && sick.includes(a.staffIndex) && session.date >= today) {
          unroster(n);
        }
      });
      const declared = weekdays.indexOf(sickFrom) + 2;
      const startsOn = weekdays[Math.min(declared, weekdays.length - 1)] ?? sickFrom;
      const endsOn = addDays(today, 27) < rotaTo ? addDays(today, 27) : rotaTo;
      const troubledAt = troubled;
      const main: DemoSiteRef = { practiceIndex: troubledAt, siteIndex: 0 };
      // As deploying does: a morning and an afternoon at the main site on each weekday.
      const teamSessions = (people: readonly number[]) =>
        weekdays
          .filter((date) => startsOn <= date && date <= endsOn)
          .flatMap((date) =>
            people.flatMap((staffIndex) =>
              (['am', 'pm'] as const).map((period) => ({
                staffIndex,
                session: {
                  site: main,
                  date,
                  period,
                  ...timesOf(date, period),
                  requiredRole: staff[staffIndex]?.staffRole ?? 'gp',
                  requiredSkills: [],
                  staffNeeded: 1,
                  urgency: 5,
                  unpopular: false,
                } satisfies DemoRotaSession,
              })),
            ),
          );
      // Two GPs and a nurse practitioner of the team, fewer where so many would cover so much
      // that the practice no longer looks the worst off (the dashboard must show it first).
      const gpsOnTeam = team.filter((i) => staff[i]?.staffRole === 'gp').slice(0, 2);
      const nurses = team.filter((i) => staff[i]?.staffRole !== 'gp').slice(0, 1);
      const others = Math.min(
        ...members.filter((p) => p.index !== troubledAt).map((p) => before.get(p.index) ?? 0),
      );
      const scoreWith = (people: readonly number[]) => {
        const extra = teamSessions(people);
        const all = [...sessions, ...extra.map((e) => e.session)];
        return resilienceScore(
          practiceFacts(
            input,
            troubledAt,
            all,
            rotaSessionsOf(all),
            [
              ...live,
              ...extra.map((e, n) => ({
                sessionIndex: sessions.length + n,
                staffIndex: e.staffIndex,
                source: 'resilience' as const,
              })),
            ],
            absences,
          ),
          today,
        ).score;
      };
      const options = [[...gpsOnTeam, ...nurses], gpsOnTeam, gpsOnTeam.slice(0, 1)].filter(
        (o) => o.length > 0,
      );
      const deployed = options.find((o) => scoreWith(o) < others) ?? options.at(-1) ?? [];
      const practice = input.practices[troubledAt];
      crises.push({
        practiceIndex: troubledAt,
        reason: `${
          sick.length === gps.length
            ? gps.length === 1
              ? 'The only GP'
              : gps.length === 2
                ? 'Both GPs'
                : `All ${String(gps.length)} GPs`
            : `${String(sick.length)} of the ${String(gps.length)} GPs`
        } off sick at once: ${practice?.name ?? 'the practice'} cannot cover its clinics`,
        startsOn,
        endsOn,
        deployedStaffIndexes: deployed,
      });
      for (const { staffIndex, session } of teamSessions(deployed)) {
        roster(addSession(session), staffIndex, 'resilience');
      }
    }
  }

  // 4. The pools: the organisation's salaried GPs (not the resilience team) and the locums.
  const poolMembers: DemoPoolMember[] = [];
  {
    const random = input.stream('pool');
    staff.forEach((p, staffIndex) => {
      if (p.homePracticeIndex !== null || p.resilienceTeam) return;
      const salaried = p.employingBody === 'organisation' && p.staffRole === 'gp';
      const locum = p.employingBody === 'self-employed';
      if (!salaried && !locum) return;
      const gp = p.staffRole === 'gp';
      const rate = salaried
        ? random.int(100, 120) * 500
        : gp
          ? random.int(140, 170) * 500
          : random.int(50, 64) * 500;
      const joined = Math.max(epochDay(p.startedOn), epochDay(input.asOf) - random.int(30, 900));
      poolMembers.push({
        staffIndex,
        pool: salaried ? 'salaried' : 'locum',
        maxSessionsPerWeek: salaried
          ? Math.min(10, Math.round(p.contractedSessions))
          : Math.min(8, Math.max(2, Math.round(p.contractedSessions))),
        pencePerSession: rate,
        joinedOn: isoOfEpochDay(Math.min(joined, epochDay(rotaFrom))),
      });
    });
  }

  // 5. Gaps the pools filled: most of the past ones (fewer at the practice in trouble, which is
  // why it is in crisis), a few of those still to come. Then when the pools can work next.
  const availability: DemoPoolAvailability[] = [];
  const available = new Set<string>();
  const addAvailability = (staffIndex: number, date: IsoDate, period: Period) => {
    const key = `${staffIndex}|${date}|${period}`;
    if (available.has(key)) return;
    available.add(key);
    availability.push({ staffIndex, date, period });
  };
  {
    const random = input.stream('pool-fill');
    const weekly = new Map<string, number>();
    const practiceOf = (s: DemoRotaSession) => s.site.practiceIndex;
    sessions.forEach((session, sessionIndex) => {
      if (session.period === 'evening' && random.chance(0.5)) return;
      const on = (assignmentsBySession.get(sessionIndex) ?? [])
        .map((n) => assigned[n])
        .filter((a): a is DemoAssignment => a !== null && a !== undefined);
      const present = on.filter((a) => !isAbsent(a.staffIndex, session.date)).length;
      if (present >= session.staffNeeded) return;
      const past = session.date < today;
      const inTrouble = practiceOf(session) === troubled;
      // The pool could not cover the GPs off sick at the practice in trouble: hence the crisis.
      const share = inTrouble
        ? past && session.requiredRole !== 'gp'
          ? 0.3
          : 0
        : past
          ? 0.8
          : 0.12;
      if (!random.chance(share)) return;
      const week = mondayOf(session.date);
      for (const member of random.shuffled(poolMembers)) {
        const person = staff[member.staffIndex];
        if (!person || member.joinedOn > session.date) continue;
        if (!roleCovers(person.staffRole, session.requiredRole)) continue;
        if (!session.requiredSkills.every((s) => person.skills.includes(s))) continue;
        const key = `${member.staffIndex}|${week}`;
        if ((weekly.get(key) ?? 0) >= member.maxSessionsPerWeek) continue;
        if (!roster(sessionIndex, member.staffIndex, 'pool')) continue;
        weekly.set(key, (weekly.get(key) ?? 0) + 1);
        if (!past) addAvailability(member.staffIndex, session.date, session.period);
        break;
      }
    });
    // Availability from today to the end of the rota: a little more than they will work.
    const ahead = weekdays.filter((d) => d >= today);
    for (const member of poolMembers) {
      const share = Math.min(0.9, (member.maxSessionsPerWeek * 1.4) / 10);
      for (const date of ahead) {
        for (const period of ['am', 'pm'] as const) {
          if (random.chance(share)) addAvailability(member.staffIndex, date, period);
        }
        if (random.chance(0.1)) addAvailability(member.staffIndex, date, 'evening');
      }
    }
  }

  const assignments = assigned.filter((a): a is DemoAssignment => a !== null);
  return {
    rotaFrom,
    rotaTo,
    staffSites,
    sessions,
    assignments,
    absences: absences.sort(
      (a, b) => a.staffIndex - b.staffIndex || a.startsOn.localeCompare(b.startsOn),
    ),
    poolMembers,
    poolAvailability: availability,
    crises,
    troubledPracticeIndex: troubled,
  };
}

/**
 * The facts the resilience dashboard reads for one practice, from a plan's staff and workforce
 * (staff and sessions named by their index): for checking the demo against the dashboard's rule.
 */
export function practiceFacts(
  input: Pick<DemoRotaInput, 'practices' | 'staff'>,
  practiceIndex: number,
  sessions: readonly DemoRotaSession[],
  asRota: readonly RotaSession[],
  assignments: readonly DemoAssignment[],
  absences: readonly DemoAbsence[],
  window?: { readonly from: IsoDate; readonly to: IsoDate },
): PracticeFacts {
  const practice = input.practices[practiceIndex];
  const own = new Set<number>();
  sessions.forEach((s, i) => {
    if (
      s.site.practiceIndex === practiceIndex &&
      (!window || (window.from <= s.date && s.date <= window.to))
    ) {
      own.add(i);
    }
  });
  const mine = assignments.filter((a) => own.has(a.sessionIndex));
  const rostered = new Set(mine.map((a) => a.staffIndex));
  const visitors: Record<string, string> = {};
  for (const a of mine) {
    const person = input.staff[a.staffIndex];
    if (person && person.homePracticeIndex !== practiceIndex) {
      visitors[String(a.staffIndex)] = person.fullName;
    }
  }
  return {
    practiceId: String(practiceIndex),
    practiceName: practice?.name ?? '',
    staff: input.staff.flatMap((p, i) =>
      p.homePracticeIndex === practiceIndex
        ? [
            {
              id: String(i),
              name: p.fullName,
              role: p.staffRole,
              contractedSessions: p.contractedSessions,
              dateOfBirth: p.dateOfBirth,
              startedOn: p.startedOn,
              leftOn: null,
            },
          ]
        : [],
    ),
    visitors,
    sessions: asRota.filter((_, i) => own.has(i)),
    assignments: mine.map((a) => ({
      sessionId: String(a.sessionIndex),
      staffId: String(a.staffIndex),
    })),
    absences: absences
      .filter((a) => rostered.has(a.staffIndex))
      .map((a) => ({ staffId: String(a.staffIndex), startsOn: a.startsOn, endsOn: a.endsOn })),
    listSizes: practice?.listSizes ?? [],
    temporaryStaffIds: [
      ...new Set(mine.filter((a) => a.source === 'resilience').map((a) => String(a.staffIndex))),
    ],
  };
}

/** A plan's sessions as the domain's rota rules read them, with their index as id. */
export function rotaSessionsOf(sessions: readonly DemoRotaSession[]): RotaSession[] {
  return sessions.map((s, i) => ({
    id: String(i),
    siteId: siteKey(s.site),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    requiredRole: s.requiredRole,
    requiredSkills: s.requiredSkills,
    staffNeeded: s.staffNeeded,
    urgency: s.urgency,
    unpopular: s.unpopular,
  }));
}

/** The id the domain's rota rules know a plan's site by (see {@link rotaSessionsOf}). */
export function demoSiteKey(ref: DemoSiteRef): string {
  return siteKey(ref);
}
