import { Type, type TSchema } from '@sinclair/typebox';
import { APPOINTMENT_STATUSES, DELIVERY_CHANNELS, SLOT_SERVICES } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = (description?: string) =>
  Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Reason = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });

/** An appointment (or a hold) as the API shows it. */
export const Appointment = Type.Object({
  id: Type.String(),
  status: Type.String({ enum: [...APPOINTMENT_STATUSES] }),
  slotId: Type.String(),
  startsAt: Type.String({ description: 'Instant, ISO 8601 UTC' }),
  endsAt: Type.String(),
  startTime: Type.String({ description: 'Local time in England, HH:MM' }),
  service: Type.String({ enum: [...SLOT_SERVICES] }),
  channel: Type.String({ enum: [...DELIVERY_CHANNELS] }),
  siteId: Type.String(),
  siteName: Type.String(),
  staffId: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  roomName: Nullable(Type.String()),
  patientId: Nullable(Type.String()),
  patientName: Nullable(Type.String()),
  nhsNumber: Nullable(Type.String()),
  practiceId: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  holdExpiresAt: Nullable(Type.String()),
  bookedAt: Nullable(Type.String()),
  overbookReason: Nullable(Type.String()),
  hubOverrideReason: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  patientTold: Nullable(Type.Boolean()),
});

const Target = {
  slotId: Type.Optional(Id('A free slot to book directly')),
  holdId: Type.Optional(Id('A hold to book (from POST /api/slots/{slotId}/hold)')),
  requestId: Type.Optional(Nullable(Id('The patient’s request this books for'))),
  overbookReason: Type.Optional(
    Nullable(Reason('Book beyond capacity on purpose: appointment:overbook only')),
  ),
  hubOverrideReason: Type.Optional(
    Nullable(Reason('Refer to the hub before the practice’s in-house threshold is met')),
  ),
  outcomeOverrideReason: Type.Optional(
    Nullable(
      Reason(
        'Book, for a triaged request, a slot that does not fit its outcome (channel, own ' +
          'practice, hub, specialist service) on purpose. Audited.',
      ),
    ),
  ),
};

const Cancel = {
  reason: Reason('Why'),
  patientTold: Type.Boolean({ description: 'Whether the patient has been told' }),
};

const AppointmentParams = Type.Object({ appointmentId: Id() });
const errors = PROBLEM_RESPONSES;
const List = Type.Object({ appointments: Type.Array(Appointment) });

/**
 * Appointments (ACC-3 and the booking side of ACC-4): book, cancel, rebook, record attended or
 * did not attend, and lists. All need appointment:book at the patient's practice; every write
 * and every list is audited, in the same transaction.
 */
export const appointmentRoutes: RouteModule = (app, { db }) => {
  app.post(
    '/api/appointments',
    {
      schema: {
        tags: ['access'],
        summary: 'Book a patient into a held place or a free slot',
        description:
          'Give holdId or slotId. 409 in words when the slot was just taken, the hold expired, ' +
          'the patient may not have the slot (visibility, the form, the hub), the practice has ' +
          'used its fair share of the hub before release, or has not met its in-house threshold ' +
          '(give hubOverrideReason), or the slot does not fit the triage outcome of the request ' +
          'it is booked for: its channel, the patient’s own practice, a hub or a specialist ' +
          'service (give outcomeOverrideReason). Audited.',
        body: Type.Object(
          { patientId: Id('The patient'), ...Target },
          { additionalProperties: false },
        ),
        response: { 201: Appointment, ...errors },
      },
    },
    async (request, reply) => {
      const booked = await inBody(() => reposFor(request, db).appointments.book(request.body));
      return reply.code(201).send(booked);
    },
  );

  app.get(
    '/api/appointments',
    {
      schema: {
        tags: ['access'],
        summary: 'A patient’s appointments, earliest first (audited)',
        querystring: Type.Object({ patientId: Id('The patient') }, { additionalProperties: false }),
        response: { 200: List, ...errors },
      },
    },
    async (request) => ({
      appointments: await inQuery(() =>
        reposFor(request, db).appointments.ofPatient(request.query.patientId),
      ),
    }),
  );

  app.get(
    '/api/appointments/day',
    {
      schema: {
        tags: ['access'],
        summary: 'A clinician’s booked appointments on a day (audited per patient)',
        querystring: Type.Object(
          {
            staffId: Id('The clinician'),
            date: Type.String({ format: 'date', description: 'The day in England' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: List, ...errors },
      },
    },
    async (request) => ({
      appointments: await inQuery(() =>
        reposFor(request, db).appointments.day(request.query.staffId, request.query.date),
      ),
    }),
  );

  app.get(
    '/api/appointments/:appointmentId',
    {
      schema: {
        tags: ['access'],
        summary: 'One appointment or hold (the read of a patient’s is audited)',
        params: AppointmentParams,
        response: { 200: Appointment, ...errors },
      },
    },
    async (request) => reposFor(request, db).appointments.read(request.params.appointmentId),
  );

  app.post(
    '/api/appointments/:appointmentId/cancel',
    {
      schema: {
        tags: ['access'],
        summary: 'Cancel a booking or release a hold, giving the place back',
        params: AppointmentParams,
        body: Type.Object(Cancel, { additionalProperties: false }),
        response: { 200: Appointment, ...errors },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).appointments.cancel(request.params.appointmentId, request.body),
      ),
  );

  app.post(
    '/api/appointments/:appointmentId/rebook',
    {
      schema: {
        tags: ['access'],
        summary: 'Move a booking to another slot: cancel and book in one transaction',
        params: AppointmentParams,
        body: Type.Object({ ...Cancel, ...Target }, { additionalProperties: false }),
        response: { 201: Appointment, ...errors },
      },
    },
    async (request, reply) => {
      const moved = await inBody(() =>
        reposFor(request, db).appointments.rebook(request.params.appointmentId, request.body),
      );
      return reply.code(201).send(moved);
    },
  );

  app.post(
    '/api/appointments/:appointmentId/outcome',
    {
      schema: {
        tags: ['access'],
        summary: 'Record that the patient attended, or did not',
        params: AppointmentParams,
        body: Type.Object(
          { outcome: Type.String({ enum: ['attended', 'did-not-attend'] }) },
          { additionalProperties: false },
        ),
        response: { 200: Appointment, ...errors },
      },
    },
    async (request) =>
      reposFor(request, db).appointments.recordOutcome(
        request.params.appointmentId,
        request.body.outcome as 'attended' | 'did-not-attend',
      ),
  );
};
