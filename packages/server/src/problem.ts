import { ERROR_CODES, type ErrorCode, type FieldProblem } from '@atscale/domain';
import { Type, type Static } from '@sinclair/typebox';

/** The problem+json body of every error answer (RFC 9457), with our stable code. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'What is wrong, in a sentence a person can act on' }),
    code: Type.String({ description: 'Stable error code from the catalogue' }),
    instance: Type.Optional(Type.String({ description: 'The request id' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'The fields that failed validation, as JSON pointers',
      }),
    ),
  },
  { $id: 'Problem' },
);

/** A problem+json body. */
export type Problem = Static<typeof Problem>;

/** Builds the problem body for a catalogue code. */
export function problem(
  code: ErrorCode,
  detail: string,
  requestId?: string,
  errors: readonly FieldProblem[] = [],
): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `urn:atscale:problem:${code}`,
    title,
    status,
    detail,
    code,
    ...(requestId ? { instance: requestId } : {}),
    ...(errors.length > 0 ? { errors: [...errors] } : {}),
  };
}

/**
 * The error answers most routes can give, for their response schemas: bad input, not signed
 * in, not allowed, not found, conflict.
 */
export const PROBLEM_RESPONSES = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
} as const;
