/** How bad the harm could be, after DCB0129's clinical risk management matrix. */
export const SEVERITIES = [
  'minor',
  'significant',
  'considerable',
  'major',
  'catastrophic',
] as const;
/** A severity. */
export type Severity = (typeof SEVERITIES)[number];

/** How likely the harm is. */
export const LIKELIHOODS = ['very-low', 'low', 'medium', 'high', 'very-high'] as const;
/** A likelihood. */
export type Likelihood = (typeof LIKELIHOODS)[number];

/** A severity and a likelihood: one cell of the matrix. */
export interface RiskAssessment {
  readonly severity: Severity;
  readonly likelihood: Likelihood;
}

// Rows by likelihood (very low first), columns by severity (minor first): the five-by-five
// matrix of the NHS clinical risk management standards (DCB0129/DCB0160).
const MATRIX: readonly (readonly number[])[] = [
  [1, 1, 2, 2, 3],
  [1, 2, 2, 3, 4],
  [2, 2, 3, 3, 4],
  [2, 3, 3, 4, 5],
  [3, 4, 4, 5, 5],
];

/** The risk rating, 1 (acceptable) to 5 (unacceptable), of a severity and likelihood. */
export function riskRating(risk: RiskAssessment): number {
  const rating = MATRIX[LIKELIHOODS.indexOf(risk.likelihood)]?.[SEVERITIES.indexOf(risk.severity)];
  if (rating === undefined) throw new RangeError('not a severity and likelihood of the matrix');
  return rating;
}

/** What each rating asks for, in the standard's words. */
export const RISK_RATING_LABELS: Readonly<Record<number, string>> = {
  1: 'Acceptable, no further action',
  2: 'Acceptable where further risk reduction is impractical',
  3: 'Undesirable: accepted only where reduction is impractical and benefits are clear',
  4: 'Mandatory elimination or control to reduce risk to an acceptable level',
  5: 'Unacceptable',
};
