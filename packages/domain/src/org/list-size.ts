import { AtscaleError } from '../errors.js';
import { checkDatedHistory, inForceOn } from './dated-history.js';
import { assertIsoDate, type IsoDate } from './iso-date.js';

/** A practice's registered list size as counted on a date. */
export interface ListSizeCount {
  readonly date: IsoDate;
  readonly listSize: number;
}

/**
 * The list size on a date: the latest count on or before it, or null when every count is later.
 * Counts may be in any order; two on one date, or a size that is not a whole number of
 * patients, are refused (validation-failed).
 */
export function listSizeOn(history: readonly ListSizeCount[], date: IsoDate): number | null {
  assertIsoDate(date, '/date');
  checkDatedHistory(history, (count) => count.date, 'list size count');
  history.forEach((count, index) => {
    if (!Number.isSafeInteger(count.listSize) || count.listSize < 0) {
      const message = `A list size is a whole number of patients, not ${count.listSize}`;
      throw new AtscaleError('validation-failed', message, [
        { field: `/${index}/listSize`, message },
      ]);
    }
  });
  return inForceOn(history, (count) => count.date, date)?.listSize ?? null;
}
