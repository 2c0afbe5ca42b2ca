import { AtscaleError, type AppointmentStatus } from '@atscale/domain';
import type { AppointmentView, SlotView } from '@atscale/db';
import { reference, type FhirResource } from './bundle.js';
import type { SearchParameter } from './search.js';
import { serviceTypeConcept } from './healthcare-service.js';
import { LAST_UPDATED_SEARCH, badParameter as bad, isUuid } from './search.js';
import { channelExtension, SCHEDULING } from './slot.js';

/** FHIR Appointment status of each of ours: a hold is pending (IHE ITI Scheduling's $hold). */
export const FHIR_APPOINTMENT_STATUS: Readonly<Record<AppointmentStatus, string>> = {
  held: 'pending',
  booked: 'booked',
  attended: 'fulfilled',
  'did-not-attend': 'noshow',
  cancelled: 'cancelled',
  expired: 'cancelled',
};

/** Our statuses a FHIR Appointment status searches for (none for the ones we never use). */
const STATUSES_OF: Readonly<Record<string, readonly AppointmentStatus[]>> = {
  pending: ['held'],
  booked: ['booked'],
  fulfilled: ['attended'],
  noshow: ['did-not-attend'],
  cancelled: ['cancelled', 'expired'],
  proposed: [],
  arrived: [],
  'checked-in': [],
  waitlist: [],
  'entered-in-error': [],
};

/** The statuses of ours a status search value (`booked`, `booked,cancelled`) asks for. */
export function appointmentStatuses(name: string, value: string): AppointmentStatus[] {
  const wanted: AppointmentStatus[] = [];
  for (const code of value.split(',')) {
    const ours = STATUSES_OF[code.trim()];
    if (!ours) {
      throw bad(
        name,
        `${code} is not an Appointment status (${Object.keys(STATUSES_OF).join(', ')})`,
      );
    }
    wanted.push(...ours);
  }
  return wanted;
}

/** What the facade adds to an appointment: its version, creation time and booker. */
export interface AppointmentMeta {
  readonly version: string;
  readonly createdAt: string;
  /** When the appointment row last changed (meta.lastUpdated). */
  readonly lastUpdated: string;
  readonly bookingOrganisationId: string | null;
}

/** The weak ETag of a version. */
export const etag = (version: string) => `W/"${version}"`;

/** The participants: the patient once booked, the clinician and the site. */
function participants(a: {
  readonly patientId: string | null;
  readonly patientName: string | null;
  readonly staffId: string | null;
  readonly staffName: string | null;
  readonly siteId: string;
  readonly siteName: string;
}) {
  const actors = [
    ...(a.patientId !== null ? [reference('Patient', a.patientId, a.patientName)] : []),
    ...(a.staffId !== null ? [reference('Practitioner', a.staffId, a.staffName)] : []),
    reference('Location', a.siteId, a.siteName),
  ];
  return actors.map((actor) => ({ actor, required: 'required', status: 'accepted' }));
}

/**
 * An appointment (or a hold) as a FHIR Appointment: its slot, participants, service, channel,
 * the organisation that booked it (an extension, as GP Connect's booking organisation), the
 * hold's expiry while pending, and why it was cancelled.
 */
export function appointmentResource(a: AppointmentView, meta: AppointmentMeta): FhirResource {
  const status = FHIR_APPOINTMENT_STATUS[a.status];
  const cancelReason =
    a.status === 'expired' ? 'The hold expired before it was booked' : a.cancelReason;
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: { versionId: meta.version, lastUpdated: meta.lastUpdated },
    extension: [
      channelExtension(a.channel),
      ...(meta.bookingOrganisationId !== null
        ? [
            {
              url: SCHEDULING.bookingOrganisationExtension,
              valueReference: { reference: `Organization/${meta.bookingOrganisationId}` },
            },
          ]
        : []),
      ...(a.status === 'held' && a.holdExpiresAt !== null
        ? [{ url: SCHEDULING.holdExpiresExtension, valueInstant: a.holdExpiresAt }]
        : []),
    ],
    status,
    ...(status === 'cancelled' && cancelReason
      ? { cancelationReason: { text: cancelReason } }
      : {}),
    serviceType: [serviceTypeConcept(a.service)],
    start: a.startsAt,
    end: a.endsAt,
    slot: [{ reference: `Slot/${a.slotId}` }],
    created: meta.createdAt,
    participant: participants(a),
  };
}

/**
 * A free slot proposed as an Appointment, as IHE ITI Scheduling's $find answers: status
 * proposed, the slot referenced, the patient (when given) and the slot's clinician and site.
 */
export function proposedAppointment(slot: SlotView, patientId: string | null): FhirResource {
  return {
    resourceType: 'Appointment',
    // A proposal is not stored, so it has no id; it is as new as the slot it offers.
    meta: { lastUpdated: slot.updatedAt },
    extension: [channelExtension(slot.channel)],
    status: 'proposed',
    serviceType: [serviceTypeConcept(slot.service)],
    start: slot.startsAt,
    end: slot.endsAt,
    slot: [{ reference: `Slot/${slot.id}` }],
    participant: participants({ ...slot, patientId, patientName: null }).map((p) => ({
      ...p,
      status: 'needs-action',
    })),
  };
}

/** Appointment's search parameters, as the CapabilityStatement lists them. */
export const APPOINTMENT_SEARCH: readonly SearchParameter[] = [
  { name: 'patient', type: 'reference', documentation: 'Patient/[patient id]' },
  {
    name: 'status',
    type: 'token',
    documentation: 'pending (a hold), booked, fulfilled, noshow, cancelled; comma-separated for OR',
  },
  { name: 'date', type: 'date', documentation: 'The appointment start, with prefixes' },
  LAST_UPDATED_SEARCH,
];

// ---------------------------------------------------------------------------------------------
// Operation input: Parameters, JSON Patch and PUT bodies, checked for shape (400 naming the
// field) before anything is read.

/** One parameter of a Parameters resource, as sent. */
interface Parameter {
  readonly name?: unknown;
  readonly resource?: unknown;
  readonly [value: string]: unknown;
}

/** A Parameters resource's parameters by name, each given at most once. */
export function parametersOf(body: unknown): Map<string, Parameter> {
  const resource = body as { resourceType?: unknown; parameter?: unknown } | null;
  if (typeof resource !== 'object' || resource === null || resource.resourceType !== 'Parameters') {
    throw bad('resourceType', 'the body must be a FHIR Parameters resource');
  }
  const list = resource.parameter ?? [];
  if (!Array.isArray(list)) throw bad('Parameters.parameter', 'must be an array');
  const found = new Map<string, Parameter>();
  for (const [i, raw] of (list as unknown[]).entries()) {
    const p = raw as Parameter | null;
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || p.name === '') {
      throw bad(`Parameters.parameter[${String(i)}]`, 'each parameter needs a name');
    }
    if (found.has(p.name)) throw bad(p.name, 'is given more than once; give it once');
    found.set(p.name, p);
  }
  return found;
}

/** A parameter's value: the first `value[x]` it has, and which type that is. */
export function valueOf(p: Parameter): { type: string; value: unknown } | null {
  for (const [key, value] of Object.entries(p)) {
    if (key.startsWith('value') && key.length > 5) return { type: key.slice(5), value };
  }
  return null;
}

/** A string-like parameter (code, string, date, dateTime, instant, uri). */
export function textParameter(params: Map<string, Parameter>, name: string): string | undefined {
  const p = params.get(name);
  if (!p) return undefined;
  const v = valueOf(p);
  if (v && typeof v.value === 'string' && v.value.trim() !== '') return v.value.trim();
  if (v && (v.type === 'Coding' || v.type === 'CodeableConcept')) {
    const coding = (
      v.type === 'Coding' ? v.value : (v.value as { coding?: unknown[] } | null)?.coding?.[0]
    ) as { system?: unknown; code?: unknown } | undefined;
    if (coding && typeof coding.code === 'string') {
      return typeof coding.system === 'string' ? `${coding.system}|${coding.code}` : coding.code;
    }
  }
  throw bad(name, 'give a value: valueString, valueCode, valueCoding or a date');
}

/** A reference parameter (`valueReference` or a string `Type/id`): the id of the type named. */
export function referenceParameter(
  params: Map<string, Parameter>,
  name: string,
  types: readonly string[],
): { type: string; id: string } | undefined {
  const p = params.get(name);
  if (!p) return undefined;
  const v = valueOf(p);
  const text =
    v?.type === 'Reference'
      ? (v.value as { reference?: unknown } | null)?.reference
      : v && typeof v.value === 'string'
        ? v.value
        : undefined;
  return referenceText(name, text, types);
}

/** `Type/id` of one of the types, the id a database id; else a 400 naming the field. */
export function referenceText(
  field: string,
  text: unknown,
  types: readonly string[],
): { type: string; id: string } {
  const match =
    typeof text === 'string' ? /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(text) : null;
  const [, type = '', id = ''] = match ?? [];
  if (!match || !types.includes(type) || !isUuid(id)) {
    throw bad(field, `must be a reference to ${types.map((t) => `${t}/[id]`).join(' or ')}`);
  }
  return { type, id };
}

/**
 * What $hold and $book are asked for: a slot, or a hold (an Appointment id), a patient, and
 * the patient's request the booking is for (basedOn ServiceRequest/{request id}), whose triage
 * outcome the slot must fit (H-016) unless a reason to book it anyway is given.
 */
export interface BookingAsk {
  readonly slotId?: string;
  readonly holdId?: string;
  readonly patientId?: string;
  readonly requestId?: string;
  readonly outcomeOverrideReason?: string;
}

/**
 * Reads the slot, hold and patient of a $hold or $book: from an `appointment` parameter (its
 * id, when it is a hold, its slot and its patient participant) and `slot` and `patient`
 * parameters, which win when both are given.
 */
export function bookingAsk(params: Map<string, Parameter>): BookingAsk {
  let slotId: string | undefined;
  let holdId: string | undefined;
  let patientId: string | undefined;
  let requestId: string | undefined;
  // IHE ITI Scheduling names them appointment-resource and appointment-reference.
  const name = params.has('appointment-resource') ? 'appointment-resource' : 'appointment';
  const appointment = params.get(name)?.resource as
    | {
        resourceType?: unknown;
        id?: unknown;
        slot?: unknown;
        participant?: unknown;
        basedOn?: unknown;
      }
    | undefined;
  if (params.has(name)) {
    if (typeof appointment !== 'object' || appointment.resourceType !== 'Appointment') {
      throw bad(name, 'must carry an Appointment resource');
    }
    if (appointment.id !== undefined) {
      if (typeof appointment.id !== 'string' || !isUuid(appointment.id)) {
        throw bad('appointment.id', 'must be the id of a hold from $hold');
      }
      holdId = appointment.id;
    }
    if (appointment.slot !== undefined) {
      if (!Array.isArray(appointment.slot) || appointment.slot.length !== 1) {
        throw bad('appointment.slot', 'give exactly one slot');
      }
      const ref = (appointment.slot[0] as { reference?: unknown } | null)?.reference;
      slotId = referenceText('appointment.slot', ref, ['Slot']).id;
    }
    if (appointment.basedOn !== undefined) {
      if (!Array.isArray(appointment.basedOn) || appointment.basedOn.length !== 1) {
        throw bad('appointment.basedOn', 'give at most one request (ServiceRequest)');
      }
      const ref = (appointment.basedOn[0] as { reference?: unknown } | null)?.reference;
      requestId = referenceText('appointment.basedOn', ref, ['ServiceRequest']).id;
    }
    if (appointment.participant !== undefined) {
      if (!Array.isArray(appointment.participant)) {
        throw bad('appointment.participant', 'must be an array');
      }
      for (const p of appointment.participant as unknown[]) {
        const ref = (p as { actor?: { reference?: unknown } } | null)?.actor?.reference;
        if (typeof ref === 'string' && /(^|\/)Patient\//.test(ref)) {
          patientId = referenceText('appointment.participant.actor', ref, ['Patient']).id;
        }
      }
    }
  }
  holdId = referenceParameter(params, 'appointment-reference', ['Appointment'])?.id ?? holdId;
  slotId = referenceParameter(params, 'slot', ['Slot'])?.id ?? slotId;
  patientId =
    referenceParameter(params, 'patient', ['Patient'])?.id ??
    referenceParameter(params, 'patient-reference', ['Patient'])?.id ??
    patientId;
  requestId = referenceParameter(params, 'based-on', ['ServiceRequest'])?.id ?? requestId;
  const outcomeOverrideReason = textParameter(params, 'outcome-override-reason');
  return {
    ...(slotId !== undefined ? { slotId } : {}),
    ...(holdId !== undefined ? { holdId } : {}),
    ...(patientId !== undefined ? { patientId } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(outcomeOverrideReason !== undefined ? { outcomeOverrideReason } : {}),
  };
}

/** The version an If-Match header asks for (`W/"3"` or `"3"`), or undefined without one. */
export function ifMatchVersion(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const text = [header].flat().join(',').trim();
  const match = /^(?:W\/)?"([^"]{1,32})"$/.exec(text);
  if (!match?.[1]) {
    throw bad('If-Match', 'must be one ETag as this server gives it, W/"[version]"');
  }
  return match[1];
}

/** The cancellation a JSON Patch asks for: it may only set status to cancelled (and a reason). */
export function cancellationOfPatch(body: unknown): { reason: string | null } {
  if (!Array.isArray(body) || body.length === 0) {
    throw bad('body', 'must be a JSON Patch document: an array of operations');
  }
  let cancels = false;
  let reason: string | null = null;
  for (const [i, raw] of (body as unknown[]).entries()) {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown } | null;
    const at = `body[${String(i)}]`;
    if (
      typeof op !== 'object' ||
      op === null ||
      typeof op.op !== 'string' ||
      !['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op) ||
      typeof op.path !== 'string' ||
      !op.path.startsWith('/')
    ) {
      throw bad(
        at,
        'each operation needs an op (add, remove, replace, move, copy, test) and a path',
      );
    }
    if ((op.op === 'replace' || op.op === 'add') && op.path === '/status') {
      if (op.value !== 'cancelled') {
        throw new AtscaleError(
          'business-rule',
          'Only cancelling is supported: set /status to cancelled',
          [{ field: `${at}/value`, message: 'only cancelled' }],
        );
      }
      cancels = true;
    } else if ((op.op === 'replace' || op.op === 'add') && op.path === '/cancelationReason') {
      const text = (op.value as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || text.trim() === '') {
        throw bad(`${at}/value`, 'a cancelationReason needs its text');
      }
      reason = text.trim();
    } else if (op.op !== 'test') {
      throw new AtscaleError(
        'business-rule',
        `Only cancelling is supported: ${op.op} of ${op.path} is not`,
        [{ field: at, message: 'only /status (cancelled) and /cancelationReason may change' }],
      );
    }
  }
  if (!cancels) {
    throw new AtscaleError(
      'business-rule',
      'Only cancelling is supported: set /status to cancelled',
    );
  }
  return { reason };
}

/** A JSON comparison that ignores key order. */
const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}

/** A PUT's body, checked for shape before anything is read: the Appointment with the URL's id. */
export function putShape(id: string, body: unknown): Record<string, unknown> {
  const sent = body as Record<string, unknown> | null;
  if (typeof sent !== 'object' || sent === null || sent.resourceType !== 'Appointment') {
    throw bad('resourceType', 'the body must be an Appointment resource');
  }
  if (sent.id !== id) throw bad('id', `must be ${id}, the id in the URL`);
  return sent;
}

/**
 * The cancellation a PUT asks for: the Appointment as it is, with status cancelled (and
 * optionally a cancelationReason); any other change is refused (422), as is another status.
 */
export function cancellationOfPut(
  id: string,
  body: unknown,
  current: FhirResource,
): { reason: string | null } {
  const sent = putShape(id, body);
  if (sent.status !== 'cancelled') {
    throw new AtscaleError(
      'business-rule',
      'Only cancelling is supported: set status to cancelled',
      [{ field: 'status', message: 'only cancelled' }],
    );
  }
  for (const field of ['slot', 'start', 'end'] as const) {
    if (sent[field] !== undefined && !same(sent[field], current[field])) {
      throw new AtscaleError(
        'business-rule',
        `Only cancelling is supported: ${field} may not change`,
        [{ field, message: 'may not change' }],
      );
    }
  }
  const actors = (r: Record<string, unknown>) =>
    ((r.participant as { actor?: { reference?: string } }[] | undefined) ?? [])
      .map((p) => p.actor?.reference ?? '')
      .sort();
  if (sent.participant !== undefined && !same(actors(sent), actors(current))) {
    throw new AtscaleError(
      'business-rule',
      'Only cancelling is supported: participants may not change',
      [{ field: 'participant', message: 'may not change' }],
    );
  }
  const text = (sent.cancelationReason as { text?: unknown } | undefined)?.text;
  return { reason: typeof text === 'string' && text.trim() !== '' ? text.trim() : null };
}
