import { distanceBetweenSitesKm, type MaybePlaced } from '../org/distance.js';
import { dateInEngland } from '../org/iso-date.js';
import type { EmployingBody, StaffRole } from './staff.js';

/**
 * A session of work at a site: the unit of the rota (WF-2), and what the access capability cuts
 * appointment slots from. Times are instants (ISO 8601 with offset, stored UTC).
 */
export interface RotaSession {
  readonly id: string;
  readonly siteId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly requiredRole: StaffRole;
  readonly requiredSkills: readonly string[];
  /** People the session needs; fewer available people assigned is a gap. */
  readonly staffNeeded: number;
  /** 1 (can wait) to 5 (the practice cannot open without it). */
  readonly urgency: number;
  readonly unpopular: boolean;
}

/** Someone rostered on a session. */
export interface SessionAssignment {
  readonly sessionId: string;
  readonly staffId: string;
}

/** A period someone is away (leave, sickness): whole days, inclusive, in England's calendar. */
export interface Absence {
  readonly staffId: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** A site as the rota rules need it: where it is. */
export interface RotaSite extends MaybePlaced {
  readonly id: string;
}

/**
 * Average door-to-door speed between sites, in km/h. Distances are as the crow flies, so this
 * folds in the road detour and parking: 20 km/h straight-line is about 27 km/h on the road,
 * a fair figure for English towns by day.
 */
export const TRAVEL_KMH = 20;

/** Minutes allowed for changing sites even next door: packing up, handover, parking. */
export const CHANGEOVER_MINUTES = 10;

/**
 * Minutes needed to get from one site to another between sessions: none for the same site,
 * else the changeover plus the distance at {@link TRAVEL_KMH}, rounded up. Where either site
 * has no coordinates the distance is unknown, so an hour is allowed rather than none.
 */
export function travelMinutes(from: RotaSite, to: RotaSite): number {
  if (from.id === to.id) return 0;
  const km = distanceBetweenSitesKm(from, to);
  if (km === null) return 60;
  return CHANGEOVER_MINUTES + Math.ceil((km / TRAVEL_KMH) * 60);
}

const minutesBetween = (earlier: string, later: string): number =>
  (Date.parse(later) - Date.parse(earlier)) / 60_000;

/**
 * Why one person cannot work both sessions, or null when they can: they overlap, or the gap
 * between them is shorter than the travel from the first site to the second.
 */
export function clashBetween(
  a: RotaSession,
  b: RotaSession,
  siteOf: (siteId: string) => RotaSite,
): string | null {
  const [first, second] = Date.parse(a.startsAt) <= Date.parse(b.startsAt) ? [a, b] : [b, a];
  const gap = minutesBetween(first.endsAt, second.startsAt);
  if (gap < 0) return 'the sessions overlap';
  const needed = travelMinutes(siteOf(first.siteId), siteOf(second.siteId));
  if (gap < needed) {
    return `there are ${gap} minutes between the sessions and the journey between the sites takes ${needed}`;
  }
  return null;
}

/** The calendar date in England on which a session starts. */
export function sessionDate(session: RotaSession): string {
  return dateInEngland(new Date(session.startsAt));
}

/** True when the person is away on the day the session starts. */
export function isAbsentFor(
  staffId: string,
  session: RotaSession,
  absences: readonly Absence[],
): boolean {
  const day = sessionDate(session);
  return absences.some((a) => a.staffId === staffId && a.startsOn <= day && day <= a.endsOn);
}

/** A session short of people: how many more it needs, and who is assigned but away. */
export interface SessionGap {
  readonly session: RotaSession;
  readonly missing: number;
  readonly absentStaffIds: readonly string[];
}

/**
 * The sessions with fewer available people than they need, most urgent first, then earliest.
 * Someone assigned but on leave or off sick does not count: recording the absence is what
 * opens the gap.
 */
export function sessionGaps(
  sessions: readonly RotaSession[],
  assignments: readonly SessionAssignment[],
  absences: readonly Absence[],
): SessionGap[] {
  const bySession = new Map<string, string[]>();
  for (const assignment of assignments) {
    const list = bySession.get(assignment.sessionId) ?? [];
    list.push(assignment.staffId);
    bySession.set(assignment.sessionId, list);
  }
  const gaps: SessionGap[] = [];
  for (const session of sessions) {
    const assigned = bySession.get(session.id) ?? [];
    const absent = assigned.filter((staffId) => isAbsentFor(staffId, session, absences));
    const missing = session.staffNeeded - (assigned.length - absent.length);
    if (missing > 0) gaps.push({ session, missing, absentStaffIds: absent });
  }
  return gaps.sort(
    (a, b) =>
      b.session.urgency - a.session.urgency ||
      Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt) ||
      (a.session.id < b.session.id ? -1 : 1),
  );
}

/**
 * Whether someone in one role may work a session that asks for another. The same role always
 * may. An advanced nurse practitioner is a registered nurse with advanced training, so they may
 * cover a practice nurse's session (not the other way round); nobody else stands in for another
 * role: a GP session needs a GP, whose work the other clinical roles are not registered to do.
 */
export function roleCovers(personRole: StaffRole, requiredRole: StaffRole): boolean {
  return personRole === requiredRole || (personRole === 'anp' && requiredRole === 'practice-nurse');
}

/** A person as the rota rules need them: their role and skills. */
export interface RotaPerson {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly skills: readonly string[];
}

/**
 * Why a person may not work a session, whatever else they are doing: the wrong role, a
 * required skill they lack, or leave or sickness recorded for that day. Empty when they may.
 */
export function eligibilityProblems(
  session: RotaSession,
  person: RotaPerson,
  absences: readonly Absence[] = [],
): string[] {
  const problems: string[] = [];
  if (!roleCovers(person.role, session.requiredRole)) {
    problems.push(`${person.name} is not a ${session.requiredRole} and cannot cover the session`);
  }
  const missing = session.requiredSkills.filter((skill) => !person.skills.includes(skill));
  if (missing.length > 0) {
    problems.push(
      `${person.name} does not have the skills the session needs: ${missing.join(', ')}`,
    );
  }
  if (isAbsentFor(person.id, session, absences)) {
    problems.push(`${person.name} is away (leave or sickness) on ${sessionDate(session)}`);
  }
  return problems;
}

/** Why a session cannot be added to someone's rota: which of their sessions it clashes with. */
export interface RosterProblem {
  readonly kind: 'overlap' | 'travel';
  /** The person's other session it clashes with. */
  readonly other: RotaSession;
  /** Minutes between the sessions, and minutes the journey takes (travel problems). */
  readonly gapMinutes: number;
  readonly travelMinutes: number;
  readonly message: string;
}

/**
 * The clashes between a candidate session and the person's other sessions: any overlap, and
 * any back-to-back pair (either way round) with less time between them than the journey from
 * the first site to the second. The candidate itself, if among the others, is ignored. The
 * database's exclusion constraint is the last word on overlap; travel is only checked here.
 */
export function rosterProblems(
  candidate: RotaSession,
  others: readonly RotaSession[],
  siteOf: (siteId: string) => RotaSite,
): RosterProblem[] {
  const problems: RosterProblem[] = [];
  for (const other of others) {
    if (other.id === candidate.id) continue;
    const [first, second] =
      Date.parse(candidate.startsAt) <= Date.parse(other.startsAt)
        ? [candidate, other]
        : [other, candidate];
    const gap = minutesBetween(first.endsAt, second.startsAt);
    const overlaps =
      Date.parse(candidate.startsAt) < Date.parse(other.endsAt) &&
      Date.parse(other.startsAt) < Date.parse(candidate.endsAt);
    if (overlaps) {
      problems.push({
        kind: 'overlap',
        other,
        gapMinutes: gap,
        travelMinutes: 0,
        message: 'the sessions overlap',
      });
      continue;
    }
    const needed = travelMinutes(siteOf(first.siteId), siteOf(second.siteId));
    if (gap < needed) {
      problems.push({
        kind: 'travel',
        other,
        gapMinutes: gap,
        travelMinutes: needed,
        message: `there are ${String(gap)} minutes between the sessions and the journey between the sites takes ${String(needed)}`,
      });
    }
  }
  return problems;
}

/** How someone comes to be on a session: the rota by hand, the pool, or a crisis deployment. */
export type AssignmentSource = 'rota' | 'pool' | 'resilience';

/** Where a person may work, as the site rule ({@link siteAccessProblem}) needs it. */
export interface SiteAccess {
  readonly name: string;
  readonly homePracticeId: string | null;
  readonly employingBody: EmployingBody;
  /** Sites listed for them (staff_site), beyond their home practice's. */
  readonly extraSiteIds: readonly string[];
  /** A current member of the internal locum or salaried pool. */
  readonly poolMember: boolean;
  readonly resilienceTeam: boolean;
  /** Practices with a crisis on the session's day that they are deployed to. */
  readonly crisisPracticeIds: readonly string[];
}

/** A session's site as the site rule needs it; practiceId is null for the organisation's own. */
export interface SessionSite {
  readonly id: string;
  readonly name: string;
  readonly practiceId: string | null;
}

/**
 * Why the person may not work at the site, or null when they may: anyone at a site of their
 * home practice or one listed for them; and someone employed centrally (by the organisation)
 * anywhere the pool sends them, when a pool member assigned from the pool ('pool'), or at a
 * practice in crisis, when a resilience-team member deployed to that crisis on the day and
 * assigned by the deployment ('resilience').
 */
export function siteAccessProblem(
  person: SiteAccess,
  site: SessionSite,
  source: AssignmentSource,
): string | null {
  if (site.practiceId !== null && site.practiceId === person.homePracticeId) return null;
  if (person.extraSiteIds.includes(site.id)) return null;
  const central = person.employingBody === 'organisation';
  if (central && source === 'pool' && person.poolMember) return null;
  if (
    central &&
    source === 'resilience' &&
    person.resilienceTeam &&
    site.practiceId !== null &&
    person.crisisPracticeIds.includes(site.practiceId)
  ) {
    return null;
  }
  const why =
    source === 'pool' && person.poolMember
      ? ', and pool placements outside them are for centrally employed staff'
      : source === 'resilience'
        ? ', and they are not a centrally employed member of the resilience team deployed to a crisis there'
        : '';
  return `${person.name} does not work at ${site.name}: it is not a site of their home practice or one listed for them${why}`;
}
