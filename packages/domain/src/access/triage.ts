import type { DeliveryChannel, RequestStatus } from './requests.js';

/** How soon the patient needs to be dealt with, most urgent first (ACC-2). */
export const URGENCIES = [
  'emergency',
  'same-day',
  'within-2-days',
  'within-2-weeks',
  'routine',
] as const;
/** A triage urgency. */
export type Urgency = (typeof URGENCIES)[number];

/** Human-readable names of the urgencies. */
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = {
  emergency: 'Emergency',
  'same-day': 'Same day',
  'within-2-days': 'Within 2 days',
  'within-2-weeks': 'Within 2 weeks',
  routine: 'Routine',
};

/**
 * How long after the request arrived the patient should have been dealt with, in hours, per
 * urgency: the window after which a request still waiting is overdue, and the yardstick for
 * "time from request to appointment". Routine is four weeks, the national expectation.
 */
export const URGENCY_WINDOW_HOURS: Readonly<Record<Urgency, number>> = {
  emergency: 1,
  'same-day': 12,
  'within-2-days': 48,
  'within-2-weeks': 14 * 24,
  routine: 28 * 24,
};

/** What a triaging clinician decides should happen (ACC-2). */
export const TRIAGE_OUTCOMES = [
  'self-care',
  'admin-done',
  'telephone',
  'video',
  'face-to-face-home',
  'face-to-face-any-site',
  'hub',
  'specialist',
  'urgent-care',
] as const;
/** A triage outcome. */
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** What each outcome means for booking: whether it needs an appointment, and of what kind. */
export interface OutcomeRule {
  readonly label: string;
  /** An appointment is booked for it (the navigator's worklist). */
  readonly needsAppointment: boolean;
  /** The channel of that appointment. */
  readonly channel: DeliveryChannel | null;
  /** Seen in person: counted in the face-to-face conversion rate. */
  readonly faceToFace: boolean;
  /** Where it may be booked: the patient's practice, any site, a hub, a specialist service. */
  readonly where: 'home-practice' | 'any-site' | 'hub' | 'specialist' | null;
}

/** The rule of every outcome. */
export const OUTCOME_RULES: Readonly<Record<TriageOutcome, OutcomeRule>> = {
  'self-care': {
    label: 'Self-care or pharmacy',
    needsAppointment: false,
    channel: null,
    faceToFace: false,
    where: null,
  },
  'admin-done': {
    label: 'Admin request done',
    needsAppointment: false,
    channel: null,
    faceToFace: false,
    where: null,
  },
  telephone: {
    label: 'Telephone consultation',
    needsAppointment: true,
    channel: 'telephone',
    faceToFace: false,
    where: 'home-practice',
  },
  video: {
    label: 'Video consultation',
    needsAppointment: true,
    channel: 'video',
    faceToFace: false,
    where: 'home-practice',
  },
  'face-to-face-home': {
    label: 'Face to face at their own practice',
    needsAppointment: true,
    channel: 'in-person',
    faceToFace: true,
    where: 'home-practice',
  },
  'face-to-face-any-site': {
    label: 'Face to face at any site',
    needsAppointment: true,
    channel: 'in-person',
    faceToFace: true,
    where: 'any-site',
  },
  hub: {
    label: 'Hub appointment',
    needsAppointment: true,
    channel: 'in-person',
    faceToFace: true,
    where: 'hub',
  },
  specialist: {
    label: 'Specialist service (MSK, geriatric opinion, GP with a special interest)',
    needsAppointment: true,
    channel: 'in-person',
    faceToFace: true,
    where: 'specialist',
  },
  'urgent-care': {
    label: 'Redirected to urgent care',
    needsAppointment: false,
    channel: null,
    faceToFace: false,
    where: null,
  },
};

/** The rank of an urgency: 0 is the most urgent. */
export function urgencyRank(urgency: Urgency): number {
  return URGENCIES.indexOf(urgency);
}

/** A request as the queue orders it. */
export interface QueuedRequest {
  readonly id: string;
  readonly status: RequestStatus;
  /** Set once triaged; a waiting request may carry the navigator's provisional urgency. */
  readonly urgency: Urgency | null;
  readonly receivedAt: string;
}

// Unassessed requests rank with same-day ones: nobody knows yet that they can wait, so they
// must not sink below requests that have been judged less urgent.
const UNASSESSED_RANK = urgencyRank('same-day');

/**
 * Orders a triage queue: by urgency (unassessed counted as same day), then by how long the
 * request has waited, oldest first; the id breaks ties so the order is stable. Need decides,
 * not who asked first at 8 am (ACC-7): an urgent 11 am request goes above a routine 8 am one.
 */
export function compareQueued(a: QueuedRequest, b: QueuedRequest): number {
  const rank = (r: QueuedRequest) => (r.urgency ? urgencyRank(r.urgency) : UNASSESSED_RANK);
  return (
    rank(a) - rank(b) ||
    Date.parse(a.receivedAt) - Date.parse(b.receivedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** When a request of the given urgency, received at the given instant, is overdue. */
export function dueBy(receivedAt: string, urgency: Urgency | null): string {
  const hours = URGENCY_WINDOW_HOURS[urgency ?? 'same-day'];
  return new Date(Date.parse(receivedAt) + hours * 3_600_000).toISOString();
}

/** True when a request not yet triaged has waited beyond its urgency's window. */
export function isOverdue(request: QueuedRequest, now: string): boolean {
  if (request.status === 'triaged' || request.status === 'closed') return false;
  return Date.parse(now) > Date.parse(dueBy(request.receivedAt, request.urgency));
}

/**
 * What is wrong with a triage decision, field by field: an outcome that needs no clinician
 * for a clinical request's emergency, a specialist outcome without the service named.
 */
export function triageDecisionProblems(decision: {
  readonly urgency: Urgency;
  readonly outcome: TriageOutcome;
  readonly specialistService?: string | null;
}): { readonly field: string; readonly message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (decision.outcome === 'specialist' && !decision.specialistService?.trim()) {
    problems.push({
      field: '/specialistService',
      message: 'Name the specialist service (for example MSK or geriatric opinion)',
    });
  }
  if (
    decision.urgency === 'emergency' &&
    (decision.outcome === 'self-care' || decision.outcome === 'admin-done')
  ) {
    problems.push({
      field: '/outcome',
      message:
        'An emergency cannot be closed as self-care or admin: book, or redirect to urgent care',
    });
  }
  return problems;
}
