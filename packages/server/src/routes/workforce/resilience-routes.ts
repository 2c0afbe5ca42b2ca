import { Type } from '@sinclair/typebox';
import { RESILIENCE_COMPONENTS, STAFF_ROLES } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const IsoDate = Type.String({ format: 'date' });
const Rag = Type.Union([Type.Literal('red'), Type.Literal('amber'), Type.Literal('green')]);

const Component = Type.Object({
  key: Type.String({ enum: [...RESILIENCE_COMPONENTS] }),
  label: Type.String(),
  weight: Type.Number({ description: 'The most points it can take off 100' }),
  risk: Type.Number({ description: '0 (no risk) to 1 (the whole weight is lost)' }),
  pointsLost: Type.Number(),
  value: Type.Union([Type.Number(), Type.Null()]),
  summary: Type.String({ description: 'What it means, in words' }),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why it counts against the practice; null when it does not much',
  }),
});

const Score = Type.Object({
  practiceId: Type.String(),
  practiceName: Type.String(),
  odsCode: Type.String(),
  on: IsoDate,
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Higher is more resilient' }),
  rag: Rag,
  components: Type.Array(Component),
  reasons: Type.Array(Type.String(), { description: 'The weak components in words, worst first' }),
});

const Detail = Type.Object({
  ...Score.properties,
  trend: Type.Array(Type.Object({ on: IsoDate, score: Type.Integer() }), {
    description: 'The score as at each of the last 8 weeks, oldest first',
  }),
});

const TeamMember = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String({ enum: [...STAFF_ROLES] }),
});

const Crisis = Type.Object({
  id: Type.String(),
  practiceId: Type.String(),
  practiceName: Type.String(),
  reason: Type.String(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  declaredBy: Type.Union([Type.String(), Type.Null()]),
  deployed: Type.Array(TeamMember),
  sessions: Type.Integer({ description: 'Sessions the team works at the practice in the crisis' }),
});

const NewCrisisBody = Type.Object(
  {
    practiceId: Type.String({ format: 'uuid' }),
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'For example, two GPs off sick',
    }),
    startsOn: Type.String({ description: 'First day, YYYY-MM-DD' }),
    endsOn: Type.String({ description: 'Last day, YYYY-MM-DD: today or later' }),
  },
  { additionalProperties: false },
);

const DeploymentBody = Type.Object(
  {
    staffIds: Type.Array(Type.String({ format: 'uuid' }), {
      minItems: 1,
      maxItems: 20,
      description: 'Members of the resilience team',
    }),
  },
  { additionalProperties: false },
);

const EndBody = Type.Object(
  {
    on: Type.Optional(Type.String({ description: 'The last day, YYYY-MM-DD; today if left out' })),
  },
  { additionalProperties: false },
);

const PracticeParams = Type.Object({ practiceId: Type.String({ format: 'uuid' }) });
const CrisisParams = Type.Object({ crisisId: Type.String({ format: 'uuid' }) });

const tags = ['workforce'];

/**
 * Resilience (WF-4): each practice's resilience score with its reasons, ranked worst first, and
 * crises with the resilience team deployed to them. Scores are for the organisation-wide roles
 * (a practice manager sees their own practice); crises need crisis:manage at the practice.
 */
export const resilienceRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/resilience',
    {
      schema: {
        tags,
        summary: 'Practices’ resilience scores today, worst first, with the reasons in words',
        response: {
          200: Type.Object({ practices: Type.Array(Score) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => ({ practices: await reposFor(request, db).resilience.ranked() }),
  );

  app.get(
    '/api/resilience/practices/:practiceId',
    {
      schema: {
        tags,
        summary: 'One practice’s resilience: components, reasons and the 8-week trend',
        params: PracticeParams,
        response: { 200: Detail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).resilience.practice(request.params.practiceId),
  );

  app.get(
    '/api/crises',
    {
      schema: {
        tags,
        summary: 'Crises the caller may see, newest first, and the resilience team',
        response: {
          200: Type.Object({ crises: Type.Array(Crisis), team: Type.Array(TeamMember) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => reposFor(request, db).crises.list(),
  );

  app.post(
    '/api/crises',
    {
      schema: {
        tags,
        summary: 'Declare a practice in crisis for a period',
        description: 'Needs crisis:manage at the practice. Audited.',
        body: NewCrisisBody,
        response: { 201: Crisis, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const crisis = await inBody(() => reposFor(request, db).crises.declare(request.body));
      return reply.code(201).send(crisis);
    },
  );

  app.post(
    '/api/crises/:crisisId/deployments',
    {
      schema: {
        tags,
        summary: 'Deploy members of the resilience team to a crisis',
        description:
          'Puts each on the practice’s rota at its main site, mornings and afternoons of the ' +
          'crisis’s weekdays still to come. Someone rostered elsewhere then is refused (409, ' +
          'naming the clash). Audited.',
        params: CrisisParams,
        body: DeploymentBody,
        response: {
          201: Crisis,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const crisis = await inBody(() =>
        reposFor(request, db).crises.deploy(request.params.crisisId, request.body.staffIds),
      );
      return reply.code(201).send(crisis);
    },
  );

  app.post(
    '/api/crises/:crisisId/end',
    {
      schema: {
        tags,
        summary: 'End a crisis early',
        description:
          'The team’s sessions after the last day come off the rota. A crisis already ending ' +
          'then or sooner is 409. Audited.',
        params: CrisisParams,
        body: EndBody,
        response: {
          200: Crisis,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).crises.end(request.params.crisisId, request.body.on)),
  );
};
