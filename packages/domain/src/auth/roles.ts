// Organisation-wide roles are listed first; the rest are held for named practices, because a
// partner or a care navigator works for their own practice, not the whole estate.
const WHOLE_ORGANISATION = [
  'org-admin',
  'central-operations',
  'central-finance',
  'central-workforce',
  'governance',
  'board-member',
] as const;
const AT_PRACTICES = [
  'partner',
  'practice-manager',
  'care-navigator',
  'clinician',
  'hub-clinician',
] as const;

/** Every role a user can hold in atscale. */
export const ROLES = [...WHOLE_ORGANISATION, ...AT_PRACTICES] as const;

/** A role a user can hold. */
export type Role = (typeof ROLES)[number];

/** Roles held for the whole organisation: they name no practice. */
export const ORGANISATION_ROLES: readonly Role[] = WHOLE_ORGANISATION;

/** Roles that must name a practice. */
export const PRACTICE_ROLES: readonly Role[] = AT_PRACTICES;

/** Human-readable role names, as the UI and messages show them. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  'org-admin': 'Organisation administrator',
  'central-operations': 'Central operations',
  'central-finance': 'Central finance',
  'central-workforce': 'Central workforce',
  governance: 'Governance lead',
  'board-member': 'Board member',
  partner: 'Partner',
  'practice-manager': 'Practice manager',
  'care-navigator': 'Care navigator',
  clinician: 'Clinician',
  'hub-clinician': 'Hub clinician',
};

/** True when the text names a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when the role is held for the whole organisation rather than for practices. */
export function isOrganisationRole(role: Role): boolean {
  return ORGANISATION_ROLES.includes(role);
}
