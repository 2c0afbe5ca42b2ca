import {
  ACCOUNTS,
  AtscaleError,
  assertIsoDate,
  forbidden,
  grantingRole,
  reachOf,
  type IsoDate,
  type Permission,
  type Reach,
} from '@atscale/domain';
import type { Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import type { AuditEntry } from '../audit.js';

/** A cost centre as finance answers name it. */
export interface FinanceCostCentre {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** A practice as finance answers name it. */
export interface FinancePractice {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
}

// Times as ISO 8601 in UTC, the same text from PGlite and from pg whatever the session's zone.
export const isoTime = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A date given by a caller, checked and named by its field. */
export function checkedDate(value: string, field: string): IsoDate {
  assertIsoDate(value, field);
  return value;
}

/** A period given by a caller: both dates valid and in order. */
export function checkedPeriod(
  from: string,
  to: string,
  fields: { from: string; to: string } = { from: '/from', to: '/to' },
): { from: IsoDate; to: IsoDate } {
  const start = checkedDate(from, fields.from);
  const end = checkedDate(to, fields.to);
  if (end < start) {
    const message = 'The end of the period is before its start';
    throw new AtscaleError('validation-failed', `${fields.to}: ${message}`, [
      { field: fields.to, message },
    ]);
  }
  return { from: start, to: end };
}

/** A validation refusal of one field. */
export function invalid(field: string, message: string): AtscaleError {
  return new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);
}

/**
 * Writes the standard chart of accounts (the domain's) for an organisation if it is missing:
 * lines refer to accounts by code, and an organisation may add its own lines later.
 */
export async function ensureChart(tx: Queryable, orgId: string): Promise<void> {
  await tx.query(
    `insert into finance_account (org_id, code, name, kind)
     select $1, a.code, a.name, a.kind
       from unnest($2::text[], $3::text[], $4::text[]) as a(code, name, kind)
     on conflict (org_id, code) do nothing`,
    [orgId, ACCOUNTS.map((a) => a.code), ACCOUNTS.map((a) => a.name), ACCOUNTS.map((a) => a.kind)],
  );
}

/**
 * The cost centres the given practices were in at any time in a period: what a practice's
 * people may see of the ledger. A cost centre that absorbed their practice in a merge is theirs
 * from the merge on.
 */
export async function costCentresOfPractices(
  q: Queryable,
  orgId: string,
  practiceIds: readonly string[],
  period: { from: IsoDate; to: IsoDate },
): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(
    `select distinct x.cost_centre_id as id
       from (select a.cost_centre_id, a.effective_from,
                    lead(a.effective_from) over (partition by a.practice_id
                                                 order by a.effective_from) as until
               from cost_centre_assignment a
              where a.org_id = $1 and a.practice_id = any($2::uuid[])) x
      where x.effective_from <= $4 and (x.until is null or x.until > $3)`,
    [orgId, practiceIds, period.from, period.to],
  );
  return new Set(rows.map((r) => r.id));
}

/** Each practice's cost centre on a date (the latest assignment on or before it). */
export async function costCentreOfPracticesOn(
  q: Queryable,
  orgId: string,
  date: IsoDate,
): Promise<Map<string, string>> {
  const { rows } = await q.query<{ practiceId: string; costCentreId: string }>(
    `select distinct on (practice_id) practice_id as "practiceId", cost_centre_id as "costCentreId"
       from cost_centre_assignment
      where org_id = $1 and effective_from <= $2
      order by practice_id, effective_from desc`,
    [orgId, date],
  );
  return new Map(rows.map((r) => [r.practiceId, r.costCentreId]));
}

/** The permission checks and audit entries every finance repository shares. */
export function financeAccess(scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  return {
    orgId,
    principal,
    reach(permission: Permission, what: string): Reach & { kind: 'practices' | 'organisation' } {
      const reach = reachOf(principal, permission);
      if (reach.kind === 'none') throw forbidden(what);
      return reach;
    },
    /** Only a grant for the whole organisation will do: central finance's work. */
    requireOrganisation(permission: Permission, what: string): void {
      if (reachOf(principal, permission).kind !== 'organisation') throw forbidden(what);
    },
    audit(
      permission: Permission,
      action: string,
      entityType: string,
      entityId: string | null,
      options: { practiceId?: string | null; reason?: string | null } = {},
    ): AuditEntry {
      return {
        orgId,
        userId: principal.userId,
        role: grantingRole(principal, permission, {
          orgId,
          practiceId: options.practiceId ?? null,
        }),
        action,
        entityType,
        entityId,
        patientId: null,
        reason: options.reason ?? null,
        requestId,
      };
    },
  };
}
