import {
  AtscaleError,
  can,
  canAt,
  forbidden,
  formChange,
  formOn,
  grantingRole,
  inForceOn,
  notFound,
  ORGANISATION_FORM_LABELS,
  type IsoDate,
  type OrganisationForm,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { todayInEngland } from './organisation-today.js';

/** Where a recorded form stands today. */
export type FormChangeStatus = 'past' | 'in-force' | 'scheduled';

/** One dated form of the organisation, as its history shows it. */
export interface FormChangeRecord {
  /** Null for the form the organisation was created with, when no change was ever recorded. */
  readonly id: string | null;
  readonly form: OrganisationForm;
  readonly effectiveFrom: IsoDate;
  readonly reason: string | null;
  /** The display name of who recorded it; null for the form it was created with. */
  readonly recordedBy: string | null;
  /** When it was recorded, as an ISO timestamp. */
  readonly recordedAt: string | null;
  readonly status: FormChangeStatus;
}

/** The form in force on a day, since when, and the next change already recorded, if any. */
export interface FormInForce {
  readonly form: OrganisationForm;
  readonly since: IsoDate;
  readonly scheduledChange: {
    readonly form: OrganisationForm;
    readonly effectiveFrom: IsoDate;
  } | null;
}

/** A change of form to record. */
export interface NewFormChange {
  readonly form: string;
  readonly effectiveFrom: string;
  readonly reason: string;
}

type StoredChange = Omit<FormChangeRecord, 'status'>;

/** Longest reason kept with a form change. */
export const FORM_CHANGE_REASON_MAX = 500;

/**
 * The organisation's dated forms, oldest first. An organisation created after form changes were
 * first recorded, and never changed since, has none stored: its creation form, from its creation
 * date, stands in for the first entry, so every organisation has a form on every later day.
 */
export async function loadOrganisationFormHistory(
  q: Queryable,
  orgId: string,
): Promise<StoredChange[]> {
  const { rows } = await q.query<Omit<StoredChange, 'recordedAt'> & { recordedAt: Date | null }>(
    `select c.id, c.form, c.effective_from as "effectiveFrom", c.reason,
            u.display_name as "recordedBy", c.created_at as "recordedAt"
       from organisation_form_change c
       left join app_user u on u.org_id = c.org_id and u.id = c.recorded_by
      where c.org_id = $1
     union all
     select null::uuid, o.form, o.created_at::date, null::text, null::text, null::timestamptz
       from organisation o
      where o.id = $1 and not exists (select 1 from organisation_form_change where org_id = $1)
     order by "effectiveFrom"`,
    [orgId],
  );
  return rows.map((row) => ({ ...row, recordedAt: row.recordedAt?.toISOString() ?? null }));
}

/**
 * The form in force on a day, from a history sorted oldest first. Before the first entry (only
 * possible when the database's clock is a day ahead of England's) the first form is taken.
 */
export function organisationFormOn(history: readonly StoredChange[], today: IsoDate): FormInForce {
  const first = history[0];
  if (!first) throw notFound('The organisation');
  const current = inForceOn(history, (change) => change.effectiveFrom, today) ?? first;
  const next = history.find((change) => change.effectiveFrom > current.effectiveFrom) ?? null;
  return {
    form: current.form,
    since: current.effectiveFrom,
    scheduledChange: next ? { form: next.form, effectiveFrom: next.effectiveFrom } : null,
  };
}

/** The organisation's form history for one caller, and the recording of a change of form. */
export function formChangeRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const target = { orgId: principal.orgId };
  const withStatus = (history: readonly StoredChange[], today: IsoDate): FormChangeRecord[] => {
    const current = organisationFormOn(history, today);
    return history.map((change) => ({
      ...change,
      status:
        change.effectiveFrom === current.since
          ? 'in-force'
          : change.effectiveFrom < current.since
            ? 'past'
            : 'scheduled',
    }));
  };

  return {
    /** Every dated form of the organisation, newest first, each marked past, in force or scheduled. */
    async history(): Promise<FormChangeRecord[]> {
      // Every role sees its own organisation, whichever practices it is held for.
      if (!can(principal, 'organisation:read')) throw forbidden('see this organisation');
      const history = await loadOrganisationFormHistory(db, principal.orgId);
      return withStatus(history, todayInEngland()).reverse();
    },

    /**
     * Records a change of form from a date (past, today or future), with the reason, audited as
     * `organisation.form-change` in the same transaction. Needs `organisation:manage`. Refuses
     * (conflict) a second change on a date that already has one, a date before the first
     * recorded form, and a change to the form already in force on that date.
     */
    async change(input: NewFormChange): Promise<FormChangeRecord> {
      if (!canAt(principal, 'organisation:manage', target)) {
        throw forbidden('change the organisation’s form');
      }
      const change = formChange(input.form, input.effectiveFrom);
      const reason = input.reason.trim();
      if (reason === '' || reason.length > FORM_CHANGE_REASON_MAX) {
        const message =
          reason === ''
            ? 'Say why the form changes'
            : `A reason has at most ${FORM_CHANGE_REASON_MAX} characters`;
        throw new AtscaleError('validation-failed', message, [{ field: '/reason', message }]);
      }
      const today = todayInEngland();
      return db.transaction(async (tx) => {
        // One change at a time per organisation: the checks below read the whole history.
        const locked = await tx.query('select 1 from organisation where id = $1 for update', [
          principal.orgId,
        ]);
        if (locked.rows.length === 0) throw notFound('The organisation');
        const history = await loadOrganisationFormHistory(tx, principal.orgId);
        refuseConflicts(history, change.form, change.effectiveFrom);
        const first = history[0];
        if (first && first.id === null) {
          // Make the creation form a stored entry, so the history no longer depends on there
          // being no rows at all.
          await tx.query(
            `insert into organisation_form_change (org_id, form, effective_from, reason)
             values ($1, $2, $3, 'The form the organisation was created with')`,
            [principal.orgId, first.form, first.effectiveFrom],
          );
        }
        const { rows } = await tx.query<{ id: string }>(
          `insert into organisation_form_change
             (org_id, form, effective_from, reason, recorded_by)
           values ($1, $2, $3, $4, $5)
           returning id`,
          [principal.orgId, change.form, change.effectiveFrom, reason, principal.userId],
        );
        const row = rows[0];
        if (!row) throw new Error('form change insert returned no row');
        await writeAudit(tx, [
          {
            orgId: principal.orgId,
            userId: principal.userId,
            role: grantingRole(principal, 'organisation:manage', target),
            action: 'organisation.form-change',
            entityType: 'organisation-form-change',
            entityId: row.id,
            patientId: null,
            reason: `${change.form} from ${change.effectiveFrom}: ${reason}`,
            requestId,
          },
        ]);
        const after = withStatus(await loadOrganisationFormHistory(tx, principal.orgId), today);
        const record = after.find((entry) => entry.id === row.id);
        if (!record) throw new Error('the new form change is missing from the history');
        return record;
      });
    },
  };
}

function label(form: OrganisationForm): string {
  return ORGANISATION_FORM_LABELS[form].toLowerCase();
}

function refuseConflicts(
  history: readonly StoredChange[],
  form: OrganisationForm,
  effectiveFrom: IsoDate,
): void {
  const first = history[0];
  if (!first) throw notFound('The organisation');
  if (effectiveFrom < first.effectiveFrom) {
    throw new AtscaleError(
      'conflict',
      `The organisation's first recorded form is from ${first.effectiveFrom}: a change cannot take effect before it`,
    );
  }
  if (history.some((change) => change.effectiveFrom === effectiveFrom)) {
    throw new AtscaleError(
      'conflict',
      `A form change is already recorded from ${effectiveFrom}: choose another date`,
    );
  }
  const before = formOn(history, effectiveFrom);
  if (before === form) {
    throw new AtscaleError(
      'conflict',
      `The organisation is already a ${label(form)} on ${effectiveFrom}`,
    );
  }
}
