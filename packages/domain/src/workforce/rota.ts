import { distanceBetweenSitesKm, type MaybePlaced } from '../org/distance.js';
import { dateInEngland } from '../org/iso-date.js';
import type { StaffRole } from './staff.js';

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
