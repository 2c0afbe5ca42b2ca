import type { DeliveryChannel, SlotService, SlotVisibility } from '@atscale/domain';
import { deleteJson, getJson, postJson } from '../../../api/client';

/** A slot as `GET /api/slots/search` answers. */
export interface Slot {
  id: string;
  sessionId: string;
  startsAt: string;
  endsAt: string;
  startTime: string;
  service: SlotService;
  channel: DeliveryChannel;
  visibility: SlotVisibility;
  siteId: string;
  siteName: string;
  practiceId: string | null;
  practiceName: string | null;
  hubId: string | null;
  hubName: string | null;
  staffId: string | null;
  staffName: string | null;
  roomName: string | null;
  capacity: number;
  taken: number;
  placesLeft: number;
  distanceKm: number | null;
}

/** An appointment or a hold. */
export interface Appointment {
  id: string;
  status: 'held' | 'booked' | 'attended' | 'did-not-attend' | 'cancelled' | 'expired';
  slotId: string;
  startsAt: string;
  endsAt: string;
  startTime: string;
  service: SlotService;
  channel: DeliveryChannel;
  siteName: string;
  staffName: string | null;
  roomName: string | null;
  patientId: string | null;
  patientName: string | null;
  nhsNumber: string | null;
  holdExpiresAt: string | null;
  cancelReason: string | null;
}

/** What the slot finder searches by. */
export interface SlotFilter {
  from: string;
  to: string;
  service?: string;
  channel?: string;
  postcode?: string;
  maxKm?: string;
  patientId?: string;
}

/** Free slots (and, to show them as taken, full ones) matching the filter. */
export async function searchSlots(filter: SlotFilter): Promise<Slot[]> {
  const query = new URLSearchParams({ includeFull: 'true' });
  for (const [name, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value.trim() !== '') query.set(name, value.trim());
  }
  const body = (await getJson(`/api/slots/search?${query.toString()}`)) as { slots: Slot[] };
  return body.slots;
}

/** Holds a place in a slot for a few minutes. */
export async function holdSlot(slotId: string): Promise<Appointment> {
  return (await postJson(`/api/slots/${encodeURIComponent(slotId)}/hold`, {})) as Appointment;
}

/**
 * Books a patient into a hold. For a triaged request, a slot that does not fit its outcome is
 * refused (409, naming outcomeOverrideReason) unless a reason to book it anyway is given.
 */
export async function bookHold(
  holdId: string,
  patientId: string,
  extra: { hubOverrideReason?: string; requestId?: string; outcomeOverrideReason?: string } = {},
): Promise<Appointment> {
  return (await postJson('/api/appointments', { holdId, patientId, ...extra })) as Appointment;
}

/** Cancels a booking, or releases a hold. */
export async function cancelAppointment(
  appointmentId: string,
  reason: string,
  patientTold: boolean,
): Promise<Appointment> {
  return (await postJson(`/api/appointments/${encodeURIComponent(appointmentId)}/cancel`, {
    reason,
    patientTold,
  })) as Appointment;
}

/** Moves a booking into a hold on another slot, in one transaction. */
export async function rebookAppointment(
  appointmentId: string,
  holdId: string,
  reason: string,
  extra: { outcomeOverrideReason?: string } = {},
): Promise<Appointment> {
  return (await postJson(`/api/appointments/${encodeURIComponent(appointmentId)}/rebook`, {
    holdId,
    reason,
    patientTold: true,
    ...extra,
  })) as Appointment;
}

/** A patient's appointments. */
export async function fetchPatientAppointments(patientId: string): Promise<Appointment[]> {
  const query = new URLSearchParams({ patientId });
  const body = (await getJson(`/api/appointments?${query.toString()}`)) as {
    appointments: Appointment[];
  };
  return body.appointments;
}

/** A clinician's booked appointments on a day. */
export async function fetchDayList(staffId: string, date: string): Promise<Appointment[]> {
  const query = new URLSearchParams({ staffId, date });
  const body = (await getJson(`/api/appointments/day?${query.toString()}`)) as {
    appointments: Appointment[];
  };
  return body.appointments;
}

/** Records that the patient came, or did not. */
export async function recordOutcome(
  appointmentId: string,
  outcome: 'attended' | 'did-not-attend',
): Promise<Appointment> {
  return (await postJson(`/api/appointments/${encodeURIComponent(appointmentId)}/outcome`, {
    outcome,
  })) as Appointment;
}

/** A weekly session pattern. */
export interface SessionPattern {
  id: string;
  siteId: string;
  siteName: string;
  weekday: number;
  period: string;
  startTime: string;
  endTime: string;
  service: SlotService | null;
  channel: DeliveryChannel | null;
  slotMinutes: number | null;
  visibility: SlotVisibility | null;
  slotCapacity: number;
  validFrom: string;
  validUntil: string | null;
  staffName: string | null;
}

/** The patterns the caller may see. */
export async function fetchPatterns(): Promise<SessionPattern[]> {
  const body = (await getJson('/api/session-patterns')) as { patterns: SessionPattern[] };
  return body.patterns;
}

/** Adds a pattern. */
export async function createPattern(input: Record<string, unknown>): Promise<SessionPattern> {
  return (await postJson('/api/session-patterns', input)) as SessionPattern;
}

/** Removes a pattern. */
export async function deletePattern(patternId: string): Promise<void> {
  await deleteJson(`/api/session-patterns/${encodeURIComponent(patternId)}`);
}

/** Makes the sessions and slots of patterns for a range of dates. */
export async function generateSessions(input: {
  patternIds: string[];
  from: string;
  to: string;
}): Promise<{ sessionsCreated: number; sessionsExisting: number; slotsCreated: number }> {
  return (await postJson('/api/session-patterns/generate', input)) as {
    sessionsCreated: number;
    sessionsExisting: number;
    slotsCreated: number;
  };
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as a day and time in England, e.g. "Mon 3 Mar, 09:10". */
export function formatWhen(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** Today's date in England, YYYY-MM-DD. */
export function todayInEngland(offsetDays = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
  return parts;
}
