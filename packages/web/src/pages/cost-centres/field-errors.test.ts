import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/problem';
import { fieldHref, problemItems, refusedItems } from './field-errors';

const problem = (detail: string, errors?: { field: string; message: string }[]) => ({
  type: 'urn:atscale:problem:x',
  title: 'x',
  status: 400,
  code: 'validation-failed',
  detail,
  ...(errors ? { errors } : {}),
});

describe('cost centre field errors', () => {
  it('links a server pointer to the field of the form that sent it', () => {
    expect(fieldHref('merge', 'body/from/2')).toBe('#merge-from');
    expect(fieldHref('merge', 'body/newCostCentre/name')).toBe('#merge-new-name');
    expect(fieldHref('merge', 'body/effectiveFrom')).toBe('#merge-effectiveFrom-day');
    expect(fieldHref('create', 'body/code')).toBe('#create-code');
    expect(fieldHref('assign', 'body/costCentreId')).toBe('#assign-costCentre');
    expect(fieldHref('as-at', 'querystring/on')).toBe('#asAt-day');
    expect(fieldHref('assign', 'body/somethingElse')).toBe('#assign-effectiveFrom-day');
  });

  it('shows a conflict’s detail, and one readable message per field', () => {
    expect(problemItems('merge', problem('Practice X already has a cost centre change'))).toEqual([
      { text: 'Practice X already has a cost centre change', href: '#merge-from' },
    ]);
    expect(
      problemItems(
        'merge',
        problem('body/from/0 must match format "uuid" (and 1 more)', [
          { field: 'body/from/0', message: 'must match format "uuid"' },
          { field: 'body/from/1', message: 'must match format "uuid"' },
          { field: 'body/reason', message: 'Enter why the cost centres merge' },
        ]),
      ),
    ).toEqual([
      { text: 'Choose the cost centres to merge', href: '#merge-from' },
      { text: 'Enter why the cost centres merge', href: '#merge-reason' },
    ]);
  });

  it('says a refusal for want of permission, or a failure to reach the server, at the top', () => {
    expect(refusedItems('create', new ApiError({ ...problem('Forbidden'), status: 403 }))).toEqual([
      { text: 'You do not have permission to change cost centres', href: '#maincontent' },
    ]);
    expect(refusedItems('create', new ApiError(problem('Code taken')))).toEqual([
      { text: 'Code taken', href: '#create-code' },
    ]);
    expect(refusedItems('create', new TypeError('Failed to fetch'))).toEqual([
      { text: 'Failed to fetch', href: '#maincontent' },
    ]);
  });
});
