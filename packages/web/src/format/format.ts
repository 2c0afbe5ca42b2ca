import { MONTH_NAMES as months, formatPounds } from '@atscale/domain';

/** Integer pence as pounds with two decimal places, e.g. 200 → "£2.00", 123456 → "£1,234.56". */
export function formatPence(pence: number): string {
  return formatPounds(Math.round(pence));
}

/** An ISO date (`2025-10-01`, or a timestamp starting with one) as "1 October 2025"; anything else unchanged. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const name = months[Number(month) - 1];
  if (!name) return iso;
  return `${Number(day)} ${name} ${year}`;
}

/** An ISO date as "Oct 2025", short enough for a chart axis. */
export function formatMonthYear(iso: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(iso);
  const name = match ? months[Number(match[2]) - 1] : undefined;
  if (!match || !name) return iso;
  return `${name.slice(0, 3)} ${match[1]}`;
}

/** A whole number with thousands separators, e.g. 12345 → "12,345". */
export function formatCount(value: number): string {
  return value.toLocaleString('en-GB');
}

/** "Yes" or "No". */
export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** An id such as `stays-with-organisation` as words: "Stays with organisation". */
export function idAsWords(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A 10-digit NHS number spaced 3-3-4, e.g. "9990000018" → "999 000 0018"; anything else unchanged. */
export function formatNhsNumber(nhsNumber: string): string {
  const digits = nhsNumber.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return nhsNumber;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
