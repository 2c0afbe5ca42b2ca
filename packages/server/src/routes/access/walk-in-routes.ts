import { Type } from '@sinclair/typebox';
import { unscopedWalkInDisplay } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

/** Display refreshes one client address may make a minute: a screen polls every few seconds. */
export const WALK_IN_DISPLAY_PER_MINUTE = 120;

const Queue = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  practiceId: Type.Union([Type.String(), Type.Null()]),
  service: Type.String(),
  name: Type.String(),
  minutesPerPatient: Type.Integer(),
  open: Type.Boolean(),
});

const QueueBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    siteId: Type.String({ format: 'uuid' }),
    service: Type.String({ minLength: 1, maxLength: 60, description: 'For example phlebotomy' }),
    minutesPerPatient: Type.Integer({
      minimum: 1,
      maximum: 120,
      description: 'Used for estimated waits until the day’s own pace is known',
    }),
    open: Type.Boolean(),
  },
  { additionalProperties: false },
);

const Ticket = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  status: Type.String({ enum: ['waiting', 'called', 'done', 'left'] }),
  issuedAt: Type.String(),
  calledAt: Type.Union([Type.String(), Type.Null()]),
});

const WaitingTicket = Type.Object({
  ...Ticket.properties,
  position: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
});

const LiveQueue = Type.Object({
  queue: Queue,
  date: Type.String({ format: 'date' }),
  waiting: Type.Array(WaitingTicket),
  waitingCount: Type.Integer(),
  called: Type.Array(Ticket),
  paceMinutes: Type.Number(),
  newArrivalWaitMinutes: Type.Integer(),
  seenToday: Type.Integer(),
});

const Display = Type.Object({
  queueName: Type.String(),
  siteName: Type.String(),
  open: Type.Boolean(),
  date: Type.String({ format: 'date' }),
  calling: Type.Array(Type.Integer(), { description: 'Most recently called first' }),
  waiting: Type.Array(Type.Integer()),
  waitingCount: Type.Integer(),
  newArrivalWaitMinutes: Type.Integer(),
});

const TicketBody = Type.Object(
  {
    patientId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'The patient, if known (the ticket is then audited)',
      }),
    ),
  },
  { additionalProperties: false },
);

const OutcomeBody = Type.Object(
  { outcome: Type.String({ enum: ['done', 'left'], description: 'Seen, or left unseen' }) },
  { additionalProperties: false },
);

const QueueParams = Type.Object({ queueId: Type.String({ format: 'uuid' }) });
const TicketParams = Type.Object({
  queueId: Type.String({ format: 'uuid' }),
  ticketId: Type.String({ format: 'uuid' }),
});

const tags = ['access'];
const errors = PROBLEM_RESPONSES;

/**
 * Open-access walk-in clinics (ACC-6): queues set up under access:manage at the site's
 * practice, run under walk-in:run there, and a public display of ticket numbers only.
 */
export const walkInRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/walk-in/queues',
    {
      schema: {
        tags,
        summary: 'Walk-in queues at sites where the caller runs or sets them up',
        response: { 200: Type.Object({ queues: Type.Array(Queue) }), 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ queues: await reposFor(request, db).walkIn.list() }),
  );

  app.post(
    '/api/walk-in/queues',
    {
      schema: {
        tags,
        summary: 'Set up a walk-in queue at a site (access:manage; audited)',
        body: QueueBody,
        response: { 201: Queue, ...errors },
      },
    },
    async (request, reply) => {
      const queue = await inBody(() => reposFor(request, db).walkIn.create(request.body));
      return reply.code(201).send(queue);
    },
  );

  app.put(
    '/api/walk-in/queues/:queueId',
    {
      schema: {
        tags,
        summary: 'Change a walk-in queue, or open and close it (access:manage; audited)',
        params: QueueParams,
        body: QueueBody,
        response: { 200: Queue, ...errors },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).walkIn.update(request.params.queueId, request.body)),
  );

  app.delete(
    '/api/walk-in/queues/:queueId',
    {
      schema: {
        tags,
        summary: 'Remove a queue that never issued a ticket (else 409: close it)',
        params: QueueParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).walkIn.remove(request.params.queueId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/walk-in/queues/:queueId/live',
    {
      schema: {
        tags,
        summary:
          'The queue today: waiting tickets with positions and estimated waits (walk-in:run)',
        params: QueueParams,
        response: { 200: LiveQueue, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).walkIn.live(request.params.queueId),
  );

  app.post(
    '/api/walk-in/queues/:queueId/tickets',
    {
      schema: {
        tags,
        summary:
          'Issue the next ticket of the day (walk-in:run; audited with the patient if given)',
        description: 'Numbers are taken with the queue locked: two tickets never share one.',
        params: QueueParams,
        body: TicketBody,
        response: { 201: Ticket, ...errors },
      },
    },
    async (request, reply) => {
      const ticket = await inBody(() =>
        reposFor(request, db).walkIn.issue(request.params.queueId, {
          patientId: request.body.patientId ?? null,
        }),
      );
      return reply.code(201).send(ticket);
    },
  );

  app.post(
    '/api/walk-in/queues/:queueId/call-next',
    {
      schema: {
        tags,
        summary: 'Call the lowest waiting ticket (walk-in:run); nobody waiting is 409',
        description: 'Two staff pressing at once call two different tickets, never one twice.',
        params: QueueParams,
        response: { 200: Ticket, ...errors },
      },
    },
    async (request) => reposFor(request, db).walkIn.callNext(request.params.queueId),
  );

  app.post(
    '/api/walk-in/queues/:queueId/tickets/:ticketId/outcome',
    {
      schema: {
        tags,
        summary: 'Record a ticket seen (done) or gone unseen (left)',
        params: TicketParams,
        body: OutcomeBody,
        response: { 200: Ticket, ...errors },
      },
    },
    async (request) =>
      reposFor(request, db).walkIn.finish(
        request.params.queueId,
        request.params.ticketId,
        request.body.outcome as 'done' | 'left',
      ),
  );

  app.get(
    '/api/public/walk-in/:queueId/display',
    {
      config: {
        public: true,
        rateLimit: { max: WALK_IN_DISPLAY_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['public'],
        summary: 'The waiting room display: ticket numbers only, no sign-in',
        security: [],
        params: QueueParams,
        response: { 200: Display, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => unscopedWalkInDisplay(db, request.params.queueId),
  );
};
