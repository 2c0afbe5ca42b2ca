import type { ResilienceComponentKey, ResilienceRag, StaffRole } from '@atscale/domain';
import { getJson, postJson } from './client';

/** One component of a practice's resilience score. */
export interface ResilienceComponentView {
  key: ResilienceComponentKey;
  label: string;
  weight: number;
  risk: number;
  pointsLost: number;
  value: number | null;
  summary: string;
  reason: string | null;
}

/** A practice's resilience today, from `GET /api/resilience`. */
export interface PracticeResilience {
  practiceId: string;
  practiceName: string;
  odsCode: string;
  on: string;
  score: number;
  rag: ResilienceRag;
  components: ResilienceComponentView[];
  reasons: string[];
}

/** One practice's resilience with its 8-week trend, oldest first. */
export interface PracticeResilienceDetail extends PracticeResilience {
  trend: { on: string; score: number }[];
}

/** A member of the resilience team. */
export interface TeamMember {
  id: string;
  name: string;
  role: StaffRole;
}

/** A practice in crisis, with who has been deployed to it. */
export interface Crisis {
  id: string;
  practiceId: string;
  practiceName: string;
  reason: string;
  startsOn: string;
  endsOn: string;
  declaredBy: string | null;
  deployed: TeamMember[];
  sessions: number;
}

/** A crisis as the declare form sends it. */
export interface NewCrisis {
  practiceId: string;
  reason: string;
  startsOn: string;
  endsOn: string;
}

/** Fetches every practice's resilience the user may see, worst first. */
export async function fetchResilience(): Promise<PracticeResilience[]> {
  return ((await getJson('/api/resilience')) as { practices: PracticeResilience[] }).practices;
}

/** Fetches one practice's resilience and trend; rejects with 404 when it is not ours. */
export async function fetchPracticeResilience(
  practiceId: string,
): Promise<PracticeResilienceDetail> {
  return (await getJson(
    `/api/resilience/practices/${encodeURIComponent(practiceId)}`,
  )) as PracticeResilienceDetail;
}

/** Fetches the crises the user may see and the resilience team. */
export async function fetchCrises(): Promise<{ crises: Crisis[]; team: TeamMember[] }> {
  return (await getJson('/api/crises')) as { crises: Crisis[]; team: TeamMember[] };
}

/** Declares a practice in crisis. */
export async function declareCrisis(crisis: NewCrisis): Promise<Crisis> {
  return (await postJson('/api/crises', crisis)) as Crisis;
}

/** Deploys members of the resilience team to a crisis. */
export async function deployTeam(crisisId: string, staffIds: string[]): Promise<Crisis> {
  return (await postJson(`/api/crises/${encodeURIComponent(crisisId)}/deployments`, {
    staffIds,
  })) as Crisis;
}

/** Ends a crisis early, today. */
export async function endCrisis(crisisId: string): Promise<Crisis> {
  return (await postJson(`/api/crises/${encodeURIComponent(crisisId)}/end`, {})) as Crisis;
}
