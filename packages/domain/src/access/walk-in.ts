/** Where a walk-in ticket is: waiting, called to be seen, seen, or gone without being seen. */
export const WALK_IN_TICKET_STATUSES = ['waiting', 'called', 'done', 'left'] as const;
/** A walk-in ticket's status. */
export type WalkInTicketStatus = (typeof WALK_IN_TICKET_STATUSES)[number];

/** How many of the day's recent services set the pace. */
export const WALK_IN_PACE_SAMPLE = 10;
/** Fewer services than this today and the queue's own minutes per patient are used instead. */
export const WALK_IN_PACE_MINIMUM = 3;

/**
 * The average minutes per patient of the day's most recent services (called to done), or the
 * queue's set minutes per patient until at least `WALK_IN_PACE_MINIMUM` are known.
 */
export function walkInPace(
  recentServiceMinutes: readonly number[],
  minutesPerPatient: number,
): number {
  const recent = recentServiceMinutes
    .filter((m) => Number.isFinite(m) && m >= 0)
    .slice(0, WALK_IN_PACE_SAMPLE);
  if (recent.length < WALK_IN_PACE_MINIMUM) return minutesPerPatient;
  return recent.reduce((sum, m) => sum + m, 0) / recent.length;
}

/** The estimated wait in whole minutes for someone with this many people waiting ahead. */
export function estimatedWaitMinutes(input: {
  readonly waitingAhead: number;
  readonly recentServiceMinutes: readonly number[];
  readonly minutesPerPatient: number;
}): number {
  const pace = walkInPace(input.recentServiceMinutes, input.minutesPerPatient);
  return Math.round(Math.max(0, input.waitingAhead) * pace);
}
