import { forbidden, reachOf } from '@atscale/domain';
import type { Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { toAuditEvent, type AuditEvent, type AuditRow } from './audit.js';

/** Filters for reading the audit trail. */
export interface AuditQuery {
  readonly patientId?: string | undefined;
  readonly userId?: string | undefined;
  /** Only events before this id, for paging back through the trail. */
  readonly beforeId?: number | undefined;
  readonly limit: number;
}

/** Reads of the caller's organisation's audit trail, newest first. */
export function auditTrailRepository(db: Queryable, scope: Scope) {
  const { principal } = scope;
  return {
    async list(query: AuditQuery): Promise<AuditEvent[]> {
      if (reachOf(principal, 'audit:read').kind !== 'organisation') {
        throw forbidden('read the audit trail');
      }
      const { rows } = await db.query<AuditRow>(
        `select * from audit_event
          where org_id = $1
            and ($2::uuid is null or patient_id = $2)
            and ($3::uuid is null or user_id = $3)
            and ($4::bigint is null or id < $4)
          order by id desc
          limit $5`,
        [
          principal.orgId,
          query.patientId ?? null,
          query.userId ?? null,
          query.beforeId ?? null,
          query.limit,
        ],
      );
      return rows.map(toAuditEvent);
    },
  };
}
