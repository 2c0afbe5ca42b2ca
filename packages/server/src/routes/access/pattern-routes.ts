import { Type, type TSchema } from '@sinclair/typebox';
import {
  DELIVERY_CHANNELS,
  SESSION_PERIODS,
  SLOT_SERVICES,
  SLOT_VISIBILITIES,
  STAFF_ROLES,
  STAFF_SKILLS,
  type DeliveryChannel,
  type SessionPeriod,
  type SlotService,
  type SlotVisibility,
  type StaffRole,
} from '@atscale/domain';
import { MAX_GENERATE_DAYS } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Day = (description: string) => Type.String({ format: 'date', description });
const LocalTime = (description: string) =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description });
// Enums are checked by the schema and read as the domain's types by the repository.
const Role = Type.String({ enum: [...STAFF_ROLES] });
const Period = Type.String({ enum: [...SESSION_PERIODS] });
const Service = Type.String({ enum: [...SLOT_SERVICES] });
const Channel = Type.String({ enum: [...DELIVERY_CHANNELS] });
const Visibility = Type.String({ enum: [...SLOT_VISIBILITIES] });

const Pattern = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  practiceId: Nullable(Type.String()),
  staffId: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  roomId: Nullable(Type.String()),
  hubId: Nullable(Type.String()),
  weekday: Type.Integer({ description: '1 Monday .. 7 Sunday' }),
  period: Period,
  startTime: Type.String({ description: 'Local time in England, HH:MM' }),
  endTime: Type.String(),
  requiredRole: Role,
  requiredSkills: Type.Array(Type.String()),
  service: Nullable(Service),
  channel: Nullable(Channel),
  slotMinutes: Nullable(Type.Integer()),
  visibility: Nullable(Visibility),
  slotCapacity: Type.Integer(),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  skips: Type.Array(Type.Object({ date: Type.String(), reason: Nullable(Type.String()) })),
});

const NewPattern = Type.Object(
  {
    siteId: Id('The site'),
    staffId: Type.Optional(Nullable(Id('The clinician rostered on every session it makes'))),
    roomId: Type.Optional(Nullable(Id('The room'))),
    hubId: Type.Optional(Nullable(Id('The hub, for hub slots'))),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 Monday .. 7 Sunday' }),
    period: Period,
    startTime: Type.Optional(Nullable(LocalTime('Only for a custom period: local start HH:MM'))),
    endTime: Type.Optional(Nullable(LocalTime('Only for a custom period: local end HH:MM'))),
    requiredRole: Role,
    requiredSkills: Type.Optional(Type.Array(Type.String({ enum: [...STAFF_SKILLS] }))),
    service: Type.Optional(Nullable(Service)),
    channel: Type.Optional(Nullable(Channel)),
    slotMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 5, maximum: 240 }))),
    visibility: Type.Optional(Nullable(Visibility)),
    slotCapacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    validFrom: Day('First day it applies'),
    validUntil: Type.Optional(Nullable(Day('Last day it applies, inclusive'))),
  },
  { additionalProperties: false },
);

const PatternParams = Type.Object({ patternId: Id() });
const errors = PROBLEM_RESPONSES;

/**
 * Weekly session patterns (ACC-3) and generating rota sessions and their slots from them:
 * reads for everyone who reads the rota; writes with access:manage at the site's practice.
 */
export const patternRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/session-patterns',
    {
      schema: {
        tags: ['access'],
        summary: 'Weekly session patterns of a practice’s sites, or every site the caller reaches',
        querystring: Type.Object(
          { practiceId: Type.Optional(Id('Only this practice')) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ patterns: Type.Array(Pattern) }), ...errors },
      },
    },
    async (request) => ({
      patterns: await inQuery(() => reposFor(request, db).sessionPatterns.list(request.query)),
    }),
  );

  app.post(
    '/api/session-patterns',
    {
      schema: {
        tags: ['access'],
        summary: 'Add a weekly session pattern',
        description:
          'AM is 08:00-12:30, PM 13:30-18:30, evening 18:30-20:00 in England; custom takes ' +
          'startTime and endTime. A pattern with a service makes slots. Audited.',
        body: NewPattern,
        response: { 201: Pattern, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const pattern = await inBody(() =>
        reposFor(request, db).sessionPatterns.create({
          ...body,
          period: body.period as SessionPeriod,
          requiredRole: body.requiredRole as StaffRole,
          service: body.service as SlotService | null | undefined,
          channel: body.channel as DeliveryChannel | null | undefined,
          visibility: body.visibility as SlotVisibility | null | undefined,
        }),
      );
      return reply.code(201).send(pattern);
    },
  );

  app.delete(
    '/api/session-patterns/:patternId',
    {
      schema: {
        tags: ['access'],
        summary: 'Remove a pattern (the sessions it made stay on the rota)',
        params: PatternParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errors },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).sessionPatterns.remove(request.params.patternId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/session-patterns/:patternId/skips',
    {
      schema: {
        tags: ['access'],
        summary: 'Skip a date: the pattern makes no session that day',
        params: PatternParams,
        body: Type.Object(
          {
            date: Day('The day to skip'),
            reason: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Pattern, ...errors },
      },
    },
    async (request, reply) => {
      const pattern = await inBody(() =>
        reposFor(request, db).sessionPatterns.skip(
          request.params.patternId,
          request.body.date,
          request.body.reason ?? null,
        ),
      );
      return reply.code(201).send(pattern);
    },
  );

  app.post(
    '/api/session-patterns/generate',
    {
      schema: {
        tags: ['access'],
        summary: 'Make the rota sessions and slots of the patterns for a range of dates',
        description:
          `Idempotent: a pattern makes at most one session a date. At most ${String(MAX_GENERATE_DAYS)} ` +
          'days. Rosters the pattern’s clinician and cuts the slots; 409 naming a clinician or ' +
          'room that would be in two places at once. Audited.',
        body: Type.Object(
          {
            practiceId: Type.Optional(Id('Every pattern of this practice’s sites')),
            patternIds: Type.Optional(Type.Array(Id(), { minItems: 1, maxItems: 200 })),
            from: Day('First day'),
            to: Day('Last day, inclusive'),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            sessionsCreated: Type.Integer(),
            sessionsExisting: Type.Integer(),
            slotsCreated: Type.Integer(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const made = await inBody(() => reposFor(request, db).sessionPatterns.generate(request.body));
      return reply.code(201).send(made);
    },
  );
};
