import { Type, type TSchema } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
const Named = Type.Object({ id: Id, name: Type.String() });
const State = Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('done')], {
  description: 'Open past its due date is overdue',
});

const Action = Type.Object({
  id: Id,
  meetingId: Id,
  meetingTitle: Type.String(),
  practiceId: Id,
  practiceName: Type.String(),
  findingId: Nullable(Id),
  description: Type.String(),
  owner: Named,
  dueOn: Day,
  status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
  state: State,
  closedOn: Nullable(Day),
  closureNote: Nullable(Type.String()),
  canClose: Type.Boolean({ description: 'A peer review manager, or the owner' }),
});

const Finding = Type.Object({
  id: Id,
  practiceId: Id,
  practiceName: Type.String(),
  standardId: Nullable(Type.String()),
  text: Type.String(),
});

const MeetingSummary = Type.Object({
  id: Id,
  heldOn: Day,
  title: Type.String(),
  attendees: Type.Array(Type.String()),
  practices: Type.Array(Named),
  openActions: Type.Integer(),
  overdueActions: Type.Integer(),
});

const Meeting = Type.Composite([
  MeetingSummary,
  Type.Object({
    findings: Type.Array(Finding),
    actions: Type.Array(Action),
    canManage: Type.Boolean(),
  }),
]);

const MeetingParams = Type.Object({ meetingId: Id });
const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];
const BASE = '/api/governance/peer-reviews';

/**
 * Peer review (GOV-3): meetings, the practices they reviewed, findings against the agreement
 * standards and actions with owners and due dates, tracked to closure. Governance and
 * organisation administrators record them and see every practice; a practice's staff see their
 * own practice's part. An action's owner may close it. Every write is audited.
 */
export const peerReviewRoutes: RouteModule = (app, { db }) => {
  const reviews = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).peerReview;

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Peer review meetings the caller may see, newest first',
        response: { 200: Type.Array(MeetingSummary), 401: Problem, 403: Problem },
      },
    },
    async (request) => reviews(request).list(),
  );

  app.post(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Record a peer review meeting and the practices it reviewed (audited)',
        body: Type.Object(
          {
            heldOn: Day,
            title: Type.String({ minLength: 1, maxLength: 200 }),
            attendees: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }),
            practiceIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Meeting, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inBody(() => reviews(request).create(request.body))),
  );

  app.get(
    `${BASE}/actions`,
    {
      schema: {
        tags: TAGS,
        summary: 'The action tracker: every action the caller may see, or those in one state',
        querystring: Type.Object({ state: Type.Optional(State) }, { additionalProperties: false }),
        response: { 200: Type.Array(Action), ...errors },
      },
    },
    async (request) => inQuery(() => reviews(request).actions(request.query.state)),
  );

  app.get(
    `${BASE}/owners`,
    {
      schema: {
        tags: TAGS,
        summary: 'The users who may own an action (for those who record reviews)',
        response: { 200: Type.Array(Named), ...errors },
      },
    },
    async (request) => reviews(request).owners(),
  );

  app.get(
    `${BASE}/:meetingId`,
    {
      schema: {
        tags: TAGS,
        summary: 'A meeting with its findings and actions (the caller’s practices only)',
        params: MeetingParams,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) => reviews(request).get(request.params.meetingId),
  );

  app.post(
    `${BASE}/:meetingId/findings`,
    {
      schema: {
        tags: TAGS,
        summary: 'Record a finding about a practice the meeting reviewed (audited)',
        params: MeetingParams,
        body: Type.Object(
          {
            practiceId: Id,
            standardId: Type.Optional(Nullable(Type.String())),
            text: Type.String({ minLength: 1, maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Finding, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() => reviews(request).addFinding(request.params.meetingId, request.body)),
        ),
  );

  app.post(
    `${BASE}/:meetingId/actions`,
    {
      schema: {
        tags: TAGS,
        summary: 'Agree an action with an owner and a due date (audited)',
        params: MeetingParams,
        body: Type.Object(
          {
            practiceId: Id,
            findingId: Type.Optional(Nullable(Id)),
            description: Type.String({ minLength: 1, maxLength: 2000 }),
            ownerId: Id,
            dueOn: Day,
          },
          { additionalProperties: false },
        ),
        response: { 201: Action, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() => reviews(request).addAction(request.params.meetingId, request.body)),
        ),
  );

  app.post(
    `${BASE}/actions/:actionId/closure`,
    {
      schema: {
        tags: TAGS,
        summary: 'Close an open action with a note (its owner or a manager; audited)',
        params: Type.Object({ actionId: Id }),
        body: Type.Object(
          {
            closureNote: Type.String({ minLength: 1, maxLength: 2000 }),
            closedOn: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        response: { 200: Action, ...errors },
      },
    },
    async (request) =>
      inBody(() => reviews(request).closeAction(request.params.actionId, request.body)),
  );
};
