import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';

const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  patientId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

/** The organisation's audit trail, for administrators and governance leads. */
export const auditRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first; filter by patient or user, page with `before`',
        querystring: Type.Object(
          {
            patientId: Type.Optional(Type.String({ format: 'uuid' })),
            userId: Type.Optional(Type.String({ format: 'uuid' })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ events: Type.Array(AuditEvent) }),
          400: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const { patientId, userId, before, limit } = request.query;
      const events = await reposFor(request, db).auditTrail.list({
        patientId,
        userId,
        beforeId: before,
        limit,
      });
      return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
    },
  );
};
