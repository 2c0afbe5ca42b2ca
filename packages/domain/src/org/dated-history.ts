import { AtscaleError } from '../errors.js';
import { assertIsoDate, type IsoDate } from './iso-date.js';

/**
 * Checks every date of a dated history and refuses two entries on the same date for the same
 * key: with one-day granularity, two changes on one day would make "what was in force" ambiguous.
 * `what` names the history in the message, e.g. "form change".
 */
export function checkDatedHistory<T>(
  items: readonly T[],
  dateOf: (item: T) => IsoDate,
  what: string,
  keyOf: (item: T) => string = () => '',
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const date = dateOf(item);
    assertIsoDate(date, `/${index}`);
    const key = `${keyOf(item)}\u0000${date}`;
    if (seen.has(key)) {
      const message = `Two ${what}s are recorded on ${date}; keep one`;
      throw new AtscaleError('validation-failed', message, [{ field: `/${index}`, message }]);
    }
    seen.add(key);
  });
}

/**
 * The entry in force on a date: the one with the latest date on or before it, or undefined when
 * every entry is later. The history need not be sorted; dates must already be checked.
 */
export function inForceOn<T>(
  items: readonly T[],
  dateOf: (item: T) => IsoDate,
  date: IsoDate,
): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    const from = dateOf(item);
    // ISO dates compare correctly as strings.
    if (from <= date && (best === undefined || from > dateOf(best))) best = item;
  }
  return best;
}
