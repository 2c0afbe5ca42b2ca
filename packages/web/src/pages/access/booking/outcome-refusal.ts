import { ApiError } from '../../../api/problem';

/**
 * The API's words when it refused a slot as not fitting the triage outcome of the request it
 * was booked for (H-016: a 409 naming outcomeOverrideReason), else null: the slot finder then
 * asks for a reason to book it anyway beside the held slot.
 */
export function outcomeRefusal(error: unknown): string | null {
  return error instanceof ApiError &&
    error.status === 409 &&
    (error.problem.errors ?? []).some((e) => e.field.endsWith('outcomeOverrideReason'))
    ? error.message
    : null;
}
