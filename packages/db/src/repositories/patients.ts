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
  readonly sex: 'female' | 'male' | 'indeterminate' | 'unknown';
  readonly postcode: string | null;
  readonly registeredOn: string | null;
  readonly deregisteredOn: string | null;
  readonly contactPhone: string | null;
  readonly contactEmail: string | null;
  readonly contactPreference: 'phone' | 'sms' | 'email' | 'letter' | null;
  /** When the register row last changed, an ISO instant (FHIR meta.lastUpdated). */
  readonly updatedAt: string;
}

/** How to find patients: by NHS number, or by family name and date of birth. */
export type PatientSearch =
  | { readonly nhsNumber: string }
  | {
      readonly familyName: string;
      readonly dateOfBirth: string;
      readonly givenName?: string | undefined;
    };

const COLUMNS = `id, practice_id as "practiceId", nhs_number as "nhsNumber",
  given_name as "givenName", family_name as "familyName", date_of_birth as "dateOfBirth", sex,
  postcode, registered_on as "registeredOn", deregistered_on as "deregisteredOn",
  contact_phone as "contactPhone", contact_email as "contactEmail",
  contact_preference as "contactPreference",
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"`;

/** Most patients one search returns: a name and date of birth shared by more is rare. */
export const PATIENT_SEARCH_LIMIT = 50;

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

    /**
     * Patients matching an NHS number, or a family name (any case) and date of birth with an
     * optional given name, within the caller's reach. Each one returned is audited as
     * `patient.search` in the same transaction.
     */
    async search(query: PatientSearch, reason: string | null): Promise<Patient[]> {
      const r = reach();
      const byNumber = 'nhsNumber' in query;
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<Patient>(
          `select ${COLUMNS} from patient
            where org_id = $1
              and ($3::boolean or practice_id = any($4::uuid[]))
              and ${
                byNumber
                  ? 'nhs_number = $2'
                  : `lower(family_name) = lower($2) and date_of_birth = $5::date
                     and ($6::text is null or lower(given_name) = lower($6))`
              }
            order by family_name, given_name, nhs_number
            limit ${PATIENT_SEARCH_LIMIT}`,
          [
            principal.orgId,
            byNumber ? query.nhsNumber : query.familyName,
            r.kind === 'organisation',
            r.kind === 'practices' ? r.practiceIds : [],
            ...(byNumber ? [] : [query.dateOfBirth, query.givenName ?? null]),
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
