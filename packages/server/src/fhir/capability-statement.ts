import type { FhirResource } from './bundle.js';
import { FHIR_JSON } from './operation-outcome.js';
import { RESULT_PARAMETERS, type SearchParameter } from './search.js';
import { APPOINTMENT_SEARCH } from './appointment.js';
import { SCHEDULE_SEARCH } from './schedule.js';
import { SCHEDULING, SLOT_INCLUDES, SLOT_SEARCH } from './slot.js';

/** An operation a resource type serves, and the OperationDefinition it follows. */
export interface OperationCapability {
  readonly name: string;
  readonly definition: string;
  readonly documentation: string;
}

/** What the facade serves for one resource type: its interactions and search parameters. */
export interface ResourceCapability {
  readonly type: string;
  readonly profile: string;
  readonly interactions: readonly ('read' | 'search-type' | 'update' | 'patch')[];
  readonly searchParams: readonly SearchParameter[];
  readonly documentation: string;
  /** `_include` values the searches take (`Slot:schedule`). */
  readonly searchInclude?: readonly string[];
  readonly operations?: readonly OperationCapability[];
  /** How versions are kept: `versioned-update` when updates honour If-Match. */
  readonly versioning?: 'no-version' | 'versioned' | 'versioned-update';
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
          // SMART App Launch 1.0 (STU1) puts the OAuth endpoints here, as this extension.
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: new URL('/oauth/token', base).toString() }],
            },
          ],
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                  display: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth 2.0 client credentials (SMART Backend Services style) with a client secret',
            },
          ],
          description:
            'Every call except this statement needs either a signed-in atscale session (people) ' +
            'or, for other systems, `Authorization: Bearer` with a short-lived access token from ' +
            `${new URL('/oauth/token', base).toString()}: POST grant_type=client_credentials ` +
            '(form-encoded) with the client id and secret an organisation administrator registered ' +
            '(HTTP Basic or client_id and client_secret). Scopes are SMART system scopes: ' +
            'system/<Type>.read and system/<Type>.write, or system/*.read and system/*.write ' +
            '(SMART v2 .rs and .cruds are understood too); a call outside the token’s scopes is ' +
            'refused with 403. A client acts for one practice or one hub and sees only what its ' +
            'organisation and practices allow; every call it makes is audited. An organisation ' +
            'sees only its own practices and sites.',
        },
        resource: resources.map((r) => ({
          type: r.type,
          profile: r.profile,
          documentation: r.documentation,
          interaction: r.interactions.map((code) => ({ code })),
          ...(r.versioning ? { versioning: r.versioning } : {}),
          ...(r.interactions.includes('update') ? { updateCreate: false } : {}),
          ...(r.searchInclude ? { searchInclude: [...r.searchInclude] } : {}),
          ...(r.operations
            ? {
                operation: r.operations.map((o) => ({
                  name: o.name,
                  definition: o.definition,
                  documentation: o.documentation,
                })),
              }
            : {}),
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

const IHE_OPERATION = 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-';

/**
 * The scheduling resources (issue 7): Schedule (a rota session), Slot and Appointment, with
 * IHE ITI Scheduling's $find, $hold and $book, and cancelling by PUT or PATCH with If-Match.
 */
export const SCHEDULING_RESOURCES: readonly ResourceCapability[] = [
  {
    type: 'Schedule',
    profile: 'http://hl7.org/fhir/StructureDefinition/Schedule',
    interactions: ['read', 'search-type'],
    searchParams: SCHEDULE_SEARCH,
    documentation:
      'A rota session that offers slots (Schedule/[session id]); actors: its site (Location), ' +
      'clinician (Practitioner, PractitionerRole) and service (HealthcareService)',
  },
  {
    type: 'Slot',
    profile: 'http://hl7.org/fhir/StructureDefinition/Slot',
    interactions: ['read', 'search-type'],
    searchParams: SLOT_SEARCH,
    searchInclude: SLOT_INCLUDES,
    documentation:
      'Slots the caller’s patients may have, free while a place is left; the delivery channel ' +
      `is the extension ${SCHEDULING.deliveryChannelExtension}`,
  },
  {
    type: 'Appointment',
    profile: 'https://profiles.ihe.net/ITI/Scheduling/StructureDefinition/ihe-sched-appt',
    interactions: ['read', 'search-type', 'update', 'patch'],
    searchParams: APPOINTMENT_SEARCH,
    versioning: 'versioned-update',
    operations: [
      {
        name: 'find',
        definition: `${IHE_OPERATION}find`,
        documentation:
          'Proposed Appointments for free slots: start, end, service-type, delivery-channel, ' +
          'location, practitioner, role, patient, _count',
      },
      {
        name: 'hold',
        definition: `${IHE_OPERATION}hold`,
        documentation:
          'Holds a place in a slot (slot, or appointment-resource with its slot) for the ' +
          'organisation’s hold time: a pending Appointment with the expiry as an extension',
      },
      {
        name: 'book',
        definition: `${IHE_OPERATION}book`,
        documentation:
          'Books a held (appointment-reference) or free (slot) place for a patient: 201, ' +
          'ETag; 409 when the slot was taken, 422 when a booking rule refuses',
      },
    ],
    documentation:
      'Appointments and holds; cancel by PUT or PATCH (JSON Patch) of status cancelled, with ' +
      'If-Match (412 when stale); the booking organisation is the extension ' +
      SCHEDULING.bookingOrganisationExtension,
  },
];
