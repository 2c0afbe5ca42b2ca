/**
 * ODS codes of GP practices and similar organisations on the public practice list: a letter,
 * then a letter or digit, then four digits, in capitals (A81001, Y02960). The same rule is the
 * practice table's check constraint.
 */
const ODS_PRACTICE_CODE = /^[A-Z][A-Z0-9][0-9]{4}$/;

/** Why a text is not a GP practice ODS code, or null when it is one. */
export function odsCodeProblem(value: string): string | null {
  if (value.trim() !== value) return 'An ODS code has no spaces around it';
  if (value.length !== 6) return 'A practice ODS code has 6 characters, like A81001';
  if (value !== value.toUpperCase()) return 'An ODS code is written in capital letters';
  if (!ODS_PRACTICE_CODE.test(value)) {
    return 'A practice ODS code is a letter, a letter or digit, then four digits, like A81001';
  }
  return null;
}

/** True when the text is a GP practice ODS code. */
export function isOdsCode(value: string): boolean {
  return odsCodeProblem(value) === null;
}
