import { fairShares, type HubMember } from './hub.js';

/** A booked place in a hub slot, as the day's figures need it. */
export interface HubBooking {
  /** The patient's registered practice. */
  readonly practiceId: string;
  /** True when it was booked once the slot had been released to every practice. */
  readonly afterRelease: boolean;
  /** Booked, attended or did not attend: each took a place. */
  readonly status: 'booked' | 'attended' | 'did-not-attend';
}

/** One practice's use of its fair share of a day's hub slots. */
export interface HubPracticeUse {
  readonly practiceId: string;
  readonly listSize: number;
  /** Its fair share of the day's places, by list size (`fairShares`). */
  readonly share: number;
  /** Places of its share its patients took: at most the share. */
  readonly used: number;
  /** Places of its share its patients did not take: `share - used`. */
  readonly left: number;
  /** Of `left`, how many were booked by other practices after release. */
  readonly released: number;
  /** Places its patients took beyond its share: other practices' released places. */
  readonly extra: number;
}

/** Unused extended-access appointments in public figures: a quarter to a third go unused. */
export const EXTENDED_ACCESS_UNUSED = { low: 0.25, high: 0.35 } as const;

/** A day's use of a hub: capacity, each practice's share and use, and what release recovered. */
export interface HubDayUse {
  readonly capacity: number;
  /** Places booked or attended. */
  readonly bookedOrAttended: number;
  /** Places booked but the patient did not attend. */
  readonly didNotAttend: number;
  /** Booked or attended places over capacity, 0..1; null with no capacity. */
  readonly utilisation: number | null;
  /** 1 - utilisation; null with no capacity. */
  readonly unusedRate: number | null;
  /** How the unused rate compares with the public figures for extended access. */
  readonly againstBenchmark: 'better' | 'typical' | 'worse' | null;
  /** Places booked after release beyond the booker's share: would otherwise have gone unused. */
  readonly recovered: number;
  /** Places booked by patients of practices that no longer share the hub. */
  readonly byOthers: number;
  readonly practices: HubPracticeUse[];
}

/**
 * The arithmetic of a hub day (ACC-4). Each practice's share comes from `fairShares`; what its
 * patients booked counts against its share first (`used`, at most the share) and beyond it as
 * `extra`, which only release makes possible. A booking after release beyond the booker's share
 * is a place recovered: `recovered` is the sum of each practice's extra booked after release.
 * The recovered places are then attributed to the practices that left places unused, in
 * proportion to what each left (largest remainders again), as each one's `released`; so
 * `used + left = share`, `released <= left` and the released places add up to `recovered`.
 */
export function hubDayUse(input: {
  readonly capacity: number;
  readonly members: readonly HubMember[];
  readonly bookings: readonly HubBooking[];
}): HubDayUse {
  const { capacity, members, bookings } = input;
  const shares = fairShares(capacity, members);
  const memberIds = new Set(members.map((m) => m.practiceId));
  const booked = new Map<string, { total: number; afterRelease: number }>();
  let byOthers = 0;
  for (const b of bookings) {
    if (!memberIds.has(b.practiceId)) {
      byOthers += 1;
      continue;
    }
    const counts = booked.get(b.practiceId) ?? { total: 0, afterRelease: 0 };
    counts.total += 1;
    if (b.afterRelease) counts.afterRelease += 1;
    booked.set(b.practiceId, counts);
  }
  const partial = members.map((m) => {
    const share = shares.get(m.practiceId) ?? 0;
    const counts = booked.get(m.practiceId) ?? { total: 0, afterRelease: 0 };
    const used = Math.min(share, counts.total);
    const extra = counts.total - used;
    return {
      practiceId: m.practiceId,
      listSize: m.listSize,
      share,
      used,
      left: share - used,
      extra,
      recoveredBy: Math.min(extra, counts.afterRelease),
    };
  });
  const totalLeft = partial.reduce((sum, p) => sum + p.left, 0);
  const recovered = Math.min(
    totalLeft,
    partial.reduce((sum, p) => sum + p.recoveredBy, 0),
  );
  const releasedShares = fairShares(
    recovered,
    partial.map((p) => ({ practiceId: p.practiceId, listSize: p.left })),
  );
  const bookedOrAttended = bookings.filter((b) => b.status !== 'did-not-attend').length;
  const utilisation = capacity === 0 ? null : Math.min(1, bookedOrAttended / capacity);
  const unusedRate = utilisation === null ? null : 1 - utilisation;
  return {
    capacity,
    bookedOrAttended,
    didNotAttend: bookings.length - bookedOrAttended,
    utilisation,
    unusedRate,
    againstBenchmark: unusedRate === null ? null : againstExtendedAccess(unusedRate),
    recovered,
    byOthers,
    practices: partial.map(({ recoveredBy: _, ...p }) => ({
      ...p,
      released: totalLeft === 0 ? 0 : (releasedShares.get(p.practiceId) ?? 0),
    })),
  };
}

/** How an unused rate compares with the 25-35% of extended-access places that go unused. */
export function againstExtendedAccess(unusedRate: number): 'better' | 'typical' | 'worse' {
  if (unusedRate < EXTENDED_ACCESS_UNUSED.low) return 'better';
  if (unusedRate <= EXTENDED_ACCESS_UNUSED.high) return 'typical';
  return 'worse';
}
