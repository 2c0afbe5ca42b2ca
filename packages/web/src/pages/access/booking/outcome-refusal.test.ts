import { describe, expect, it } from 'vitest';
import { ApiError, toProblem } from '../../../api/problem';
import { outcomeRefusal } from './outcome-refusal';

const refusal = (status: number, field: string | null) =>
  new ApiError(
    toProblem(status, {
      status,
      title: 'Conflict',
      detail: 'The triage outcome "Telephone consultation" asks for a telephone slot',
      code: 'conflict',
      ...(field ? { errors: [{ field, message: 'x' }] } : {}),
    }),
  );

describe('outcomeRefusal', () => {
  it('gives the API’s words when the slot does not fit the request’s triage outcome', () => {
    expect(outcomeRefusal(refusal(409, 'body/outcomeOverrideReason'))).toBe(
      'The triage outcome "Telephone consultation" asks for a telephone slot',
    );
  });

  it('leaves other refusals to the page’s problem alone', () => {
    expect(outcomeRefusal(refusal(409, null))).toBeNull();
    expect(outcomeRefusal(refusal(400, 'body/outcomeOverrideReason'))).toBeNull();
    expect(outcomeRefusal(new Error('offline'))).toBeNull();
  });
});
