import { AtscaleError } from '../errors.js';

/** An amount of money in whole pence (GBP). Never a float of pounds. */
export type Pence = number;

/**
 * The largest single amount atscale takes: £1 billion. Far above any practice's figures, and
 * low enough that thousands of such amounts still add up exactly in a JavaScript number.
 */
export const MAX_AMOUNT_PENCE: Pence = 100_000_000_000;

/** True when the value is a whole number of pence that JavaScript holds exactly. */
export function isPence(value: unknown): value is Pence {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Refuses anything that is not whole pence, naming the field. */
export function assertPence(value: unknown, field: string): asserts value is Pence {
  if (!isPence(value)) {
    throw new AtscaleError('validation-failed', `${field} must be a whole number of pence`, [
      { field, message: 'Give the amount in whole pence, for example 12345 for £123.45' },
    ]);
  }
}

/**
 * Divides two whole numbers and rounds half away from zero, exactly: the rounding of VAT per
 * line and of any rate applied to money, without the binary fractions of floating point.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('divideRoundHalfUp takes whole numbers and a positive denominator');
  }
  const sign = numerator < 0 ? -1 : 1;
  const size = Math.abs(numerator);
  const quotient = Math.floor(size / denominator);
  const remainder = size - quotient * denominator;
  const rounded = remainder * 2 >= denominator ? quotient + 1 : quotient;
  return sign * rounded;
}

/** Pence as pounds for people: £1,234.56, with a minus sign before the pound sign. */
export function formatPounds(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Reads an amount of pounds as people write it ("1,234.5", "£12", "-3.07") into pence, exactly;
 * null when it is not an amount. More than two decimal places is not an amount of money.
 */
export function parsePounds(text: string): Pence | null {
  const match = /^\s*(-)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number((match[2] ?? '').replace(/,/g, ''));
  const fraction = Number((match[3] ?? '0').padEnd(2, '0'));
  const pence = whole * 100 + fraction;
  if (!Number.isSafeInteger(pence)) return null;
  return match[1] ? -pence : pence;
}
