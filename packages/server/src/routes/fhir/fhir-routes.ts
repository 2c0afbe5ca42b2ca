import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PATIENT_SEARCH_LIMIT } from '@atscale/db';
import { AtscaleError, notFound, SLOT_SERVICES } from '@atscale/domain';
import type { App, RouteModule } from '../../app-types.js';
import type { FhirResource } from '../../fhir/bundle.js';
import { searchset } from '../../fhir/bundle.js';
import {
  capabilityStatement,
  SCHEDULING_RESOURCES,
  type ResourceCapability,
} from '../../fhir/capability-statement.js';
import { LOCATION_SEARCH, locationMatches, siteResource } from '../../fhir/location.js';
import { FHIR_JSON } from '../../fhir/operation-outcome.js';
import {
  ORGANIZATION_SEARCH,
  organisationResource,
  organizationMatches,
  practiceResource,
} from '../../fhir/organization.js';
import { requireScope } from '../../fhir/scopes.js';
import {
  isStrict,
  isUuid,
  lastUpdatedFilter,
  parseSearch,
  type ParsedSearch,
  type SearchParameter,
} from '../../fhir/search.js';
import {
  HEALTHCARE_SERVICE_SEARCH,
  healthcareServiceFilter,
  hubServiceResource,
  slotServiceResource,
} from '../../fhir/healthcare-service.js';
import { ukCoreProfile } from '../../fhir/identifiers.js';
import {
  PATIENT_SEARCH,
  patientAlsoMatches,
  patientQuery,
  patientResource,
} from '../../fhir/patient.js';
import {
  PRACTITIONER_SEARCH,
  practitionerFilter,
  practitionerResource,
} from '../../fhir/practitioner.js';
import {
  PRACTITIONER_ROLE_SEARCH,
  practitionerRoleFilter,
  practitionerRoleResource,
} from '../../fhir/practitioner-role.js';
import { principalOf, reposFor } from '../../plugins/session.js';

/** The FHIR base path. */
export const FHIR_BASE = '/fhir/R4';

/** What the facade serves today, listed in the CapabilityStatement. */
export const FHIR_RESOURCES: readonly ResourceCapability[] = [
  {
    type: 'Organization',
    profile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization',
    interactions: ['read', 'search-type'],
    searchParams: ORGANIZATION_SEARCH,
    documentation:
      'The organisation working at scale and its member practices (partOf the organisation), ' +
      'practices identified by ODS code',
  },
  {
    type: 'Location',
    profile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location',
    interactions: ['read', 'search-type'],
    searchParams: LOCATION_SEARCH,
    documentation: 'Sites where care is given, managed by their practice or the organisation',
  },
  {
    type: 'HealthcareService',
    profile: ukCoreProfile('HealthcareService'),
    interactions: ['read', 'search-type'],
    searchParams: HEALTHCARE_SERVICE_SEARCH,
    documentation:
      'One per slot service (id = its code: gp, anp, nurse, ..., msk, geriatric-assessment) at ' +
      'the sites with open slots of it from today, and one per hub (id = the hub id) at its sites',
  },
  {
    type: 'Practitioner',
    profile: ukCoreProfile('Practitioner'),
    interactions: ['read', 'search-type'],
    searchParams: PRACTITIONER_SEARCH,
    documentation:
      'Everyone on the staff register (leavers inactive), identified by GMC, NMC or GPhC ' +
      'registration where they have one',
  },
  {
    type: 'PractitionerRole',
    profile: ukCoreProfile('PractitionerRole'),
    interactions: ['read', 'search-type'],
    searchParams: PRACTITIONER_ROLE_SEARCH,
    documentation:
      'One per member of staff (id = the Practitioner id): their staff role at their practice, ' +
      'the sites they work at and the services their role can offer',
  },
  {
    type: 'Patient',
    profile: ukCoreProfile('Patient'),
    interactions: ['read', 'search-type'],
    searchParams: PATIENT_SEARCH,
    documentation:
      'Patients of the practices the caller reaches, every read audited. A search needs an ' +
      'NHS number, or a family name and date of birth: the register is never listed whole, ' +
      `and one search finds at most ${String(PATIENT_SEARCH_LIMIT)} patients`,
  },
  ...SCHEDULING_RESOURCES,
];

/** A FHIR resource id in a URL (the route schemas of every FHIR read). */
export const ResourceId = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$', description: 'The resource id' }),
});
/** Any search query: parsed by `parseSearch` against the resource's parameters. */
export const AnyQuery = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String())]),
);

/** The absolute FHIR base of this request, for fullUrl, links and Location. */
export const baseOf = (request: FastifyRequest) =>
  `${request.protocol}://${request.host}${FHIR_BASE}`;

/** Sends a FHIR resource as application/fhir+json. */
export const send = (reply: FastifyReply, resource: FhirResource) =>
  reply.type(FHIR_JSON).send(resource);

/** Both filters. */
const both =
  (a: (r: FhirResource) => boolean, b: (r: FhirResource) => boolean) => (r: FhirResource) =>
    a(r) && b(r);

/**
 * The organisation's HealthcareServices: one per slot service, at the sites with open slots of
 * it from today, and one per hub (the HealthcareService search, and Slot's _include of actors).
 */
export async function healthcareServices(
  request: FastifyRequest,
  db: Parameters<RouteModule>[1]['db'],
): Promise<FhirResource[]> {
  const repos = reposFor(request, db);
  const orgId = principalOf(request).orgId;
  const sites = new Map((await repos.sites.list()).map((s) => [s.id, s.name]));
  const offered = new Map(
    (await repos.fhirDirectory.serviceSites()).map((s) => [s.service, s.siteIds]),
  );
  const hubs = await repos.hubs.list();
  return [
    ...SLOT_SERVICES.map((code) =>
      slotServiceResource(
        orgId,
        code,
        (offered.get(code) ?? [])
          .map((id) => ({ id, name: sites.get(id) ?? '' }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ),
    ),
    ...hubs.map((hub) => hubServiceResource(orgId, hub)),
  ];
}

/** Registers a type's search and read over one list of its resources in the caller's reach. */
function resourceRoutes(
  app: App,
  type: string,
  searchParams: readonly SearchParameter[],
  list: (request: FastifyRequest) => Promise<FhirResource[]>,
  filter: (search: ParsedSearch) => (resource: FhirResource) => boolean,
  read: (request: FastifyRequest, id: string) => Promise<FhirResource | undefined> = async (
    request,
    id,
  ) => (await list(request)).find((r) => r.id === id),
): void {
  app.get(
    `${FHIR_BASE}/${type}`,
    {
      schema: {
        tags: ['fhir'],
        summary: `Search ${type} (FHIR R4 searchset Bundle)`,
        querystring: AnyQuery,
      },
    },
    async (request, reply) => {
      requireScope(request, type, 'read');
      const search = parseSearch(request.query, searchParams, isStrict(request.headers.prefer));
      // Built before listing, so a bad value is a 400 even when there is nothing to match.
      const keep = filter(search);
      const all = await list(request);
      return send(
        reply,
        searchset({
          base: baseOf(request),
          type,
          query: request.query,
          matches: all.filter(keep),
          count: search.count,
          offset: search.offset,
          ignored: search.ignored,
        }),
      );
    },
  );
  app.get(
    `${FHIR_BASE}/${type}/:id`,
    { schema: { tags: ['fhir'], summary: `Read one ${type}`, params: ResourceId } },
    async (request, reply) => {
      requireScope(request, type, 'read');
      const found = await read(request, request.params.id);
      if (!found) throw notFound(`${type}/${request.params.id}`);
      return send(reply, found);
    },
  );
}

/**
 * The FHIR R4 facade (issue 7), first part: the CapabilityStatement, and Organization and
 * Location over the same repositories as the app, limited to the caller's organisation.
 * Errors under the base come back as OperationOutcome (see plugins/errors.ts).
 */
export const fhirRoutes: RouteModule = (app, { db }) => {
  const started = new Date().toISOString();
  app.get(
    `${FHIR_BASE}/metadata`,
    {
      config: { public: true },
      schema: { tags: ['fhir'], summary: 'The CapabilityStatement: what this server supports' },
    },
    async (request, reply) =>
      send(reply, capabilityStatement(baseOf(request), FHIR_RESOURCES, started)),
  );

  resourceRoutes(
    app,
    'Organization',
    ORGANIZATION_SEARCH,
    async (request) => {
      const repos = reposFor(request, db);
      const org = await repos.organisation.get();
      const practices = await repos.organisation.practices();
      return [organisationResource(org), ...practices.map((p) => practiceResource(org.id, p))];
    },
    (search) => (r) => organizationMatches(r, search.values),
    async (request, id) => {
      const repos = reposFor(request, db);
      const org = await repos.organisation.get();
      if (id === org.id) return organisationResource(org);
      if (!isUuid(id)) return undefined;
      // The practice in full (address and phone), which the search's listing leaves out.
      return practiceResource(org.id, await repos.organisation.practice(id));
    },
  );

  resourceRoutes(
    app,
    'Location',
    LOCATION_SEARCH,
    async (request) => {
      const repos = reposFor(request, db);
      const sites = await repos.sites.list();
      return sites.map((s) => siteResource(principalOf(request).orgId, s));
    },
    (search) => (r) => locationMatches(r, search.values),
  );

  resourceRoutes(
    app,
    'HealthcareService',
    HEALTHCARE_SERVICE_SEARCH,
    (request) => healthcareServices(request, db),
    (search) => healthcareServiceFilter(search.values),
  );

  resourceRoutes(
    app,
    'Practitioner',
    PRACTITIONER_SEARCH,
    async (request) =>
      (await reposFor(request, db).fhirDirectory.people()).map(practitionerResource),
    (search) => both(practitionerFilter(search.values), lastUpdatedFilter(search)),
    async (request, id) => {
      if (!isUuid(id)) return undefined;
      const [person] = await reposFor(request, db).fhirDirectory.people(id);
      return person && practitionerResource(person);
    },
  );

  resourceRoutes(
    app,
    'PractitionerRole',
    PRACTITIONER_ROLE_SEARCH,
    async (request) => {
      const orgId = principalOf(request).orgId;
      return (await reposFor(request, db).fhirDirectory.people()).map((p) =>
        practitionerRoleResource(orgId, p),
      );
    },
    (search) => both(practitionerRoleFilter(search.values), lastUpdatedFilter(search)),
    async (request, id) => {
      if (!isUuid(id)) return undefined;
      const [person] = await reposFor(request, db).fhirDirectory.people(id);
      return person && practitionerRoleResource(principalOf(request).orgId, person);
    },
  );

  // Patients are searched in the database through the patient repository, which limits them
  // to the caller's practices and audits every one returned, as the app's own search does.
  app.get(
    `${FHIR_BASE}/Patient`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Search Patient by NHS number, or family name and birthdate (audited)',
        querystring: AnyQuery,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Patient', 'read');
      const search = parseSearch(request.query, PATIENT_SEARCH, isStrict(request.headers.prefer));
      const birthdate = request.query.birthdate;
      const query = patientQuery(search.values, birthdate);
      // Found by NHS number or name and birth date in the database; _lastUpdated then narrows
      // those few (at most PATIENT_SEARCH_LIMIT) here.
      const changed = lastUpdatedFilter(search);
      const patients = reposFor(request, db).patients;
      let found: FhirResource[];
      if (query.kind === 'id') {
        try {
          found = [patientResource(await patients.get(query.id, null))];
        } catch (error) {
          if (!(error instanceof AtscaleError) || error.code !== 'not-found') throw error;
          found = [];
        }
      } else {
        found = (await patients.search(query.search, null)).map(patientResource);
      }
      return send(
        reply,
        searchset({
          base: baseOf(request),
          type: 'Patient',
          query: request.query,
          matches: found.filter(
            (r) => patientAlsoMatches(r, search.values, birthdate) && changed(r),
          ),
          count: search.count,
          offset: search.offset,
          ignored: search.ignored,
        }),
      );
    },
  );
  app.get(
    `${FHIR_BASE}/Patient/:id`,
    { schema: { tags: ['fhir'], summary: 'Read one Patient (audited)', params: ResourceId } },
    async (request, reply) => {
      requireScope(request, 'Patient', 'read');
      // Not a patient id: the same answer as a patient out of reach.
      if (!isUuid(request.params.id)) throw notFound('The patient');
      return send(
        reply,
        patientResource(await reposFor(request, db).patients.get(request.params.id, null)),
      );
    },
  );

  // A type or operation not (yet) served: FHIR's answer is 404 with an OperationOutcome that
  // says so, rather than the generic "no route".
  app.get(
    `${FHIR_BASE}/:type`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Any other resource type: not supported',
        params: Type.Object({ type: Type.String() }),
      },
    },
    (request) => {
      throw new AtscaleError(
        'not-found',
        `${request.params.type} is not a resource type this server supports (see ${FHIR_BASE}/metadata)`,
      );
    },
  );
};
