import type { CareerGrade, EmployingBody, StaffRole, StaffSkill } from '@atscale/domain';
import { getJson, patchJson, postJson, putJson } from './client';

/** One member of staff in the register, from `GET /api/staff`. */
export interface StaffListing {
  id: string;
  fullName: string;
  staffRole: StaffRole;
  grade: CareerGrade | null;
  employingBody: EmployingBody;
  homePracticeId: string | null;
  homePracticeName: string | null;
  contractedSessions: number | null;
  resilienceTeam: boolean;
  pool: 'locum' | 'salaried' | null;
  startedOn: string | null;
  leftOn: string | null;
}

/** One move on the career ladder. */
export interface GradeChange {
  id: string;
  fromGrade: CareerGrade | null;
  toGrade: CareerGrade;
  direction: 'up' | 'down';
  effectiveFrom: string;
  reason: string;
  recordedAt: string;
}

/** A member of staff with their sites, skills and ladder history, from `GET /api/staff/:id`. */
export interface StaffMember extends StaffListing {
  dateOfBirth: string | null;
  registrationNumber: string | null;
  skills: StaffSkill[];
  userId: string | null;
  sites: { id: string; name: string; practiceId: string | null }[];
  gradeChanges: GradeChange[];
}

/** Filters of the staff list. */
export interface StaffFilter {
  practiceId?: string;
  role?: string;
}

/** The fields the edit form changes; null clears one. */
export interface StaffChanges {
  fullName?: string;
  staffRole?: string;
  employingBody?: string;
  homePracticeId?: string | null;
  contractedSessions?: number | null;
  dateOfBirth?: string | null;
  startedOn?: string | null;
  leftOn?: string | null;
  registrationNumber?: string | null;
  skills?: string[];
  resilienceTeam?: boolean;
}

/** A new member of staff as the form sends it. */
export interface NewStaffMember extends StaffChanges {
  fullName: string;
  grade?: string;
  siteIds?: string[];
}

/** A move on the ladder as the form sends it. */
export interface GradeMove {
  to: string;
  effectiveFrom: string;
  reason: string;
}

/** The staff the signed-in user may see, filtered. */
export async function fetchStaff(filter: StaffFilter = {}): Promise<StaffListing[]> {
  const query = new URLSearchParams();
  if (filter.practiceId) query.set('practiceId', filter.practiceId);
  if (filter.role) query.set('role', filter.role);
  const search = query.toString();
  const answer = (await getJson(`/api/staff${search ? `?${search}` : ''}`)) as {
    staff: StaffListing[];
  };
  return answer.staff;
}

/** One member of staff. */
export async function fetchStaffMember(staffId: string): Promise<StaffMember> {
  return (await getJson(`/api/staff/${encodeURIComponent(staffId)}`)) as StaffMember;
}

/** Adds a member of staff; resolves to them as stored. */
export async function createStaffMember(member: NewStaffMember): Promise<StaffMember> {
  return (await postJson('/api/staff', member)) as StaffMember;
}

/** Changes a member of staff's details; resolves to them as stored. */
export async function updateStaffMember(
  staffId: string,
  changes: StaffChanges,
): Promise<StaffMember> {
  return (await patchJson(`/api/staff/${encodeURIComponent(staffId)}`, changes)) as StaffMember;
}

/** Records a move on the career ladder; resolves to the member of staff with it. */
export async function recordGradeChange(staffId: string, move: GradeMove): Promise<StaffMember> {
  return (await postJson(
    `/api/staff/${encodeURIComponent(staffId)}/grade-changes`,
    move,
  )) as StaffMember;
}

/** The organisation's career ladder, lowest rung first. */
export async function fetchCareerLadder(): Promise<CareerGrade[]> {
  return ((await getJson('/api/workforce/career-ladder')) as { ladder: CareerGrade[] }).ladder;
}

/** Sets the organisation's career ladder. */
export async function saveCareerLadder(ladder: string[]): Promise<CareerGrade[]> {
  return ((await putJson('/api/workforce/career-ladder', { ladder })) as { ladder: CareerGrade[] })
    .ladder;
}
