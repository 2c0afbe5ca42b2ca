// Verhoeff's dihedral-group tables (J. Verhoeff, 1969), as SNOMED CT uses for the check digit
// of every identifier (SNOMED CT Technical Implementation Guide, "Check digit").
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

const table = (rows: number[][], i: number, j: number): number => rows[i]?.[j] ?? 0;

/** The Verhoeff check digit for a string of digits. */
export function verhoeffCheckDigit(digits: string): number {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    c = table(D, c, table(P, (i + 1) % 8, Number(digits[digits.length - 1 - i])));
  }
  return INV[c] ?? 0;
}

/** True when a string of digits ends in a correct Verhoeff check digit. */
export function hasValidVerhoeff(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    c = table(D, c, table(P, i % 8, Number(digits[digits.length - 1 - i])));
  }
  return c === 0;
}

/**
 * Why a text is not a SNOMED CT concept identifier, or null when it is one: 6 to 18 digits, no
 * leading zero, a concept partition (the two digits before the check digit: 00 in the
 * International edition, 10 in an extension such as the UK's), and a correct Verhoeff check
 * digit. Code lists and coded records name concepts, never descriptions or relationships.
 */
export function sctidProblem(value: string): string | null {
  if (!/^[1-9]\d{5,17}$/.test(value)) return `${value} is not a SNOMED CT id (6 to 18 digits)`;
  const partition = value.slice(-3, -1);
  if (partition !== '00' && partition !== '10') {
    return `${value} is not a SNOMED CT concept id: its partition is ${partition}, not 00 or 10`;
  }
  if (!hasValidVerhoeff(value)) return `${value} is not a SNOMED CT id: its check digit is wrong`;
  return null;
}

/** True when the text is a well-formed SNOMED CT concept identifier. */
export function isSctid(value: string): boolean {
  return sctidProblem(value) === null;
}
