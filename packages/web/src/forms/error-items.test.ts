import { describe, expect, it } from 'vitest';
import { ApiError, type Problem } from '../api/problem';
import { errorFor, problemItems, refusalItems } from './error-items';

const problem = (detail: string, errors?: Problem['errors']): Problem => ({
  type: 'urn:atscale:problem:x',
  title: 'x',
  status: 400,
  code: 'validation-failed',
  detail,
  ...(errors ? { errors } : {}),
});

const links = {
  hrefFor: (field: string) => `#${field.split('/').pop() ?? ''}`,
  fallbackHref: '#name',
};

describe('error summary items', () => {
  it('finds the message for a control by its id', () => {
    const errors = [{ text: 'Enter a name', href: '#name' }];
    expect(errorFor(errors, 'name')).toBe('Enter a name');
    expect(errorFor(errors, 'code')).toBeUndefined();
  });

  it('links each field the server names, saying its message or else the detail', () => {
    expect(
      problemItems(
        problem('Two fields are wrong', [
          { field: 'body/postcode', message: 'Enter a real postcode' },
          { field: 'body/code', message: '' },
        ]),
        links,
      ),
    ).toEqual([
      { text: 'Enter a real postcode', href: '#postcode' },
      { text: 'Two fields are wrong', href: '#code' },
    ]);
  });

  it('shows the detail at the fallback when no field is named', () => {
    expect(problemItems(problem('Already taken'), links)).toEqual([
      { text: 'Already taken', href: '#name' },
    ]);
    expect(problemItems(problem('Already taken', [{ field: '', message: 'x' }]), links)).toEqual([
      { text: 'Already taken', href: '#name' },
    ]);
  });

  it('words field errors as the form asks', () => {
    const text = (error: { message: string }) => error.message.toUpperCase();
    expect(
      problemItems(problem('x', [{ field: 'body/code', message: 'too long' }]), { ...links, text }),
    ).toEqual([{ text: 'TOO LONG', href: '#code' }]);
  });

  it('says why a request failed without an answer from the server', () => {
    const refused = new ApiError(problem('Conflict'));
    expect(refusalItems(refused, links)).toEqual([{ text: 'Conflict', href: '#name' }]);
    expect(refusalItems(new TypeError('Failed to fetch'), links)).toEqual([
      { text: 'Failed to fetch', href: '#name' },
    ]);
    expect(refusalItems('odd', links)).toEqual([{ text: 'The request failed.', href: '#name' }]);
    expect(
      refusalItems(new TypeError('Failed to fetch'), { ...links, failed: 'Try again' }),
    ).toEqual([{ text: 'Try again', href: '#name' }]);
  });
});
