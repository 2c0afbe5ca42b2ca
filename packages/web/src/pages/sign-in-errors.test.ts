import { describe, expect, it } from 'vitest';
import { toProblem } from '../api/problem';
import { signInErrors, validateSignIn } from './sign-in-errors';

describe('sign-in errors', () => {
  it('asks for both fields when they are empty', () => {
    expect(validateSignIn('', '')).toEqual([
      { text: 'Enter your email address', href: '#email' },
      { text: 'Enter your password', href: '#password' },
    ]);
    expect(validateSignIn('a@b.test', 'secret')).toEqual([]);
  });

  it("shows the server's detail for a refused sign-in", () => {
    const problem = toProblem(423, {
      type: 'about:blank',
      title: 'Locked',
      status: 423,
      detail: 'This account is locked. Try again in 15 minutes.',
      code: 'account-locked',
    });
    expect(signInErrors(problem)).toEqual([
      { text: 'This account is locked. Try again in 15 minutes.', href: '#email' },
    ]);
  });

  it('points field errors at their fields', () => {
    const problem = toProblem(400, {
      status: 400,
      detail: 'Invalid body',
      errors: [{ field: 'email', message: 'Enter an email address in the correct format' }],
    });
    expect(signInErrors(problem)).toEqual([
      { text: 'Enter an email address in the correct format', href: '#email' },
    ]);
  });

  it('explains when the server cannot be reached', () => {
    expect(signInErrors(undefined)[0]?.text).toMatch(/could not be reached/);
  });

  it('reads a body that is not a problem', () => {
    expect(toProblem(502, 'Bad gateway').detail).toBe('Sorry, there is a problem with the service');
  });
});
