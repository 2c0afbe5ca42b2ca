import { forbidden, notFound, type OrganisationForm } from '@atscale/domain';
import { can } from '@atscale/domain';
import type { Queryable } from '../database.js';
import type { Scope } from '../scope.js';

/** An organisation as the API shows it. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly form: OrganisationForm;
}

/** A member practice, in brief. */
export interface PracticeSummary {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
}

/** Reads of the caller's own organisation and its practices. */
export function organisationRepository(db: Queryable, scope: Scope) {
  const { principal } = scope;
  const requireRead = () => {
    if (!can(principal, 'organisation:read')) throw forbidden('see this organisation');
  };
  return {
    /** The caller's organisation. */
    async get(): Promise<Organisation> {
      requireRead();
      const { rows } = await db.query<Organisation>(
        'select id, name, form from organisation where id = $1',
        [principal.orgId],
      );
      const row = rows[0];
      if (!row) throw notFound('The organisation');
      return row;
    },

    /** Every practice of the caller's organisation, by name. */
    async practices(): Promise<PracticeSummary[]> {
      requireRead();
      const { rows } = await db.query<PracticeSummary>(
        'select id, ods_code as "odsCode", name from practice where org_id = $1 order by name',
        [principal.orgId],
      );
      return rows;
    },

    /** The practices a set of ids names, limited to the caller's organisation. */
    async practicesById(ids: readonly string[]): Promise<PracticeSummary[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<PracticeSummary>(
        `select id, ods_code as "odsCode", name from practice
          where org_id = $1 and id = any($2::uuid[]) order by name`,
        [principal.orgId, ids],
      );
      return rows;
    },
  };
}
