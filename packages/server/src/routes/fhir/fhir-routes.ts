import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AtscaleError, notFound } from '@atscale/domain';
import type { App, RouteModule } from '../../app-types.js';
import type { FhirResource } from '../../fhir/bundle.js';
import { searchset } from '../../fhir/bundle.js';
import { capabilityStatement, type ResourceCapability } from '../../fhir/capability-statement.js';
import { LOCATION_SEARCH, locationMatches, siteResource } from '../../fhir/location.js';
import { FHIR_JSON } from '../../fhir/operation-outcome.js';
import {
  ORGANIZATION_SEARCH,
  organisationResource,
  organizationMatches,
  practiceResource,
} from '../../fhir/organization.js';
import { isStrict, parseSearch, type SearchParameter } from '../../fhir/search.js';
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
];

const ResourceId = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$', description: 'The resource id' }),
});
const AnyQuery = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The absolute FHIR base of this request, for fullUrl and links. */
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}${FHIR_BASE}`;

const send = (reply: FastifyReply, resource: FhirResource) => reply.type(FHIR_JSON).send(resource);

/** Registers a type's search and read over one list of its resources in the caller's reach. */
function resourceRoutes(
  app: App,
  type: string,
  searchParams: readonly SearchParameter[],
  list: (request: FastifyRequest) => Promise<FhirResource[]>,
  matches: (resource: FhirResource, values: ReadonlyMap<string, string>) => boolean,
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
      const search = parseSearch(request.query, searchParams, isStrict(request.headers.prefer));
      const all = await list(request);
      return send(
        reply,
        searchset({
          base: baseOf(request),
          type,
          query: request.query,
          matches: all.filter((r) => matches(r, search.values)),
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
    organizationMatches,
    async (request, id) => {
      const repos = reposFor(request, db);
      const org = await repos.organisation.get();
      if (id === org.id) return organisationResource(org);
      if (!UUID.test(id)) return undefined;
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
    locationMatches,
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
