/**
 * The pool optimiser (WF-3): fills a week's rota gaps from the internal locum and salaried
 * pools, exactly.
 *
 * Objective (maximised): Σ over chosen pairings (member m on gap g) of
 *   weight(g) − m's pence per session − 50p × minutes of travel from m's home site,
 * with weight(g) = unit × (10 + urgency + 5 when the site falls below minimum staffing without
 * it) and unit one more than the dearest eligible pairing — so leaving a place empty to save
 * money never pays, urgent places come first, and cheaper, nearer people win ties. Rules (all
 * hard, as before): eligibility (role, skills, availability, rostered sessions), each gap at
 * most its missing places, each member at most their room in the week, one place at a time
 * (overlap and travel time, clashBetween) and the fair-spread cap on unpopular sessions
 * (ceil(unpopular places / people eligible) + 1 each).
 *
 * Why this formulation and solver (issue 5: a week of 400 gaps and 80 members took ~12 s):
 * profiling showed model building under 0.5 s and the rest in HiGHS's MIP solver, nearly all
 * of it generating thousands of cuts at the root: the fair-spread cap together with a greedy
 * cover of the travel clashes left the LP relaxation fractional. Now each member's clash
 * rows are every maximal clique of their clash graph (see clashCliques: exact per person, as
 * the graph is perfect), rows that cannot bind are dropped (see poolMip), the LP relaxation
 * is then whole or nearly so (on the bench weeks its bound is within £8 of the optimum),
 * and a small depth-first branch and bound over warm-started HiGHS LP solves finishes the
 * proof in a handful of nodes; HiGHS's MIP solver (mip_rel_gap 0, presolve on) takes over if
 * that runs past its node budget. A time limit stops either with the best answer so far,
 * flagged 'time-limit' (not proved optimal).
 */
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
  // Each pair is checked once whoever asks: the key is the pair's index in an n × n table.
  // Sessions further apart than the longest journey between the gaps' sites cannot clash, which
  // settles most pairs (other days) without clashBetween's date parsing.
  const starts = gaps.map((g) => Date.parse(g.session.startsAt));
  const ends = gaps.map((g) => Date.parse(g.session.endsAt));
  const gapSites = [...new Set(gaps.map((g) => g.session.siteId))].map(siteOf);
  let longestJourney = 0;
  for (const a of gapSites) {
    for (const b of gapSites) longestJourney = Math.max(longestJourney, travelMinutes(a, b));
  }
  const clashes = new Map<number, boolean>();
  const clash = (g1: number, g2: number): boolean => {
    if (g1 === g2) return false;
    const between = Math.max(at(starts, g1) - at(ends, g2), at(starts, g2) - at(ends, g1));
    if (between >= longestJourney * 60_000) return false;
    const key = g1 < g2 ? g1 * gaps.length + g2 : g2 * gaps.length + g1;
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

/** Above this many maximal cliques in one connected part of a clash graph, fall back to a cover. */
const MAX_CLIQUES_PER_PART = 400;

/** A set of small whole numbers as a bit array, for the clique search's set operations. */
type Bits = Uint32Array;

const bitsOf = (size: number): Bits => new Uint32Array(Math.ceil(size / 32));
const hasBit = (bits: Bits, i: number): boolean => ((bits[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;
const setBit = (bits: Bits, i: number, on: boolean): void => {
  const word = bits[i >>> 5] ?? 0;
  bits[i >>> 5] = on ? word | (1 << (i & 31)) : word & ~(1 << (i & 31));
};
const bothBits = (a: Bits, b: Bits): Bits => a.map((word, k) => word & (b[k] ?? 0));
const isEmpty = (bits: Bits): boolean => bits.every((word) => word === 0);
function countBits(bits: Bits): number {
  let n = 0;
  for (let word of bits) {
    while (word !== 0) {
      word &= word - 1;
      n += 1;
    }
  }
  return n;
}
function eachBit(bits: Bits): number[] {
  const list: number[] = [];
  bits.forEach((word, k) => {
    for (let b = 0; b < 32; b += 1) if ((word & (1 << b)) !== 0) list.push(k * 32 + b);
  });
  return list;
}

/**
 * Every maximal clique (set of gaps of which any two clash) among the vertices given, by
 * Bron–Kerbosch with pivoting; null when there are more than {@link MAX_CLIQUES_PER_PART}.
 */
function maximalCliques(
  vertices: readonly number[],
  adjacent: readonly ReadonlySet<number>[],
): number[][] | null {
  // Renumber the part 0..k-1 so that sets of vertices are bit arrays.
  const k = vertices.length;
  const near = vertices.map((v) => {
    const bits = bitsOf(k);
    vertices.forEach((u, i) => {
      setBit(bits, i, at(adjacent, v).has(u));
    });
    return bits;
  });
  const found: number[][] = [];
  const grow = (clique: number[], candidates: Bits, excluded: Bits): boolean => {
    if (isEmpty(candidates)) {
      if (isEmpty(excluded)) found.push(clique.map((i) => at(vertices, i)));
      return found.length <= MAX_CLIQUES_PER_PART;
    }
    // The pivot with most candidates next to it leaves fewest branches.
    let pivot = -1;
    let most = -1;
    for (const u of [...eachBit(candidates), ...eachBit(excluded)]) {
      const degree = countBits(bothBits(candidates, at(near, u)));
      if (degree > most) [pivot, most] = [u, degree];
    }
    for (const v of eachBit(candidates)) {
      if (hasBit(at(near, pivot), v)) continue;
      const ok = grow(
        [...clique, v],
        bothBits(candidates, at(near, v)),
        bothBits(excluded, at(near, v)),
      );
      if (!ok) return false;
      setBit(candidates, v, false);
      setBit(excluded, v, true);
    }
    return true;
  };
  const all = bitsOf(k);
  for (let i = 0; i < k; i += 1) setBit(all, i, true);
  return grow([], all, bitsOf(k)) ? found : null;
}

/** Greedy cover of the clashing pairs among vertices by cliques (the fallback of clashCliques). */
function cliqueCover(
  vertices: readonly number[],
  adjacent: readonly ReadonlySet<number>[],
): number[][] {
  const cliques: number[][] = [];
  const covered = new Set<string>();
  for (const a of vertices) {
    for (const b of at(adjacent, a)) {
      if (b <= a || covered.has(`${a}:${b}`)) continue;
      const clique = [a, b];
      for (const c of vertices) {
        if (c !== a && c !== b && clique.every((d) => at(adjacent, c).has(d))) clique.push(c);
      }
      for (const x of clique) for (const y of clique) covered.add(`${x}:${y}`);
      cliques.push(clique);
    }
  }
  return cliques;
}

/**
 * The clash cliques of one person's eligible gaps, each "at most one of these" in the model:
 * every maximal set of gaps of which any two clash, found separately in each connected part
 * of the clash graph (in practice a day: a morning and an afternoon clash when the sites are
 * too far apart). When one person's chosen gaps must be pairwise compatible and compatibility
 * is transitive along a day (travel obeys the triangle inequality), the clash graph is the
 * incomparability graph of a partial order, which is perfect, so its maximal cliques describe
 * exactly the convex hull of the person's possible days: the LP relaxation is as tight per
 * person as it can be. A part with very many maximal cliques falls back to a greedy cover of
 * the clashing pairs, which is still exact as an integer model, only looser. Gaps that clash
 * with nothing get no row.
 */
export function clashCliques(
  gapsOfMember: readonly number[],
  clash: PoolModel['clash'],
): number[][] {
  const n = gapsOfMember.length;
  const adjacent = gapsOfMember.map(() => new Set<number>());
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      if (clash(at(gapsOfMember, i), at(gapsOfMember, j))) {
        at(adjacent, i).add(j);
        at(adjacent, j).add(i);
      }
    }
  }
  const seen = new Set<number>();
  const cliques: number[][] = [];
  for (let start = 0; start < n; start += 1) {
    if (seen.has(start) || at(adjacent, start).size === 0) continue;
    const part = [start];
    seen.add(start);
    for (let k = 0; k < part.length; k += 1) {
      for (const j of at(adjacent, at(part, k))) {
        if (!seen.has(j)) {
          seen.add(j);
          part.push(j);
        }
      }
    }
    const found = maximalCliques(part, adjacent) ?? cliqueCover(part, adjacent);
    for (const clique of found) cliques.push(clique.map((i) => at(gapsOfMember, i)));
  }
  return cliques;
}

/** One row of the assignment model: the sum of its columns is at most upper. */
export interface PoolMipRow {
  readonly name: string;
  readonly columns: readonly number[];
  readonly upper: number;
}

/** The assignment model as arrays: binary column j puts columns[j] in place, worth cost[j]. */
export interface PoolMip {
  readonly columns: readonly PoolAssignment[];
  readonly cost: readonly number[];
  readonly rows: readonly PoolMipRow[];
}

/**
 * The assignment model. Objective: maximise Σ value(m, g)·x[m, g] over binary x, where
 * value(m, g) = weight(g) − pence per session of m − 50p × minutes of travel from m's home site
 * to g's site, and weight(g) = unit × (10 + urgency + 5 if the site falls below its minimum
 * staffing without it), the unit being one more than the dearest eligible pairing — so a filled
 * place always pays, more urgent ones pay more, and among equal fills the cheaper and nearer
 * people win. Rules, each a row "Σ ≤ bound": each gap at most its missing count; each member
 * at most their remaining sessions; each member at most {@link PoolModel.unpopularCap}
 * unpopular gaps (the fair-spread cap, unchanged: a hard rule); and one place at a time, one
 * row per maximal clique of clashing gaps ({@link clashCliques}), not one per clashing pair.
 *
 * The formulation is chosen for a tight LP relaxation, which is what makes it quick: columns
 * exist only for eligible pairings (role, skills, availability, rostered sessions); members
 * with no room left get none; rows that cannot bind are left out (a gap with no more eligible
 * people than places, a member with no more eligible gaps than room, a fair-spread cap at or
 * above the member's room, and clash rows of a member with room for one session, whose row
 * "at most one" already covers them). Without the fair-spread cap the relaxation is a
 * b-matching with per-person perfect-graph constraints and on realistic weeks its optimum is
 * already whole; the cap is what leaves a few half-filled places to branch on.
 */
export function poolMip(model: PoolModel): PoolMip {
  const { problem, eligible } = model;
  const columns: PoolAssignment[] = [];
  const cost: number[] = [];
  const rows: PoolMipRow[] = [];
  const byGap = new Map<number, number[]>();
  eligible.forEach((list, m) => {
    const room = at(model.capacity, m);
    if (room === 0) return;
    const member = at(problem.members, m);
    const usable = list.filter((g) => at(problem.gaps, g).missing > 0);
    const column = new Map<number, number>();
    for (const g of usable) {
      column.set(g, columns.length);
      byGap.set(g, [...(byGap.get(g) ?? []), columns.length]);
      columns.push({ sessionId: at(problem.gaps, g).session.id, staffId: member.id });
      cost.push(model.value(m, g));
    }
    const of = (g: number): number => {
      const j = column.get(g);
      if (j === undefined) throw new RangeError(`no column for gap ${g}`);
      return j;
    };
    if (usable.length > room) rows.push({ name: `max_${m}`, columns: usable.map(of), upper: room });
    const unpopular = usable.filter((g) => at(problem.gaps, g).session.unpopular);
    if (unpopular.length > model.unpopularCap && model.unpopularCap < room) {
      rows.push({ name: `fair_${m}`, columns: unpopular.map(of), upper: model.unpopularCap });
    }
    if (room > 1) {
      clashCliques(usable, model.clash).forEach((clique, k) => {
        rows.push({ name: `clash_${m}_${k}`, columns: clique.map(of), upper: 1 });
      });
    }
  });
  for (const [g, list] of byGap) {
    const missing = at(problem.gaps, g).missing;
    if (list.length > missing) rows.push({ name: `gap_${g}`, columns: list, upper: missing });
  }
  return { columns, cost, rows };
}

/** Writes terms as LP-format lines of a few terms each (the format's readers limit line length). */
function lpTerms(terms: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 8) lines.push(`  ${terms.slice(i, i + 8).join(' ')}`);
  return lines.join('\n');
}

/**
 * The model of {@link poolMip} in CPLEX LP format, for reading and for checking the optimiser
 * against HiGHS's own MIP solver; x_j is column j and vars maps each name to its pairing.
 */
export function poolLp(model: PoolModel): { lp: string; vars: Map<string, PoolAssignment> } {
  const mip = poolMip(model);
  const vars = new Map<string, PoolAssignment>();
  mip.columns.forEach((pairing, j) => vars.set(`x_${j}`, pairing));
  const objective = mip.cost.map((c, j) => `+ ${c} x_${j}`);
  const rows = mip.rows.map(
    (row) => ` ${row.name}:\n${lpTerms(row.columns.map((j) => `+ x_${j}`))}\n  <= ${row.upper}`,
  );
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
/** Where HiGHS's log lines go during a solve that asked for them (see OptimisePoolOptions.log). */
let logLine: ((line: string) => void) | undefined;

/**
 * Loads HiGHS (WebAssembly) once, on first use. The package's ES module exports the loader as
 * its default, but its types describe the CommonJS build, so the import is typed by hand.
 */
async function loadHighs(): Promise<Highs> {
  const module = (await import('highs')) as unknown as {
    default: (options: { print: (line: string) => void }) => Promise<Highs>;
  };
  return module.default({ print: (line) => logLine?.(line) });
}

/** Options for {@link optimisePool}. */
export interface OptimisePoolOptions {
  /** Seconds before the solve stops with its best assignment so far (status 'time-limit'). */
  readonly timeLimitSeconds?: number;
  /**
   * Branch-and-bound nodes to try on the LP relaxation before handing the model to HiGHS's
   * MIP solver (default 500); 0 goes straight to the MIP solver.
   */
  readonly maxNodes?: number;
  /** Called with each line of HiGHS's log (for profiling); by default HiGHS is silent. */
  readonly log?: (line: string) => void;
}

type Model = ReturnType<Highs['createModel']>;

/** Columns chosen and how the search ended. */
interface MipAnswer {
  readonly chosen: readonly number[];
  readonly status: PoolSolveStatus;
}

/**
 * True when an LP bound leaves room for a better whole answer than best. Every cost is a whole
 * number of pence, so a better answer is at least best + 1; the slack allows for the LP's
 * floating-point tolerances (half a penny at a £5m objective).
 */
function canImprove(bound: number, best: number, integral: boolean): boolean {
  const slack = 1e-9 * Math.abs(bound) + 1e-6;
  return integral ? bound + slack >= best + 1 : bound > best + slack;
}

function modelData(
  highs: Highs,
  mip: PoolMip,
  binary: boolean,
): Parameters<Highs['createModel']>[0] {
  const starts = [0];
  const indices: number[] = [];
  for (const row of mip.rows) {
    indices.push(...row.columns);
    starts.push(indices.length);
  }
  const n = mip.cost.length;
  return {
    numCols: n,
    numRows: mip.rows.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost: [...mip.cost],
    colLower: new Array<number>(n).fill(0),
    colUpper: new Array<number>(n).fill(1),
    rowLower: new Array<number>(mip.rows.length).fill(-highs.infinity),
    rowUpper: mip.rows.map((r) => r.upper),
    matrix: {
      format: 'csr',
      numRows: mip.rows.length,
      numCols: n,
      starts,
      indices,
      values: new Array<number>(indices.length).fill(1),
    },
    ...(binary ? { integrality: new Array(n).fill(highs.constants.variableType.integer) } : {}),
  };
}

/**
 * Depth-first branch and bound on the LP relaxation, each node a warm-started HiGHS simplex
 * solve with some columns fixed: the relaxation is nearly whole (see {@link poolMip}), so a few
 * branches on the half-filled places finish the proof, where HiGHS's MIP solver would spend
 * seconds generating cuts at the root. Returns null when the node budget or time runs out.
 */
function branchAndBound(
  highs: Highs,
  mip: PoolMip,
  deadline: number,
  maxNodes: number,
  log: OptimisePoolOptions['log'],
): { chosen: number[]; value: number; finished: boolean } {
  const integral = mip.cost.every(Number.isInteger);
  const value = (chosen: readonly number[]): number =>
    chosen.reduce((sum, j) => sum + at(mip.cost, j), 0);
  let best = -Infinity;
  let bestChosen: number[] = [];
  if (maxNodes <= 0) return { chosen: bestChosen, value: best, finished: false };
  const lp: Model = highs.createModel(modelData(highs, mip, false));
  try {
    lp.options.set({ output_flag: log !== undefined, log_to_console: log !== undefined });
    const stack: (readonly (readonly [number, 0 | 1])[])[] = [[]];
    const fixed = new Set<number>();
    let nodes = 0;
    while (stack.length > 0) {
      const left = (deadline - Date.now()) / 1000;
      if (nodes >= maxNodes || left <= 0)
        return { chosen: bestChosen, value: best, finished: false };
      const fixes = stack.pop() ?? [];
      nodes += 1;
      for (const j of fixed) lp.changeColBounds(j, 0, 1);
      fixed.clear();
      for (const [j, v] of fixes) {
        lp.changeColBounds(j, v, v);
        fixed.add(j);
      }
      // HiGHS's time limit counts all runs of a model: start each from the time that is left.
      lp.options.set('time_limit', left);
      lp.zeroAllClocks();
      const { modelStatus } = lp.run();
      if (modelStatus === highs.constants.modelStatus.infeasible) continue;
      if (modelStatus !== highs.constants.modelStatus.optimal) {
        return { chosen: bestChosen, value: best, finished: false };
      }
      const bound = Number(lp.info.get('objective_function_value'));
      if (!canImprove(bound, best, integral)) continue;
      const x = lp.getSolution().colValue;
      // Branch on the most fractional column; none means the LP answer is whole.
      let branch = -1;
      let distance = 1e-6;
      x.forEach((v, j) => {
        const d = Math.abs(v - Math.round(v));
        if (d > distance) [branch, distance] = [j, d];
      });
      if (branch === -1) {
        const chosen = [...x.keys()].filter((j) => (x[j] ?? 0) > 0.5);
        const worth = value(chosen);
        if (worth > best) [best, bestChosen] = [worth, chosen];
        continue;
      }
      stack.push([...fixes, [branch, 0]], [...fixes, [branch, 1]]);
    }
    log?.(`branch and bound: ${nodes} nodes, optimum ${best}`);
    return { chosen: bestChosen, value: best, finished: true };
  } finally {
    lp.dispose();
  }
}

/** The fallback: HiGHS's MIP solver on the same model, for the time that is left. */
function highsMip(
  highs: Highs,
  mip: PoolMip,
  deadline: number,
  log: OptimisePoolOptions['log'],
): MipAnswer | null {
  const solver: Model = highs.createModel(modelData(highs, mip, true));
  try {
    solver.options.set({
      output_flag: log !== undefined,
      log_to_console: log !== undefined,
      presolve: 'on',
      mip_rel_gap: 0,
      time_limit: Math.max(0.001, (deadline - Date.now()) / 1000),
    });
    const { modelStatus } = solver.run();
    const optimal = modelStatus === highs.constants.modelStatus.optimal;
    const feasible =
      Number(solver.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    if (!feasible) return null;
    const x = solver.getSolution().colValue;
    const chosen = [...x.keys()].filter((j) => (x[j] ?? 0) > 0.5);
    return { chosen, status: optimal ? 'optimal' : 'time-limit' };
  } finally {
    solver.dispose();
  }
}

/**
 * Fills the week's gaps from the pool: the model of {@link poolMip}, solved exactly with HiGHS —
 * branch and bound on its LP relaxation, then HiGHS's MIP solver should that not finish within
 * the node budget — proved optimal ('optimal') unless the time limit stops it first
 * ('time-limit': the best assignment found, not proved best; 'failed' when there is none).
 * The result is checked with {@link assignmentProblems}; a solver answer that broke a rule
 * throws.
 */
export async function optimisePool(
  problem: PoolProblem,
  options: OptimisePoolOptions = {},
): Promise<PoolFill> {
  const deadline = Date.now() + (options.timeLimitSeconds ?? 30) * 1000;
  const model = buildPoolModel(problem);
  const mip = poolMip(model);
  if (mip.columns.length === 0) return costPoolFill(problem, [], 'empty', model);
  runtime ??= loadHighs();
  const highs = await runtime;
  let answer: MipAnswer | null = null;
  logLine = options.log;
  try {
    const searched = branchAndBound(highs, mip, deadline, options.maxNodes ?? 500, options.log);
    if (searched.finished) answer = { chosen: searched.chosen, status: 'optimal' };
    else {
      const fallback = Date.now() < deadline ? highsMip(highs, mip, deadline, options.log) : null;
      const worth = (chosen: readonly number[]): number =>
        chosen.reduce((sum, j) => sum + at(mip.cost, j), 0);
      if (
        fallback !== null &&
        (fallback.status === 'optimal' || worth(fallback.chosen) >= searched.value)
      ) {
        answer = fallback;
      } else if (searched.value > -Infinity) {
        answer = { chosen: searched.chosen, status: 'time-limit' };
      }
    }
  } finally {
    logLine = undefined;
  }
  if (answer === null) return costPoolFill(problem, [], 'failed', model);
  const chosen = answer.chosen.map((j) => at(mip.columns, j));
  const problems = assignmentProblems(problem, chosen, model);
  if (problems.length > 0) {
    throw new Error(`the solver's assignment breaks the rules: ${problems.join('; ')}`);
  }
  return costPoolFill(problem, chosen, answer.status, model);
}
