import { forbidden, can, type StaffRole } from '@atscale/domain';
import type { Database } from '../database.js';
import type { Scope } from '../scope.js';
import { todayInEngland } from './organisation-today.js';

/**
 * A member of staff as the FHIR directory shows them (Practitioner and PractitionerRole): who
 * they are, their professional registration, their practice and the sites they work at. Not
 * the staff register: no date of birth, contract, grade or pool.
 */
export interface DirectoryPerson {
  readonly id: string;
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly registrationNumber: string | null;
  readonly homePracticeId: string | null;
  readonly homePracticeName: string | null;
  /** Whether they work here today (not yet left). */
  readonly active: boolean;
  readonly startedOn: string | null;
  readonly leftOn: string | null;
  /** Their home practice's sites and the sites they can work at beyond it, by name. */
  readonly sites: readonly { readonly id: string; readonly name: string }[];
  /** When their staff register row last changed (an ISO instant): FHIR meta.lastUpdated. */
  readonly lastUpdated: string;
}

/** A slot service and the sites that offer it from today on. */
export interface ServiceSites {
  readonly service: string;
  readonly siteIds: readonly string[];
}

/**
 * The organisation's directory for the FHIR facade (issue 7), one query per list. Anyone in the
 * organisation may read it: whoever books or works a rota already sees every clinician's name
 * and role on the slots and rotas, and registration numbers are on public registers. The staff
 * register itself (dates of birth, contracts) stays behind `staff:read` in the staff repository.
 */
export function fhirDirectoryRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const requireRead = () => {
    if (!can(principal, 'rota:read')) throw forbidden('see the staff directory');
  };

  return {
    /**
     * Everyone on the staff register, leavers too (inactive), by name; or only the people with
     * these ids (uuids; one for a read, several for a search's _include).
     */
    async people(only: string | readonly string[] | null = null): Promise<DirectoryPerson[]> {
      requireRead();
      const onlyIds = only === null ? null : [only].flat();
      const { rows } = await db.query<
        Omit<DirectoryPerson, 'sites' | 'lastUpdated'> & { lastUpdated: Date | string }
      >(
        `select st.id, st.full_name as "fullName", st.staff_role as "staffRole",
                st.registration_number as "registrationNumber",
                st.home_practice_id as "homePracticeId", p.name as "homePracticeName",
                (st.left_on is null or st.left_on > $2::date) as active,
                to_char(st.started_on, 'YYYY-MM-DD') as "startedOn",
                to_char(st.left_on, 'YYYY-MM-DD') as "leftOn",
                st.updated_at as "lastUpdated"
           from staff_member st
           left join practice p on p.org_id = st.org_id and p.id = st.home_practice_id
          where st.org_id = $1 and ($3::uuid[] is null or st.id = any($3::uuid[]))
          order by st.full_name, st.id`,
        [orgId, todayInEngland(), onlyIds],
      );
      // Their home practice's sites and those they can work at beyond it, in one query.
      const sites = await db.query<{ staffId: string; id: string; name: string }>(
        `select w.staff_id as "staffId", s.id, s.name
           from (select st.id as staff_id, s.id as site_id
                   from staff_member st
                   join site s on s.org_id = st.org_id and s.practice_id = st.home_practice_id
                  where st.org_id = $1 and ($2::uuid[] is null or st.id = any($2::uuid[]))
                 union
                 select staff_id, site_id from staff_site
                  where org_id = $1 and ($2::uuid[] is null or staff_id = any($2::uuid[]))) w
           join site s on s.org_id = $1 and s.id = w.site_id
          order by s.name, s.id`,
        [orgId, onlyIds],
      );
      const bySite = new Map<string, { id: string; name: string }[]>();
      for (const { staffId, id, name } of sites.rows) {
        const list = bySite.get(staffId) ?? [];
        list.push({ id, name });
        bySite.set(staffId, list);
      }
      return rows.map((row) => ({
        ...row,
        lastUpdated: new Date(row.lastUpdated).toISOString(),
        sites: bySite.get(row.id) ?? [],
      }));
    },

    /** Each slot service with the sites that have open slots of it from today on. */
    async serviceSites(): Promise<ServiceSites[]> {
      requireRead();
      const { rows } = await db.query<ServiceSites>(
        `select service, array_agg(distinct site_id::text) as "siteIds"
           from slot
          where org_id = $1 and status = 'open' and starts_at >= now()
          group by service`,
        [orgId],
      );
      return rows;
    },
  };
}

/** The directory repository a request handler is given. */
export type FhirDirectoryRepository = ReturnType<typeof fhirDirectoryRepository>;
