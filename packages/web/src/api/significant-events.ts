import type {
  CqcKeyQuestion,
  SignificantEventCategory,
  SignificantEventKind,
  SignificantEventSeverity,
  SignificantEventStatus,
} from '@atscale/domain';
import { deleteJson, getJson, patchJson, postJson } from './client';

/** An event or complaint as the list shows it. */
export interface SignificantEventSummary {
  id: string;
  kind: SignificantEventKind;
  title: string;
  category: SignificantEventCategory;
  severity: SignificantEventSeverity;
  status: SignificantEventStatus;
  practiceId: string;
  practiceName: string;
  siteId: string | null;
  siteName: string | null;
  occurredOn: string;
  reportedAt: string;
  closedAt: string | null;
  receivedOn: string | null;
  acknowledgementDueOn: string | null;
  acknowledgedOn: string | null;
  responseDueOn: string | null;
  respondedOn: string | null;
  overdue: 'acknowledgement' | 'response' | null;
}

/** An event with its text, timeline and linked policies. */
export interface SignificantEventDetail extends SignificantEventSummary {
  description: string;
  keyQuestions: CqcKeyQuestion[];
  reportedBy: { id: string; name: string };
  investigator: { id: string; name: string } | null;
  findings: string | null;
  learning: string | null;
  actionsAgreed: string | null;
  timeline: {
    fromStatus: SignificantEventStatus | null;
    toStatus: SignificantEventStatus;
    note: string | null;
    changedBy: string;
    changedAt: string;
  }[];
  policies: { id: string; title: string }[];
  canManage: boolean;
  next: SignificantEventStatus[];
}

/** Counts by category and quarter; null where suppressed. */
export interface SignificantEventThemes {
  quarters: { key: string; label: string; from: string; to: string }[];
  rows: { category: SignificantEventCategory; counts: (number | null)[] }[];
  suppressBelow: number;
  suppressed: number;
}

/** What reporting needs. */
export interface NewSignificantEvent {
  kind: SignificantEventKind;
  practiceId: string;
  /** One of the practice's sites; absent when it happened at none in particular. */
  siteId?: string;
  title: string;
  description: string;
  category: SignificantEventCategory;
  severity: SignificantEventSeverity;
  occurredOn: string;
  keyQuestions: CqcKeyQuestion[];
  receivedOn?: string;
  agreedResponseBy?: string;
}

/** Fields a move or an edit may fill in. */
export interface SignificantEventChanges {
  investigatorId?: string;
  findings?: string;
  learning?: string;
  actionsAgreed?: string;
  acknowledgedOn?: string;
  respondedOn?: string;
}

const BASE = '/api/governance/significant-events';
const base = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** The events the user can see, filtered. */
export async function fetchSignificantEvents(filter: {
  kind?: string;
  status?: string;
  practiceId?: string;
}): Promise<SignificantEventSummary[]> {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return (await getJson(query ? `${BASE}?${query}` : BASE)) as SignificantEventSummary[];
}

/** One event. */
export async function fetchSignificantEvent(id: string): Promise<SignificantEventDetail> {
  return (await getJson(base(id))) as SignificantEventDetail;
}

/** The anonymised themes. */
export async function fetchSignificantEventThemes(kind: string): Promise<SignificantEventThemes> {
  const query = kind ? `?kind=${encodeURIComponent(kind)}` : '';
  return (await getJson(`${BASE}/themes${query}`)) as SignificantEventThemes;
}

/** Who may investigate a practice's events. */
export async function fetchInvestigators(
  practiceId: string,
): Promise<{ id: string; name: string }[]> {
  return (await getJson(`${BASE}/investigators?practiceId=${encodeURIComponent(practiceId)}`)) as {
    id: string;
    name: string;
  }[];
}

/** Reports an event or logs a complaint. */
export async function recordSignificantEvent(
  body: NewSignificantEvent,
): Promise<SignificantEventDetail> {
  return (await postJson(BASE, body)) as SignificantEventDetail;
}

/** Changes an open event without moving it. */
export async function updateSignificantEvent(
  id: string,
  body: SignificantEventChanges,
): Promise<SignificantEventDetail> {
  return (await patchJson(base(id), body)) as SignificantEventDetail;
}

/** Moves an event along its lifecycle. */
export async function moveSignificantEvent(
  id: string,
  body: SignificantEventChanges & { to: SignificantEventStatus; note?: string },
): Promise<SignificantEventDetail> {
  return (await postJson(`${base(id)}/transitions`, body)) as SignificantEventDetail;
}

/** Links a policy to the event. */
export async function linkSignificantEventPolicy(id: string, policyId: string): Promise<void> {
  await postJson(`${base(id)}/policies`, { policyId });
}

/** Removes a policy's link from the event; resolves to the event as it now is. */
export async function unlinkSignificantEventPolicy(
  id: string,
  policyId: string,
): Promise<SignificantEventDetail> {
  return (await deleteJson(
    `${base(id)}/policies/${encodeURIComponent(policyId)}`,
  )) as SignificantEventDetail;
}
