import { AtscaleError, type ErrorCode } from '@atscale/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_JSON, isFhirUrl, operationOutcome } from '../fhir/operation-outcome.js';
import { problem } from '../problem.js';
import { fieldProblems } from '../validation.js';

/**
 * Sends the answer for a failure with a catalogue code: problem+json, or under the FHIR base an
 * OperationOutcome with the same status, so FHIR clients get FHIR whatever went wrong.
 */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors: AtscaleError['errors'] = [],
): FastifyReply {
  const body = problem(code, detail, reply.request.id, errors);
  if (isFhirUrl(reply.request.url.split('?')[0] ?? '')) {
    return reply
      .code(body.status)
      .type(FHIR_JSON)
      .send(operationOutcome(code, detail, errors));
  }
  return reply.code(body.status).type('application/problem+json').send(body);
}

// Fastify's own client errors, by their codes, mapped to ours.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation-failed',
  FST_ERR_VALIDATION: 'validation-failed',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && ('code' in error || 'statusCode' in error);
}

/** Maps any thrown error to a problem+json answer; only our own faults become a 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AtscaleError) {
      return sendProblem(reply, error.code, error.detail, error.errors);
    }
    if (isFastifyError(error)) {
      if (error.validation) {
        const part = error.validationContext ?? 'body';
        const errors = fieldProblems(part, error.validation);
        const first = errors[0];
        const detail = first
          ? `${first.field} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
          : 'The request is not valid';
        return sendProblem(reply, 'validation-failed', detail, errors);
      }
      const mapped = typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
      if (mapped === 'malformed-json') {
        return sendProblem(reply, mapped, `The request body is not valid JSON: ${error.message}`);
      }
      if (mapped === 'body-too-large') {
        return sendProblem(reply, mapped, 'The request body is larger than this server accepts');
      }
      if (mapped) return sendProblem(reply, mapped, error.message);
      if (error.statusCode === 429) {
        return sendProblem(reply, 'rate-limited', 'Too many requests: wait a minute and try again');
      }
      if (error instanceof SyntaxError && error.statusCode === 400) {
        return sendProblem(
          reply,
          'malformed-json',
          `The request body is not valid JSON: ${error.message}`,
        );
      }
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(reply, 'validation-failed', error.message);
      }
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 'internal', 'Something went wrong on our side; it has been logged');
  });
}
