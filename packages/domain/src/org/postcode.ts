/**
 * UK postcodes: an outward code (area letters, district digits, maybe a letter or digit) and an
 * inward code (a digit and two letters), written in capitals with one space between, such as
 * B17 9QN or SW1A 1AA. The inward code's letters never include C, I, K, M, O or V, which Royal
 * Mail leaves out because they are misread in handwriting. GIR 0AA is the one historic exception.
 */
const POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)$/;

/**
 * A postcode as people type it, written the standard way: capitals, no spaces around it and one
 * space before the inward code ("b17  9qn " becomes "B17 9QN"). It does not check the format:
 * ask {@link postcodeProblem} for that.
 */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5) return compact;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** Why a text (after {@link normalisePostcode}) is not a UK postcode, or null when it is one. */
export function postcodeProblem(value: string): string | null {
  const postcode = normalisePostcode(value);
  if (postcode === '') return 'Enter a postcode';
  if (!POSTCODE.test(postcode)) {
    return 'Enter a real UK postcode, like B17 9QN or SW1A 1AA';
  }
  return null;
}

/** True when the text, written the standard way, is a UK postcode. */
export function isPostcode(value: string): boolean {
  return postcodeProblem(value) === null;
}
