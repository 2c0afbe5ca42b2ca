import type {
  RequestRouting,
  UnclaimedAlert,
  TriageKpiGrouping,
  TriageKpis,
  TriageOutcome,
  Urgency,
} from '@atscale/domain';
import { getJson, postJson } from '../../../api/client';
import type { PatientRequest } from '../requests/requests-api';

/** A triage queue with its live counts, as `GET /api/triage/queue` answers. */
export interface TriageQueue {
  queue: { kind: 'practice' | 'team'; id: string; name: string };
  asAt: string;
  counts: {
    waiting: number;
    claimed: number;
    triagedToday: number;
    closedToday: number;
    overdue: number;
    byUrgency: Record<Urgency | 'unassessed', number>;
  };
  requests: PatientRequest[];
  truncated: boolean;
  /** Requests left unclaimed beyond their urgency's window (see the domain's unclaimedAlert). */
  unclaimed: UnclaimedAlert;
}

/** Which queue: a practice's own, or a call centre's. */
export type QueueChoice = { practiceId: string } | { teamId: string };

/** Fetches a queue; every request in it is audited as read. */
export async function fetchQueue(choice: QueueChoice): Promise<TriageQueue> {
  const query = new URLSearchParams(choice);
  return (await getJson(`/api/triage/queue?${query.toString()}`)) as TriageQueue;
}

const requestAction = async (requestId: string, action: string, body: unknown = {}) =>
  (await postJson(
    `/api/requests/${encodeURIComponent(requestId)}/${action}`,
    body,
  )) as PatientRequest;

/** Claims a waiting request; a 409 names who holds it. */
export const claimRequest = (requestId: string) => requestAction(requestId, 'claim');

/** Puts a claimed request back in the queue. */
export const releaseRequest = (requestId: string) => requestAction(requestId, 'release');

/** A triage decision. */
export interface TriageDecision {
  urgency: Urgency;
  outcome: TriageOutcome;
  specialistService?: string;
  note?: string;
}

/** Records the triage decision on a request the caller holds. */
export const triageRequest = (requestId: string, decision: TriageDecision) =>
  requestAction(requestId, 'triage', decision);

/** Triaged requests still waiting for an appointment. */
export async function fetchToBook(): Promise<PatientRequest[]> {
  return ((await getJson('/api/triage/to-book')) as { requests: PatientRequest[] }).requests;
}

/** The triage KPIs of a period. */
export interface TriageKpiReport {
  from: string;
  to: string;
  by: TriageKpiGrouping;
  overall: TriageKpis;
  groups: { key: string | null; label: string; kpis: TriageKpis }[];
}

/** Fetches the triage KPIs of a period, broken down `by`. */
export async function fetchKpis(
  from: string,
  to: string,
  by: TriageKpiGrouping,
): Promise<TriageKpiReport> {
  const query = new URLSearchParams({ from, to, by });
  return (await getJson(`/api/triage/kpis?${query.toString()}`)) as TriageKpiReport;
}

/** The organisation's call centres and routing. */
export interface TriageTeams {
  routing: RequestRouting;
  teams: { id: string; name: string; region: string | null; siteId: string | null }[];
}

/** Fetches the call centres. */
export async function fetchTeams(): Promise<TriageTeams> {
  return (await getJson('/api/triage-teams')) as TriageTeams;
}
