/** Every role a user can hold in atscale. */
export const ROLES = [
  'org-admin',
  'central-operations',
  'central-finance',
  'central-workforce',
  'governance',
  'board-member',
  'partner',
  'practice-manager',
  'care-navigator',
  'clinician',
  'hub-clinician',
] as const;

/** A role a user can hold. */
export type Role = (typeof ROLES)[number];

/**
 * Roles held for the whole organisation. The others are held for named practices, because a
 * partner or a care navigator works for their own practice, not the whole estate.
 */
export const ORGANISATION_ROLES: readonly Role[] = [
  'org-admin',
  'central-operations',
  'central-finance',
  'central-workforce',
  'governance',
  'board-member',
];

/** Roles that must name at least one practice. */
export const PRACTICE_ROLES: readonly Role[] = ROLES.filter((r) => !ORGANISATION_ROLES.includes(r));

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
