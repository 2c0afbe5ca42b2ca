import { Type } from '@sinclair/typebox';
import { POOL_KINDS, POOL_PERIODS, STAFF_ROLES, type PoolFill } from '@atscale/domain';
import { poolRepository } from '@atscale/db';
import type { FastifyRequest } from 'fastify';
import type { Database } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { principalOf } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Day = (description: string) => Type.String({ format: 'date', description });
const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Pence = (description: string) => Type.Integer({ minimum: 0, description });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

// Enums are checked by the schema; typed as text because the type provider cannot see through
// Type.Unsafe. The repository reads them as the domain's types.
const PoolKind = Type.String({ enum: [...POOL_KINDS] });
const PoolPeriod = Type.String({ enum: [...POOL_PERIODS] });

const Member = Type.Object({
  staffId: Type.String(),
  fullName: Type.String(),
  role: Type.String({ enum: [...STAFF_ROLES] }),
  skills: Type.Array(Type.String()),
  pool: PoolKind,
  maxSessionsPerWeek: Type.Integer(),
  pencePerSession: Type.Integer(),
  joinedOn: Type.String(),
});

const Assignment = Type.Object(
  { sessionId: Id('The gap session'), staffId: Id('The pool member') },
  { additionalProperties: false },
);

const CostedAssignment = Type.Object({
  sessionId: Type.String(),
  staffId: Type.String(),
  pencePerSession: Type.Integer(),
  travelMinutes: Type.Integer(),
  savingPence: Type.Integer({ description: 'External locum rate minus this person’s cost' }),
});

const Fill = Type.Object({
  assignments: Type.Array(CostedAssignment),
  filled: Type.Integer(),
  totalCostPence: Type.Integer(),
  externalCostPence: Type.Integer(),
  savingPence: Type.Integer({ description: 'The pool’s saving against external locums' }),
  objective: Type.Number(),
  status: Type.String({ enum: ['optimal', 'time-limit', 'empty', 'failed', 'first-fit'] }),
});

const Proposal = Type.Object({
  weekStart: Type.String(),
  externalLocumPencePerSession: Type.Integer(),
  gaps: Type.Integer({ description: 'Gap sessions in the week' }),
  proposed: Fill,
  firstFit: Fill,
});

const Offer = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  staffId: Type.String(),
  status: Type.String({ enum: ['offered', 'accepted', 'declined', 'withdrawn'] }),
  offeredAt: Type.String(),
  respondedAt: Nullable(Type.String()),
});

const MyOffer = Type.Object({
  ...Offer.properties,
  siteName: Type.String(),
  startsAt: Type.String({ description: 'Instant, ISO 8601 UTC' }),
  endsAt: Type.String(),
  requiredRole: Type.String({ enum: [...STAFF_ROLES] }),
});

const ExternalRate = Pence(
  'External locum rate per session in pence; default the organisation’s setting (£900)',
);

const NewMemberBody = Type.Object(
  {
    staffId: Id('A member of staff of the organisation'),
    pool: PoolKind,
    maxSessionsPerWeek: Type.Integer({ minimum: 0, maximum: 14 }),
    pencePerSession: Pence('What a session of theirs costs'),
    joinedOn: Day('First day in the pool'),
  },
  { additionalProperties: false },
);

const AvailabilityBody = Type.Object(
  {
    slots: Type.Array(
      Type.Object(
        { date: Day('A day in England'), period: PoolPeriod },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 366 },
    ),
  },
  { additionalProperties: false },
);

const ProposalQuery = Type.Object(
  {
    weekStart: Day('First of the seven days'),
    externalLocumPencePerSession: Type.Optional(ExternalRate),
  },
  { additionalProperties: false },
);

const ApplyBody = Type.Object(
  {
    weekStart: Day('First of the seven days, as proposed'),
    assignments: Type.Array(Assignment, { minItems: 1, maxItems: 2000 }),
    externalLocumPencePerSession: Type.Optional(ExternalRate),
  },
  { additionalProperties: false },
);

const OfferBody = Type.Object(
  { sessionId: Id('The gap session'), staffId: Id('The pool member') },
  { additionalProperties: false },
);

const ResponseBody = Type.Object(
  { answer: Type.String({ enum: ['accepted', 'declined'] }) },
  { additionalProperties: false },
);

const errors = PROBLEM_RESPONSES;

/** A fill as the response schema's plain arrays. */
const fillOut = (fill: PoolFill) => ({ ...fill, assignments: [...fill.assignments] });

const pools = (request: FastifyRequest, db: Database) =>
  poolRepository(db, { principal: principalOf(request), requestId: request.id });

/**
 * The internal locum and salaried pools (WF-3): members and availability, the optimiser's
 * proposal for a week's gaps and applying it, offers by hand. All need pool:manage (central
 * workforce), except a pool member's own offers and answers. Writes are audited.
 */
export const poolRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/pools/members',
    {
      schema: {
        tags: ['workforce'],
        summary: 'The members of the internal locum and salaried pools',
        response: { 200: Type.Object({ members: Type.Array(Member) }), ...errors },
      },
    },
    async (request) => ({
      members: (await pools(request, db).members()).map((m) => ({ ...m, skills: [...m.skills] })),
    }),
  );

  app.post(
    '/api/pools/members',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Put a member of staff into a pool',
        body: NewMemberBody,
        response: { 204: Type.Null({ description: 'Added' }), ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await inBody(() =>
        pools(request, db).addMember({
          ...body,
          pool: body.pool as (typeof POOL_KINDS)[number],
        }),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/pools/members/:staffId/availability',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Add days and parts of days a pool member can work',
        params: Type.Object({ staffId: Id() }),
        body: AvailabilityBody,
        response: { 204: Type.Null({ description: 'Added' }), ...errors },
      },
    },
    async (request, reply) => {
      const slots = request.body.slots.map((s) => ({
        date: s.date,
        period: s.period as (typeof POOL_PERIODS)[number],
      }));
      await inBody(() => pools(request, db).addAvailability(request.params.staffId, slots));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/pools/proposal',
    {
      schema: {
        tags: ['workforce'],
        summary: 'The optimiser’s assignment of the pools to a week’s gaps, not yet applied',
        description:
          'HiGHS on the assignment model (weighted fills minus cost and travel; availability, ' +
          'skills, one place at a time, weekly maximum, fair spread of unpopular sessions), ' +
          'beside a greedy first-fit for comparison. Writes nothing.',
        querystring: ProposalQuery,
        response: { 200: Proposal, ...errors },
      },
    },
    async (request) => {
      const proposal = await inQuery(() =>
        pools(request, db).propose(
          request.query.weekStart,
          request.query.externalLocumPencePerSession,
        ),
      );
      return {
        ...proposal,
        proposed: fillOut(proposal.proposed),
        firstFit: fillOut(proposal.firstFit),
      };
    },
  );

  app.post(
    '/api/pools/applications',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Apply a proposal: roster the pool members, all or none',
        description:
          'Re-checks every rule with the people locked; 409 if the week has changed so that a ' +
          'pairing no longer fits. Records each as an accepted offer. Audited.',
        body: ApplyBody,
        response: { 201: Fill, ...errors },
      },
    },
    async (request, reply) => {
      const { weekStart, assignments, externalLocumPencePerSession } = request.body;
      const fill = await inBody(() =>
        pools(request, db).apply(weekStart, assignments, externalLocumPencePerSession),
      );
      return reply.code(201).send(fillOut(fill));
    },
  );

  app.post(
    '/api/pools/offers',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Offer a gap session to one pool member',
        body: OfferBody,
        response: { 201: Offer, ...errors },
      },
    },
    async (request, reply) => {
      const offer = await inBody(() =>
        pools(request, db).offer(request.body.sessionId, request.body.staffId),
      );
      return reply.code(201).send(offer);
    },
  );

  app.get(
    '/api/pools/my-offers',
    {
      schema: {
        tags: ['workforce'],
        summary: 'The offers made to the signed-in pool member, newest first',
        description: 'Each with the session’s site, start, end and the role it needs.',
        response: { 200: Type.Object({ offers: Type.Array(MyOffer) }), ...errors },
      },
    },
    async (request) => ({ offers: await pools(request, db).myOffers() }),
  );

  app.post(
    '/api/pools/offers/:offerId/response',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Accept or decline an offer made to the signed-in pool member',
        description:
          'Accepting rosters them if the session is still short and fits their week; else 409.',
        params: Type.Object({ offerId: Id() }),
        body: ResponseBody,
        response: { 200: Offer, ...errors },
      },
    },
    async (request) =>
      inBody(() =>
        pools(request, db).respond(
          request.params.offerId,
          request.body.answer as 'accepted' | 'declined',
        ),
      ),
  );
};
