import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });

const Room = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  practiceId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
});

const Name = Type.String({ minLength: 1, maxLength: 100, description: 'What the room is called' });
const RoomParams = Type.Object({ roomId: Id() });
const errors = PROBLEM_RESPONSES;

/**
 * Rooms per site (ACC-3): read by everyone who reads the rota of the site's practice; added,
 * renamed and removed with access:manage there. Writes are audited.
 */
export const roomRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/rooms',
    {
      schema: {
        tags: ['access'],
        summary: 'Rooms of a site, of a practice’s sites, or of every site the caller reaches',
        querystring: Type.Object(
          {
            siteId: Type.Optional(Id('Only this site')),
            practiceId: Type.Optional(Id('Only this practice’s sites')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ rooms: Type.Array(Room) }), ...errors },
      },
    },
    async (request) => ({ rooms: await reposFor(request, db).rooms.list(request.query) }),
  );

  app.post(
    '/api/rooms',
    {
      schema: {
        tags: ['access'],
        summary: 'Add a room to a site',
        description: 'Needs access:manage at the site’s practice. Audited.',
        body: Type.Object({ siteId: Id('The site'), name: Name }, { additionalProperties: false }),
        response: { 201: Room, ...errors },
      },
    },
    async (request, reply) => {
      const room = await inBody(() => reposFor(request, db).rooms.create(request.body));
      return reply.code(201).send(room);
    },
  );

  app.patch(
    '/api/rooms/:roomId',
    {
      schema: {
        tags: ['access'],
        summary: 'Rename a room',
        params: RoomParams,
        body: Type.Object({ name: Name }, { additionalProperties: false }),
        response: { 200: Room, ...errors },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).rooms.rename(request.params.roomId, request.body.name)),
  );

  app.delete(
    '/api/rooms/:roomId',
    {
      schema: {
        tags: ['access'],
        summary: 'Remove a room that nothing uses',
        params: RoomParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errors },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).rooms.remove(request.params.roomId);
      return reply.code(204).send(null);
    },
  );
};
