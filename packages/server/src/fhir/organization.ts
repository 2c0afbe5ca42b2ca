import type { Organisation, PracticeDetail, PracticeListing } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { SYSTEMS } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { referenceId, stringMatches, tokenOf, idMatches } from './search.js';

/** Organization's search parameters, as the CapabilityStatement lists them. */
export const ORGANIZATION_SEARCH: readonly SearchParameter[] = [
  { name: '_id', type: 'token', documentation: 'The resource id' },
  {
    name: 'identifier',
    type: 'token',
    documentation: `A practice's ODS code: ${SYSTEMS.odsOrganisationCode}|[code], or the code alone`,
  },
  {
    name: 'name',
    type: 'string',
    documentation: 'The name, or a word in it, starts with this (case and accents ignored)',
  },
  {
    name: 'partof',
    type: 'reference',
    documentation: 'Member practices of the organisation: Organization/[id]',
  },
];

const PROVIDER = [
  {
    coding: [{ system: SYSTEMS.organisationType, code: 'prov', display: 'Healthcare Provider' }],
  },
];

/** The organisation working at scale, as an Organization (it has no ODS code of its own here). */
export function organisationResource(org: Organisation): FhirResource {
  return { resourceType: 'Organization', id: org.id, active: true, type: PROVIDER, name: org.name };
}

/** A member practice as an Organization, part of its organisation, identified by ODS code. */
export function practiceResource(
  orgId: string,
  practice: PracticeListing | PracticeDetail,
): FhirResource {
  const detail = 'addressLines' in practice ? practice : null;
  return {
    resourceType: 'Organization',
    id: practice.id,
    identifier: [{ system: SYSTEMS.odsOrganisationCode, value: practice.odsCode }],
    active: practice.status === 'active',
    type: PROVIDER,
    name: practice.name,
    ...(detail?.phone ? { telecom: [{ system: 'phone', value: detail.phone, use: 'work' }] } : {}),
    ...(detail && (detail.addressLines.length > 0 || detail.postcode)
      ? {
          address: [
            {
              use: 'work',
              type: 'both',
              ...(detail.addressLines.length > 0 ? { line: detail.addressLines } : {}),
              ...(detail.postcode ? { postalCode: detail.postcode } : {}),
              country: 'GB',
            },
          ],
        }
      : {}),
    partOf: { reference: `Organization/${orgId}` },
  };
}

/** Whether an Organization matches a search's values (the lists are an organisation's, small). */
export function organizationMatches(
  resource: FhirResource,
  values: ReadonlyMap<string, string>,
): boolean {
  const id = values.get('_id');
  if (!idMatches(resource, id)) return false;
  const identifier = values.get('identifier');
  if (identifier !== undefined) {
    const { system, code } = tokenOf(identifier);
    const ids = (resource.identifier ?? []) as { system: string; value: string }[];
    const hit = ids.some(
      (i) =>
        (system === null || i.system === system) && i.value.toUpperCase() === code.toUpperCase(),
    );
    if (!hit) return false;
  }
  const name = values.get('name');
  if (
    name !== undefined &&
    !stringMatches(typeof resource.name === 'string' ? resource.name : '', name)
  )
    return false;
  const partOf = values.get('partof');
  if (partOf !== undefined) {
    const parent = referenceId('partof', partOf, 'Organization');
    const ref = (resource.partOf as { reference?: string } | undefined)?.reference;
    if (ref !== `Organization/${parent}`) return false;
  }
  return true;
}
