import type { ErrorSummaryItem } from '../components/error-summary';
import type { Problem } from '../api/problem';

const fields = new Set(['email', 'password']);

/** Checks the sign-in form before it is sent: both fields are needed. */
export function validateSignIn(email: string, password: string): ErrorSummaryItem[] {
  const errors: ErrorSummaryItem[] = [];
  if (!email) errors.push({ text: 'Enter your email address', href: '#email' });
  if (!password) errors.push({ text: 'Enter your password', href: '#password' });
  return errors;
}

/**
 * Turns a failed sign-in into error summary items. Field errors (400) point at their field;
 * anything else (wrong password 401, locked 423, rate limited 429) shows the server's detail.
 * No problem at all means the server could not be reached.
 */
export function signInErrors(problem: Problem | undefined): ErrorSummaryItem[] {
  if (!problem) {
    return [{ text: 'Sorry, the service could not be reached. Try again later.', href: '#email' }];
  }
  const fieldErrors = (problem.errors ?? []).filter((error) => fields.has(error.field));
  if (fieldErrors.length > 0) {
    return fieldErrors.map((error) => ({ text: error.message, href: `#${error.field}` }));
  }
  return [{ text: problem.detail, href: '#email' }];
}
