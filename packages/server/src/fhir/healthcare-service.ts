import {
  SLOT_SERVICE_LABELS,
  SLOT_SERVICES,
  SPECIALIST_SERVICES,
  type SlotService,
} from '@atscale/domain';
import type { Hub } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { ukCoreProfile } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { booleanToken, referenceId, stringMatches, tokenOf, idMatches } from './search.js';

/** The code system of atscale's slot services (HealthcareService.type, Slot.serviceType). */
export const SERVICE_TYPE_SYSTEM = 'https://atscale.example/fhir/CodeSystem/slot-service';

/** The code system saying which kind of HealthcareService one is: a service or a hub. */
export const SERVICE_KIND_SYSTEM =
  'https://atscale.example/fhir/CodeSystem/healthcare-service-kind';

/** HL7's service category of every service here: General Practice. */
const GENERAL_PRACTICE = {
  system: 'http://terminology.hl7.org/CodeSystem/service-category',
  code: '17',
  display: 'General Practice',
};

/** HealthcareService's search parameters, as the CapabilityStatement lists them. */
export const HEALTHCARE_SERVICE_SEARCH: readonly SearchParameter[] = [
  {
    name: '_id',
    type: 'token',
    documentation: 'The resource id: a slot service code (gp, msk, ...) or a hub id; a comma list',
  },
  {
    name: 'name',
    type: 'string',
    documentation: 'The name, or a word in it, starts with this (case and accents ignored)',
  },
  {
    name: 'service-type',
    type: 'token',
    documentation: `A slot service: ${SERVICE_TYPE_SYSTEM}|[code], or the code alone`,
  },
  {
    name: 'service-category',
    type: 'token',
    documentation: `The kind: ${SERVICE_KIND_SYSTEM}|service, |specialist-service or |hub`,
  },
  { name: 'location', type: 'reference', documentation: 'Offered at a site: Location/[id]' },
  {
    name: 'organization',
    type: 'reference',
    documentation: 'Provided by the organisation: Organization/[id]',
  },
  { name: 'active', type: 'token', documentation: 'true (every service listed is active)' },
];

const isSlotService = (code: string): code is SlotService =>
  (SLOT_SERVICES as readonly string[]).includes(code);

/**
 * The reference to a slot service's HealthcareService, for Slot, Schedule and PractitionerRole
 * (`HealthcareService/gp`, display "GP"); an unknown code keeps the code as its display.
 */
export function serviceReference(code: string): { reference: string; display: string } {
  return {
    reference: `HealthcareService/${code}`,
    display: isSlotService(code) ? SLOT_SERVICE_LABELS[code] : code,
  };
}

/** A slot service as a CodeableConcept (HealthcareService.type, and Slot.serviceType). */
export function serviceTypeConcept(code: string): Record<string, unknown> {
  const display = isSlotService(code) ? SLOT_SERVICE_LABELS[code] : code;
  return { coding: [{ system: SERVICE_TYPE_SYSTEM, code, display }], text: display };
}

const kind = (code: string, display: string) => ({
  coding: [GENERAL_PRACTICE, { system: SERVICE_KIND_SYSTEM, code, display }],
});

/** A site reference with its name. */
export interface SiteRef {
  readonly id: string;
  readonly name: string;
}

/**
 * A slot service as a HealthcareService of the organisation, offered at the sites that have
 * open slots of it from today on.
 */
export function slotServiceResource(
  orgId: string,
  code: SlotService,
  sites: readonly SiteRef[],
): FhirResource {
  const specialist = SPECIALIST_SERVICES.includes(code);
  return {
    resourceType: 'HealthcareService',
    id: code,
    meta: { profile: [ukCoreProfile('HealthcareService')] },
    active: true,
    providedBy: { reference: `Organization/${orgId}` },
    category: [
      specialist ? kind('specialist-service', 'Specialist service') : kind('service', 'Service'),
    ],
    type: [serviceTypeConcept(code)],
    ...(sites.length > 0
      ? { location: sites.map((s) => ({ reference: `Location/${s.id}`, display: s.name })) }
      : {}),
    name: SLOT_SERVICE_LABELS[code],
  };
}

/** A hub as a HealthcareService of the organisation at the hub's sites, naming its practices. */
export function hubServiceResource(orgId: string, hub: Hub): FhirResource {
  return {
    resourceType: 'HealthcareService',
    id: hub.id,
    meta: { lastUpdated: hub.updatedAt, profile: [ukCoreProfile('HealthcareService')] },
    active: true,
    providedBy: { reference: `Organization/${orgId}` },
    category: [kind('hub', 'Hub')],
    ...(hub.sites.length > 0
      ? {
          location: hub.sites.map((s) => ({ reference: `Location/${s.siteId}`, display: s.name })),
        }
      : {}),
    name: hub.name,
    ...(hub.practices.length > 0
      ? { comment: `Shared by ${hub.practices.map((p) => `${p.name} (${p.odsCode})`).join(', ')}` }
      : {}),
  };
}

type Coded = { coding?: { system?: string; code?: string }[] }[];

const hasCode = (concepts: unknown, value: string) => {
  const { system, code } = tokenOf(value);
  return ((concepts ?? []) as Coded).some((c) =>
    (c.coding ?? []).some((k) => (system === null || k.system === system) && k.code === code),
  );
};

/**
 * The filter of a HealthcareService search; values are checked before any resource is looked
 * at, so a bad one is a 400 even when nothing would match.
 */
export function healthcareServiceFilter(
  values: ReadonlyMap<string, string>,
): (resource: FhirResource) => boolean {
  const id = values.get('_id');
  const name = values.get('name');
  const type = values.get('service-type');
  const category = values.get('service-category');
  const location = values.get('location');
  const site = location === undefined ? undefined : referenceId('location', location, 'Location');
  const organization = values.get('organization');
  const org =
    organization === undefined
      ? undefined
      : referenceId('organization', organization, 'Organization');
  const active = values.get('active');
  const activeWanted = active === undefined ? undefined : booleanToken('active', active);
  return (resource) => {
    if (!idMatches(resource, id)) return false;
    if (
      name !== undefined &&
      !stringMatches(typeof resource.name === 'string' ? resource.name : '', name)
    )
      return false;
    if (type !== undefined && !hasCode(resource.type, type)) return false;
    if (category !== undefined && !hasCode(resource.category, category)) return false;
    if (site !== undefined) {
      const refs = (resource.location ?? []) as { reference: string }[];
      if (!refs.some((r) => r.reference === `Location/${site}`)) return false;
    }
    if (org !== undefined) {
      const ref = (resource.providedBy as { reference?: string } | undefined)?.reference;
      if (ref !== `Organization/${org}`) return false;
    }
    return activeWanted === undefined || String(resource.active) === activeWanted;
  };
}
