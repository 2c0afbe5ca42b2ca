import { Type } from '@sinclair/typebox';
import { REQUEST_ROUTINGS, SLOT_SERVICES, URGENCIES } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inQuery } from '../request-fields.js';

const Count = Type.Integer({ minimum: 0 });
const IsoDate = Type.String({ format: 'date' });

const Summary = Type.Object({
  asAt: Type.String({ format: 'date-time' }),
  today: IsoDate,
  tomorrow: IsoDate,
  practiceId: Type.Union([Type.String(), Type.Null()]),
  requests: Type.Object({
    waiting: Count,
    waitingByUrgency: Type.Object({
      unassessed: Count,
      ...Object.fromEntries(URGENCIES.map((u) => [u, Count])),
    }),
    overdue: Type.Integer({
      minimum: 0,
      description: 'Waiting, unclaimed, past the window of their urgency (unassessed: same day)',
    }),
    claimed: Count,
    triagedToday: Count,
  }),
  freeSlots: Type.Array(
    Type.Object({
      service: Type.String({ enum: [...SLOT_SERVICES] }),
      today: Type.Integer({ minimum: 0, description: 'Slots with a free place from now on' }),
      tomorrow: Count,
    }),
    { description: 'Outside hubs, by service' },
  ),
  hubs: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      capacity: Count,
      booked: Count,
      share: Type.Integer({ minimum: 0, description: 'Fair share of the practices in scope' }),
      used: Count,
      released: Type.Integer({
        minimum: 0,
        description: 'Of the share, places booked by other practices after release',
      }),
    }),
  ),
  walkIn: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      siteName: Type.String(),
      open: Type.Boolean(),
      waiting: Count,
    }),
  ),
});

/**
 * The access overview (ACC-1..7): today's counts for the caller's practices, for the Access
 * section's landing page, counts only, under triage:read; and the organisation's routing
 * settings for the settings page (changed with PUT /api/request-routing).
 */
export const accessSummaryRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/access/summary',
    {
      schema: {
        tags: ['access'],
        summary:
          'Requests waiting and overdue, free slots, hub shares and walk-in queues today (triage:read)',
        querystring: Type.Object(
          {
            practiceId: Type.Optional(
              Type.String({
                format: 'uuid',
                description: 'One practice; without it, every practice the caller reaches',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inQuery(() =>
        reposFor(request, db).accessSummary.summary({ practiceId: request.query.practiceId }),
      ),
  );

  app.get(
    '/api/request-routing',
    {
      schema: {
        tags: ['access'],
        summary: 'Where the organisation’s requests are triaged, and how long slots are held',
        response: {
          200: Type.Object({
            routing: Type.String({
              enum: [...REQUEST_ROUTINGS],
              description: 'practice: each practice triages its own; centre: the call centres do',
            }),
            holdMinutes: Type.Integer({
              minimum: 1,
              description: 'How long a slot is held while a navigator talks to the patient',
            }),
          }),
          401: Problem,
        },
      },
    },
    async (request) => reposFor(request, db).accessSummary.routingSettings(),
  );
};
