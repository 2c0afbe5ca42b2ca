import type { Role } from './roles.js';

/** One role held by a user, for the whole organisation (practiceId null) or one practice. */
export interface RoleGrant {
  readonly role: Role;
  readonly practiceId: string | null;
}

/** Who is acting: the signed-in user, their organisation and what they may act as. */
export interface Principal {
  readonly userId: string;
  readonly orgId: string;
  readonly grants: readonly RoleGrant[];
}
