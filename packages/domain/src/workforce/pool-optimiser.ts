import type { Highs } from 'highs';
import {
  clashBetween,
  roleCovers,
  sessionDate,
  travelMinutes,
  type RotaSession,
  type RotaSite,
  type SessionGap,
} from './rota.js';
import type { StaffRole } from './staff.js';

/** The two pools (WF-3): internal locums, and salaried staff employed centrally. */
export const POOL_KINDS = ['locum', 'salaried'] as const;
/** An internal locum pool or the salaried pool. */
export type PoolKind = (typeof POOL_KINDS)[number];

/** Parts of a day a pool member can say they are free for; 'day' is morning and afternoon. */
export const POOL_PERIODS = ['am', 'pm', 'evening', 'day'] as const;
/** A part of a day in a pool member's availability. */
export type PoolPeriod = (typeof POOL_PERIODS)[number];

/** One date and part of a day on which a pool member can work. */
export interface PoolAvailability {
  readonly date: string;
  readonly period: PoolPeriod;
}

/** A member of a pool, as the optimiser needs them. */
export interface PoolMember {
  /** The staff member's id. */
  readonly id: string;
  readonly pool: PoolKind;
  readonly role: StaffRole;
  readonly skills: readonly string[];
  readonly availability: readonly PoolAvailability[];
  /** Sessions they may work in the week, counting the ones they are already rostered on. */
  readonly maxSessionsPerWeek: number;
  readonly pencePerSession: number;
  readonly homeSiteId: string;
  /** Sessions they already work this week: gaps that clash with these are not offered. */
  readonly rostered: readonly RotaSession[];
}

/** A gap offered to the pool: the session and how many people it is short. */
export interface PoolGap {
  readonly session: RotaSession;
  readonly missing: number;
  /** True when the site falls below its minimum staffing without it: weighs more. */
  readonly belowMinimumStaffing?: boolean;
}

/** One week's problem for the pool optimiser. */
export interface PoolProblem {
  readonly gaps: readonly PoolGap[];
  readonly members: readonly PoolMember[];
  readonly sites: readonly RotaSite[];
  /** What an external locum costs per session, in pence (organisation setting, 90000 default). */
  readonly externalLocumPencePerSession: number;
}

/** A pool member put on a gap session. */
export interface PoolAssignment {
  readonly sessionId: string;
  readonly staffId: string;
}

/** An assignment with what it costs and saves. */
export interface CostedPoolAssignment extends PoolAssignment {
  readonly pencePerSession: number;
  readonly travelMinutes: number;
  /** External locum rate minus this person's cost (negative when the pool costs more). */
  readonly savingPence: number;
}

/** How the solver ended: only 'optimal' is proved best; 'first-fit' is the greedy baseline. */
export type PoolSolveStatus = 'optimal' | 'time-limit' | 'empty' | 'failed' | 'first-fit';

/** What filling a week's gaps from the pool comes to. */
export interface PoolFill {
  readonly assignments: readonly CostedPoolAssignment[];
  /** Gap places filled (a session short of two people filled twice counts two). */
  readonly filled: number;
  readonly totalCostPence: number;
  /** What the same filled sessions would have cost at the external locum rate. */
  readonly externalCostPence: number;
  /** The pool's saving against external locums: externalCostPence − totalCostPence. */
  readonly savingPence: number;
  /** The model's objective value (see {@link poolObjective}). */
  readonly objective: number;
  readonly status: PoolSolveStatus;
}

/**
 * Pence charged per minute of travel from a member's home site to the gap's site: about £30 an
 * hour of a clinician's time, so a nearer person wins a tie on cost.
 */
export const TRAVEL_PENCE_PER_MINUTE = 50;

/** Gaps from the rota's gap list, as the pool sees them. */
export function poolGapsFrom(gaps: readonly SessionGap[]): PoolGap[] {
  return gaps.map((gap) => ({ session: gap.session, missing: gap.missing }));
}

const englishHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The part of the day a session starts in, in England: before 12:00 am, before 17:00 pm. */
export function sessionPeriod(session: RotaSession): 'am' | 'pm' | 'evening' {
  const hour = Number(englishHour.format(new Date(session.startsAt)));
  if (hour < 12) return 'am';
  if (hour < 17) return 'pm';
  return 'evening';
}

// Formatting dates in England's time zone is slow, and each gap is checked against everyone.
const whenCache = new WeakMap<RotaSession, { date: string; period: 'am' | 'pm' | 'evening' }>();
function whenOf(session: RotaSession): { date: string; period: 'am' | 'pm' | 'evening' } {
  let when = whenCache.get(session);
  if (when === undefined) {
    when = { date: sessionDate(session), period: sessionPeriod(session) };
    whenCache.set(session, when);
  }
  return when;
}

/** True when the member said they can work on the session's date and part of the day. */
export function isAvailableFor(member: PoolMember, session: RotaSession): boolean {
  const { date, period } = whenOf(session);
  return member.availability.some(
    (a) => a.date === date && (a.period === period || (a.period === 'day' && period !== 'evening')),
  );
}

/** Indexes and derived figures shared by the optimiser, the greedy baseline and the checker. */
export interface PoolModel {
  readonly problem: PoolProblem;
  readonly siteOf: (siteId: string) => RotaSite;
  /** eligible[m] = the gap indexes member m may take (role, skills, availability, rostering). */
  readonly eligible: readonly (readonly number[])[];
  /** Sessions member m may still work: max per week less those already rostered. */
  readonly capacity: readonly number[];
  /** Most unpopular gaps one person may take: ceil(unpopular places / people eligible) + 1. */
  readonly unpopularCap: number;
  /** value(m, g): what putting member m on gap g adds to the objective. */
  readonly value: (m: number, g: number) => number;
  readonly clash: (g1: number, g2: number) => boolean;
}

/**
 * Reasons member cannot take gap, or an empty list. Role and skills must match, they must be
 * available, and the gap must not clash (overlap or travel) with a session they already work.
 */
export function ineligibility(
  member: PoolMember,
  gap: PoolGap,
  siteOf: (siteId: string) => RotaSite,
): string[] {
  const reasons: string[] = [];
  const session = gap.session;
  if (!roleCovers(member.role, session.requiredRole)) {
    reasons.push(`a ${member.role} cannot cover a ${session.requiredRole} session`);
  }
  const missingSkills = session.requiredSkills.filter((s) => !member.skills.includes(s));
  if (missingSkills.length > 0) reasons.push(`missing skills: ${missingSkills.join(', ')}`);
  if (!isAvailableFor(member, session)) reasons.push('not available then');
  for (const rostered of member.rostered) {
    const clash = clashBetween(rostered, session, siteOf);
    if (clash !== null) reasons.push(`clashes with rostered session ${rostered.id}: ${clash}`);
  }
  return reasons;
}

/** Builds the shared model of a problem; throws on a site that is not in the list. */
export function buildPoolModel(problem: PoolProblem): PoolModel {
  const sites = new Map(problem.sites.map((s) => [s.id, s]));
  const siteOf = (siteId: string): RotaSite => {
    const site = sites.get(siteId);
    if (site === undefined) throw new RangeError(`unknown site ${siteId}`);
    return site;
  };
  const { gaps, members } = problem;
  const eligible = members.map((member) =>
    gaps.flatMap((gap, g) => (ineligibility(member, gap, siteOf).length === 0 ? [g] : [])),
  );
  const capacity = members.map((m) => Math.max(0, m.maxSessionsPerWeek - m.rostered.length));
  const unpopularPlaces = gaps.reduce((n, g) => n + (g.session.unpopular ? g.missing : 0), 0);
  const unpopularPeople = eligible.filter((list) =>
    list.some((g) => gaps[g]?.session.unpopular === true),
  ).length;
  const unpopularCap = unpopularPeople === 0 ? 0 : Math.ceil(unpopularPlaces / unpopularPeople) + 1;
  const travel = (m: number, g: number): number =>
    travelMinutes(siteOf(at(members, m).homeSiteId), siteOf(at(gaps, g).session.siteId));
  // One filled gap must outweigh any one person's cost and travel, so that leaving a gap empty
  // to save money never pays: the unit is one more than the dearest eligible pairing.
  let dearest = 0;
  eligible.forEach((list, m) => {
    for (const g of list) {
      dearest = Math.max(
        dearest,
        at(members, m).pencePerSession + TRAVEL_PENCE_PER_MINUTE * travel(m, g),
      );
    }
  });
  const unit = dearest + 1;
  const weight = (gap: PoolGap): number =>
    unit * (10 + gap.session.urgency + (gap.belowMinimumStaffing === true ? 5 : 0));
  const value = (m: number, g: number): number =>
    weight(at(gaps, g)) - at(members, m).pencePerSession - TRAVEL_PENCE_PER_MINUTE * travel(m, g);
  const clashes = new Map<string, boolean>();
  const clash = (g1: number, g2: number): boolean => {
    if (g1 === g2) return false;
    const key = g1 < g2 ? `${g1}:${g2}` : `${g2}:${g1}`;
    let known = clashes.get(key);
    if (known === undefined) {
      known = clashBetween(at(gaps, g1).session, at(gaps, g2).session, siteOf) !== null;
      clashes.set(key, known);
    }
    return known;
  };
  return { problem, siteOf, eligible, capacity, unpopularCap, value, clash };
}

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new RangeError(`index ${index} out of range`);
  return item;
}

/**
 * Every way an assignment breaks the rules, in words; empty when it keeps them all: known gap
 * and member, each pairing at most once, no gap over its missing count, eligibility, the
 * weekly maximum, one place at a time (clashBetween) and the unpopular-session cap.
 */
export function assignmentProblems(
  problem: PoolProblem,
  assignments: readonly PoolAssignment[],
  model: PoolModel = buildPoolModel(problem),
): string[] {
  const problems: string[] = [];
  const gapIndex = new Map(problem.gaps.map((g, i) => [g.session.id, i]));
  const memberIndex = new Map(problem.members.map((m, i) => [m.id, i]));
  const seen = new Set<string>();
  const perGap = new Map<number, number>();
  const perMember = new Map<number, number[]>();
  for (const a of assignments) {
    const g = gapIndex.get(a.sessionId);
    const m = memberIndex.get(a.staffId);
    if (g === undefined) {
      problems.push(`session ${a.sessionId} is not a gap`);
      continue;
    }
    if (m === undefined) {
      problems.push(`${a.staffId} is not in the pool`);
      continue;
    }
    const key = `${a.staffId}@${a.sessionId}`;
    if (seen.has(key)) problems.push(`${a.staffId} is on session ${a.sessionId} twice`);
    seen.add(key);
    perGap.set(g, (perGap.get(g) ?? 0) + 1);
    perMember.set(m, [...(perMember.get(m) ?? []), g]);
    for (const reason of ineligibility(at(problem.members, m), at(problem.gaps, g), model.siteOf)) {
      problems.push(`${a.staffId} cannot take session ${a.sessionId}: ${reason}`);
    }
  }
  for (const [g, count] of perGap) {
    const gap = at(problem.gaps, g);
    if (count > gap.missing) {
      problems.push(
        `session ${gap.session.id} gets ${count} people but is short of ${gap.missing}`,
      );
    }
  }
  for (const [m, list] of perMember) {
    const member = at(problem.members, m);
    if (list.length > at(model.capacity, m)) {
      problems.push(
        `${member.id} gets ${list.length} sessions but has room for ${at(model.capacity, m)}`,
      );
    }
    const unpopular = list.filter((g) => at(problem.gaps, g).session.unpopular).length;
    if (unpopular > model.unpopularCap) {
      problems.push(
        `${member.id} gets ${unpopular} unpopular sessions; the fair share is at most ${model.unpopularCap}`,
      );
    }
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const g1 = at(list, i);
        const g2 = at(list, j);
        if (g1 !== g2 && model.clash(g1, g2)) {
          problems.push(
            `${member.id} cannot work both ${at(problem.gaps, g1).session.id} and ${at(problem.gaps, g2).session.id}`,
          );
        }
      }
    }
  }
  return problems;
}

/** The objective of an assignment: Σ weight(gap) − cost − travel penalty. Higher is better. */
export function poolObjective(
  problem: PoolProblem,
  assignments: readonly PoolAssignment[],
  model: PoolModel = buildPoolModel(problem),
): number {
  const gapIndex = new Map(problem.gaps.map((g, i) => [g.session.id, i]));
  const memberIndex = new Map(problem.members.map((m, i) => [m.id, i]));
  let total = 0;
  for (const a of assignments) {
    const g = gapIndex.get(a.sessionId);
    const m = memberIndex.get(a.staffId);
    if (g !== undefined && m !== undefined) total += model.value(m, g);
  }
  return total;
}

/** Costs, savings and objective of an assignment found by the optimiser or the baseline. */
export function costPoolFill(
  problem: PoolProblem,
  assignments: readonly PoolAssignment[],
  status: PoolSolveStatus,
  model: PoolModel = buildPoolModel(problem),
): PoolFill {
  const members = new Map(problem.members.map((m) => [m.id, m]));
  const sessions = new Map(problem.gaps.map((g) => [g.session.id, g.session]));
  const external = problem.externalLocumPencePerSession;
  const costed = assignments.map((a): CostedPoolAssignment => {
    const member = members.get(a.staffId);
    const session = sessions.get(a.sessionId);
    if (member === undefined || session === undefined) {
      throw new RangeError(`unknown pairing ${a.staffId}@${a.sessionId}`);
    }
    return {
      ...a,
      pencePerSession: member.pencePerSession,
      travelMinutes: travelMinutes(model.siteOf(member.homeSiteId), model.siteOf(session.siteId)),
      savingPence: external - member.pencePerSession,
    };
  });
  const totalCostPence = costed.reduce((n, a) => n + a.pencePerSession, 0);
  const externalCostPence = external * costed.length;
  return {
    assignments: costed,
    filled: costed.length,
    totalCostPence,
    externalCostPence,
    savingPence: externalCostPence - totalCostPence,
    objective: poolObjective(problem, assignments, model),
    status,
  };
}

/**
 * Covers every clashing pair of one person's eligible gaps with cliques (sets of gaps of which
 * any two clash), so one row "at most one of these" stands for many pairwise rows and the LP
 * relaxation is tighter. Every clashing pair ends up inside at least one clique.
 */
function clashCliques(gapsOfMember: readonly number[], clash: PoolModel['clash']): number[][] {
  const cliques: number[][] = [];
  const covered = new Set<string>();
  for (let i = 0; i < gapsOfMember.length; i += 1) {
    for (let j = i + 1; j < gapsOfMember.length; j += 1) {
      const a = at(gapsOfMember, i);
      const b = at(gapsOfMember, j);
      if (!clash(a, b) || covered.has(`${a}:${b}`)) continue;
      const clique = [a, b];
      for (const c of gapsOfMember) {
        if (c !== a && c !== b && clique.every((d) => clash(c, d))) clique.push(c);
      }
      for (const x of clique) for (const y of clique) covered.add(`${x}:${y}`);
      cliques.push(clique);
    }
  }
  return cliques;
}

/** Writes terms as LP-format lines of a few terms each (the format's readers limit line length). */
function lpTerms(terms: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 8) lines.push(`  ${terms.slice(i, i + 8).join(' ')}`);
  return lines.join('\n');
}

/**
 * The assignment model in CPLEX LP format, and its variables. Binary x[m, g] exists only where
 * member m is eligible for gap g. Maximise Σ value(m, g)·x subject to: each gap at most its
 * missing count; each member at most their remaining sessions; each clique of clashing gaps at
 * most one per member; each member at most {@link PoolModel.unpopularCap} unpopular gaps.
 */
export function poolLp(model: PoolModel): { lp: string; vars: Map<string, PoolAssignment> } {
  const { problem, eligible } = model;
  const vars = new Map<string, PoolAssignment>();
  const byGap = new Map<number, string[]>();
  const objective: string[] = [];
  const rows: string[] = [];
  eligible.forEach((list, m) => {
    const member = at(problem.members, m);
    const names: string[] = [];
    const unpopular: string[] = [];
    for (const g of list) {
      const name = `x_${m}_${g}`;
      const gap = at(problem.gaps, g);
      vars.set(name, { sessionId: gap.session.id, staffId: member.id });
      names.push(name);
      if (gap.session.unpopular) unpopular.push(name);
      byGap.set(g, [...(byGap.get(g) ?? []), name]);
      objective.push(`+ ${model.value(m, g)} ${name}`);
    }
    if (names.length > at(model.capacity, m)) {
      rows.push(
        ` max_${m}:\n${lpTerms(names.map((n) => `+ ${n}`))}\n  <= ${at(model.capacity, m)}`,
      );
    }
    if (unpopular.length > model.unpopularCap) {
      rows.push(
        ` fair_${m}:\n${lpTerms(unpopular.map((n) => `+ ${n}`))}\n  <= ${model.unpopularCap}`,
      );
    }
    clashCliques(list, model.clash).forEach((clique, k) => {
      rows.push(` clash_${m}_${k}:\n${lpTerms(clique.map((g) => `+ x_${m}_${g}`))}\n  <= 1`);
    });
  });
  for (const [g, names] of byGap) {
    const missing = at(problem.gaps, g).missing;
    if (names.length > missing) {
      rows.push(` gap_${g}:\n${lpTerms(names.map((n) => `+ ${n}`))}\n  <= ${missing}`);
    }
  }
  const lp = [
    'Maximize',
    ` obj:\n${objective.length > 0 ? lpTerms(objective) : '  0 x_none'}`,
    'Subject To',
    ...(rows.length > 0 ? rows : [' none: 0 x_none >= 0']),
    'Binary',
    lpTerms([...vars.keys()]),
    'End',
    '',
  ].join('\n');
  return { lp, vars };
}

let runtime: Promise<Highs> | undefined;

/**
 * Loads HiGHS (WebAssembly) once, on first use. The package's ES module exports the loader as
 * its default, but its types describe the CommonJS build, so the import is typed by hand.
 */
async function loadHighs(): Promise<Highs> {
  const module = (await import('highs')) as unknown as { default: () => Promise<Highs> };
  return module.default();
}

/** Options for {@link optimisePool}. */
export interface OptimisePoolOptions {
  /** Seconds before HiGHS stops with its best assignment so far (status 'time-limit'). */
  readonly timeLimitSeconds?: number;
}

/**
 * Fills the week's gaps from the pool with HiGHS (mixed-integer programming on the assignment
 * model of {@link poolLp}), proved optimal unless the time limit stops it first. The result is
 * checked with {@link assignmentProblems}; a solver answer that broke a rule throws.
 */
export async function optimisePool(
  problem: PoolProblem,
  options: OptimisePoolOptions = {},
): Promise<PoolFill> {
  const model = buildPoolModel(problem);
  const { lp, vars } = poolLp(model);
  if (vars.size === 0) return costPoolFill(problem, [], 'empty', model);
  runtime ??= loadHighs();
  const highs = await runtime;
  const solution = highs.solve(lp, {
    output_flag: false,
    mip_rel_gap: 0,
    time_limit: options.timeLimitSeconds ?? 30,
  });
  const status: PoolSolveStatus =
    solution.Status === 'Optimal'
      ? 'optimal'
      : solution.Status === 'Time limit reached'
        ? 'time-limit'
        : 'failed';
  if (status === 'failed') return costPoolFill(problem, [], status, model);
  const chosen: PoolAssignment[] = [];
  for (const [name, pairing] of vars) {
    const column = solution.Columns[name];
    if (column !== undefined && 'Primal' in column && column.Primal > 0.5) chosen.push(pairing);
  }
  const problems = assignmentProblems(problem, chosen, model);
  if (problems.length > 0) {
    throw new Error(`the solver's assignment breaks the rules: ${problems.join('; ')}`);
  }
  return costPoolFill(problem, chosen, status, model);
}
