import { AtscaleError } from '../errors.js';

/** A calendar date written 'YYYY-MM-DD'; ISO dates of this shape sort and compare as strings. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is a real calendar date written 'YYYY-MM-DD' (so '2024-02-30' is not). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  // Round-trip through UTC so that impossible days (30 February) are caught, not rolled over.
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Throws validation-failed naming the field unless the text is a 'YYYY-MM-DD' date. Dates are
 * compared as strings throughout the domain, which is only safe once their shape is checked.
 */
export function assertIsoDate(value: string, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) {
    const message = `${value} is not a date written YYYY-MM-DD`;
    throw new AtscaleError('validation-failed', message, [{ field, message }]);
  }
}

// 'en-CA' writes dates as YYYY-MM-DD, the shape the domain compares as text.
const englishCalendar = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England at an instant. What is "in force today" (a form, a cost centre,
 * a membership stage) follows the practices' calendar, not the server's time zone: just after
 * midnight in summer, UTC is still on yesterday.
 */
export function dateInEngland(instant: Date): IsoDate {
  return englishCalendar.format(instant);
}

/** The months' names in English, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
