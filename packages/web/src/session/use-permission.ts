import { canAt, isRole, type Permission, type Principal } from '@atscale/domain';
import type { Me } from '../api/me';
import { useSession } from './session-context';

/** The signed-in user as the domain's access rules see them. */
export function principalOf(me: Me): Principal {
  return {
    userId: me.user.id,
    orgId: me.organisation.id,
    grants: me.roles.flatMap((grant) =>
      isRole(grant.role) ? [{ role: grant.role, practiceId: grant.practiceId }] : [],
    ),
  };
}

/**
 * Whether `me` may use a permission on the organisation (practiceId null) or one of its
 * practices: the same rule the server applies.
 */
export function mayUse(me: Me, permission: Permission, practiceId: string | null): boolean {
  const principal = principalOf(me);
  return canAt(principal, permission, { orgId: principal.orgId, practiceId });
}

/**
 * Whether the signed-in user may use a permission on the organisation (practiceId null) or one
 * of its practices, used only to decide which forms to show: the server still decides, and a
 * refusal is shown when it says no.
 */
export function usePermission(permission: Permission, practiceId: string | null): boolean {
  const { state } = useSession();
  return state.status === 'signed-in' && mayUse(state.me, permission, practiceId);
}
