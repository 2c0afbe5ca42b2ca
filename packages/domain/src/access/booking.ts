import type { SlotVisibility } from './slots.js';

/** Where an appointment is in its life. */
export const APPOINTMENT_STATUSES = [
  'held',
  'booked',
  'attended',
  'did-not-attend',
  'cancelled',
  'expired',
] as const;
/** An appointment's status. */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that occupy a place in a slot (an expired hold no longer does). */
export const OCCUPYING_STATUSES: readonly AppointmentStatus[] = ['held', 'booked', 'attended'];

/** A slot as the booking rules need it. */
export interface BookableSlot {
  readonly visibility: SlotVisibility;
  /** The practice whose site it is; null at an organisation's own site. */
  readonly practiceId: string | null;
  readonly hubId: string | null;
  readonly capacity: number;
  readonly overbooked: number;
  readonly taken: number;
}

/** Places still free in a slot. */
export function placesLeft(slot: BookableSlot): number {
  return Math.max(0, slot.capacity + slot.overbooked - slot.taken);
}

/**
 * Why a patient of the given practice may not have this slot, or null when they may (ACC-3):
 * a practice's own slots are for its patients; organisation-wide slots are for every patient
 * where the form books at any site (else only the site's own practice's); hub slots are for the
 * patients of the hub's practices.
 */
export function visibilityProblem(
  slot: BookableSlot,
  patient: { readonly practiceId: string },
  context: { readonly bookAtAnySite: boolean; readonly hubPracticeIds: readonly string[] },
): string | null {
  switch (slot.visibility) {
    case 'practice':
      return slot.practiceId === patient.practiceId
        ? null
        : 'This slot is only for patients of the practice whose site it is';
    case 'organisation':
      if (context.bookAtAnySite || slot.practiceId === null) return null;
      return slot.practiceId === patient.practiceId
        ? null
        : "The organisation's form does not allow booking patients at another practice's site";
    case 'hub':
      return context.hubPracticeIds.includes(patient.practiceId)
        ? null
        : "The patient's practice does not share this hub";
  }
}

/** When a hold taken now lapses. */
export function holdExpiresAt(now: string, holdMinutes: number): string {
  return new Date(Date.parse(now) + holdMinutes * 60_000).toISOString();
}

/** Lead time buckets for DNA rates (ACC-5): how long before the appointment it was booked. */
export const LEAD_TIME_BUCKETS = ['same-day', 'next-day', '2-7-days', 'later'] as const;
/** A lead time bucket. */
export type LeadTimeBucket = (typeof LEAD_TIME_BUCKETS)[number];

/** Human-readable names of the lead time buckets. */
export const LEAD_TIME_LABELS: Readonly<Record<LeadTimeBucket, string>> = {
  'same-day': 'Same day',
  'next-day': 'Next day',
  '2-7-days': '2 to 7 days',
  later: 'Later',
};

/** The lead time bucket of an appointment from the dates (in England) it was booked and held. */
export function leadTimeBucket(bookedOn: string, appointmentOn: string): LeadTimeBucket {
  const days = Math.round((Date.parse(appointmentOn) - Date.parse(bookedOn)) / 86_400_000);
  if (days <= 0) return 'same-day';
  if (days === 1) return 'next-day';
  if (days <= 7) return '2-7-days';
  return 'later';
}
