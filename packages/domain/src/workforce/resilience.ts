import { reachOf, type Reach } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { addDays as addDaysIso, epochDay } from '../demo/dates.js';
import type { IsoDate } from '../org/iso-date.js';
import { listSizeOn, type ListSizeCount } from '../org/list-size.js';
import { englandTimeToInstant, PERIOD_TIMES } from './periods.js';
import {
  sessionDate,
  sessionGaps,
  type Absence,
  type RotaSession,
  type SessionAssignment,
} from './rota.js';
import type { StaffRole } from './staff.js';

/**
 * Sessions a week that count as one whole-time equivalent (WTE). An assumption: many practices
 * and workforce returns count 8 clinical sessions a week as full time for a GP (the BMA model
 * salaried contract's 9 sessions of 4 hours 10 minutes include about one of admin).
 */
export const SESSIONS_PER_WTE = 8;

/**
 * The age at which a GP typically retires. An assumption: 60 is the normal pension age of the
 * NHS Pension Scheme's 1995 section, which most long-serving GPs are in, and GPs in England
 * retire on average at about 59 to 60.
 */
export const TYPICAL_GP_RETIREMENT_AGE = 60;

/** GPs within this many years of {@link TYPICAL_GP_RETIREMENT_AGE} count as near retirement. */
export const RETIREMENT_HORIZON_YEARS = 3;

/**
 * Registered patients per clinical WTE in England, the yardstick for a practice's load. An
 * assumption of the order of NHS Digital's "General Practice Workforce" series, which put
 * patients per fully qualified GP FTE at roughly 2,100 to 2,300 over 2019-2024.
 */
export const ENGLAND_PATIENTS_PER_CLINICAL_WTE = 2_100;

/** Days looked at either side of the date: four weeks back and four weeks ahead. */
export const RESILIENCE_WINDOW_DAYS = 28;

/**
 * The roles whose sessions and hours count as clinical: those who see patients with problems
 * not yet diagnosed (GPs, advanced nurse practitioners, physician associates). Nurses and
 * healthcare assistants matter too, but a practice does not close for want of a blood test.
 */
export const RESILIENCE_CLINICAL_ROLES: readonly StaffRole[] = ['gp', 'anp', 'physician-associate'];

/** What the score is made of. */
export const RESILIENCE_COMPONENTS = [
  'single-person-dependency',
  'retirement',
  'unfilled-gaps',
  'patients-per-clinical-wte',
] as const;

/** One part of the score. */
export type ResilienceComponentKey = (typeof RESILIENCE_COMPONENTS)[number];

/**
 * Points each component can take off 100, summing to 100. Depending on one person weighs most:
 * losing them closes the practice. Unfilled gaps and an overloaded list are the pressure now;
 * retirements are the pressure to come, and so weigh least.
 */
export const RESILIENCE_WEIGHTS: Readonly<Record<ResilienceComponentKey, number>> = {
  'single-person-dependency': 30,
  'unfilled-gaps': 25,
  'patients-per-clinical-wte': 25,
  retirement: 20,
};

/** Human-readable names of the components. */
export const RESILIENCE_COMPONENT_LABELS: Readonly<Record<ResilienceComponentKey, string>> = {
  'single-person-dependency': 'Clinical sessions depending on one person',
  retirement: 'GPs near retirement',
  'unfilled-gaps': 'Unfilled sessions in the next 4 weeks',
  'patients-per-clinical-wte': 'Patients per clinical WTE',
};

/** A share of unfilled sessions at or above this takes every point of the gaps component. */
export const FULL_RISK_GAP_SHARE = 0.2;

/** A member of staff as the score needs them. */
export interface ResilienceStaff {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  /** Sessions a week; null when not recorded (counted as none). */
  readonly contractedSessions: number | null;
  readonly dateOfBirth: IsoDate | null;
  readonly startedOn: IsoDate | null;
  readonly leftOn: IsoDate | null;
}

/** What is known about one practice: its staff, the rota at its sites, and its list sizes. */
export interface PracticeFacts {
  readonly practiceId: string;
  readonly practiceName: string;
  /** Staff whose home practice it is, past and present. */
  readonly staff: readonly ResilienceStaff[];
  /** Names of anyone else rostered at its sites (pool, resilience team), by staff id. */
  readonly visitors: Readonly<Record<string, string>>;
  /** Sessions at its sites, at least the window either side of the date. */
  readonly sessions: readonly RotaSession[];
  readonly assignments: readonly SessionAssignment[];
  readonly absences: readonly Absence[];
  readonly listSizes: readonly ListSizeCount[];
  /**
   * People there for a while only (the resilience team deployed in a crisis): their sessions
   * fill gaps, but the practice does not depend on them, so they are left out of dependency.
   */
  readonly temporaryStaffIds?: readonly string[];
}

/** One component of a practice's score. */
export interface ResilienceComponent {
  readonly key: ResilienceComponentKey;
  readonly label: string;
  /** The most points it can take off. */
  readonly weight: number;
  /** 0 (no risk) to 1 (the whole weight is lost). */
  readonly risk: number;
  /** Points taken off 100, to one decimal place. */
  readonly pointsLost: number;
  /** The figure behind it: a share (0-1), a count, or patients per WTE; null when unknown. */
  readonly value: number | null;
  /** What it means, in words. */
  readonly summary: string;
  /** Why it counts against the practice, in words; null when it does not much. */
  readonly reason: string | null;
}

/** Red, amber or green: how worried to be. */
export type ResilienceRag = 'red' | 'amber' | 'green';

/** A practice's resilience on a date. */
export interface ResilienceScore {
  readonly practiceId: string;
  readonly practiceName: string;
  readonly on: IsoDate;
  /** 0 (one event from disaster) to 100 (resilient). */
  readonly score: number;
  readonly rag: ResilienceRag;
  readonly components: ResilienceComponent[];
  /** The reasons of the weak components, worst first. */
  readonly reasons: string[];
}

/** Scores below this are red; {@link RESILIENCE_AMBER_BELOW} and above are green. */
export const RESILIENCE_RED_BELOW = 50;
/** Scores from {@link RESILIENCE_RED_BELOW} up to this are amber. */
export const RESILIENCE_AMBER_BELOW = 70;

/** The RAG rating of a score. */
export function resilienceRag(score: number): ResilienceRag {
  if (score < RESILIENCE_RED_BELOW) return 'red';
  if (score < RESILIENCE_AMBER_BELOW) return 'amber';
  return 'green';
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const percent = (share: number) => `${String(Math.round(share * 100))}%`;
const count = (value: number) => Math.round(value).toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** Age in whole years on a date. */
function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

const onStaff = (person: ResilienceStaff, on: IsoDate) =>
  (person.startedOn === null || person.startedOn <= on) &&
  (person.leftOn === null || person.leftOn > on);

const displayName = (name: string, role: StaffRole | null) =>
  role === 'gp' && !/^dr\b/i.test(name) ? `Dr ${name}` : name;

const isClinical = (role: StaffRole) => RESILIENCE_CLINICAL_ROLES.includes(role);

function component(
  key: ResilienceComponentKey,
  risk: number,
  value: number | null,
  summary: string,
  reason: string | null,
): ResilienceComponent {
  const weight = RESILIENCE_WEIGHTS[key];
  const r = clamp01(risk);
  return {
    key,
    label: RESILIENCE_COMPONENT_LABELS[key],
    weight,
    risk: r,
    pointsLost: Math.round(weight * r * 10) / 10,
    value,
    summary,
    reason,
  };
}

/**
 * Share of the clinical sessions worked by the one person who works most of them. From the rota
 * (worked sessions four weeks back and rostered four weeks ahead) when it has any; otherwise
 * from the clinical staff's contracted sessions. Its risk is the share itself: a single-handed
 * practice loses the whole weight, one of six equal GPs about a sixth of it.
 */
function dependency(facts: PracticeFacts, on: IsoDate, staff: readonly ResilienceStaff[]) {
  const from = addDaysIso(on, -RESILIENCE_WINDOW_DAYS);
  const to = addDaysIso(on, RESILIENCE_WINDOW_DAYS);
  const clinical = new Map(
    facts.sessions
      .filter((s) => isClinical(s.requiredRole))
      .filter((s) => {
        const day = sessionDate(s);
        return from <= day && day < to;
      })
      .map((s) => [s.id, s]),
  );
  const bySession = new Map<string, number>();
  const byPerson = new Map<string, number>();
  const temporary = new Set(facts.temporaryStaffIds ?? []);
  for (const a of facts.assignments) {
    if (!clinical.has(a.sessionId) || temporary.has(a.staffId)) continue;
    bySession.set(a.sessionId, (bySession.get(a.sessionId) ?? 0) + 1);
    byPerson.set(a.staffId, (byPerson.get(a.staffId) ?? 0) + 1);
  }
  const roleOf = new Map(facts.staff.map((p) => [p.id, p] as const));
  let basis: 'rota' | 'contract' = 'rota';
  let total = bySession.size;
  if (total === 0) {
    basis = 'contract';
    for (const person of staff) {
      if (!isClinical(person.role)) continue;
      const sessions = person.contractedSessions ?? 0;
      if (sessions > 0) byPerson.set(person.id, sessions);
      total += sessions;
    }
  }
  if (total === 0) {
    return component(
      'single-person-dependency',
      1,
      null,
      'No clinical sessions are rostered or contracted',
      'No clinical sessions are rostered or contracted: the practice has no clinical cover',
    );
  }
  let topId = '';
  let top = 0;
  for (const [id, n] of [...byPerson].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (n > top) [topId, top] = [id, n];
  }
  const share = Math.min(1, top / total);
  const person = roleOf.get(topId);
  const name = person
    ? displayName(person.name, person.role)
    : (facts.visitors[topId] ?? 'one person');
  const what = basis === 'rota' ? 'clinical sessions' : 'contracted clinical sessions';
  const summary = `${percent(share)} of ${what} depend on ${name} alone`;
  return component(
    'single-person-dependency',
    share,
    share,
    summary,
    share >= 0.3 ? summary : null,
  );
}

/** Share of the GPs on staff who are within the horizon of the typical retirement age. */
function retirement(on: IsoDate, staff: readonly ResilienceStaff[]) {
  const gps = staff.filter((p) => p.role === 'gp');
  if (gps.length === 0) {
    const text = 'The practice has no GPs on its staff';
    return component('retirement', 1, null, text, text);
  }
  const near = gps.filter(
    (p) =>
      p.dateOfBirth !== null &&
      ageOn(p.dateOfBirth, on) >= TYPICAL_GP_RETIREMENT_AGE - RETIREMENT_HORIZON_YEARS,
  ).length;
  const share = near / gps.length;
  const summary = `${count(near)} of ${plural(gps.length, 'GP is', 'GPs are')} within ${String(RETIREMENT_HORIZON_YEARS)} years of ${String(TYPICAL_GP_RETIREMENT_AGE)} (typical GP retirement age, an assumption)`;
  return component('retirement', share, share, summary, near > 0 ? summary : null);
}

/** Unfilled sessions at the practice's sites from the date to four weeks ahead. */
function unfilled(facts: PracticeFacts, on: IsoDate) {
  const to = addDaysIso(on, RESILIENCE_WINDOW_DAYS);
  const ahead = facts.sessions.filter((s) => {
    const day = sessionDate(s);
    return on <= day && day < to;
  });
  if (ahead.length === 0) {
    return component(
      'unfilled-gaps',
      0,
      0,
      'No sessions are planned for the next 4 weeks, so no gaps can be counted',
      null,
    );
  }
  const gaps = sessionGaps(ahead, facts.assignments, facts.absences).length;
  const share = gaps / ahead.length;
  const summary = `${plural(gaps, 'unfilled session', 'unfilled sessions')} of ${count(ahead.length)} planned in the next 4 weeks`;
  return component(
    'unfilled-gaps',
    share / FULL_RISK_GAP_SHARE,
    gaps,
    summary,
    gaps > 0 ? summary : null,
  );
}

/**
 * Registered patients per clinical WTE. No risk at or below the England yardstick, rising to the
 * whole weight at twice it.
 */
function load(facts: PracticeFacts, on: IsoDate, staff: readonly ResilienceStaff[]) {
  const listSize = listSizeOn(facts.listSizes, on);
  const wte =
    staff
      .filter((p) => isClinical(p.role))
      .reduce((sum, p) => sum + (p.contractedSessions ?? 0), 0) / SESSIONS_PER_WTE;
  const yardstick = `England average about ${count(ENGLAND_PATIENTS_PER_CLINICAL_WTE)}, an assumption from NHS Digital's GP workforce figures`;
  if (listSize === null) {
    return component(
      'patients-per-clinical-wte',
      0,
      null,
      'The list size is not known, so patients per clinical WTE cannot be worked out',
      null,
    );
  }
  if (wte === 0) {
    const text = `${plural(listSize, 'patient', 'patients')} and no clinical sessions contracted`;
    return component(
      'patients-per-clinical-wte',
      listSize > 0 ? 1 : 0,
      null,
      text,
      listSize > 0 ? text : null,
    );
  }
  const perWte = listSize / wte;
  const risk = perWte / ENGLAND_PATIENTS_PER_CLINICAL_WTE - 1;
  const summary = `${count(perWte)} patients per clinical WTE (${yardstick})`;
  return component(
    'patients-per-clinical-wte',
    risk,
    Math.round(perWte),
    summary,
    risk > 0 ? summary : null,
  );
}

/**
 * A practice's resilience on a date: 100 less the points each component takes off (see
 * {@link RESILIENCE_WEIGHTS}), rounded, with every component and the reasons in words for the
 * weak ones, worst first. Staff count when on the staff that day; the rota is read four weeks
 * either side of it.
 */
export function resilienceScore(facts: PracticeFacts, on: IsoDate): ResilienceScore {
  const staff = facts.staff.filter((p) => onStaff(p, on));
  const components = [
    dependency(facts, on, staff),
    retirement(on, staff),
    unfilled(facts, on),
    load(facts, on, staff),
  ];
  const lost = components.reduce((sum, c) => sum + c.weight * c.risk, 0);
  const score = Math.max(0, Math.min(100, Math.round(100 - lost)));
  const reasons = [...components]
    .sort((a, b) => b.pointsLost - a.pointsLost)
    .flatMap((c) => (c.reason === null ? [] : [c.reason]));
  return {
    practiceId: facts.practiceId,
    practiceName: facts.practiceName,
    on,
    score,
    rag: resilienceRag(score),
    components,
    reasons,
  };
}

/** Scores worst first; equal scores keep the order they came in. */
export function rankPractices<T extends { readonly score: number }>(scores: readonly T[]): T[] {
  return scores
    .map((s, index) => ({ s, index }))
    .sort((a, b) => a.s.score - b.s.score || a.index - b.index)
    .map(({ s }) => s);
}

/** The dates of the weekly trend: `weeks` points a week apart, the last on `on`, oldest first. */
export function trendDates(on: IsoDate, weeks = 8): IsoDate[] {
  return Array.from({ length: weeks }, (_, i) => addDaysIso(on, -7 * (weeks - 1 - i)));
}

/** The longest crisis that can be declared at once, in days: a quarter of a year. */
export const MAX_CRISIS_DAYS = 92;

/** One session the resilience team works at a practice in crisis. */
export interface DeploymentSession {
  readonly date: IsoDate;
  readonly period: 'am' | 'pm';
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * The sessions a deployment covers: a morning and an afternoon on each weekday from `from` to
 * `to` inclusive, at the rota's usual times in England converted to UTC (so the clocks changing
 * during a crisis is handled).
 */
export function deploymentSessions(from: IsoDate, to: IsoDate): DeploymentSession[] {
  const days: IsoDate[] = [];
  for (let day = epochDay(from); day <= epochDay(to); day += 1) {
    // 1970-01-01 was a Thursday: day 0 is weekday 4, with Sunday 0 and Saturday 6.
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) days.push(addDaysIso(from, day - epochDay(from)));
  }
  return days.flatMap((date) =>
    (['am', 'pm'] as const).map((period) => ({
      date,
      period,
      startsAt: englandTimeToInstant(date, PERIOD_TIMES[period].start),
      endsAt: englandTimeToInstant(date, PERIOD_TIMES[period].end),
    })),
  );
}

/** The organisation-wide roles that see every practice's resilience. */
export const RESILIENCE_DASHBOARD_ROLES: readonly Role[] = [
  'central-workforce',
  'central-operations',
  'org-admin',
  'board-member',
];

/**
 * Whose resilience a principal may see: every practice for the organisation-wide roles of
 * {@link RESILIENCE_DASHBOARD_ROLES}, else the practices where they may declare a crisis (a
 * practice manager sees their own practice's score).
 */
export function resilienceReach(principal: Principal): Reach {
  const wide = principal.grants.some(
    (g) => g.practiceId === null && RESILIENCE_DASHBOARD_ROLES.includes(g.role),
  );
  return wide ? { kind: 'organisation' } : reachOf(principal, 'crisis:manage');
}

/**
 * The dates the facts must cover to score a practice on `on` and at each point of a trend of
 * `weeks` weekly points ending on it: four weeks before the first point to four weeks after `on`.
 */
export function resilienceFactsWindow(on: IsoDate, weeks = 1): { from: IsoDate; to: IsoDate } {
  const first = trendDates(on, weeks)[0] ?? on;
  return {
    from: addDaysIso(first, -RESILIENCE_WINDOW_DAYS),
    to: addDaysIso(on, RESILIENCE_WINDOW_DAYS),
  };
}
