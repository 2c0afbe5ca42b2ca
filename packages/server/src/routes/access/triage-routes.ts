import { Type, type TSchema } from '@sinclair/typebox';
import {
  AtscaleError,
  REQUEST_ROUTINGS,
  TRIAGE_KPI_GROUPINGS,
  TRIAGE_OUTCOMES,
  URGENCIES,
  type RequestRouting,
  type TriageKpiGrouping,
} from '@atscale/domain';
import type { TriageDecision } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { Enum, PatientRequest, RequestParams } from './request-routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

const Queue = Type.Object({
  queue: Type.Object({
    kind: Enum(['practice', 'team'] as const),
    id: Type.String(),
    name: Type.String(),
  }),
  asAt: Type.String({ format: 'date-time' }),
  counts: Type.Object({
    waiting: Count,
    claimed: Count,
    triagedToday: Count,
    closedToday: Count,
    overdue: Count,
    byUrgency: Type.Object({
      unassessed: Count,
      ...Object.fromEntries(URGENCIES.map((u) => [u, Count])),
    }),
  }),
  requests: Type.Array(PatientRequest, {
    description: 'Waiting and claimed, most urgent first, then longest waiting',
  }),
  truncated: Type.Boolean(),
  unclaimed: Type.Object(
    {
      count: Count,
      byUrgency: Type.Object({
        unassessed: Count,
        ...Object.fromEntries(URGENCIES.map((u) => [u, Count])),
      }),
      requests: Type.Array(
        Type.Object({
          id: Type.String(),
          urgency: Nullable(Enum(URGENCIES)),
          dueBy: Type.String({ format: 'date-time' }),
          minutesOverdue: Count,
        }),
        { description: 'Most urgent first, then longest overdue' },
      ),
      level: Enum(['none', 'warning', 'urgent'] as const),
    },
    {
      description:
        'Requests waiting unclaimed beyond their urgency’s window; urgent when one may need ' +
        'to be seen today (emergency, same day or not yet assessed)',
    },
  ),
});

const Duration = Type.Object({
  count: Count,
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
});

const Kpis = Type.Object({
  requests: Count,
  triaged: Count,
  clinicalTriaged: Count,
  faceToFace: Count,
  faceToFaceRate: Nullable(Type.Number({ description: 'Share of triaged clinical requests' })),
  timeToTriage: Duration,
  timeToAppointment: Duration,
  outcomes: Type.Object(Object.fromEntries(TRIAGE_OUTCOMES.map((o) => [o, Count]))),
});

const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  region: Nullable(Type.String({ description: 'Null for the central call centre' })),
  siteId: Nullable(Type.String()),
});

const Routing = Enum(
  REQUEST_ROUTINGS,
  'practice: each practice triages its own; centre: the call centres do',
);

const IsoDate = Type.String({ format: 'date' });

/** Total triage (ACC-2): queues, claiming, decisions, the to-book worklist, KPIs, call centres. */
export const triageRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/triage/queue',
    {
      schema: {
        tags: ['access'],
        summary: 'A triage queue with live counts (triage:read; each request audited)',
        description:
          'Give practiceId for a practice’s own queue, or teamId for a call centre’s. A call ' +
          'centre’s queue shows the requests of the practices the caller reaches.',
        querystring: Type.Object(
          {
            practiceId: Type.Optional(Type.String({ format: 'uuid' })),
            teamId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Queue, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { practiceId, teamId } = request.query;
      if ((practiceId === undefined) === (teamId === undefined)) {
        const message = 'Give either practiceId or teamId';
        throw new AtscaleError('validation-failed', message, [
          { field: 'querystring/practiceId', message },
        ]);
      }
      const triage = reposFor(request, db).triage;
      return triage.queue(practiceId !== undefined ? { practiceId } : { teamId: teamId ?? '' });
    },
  );

  app.post(
    '/api/requests/:requestId/claim',
    {
      schema: {
        tags: ['access'],
        summary: 'Claim a waiting request to triage it (triage:act; audited)',
        description:
          'Exactly one of two triagers claiming at once wins; the other gets 409 naming who holds it.',
        params: RequestParams,
        response: {
          200: PatientRequest,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => reposFor(request, db).triage.claim(request.params.requestId),
  );

  app.post(
    '/api/requests/:requestId/release',
    {
      schema: {
        tags: ['access'],
        summary: 'Put a request you hold back in the queue (triage:act; audited)',
        params: RequestParams,
        response: {
          200: PatientRequest,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => reposFor(request, db).triage.release(request.params.requestId),
  );

  app.post(
    '/api/requests/:requestId/triage',
    {
      schema: {
        tags: ['access'],
        summary: 'Record the triage decision on a request you hold (triage:act; audited)',
        description:
          'An outcome that needs an appointment leaves the request triaged, on the to-book ' +
          'worklist; any other closes it.',
        params: RequestParams,
        body: Type.Object(
          {
            urgency: Enum(URGENCIES),
            outcome: Enum(TRIAGE_OUTCOMES),
            specialistService: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: PatientRequest,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).triage.triage(
          request.params.requestId,
          // The schema's enums have checked it; the type provider cannot see through Type.Unsafe.
          request.body as TriageDecision,
        ),
      ),
  );

  app.get(
    '/api/triage/to-book',
    {
      schema: {
        tags: ['access'],
        summary: 'Triaged requests that still need an appointment (appointment:book; audited)',
        querystring: Type.Object(
          { practiceId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ requests: Type.Array(PatientRequest) }),
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request) => ({
      requests: await reposFor(request, db).triage.toBook(request.query.practiceId),
    }),
  );

  app.get(
    '/api/triage/kpis',
    {
      schema: {
        tags: ['access'],
        summary: 'Triage KPIs over requests received in a period (access-report:read)',
        description:
          'Face-to-face conversion over triaged clinical requests, median and 90th percentile ' +
          'time to triage and to the appointment, and the outcome mix, overall and by practice, ' +
          'call centre, triager or day. Counts only: no patient is named.',
        querystring: Type.Object(
          { from: IsoDate, to: IsoDate, by: Type.Optional(Enum(TRIAGE_KPI_GROUPINGS)) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: IsoDate,
            to: IsoDate,
            by: Enum(TRIAGE_KPI_GROUPINGS),
            overall: Kpis,
            groups: Type.Array(
              Type.Object({ key: Nullable(Type.String()), label: Type.String(), kpis: Kpis }),
            ),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const by = (request.query.by ?? 'practice') as TriageKpiGrouping;
      return inQuery(() => reposFor(request, db).triageKpis.report({ from, to, by }));
    },
  );

  app.get(
    '/api/triage-teams',
    {
      schema: {
        tags: ['access'],
        summary: 'The organisation’s call centres and where its requests are triaged',
        response: {
          200: Type.Object({ routing: Routing, teams: Type.Array(Team) }),
          401: Problem,
        },
      },
    },
    async (request) => reposFor(request, db).triage.teams(),
  );

  app.post(
    '/api/triage-teams',
    {
      schema: {
        tags: ['access'],
        summary: 'Add a call centre (access:manage across the organisation; audited)',
        description: 'One central call centre (no region) and at most one per region (409).',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            region: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            siteId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Team, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const team = await inBody(() => reposFor(request, db).triage.createTeam(request.body));
      return reply.code(201).send(team);
    },
  );

  app.put(
    '/api/request-routing',
    {
      schema: {
        tags: ['access'],
        summary: 'Set where requests are triaged (access:manage across the organisation; audited)',
        body: Type.Object({ routing: Routing }, { additionalProperties: false }),
        response: {
          200: Type.Object({ routing: Routing }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) =>
      reposFor(request, db).triage.setRouting(request.body.routing as RequestRouting),
  );
};
