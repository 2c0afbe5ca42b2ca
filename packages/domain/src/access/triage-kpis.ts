import type { RequestKind } from './requests.js';
import { OUTCOME_RULES, TRIAGE_OUTCOMES, type TriageOutcome } from './triage.js';

/** How the triage KPIs are broken down (ACC-2). */
export const TRIAGE_KPI_GROUPINGS = ['practice', 'team', 'triager', 'day'] as const;
/** One way of breaking the KPIs down. */
export type TriageKpiGrouping = (typeof TRIAGE_KPI_GROUPINGS)[number];

/** One request as the KPIs see it: times and the decision, nothing that identifies a patient. */
export interface TriageKpiRequest {
  /** The group it falls in (a practice, a call centre, a triager, a day); null: none. */
  readonly group: string | null;
  readonly kind: RequestKind;
  readonly outcome: TriageOutcome | null;
  readonly receivedAt: string;
  /** Null while not yet triaged. */
  readonly triagedAt: string | null;
  /** The start of the first appointment booked for it, if any. */
  readonly appointmentAt: string | null;
}

/** Median and 90th percentile of a set of durations, in minutes; null for an empty set. */
export interface DurationSummary {
  readonly count: number;
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

/** The KPIs of one group (or of everything). */
export interface TriageKpis {
  readonly requests: number;
  readonly triaged: number;
  /** Triaged clinical requests. */
  readonly clinicalTriaged: number;
  /** Of which the outcome sees the patient in person. */
  readonly faceToFace: number;
  /** faceToFace / clinicalTriaged, 0..1; null when nothing clinical was triaged. */
  readonly faceToFaceRate: number | null;
  /** From arrival to the triage decision. */
  readonly timeToTriage: DurationSummary;
  /** From arrival to the start of the appointment booked for it. */
  readonly timeToAppointment: DurationSummary;
  /** How many triaged requests ended in each outcome (every outcome listed, zeros too). */
  readonly outcomes: Readonly<Record<TriageOutcome, number>>;
}

/**
 * A percentile of sorted numbers by the nearest-rank method: the smallest value with at least
 * `p` per cent of the values at or below it. Null for no values.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** The median of sorted numbers (the mean of the middle two for an even count); null for none. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? null;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function summarise(minutes: number[]): DurationSummary {
  const sorted = minutes.sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    count: sorted.length,
    medianMinutes: round(median(sorted)),
    p90Minutes: round(nearestRank(sorted, 90)),
  };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * The triage KPIs of a set of requests: face-to-face conversion (the share of triaged clinical
 * requests whose outcome sees the patient in person), median and 90th percentile of the time
 * to triage and of the time to the appointment, and the mix of outcomes. An appointment before
 * the request arrived (a data error) is left out rather than counted as negative.
 */
export function triageKpis(requests: readonly TriageKpiRequest[]): TriageKpis {
  const outcomes = Object.fromEntries(TRIAGE_OUTCOMES.map((o) => [o, 0])) as Record<
    TriageOutcome,
    number
  >;
  const toTriage: number[] = [];
  const toAppointment: number[] = [];
  let triaged = 0;
  let clinicalTriaged = 0;
  let faceToFace = 0;
  for (const request of requests) {
    if (request.outcome !== null && request.triagedAt !== null) {
      triaged += 1;
      outcomes[request.outcome] += 1;
      toTriage.push(Math.max(0, minutesBetween(request.receivedAt, request.triagedAt)));
      if (request.kind === 'clinical') {
        clinicalTriaged += 1;
        if (OUTCOME_RULES[request.outcome].faceToFace) faceToFace += 1;
      }
    }
    if (request.appointmentAt !== null) {
      const minutes = minutesBetween(request.receivedAt, request.appointmentAt);
      if (minutes >= 0) toAppointment.push(minutes);
    }
  }
  return {
    requests: requests.length,
    triaged,
    clinicalTriaged,
    faceToFace,
    faceToFaceRate: clinicalTriaged === 0 ? null : faceToFace / clinicalTriaged,
    timeToTriage: summarise(toTriage),
    timeToAppointment: summarise(toAppointment),
    outcomes,
  };
}

/** The KPIs of each group, groups ordered by their key, the group-less (null) last. */
export function triageKpisByGroup(
  requests: readonly TriageKpiRequest[],
): { readonly group: string | null; readonly kpis: TriageKpis }[] {
  const groups = new Map<string | null, TriageKpiRequest[]>();
  for (const request of requests) {
    const list = groups.get(request.group);
    if (list) list.push(request);
    else groups.set(request.group, [request]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([group, list]) => ({ group, kpis: triageKpis(list) }));
}
