import type { Queryable } from '../database.js';

/** One entry of the audit trail. */
export interface AuditEntry {
  readonly orgId: string;
  readonly userId: string | null;
  readonly role: string | null;
  /** What was done, as `entity.verb`, e.g. `patient.read`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly patientId: string | null;
  readonly reason: string | null;
  readonly requestId: string | null;
}

/** An audit entry as stored, with its number and time. */
export interface AuditEvent extends AuditEntry {
  readonly id: number;
  readonly at: Date;
}

/**
 * Writes audit entries with one statement. Call it inside the transaction that reads or
 * writes the data, so an access is never without its audit row (nor a row without access).
 */
export async function writeAudit(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const columns = 9;
  const values: unknown[] = [];
  const tuples = entries.map((e, i) => {
    values.push(
      e.orgId,
      e.userId,
      e.role,
      e.action,
      e.entityType,
      e.entityId,
      e.patientId,
      e.reason,
      e.requestId,
    );
    const base = i * columns;
    return `(${Array.from({ length: columns }, (_, k) => `$${base + k + 1}`).join(', ')})`;
  });
  await tx.query(
    `insert into audit_event
       (org_id, user_id, role, action, entity_type, entity_id, patient_id, reason, request_id)
     values ${tuples.join(', ')}`,
    values,
  );
}

/** Audit rows as the database returns them. */
export interface AuditRow {
  id: number;
  org_id: string;
  at: Date;
  user_id: string | null;
  role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  reason: string | null;
  request_id: string | null;
}

/** Maps a stored audit row to its API shape. */
export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    at: row.at,
    userId: row.user_id,
    role: row.role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    reason: row.reason,
    requestId: row.request_id,
  };
}
