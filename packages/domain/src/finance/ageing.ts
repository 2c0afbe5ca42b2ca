import type { IsoDate } from '../org/iso-date.js';

/** How overdue a payment is (FIN-4): the ageing list's columns. */
export const AGEING_BUCKETS = ['not-due', '1-30', '31-60', '61-90', 'over-90'] as const;
/** An ageing bucket. */
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** The buckets of overdue items: every one but 'not-due'. */
export type OverdueBucket = Exclude<AgeingBucket, 'not-due'>;
/** Overdue buckets, oldest last: the overdue list's columns. */
export const OVERDUE_BUCKETS = AGEING_BUCKETS.filter(
  (bucket): bucket is OverdueBucket => bucket !== 'not-due',
);

/** Human-readable names of the buckets. */
export const AGEING_LABELS: Readonly<Record<AgeingBucket, string>> = {
  'not-due': 'Not yet due',
  '1-30': '1 to 30 days overdue',
  '31-60': '31 to 60 days overdue',
  '61-90': '61 to 90 days overdue',
  'over-90': 'More than 90 days overdue',
};

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The bucket of an item due on `dueOn`, seen on `today`. */
export function ageingBucket(dueOn: IsoDate, today: IsoDate): AgeingBucket {
  const overdue = daysBetween(dueOn, today);
  if (overdue <= 0) return 'not-due';
  if (overdue <= 30) return '1-30';
  if (overdue <= 60) return '31-60';
  if (overdue <= 90) return '61-90';
  return 'over-90';
}
