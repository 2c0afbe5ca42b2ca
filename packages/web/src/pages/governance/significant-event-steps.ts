import { SIGNIFICANT_EVENT_STATUSES, type SignificantEventStatus } from '@atscale/domain';

const FORWARD: Readonly<Record<SignificantEventStatus, string>> = {
  reported: 'Reported',
  investigating: 'Start the investigation',
  learning: 'Record the findings and move to learning',
  closed: 'Record the learning and close',
};

const BACK: Readonly<Partial<Record<SignificantEventStatus, string>>> = {
  investigating: 'Reopen the investigation',
};

/** One move along the lifecycle as the event page offers it. */
export interface EventStep {
  /** The form's heading, accessible name and button: one name for all three. */
  readonly name: string;
  /** A move back to an earlier status, which keeps what was found so far. */
  readonly backwards: boolean;
}

/**
 * What a move from `from` to `to` is called. A move back (learning to investigating) is a
 * reopening, not a start: the investigator and findings stay.
 */
export function eventStep(from: SignificantEventStatus, to: SignificantEventStatus): EventStep {
  const backwards =
    SIGNIFICANT_EVENT_STATUSES.indexOf(to) < SIGNIFICANT_EVENT_STATUSES.indexOf(from);
  return { name: (backwards ? BACK[to] : undefined) ?? FORWARD[to], backwards };
}
