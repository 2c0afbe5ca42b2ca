/**
 * The error catalogue: every failure a caller can see has one stable code. The server maps
 * each code to an HTTP status and title in one place; the web app can rely on the codes.
 */
export const ERROR_CODES = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'not-authenticated': { status: 401, title: 'Sign in first' },
  'sign-in-failed': { status: 401, title: 'Email address or password is wrong' },
  forbidden: { status: 403, title: 'You do not have permission to do this' },
  'origin-refused': { status: 403, title: 'The request came from another site' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'This conflicts with the current state' },
  'precondition-failed': { status: 412, title: 'The resource has changed since it was read' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'business-rule': { status: 422, title: 'This breaks a business rule' },
  'account-locked': { status: 423, title: 'The account is locked' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'The service is not available' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** One field that failed validation: a JSON pointer such as `/email` and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An error a caller should see: its code, a sentence that says what is wrong, and fields. */
export class AtscaleError extends Error {
  override readonly name = 'AtscaleError';
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(detail);
  }
}

/** Shorthand for a 404 that names what was not found. */
export function notFound(what: string): AtscaleError {
  return new AtscaleError('not-found', `${what} was not found`);
}

/** Shorthand for a 403 that says what was refused. */
export function forbidden(what: string): AtscaleError {
  return new AtscaleError('forbidden', `You do not have permission to ${what}`);
}
