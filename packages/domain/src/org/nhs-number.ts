/**
 * The modulus-11 check digit of the first nine digits of an NHS number, or null when no valid
 * number can have those digits (the remainder gives 10).
 */
export function nhsNumberCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Why a text is not a valid NHS number, or null when it is one. Spaces are allowed. */
export function nhsNumberProblem(value: string): string | null {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return 'An NHS number has 10 digits';
  const check = nhsNumberCheckDigit(digits.slice(0, 9));
  if (check === null || check !== Number(digits[9])) {
    return 'The NHS number’s check digit is wrong: check it has been typed correctly';
  }
  return null;
}

/** True when the text is a valid NHS number (10 digits, modulus-11 check digit). */
export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value) === null;
}

/** The NHS number with its spaces removed, as stored. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/\s+/g, '');
}

/**
 * Valid NHS numbers from the 999 test range, which is never issued to a real patient, in
 * order. Numbers whose check digit would be 10 are skipped. About 909,000 exist.
 */
export function* testNhsNumbers(): Generator<string, void, undefined> {
  for (let serial = 0; serial < 1_000_000; serial++) {
    const firstNine = `999${String(serial).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(firstNine);
    if (check !== null) yield `${firstNine}${check}`;
  }
}
