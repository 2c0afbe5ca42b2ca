/**
 * SMART on FHIR system scopes (backend services): what a system client may do to which FHIR
 * resource types. v1 names (`system/Slot.read`, `system/*.write`, `system/Slot.*`) and the v2
 * ones (`system/Slot.rs`, `system/Appointment.cruds`) are both understood; atscale grants and
 * checks two kinds of access, read (read and search) and write (create, update, operations).
 */

/** The two kinds of access a scope grants. */
export type ScopeAccess = 'read' | 'write';

/** One scope as understood: a resource type (or `*` for every type) and what it allows. */
export interface SystemScope {
  readonly type: string;
  readonly read: boolean;
  readonly write: boolean;
}

/**
 * The resource types a client can be given scopes for: the FHIR facade's (issue 7). A scope
 * naming any other type is refused at registration, so a typo cannot grant nothing silently.
 */
export const SCOPE_RESOURCE_TYPES = [
  'Organization',
  'Location',
  'HealthcareService',
  'Practitioner',
  'PractitionerRole',
  'Patient',
  'Schedule',
  'Slot',
  'Appointment',
] as const;

/** The scopes an administrator picks from when registering a client, widest first. */
export const REGISTRABLE_SCOPES: readonly string[] = [
  'system/*.read',
  'system/*.write',
  ...SCOPE_RESOURCE_TYPES.flatMap((type) => [`system/${type}.read`, `system/${type}.write`]),
];

const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*|c?r?u?d?s?)$/;

/**
 * Parses one scope, or returns null when it is not a system scope atscale understands (a
 * `patient/` or `user/` scope, a v2 suffix out of `cruds` order, an empty suffix).
 */
export function parseScope(scope: string): SystemScope | null {
  const match = SCOPE.exec(scope);
  if (!match) return null;
  const [, type = '', suffix = ''] = match;
  if (suffix === '') return null;
  if (suffix === 'read') return { type, read: true, write: false };
  if (suffix === 'write') return { type, read: false, write: true };
  if (suffix === '*') return { type, read: true, write: true };
  // SMART v2: r(ead) and s(earch) are reading; c(reate), u(pdate) and d(elete) are writing.
  return { type, read: /[rs]/.test(suffix), write: /[cud]/.test(suffix) };
}

/** Whether a scope names a type the facade serves (or every type). */
export function isKnownScopeType(scope: SystemScope): boolean {
  return scope.type === '*' || (SCOPE_RESOURCE_TYPES as readonly string[]).includes(scope.type);
}

/** Splits a space-separated `scope` parameter (RFC 6749 §3.3) into its scopes, each once. */
export function splitScopes(text: string): string[] {
  return [...new Set(text.split(' ').filter((s) => s.length > 0))];
}

/** Whether scopes together allow `access` to resources of `type`. */
export function scopesAllow(scopes: readonly string[], type: string, access: ScopeAccess): boolean {
  return scopes.some((text) => {
    const scope = parseScope(text);
    return scope !== null && (scope.type === '*' || scope.type === type) && scope[access];
  });
}

/**
 * Whether every access `wanted` grants is also granted by `held`: a token may be asked for
 * with fewer scopes than its client holds, never more. Unparseable wanted scopes are not.
 */
export function scopesWithin(wanted: readonly string[], held: readonly string[]): boolean {
  return wanted.every((text) => {
    const scope = parseScope(text);
    if (scope === null) return false;
    return (
      (!scope.read || heldFor(held, scope.type, 'read')) &&
      (!scope.write || heldFor(held, scope.type, 'write'))
    );
  });
}

// `system/*.read` wanted needs `*` held; `system/Slot.read` wanted is held by Slot or `*`.
function heldFor(held: readonly string[], type: string, access: ScopeAccess): boolean {
  return held.some((text) => {
    const scope = parseScope(text);
    if (scope === null || !scope[access]) return false;
    return scope.type === '*' || (type !== '*' && scope.type === type);
  });
}
