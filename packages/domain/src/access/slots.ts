import type { StaffRole } from '../workforce/staff.js';
import type { DeliveryChannel } from './requests.js';

/** What a slot is for: the kind of clinician or the specialist service (ACC-3). */
export const SLOT_SERVICES = [
  'gp',
  'anp',
  'nurse',
  'hca',
  'phlebotomy',
  'msk',
  'pharmacist',
  'physician-associate',
  'minor-surgery',
  'coil-fitting',
  'geriatric-assessment',
] as const;
/** A slot's service. */
export type SlotService = (typeof SLOT_SERVICES)[number];

/** Human-readable names of the services. */
export const SLOT_SERVICE_LABELS: Readonly<Record<SlotService, string>> = {
  gp: 'GP',
  anp: 'Advanced nurse practitioner',
  nurse: 'Practice nurse',
  hca: 'Healthcare assistant',
  phlebotomy: 'Blood test',
  msk: 'MSK (muscles and joints)',
  pharmacist: 'Clinical pharmacist',
  'physician-associate': 'Physician associate',
  'minor-surgery': 'Minor surgery',
  'coil-fitting': 'Coil fitting',
  'geriatric-assessment': 'Geriatric opinion',
};

/** The specialist services a triage outcome of "specialist" books into. */
export const SPECIALIST_SERVICES: readonly SlotService[] = [
  'msk',
  'minor-surgery',
  'coil-fitting',
  'geriatric-assessment',
];

/** The role a session needs to offer each service. */
export const SERVICE_ROLE: Readonly<Record<SlotService, StaffRole>> = {
  gp: 'gp',
  anp: 'anp',
  nurse: 'practice-nurse',
  hca: 'hca',
  phlebotomy: 'phlebotomist',
  msk: 'gp',
  pharmacist: 'clinical-pharmacist',
  'physician-associate': 'physician-associate',
  'minor-surgery': 'gp',
  'coil-fitting': 'gp',
  'geriatric-assessment': 'gp',
};

/** Who may book a slot: the site's own practice's patients, anyone's, or the hub's practices'. */
export const SLOT_VISIBILITIES = ['practice', 'organisation', 'hub'] as const;
/** A slot's visibility. */
export type SlotVisibility = (typeof SLOT_VISIBILITIES)[number];

/** Human-readable names of the visibilities. */
export const SLOT_VISIBILITY_LABELS: Readonly<Record<SlotVisibility, string>> = {
  practice: 'Own practice',
  organisation: 'Whole organisation',
  hub: 'Hub',
};

/** What a session offers patients, when it offers anything. */
export interface SessionOffer {
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly slotMinutes: number;
  readonly visibility: SlotVisibility;
  /** Places per slot (1 for a consultation; more for a group or a phlebotomy chair list). */
  readonly capacity: number;
}

/** One slot cut from a session. */
export interface CutSlot {
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * Cuts a session into back-to-back slots of its slot length, from its start; a remainder too
 * short for a slot is left as catch-up time rather than offered as a short slot.
 */
export function cutSlots(
  session: { readonly startsAt: string; readonly endsAt: string },
  slotMinutes: number,
): CutSlot[] {
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5) {
    throw new RangeError(
      `slot length must be a whole number of minutes, at least 5: ${slotMinutes}`,
    );
  }
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  const step = slotMinutes * 60_000;
  const slots: CutSlot[] = [];
  for (let at = start; at + step <= end; at += step) {
    slots.push({ startsAt: new Date(at).toISOString(), endsAt: new Date(at + step).toISOString() });
  }
  return slots;
}
