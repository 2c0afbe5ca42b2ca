import { Type, type TSchema } from '@sinclair/typebox';
import { SESSION_PERIODS, STAFF_ROLES, STAFF_SKILLS, type StaffRole } from '@atscale/domain';
import { ABSENCE_KINDS, MAX_NEW_SESSIONS } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// Enums are checked by the schema; typed as text because the type provider cannot see through
// Type.Unsafe. The repository reads them as the domain's types.
const Role = Type.String({ enum: [...STAFF_ROLES] });
const Skill = Type.String({ enum: [...STAFF_SKILLS] });
const Period = Type.String({ enum: [...SESSION_PERIODS] });
const AbsenceKind = Type.String({ enum: [...ABSENCE_KINDS] });
const Day = (description: string) => Type.String({ format: 'date', description });
const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const LocalTime = (description: string) =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description });

const Rostered = Type.Object({
  staffId: Type.String(),
  fullName: Type.String(),
  staffRole: Role,
  source: Type.String({ enum: ['rota', 'pool', 'resilience'] }),
  absence: Nullable(AbsenceKind),
});

/** A session as the API shows it. */
export const RotaSession = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  practiceId: Nullable(Type.String()),
  startsAt: Type.String({ description: 'Instant, ISO 8601 UTC' }),
  endsAt: Type.String(),
  date: Type.String({ description: 'The day in England' }),
  startTime: Type.String({ description: 'Local time in England, HH:MM' }),
  endTime: Type.String(),
  period: Period,
  requiredRole: Role,
  requiredSkills: Type.Array(Type.String()),
  staffNeeded: Type.Integer(),
  urgency: Type.Integer(),
  unpopular: Type.Boolean(),
  assignments: Type.Array(Rostered),
  missing: Type.Integer({ description: 'People still needed: a gap when above 0' }),
});

const Absence = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  fullName: Type.String(),
  kind: AbsenceKind,
  startsOn: Type.String(),
  endsOn: Type.String(),
});

const PeriodView = Type.Object({
  practiceId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  sessions: Type.Array(RotaSession),
  absences: Type.Array(Absence),
});

const PersonView = Type.Object({
  staffId: Type.String(),
  fullName: Type.String(),
  staffRole: Role,
  homePracticeId: Nullable(Type.String()),
  from: Type.String(),
  to: Type.String(),
  sessions: Type.Array(RotaSession),
  absences: Type.Array(Absence),
});

const Gap = Type.Object({
  session: RotaSession,
  missing: Type.Integer(),
  absentStaffIds: Type.Array(Type.String()),
});

const Range = {
  from: Day('First day, YYYY-MM-DD'),
  to: Day('Last day, inclusive, YYYY-MM-DD; at most 93 days after the first'),
};

const SessionsQuery = Type.Object(
  { practiceId: Id('The practice'), ...Range },
  { additionalProperties: false },
);
const RangeQuery = Type.Object(Range, { additionalProperties: false });
const GapsQuery = Type.Object(
  {
    ...Range,
    practiceId: Type.Optional(Id('Only this practice')),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);

const shape = {
  requiredSkills: Type.Optional(
    Type.Array(Skill, { maxItems: STAFF_SKILLS.length, description: 'Skills everyone needs' }),
  ),
  staffNeeded: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'Default 1' })),
  urgency: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 5, description: '1 (can wait) to 5; default 3' }),
  ),
  unpopular: Type.Optional(Type.Boolean()),
  startTime: Type.Optional(Nullable(LocalTime('Only for a custom period: local start HH:MM'))),
  endTime: Type.Optional(Nullable(LocalTime('Only for a custom period: local end HH:MM'))),
};

const NewSessionsBody = Type.Object(
  {
    siteId: Id('The site'),
    dates: Type.Array(Day('A day in England'), { minItems: 1, maxItems: MAX_NEW_SESSIONS }),
    period: Period,
    requiredRole: Role,
    ...shape,
  },
  { additionalProperties: false },
);

const SessionPatchBody = Type.Object(
  {
    date: Type.Optional(Day('Move the session to this day')),
    period: Type.Optional(Period),
    requiredRole: Type.Optional(Role),
    ...shape,
  },
  { additionalProperties: false, minProperties: 1 },
);

const AssignBody = Type.Object({ staffId: Id('Who to roster') }, { additionalProperties: false });

const AbsenceBody = Type.Object(
  {
    staffId: Id('Who is away'),
    kind: AbsenceKind,
    startsOn: Day('First day away'),
    endsOn: Day('Last day away, inclusive'),
  },
  { additionalProperties: false },
);

const SessionParams = Type.Object({ sessionId: Id() });
const AssignmentParams = Type.Object({ sessionId: Id(), staffId: Id() });
const PersonParams = Type.Object({ staffId: Id() });
const AbsenceParams = Type.Object({ absenceId: Id() });

const errors = PROBLEM_RESPONSES;

/**
 * The rota (WF-2): sessions at sites, who is on them, leave and sickness and the gaps they
 * leave. Reads for every role, limited to the practices it reaches (all for central roles);
 * writes need rota:manage at the site's (or the person's home) practice, and are audited.
 */
export const rotaRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/rota/sessions',
    {
      schema: {
        tags: ['workforce'],
        summary:
          'A practice’s rota between two dates: sites, sessions with people and gaps, absences',
        querystring: SessionsQuery,
        response: { 200: PeriodView, ...errors },
      },
    },
    async (request) => {
      const { practiceId, from, to } = request.query;
      return inQuery(() => reposFor(request, db).rota.view(practiceId, from, to));
    },
  );

  app.post(
    '/api/rota/sessions',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Plan a session at a site on each of the dates given',
        description:
          'AM is 08:00-12:30, PM 13:30-18:30, evening 18:30-20:00 in England; custom takes ' +
          'startTime and endTime. Needs rota:manage at the site’s practice. Audited.',
        body: NewSessionsBody,
        response: { 201: Type.Object({ sessions: Type.Array(RotaSession) }), ...errors },
      },
    },
    async (request, reply) => {
      const sessions = await inBody(() =>
        reposFor(request, db).rota.createSessions({
          ...request.body,
          period: request.body.period as (typeof SESSION_PERIODS)[number],
          requiredRole: request.body.requiredRole as StaffRole,
        }),
      );
      return reply.code(201).send({ sessions });
    },
  );

  app.patch(
    '/api/rota/sessions/:sessionId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Change or move a session',
        description:
          'A new date, period or times moves it; everyone on it must still be free and able to ' +
          'travel in time (409 naming who and where otherwise). Audited.',
        params: SessionParams,
        body: SessionPatchBody,
        response: { 200: RotaSession, ...errors },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).rota.updateSession(request.params.sessionId, {
          ...request.body,
          period: request.body.period as (typeof SESSION_PERIODS)[number] | undefined,
          requiredRole: request.body.requiredRole as StaffRole | undefined,
        }),
      ),
  );

  app.delete(
    '/api/rota/sessions/:sessionId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Remove a session and who was rostered on it',
        params: SessionParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errors },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).rota.deleteSession(request.params.sessionId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/rota/sessions/:sessionId/eligible-staff',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Who could be rostered on the session now',
        description:
          'The people assigning would accept: working at the session’s site (a site of their ' +
          'home practice or one listed for them), the right role and skills, not away that ' +
          'day, and free of clashes and travel problems.',
        params: SessionParams,
        response: {
          200: Type.Object({
            staff: Type.Array(
              Type.Object({
                staffId: Type.String(),
                fullName: Type.String(),
                staffRole: Role,
                homePracticeId: Nullable(Type.String()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      staff: await reposFor(request, db).rota.eligibleStaff(request.params.sessionId),
    }),
  );

  app.post(
    '/api/rota/sessions/:sessionId/assignments',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Roster a person on a session',
        description:
          '409 when they do not work at the session’s site (naming them and the site), are ' +
          'already somewhere else at that time, could not travel between sites in time (with ' +
          'the minutes), lack the role or skills, are away, or the session is fully staffed. ' +
          'Audited.',
        params: SessionParams,
        body: AssignBody,
        response: { 201: RotaSession, ...errors },
      },
    },
    async (request, reply) => {
      const session = await inBody(() =>
        reposFor(request, db).rota.assign(request.params.sessionId, request.body.staffId),
      );
      return reply.code(201).send(session);
    },
  );

  app.delete(
    '/api/rota/sessions/:sessionId/assignments/:staffId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Take a person off a session',
        params: AssignmentParams,
        response: { 200: RotaSession, ...errors },
      },
    },
    async (request) =>
      reposFor(request, db).rota.unassign(request.params.sessionId, request.params.staffId),
  );

  app.get(
    '/api/rota/people/:staffId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'One person’s sessions and absences between two dates',
        params: PersonParams,
        querystring: RangeQuery,
        response: { 200: PersonView, ...errors },
      },
    },
    async (request) =>
      inQuery(() =>
        reposFor(request, db).rota.person(
          request.params.staffId,
          request.query.from,
          request.query.to,
        ),
      ),
  );

  app.post(
    '/api/rota/absences',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Record leave or sickness: the person’s sessions in the period become gaps',
        description:
          'Needs rota:manage at the person’s home practice (centrally for others). Audited.',
        body: AbsenceBody,
        response: { 201: Absence, ...errors },
      },
    },
    async (request, reply) => {
      const absence = await inBody(() =>
        reposFor(request, db).rota.recordAbsence({
          ...request.body,
          kind: request.body.kind as (typeof ABSENCE_KINDS)[number],
        }),
      );
      return reply.code(201).send(absence);
    },
  );

  app.delete(
    '/api/rota/absences/:absenceId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Cancel an absence recorded in error',
        params: AbsenceParams,
        response: { 204: Type.Null({ description: 'Cancelled' }), ...errors },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).rota.cancelAbsence(request.params.absenceId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/rota/gaps',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Sessions short of people across the organisation, most urgent first',
        description:
          'Central roles see every practice; practice roles see their own practices’ gaps.',
        querystring: GapsQuery,
        response: { 200: Type.Object({ gaps: Type.Array(Gap) }), ...errors },
      },
    },
    async (request) => {
      const { from, to, practiceId, role } = request.query;
      return {
        gaps: await inQuery(() =>
          reposFor(request, db).rota.gaps(from, to, {
            practiceId,
            role: role as StaffRole | undefined,
          }),
        ),
      };
    },
  );
};
