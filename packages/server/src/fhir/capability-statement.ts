import type { FhirResource } from './bundle.js';
import { FHIR_JSON } from './operation-outcome.js';
import { RESULT_PARAMETERS, type SearchParameter } from './search.js';

/** What the facade serves for one resource type: its interactions and search parameters. */
export interface ResourceCapability {
  readonly type: string;
  readonly profile: string;
  readonly interactions: readonly ('read' | 'search-type')[];
  readonly searchParams: readonly SearchParameter[];
  readonly documentation: string;
}

/**
 * The CapabilityStatement at /fhir/R4/metadata, built from the same definitions the routes
 * parse searches with, so it says exactly what is supported and nothing more.
 */
export function capabilityStatement(
  base: string,
  resources: readonly ResourceCapability[],
  date: string,
): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'atscale',
    kind: 'instance',
    software: { name: 'atscale' },
    implementation: {
      description: 'atscale FHIR R4 facade over the organisation’s practices, sites and access',
      url: base,
    },
    fhirVersion: '4.0.1',
    format: [FHIR_JSON, 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Searches honour Prefer: handling=strict (unknown parameters are refused with 400); ' +
          'otherwise they are ignored and reported in an OperationOutcome entry of the Bundle.',
        security: {
          description:
            'Every call except this statement needs a signed-in atscale session; an ' +
            'organisation sees only its own practices and sites.',
        },
        resource: resources.map((r) => ({
          type: r.type,
          profile: r.profile,
          documentation: r.documentation,
          interaction: r.interactions.map((code) => ({ code })),
          searchParam: [...r.searchParams, ...RESULT_PARAMETERS].map((p) => ({
            name: p.name,
            type: p.type,
            documentation: p.documentation,
          })),
        })),
      },
    ],
  };
}
