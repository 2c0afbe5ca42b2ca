import { SUPPRESS_BELOW, type ReviewDue } from '@atscale/domain';
import { formatCount, formatDate } from '../../format/format';

/** A register count as text: suppressed counts (null) say only that they are small. */
export function registerCountText(count: number | null): string {
  return count === null ? `fewer than ${String(SUPPRESS_BELOW)}` : formatCount(count);
}

/** A prevalence as text, or a dash when it is suppressed or has no denominator. */
export function prevalenceText(percent: number | null): string {
  return percent === null ? '–' : `${percent.toFixed(1)}%`;
}

/** One review's status in words: when it was last done, and whether it is due. */
export function reviewText(review: {
  lastOn: string | null;
  due: ReviewDue;
  dueOn: string | null;
}) {
  if (review.lastOn === null) return 'Due: never done';
  const last = formatDate(review.lastOn);
  return review.due === 'expired'
    ? `Due: last ${last}`
    : `Done ${last}, next by ${formatDate(review.dueOn ?? review.lastOn)}`;
}
