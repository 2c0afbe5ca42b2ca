import { SERVICE_ROLE, SLOT_SERVICES, STAFF_ROLE_LABELS } from '@atscale/domain';
import type { DirectoryPerson } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { serviceReference } from './healthcare-service.js';
import { ukCoreProfile } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { LAST_UPDATED_SEARCH, booleanToken, idMatches, referenceId, tokenOf } from './search.js';

/** The code system of atscale's staff roles (PractitionerRole.code). */
export const STAFF_ROLE_SYSTEM = 'https://atscale.example/fhir/CodeSystem/staff-role';

/** PractitionerRole's search parameters, as the CapabilityStatement lists them. */
export const PRACTITIONER_ROLE_SEARCH: readonly SearchParameter[] = [
  {
    name: '_id',
    type: 'token',
    documentation: 'The resource id (a staff member id); a comma list',
  },
  { name: 'practitioner', type: 'reference', documentation: 'Practitioner/[id]' },
  {
    name: 'organization',
    type: 'reference',
    documentation: 'Their practice, or the organisation for central staff: Organization/[id]',
  },
  { name: 'location', type: 'reference', documentation: 'A site they work at: Location/[id]' },
  {
    name: 'role',
    type: 'token',
    documentation: `Their staff role: ${STAFF_ROLE_SYSTEM}|[code] (gp, anp, practice-nurse, ...)`,
  },
  {
    name: 'service',
    type: 'reference',
    documentation: 'A service their role can offer: HealthcareService/[slot service code]',
  },
  { name: 'active', type: 'token', documentation: 'true for staff working here today' },
  LAST_UPDATED_SEARCH,
];

/**
 * A member of staff's one role: their staff role at their practice (or the organisation, for
 * central staff), at the sites they work at, offering the slot services their role can.
 */
export function practitionerRoleResource(orgId: string, person: DirectoryPerson): FhirResource {
  const services = SLOT_SERVICES.filter((code) => SERVICE_ROLE[code] === person.staffRole);
  const label = STAFF_ROLE_LABELS[person.staffRole];
  return {
    resourceType: 'PractitionerRole',
    id: person.id,
    meta: { lastUpdated: person.lastUpdated, profile: [ukCoreProfile('PractitionerRole')] },
    active: person.active,
    ...(person.startedOn !== null || person.leftOn !== null
      ? {
          period: {
            ...(person.startedOn !== null ? { start: person.startedOn } : {}),
            ...(person.leftOn !== null ? { end: person.leftOn } : {}),
          },
        }
      : {}),
    practitioner: { reference: `Practitioner/${person.id}`, display: person.fullName },
    organization: {
      reference: `Organization/${person.homePracticeId ?? orgId}`,
      ...(person.homePracticeName !== null ? { display: person.homePracticeName } : {}),
    },
    code: [
      {
        coding: [{ system: STAFF_ROLE_SYSTEM, code: person.staffRole, display: label }],
        text: label,
      },
    ],
    ...(person.sites.length > 0
      ? { location: person.sites.map((s) => ({ reference: `Location/${s.id}`, display: s.name })) }
      : {}),
    ...(services.length > 0 ? { healthcareService: services.map(serviceReference) } : {}),
  };
}

const refs = (value: unknown) =>
  ([value].flat().filter((v) => v !== undefined) as { reference?: string }[]).map(
    (r) => r.reference,
  );

/**
 * The filter of a PractitionerRole search; values are checked before any resource is looked
 * at, so a bad one is a 400 even when nothing would match.
 */
export function practitionerRoleFilter(
  values: ReadonlyMap<string, string>,
): (resource: FhirResource) => boolean {
  const id = values.get('_id');
  const wanted: [keyof FhirResource & string, string][] = [];
  const practitioner = values.get('practitioner');
  if (practitioner !== undefined) {
    wanted.push([
      'practitioner',
      `Practitioner/${referenceId('practitioner', practitioner, 'Practitioner')}`,
    ]);
  }
  const organization = values.get('organization');
  if (organization !== undefined) {
    wanted.push([
      'organization',
      `Organization/${referenceId('organization', organization, 'Organization')}`,
    ]);
  }
  const location = values.get('location');
  if (location !== undefined) {
    wanted.push(['location', `Location/${referenceId('location', location, 'Location')}`]);
  }
  const service = values.get('service');
  if (service !== undefined) {
    wanted.push([
      'healthcareService',
      `HealthcareService/${referenceId('service', service, 'HealthcareService')}`,
    ]);
  }
  const role = values.get('role');
  const roleToken = role === undefined ? undefined : tokenOf(role);
  const active = values.get('active');
  const activeWanted = active === undefined ? undefined : booleanToken('active', active);
  return (resource) => {
    if (!idMatches(resource, id)) return false;
    for (const [field, reference] of wanted) {
      if (!refs(resource[field]).includes(reference)) return false;
    }
    if (roleToken !== undefined) {
      const codes = (resource.code ?? []) as { coding: { system: string; code: string }[] }[];
      const hit = codes.some((c) =>
        c.coding.some(
          (k) =>
            (roleToken.system === null || k.system === roleToken.system) &&
            k.code === roleToken.code,
        ),
      );
      if (!hit) return false;
    }
    return activeWanted === undefined || String(resource.active) === activeWanted;
  };
}
