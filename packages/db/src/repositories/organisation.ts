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

/** A member practice in the organisation's list: its latest list size and when it was counted. */
export interface PracticeListing extends PracticeSummary {
  readonly status: 'active' | 'closed' | 'dormant' | 'proposed';
  readonly listSize: number | null;
  readonly listSizeDate: string | null;
}

/** A member practice in full, with its dated list sizes (newest first). */
export interface PracticeDetail extends PracticeSummary {
  readonly contractType: 'GMS' | 'PMS' | 'APMS' | null;
  readonly status: 'active' | 'closed' | 'dormant' | 'proposed';
  readonly addressLines: string[];
  readonly postcode: string | null;
  readonly phone: string | null;
  readonly openedOn: string | null;
  readonly commissionerCode: string | null;
  readonly listSizes: { readonly date: string; readonly listSize: number }[];
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

    /** Every practice of the caller's organisation, by name, with its latest list size. */
    async practices(): Promise<PracticeListing[]> {
      requireRead();
      const { rows } = await db.query<PracticeListing>(
        `select p.id, p.ods_code as "odsCode", p.name, p.status,
                l.list_size as "listSize", l.date as "listSizeDate"
           from practice p
           left join lateral (
             select list_size, date from practice_list_size
              where org_id = p.org_id and practice_id = p.id order by date desc limit 1
           ) l on true
          where p.org_id = $1
          order by p.name`,
        [principal.orgId],
      );
      return rows;
    },

    /** One practice of the caller's organisation, with its list size history. */
    async practice(practiceId: string): Promise<PracticeDetail> {
      requireRead();
      const { rows } = await db.query<PracticeDetail>(
        `select p.id, p.ods_code as "odsCode", p.name, p.contract_type as "contractType", p.status,
                array_remove(array[p.address_line_1, p.address_line_2, p.address_line_3,
                                   p.address_line_4, p.address_line_5], null) as "addressLines",
                p.postcode, p.phone, p.opened_on as "openedOn",
                p.commissioner_code as "commissionerCode",
                coalesce((select json_agg(json_build_object('date', l.date, 'listSize', l.list_size)
                                          order by l.date desc)
                            from practice_list_size l
                           where l.org_id = p.org_id and l.practice_id = p.id), '[]'::json)
                  as "listSizes"
           from practice p where p.org_id = $1 and p.id = $2`,
        [principal.orgId, practiceId],
      );
      const row = rows[0];
      if (!row) throw notFound('The practice');
      return row;
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
