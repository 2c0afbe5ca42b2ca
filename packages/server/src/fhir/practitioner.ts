import { REGISTRATION_BODY } from '@atscale/domain';
import type { DirectoryPerson } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { REGISTER_SYSTEMS, ukCoreProfile } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { LAST_UPDATED_SEARCH, booleanToken, idMatches, stringMatches, tokenOf } from './search.js';

/** Practitioner's search parameters, as the CapabilityStatement lists them. */
export const PRACTITIONER_SEARCH: readonly SearchParameter[] = [
  {
    name: '_id',
    type: 'token',
    documentation: 'The resource id (a staff member id); a comma list',
  },
  {
    name: 'identifier',
    type: 'token',
    documentation:
      `A professional registration: ${REGISTER_SYSTEMS.GMC}|[GMC number], ` +
      `${REGISTER_SYSTEMS.NMC}|[NMC PIN], ${REGISTER_SYSTEMS.GPhC}|[number], or the number alone`,
  },
  {
    name: 'name',
    type: 'string',
    documentation: 'The name, or a word in it, starts with this (case and accents ignored)',
  },
  { name: 'family', type: 'string', documentation: 'The family name starts with this' },
  { name: 'given', type: 'string', documentation: 'A given name starts with this' },
  {
    name: 'active',
    type: 'token',
    documentation: 'true for staff working here today, false for leavers',
  },
  LAST_UPDATED_SEARCH,
];

const PREFIXES = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'prof',
  'professor',
  'sr',
  'sister',
]);

/**
 * A full name as a FHIR HumanName: the last word the family name, the words before it given
 * names, a leading title (Dr, Mrs) its prefix. The register keeps one full name, so `text`
 * carries it as written.
 */
export function humanName(fullName: string): Record<string, unknown> {
  const words = fullName
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const first = words[0];
  const prefix =
    words.length > 2 && first !== undefined && PREFIXES.has(first.replace(/\.$/, '').toLowerCase())
      ? words.shift()
      : undefined;
  const family = words.length > 1 ? words.pop() : undefined;
  return {
    use: 'official',
    text: fullName.trim(),
    ...(family !== undefined ? { family } : {}),
    ...(words.length > 0 ? { given: words } : {}),
    ...(prefix !== undefined ? { prefix: [prefix] } : {}),
  };
}

/** A member of staff as a UK Core Practitioner, identified by their professional register. */
export function practitionerResource(person: DirectoryPerson): FhirResource {
  const body = REGISTRATION_BODY[person.staffRole];
  const registration =
    body !== null && person.registrationNumber !== null
      ? [{ use: 'official', system: REGISTER_SYSTEMS[body], value: person.registrationNumber }]
      : [];
  return {
    resourceType: 'Practitioner',
    id: person.id,
    meta: { lastUpdated: person.lastUpdated, profile: [ukCoreProfile('Practitioner')] },
    ...(registration.length > 0 ? { identifier: registration } : {}),
    active: person.active,
    name: [humanName(person.fullName)],
  };
}

const names = (resource: FhirResource) =>
  (resource.name ?? []) as { text?: string; family?: string; given?: string[] }[];

/**
 * The filter of a Practitioner search. Values are checked here, before any resource is
 * looked at, so a bad one is a 400 even when there is nothing to match.
 */
export function practitionerFilter(
  values: ReadonlyMap<string, string>,
): (resource: FhirResource) => boolean {
  const active = values.get('active');
  const activeWanted = active === undefined ? undefined : booleanToken('active', active);
  return (resource) => practitionerMatches(resource, values, activeWanted);
}

function practitionerMatches(
  resource: FhirResource,
  values: ReadonlyMap<string, string>,
  active: 'true' | 'false' | undefined,
): boolean {
  const id = values.get('_id');
  if (!idMatches(resource, id)) return false;
  const identifier = values.get('identifier');
  if (identifier !== undefined) {
    const { system, code } = tokenOf(identifier);
    const wanted = code.replace(/\s+/g, '').toUpperCase();
    const ids = (resource.identifier ?? []) as { system: string; value: string }[];
    if (!ids.some((i) => (system === null || i.system === system) && i.value === wanted)) {
      return false;
    }
  }
  const name = values.get('name');
  if (name !== undefined && !names(resource).some((n) => stringMatches(n.text ?? '', name))) {
    return false;
  }
  const family = values.get('family');
  if (
    family !== undefined &&
    !names(resource).some((n) => n.family !== undefined && stringMatches(n.family, family))
  ) {
    return false;
  }
  const given = values.get('given');
  if (
    given !== undefined &&
    !names(resource).some((n) => (n.given ?? []).some((g) => stringMatches(g, given)))
  ) {
    return false;
  }
  return active === undefined || String(resource.active) === active;
}
