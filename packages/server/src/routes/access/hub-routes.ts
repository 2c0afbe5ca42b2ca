import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const IsoDate = Type.String({ format: 'date' });
const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Hub = Type.Object({
  id: Type.String(),
  name: Type.String(),
  releaseLeadMinutes: Type.Integer({
    description:
      'A practice’s unused fair share is open to every practice this long before the slot',
  }),
  sites: Type.Array(
    Type.Object({
      siteId: Type.String(),
      name: Type.String(),
      practiceId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  practices: Type.Array(
    Type.Object({
      practiceId: Type.String(),
      name: Type.String(),
      odsCode: Type.String(),
      dailyThreshold: Type.Integer({
        description: 'Patients a day it agrees to see in house before referring to the hub',
      }),
    }),
  ),
});

const HubBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    releaseLeadMinutes: Type.Integer({ minimum: 0, maximum: 10_080 }),
    siteIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 }),
    practices: Type.Array(
      Type.Object(
        {
          practiceId: Type.String({ format: 'uuid' }),
          dailyThreshold: Type.Integer({ minimum: 0, maximum: 10_000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

const PracticeUse = Type.Object({
  practiceId: Type.String(),
  name: Type.String(),
  odsCode: Type.String(),
  dailyThreshold: Type.Integer(),
  listSize: Type.Integer(),
  share: Type.Integer({ description: 'Fair share of the day’s places by list size' }),
  used: Type.Integer({ description: 'Places of its share its patients took' }),
  left: Type.Integer({ description: 'share - used' }),
  released: Type.Integer({ description: 'Of left, places booked by others after release' }),
  extra: Type.Integer({ description: 'Places its patients took beyond its share' }),
});

const Figures = {
  capacity: Type.Integer(),
  bookedOrAttended: Type.Integer(),
  didNotAttend: Type.Integer(),
  utilisation: Nullable(Type.Number({ description: 'Booked or attended places over capacity' })),
  recovered: Type.Integer({
    description: 'Places booked after release that would otherwise have gone unused',
  }),
};

const HubBrief = Type.Object({
  id: Type.String(),
  name: Type.String(),
  releaseLeadMinutes: Type.Integer(),
});

const HubDay = Type.Object({
  hub: HubBrief,
  date: IsoDate,
  ...Figures,
  unusedRate: Nullable(Type.Number()),
  againstBenchmark: Type.Union([
    Type.Literal('better'),
    Type.Literal('typical'),
    Type.Literal('worse'),
    Type.Null(),
  ]),
  byOthers: Type.Integer({ description: 'Places taken by practices no longer in the hub' }),
  practices: Type.Array(PracticeUse),
});

const HubWeek = Type.Object({
  hub: HubBrief,
  from: IsoDate,
  days: Type.Array(Type.Object({ date: IsoDate, ...Figures })),
  capacity: Type.Integer(),
  bookedOrAttended: Type.Integer(),
  utilisation: Nullable(Type.Number()),
  recovered: Type.Integer(),
});

const HubParams = Type.Object({ hubId: Type.String({ format: 'uuid' }) });
const DayParams = Type.Object({ hubId: Type.String({ format: 'uuid' }), date: IsoDate });
const WeekParams = Type.Object({ hubId: Type.String({ format: 'uuid' }), from: IsoDate });

const tags = ['access'];

/**
 * Hubs (ACC-4): set-up under access:manage across the organisation, and the dashboard (a day
 * and a week of capacity, fair shares, use, release and utilisation) under access-report:read
 * or access:manage; practice-level readers see only hubs their practice shares.
 */
export const hubRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/hubs',
    {
      schema: {
        tags,
        summary: 'The organisation’s hubs with their sites and practices',
        response: { 200: Type.Object({ hubs: Type.Array(Hub) }), 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ hubs: await reposFor(request, db).hubs.list() }),
  );

  app.post(
    '/api/hubs',
    {
      schema: {
        tags,
        summary: 'Set up a hub (access:manage across the organisation; audited)',
        body: HubBody,
        response: { 201: Hub, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const hub = await inBody(() => reposFor(request, db).hubs.create(request.body));
      return reply.code(201).send(hub);
    },
  );

  app.get(
    '/api/hubs/:hubId',
    {
      schema: {
        tags,
        summary: 'One hub',
        params: HubParams,
        response: { 200: Hub, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).hubs.get(request.params.hubId),
  );

  app.put(
    '/api/hubs/:hubId',
    {
      schema: {
        tags,
        summary: 'Change a hub: name, release lead time, sites and practices (audited)',
        params: HubParams,
        body: HubBody,
        response: {
          200: Hub,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).hubs.update(request.params.hubId, request.body)),
  );

  app.delete(
    '/api/hubs/:hubId',
    {
      schema: {
        tags,
        summary: 'Remove a hub with no sessions or slots (audited); one in use is 409',
        params: HubParams,
        response: {
          204: Type.Null(),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).hubs.remove(request.params.hubId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/hubs/:hubId/days/:date',
    {
      schema: {
        tags,
        summary: 'A hub’s day: capacity, fair shares, use, release and utilisation',
        description:
          'Utilisation is booked or attended places over capacity; public figures put unused ' +
          'extended-access appointments at 25-35%, and againstBenchmark compares with that.',
        params: DayParams,
        response: { 200: HubDay, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).hubUse.day(request.params.hubId, request.params.date),
  );

  app.get(
    '/api/hubs/:hubId/weeks/:from',
    {
      schema: {
        tags,
        summary: 'Seven days of a hub from a date, for the trend',
        params: WeekParams,
        response: { 200: HubWeek, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).hubUse.week(request.params.hubId, request.params.from),
  );
};
