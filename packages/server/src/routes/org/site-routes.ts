import { Type, type TSchema } from '@sinclair/typebox';
import { SITE_ADDRESS_LINES, SITE_SERVICES, type SiteService } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { inBody } from '../request-fields.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Service = Type.Unsafe<SiteService>({ type: 'string', enum: [...SITE_SERVICES] });

// In bodies the enum is checked by the schema; typed as text because the type provider cannot
// see through Type.Unsafe, and the domain's site check reads text anyway.
const ServiceInput = Type.String({ enum: [...SITE_SERVICES] });

/** A site as the API shows it. */
export const Site = Type.Object({
  id: Type.String(),
  practiceId: Nullable(Type.String({ description: 'Null for a site of the organisation itself' })),
  name: Type.String(),
  addressLines: Type.Array(Type.String()),
  postcode: Nullable(Type.String()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  cqcLocationId: Nullable(Type.String()),
  services: Type.Array(Service),
  isMain: Type.Boolean({ description: 'The practice’s main site' }),
});

const SiteListing = Type.Object({
  ...Site.properties,
  practiceOdsCode: Nullable(Type.String()),
  practiceName: Nullable(Type.String()),
});

// The details a site is given; every one but the name may be left out or (null) cleared. The
// domain's site check then names what is wrong: postcode format, latitude without longitude,
// a position outside the UK, a CQC location id that is not one.
const details = {
  addressLines: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: SITE_ADDRESS_LINES,
      description: 'Up to four lines above the postcode',
    }),
  ),
  postcode: Type.Optional(
    Nullable(Type.String({ maxLength: 16, description: 'A UK postcode, any case or spacing' })),
  ),
  latitude: Type.Optional(
    Nullable(Type.Number({ description: 'Decimal degrees (WGS84); give the longitude too' })),
  ),
  longitude: Type.Optional(
    Nullable(Type.Number({ description: 'Decimal degrees (WGS84); give the latitude too' })),
  ),
  cqcLocationId: Type.Optional(
    Nullable(Type.String({ maxLength: 20, description: 'Like 1-123456789' })),
  ),
  services: Type.Optional(Type.Array(ServiceInput, { maxItems: SITE_SERVICES.length * 2 })),
  isMain: Type.Optional(
    Type.Boolean({
      description:
        'Make it the practice’s main site (the old main site stops being one); a practice’s first site always is',
    }),
  ),
};

const NewSiteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    practiceId: Nullable(
      Type.String({
        format: 'uuid',
        description: 'The practice; null for a site of the organisation itself',
      }),
    ),
    ...details,
  },
  { additionalProperties: false },
);

const SitePatchBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), ...details },
  { additionalProperties: false, minProperties: 1 },
);

const SiteParams = Type.Object({ siteId: Type.String({ format: 'uuid' }) });

/**
 * The organisation's sites: each practice's, and the organisation's own where its form allows.
 * Reads for everyone in the organisation; writes need practice:manage at the site's practice
 * (organisation:manage for the organisation's own sites) and are audited.
 */
export const siteRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/sites',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Every site of the organisation: its own first, then each practice’s',
        response: {
          200: Type.Object({ sites: Type.Array(SiteListing) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => ({ sites: await reposFor(request, db).sites.list() }),
  );

  app.post(
    '/api/sites',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Add a site to a practice, or to the organisation itself where its form allows',
        description:
          'Needs practice:manage at the practice (organisation:manage for a site of the organisation). ' +
          'An organisation whose form gives every site to a member practice is answered 409. Audited.',
        body: NewSiteBody,
        response: {
          201: Site,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const site = await inBody(() => reposFor(request, db).sites.create(request.body));
      return reply.code(201).send(site);
    },
  );

  app.patch(
    '/api/sites/:siteId',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Change a site: only the fields given change, null clears one',
        description:
          'Making a site the main site moves that role from the practice’s old main site; a main ' +
          'site stops being one only by another taking over (409). Audited.',
        params: SiteParams,
        body: SitePatchBody,
        response: {
          200: Site,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).sites.update(request.params.siteId, request.body)),
  );

  app.delete(
    '/api/sites/:siteId',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Remove a site',
        description:
          'A practice’s main site is kept (409) until another site takes over, so a practice never ' +
          'loses its last site. Audited.',
        params: SiteParams,
        response: {
          204: Type.Null({ description: 'Removed' }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).sites.remove(request.params.siteId);
      return reply.code(204).send(null);
    },
  );
};
