import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldProblem } from '@atscale/domain';

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are refused, not silently dropped.
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

// Query strings and path parameters arrive as text and need coercing to numbers; a JSON body
// must already have the right types, so `{"age": "3"}` is refused rather than converted.
const coercing = makeAjv(true);
const strict = makeAjv(false);

/** Fastify validator: strict for bodies, coercing for query strings, params and headers. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object);
};

/** Turns Ajv's errors into one problem per field, with a JSON pointer into the request part. */
export function fieldProblems(part: string, errors: readonly ErrorObject[]): FieldProblem[] {
  return errors.map((error) => {
    let pointer = error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      pointer += `/${params.missingProperty}`;
    }
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      pointer += `/${params.additionalProperty}`;
      return { field: `${part}${pointer}`, message: 'is not a known field' };
    }
    if (error.keyword === 'required') return { field: `${part}${pointer}`, message: 'is required' };
    return { field: `${part}${pointer || ''}`, message: error.message ?? 'is not valid' };
  });
}
