import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AtscaleError,
  STAFF_ROLES,
  notFound,
  type FieldProblem,
  type StaffRole,
} from '@atscale/domain';
import { isStateConflict, type AppointmentView, type SlotSearch, type SlotView } from '@atscale/db';
import type { App, RouteModule } from '../../app-types.js';
import type { FhirResource } from '../../fhir/bundle.js';
import { pageBundle, searchset } from '../../fhir/bundle.js';
import {
  APPOINTMENT_SEARCH,
  appointmentResource,
  appointmentStatuses,
  bookingAsk,
  cancellationOfPatch,
  cancellationOfPut,
  etag,
  ifMatchVersion,
  parametersOf,
  putShape,
  proposedAppointment,
  referenceParameter,
  textParameter,
} from '../../fhir/appointment.js';
import { FHIR_JSON } from '../../fhir/operation-outcome.js';
import { SCHEDULE_SEARCH, scheduleResource } from '../../fhir/schedule.js';
import { requireScope } from '../../fhir/scopes.js';
import {
  badParameter as bad,
  isStrict,
  isUuid,
  lastUpdatedRange,
  PAGE,
  parseDateSearch,
  parseSearch,
  referenceId,
  type DateSearch,
} from '../../fhir/search.js';
import { siteResource } from '../../fhir/location.js';
import { practitionerResource } from '../../fhir/practitioner.js';
import { practitionerRoleResource } from '../../fhir/practitioner-role.js';
import {
  SLOT_INCLUDES,
  SLOT_SEARCH,
  actorFilter,
  channelCode,
  scheduleId,
  serviceCode,
  slotResource,
  slotWindow,
} from '../../fhir/slot.js';
import { principalOf, reposFor } from '../../plugins/session.js';
import {
  AnyQuery,
  FHIR_BASE,
  ResourceId,
  baseOf,
  healthcareServices,
  send,
} from './fhir-routes.js';

type Query = Readonly<Record<string, string | string[] | undefined>>;

const JSON_PATCH = 'application/json-patch+json';

/**
 * Runs a call into the access repositories for the facade: their refusals by a booking rule
 * (visibility, the hub's share and threshold, the triage outcome) become 422, while those of
 * the current state (taken, withdrawn, lapsed, changed) stay 409; fields the repositories name
 * (`/slotId`) are renamed to the parameters the client sent (`slot`).
 */
async function facade<T>(
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>> = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AtscaleError)) throw error;
    const rename = (field: string) => renamed[field] ?? field;
    const errors: FieldProblem[] = error.errors.map((e) => ({ ...e, field: rename(e.field) }));
    let detail = error.detail;
    for (const e of error.errors) {
      const plain = e.field.replace(/^\//, '');
      if (renamed[e.field] && detail.startsWith(`${plain}: `)) {
        detail = `${rename(e.field)}: ${detail.slice(plain.length + 2)}`;
      }
    }
    const code =
      error.code === 'conflict' && !isStateConflict(error) ? 'business-rule' : error.code;
    if (code === error.code && errors.every((e, i) => e.field === error.errors[i]?.field)) {
      throw error;
    }
    throw new AtscaleError(code, detail, errors);
  }
}

const SEARCH_FIELDS = { '/from': 'start', '/to': 'start', '/patientId': 'patient' };
const BOOKING_FIELDS = {
  '/slotId': 'slot',
  '/holdId': 'appointment-reference',
  '/patientId': 'patient',
  '/outcomeOverrideReason': 'outcome-override-reason',
  '/requestId': 'based-on',
};

/** The `_include` values of a query, taken out of it (the rest is parsed as a search). */
function takeIncludes(query: Query): { includes: string[]; rest: Query } {
  const includes: string[] = [];
  const rest: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === '_include' || name === '_include:iterate') {
      for (const v of [value ?? []].flat()) includes.push(...v.split(','));
    } else rest[name] = value;
  }
  return { includes, rest };
}

/** The reason a cancellation gives when the client gives none. */
const DEFAULT_CANCEL_REASON = 'Cancelled through the FHIR API';

/**
 * The scheduling part of the FHIR R4 facade (issue 7): Schedule, Slot and Appointment, IHE ITI
 * Scheduling's $find, $hold and $book, and cancelling by PUT or PATCH. A facade over the access
 * repositories: the same search, hold, book and cancel as the app, with its guarantees
 * (capacity and a clinician or room once at a time in the database, holds that lapse, the
 * triage outcome's fit), its organisation and practice limits, and its audit.
 */
export const schedulingRoutes: RouteModule = (app, { db }) => {
  // FHIR clients send FHIR JSON, and JSON Patch for PATCH: parsed as JSON is (the same
  // protection against prototype poisoning), unless another module registered them already.
  for (const type of [FHIR_JSON, JSON_PATCH]) {
    if (!app.hasContentTypeParser(type)) {
      app.addContentTypeParser(
        type,
        { parseAs: 'string' },
        app.getDefaultJsonParser('error', 'error'),
      );
    }
  }

  /** The Appointments of views, with their versions, creation times and bookers. */
  const appointmentsOf = async (request: FastifyRequest, views: readonly AppointmentView[]) => {
    const metas = await reposFor(request, db).appointments.versions(views.map((v) => v.id));
    return views.map((v) => {
      const meta = metas.get(v.id);
      if (!meta) throw notFound(`Appointment/${v.id}`);
      return appointmentResource(v, meta);
    });
  };

  /** Sends one Appointment with its ETag. */
  const sendAppointment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: AppointmentView,
    status = 200,
  ) => {
    const [resource] = await appointmentsOf(request, [view]);
    if (!resource) throw notFound(`Appointment/${view.id}`);
    const version = (resource.meta as { versionId: string }).versionId;
    reply.header('etag', etag(version));
    if (status === 201) {
      reply.header('location', `${baseOf(request)}/Appointment/${view.id}/_history/${version}`);
    }
    return send(reply.code(status), resource);
  };

  /** Refuses a slot that has already started (422): nobody can be booked into the past. */
  const notStarted = (startsAt: string, field: string) => {
    if (Date.parse(startsAt) <= Date.now()) {
      throw new AtscaleError('business-rule', 'The slot has already started: choose a later one', [
        { field, message: 'the slot has already started' },
      ]);
    }
  };

  registerSlotRoutes(app, db);
  registerScheduleRoutes(app, db);

  app.get(
    `${FHIR_BASE}/Appointment`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Search Appointment: by patient, status and date (audited)',
        querystring: AnyQuery,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'read');
      const search = parseSearch(
        request.query,
        APPOINTMENT_SEARCH,
        isStrict(request.headers.prefer),
      );
      const empty = () =>
        send(
          reply,
          pageBundle({
            base: baseOf(request),
            type: 'Appointment',
            query: request.query,
            page: [],
            total: 0,
            count: search.count,
            offset: search.offset,
            ignored: search.ignored,
          }),
        );
      const patient = search.values.get('patient');
      const patientId =
        patient === undefined ? undefined : referenceId('patient', patient, 'Patient');
      if (patientId !== undefined && !isUuid(patientId)) return empty();
      const status = search.values.get('status');
      const statuses = status === undefined ? undefined : appointmentStatuses('status', status);
      if (statuses?.length === 0) return empty();
      const dates = search.dates.get('date') ?? [];
      const window = dates.length > 0 ? slotWindow('date', dates) : null;
      const changed = lastUpdatedRange(search);
      let found;
      try {
        found = await reposFor(request, db).appointments.page({
          patientId,
          statuses,
          startsFrom: window?.startsFrom,
          startsBefore: window?.startsBefore,
          ...changed,
          limit: search.count,
          offset: search.offset,
        });
      } catch (error) {
        // A patient out of reach, or nobody's, has no appointments to show.
        if (error instanceof AtscaleError && error.code === 'not-found') return empty();
        throw error;
      }
      return send(
        reply,
        pageBundle({
          base: baseOf(request),
          type: 'Appointment',
          query: request.query,
          page: await appointmentsOf(request, found.appointments),
          total: found.total,
          count: search.count,
          offset: search.offset,
          ignored: search.ignored,
        }),
      );
    },
  );

  app.get(
    `${FHIR_BASE}/Appointment/:id`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Read one Appointment (audited), with its ETag',
        params: ResourceId,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'read');
      const { id } = request.params;
      if (!isUuid(id)) throw notFound(`Appointment/${id}`);
      const view = await reposFor(request, db).appointments.read(id);
      return sendAppointment(request, reply, view);
    },
  );

  app.post(
    `${FHIR_BASE}/Appointment/$find`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'IHE ITI-115 $find: proposed Appointments for free slots',
        description:
          'A Parameters resource: start, end, service-type (or specialty), delivery-channel, ' +
          'location, practitioner, role, patient and _count. Answers a searchset Bundle of ' +
          'Appointments with status proposed, each naming its slot.',
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'read');
      const params = parametersOf(request.body);
      const dates: DateSearch[] = [];
      const start = textParameter(params, 'start');
      if (start !== undefined) dates.push({ ...parseDateSearch('start', start), prefix: 'ge' });
      const end = textParameter(params, 'end');
      if (end !== undefined) dates.push({ ...parseDateSearch('end', end), prefix: 'le' });
      const service = textParameter(params, 'service-type') ?? textParameter(params, 'specialty');
      const channel = textParameter(params, 'delivery-channel') ?? textParameter(params, 'channel');
      const role = textParameter(params, 'role');
      if (role !== undefined && !(STAFF_ROLES as readonly string[]).includes(role)) {
        throw bad('role', `${role} is not a staff role: ${STAFF_ROLES.join(', ')}`);
      }
      const location =
        referenceParameter(params, 'location', ['Location']) ??
        referenceParameter(params, 'location-reference', ['Location']);
      const practitioner = referenceParameter(params, 'practitioner', [
        'Practitioner',
        'PractitionerRole',
      ]);
      const patient =
        referenceParameter(params, 'patient', ['Patient']) ??
        referenceParameter(params, 'patient-reference', ['Patient']);
      const countText = params.get('_count')?.valueInteger;
      if (
        countText !== undefined &&
        (typeof countText !== 'number' ||
          !Number.isInteger(countText) ||
          countText < 1 ||
          countText > PAGE.max)
      ) {
        throw bad('_count', `must be a whole number from 1 to ${PAGE.max} (valueInteger)`);
      }
      const count = typeof countText === 'number' ? countText : PAGE.default;
      const window = slotWindow('start', dates);
      const page = await facade(
        () =>
          reposFor(request, db).slots.page({
            ...window,
            service: service === undefined ? undefined : serviceCode('service-type', service),
            channel: channel === undefined ? undefined : channelCode('delivery-channel', channel),
            role: role as StaffRole | undefined,
            siteId: location?.id,
            staffId: practitioner?.id,
            patientId: patient?.id,
            limit: count,
            offset: 0,
          }),
        { ...SEARCH_FIELDS, '/to': 'end' },
      );
      const bundle = pageBundle({
        base: baseOf(request),
        type: 'Appointment',
        query: {},
        page: page.slots.map((s) => proposedAppointment(s, patient?.id ?? null)),
        total: page.total,
        count,
        offset: 0,
        ignored: [],
      });
      // A POST's answer has no page to link to: the client asks again with a later start.
      return send(reply, {
        ...bundle,
        link: [{ relation: 'self', url: `${baseOf(request)}/Appointment/$find` }],
      });
    },
  );

  app.post(
    `${FHIR_BASE}/Appointment/$hold`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'IHE ITI-116 $hold: hold a place in a slot for the organisation’s hold time',
        description:
          'A Parameters resource with slot (a Slot reference) or appointment-resource (an ' +
          'Appointment naming one slot). Answers the pending Appointment with its expiry.',
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'write');
      const ask = bookingAsk(parametersOf(request.body));
      if (ask.slotId === undefined) {
        throw bad('slot', 'give the slot to hold (slot, or appointment-resource with its slot)');
      }
      const { slotId } = ask;
      const repos = reposFor(request, db);
      const hold = await facade(async () => {
        const slot = await repos.slots.get(slotId);
        notStarted(slot.startsAt, 'slot');
        return repos.appointments.hold(slotId);
      }, BOOKING_FIELDS);
      return sendAppointment(request, reply, hold);
    },
  );

  app.post(
    `${FHIR_BASE}/Appointment/$book`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'IHE ITI-117 $book: book a held or free place for a patient',
        description:
          'A Parameters resource with patient, and appointment-reference (a hold from $hold) or ' +
          'slot; or appointment-resource carrying them; based-on (ServiceRequest/[request id]) ' +
          'for a triaged request, whose outcome the slot must fit unless outcome-override-reason ' +
          'is given. 201 with Location and ETag; 409 when the slot was taken; 422 when a ' +
          'booking rule refuses (the triage outcome, visibility, the hub, a past slot).',
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'write');
      const ask = bookingAsk(parametersOf(request.body));
      if (ask.patientId === undefined) {
        throw bad('patient', 'give the patient to book (patient, or a Patient participant)');
      }
      const { patientId, holdId, slotId } = ask;
      const forRequest = {
        requestId: ask.requestId ?? null,
        outcomeOverrideReason: ask.outcomeOverrideReason ?? null,
      };
      const repos = reposFor(request, db);
      const booked = await facade(async () => {
        if (holdId !== undefined) {
          const hold = await repos.appointments.get(holdId);
          notStarted(hold.startsAt, 'appointment-reference');
          return repos.appointments.book({ holdId, patientId, ...forRequest });
        }
        if (slotId === undefined) {
          throw bad('slot', 'give the hold (appointment-reference) or the slot to book');
        }
        notStarted((await repos.slots.get(slotId)).startsAt, 'slot');
        return repos.appointments.book({ slotId, patientId, ...forRequest });
      }, BOOKING_FIELDS);
      return sendAppointment(request, reply, booked, 201);
    },
  );

  /** Cancels as a PUT or PATCH asked, with If-Match honoured, and answers the Appointment. */
  const cancel = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    reason: string | null,
  ) => {
    const ifVersion = ifMatchVersion(request.headers['if-match']);
    const cancelled = await facade(() =>
      reposFor(request, db).appointments.cancel(
        id,
        // A system cancelling has not said the patient was told: the clinician's day list shows it.
        { reason: reason ?? DEFAULT_CANCEL_REASON, patientTold: false },
        { ifVersion },
      ),
    );
    return sendAppointment(request, reply, cancelled);
  };

  app.put(
    `${FHIR_BASE}/Appointment/:id`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Update an Appointment: only to cancel it (status cancelled), with If-Match',
        params: ResourceId,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'write');
      const { id } = request.params;
      putShape(id, request.body);
      ifMatchVersion(request.headers['if-match']);
      if (!isUuid(id)) throw notFound(`Appointment/${id}`);
      const [current] = await appointmentsOf(request, [
        await reposFor(request, db).appointments.get(id),
      ]);
      if (!current) throw notFound(`Appointment/${id}`);
      const { reason } = cancellationOfPut(id, request.body, current);
      return cancel(request, reply, id, reason);
    },
  );

  app.patch(
    `${FHIR_BASE}/Appointment/:id`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Patch an Appointment (JSON Patch): only /status to cancelled, with If-Match',
        params: ResourceId,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Appointment', 'write');
      const { id } = request.params;
      if (request.headers['content-type']?.split(';')[0]?.trim() !== JSON_PATCH) {
        throw new AtscaleError(
          'unsupported-media-type',
          `PATCH takes a JSON Patch document (${JSON_PATCH})`,
        );
      }
      const { reason } = cancellationOfPatch(request.body);
      ifMatchVersion(request.headers['if-match']);
      if (!isUuid(id)) throw notFound(`Appointment/${id}`);
      return cancel(request, reply, id, reason);
    },
  );
};

/** Slot search (paged in the database, with _include) and read. */
function registerSlotRoutes(app: App, db: Parameters<RouteModule>[1]['db']): void {
  /**
   * The actors of the slots' Schedules, as the directory's own reads show them: their sites
   * (Location), clinicians (Practitioner and PractitionerRole) and services and hubs
   * (HealthcareService), each once.
   */
  const scheduleActors = async (
    request: FastifyRequest,
    slots: readonly SlotView[],
  ): Promise<FhirResource[]> => {
    if (slots.length === 0) return [];
    const repos = reposFor(request, db);
    const orgId = principalOf(request).orgId;
    const siteIds = new Set(slots.map((s) => s.siteId));
    const staffIds = [...new Set(slots.flatMap((s) => (s.staffId !== null ? [s.staffId] : [])))];
    const serviceIds = new Set(
      slots.flatMap((s) => [s.service, ...(s.hubId !== null ? [s.hubId] : [])]),
    );
    const people = staffIds.length > 0 ? await repos.fhirDirectory.people(staffIds) : [];
    return [
      ...(await repos.sites.list())
        .filter((site) => siteIds.has(site.id))
        .map((site) => siteResource(orgId, site)),
      ...people.map(practitionerResource),
      ...people.map((person) => practitionerRoleResource(orgId, person)),
      ...(await healthcareServices(request, db)).filter((r) => serviceIds.has(r.id ?? '')),
    ];
  };

  app.get(
    `${FHIR_BASE}/Slot`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Search Slot: free slots by start, schedule actor, service and channel',
        description:
          'Paged in the database (_count, _offset, next links, total); _include=Slot:schedule ' +
          'and _include:iterate=Schedule:actor add the Schedules and their Locations.',
        querystring: AnyQuery,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Slot', 'read');
      const strict = isStrict(request.headers.prefer);
      const { includes, rest } = takeIncludes(request.query);
      const search = parseSearch(rest, SLOT_SEARCH, strict);
      const ignored = [...search.ignored];
      const wanted = new Set<string>();
      for (const include of includes) {
        const known = SLOT_INCLUDES.find((k) => include === k || include.startsWith(`${k}:`));
        if (known) wanted.add(known);
        else {
          const message = `_include ${include} is not supported here (${SLOT_INCLUDES.join(', ')})`;
          if (strict) throw bad('_include', message);
          ignored.push({ field: '_include', message: `${message}; it was ignored` });
        }
      }
      const bundle = (page: FhirResource[], total: number, included: FhirResource[] = []) =>
        send(
          reply,
          pageBundle({
            base: baseOf(request),
            type: 'Slot',
            query: request.query,
            page,
            includes: included,
            total,
            count: search.count,
            offset: search.offset,
            ignored,
          }),
        );
      const filter: Record<string, unknown> = {
        ...slotWindow('start', search.dates.get('start') ?? []),
        limit: search.count,
        offset: search.offset,
      };
      const status = search.values.get('status');
      if (status !== undefined) {
        const codes = new Set(status.split(',').map((s) => s.trim()));
        for (const code of codes) {
          if (
            !['free', 'busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error'].includes(
              code,
            )
          ) {
            throw bad('status', `${code} is not a Slot status`);
          }
        }
        if (!codes.has('free') && !codes.has('busy')) return bundle([], 0);
        if (codes.has('busy')) {
          filter.includeFull = true;
          filter.onlyFull = !codes.has('free');
        }
      }
      const service = search.values.get('service-type');
      if (service !== undefined) filter.service = serviceCode('service-type', service);
      const channel = search.values.get('delivery-channel');
      if (channel !== undefined) filter.channel = channelCode('delivery-channel', channel);
      const schedule = search.values.get('schedule');
      if (schedule !== undefined) {
        const id = scheduleId('schedule', schedule);
        if (id === null) return bundle([], 0);
        filter.sessionId = id;
      }
      const actor = search.values.get('schedule.actor');
      if (actor !== undefined) {
        const narrowed = actorFilter('schedule.actor', actor);
        if (narrowed === null) return bundle([], 0);
        if (narrowed.service && filter.service && narrowed.service !== filter.service) {
          return bundle([], 0);
        }
        Object.assign(filter, narrowed);
      }
      Object.assign(filter, lastUpdatedRange(search));
      const repos = reposFor(request, db);
      const page = await facade(
        () => repos.slots.page(filter as unknown as SlotSearch),
        SEARCH_FIELDS,
      );
      const included: FhirResource[] = [];
      if (wanted.has('Slot:schedule')) {
        const seen = new Set<string>();
        for (const slot of page.slots) {
          if (seen.has(slot.sessionId)) continue;
          seen.add(slot.sessionId);
          included.push(scheduleResource(slot));
        }
      }
      if (wanted.has('Schedule:actor'))
        included.push(...(await scheduleActors(request, page.slots)));
      return bundle(page.slots.map(slotResource), page.total, included);
    },
  );

  app.get(
    `${FHIR_BASE}/Slot/:id`,
    { schema: { tags: ['fhir'], summary: 'Read one Slot', params: ResourceId } },
    async (request, reply) => {
      requireScope(request, 'Slot', 'read');
      const { id } = request.params;
      if (!isUuid(id)) throw notFound(`Slot/${id}`);
      return send(reply, slotResource(await reposFor(request, db).slots.get(id)));
    },
  );
}

/** Schedule (a rota session that offers slots) search by actor and date, and read. */
function registerScheduleRoutes(app: App, db: Parameters<RouteModule>[1]['db']): void {
  app.get(
    `${FHIR_BASE}/Schedule`,
    {
      schema: {
        tags: ['fhir'],
        summary: 'Search Schedule: the sessions with slots, by actor and date',
        querystring: AnyQuery,
      },
    },
    async (request, reply) => {
      requireScope(request, 'Schedule', 'read');
      const search = parseSearch(request.query, SCHEDULE_SEARCH, isStrict(request.headers.prefer));
      const filter: Record<string, unknown> = {
        ...slotWindow('date', search.dates.get('date') ?? []),
        includeFull: true,
      };
      const actor = search.values.get('actor');
      const narrowed = actor === undefined ? {} : actorFilter('actor', actor);
      const schedules = new Map<string, FhirResource>();
      if (narrowed !== null) {
        Object.assign(filter, narrowed);
        const repos = reposFor(request, db);
        // The sessions of the window's slots, 200 slots a page, up to 2,000 slots.
        for (let offset = 0; offset < 2000; offset += 200) {
          const page = await facade(
            () => repos.slots.page({ ...(filter as unknown as SlotSearch), limit: 200, offset }),
            { '/from': 'date', '/to': 'date' },
          );
          for (const slot of page.slots) {
            if (!schedules.has(slot.sessionId)) {
              schedules.set(slot.sessionId, scheduleResource(slot));
            }
          }
          if (offset + 200 >= page.total) break;
        }
      }
      return send(
        reply,
        searchset({
          base: baseOf(request),
          type: 'Schedule',
          query: request.query,
          matches: [...schedules.values()],
          count: search.count,
          offset: search.offset,
          ignored: search.ignored,
        }),
      );
    },
  );

  app.get(
    `${FHIR_BASE}/Schedule/:id`,
    {
      schema: { tags: ['fhir'], summary: 'Read one Schedule (a rota session)', params: ResourceId },
    },
    async (request, reply) => {
      requireScope(request, 'Schedule', 'read');
      const { id } = request.params;
      if (!isUuid(id)) throw notFound(`Schedule/${id}`);
      const session = await reposFor(request, db).slots.session(id);
      const first = session.slots[0];
      if (!first) throw notFound(`Schedule/${id}`);
      return send(reply, scheduleResource(first, session));
    },
  );
}
