import type { SiteListing } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { SYSTEMS } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { referenceId, stringMatches, idMatches } from './search.js';

/** Location's search parameters, as the CapabilityStatement lists them. */
export const LOCATION_SEARCH: readonly SearchParameter[] = [
  { name: '_id', type: 'token', documentation: 'The resource id' },
  {
    name: 'name',
    type: 'string',
    documentation: 'The site name, or a word in it, starts with this',
  },
  {
    name: 'organization',
    type: 'reference',
    documentation:
      'Sites of a practice (Organization/[practice id]) or the organisation’s own sites (Organization/[organisation id])',
  },
  {
    name: 'address-postalcode',
    type: 'string',
    documentation: 'The postcode starts with this (spaces ignored)',
  },
];

/** A site (where care is given) as a Location managed by its practice or the organisation. */
export function siteResource(orgId: string, site: SiteListing): FhirResource {
  const hasAddress = site.addressLines.length > 0 || site.postcode !== null;
  return {
    resourceType: 'Location',
    id: site.id,
    meta: { lastUpdated: site.updatedAt },
    status: 'active',
    name: site.name,
    mode: 'instance',
    physicalType: {
      coding: [{ system: SYSTEMS.locationPhysicalType, code: 'bu', display: 'Building' }],
    },
    ...(hasAddress
      ? {
          address: {
            use: 'work',
            type: 'physical',
            ...(site.addressLines.length > 0 ? { line: site.addressLines } : {}),
            ...(site.postcode ? { postalCode: site.postcode } : {}),
            country: 'GB',
          },
        }
      : {}),
    ...(site.latitude !== null && site.longitude !== null
      ? { position: { latitude: site.latitude, longitude: site.longitude } }
      : {}),
    managingOrganization: {
      reference: `Organization/${site.practiceId ?? orgId}`,
      ...(site.practiceName ? { display: site.practiceName } : {}),
    },
  };
}

const postcode = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/** Whether a Location matches a search's values. */
export function locationMatches(
  resource: FhirResource,
  values: ReadonlyMap<string, string>,
): boolean {
  const id = values.get('_id');
  if (!idMatches(resource, id)) return false;
  const name = values.get('name');
  if (
    name !== undefined &&
    !stringMatches(typeof resource.name === 'string' ? resource.name : '', name)
  )
    return false;
  const organization = values.get('organization');
  if (organization !== undefined) {
    const owner = referenceId('organization', organization, 'Organization');
    const ref = (resource.managingOrganization as { reference?: string }).reference;
    if (ref !== `Organization/${owner}`) return false;
  }
  const wanted = values.get('address-postalcode');
  if (wanted !== undefined) {
    const code = (resource.address as { postalCode?: string } | undefined)?.postalCode ?? '';
    if (!postcode(code).startsWith(postcode(wanted))) return false;
  }
  return true;
}
