/** One practice's week, as the gaming report (ACC-5) weighs it. */
export interface PracticeWeekFacts {
  readonly practiceId: string;
  readonly practiceName: string;
  /** ISO week, e.g. 2026-W47. */
  readonly week: string;
  /** Registered patients: the latest count on or before the week. */
  readonly listSize: number;
  /** Places offered at the practice's own sites that week. */
  readonly inHousePlaces: number;
  /** Places it agreed to offer in house: its daily threshold times the working days. */
  readonly agreedInHousePlaces: number;
  /** Hub places its patients took. */
  readonly hubPlacesUsed: number;
  /** Its fair share of the hub's places that week. */
  readonly hubFairShare: number;
  /** Hub bookings on days it had not yet booked its agreed number in house. */
  readonly referralsBeforeThreshold: number;
  /** Hub bookings made with a clinician's override reason. */
  readonly overrides: number;
}

/** A practice's week with the rates and whether it stands out, and why in words. */
export interface PracticeWeekAssessment extends PracticeWeekFacts {
  /** In-house places per 1,000 patients; null with no list size. */
  readonly inHousePer1000: number | null;
  readonly agreedPer1000: number | null;
  readonly hubPer1000: number | null;
  readonly hubFairSharePer1000: number | null;
  /** Hub places used over the fair share, 1 = exactly its share; null with no share. */
  readonly hubShareUsed: number | null;
  readonly outlier: boolean;
  /** Why it stands out, in words; empty when it does not. */
  readonly reasons: string[];
}

/**
 * The outlier rule, documented for the report. A practice's week is flagged when any of:
 * - it offers more than 20% fewer in-house places per 1,000 patients than it agreed;
 * - its patients use more than 120% of its fair share of the hub;
 * - its in-house offer per 1,000 patients is below the lower fence (Q1 - 1.5 IQR) of the
 *   practices' offers that week (with at least 4 practices to compare).
 */
export const GAMING_RULE = {
  belowAgreed: 0.2,
  aboveHubShare: 0.2,
  iqrFence: 1.5,
  iqrMinimumPractices: 4,
  description:
    'Flagged when a practice offers more than 20% fewer in-house appointments per 1,000 patients than agreed, ' +
    'uses more than 120% of its fair share of the hub, or offers fewer in house per 1,000 patients than ' +
    '1.5 interquartile ranges below the lower quartile of the practices that week.',
} as const;

const per1000 = (count: number, listSize: number) =>
  listSize > 0 ? (count * 1000) / listSize : null;

const round = (value: number) => Math.round(value);

/** The quartiles of some numbers (linear interpolation between closest ranks). */
export function quartiles(values: readonly number[]): { q1: number; q3: number } {
  if (values.length === 0) throw new RangeError('no values to take quartiles of');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = p * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    const below = sorted[low] ?? 0;
    return below + ((sorted[high] ?? below) - below) * (rank - low);
  };
  return { q1: at(0.25), q3: at(0.75) };
}

/**
 * Assesses each practice's week against what it agreed and against the other practices the
 * same week (see `GAMING_RULE`), with the reasons in words, for example "offers 58 in-house
 * appointments per 1,000 patients a week against an agreed 75, and uses 140% of its hub share".
 */
export function assessGaming(facts: readonly PracticeWeekFacts[]): PracticeWeekAssessment[] {
  const fences = new Map<string, number>();
  const byWeek = new Map<string, number[]>();
  for (const f of facts) {
    const rate = per1000(f.inHousePlaces, f.listSize);
    if (rate === null) continue;
    byWeek.set(f.week, [...(byWeek.get(f.week) ?? []), rate]);
  }
  for (const [week, rates] of byWeek) {
    if (rates.length < GAMING_RULE.iqrMinimumPractices) continue;
    const { q1, q3 } = quartiles(rates);
    fences.set(week, q1 - GAMING_RULE.iqrFence * (q3 - q1));
  }
  return facts.map((f) => {
    const inHousePer1000 = per1000(f.inHousePlaces, f.listSize);
    const agreedPer1000 = per1000(f.agreedInHousePlaces, f.listSize);
    const hubShareUsed = f.hubFairShare > 0 ? f.hubPlacesUsed / f.hubFairShare : null;
    const reasons: string[] = [];
    const offers =
      inHousePer1000 === null
        ? ''
        : `offers ${round(inHousePer1000)} in-house appointments per 1,000 patients a week`;
    if (
      inHousePer1000 !== null &&
      agreedPer1000 !== null &&
      agreedPer1000 > 0 &&
      inHousePer1000 < agreedPer1000 * (1 - GAMING_RULE.belowAgreed)
    ) {
      reasons.push(`${offers} against an agreed ${round(agreedPer1000)}`);
    } else {
      const fence = fences.get(f.week);
      if (inHousePer1000 !== null && fence !== undefined && inHousePer1000 < fence) {
        reasons.push(
          `${offers}, far below the other practices (lower fence ${round(Math.max(0, fence))})`,
        );
      }
    }
    if (hubShareUsed !== null && hubShareUsed > 1 + GAMING_RULE.aboveHubShare) {
      reasons.push(`uses ${round(hubShareUsed * 100)}% of its hub share`);
    }
    if (f.hubFairShare === 0 && f.hubPlacesUsed > 0 && f.listSize > 0) {
      reasons.push(`uses ${f.hubPlacesUsed} hub appointments with no hub share`);
    }
    return {
      ...f,
      inHousePer1000,
      agreedPer1000,
      hubPer1000: per1000(f.hubPlacesUsed, f.listSize),
      hubFairSharePer1000: per1000(f.hubFairShare, f.listSize),
      hubShareUsed,
      outlier: reasons.length > 0,
      reasons: reasons.length === 0 ? [] : [joinReasons(reasons)],
    };
  });
}

function joinReasons(parts: readonly string[]): string {
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return last;
  return `${parts.slice(0, -1).join(', ')}, and ${last}`;
}

/** Attended and missed appointments in one lead time bucket. */
export interface DnaCount {
  readonly attended: number;
  readonly didNotAttend: number;
}

/** The DNA rate: missed over attended plus missed; null with neither. */
export function dnaRate(count: DnaCount): number | null {
  const total = count.attended + count.didNotAttend;
  return total === 0 ? null : count.didNotAttend / total;
}

/** The ISO week (e.g. 2026-W47) of a date. */
export function isoWeekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of the week decides its year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** True for Monday to Friday. */
export function isWorkingDay(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}
