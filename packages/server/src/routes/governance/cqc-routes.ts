import { Type, type TSchema } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
const CqcId = Type.String({
  pattern: '^1-[0-9]{6,12}$',
  description: 'A CQC id: 1- and 6 to 12 digits, such as 1-123456789',
});
// The lists in the domain (CQC_KEY_QUESTIONS, CQC_RATINGS, CQC_EVIDENCE_KINDS ...).
const KeyQuestion = Type.Union([
  Type.Literal('safe'),
  Type.Literal('effective'),
  Type.Literal('caring'),
  Type.Literal('responsive'),
  Type.Literal('well-led'),
]);
const Rating = Type.Union([
  Type.Literal('outstanding'),
  Type.Literal('good'),
  Type.Literal('requires-improvement'),
  Type.Literal('inadequate'),
  Type.Literal('not-rated'),
]);
const Readiness = Type.Union([
  Type.Literal('ready'),
  Type.Literal('some-gaps'),
  Type.Literal('not-ready'),
]);
const EvidenceKind = Type.Union([
  Type.Literal('document'),
  Type.Literal('audit'),
  Type.Literal('policy-adoption'),
  Type.Literal('significant-event-review'),
  Type.Literal('other'),
]);
const ManualKind = Type.Union([
  Type.Literal('document'),
  Type.Literal('audit'),
  Type.Literal('other'),
]);
const GapCode = Type.String({ description: 'What kind of gap, for counting it across sites' });
const Severity = Type.Union([Type.Literal('major'), Type.Literal('minor')]);

const Ratings = Type.Object({
  safe: Rating,
  effective: Rating,
  caring: Rating,
  responsive: Rating,
  'well-led': Rating,
});
const ByKeyQuestion = Type.Object({
  safe: Readiness,
  effective: Readiness,
  caring: Readiness,
  responsive: Readiness,
  'well-led': Readiness,
});

const Gap = Type.Object({
  code: GapCode,
  keyQuestion: Nullable(KeyQuestion),
  severity: Severity,
  text: Type.String(),
});

const Counts = Type.Object({
  document: Type.Integer(),
  audit: Type.Integer(),
  'policy-adoption': Type.Integer(),
  'significant-event-review': Type.Integer(),
  other: Type.Integer(),
});

const SiteReadiness = Type.Object({
  keyQuestions: Type.Array(
    Type.Object({
      keyQuestion: KeyQuestion,
      rating: Rating,
      counts: Counts,
      gaps: Type.Array(Gap),
      readiness: Readiness,
    }),
  ),
  siteGaps: Type.Array(Gap),
  readiness: Readiness,
});

const Site = Type.Object({
  id: Id,
  name: Type.String(),
  practiceId: Nullable(Id),
  practiceName: Nullable(Type.String()),
});

const Inspection = Type.Object({
  id: Id,
  inspectedOn: Day,
  overall: Rating,
  ratings: Ratings,
  reportUrl: Nullable(Type.String()),
});

const SiteDetail = Type.Object({
  today: Day,
  site: Site,
  registration: Nullable(
    Type.Object({
      locationId: Nullable(Type.String()),
      providerId: Type.String(),
      registeredOn: Day,
      registeredManager: Nullable(Type.Object({ staffId: Nullable(Id), name: Type.String() })),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  latestInspection: Nullable(Inspection),
  inspections: Type.Array(Inspection),
  evidence: Type.Array(
    Type.Object({
      keyQuestion: KeyQuestion,
      kind: EvidenceKind,
      title: Type.String(),
      date: Day,
      reviewBy: Nullable(Day),
      sourceId: Id,
      reference: Nullable(Type.String()),
      addedByName: Nullable(Type.String()),
      expired: Type.Boolean(),
    }),
  ),
  readiness: SiteReadiness,
  canManage: Type.Boolean(),
  managerChoices: Type.Array(Type.Object({ id: Id, name: Type.String() })),
});

const Summary = Type.Object({
  today: Day,
  sites: Type.Integer(),
  byRating: Type.Object({
    outstanding: Type.Integer(),
    good: Type.Integer(),
    'requires-improvement': Type.Integer(),
    inadequate: Type.Integer(),
    'not-rated': Type.Integer(),
  }),
  byReadiness: Type.Object({
    ready: Type.Integer(),
    'some-gaps': Type.Integer(),
    'not-ready': Type.Integer(),
  }),
  worstGaps: Type.Array(
    Type.Object({
      code: GapCode,
      keyQuestion: Nullable(KeyQuestion),
      severity: Severity,
      text: Type.String(),
      sites: Type.Integer(),
    }),
  ),
  siteList: Type.Array(
    Type.Composite([
      Site,
      Type.Object({
        inspectedOn: Nullable(Day),
        overall: Rating,
        ratings: Ratings,
        readiness: Readiness,
        byKeyQuestion: ByKeyQuestion,
        gaps: Type.Integer(),
      }),
    ]),
  ),
});

const SiteParams = Type.Object({ siteId: Id });
const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];
const BASE = '/api/governance/cqc';

/**
 * CQC readiness (GOV-2): each site's registration, registered manager, latest ratings and
 * evidence per key question with the gaps, and the organisation's summary. Central roles see
 * every site, practice staff their practice's; governance, organisation administrators and a
 * practice's manager record registrations, inspections and evidence. Every write is audited.
 */
export const cqcRoutes: RouteModule = (app, { db }) => {
  const cqc = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).cqcReadiness;

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Inspection readiness across the sites: ratings, readiness and the commonest gaps',
        description: 'Every site for central roles; the caller’s practices’ sites otherwise.',
        response: { 200: Summary, 401: Problem, 403: Problem },
      },
    },
    async (request) => cqc(request).summary(),
  );

  app.get(
    `${BASE}/sites/:siteId`,
    {
      schema: {
        tags: TAGS,
        summary:
          'A site’s registration, inspections, evidence per key question and gaps in readiness',
        params: SiteParams,
        response: { 200: SiteDetail, ...errors },
      },
    },
    async (request) => cqc(request).site(request.params.siteId),
  );

  app.put(
    `${BASE}/sites/:siteId/registration`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Record the site’s CQC registration and registered manager (governance, or the practice’s manager; audited)',
        description:
          'The registered manager is a member of staff (registeredManagerStaffId) or a name, not both; neither means none.',
        params: SiteParams,
        body: Type.Object(
          {
            locationId: Nullable(CqcId),
            providerId: CqcId,
            registeredOn: Day,
            registeredManagerStaffId: Type.Optional(Nullable(Id)),
            registeredManagerName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: SiteDetail, ...errors },
      },
    },
    async (request) =>
      inBody(() => cqc(request).putRegistration(request.params.siteId, request.body)),
  );

  app.post(
    `${BASE}/sites/:siteId/inspections`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Record an inspection with its overall rating and the rating of each key question (audited)',
        params: SiteParams,
        body: Type.Object(
          {
            inspectedOn: Day,
            overall: Rating,
            ratings: Type.Object(
              {
                safe: Rating,
                effective: Rating,
                caring: Rating,
                responsive: Rating,
                'well-led': Rating,
              },
              { additionalProperties: false },
            ),
            reportUrl: Type.Optional(
              Nullable(Type.String({ maxLength: 2000, pattern: '^https?://\\S+$' })),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: SiteDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() => cqc(request).recordInspection(request.params.siteId, request.body)),
        ),
  );

  app.post(
    `${BASE}/sites/:siteId/evidence`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Add evidence (a document, audit or other) for a key question of the site (audited)',
        params: SiteParams,
        body: Type.Object(
          {
            keyQuestion: KeyQuestion,
            kind: ManualKind,
            title: Type.String({ minLength: 1, maxLength: 200 }),
            evidencedOn: Day,
            reference: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
            reviewBy: Type.Optional(Nullable(Day)),
          },
          { additionalProperties: false },
        ),
        response: { 201: SiteDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inBody(() => cqc(request).addEvidence(request.params.siteId, request.body))),
  );
};
