import {
  AtscaleError,
  isOrganisationRole,
  isRole,
  ORGANISATION_ROLES,
  ROLES,
  type Role,
} from '@atscale/domain';

/** One role to grant: organisation-wide (odsCode null) or at the practice with that ODS code. */
export interface RoleRequest {
  readonly role: Role;
  readonly odsCode: string | null;
}

/**
 * Turns `--role` and `--practice` flags into grants. A role may carry its practice
 * (`clinician:Y90001`); a practice role without one is granted at every `--practice`;
 * organisation-wide roles take no practice. Repeats are granted once.
 */
export function parseRoleRequests(
  roles: readonly string[],
  practices: readonly string[],
): RoleRequest[] {
  if (roles.length === 0) {
    throw invalid(`Give at least one --role (one of ${ROLES.join(', ')})`);
  }
  const odsCodes = practices.map(normaliseOds);
  const requests = new Map<string, RoleRequest>();
  const add = (role: Role, odsCode: string | null) =>
    requests.set(`${role}@${odsCode ?? ''}`, { role, odsCode });
  let bareUsesPractices = false;
  for (const text of roles) {
    const [name = '', ods, ...rest] = text.trim().split(':');
    if (!isRole(name) || rest.length > 0) {
      throw invalid(`Unknown role ${text}: the roles are ${ROLES.join(', ')}`);
    }
    if (isOrganisationRole(name)) {
      if (ods !== undefined) {
        throw invalid(
          `The role ${name} is held for the whole organisation and takes no practice (${text})`,
        );
      }
      add(name, null);
    } else if (ods !== undefined) {
      add(name, normaliseOds(ods));
    } else if (odsCodes.length > 0) {
      bareUsesPractices = true;
      for (const odsCode of odsCodes) add(name, odsCode);
    } else {
      throw invalid(
        `The role ${name} is held at a practice: add --practice ODS or write ${name}:ODS`,
      );
    }
  }
  if (odsCodes.length > 0 && !bareUsesPractices) {
    throw invalid(
      `--practice ${odsCodes.join(', ')} applies to practice roles given without a practice, ` +
        `and there are none; ${ORGANISATION_ROLES.join(', ')} are held for the whole organisation`,
    );
  }
  return [...requests.values()];
}

function normaliseOds(text: string): string {
  const ods = text.trim().toUpperCase();
  if (ods.length === 0) throw invalid('A practice needs its ODS code, e.g. Y90001');
  return ods;
}

function invalid(detail: string): AtscaleError {
  return new AtscaleError('validation-failed', detail);
}
