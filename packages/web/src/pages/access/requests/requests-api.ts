import type {
  AdminRequestType,
  DeliveryChannel,
  RequestChannel,
  RequestKind,
  RequestStatus,
  TriageOutcome,
  Urgency,
} from '@atscale/domain';
import { getJson, postJson } from '../../../api/client';

/** Someone who did something to a request. */
export interface RequestActor {
  id: string;
  displayName: string;
}

/** A request with its patient, as the request and triage routes answer. */
export interface PatientRequest {
  id: string;
  reference: string;
  practiceId: string;
  practiceName: string;
  triageTeamId: string | null;
  triageTeamName: string | null;
  patient: {
    id: string;
    nhsNumber: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
  };
  channel: RequestChannel;
  kind: RequestKind;
  adminType: AdminRequestType | null;
  description: string;
  preferredChannel: DeliveryChannel | null;
  status: RequestStatus;
  urgency: Urgency | null;
  outcome: TriageOutcome | null;
  specialistService: string | null;
  triageNote: string | null;
  receivedAt: string;
  recordedBy: RequestActor | null;
  claimedBy: RequestActor | null;
  claimedAt: string | null;
  triagedBy: RequestActor | null;
  triagedAt: string | null;
  closedAt: string | null;
  dueBy: string;
  overdue: boolean;
}

/** A request a navigator records for a patient who called or came to the desk. */
export interface NewRequest {
  patientId: string;
  channel: 'phone' | 'walk-in';
  kind: RequestKind;
  adminType?: AdminRequestType;
  description: string;
  preferredChannel?: DeliveryChannel;
}

/** Records a request (`POST /api/requests`). */
export async function recordRequest(request: NewRequest): Promise<PatientRequest> {
  return (await postJson('/api/requests', request)) as PatientRequest;
}

/** One request with its patient; the server audits the read. */
export async function fetchRequest(requestId: string): Promise<PatientRequest> {
  return (await getJson(`/api/requests/${encodeURIComponent(requestId)}`)) as PatientRequest;
}

/** Closes an admin request as done. */
export async function closeAdminRequest(
  requestId: string,
  note: string | null,
): Promise<PatientRequest> {
  return (await postJson(`/api/requests/${encodeURIComponent(requestId)}/close`, {
    note,
  })) as PatientRequest;
}

/** A date and time in England, such as "23 Nov 2026, 08:05". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** How long ago, in words: "4 min", "2 h 5 min", "3 days". */
export function waitedFor(fromIso: string, nowIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${String(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${String(hours)} h ${String(minutes % 60)} min`;
  return `${String(Math.floor(hours / 24))} days`;
}
