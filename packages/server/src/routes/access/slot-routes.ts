import { Type, type TSchema } from '@sinclair/typebox';
import {
  DELIVERY_CHANNELS,
  SLOT_SERVICES,
  SLOT_VISIBILITIES,
  STAFF_ROLES,
  type DeliveryChannel,
  type SlotService,
  type SlotVisibility,
  type StaffRole,
} from '@atscale/domain';
import { MAX_SEARCH_DAYS } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { Appointment } from './appointment-routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Day = (description: string) => Type.String({ format: 'date', description });
const Service = Type.String({ enum: [...SLOT_SERVICES] });
const Channel = Type.String({ enum: [...DELIVERY_CHANNELS] });
const Visibility = Type.String({ enum: [...SLOT_VISIBILITIES] });
const Role = Type.String({ enum: [...STAFF_ROLES] });

/** A slot as the API shows it. */
export const Slot = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  startsAt: Type.String({ description: 'Instant, ISO 8601 UTC' }),
  endsAt: Type.String(),
  startTime: Type.String({ description: 'Local time in England, HH:MM' }),
  service: Service,
  channel: Channel,
  visibility: Visibility,
  siteId: Type.String(),
  siteName: Type.String(),
  practiceId: Nullable(Type.String()),
  practiceName: Nullable(Type.String()),
  hubId: Nullable(Type.String()),
  hubName: Nullable(Type.String()),
  staffId: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  staffRole: Nullable(Type.String()),
  roomId: Nullable(Type.String()),
  roomName: Nullable(Type.String()),
  capacity: Type.Integer(),
  overbooked: Type.Integer(),
  taken: Type.Integer(),
  placesLeft: Type.Integer(),
  status: Type.String({ enum: ['open', 'cancelled'] }),
  distanceKm: Nullable(
    Type.Number({ description: 'As the crow flies from the place searched from' }),
  ),
});

const SearchQuery = Type.Object(
  {
    from: Day('First day, YYYY-MM-DD'),
    to: Day(`Last day, inclusive; at most ${String(MAX_SEARCH_DAYS)} days after the first`),
    service: Type.Optional(Service),
    channel: Type.Optional(Channel),
    role: Type.Optional(Role),
    siteId: Type.Optional(Id('Only this site')),
    practiceId: Type.Optional(Id('Only this practice’s sites')),
    patientId: Type.Optional(
      Id('Only slots this patient may have; distances from their practice’s main site'),
    ),
    postcode: Type.Optional(
      Type.String({ minLength: 2, maxLength: 10, description: 'Measure distances from here' }),
    ),
    maxKm: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50' })),
    includeFull: Type.Optional(
      Type.Boolean({ description: 'Also list slots with no place left, to show them as taken' }),
    ),
  },
  { additionalProperties: false },
);

const SessionParams = Type.Object({ sessionId: Id() });
const errors = PROBLEM_RESPONSES;

/**
 * Slots (ACC-3): publishing and withdrawing a rota session's slots (access:manage), finding
 * free ones and holding one (appointment:book).
 */
export const slotRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/slots/search',
    {
      schema: {
        tags: ['access'],
        summary: 'Free slots, earliest first, with places left and distance',
        description:
          'With a patient, only the slots that patient may have (the slot’s visibility, the ' +
          'form’s book-at-any-site rule, the hub’s practices). Lapsed holds count as free.',
        querystring: SearchQuery,
        response: { 200: Type.Object({ slots: Type.Array(Slot) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const slots = await inQuery(() =>
        reposFor(request, db).slots.search({
          ...q,
          service: q.service as SlotService | undefined,
          channel: q.channel as DeliveryChannel | undefined,
          role: q.role as StaffRole | undefined,
        }),
      );
      return { slots };
    },
  );

  app.post(
    '/api/slots/:slotId/hold',
    {
      schema: {
        tags: ['access'],
        summary: 'Hold a place in a slot while talking to the patient',
        description:
          'The hold lapses after the organisation’s hold time (5 minutes unless set); book it ' +
          'with POST /api/appointments and its id. 409 when the slot has no place left. Audited.',
        params: Type.Object({ slotId: Id() }),
        response: { 201: Appointment, ...errors },
      },
    },
    async (request, reply) => {
      const hold = await reposFor(request, db).appointments.hold(request.params.slotId);
      return reply.code(201).send(hold);
    },
  );

  app.get(
    '/api/access/sessions/:sessionId/slots',
    {
      schema: {
        tags: ['access'],
        summary: 'The open slots of a rota session',
        params: SessionParams,
        response: { 200: Type.Object({ slots: Type.Array(Slot) }), ...errors },
      },
    },
    async (request) => ({
      slots: await reposFor(request, db).slots.ofSession(request.params.sessionId),
    }),
  );

  app.post(
    '/api/access/sessions/:sessionId/slots',
    {
      schema: {
        tags: ['access'],
        summary: 'Publish a rota session’s slots',
        description:
          'Cuts the session into slots of its slot length. Give the offer to set (or change, ' +
          'while it has no open slots) what it offers. The slots take the first rostered ' +
          'clinician, the site’s practice and the session’s room and hub. 409 naming a ' +
          'clinician or room that would be in two places at once. Audited.',
        params: SessionParams,
        body: Type.Object(
          {
            offer: Type.Optional(
              Type.Object(
                {
                  service: Service,
                  channel: Channel,
                  slotMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
                  visibility: Visibility,
                  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
                  roomId: Type.Optional(Nullable(Id('The room'))),
                  hubId: Type.Optional(Nullable(Id('The hub, for hub slots'))),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ slots: Type.Array(Slot) }), ...errors },
      },
    },
    async (request, reply) => {
      const offer = request.body.offer;
      const slots = await inBody(
        () =>
          reposFor(request, db).slots.publish(
            request.params.sessionId,
            offer && {
              ...offer,
              service: offer.service as SlotService,
              channel: offer.channel as DeliveryChannel,
              visibility: offer.visibility as SlotVisibility,
            },
          ),
        { '/service': '/offer/service', '/hubId': '/offer/hubId' },
      );
      return reply.code(201).send({ slots });
    },
  );

  app.delete(
    '/api/access/sessions/:sessionId/slots',
    {
      schema: {
        tags: ['access'],
        summary: 'Withdraw a rota session’s open slots',
        description:
          'Refused with 409, saying how many, while any of them holds a booking or a live hold: ' +
          'appointments are never dropped silently. Cancel or rebook them first. Audited.',
        params: SessionParams,
        response: { 200: Type.Object({ withdrawn: Type.Integer() }), ...errors },
      },
    },
    async (request) => reposFor(request, db).slots.withdraw(request.params.sessionId),
  );
};
