/** The doors a request comes in by (ACC-1): a call to the navigators, the online form, the desk. */
export const REQUEST_CHANNELS = ['phone', 'online', 'walk-in'] as const;
/** How a request reached the organisation. */
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** Human-readable names of the channels. */
export const REQUEST_CHANNEL_LABELS: Readonly<Record<RequestChannel, string>> = {
  phone: 'Phone',
  online: 'Online form',
  'walk-in': 'Walk-in',
};

/** A request for care, or for something the practice's admin team can do without a clinician. */
export const REQUEST_KINDS = ['clinical', 'admin'] as const;
/** Clinical or admin. */
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The admin requests the online form offers: none needs a clinician's triage first. */
export const ADMIN_REQUEST_TYPES = [
  'fit-note',
  'test-results',
  'repeat-prescription',
  'letter',
  'other-admin',
] as const;
/** One kind of admin request. */
export type AdminRequestType = (typeof ADMIN_REQUEST_TYPES)[number];

/** Human-readable names of the admin requests. */
export const ADMIN_REQUEST_LABELS: Readonly<Record<AdminRequestType, string>> = {
  'fit-note': 'A fit note (sick note)',
  'test-results': 'Test results',
  'repeat-prescription': 'A repeat prescription',
  letter: 'A letter or form',
  'other-admin': 'Something else',
};

/** Where a request is in its life: waiting in a queue, claimed by a triager, triaged, closed. */
export const REQUEST_STATUSES = ['waiting', 'claimed', 'triaged', 'closed'] as const;
/** A request's status. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** How the patient would rather be seen or spoken to, when they say. */
export const DELIVERY_CHANNELS = ['in-person', 'telephone', 'video'] as const;
/** In person, by telephone or by video: for slots, appointments and preferences alike. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Human-readable names of the delivery channels. */
export const DELIVERY_CHANNEL_LABELS: Readonly<Record<DeliveryChannel, string>> = {
  'in-person': 'In person',
  telephone: 'Telephone',
  video: 'Video',
};

/** True when the text is one of the values of a list of literals. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * How a person is found on the register: by NHS number and date of birth, or by name, date of
 * birth and postcode. Both include the date of birth, so that a mistyped NHS number that happens
 * to be valid cannot silently match somebody else.
 */
export type PatientIdentity =
  | { readonly nhsNumber: string; readonly dateOfBirth: string }
  | {
      readonly givenName: string;
      readonly familyName: string;
      readonly dateOfBirth: string;
      readonly postcode: string;
    };

/** Folds a name for matching: case, accents, spaces, hyphens and apostrophes do not matter. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/**
 * Picks the one register entry that matches an identity, or says why none can be chosen: more
 * than one candidate is never guessed between (a request on the wrong patient's record is a
 * hazard), it is handed to a person instead.
 */
export function matchPatient<T extends { readonly id: string }>(
  candidates: readonly T[],
): { readonly patient: T } | { readonly problem: 'none' | 'ambiguous' } {
  const [patient, ...others] = candidates;
  if (!patient) return { problem: 'none' };
  if (others.length > 0) return { problem: 'ambiguous' };
  return { patient };
}
