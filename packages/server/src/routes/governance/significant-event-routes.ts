import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import {
  CQC_KEY_QUESTIONS,
  SIGNIFICANT_EVENT_CATEGORIES,
  SIGNIFICANT_EVENT_KINDS,
  SIGNIFICANT_EVENT_SEVERITIES,
  SIGNIFICANT_EVENT_STATUSES,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
// An enum of the domain's values (as membership-routes does): the schema checks the value,
// and the static type is the domain's union.
const OneOf = <const T extends string>(values: readonly T[], description?: string): TUnsafe<T> =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// The same enums for request fields: checked by the schema, typed as text for the repository,
// which checks them again (it is called from elsewhere too).
const InEnum = (values: readonly string[], description?: string) =>
  Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time' });
const Named = Type.Object({ id: Id, name: Type.String() });
const Kind = OneOf(SIGNIFICANT_EVENT_KINDS);
const Status = OneOf(SIGNIFICANT_EVENT_STATUSES, 'reported → investigating → learning → closed');
const KindIn = InEnum(SIGNIFICANT_EVENT_KINDS);
const StatusIn = InEnum(SIGNIFICANT_EVENT_STATUSES, 'reported → investigating → learning → closed');
const CategoryIn = InEnum(SIGNIFICANT_EVENT_CATEGORIES);
const SeverityIn = InEnum(SIGNIFICANT_EVENT_SEVERITIES);
const KeyQuestionIn = InEnum(CQC_KEY_QUESTIONS);
const Category = OneOf(SIGNIFICANT_EVENT_CATEGORIES);
const Severity = OneOf(SIGNIFICANT_EVENT_SEVERITIES);
const KeyQuestion = OneOf(CQC_KEY_QUESTIONS);
const FreeText = (maxLength: number) =>
  Type.String({
    minLength: 1,
    maxLength,
    description: 'Must not identify a patient: text holding an NHS number is refused',
  });

const Summary = Type.Object({
  id: Id,
  kind: Kind,
  title: Type.String(),
  category: Category,
  severity: Severity,
  status: Status,
  practiceId: Id,
  practiceName: Type.String(),
  siteId: Nullable(Id),
  siteName: Nullable(Type.String()),
  occurredOn: Day,
  reportedAt: Instant,
  closedAt: Nullable(Instant),
  receivedOn: Nullable(Day),
  acknowledgementDueOn: Nullable(
    Type.String({ format: 'date', description: '3 working days after receipt (reg. 13(2))' }),
  ),
  acknowledgedOn: Nullable(Day),
  responseDueOn: Nullable(
    Type.String({ format: 'date', description: 'As agreed, or six months (reg. 14(2))' }),
  ),
  respondedOn: Nullable(Day),
  overdue: Nullable(OneOf(['acknowledgement', 'response'], 'What a complaint is late with')),
});

const Detail = Type.Composite([
  Summary,
  Type.Object({
    description: Type.String(),
    keyQuestions: Type.Array(KeyQuestion),
    reportedBy: Named,
    investigator: Nullable(Named),
    findings: Nullable(Type.String()),
    learning: Nullable(Type.String()),
    actionsAgreed: Nullable(Type.String()),
    timeline: Type.Array(
      Type.Object({
        fromStatus: Nullable(Status),
        toStatus: Status,
        note: Nullable(Type.String()),
        changedBy: Type.String(),
        changedAt: Instant,
      }),
    ),
    policies: Type.Array(Type.Object({ id: Id, title: Type.String() })),
    canManage: Type.Boolean(),
    next: Type.Array(Status, { description: 'The statuses the lifecycle allows next' }),
  }),
]);

const Themes = Type.Object({
  quarters: Type.Array(
    Type.Object({
      year: Type.Integer(),
      number: Type.Integer(),
      key: Type.String({ description: '2026-Q1; Q1 is April to June' }),
      label: Type.String(),
      from: Day,
      to: Day,
    }),
  ),
  rows: Type.Array(
    Type.Object({
      category: Category,
      counts: Type.Array(Nullable(Type.Integer()), {
        description: 'One per quarter; null where fewer than suppressBelow (but some) events',
      }),
    }),
  ),
  suppressBelow: Type.Integer(),
  suppressed: Type.Integer(),
});

const Changes = {
  title: Type.Optional(FreeText(200)),
  description: Type.Optional(FreeText(20000)),
  category: Type.Optional(CategoryIn),
  severity: Type.Optional(SeverityIn),
  keyQuestions: Type.Optional(Type.Array(KeyQuestionIn, { maxItems: 5 })),
  investigatorId: Type.Optional(Id),
  findings: Type.Optional(FreeText(20000)),
  learning: Type.Optional(FreeText(20000)),
  actionsAgreed: Type.Optional(FreeText(20000)),
  acknowledgedOn: Type.Optional(Day),
  respondedOn: Type.Optional(Day),
};

const EventParams = Type.Object({ eventId: Id });
const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];
const BASE = '/api/governance/significant-events';

/**
 * Significant events and complaints (GOV): report, investigate, learn and close, with a
 * timeline and links to the policy library; a complaint's acknowledgement and response dates
 * follow the NHS complaints regulations 2009. Practice staff see their own practice's events,
 * governance every practice's; another practice's event is answered 404. Everyone sees the
 * anonymised themes. Every write is audited.
 */
export const significantEventRoutes: RouteModule = (app, { db }) => {
  const events = (request: Parameters<typeof reposFor>[0]) =>
    reposFor(request, db).significantEvents;

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Significant events and complaints you can see, newest first',
        description: 'Every practice for governance; your own practice otherwise.',
        querystring: Type.Object(
          {
            kind: Type.Optional(KindIn),
            status: Type.Optional(StatusIn),
            practiceId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Summary), ...errors },
      },
    },
    async (request) => inQuery(() => events(request).list(request.query)),
  );

  app.post(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Report a significant event or log a complaint at a practice (audited)',
        body: Type.Object(
          {
            kind: KindIn,
            practiceId: Id,
            siteId: Type.Optional(Nullable(Id)),
            title: FreeText(200),
            description: FreeText(20000),
            category: CategoryIn,
            severity: SeverityIn,
            occurredOn: Day,
            keyQuestions: Type.Optional(Type.Array(KeyQuestionIn, { maxItems: 5 })),
            receivedOn: Type.Optional(
              Type.String({ format: 'date', description: 'Complaints only: the day received' }),
            ),
            agreedResponseBy: Type.Optional(
              Type.String({
                format: 'date',
                description: 'Complaints only: a response date agreed with the complainant',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Detail, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inBody(() => events(request).record(request.body))),
  );

  app.get(
    `${BASE}/themes`,
    {
      schema: {
        tags: TAGS,
        summary: 'Counts by category and quarter across the organisation, no practice named',
        description:
          'Everyone in the organisation. Counts of 1 and 2 are suppressed so that a small practice cannot be picked out.',
        querystring: Type.Object(
          {
            kind: Type.Optional(KindIn),
            quarters: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 8 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Themes, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => inQuery(() => events(request).themes(request.query)),
  );

  app.get(
    `${BASE}/investigators`,
    {
      schema: {
        tags: TAGS,
        summary: 'Who may investigate a practice’s events: its staff and governance',
        querystring: Type.Object({ practiceId: Id }, { additionalProperties: false }),
        response: { 200: Type.Array(Named), ...errors },
      },
    },
    async (request) => inQuery(() => events(request).investigators(request.query.practiceId)),
  );

  app.get(
    `${BASE}/:eventId`,
    {
      schema: {
        tags: TAGS,
        summary: 'One event with its timeline, linked policies and next steps',
        params: EventParams,
        response: { 200: Detail, ...errors },
      },
    },
    async (request) => events(request).get(request.params.eventId),
  );

  app.patch(
    `${BASE}/:eventId`,
    {
      schema: {
        tags: TAGS,
        summary: 'Change an open event’s details, investigation or letters (audited)',
        params: EventParams,
        body: Type.Object(Changes, { additionalProperties: false }),
        response: { 200: Detail, ...errors },
      },
    },
    async (request) => inBody(() => events(request).update(request.params.eventId, request.body)),
  );

  app.post(
    `${BASE}/:eventId/transitions`,
    {
      schema: {
        tags: TAGS,
        summary: 'Move an event along its lifecycle, filling in what the move needs (audited)',
        description:
          'Investigating needs an investigator; learning needs findings; closed needs learning and actions agreed and, for a complaint, its acknowledgement and response dates.',
        params: EventParams,
        body: Type.Object(
          { to: StatusIn, note: Type.Optional(FreeText(5000)), ...Changes },
          { additionalProperties: false },
        ),
        response: { 200: Detail, ...errors },
      },
    },
    async (request) =>
      inBody(() => events(request).transition(request.params.eventId, request.body), {
        '/status': '/to',
      }),
  );

  app.post(
    `${BASE}/:eventId/policies`,
    {
      schema: {
        tags: TAGS,
        summary: 'Link a policy of the library to the event (audited)',
        params: EventParams,
        body: Type.Object({ policyId: Id }, { additionalProperties: false }),
        response: { 201: Detail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() =>
            events(request).linkPolicy(request.params.eventId, request.body.policyId),
          ),
        ),
  );

  app.delete(
    `${BASE}/:eventId/policies/:policyId`,
    {
      schema: {
        tags: TAGS,
        summary: 'Remove a policy link from an open event (audited)',
        description:
          'The same people as linking: the practice’s manager and governance. A closed event keeps its links (409); an event or link you cannot see is 404.',
        params: Type.Object({ eventId: Id, policyId: Id }),
        response: { 200: Detail, ...errors },
      },
    },
    async (request) =>
      events(request).unlinkPolicy(request.params.eventId, request.params.policyId),
  );
};
