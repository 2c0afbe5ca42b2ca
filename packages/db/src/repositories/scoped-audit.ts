import { grantingRole, type Permission } from '@atscale/domain';
import type { Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';

/** What a scoped repository records of one thing its caller did; the scope supplies who. */
export interface ScopedAuditEntry {
  /** The permission the caller acted under: the audit row names the role that granted it. */
  readonly permission: Permission;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  /** The practice acted on, when the permission was granted for one practice. */
  readonly practiceId?: string | null;
  readonly patientId?: string | null;
  readonly reason?: string | null;
}

/**
 * The audit writer of a scoped repository: one call per thing done, inside the transaction
 * that does it, with the caller, their granting role and the request filled in from the scope.
 */
export function scopedAudit(scope: Scope) {
  const { principal, requestId } = scope;
  return (tx: Queryable, entry: ScopedAuditEntry): Promise<void> =>
    writeAudit(tx, [
      {
        orgId: principal.orgId,
        userId: principal.userId,
        role: grantingRole(principal, entry.permission, {
          orgId: principal.orgId,
          practiceId: entry.practiceId ?? null,
        }),
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        patientId: entry.patientId ?? null,
        reason: entry.reason ?? null,
        requestId,
      },
    ]);
}
