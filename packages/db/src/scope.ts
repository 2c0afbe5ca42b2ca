import type { Principal } from '@atscale/domain';

/**
 * The caller a scoped repository acts for: who they are, and the request for the audit trail.
 * Every scoped query filters by `principal.orgId`, and by practice where the data is a practice's.
 */
export interface Scope {
  readonly principal: Principal;
  readonly requestId: string | null;
}
