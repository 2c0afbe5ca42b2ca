import type { SessionPeriod, StaffRole } from '@atscale/domain';
import { deleteJson, getJson, patchJson, postJson } from './client';

/** Kinds of absence the rota records. */
export type AbsenceKind = 'annual-leave' | 'sickness' | 'training' | 'parental-leave' | 'other';

/** Human-readable names of the kinds of absence. */
export const ABSENCE_KIND_LABELS: Readonly<Record<AbsenceKind, string>> = {
  'annual-leave': 'Annual leave',
  sickness: 'Sickness',
  training: 'Training',
  'parental-leave': 'Parental leave',
  other: 'Other',
};

/** Someone on a session, and the absence that takes them off it, if any. */
export interface Rostered {
  staffId: string;
  fullName: string;
  staffRole: StaffRole;
  source: 'rota' | 'pool' | 'resilience';
  absence: AbsenceKind | null;
}

/** A session as the rota shows it. */
export interface RotaSession {
  id: string;
  siteId: string;
  siteName: string;
  practiceId: string | null;
  startsAt: string;
  endsAt: string;
  date: string;
  startTime: string;
  endTime: string;
  period: SessionPeriod;
  requiredRole: StaffRole;
  requiredSkills: string[];
  staffNeeded: number;
  urgency: number;
  unpopular: boolean;
  assignments: Rostered[];
  /** People still needed: a gap when above 0. */
  missing: number;
}

/** Leave or sickness as recorded. */
export interface Absence {
  id: string;
  staffId: string;
  fullName: string;
  kind: AbsenceKind;
  startsOn: string;
  endsOn: string;
}

/** A practice's rota between two dates. */
export interface RotaView {
  practiceId: string;
  from: string;
  to: string;
  sites: { id: string; name: string }[];
  sessions: RotaSession[];
  absences: Absence[];
}

/** One person's rota. */
export interface PersonRota {
  staffId: string;
  fullName: string;
  staffRole: StaffRole;
  homePracticeId: string | null;
  from: string;
  to: string;
  sessions: RotaSession[];
  absences: Absence[];
}

/** A gap in the organisation's rota. */
export interface RotaGap {
  session: RotaSession;
  missing: number;
  absentStaffIds: string[];
}

/** Someone who could go on a session. */
export interface EligibleStaff {
  staffId: string;
  fullName: string;
  staffRole: StaffRole;
  homePracticeId: string | null;
}

/** New sessions: one at the site on each date. */
export interface NewSessions {
  siteId: string;
  dates: string[];
  period: SessionPeriod;
  startTime?: string;
  endTime?: string;
  requiredRole: StaffRole;
  requiredSkills?: string[];
  staffNeeded?: number;
  urgency?: number;
  unpopular?: boolean;
}

const q = encodeURIComponent;

/** A practice's rota from one date to another (inclusive). */
export async function fetchRota(practiceId: string, from: string, to: string): Promise<RotaView> {
  return (await getJson(
    `/api/rota/sessions?practiceId=${q(practiceId)}&from=${from}&to=${to}`,
  )) as RotaView;
}

/** Plans sessions. */
export async function createSessions(input: NewSessions): Promise<RotaSession[]> {
  return ((await postJson('/api/rota/sessions', input)) as { sessions: RotaSession[] }).sessions;
}

/** The changes to a session; a new date, period or times moves it. */
export interface SessionChanges {
  date?: string;
  period?: SessionPeriod;
  startTime?: string | null;
  endTime?: string | null;
  requiredRole?: StaffRole;
  requiredSkills?: string[];
  staffNeeded?: number;
  urgency?: number;
  unpopular?: boolean;
}

/** Changes or moves a session; resolves to it as stored. */
export async function updateSession(
  sessionId: string,
  changes: SessionChanges,
): Promise<RotaSession> {
  return (await patchJson(`/api/rota/sessions/${q(sessionId)}`, changes)) as RotaSession;
}

/** Removes a session. */
export async function deleteSession(sessionId: string): Promise<void> {
  await deleteJson(`/api/rota/sessions/${q(sessionId)}`);
}

/** Who could be rostered on a session now. */
export async function fetchEligibleStaff(sessionId: string): Promise<EligibleStaff[]> {
  return (
    (await getJson(`/api/rota/sessions/${q(sessionId)}/eligible-staff`)) as {
      staff: EligibleStaff[];
    }
  ).staff;
}

/** Rosters a person on a session. */
export async function assignStaff(sessionId: string, staffId: string): Promise<RotaSession> {
  return (await postJson(`/api/rota/sessions/${q(sessionId)}/assignments`, {
    staffId,
  })) as RotaSession;
}

/** Takes a person off a session. */
export async function unassignStaff(sessionId: string, staffId: string): Promise<void> {
  await deleteJson(`/api/rota/sessions/${q(sessionId)}/assignments/${q(staffId)}`);
}

/** One person's rota. */
export async function fetchPersonRota(
  staffId: string,
  from: string,
  to: string,
): Promise<PersonRota> {
  return (await getJson(`/api/rota/people/${q(staffId)}?from=${from}&to=${to}`)) as PersonRota;
}

/** Records leave or sickness. */
export async function recordAbsence(input: {
  staffId: string;
  kind: AbsenceKind;
  startsOn: string;
  endsOn: string;
}): Promise<Absence> {
  return (await postJson('/api/rota/absences', input)) as Absence;
}

/** Cancels an absence. */
export async function cancelAbsence(absenceId: string): Promise<void> {
  await deleteJson(`/api/rota/absences/${q(absenceId)}`);
}

/** The gaps between two dates that the user may see, most urgent first. */
export async function fetchGaps(
  from: string,
  to: string,
  filter: { practiceId?: string; role?: string } = {},
): Promise<RotaGap[]> {
  const extra =
    (filter.practiceId ? `&practiceId=${q(filter.practiceId)}` : '') +
    (filter.role ? `&role=${q(filter.role)}` : '');
  return ((await getJson(`/api/rota/gaps?from=${from}&to=${to}${extra}`)) as { gaps: RotaGap[] })
    .gaps;
}
