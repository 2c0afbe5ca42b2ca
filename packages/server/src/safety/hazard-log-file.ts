import { readFile } from 'node:fs/promises';
import {
  AtscaleError,
  CONTROL_KINDS,
  HAZARD_STATUSES,
  LIKELIHOODS,
  SEVERITIES,
  type HazardLog,
} from '@atscale/domain';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';

const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const text = Type.String({ minLength: 1 });
const risk = Type.Object(
  { severity: oneOf(SEVERITIES), likelihood: oneOf(LIKELIHOODS) },
  { additionalProperties: false },
);

/** The schema of `safety/hazards.yaml`: what every hazard must say. */
export const HAZARD_LOG_SCHEMA: TSchema = Type.Object(
  {
    hazards: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^H-[0-9]{3}$' }),
          title: text,
          causes: Type.Array(text, { minItems: 1 }),
          effect: text,
          harm: text,
          initial: risk,
          controls: Type.Array(
            Type.Object(
              {
                description: text,
                kind: oneOf(CONTROL_KINDS),
                tests: Type.Optional(
                  Type.Array(
                    Type.Object({ file: text, test: text }, { additionalProperties: false }),
                  ),
                ),
              },
              { additionalProperties: false },
            ),
          ),
          residual: risk,
          status: oneOf(HAZARD_STATUSES),
          owner: text,
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

/**
 * Reads and validates a hazard log. Anything the schema refuses is reported with where it is
 * (`/hazards/3/residual/likelihood`), and a YAML syntax error with its line.
 */
export async function readHazardLog(path: string): Promise<HazardLog> {
  const source = await readFile(path, 'utf8');
  return parseHazardLog(source, path);
}

/** Parses and validates the text of a hazard log; `path` is for messages. */
export function parseHazardLog(source: string, path: string): HazardLog {
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    throw new AtscaleError(
      'validation-failed',
      `${path} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const errors = [...Value.Errors(HAZARD_LOG_SCHEMA, data)];
  if (errors.length > 0) {
    const fields = errors.slice(0, 20).map((e) => ({ field: e.path || '/', message: e.message }));
    throw new AtscaleError(
      'validation-failed',
      `${path} does not match the hazard log's schema:\n${fields
        .map((f) => `  ${f.field}: ${f.message}`)
        .join('\n')}`,
      fields,
    );
  }
  return data as HazardLog;
}
