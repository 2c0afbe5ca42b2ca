import { forbidden, grantingRole, grantsFor, notFound, reachOf } from '@atscale/domain';
import type { Database } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';

/** A patient on the register, as the API shows it. */
export interface Patient {
  readonly id: string;
  readonly practiceId: string;
  readonly nhsNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
}

const COLUMNS = `id, practice_id as "practiceId", nhs_number as "nhsNumber",
  given_name as "givenName", family_name as "familyName", date_of_birth as "dateOfBirth"`;

/**
 * Patient reads for one caller. Each read happens in a transaction with its audit row, and only
 * reaches the practices the caller's roles allow: a patient outside them is "not found".
 */
export function patientRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const reach = () => {
    const r = reachOf(principal, 'patient:read');
    if (r.kind === 'none') throw forbidden('read patient records');
    return r;
  };
  const audit = (patient: Patient, action: string, reason: string | null) => ({
    orgId: principal.orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'patient:read', {
      orgId: principal.orgId,
      practiceId: patient.practiceId,
    }),
    action,
    entityType: 'patient',
    entityId: patient.id,
    patientId: patient.id,
    reason,
    requestId,
  });

  return {
    /**
     * One patient by id, audited as `patient.read` (or `patient.read-refused` for a patient of
     * a practice the caller does not reach). One statement reads, decides and writes the audit
     * row, so the read and its audit are atomic with a single round trip.
     */
    async get(patientId: string, reason: string | null): Promise<Patient> {
      reach();
      const grants = grantsFor(principal, 'patient:read');
      const { rows } = await db.query<Patient & { role: string | null }>(
        `with found as (
           select * from patient where org_id = $1 and id = $2
         ), allowed as (
           select found.*,
                  coalesce($3::text, (select g.role
                                        from unnest($4::uuid[], $5::text[]) as g(practice_id, role)
                                       where g.practice_id = found.practice_id
                                       limit 1)) as role
             from found
         ), audited as (
           insert into audit_event
             (org_id, user_id, role, action, entity_type, entity_id, patient_id, reason, request_id)
           select $1, $6, role,
                  case when role is null then 'patient.read-refused' else 'patient.read' end,
                  'patient', id::text, id, $7, $8
             from allowed
         )
         select ${COLUMNS}, role from allowed`,
        [
          principal.orgId,
          patientId,
          grants.wide,
          grants.practiceIds,
          grants.roles,
          principal.userId,
          reason,
          requestId,
        ],
      );
      const row = rows[0];
      if (!row || row.role === null) throw notFound('The patient');
      const { role: _role, ...patient } = row;
      return patient;
    },

    /** Patients with an NHS number, within reach; each one returned is audited as `patient.search`. */
    async findByNhsNumber(nhsNumber: string, reason: string | null): Promise<Patient[]> {
      const r = reach();
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<Patient>(
          `select ${COLUMNS} from patient
            where org_id = $1 and nhs_number = $2
              and ($3::boolean or practice_id = any($4::uuid[]))`,
          [
            principal.orgId,
            nhsNumber,
            r.kind === 'organisation',
            r.kind === 'practices' ? r.practiceIds : [],
          ],
        );
        await writeAudit(
          tx,
          rows.map((p) => audit(p, 'patient.search', reason)),
        );
        return rows;
      });
    },
  };
}
