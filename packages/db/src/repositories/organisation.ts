import {
  AtscaleError,
  CAREER_GRADES,
  can,
  canAt,
  forbidden,
  grantingRole,
  isPartnerGrade,
  MEMBER_STAGES,
  notFound,
  STAFF_ROLES,
  type CareerGrade,
  type ContractHolding,
  type IsoDate,
  type MembershipStage,
  type OrganisationForm,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import {
  loadOrganisationFormHistory,
  organisationFormOn,
  type FormInForce,
} from './form-changes.js';
import { todayInEngland } from './organisation-today.js';
import { practiceSites, type Site } from './sites.js';

/** An organisation as the API shows it: the form in force today, and any change to come. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  /** The form in force today (the form it was created with is only the first of its history). */
  readonly form: OrganisationForm;
  /** The date the form in force took effect. */
  readonly formSince: IsoDate;
  /** The next change of form already recorded, if one is. */
  readonly scheduledChange: FormInForce['scheduledChange'];
}

/** The organisation's headline numbers: its member practices, their patients and the sites. */
export interface OrganisationTotals {
  readonly practices: number;
  /** The sum of each member practice's latest list size. */
  readonly listSize: number;
  /** The organisation's own sites and its member practices' sites. */
  readonly sites: number;
}

/** A GP contract type. */
export type ContractType = 'GMS' | 'PMS' | 'APMS';

/** A practice's status on the public practice list. */
export type PracticeStatus = 'active' | 'closed' | 'dormant' | 'proposed';

/** A member practice, in brief. */
export interface PracticeSummary {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
}

/** A member practice in the organisation's list, with its latest list size and its shape. */
export interface PracticeListing extends PracticeSummary {
  readonly status: PracticeStatus;
  readonly listSize: number | null;
  readonly listSizeDate: string | null;
  readonly contractType: ContractType | null;
  readonly contractHolding: ContractHolding | null;
  readonly region: string | null;
  /** Null when no membership is recorded (a practice from before membership was tracked). */
  readonly membershipStage: MembershipStage | null;
  readonly siteCount: number;
  readonly partnerCount: number;
}

/** A partner of a practice: a member of staff on a partner grade whose home it is. */
export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly grade: CareerGrade;
  readonly startedOn: string | null;
}

/** How many current staff a practice has in one role. */
export interface StaffCount {
  readonly role: StaffRole;
  readonly count: number;
}

/** The cost centre a practice is in today. */
export interface CurrentCostCentre {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** The date the practice joined it. */
  readonly since: string;
}

/** A member practice in full: contract, sites, people, cost centre and dated list sizes. */
export interface PracticeDetail extends PracticeSummary {
  readonly contractType: ContractType | null;
  readonly contractHolding: ContractHolding | null;
  readonly region: string | null;
  readonly status: PracticeStatus;
  readonly membershipStage: MembershipStage | null;
  readonly addressLines: string[];
  readonly postcode: string | null;
  readonly phone: string | null;
  readonly openedOn: string | null;
  readonly commissionerCode: string | null;
  readonly costCentre: CurrentCostCentre | null;
  /** Main site first, then by name. */
  readonly sites: Site[];
  /** Current partners, by name. */
  readonly partners: Partner[];
  /** Current staff whose home practice it is, by role in the order of the staff roles. */
  readonly staffCounts: StaffCount[];
  /** Dated list sizes, newest first. */
  readonly listSizes: { readonly date: string; readonly listSize: number }[];
}

/** A change to a practice's contract or region: only the fields given change; null clears. */
export interface PracticeChange {
  readonly contractType?: ContractType | null | undefined;
  readonly contractHolding?: ContractHolding | null | undefined;
  readonly region?: string | null | undefined;
}

/** Longest region name kept. */
export const REGION_MAX_LENGTH = 100;

const PARTNER_GRADES: readonly CareerGrade[] = CAREER_GRADES.filter((grade) =>
  isPartnerGrade(grade),
);

/**
 * Staff who work there on a day: started (or start date unknown) and not yet left. `st` is the
 * staff table, `$today` the parameter holding the day.
 */
const onStaff = (today: string) =>
  `(st.started_on is null or st.started_on <= ${today}::date)
   and (st.left_on is null or st.left_on > ${today}::date)`;

/** Practices count as members when their stage says so; no membership row counts as member. */
const isMember = (stages: string) => `(m.stage is null or m.stage = any(${stages}::text[]))`;

/** The organisation, its practices and their sites, contracts and people, for one caller. */
export function organisationRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const requireRead = () => {
    if (!can(principal, 'organisation:read')) throw forbidden('see this organisation');
  };

  const findPractice = async (q: Queryable, practiceId: string) => {
    const { rows } = await q.query<{ id: string }>(
      'select id from practice where org_id = $1 and id = $2',
      [orgId, practiceId],
    );
    if (!rows[0]) throw notFound('The practice');
  };

  /**
   * One practice of the caller's organisation (a member or not), with its contract, sites,
   * current partners and staff, cost centre today, membership stage and list size history.
   */
  const practice = async (practiceId: string): Promise<PracticeDetail> => {
    requireRead();
    const today = todayInEngland();
    const { rows } = await db.query<
      Omit<PracticeDetail, 'sites' | 'staffCounts'> & {
        staffCounts: StaffCount[];
      }
    >(
      `select p.id, p.ods_code as "odsCode", p.name, p.contract_type as "contractType",
              p.contract_holding as "contractHolding", p.region, p.status,
              m.stage as "membershipStage",
              array_remove(array[p.address_line_1, p.address_line_2, p.address_line_3,
                                 p.address_line_4, p.address_line_5], null) as "addressLines",
              p.postcode, p.phone, p.opened_on as "openedOn",
              p.commissioner_code as "commissionerCode",
              (select json_build_object('id', cc.id, 'code', cc.code, 'name', cc.name,
                                        'since', a.effective_from)
                 from cost_centre_assignment a
                 join cost_centre cc on cc.org_id = a.org_id and cc.id = a.cost_centre_id
                where a.org_id = p.org_id and a.practice_id = p.id and a.effective_from <= $3::date
                order by a.effective_from desc limit 1) as "costCentre",
              coalesce((select json_agg(json_build_object('id', st.id, 'name', st.full_name,
                                                          'grade', st.grade,
                                                          'startedOn', st.started_on)
                                        order by st.full_name, st.id)
                          from staff_member st
                         where st.org_id = p.org_id and st.home_practice_id = p.id
                           and st.grade = any($4::text[]) and ${onStaff('$3')}), '[]'::json)
                as partners,
              coalesce((select json_agg(json_build_object('role', c.role, 'count', c.count))
                          from (select st.staff_role as role, count(*)::int as count
                                  from staff_member st
                                 where st.org_id = p.org_id and st.home_practice_id = p.id
                                   and ${onStaff('$3')}
                                 group by st.staff_role) c), '[]'::json) as "staffCounts",
              coalesce((select json_agg(json_build_object('date', l.date, 'listSize', l.list_size)
                                        order by l.date desc)
                          from practice_list_size l
                         where l.org_id = p.org_id and l.practice_id = p.id), '[]'::json)
                as "listSizes"
         from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and p.id = $2`,
      [orgId, practiceId, today, PARTNER_GRADES],
    );
    const row = rows[0];
    if (!row) throw notFound('The practice');
    const order = (role: StaffRole) => STAFF_ROLES.indexOf(role);
    return {
      ...row,
      sites: await practiceSites(db, orgId, practiceId),
      staffCounts: [...row.staffCounts].sort((a, b) => order(a.role) - order(b.role)),
    };
  };

  return {
    /** The caller's organisation, with the form in force today and any scheduled change. */
    async get(): Promise<Organisation> {
      requireRead();
      const { rows } = await db.query<{ id: string; name: string }>(
        'select id, name from organisation where id = $1',
        [orgId],
      );
      const row = rows[0];
      if (!row) throw notFound('The organisation');
      const inForce = organisationFormOn(
        await loadOrganisationFormHistory(db, orgId),
        todayInEngland(),
      );
      return {
        id: row.id,
        name: row.name,
        form: inForce.form,
        formSince: inForce.since,
        scheduledChange: inForce.scheduledChange,
      };
    },

    /** The organisation's member practices, their patients (latest list sizes) and sites. */
    async totals(): Promise<OrganisationTotals> {
      requireRead();
      const { rows } = await db.query<OrganisationTotals>(
        `with members as (
           select p.id from practice p
             left join membership m on m.org_id = p.org_id and m.practice_id = p.id
            where p.org_id = $1 and ${isMember('$2')}
         )
         select (select count(*)::int from members) as practices,
                (select coalesce(sum(l.list_size), 0)::int
                   from members
                   cross join lateral (
                     select list_size from practice_list_size
                      where org_id = $1 and practice_id = members.id
                      order by date desc limit 1
                   ) l) as "listSize",
                (select count(*)::int from site s
                  where s.org_id = $1
                    and (s.practice_id is null or s.practice_id in (select id from members)))
                  as sites`,
        [orgId, MEMBER_STAGES],
      );
      return rows[0] ?? { practices: 0, listSize: 0, sites: 0 };
    },

    /**
     * The organisation's member practices, by name: those whose membership stage counts as a
     * member (and those with no membership recorded), with latest list size, contract, and
     * how many sites and current partners each has.
     */
    async practices(): Promise<PracticeListing[]> {
      requireRead();
      const { rows } = await db.query<PracticeListing>(
        `select p.id, p.ods_code as "odsCode", p.name, p.status,
                l.list_size as "listSize", l.date as "listSizeDate",
                p.contract_type as "contractType", p.contract_holding as "contractHolding",
                p.region, m.stage as "membershipStage",
                (select count(*)::int from site s where s.org_id = p.org_id and s.practice_id = p.id)
                  as "siteCount",
                (select count(*)::int from staff_member st
                  where st.org_id = p.org_id and st.home_practice_id = p.id
                    and st.grade = any($3::text[]) and ${onStaff('$4')}) as "partnerCount"
           from practice p
           left join membership m on m.org_id = p.org_id and m.practice_id = p.id
           left join lateral (
             select list_size, date from practice_list_size
              where org_id = p.org_id and practice_id = p.id order by date desc limit 1
           ) l on true
          where p.org_id = $1 and ${isMember('$2')}
          order by p.name, p.id`,
        [orgId, MEMBER_STAGES, PARTNER_GRADES, todayInEngland()],
      );
      return rows;
    },

    practice,

    /** The practices a set of ids names, limited to the caller's organisation. */
    async practicesById(ids: readonly string[]): Promise<PracticeSummary[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<PracticeSummary>(
        `select id, ods_code as "odsCode", name from practice
          where org_id = $1 and id = any($2::uuid[]) order by name`,
        [orgId, ids],
      );
      return rows;
    },

    /**
     * Changes a practice's contract type, how it holds its contract, or its region, audited as
     * `practice.update` in the same transaction. Needs `practice:manage` at the practice.
     */
    async updatePractice(practiceId: string, change: PracticeChange): Promise<PracticeDetail> {
      requireRead();
      await findPractice(db, practiceId);
      const target = { orgId, practiceId };
      if (!canAt(principal, 'practice:manage', target)) throw forbidden('change this practice');
      const region = change.region === undefined ? undefined : tidyRegion(change.region);
      const given = {
        contractType: change.contractType !== undefined,
        contractHolding: change.contractHolding !== undefined,
        region: region !== undefined,
      };
      const changed = Object.entries(given)
        .filter(([, isGiven]) => isGiven)
        .map(([name]) => name);
      await db.transaction(async (tx) => {
        await tx.query(
          `update practice
              set contract_type = case when $3 then $4 else contract_type end,
                  contract_holding = case when $5 then $6 else contract_holding end,
                  region = case when $7 then $8 else region end
            where org_id = $1 and id = $2`,
          [
            orgId,
            practiceId,
            given.contractType,
            change.contractType ?? null,
            given.contractHolding,
            change.contractHolding ?? null,
            given.region,
            region ?? null,
          ],
        );
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role: grantingRole(principal, 'practice:manage', target),
            action: 'practice.update',
            entityType: 'practice',
            entityId: practiceId,
            patientId: null,
            reason: `changed: ${changed.join(', ') || 'nothing'}`,
            requestId,
          },
        ]);
      });
      return practice(practiceId);
    },
  };
}

/** A region as entered: trimmed, blank meaning none; refuses one too long to be a name. */
function tidyRegion(region: string | null): string | null {
  const tidy = region?.trim() ?? '';
  if (tidy.length > REGION_MAX_LENGTH) {
    const message = `A region has at most ${REGION_MAX_LENGTH} characters`;
    throw new AtscaleError('validation-failed', message, [{ field: '/region', message }]);
  }
  return tidy === '' ? null : tidy;
}

/** The repository's type, for code that is handed one. */
export type OrganisationRepository = ReturnType<typeof organisationRepository>;
