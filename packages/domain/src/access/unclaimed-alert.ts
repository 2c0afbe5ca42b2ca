import {
  URGENCIES,
  compareQueued,
  dueBy,
  isOverdue,
  type QueuedRequest,
  type Urgency,
} from './triage.js';

/** One request nobody has claimed though its urgency's window has passed. */
export interface UnclaimedOverdue {
  readonly id: string;
  /** Null: not assessed yet, so held to the same-day window. */
  readonly urgency: Urgency | null;
  readonly dueBy: string;
  /** Whole minutes since it fell due. */
  readonly minutesOverdue: number;
}

/** The triage queue's alert: requests left unclaimed beyond their urgency window. */
export interface UnclaimedAlert {
  readonly count: number;
  /** Counts by urgency; unassessed requests have none yet. */
  readonly byUrgency: Readonly<Record<Urgency | 'unassessed', number>>;
  /** Most urgent first, then longest overdue: the order to claim them in. */
  readonly requests: UnclaimedOverdue[];
  /**
   * `urgent` when an emergency, same-day or unassessed request waits unclaimed past its window
   * (someone may need to be seen today); `warning` for later urgencies; `none` when all is well.
   */
  readonly level: 'none' | 'warning' | 'urgent';
}

// Unassessed requests could be anything: they are held to the same-day window (dueBy) and
// raise the alert as loudly as a same-day request.
const URGENT: readonly (Urgency | null)[] = ['emergency', 'same-day', null];

/**
 * The unclaimed-request alert (hazard H-008): of the requests given, those still waiting for
 * someone to claim them after their urgency's window (URGENCY_WINDOW_HOURS) has passed, as of
 * `now`. Claimed, triaged and closed requests are someone's already and never raise it.
 */
export function unclaimedAlert(requests: readonly QueuedRequest[], now: string): UnclaimedAlert {
  const at = Date.parse(now);
  const overdue = requests
    .filter((r) => r.status === 'waiting' && isOverdue(r, now))
    .sort(compareQueued);
  const byUrgency = Object.fromEntries([
    ['unassessed', 0],
    ...URGENCIES.map((u) => [u, 0]),
  ]) as Record<Urgency | 'unassessed', number>;
  for (const r of overdue) byUrgency[r.urgency ?? 'unassessed'] += 1;
  const listed = overdue.map((r) => {
    const due = dueBy(r.receivedAt, r.urgency);
    return {
      id: r.id,
      urgency: r.urgency,
      dueBy: due,
      minutesOverdue: Math.floor((at - Date.parse(due)) / 60_000),
    };
  });
  const level =
    listed.length === 0
      ? 'none'
      : listed.some((r) => URGENT.includes(r.urgency))
        ? 'urgent'
        : 'warning';
  return { count: listed.length, byUrgency, requests: listed, level };
}
