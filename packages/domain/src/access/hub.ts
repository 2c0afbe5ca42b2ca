import { apportion } from '../common/apportion.js';

/** A practice sharing a hub, with what its fair share is weighed by. */
export interface HubMember {
  readonly practiceId: string;
  readonly listSize: number;
}

/**
 * Shares a day's hub slots between the practices by list size (ACC-4), with the largest
 * remainder method (`apportion`): whole shares that add up to exactly the capacity, each within
 * one slot of its exact share; equal shares while no practice has a list.
 */
export function fairShares(capacity: number, members: readonly HubMember[]): Map<string, number> {
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new RangeError(`hub capacity must be a whole number, not ${capacity}`);
  }
  if (members.length === 0) return new Map();
  const parts = apportion(
    capacity,
    members.map((m) => Math.max(0, m.listSize)),
  );
  return new Map(members.map((m, i) => [m.practiceId, parts[i] ?? 0]));
}

/** True once a hub slot is open to every practice: its lead time before the start has come. */
export function isReleased(slotStartsAt: string, now: string, releaseLeadMinutes: number): boolean {
  return Date.parse(now) >= Date.parse(slotStartsAt) - releaseLeadMinutes * 60_000;
}

/**
 * Why a practice may not take another hub slot from its fair share, or null when it may: a
 * released slot is anybody's; before release a practice can use only its own share.
 */
export function fairShareProblem(input: {
  readonly released: boolean;
  readonly share: number;
  readonly usedByPractice: number;
}): string | null {
  if (input.released) return null;
  if (input.usedByPractice < input.share) return null;
  return `The practice has used all ${input.share} of its fair share of the hub's slots that day; unused shares are released to every practice nearer the time`;
}

/**
 * Why a referral to the hub is refused (ACC-4), or null: a practice must first see its agreed
 * number of patients in house that day, unless a clinician gives a reason to override.
 */
export function thresholdProblem(input: {
  readonly seenInHouse: number;
  readonly dailyThreshold: number;
  readonly overrideReason?: string | null;
}): string | null {
  if (input.seenInHouse >= input.dailyThreshold) return null;
  if (input.overrideReason?.trim()) return null;
  return `The practice has booked ${input.seenInHouse} of its agreed ${input.dailyThreshold} in-house appointments that day: refer to the hub once it has, or give a reason to override`;
}
