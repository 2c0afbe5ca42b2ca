import { isIsoDate } from '@atscale/domain';
/**
 * A date written YYYYMMDD (the practice list's form) as YYYY-MM-DD, or undefined when it is
 * not a real calendar date (20190230 is refused, not rolled over into March).
 */
export function isoDateFromCompact(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  return isoDate(`${match[1] ?? ''}-${match[2] ?? ''}-${match[3] ?? ''}`);
}

/** The text when it is a real calendar date written YYYY-MM-DD, else undefined. */
export function isoDate(text: string): string | undefined {
  return isIsoDate(text) ? text : undefined;
}
