import { ERROR_CODES, type ErrorCode, type FieldProblem } from '@atscale/domain';

/** The FHIR `issue-type` code of each of our error codes (http://hl7.org/fhir/issue-type). */
const ISSUE_TYPES: Readonly<Record<ErrorCode, string>> = {
  'validation-failed': 'invalid',
  'malformed-json': 'structure',
  'not-authenticated': 'login',
  'sign-in-failed': 'security',
  forbidden: 'forbidden',
  'origin-refused': 'security',
  'not-found': 'not-found',
  'method-not-allowed': 'not-supported',
  conflict: 'conflict',
  'precondition-failed': 'conflict',
  'body-too-large': 'too-long',
  'unsupported-media-type': 'not-supported',
  'business-rule': 'business-rule',
  'account-locked': 'lock-error',
  'rate-limited': 'throttled',
  unavailable: 'transient',
  internal: 'exception',
};

/** One issue of an OperationOutcome. */
export interface OutcomeIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: string;
  readonly diagnostics: string;
  readonly expression?: string[];
}

/** A FHIR R4 OperationOutcome (a type literal, so it is a FhirResource too). */
export type OperationOutcome = {
  readonly resourceType: 'OperationOutcome';
  readonly issue: OutcomeIssue[];
};

/**
 * The OperationOutcome of a failure: one issue saying what is wrong, then one per field (its
 * JSON pointer or search parameter as the expression), so a system client can act on it.
 */
export function operationOutcome(
  code: ErrorCode,
  detail: string,
  errors: readonly FieldProblem[] = [],
): OperationOutcome {
  const severity: OutcomeIssue['severity'] = ERROR_CODES[code].status >= 500 ? 'fatal' : 'error';
  const type = ISSUE_TYPES[code];
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity, code: type, diagnostics: detail },
      ...errors.map((e) => ({
        severity,
        code: type,
        diagnostics: e.message,
        expression: [e.field],
      })),
    ],
  };
}

/** A warning that does not stop the answer (an ignored search parameter, say). */
export function warningOutcome(warnings: readonly FieldProblem[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: warnings.map((w) => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: w.message,
      expression: [w.field],
    })),
  };
}

/** The media type of FHIR JSON. */
export const FHIR_JSON = 'application/fhir+json';

/** Whether a URL is under the FHIR base, whose answers (errors too) are FHIR resources. */
export const isFhirUrl = (url: string): boolean =>
  url === '/fhir/R4' || url.startsWith('/fhir/R4/');
