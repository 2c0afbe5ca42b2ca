import { Type, type TSchema } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
// The CQC's five key questions, as CQC_KEY_QUESTIONS in the domain lists them.
const KeyQuestion = Type.Union([
  Type.Literal('safe'),
  Type.Literal('effective'),
  Type.Literal('caring'),
  Type.Literal('responsive'),
  Type.Literal('well-led'),
]);

const VersionSummary = Type.Object({
  id: Id,
  number: Type.Integer(),
  changeSummary: Type.String(),
  effectiveFrom: Day,
  reviewBy: Day,
  status: Type.Union([Type.Literal('draft'), Type.Literal('approved')]),
  approvedAt: Nullable(Type.String({ format: 'date-time' })),
  approvedByName: Nullable(Type.String()),
  approvedRole: Nullable(Type.String({ description: 'The role in which it was approved' })),
});

const Version = Type.Composite([
  VersionSummary,
  Type.Object({ policyId: Id, body: Type.String({ description: 'Markdown' }) }),
]);

const PolicySummary = Type.Object({
  id: Id,
  title: Type.String(),
  owner: Type.Object({ id: Id, name: Type.String() }),
  keyQuestions: Type.Array(KeyQuestion),
  localAnnexAllowed: Type.Boolean(),
  current: Nullable(
    Type.Object({ id: Id, number: Type.Integer(), effectiveFrom: Day, reviewBy: Day }),
  ),
  reviewOverdue: Type.Boolean(),
  drafts: Type.Integer(),
});

const PolicyDetail = Type.Composite([
  PolicySummary,
  Type.Object({ versions: Type.Array(VersionSummary), canManage: Type.Boolean() }),
]);

const Compliance = Type.Object({
  practiceId: Id,
  practiceName: Type.String(),
  adopted: Nullable(
    Type.Object({
      versionId: Id,
      number: Type.Integer(),
      adoptedAt: Type.String({ format: 'date-time' }),
      localAnnex: Nullable(Type.String({ description: 'Markdown' })),
    }),
  ),
  onCurrentVersion: Type.Boolean(),
  acknowledged: Type.Integer(),
  staff: Type.Integer(),
  missing: Type.Array(Type.String(), { description: 'Staff yet to acknowledge' }),
  canAdopt: Type.Boolean(),
  me: Type.Object({ staff: Type.Boolean(), acknowledged: Type.Boolean() }),
});

const Gaps = Type.Object({
  today: Day,
  overdueReviews: Type.Array(Type.Object({ policyId: Id, title: Type.String(), reviewBy: Day })),
  notAdopted: Type.Array(
    Type.Object({
      policyId: Id,
      title: Type.String(),
      practiceId: Id,
      practiceName: Type.String(),
      adoptedNumber: Nullable(Type.Integer()),
    }),
  ),
  missingAcknowledgements: Type.Array(
    Type.Object({
      policyId: Id,
      title: Type.String(),
      practiceId: Id,
      practiceName: Type.String(),
      acknowledged: Type.Integer(),
      staff: Type.Integer(),
    }),
  ),
});

const PolicyParams = Type.Object({ policyId: Id });
const VersionParams = Type.Object({ policyId: Id, versionId: Id });
const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];
const BASE = '/api/governance/policies';

/**
 * The central policy library (GOV-1): policies and their versions, what was in force on a
 * date, practices' adoptions and staff acknowledgements, and the gaps. Everyone reads the
 * shared policies and their own practice's adoptions; governance and organisation
 * administrators see every practice, write and approve. Every write is audited.
 */
export const policyRoutes: RouteModule = (app, { db }) => {
  const policies = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).policies;

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'The policy library: every central policy with the version in force today',
        response: { 200: Type.Array(PolicySummary), 401: Problem, 403: Problem },
      },
    },
    async (request) => policies(request).list(),
  );

  app.post(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Create a central policy with its owner (governance or org-admin; audited)',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 200 }),
            ownerId: Id,
            keyQuestions: Type.Array(KeyQuestion, { maxItems: 5 }),
            localAnnexAllowed: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: { 201: PolicyDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inBody(() => policies(request).create(request.body))),
  );

  app.get(
    `${BASE}/gaps`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Overdue reviews, practices not on the current version and missing acknowledgements',
        description: 'Across every practice for governance; the caller’s own practices otherwise.',
        response: { 200: Gaps, ...errors },
      },
    },
    async (request) => policies(request).gaps(),
  );

  app.get(
    `${BASE}/owners`,
    {
      schema: {
        tags: TAGS,
        summary: 'The users who may own a policy (governance or org-admin)',
        response: { 200: Type.Array(Type.Object({ id: Id, name: Type.String() })), ...errors },
      },
    },
    async (request) => policies(request).owners(),
  );

  app.get(
    `${BASE}/:policyId`,
    {
      schema: {
        tags: TAGS,
        summary: 'A policy with every version, old and draft, newest first',
        params: PolicyParams,
        response: { 200: PolicyDetail, ...errors },
      },
    },
    async (request) => policies(request).get(request.params.policyId),
  );

  app.get(
    `${BASE}/:policyId/in-force`,
    {
      schema: {
        tags: TAGS,
        summary: 'The version in force on a date: the approved one with the latest effective date',
        params: PolicyParams,
        querystring: Type.Object({ on: Day }, { additionalProperties: false }),
        response: {
          200: Type.Object({ version: Nullable(Version) }),
          ...errors,
        },
      },
    },
    async (request) => ({
      version: await inQuery(() =>
        policies(request).inForce(request.params.policyId, request.query.on),
      ),
    }),
  );

  app.get(
    `${BASE}/:policyId/versions/:versionId`,
    {
      schema: {
        tags: TAGS,
        summary: 'One version with its Markdown body',
        params: VersionParams,
        response: { 200: Version, ...errors },
      },
    },
    async (request) => policies(request).version(request.params.policyId, request.params.versionId),
  );

  app.post(
    `${BASE}/:policyId/versions`,
    {
      schema: {
        tags: TAGS,
        summary: 'Add a draft version, numbered after the last (governance; audited)',
        params: PolicyParams,
        body: Type.Object(
          {
            body: Type.String({ minLength: 1, maxLength: 200000, description: 'Markdown' }),
            changeSummary: Type.String({ minLength: 1, maxLength: 2000 }),
            effectiveFrom: Day,
            reviewBy: Day,
          },
          { additionalProperties: false },
        ),
        response: { 201: Version, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() => policies(request).addDraft(request.params.policyId, request.body)),
        ),
  );

  app.post(
    `${BASE}/:policyId/versions/:versionId/approval`,
    {
      schema: {
        tags: TAGS,
        summary: 'Approve a draft in your governing role; it never changes again (audited)',
        params: VersionParams,
        response: { 200: Version, ...errors },
      },
    },
    async (request) => policies(request).approve(request.params.policyId, request.params.versionId),
  );

  app.get(
    `${BASE}/:policyId/compliance`,
    {
      schema: {
        tags: TAGS,
        summary: 'Each practice’s adoption and acknowledgements (own practices for practice staff)',
        params: PolicyParams,
        response: { 200: Type.Array(Compliance), ...errors },
      },
    },
    async (request) => policies(request).compliance(request.params.policyId),
  );

  app.post(
    `${BASE}/:policyId/adoptions`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Adopt an approved version for a practice, with a local annex where allowed (its manager or partners, or governance; audited)',
        params: PolicyParams,
        body: Type.Object(
          {
            practiceId: Id,
            versionId: Id,
            localAnnex: Type.Optional(Type.String({ maxLength: 50000, description: 'Markdown' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Compliance, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inBody(() => policies(request).adopt(request.params.policyId, request.body))),
  );

  app.post(
    `${BASE}/:policyId/acknowledgements`,
    {
      schema: {
        tags: TAGS,
        summary: 'Acknowledge, for yourself, the version your practice adopted (audited)',
        params: PolicyParams,
        body: Type.Object({ practiceId: Id }, { additionalProperties: false }),
        response: { 201: Compliance, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() =>
            policies(request).acknowledge(request.params.policyId, request.body.practiceId),
          ),
        ),
  );
};
