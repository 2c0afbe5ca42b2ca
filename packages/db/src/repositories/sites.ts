import {
  AtscaleError,
  can,
  canAt,
  checkSite,
  forbidden,
  grantingRole,
  notFound,
  ORGANISATION_FORM_LABELS,
  policyFor,
  type Permission,
  type SiteService,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { organisationFormOn, loadOrganisationFormHistory } from './form-changes.js';
import { todayInEngland } from './organisation-today.js';
import { sqlState, UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION } from '../sql-errors.js';

/** A place where care is given: a practice's, or (practiceId null) the whole organisation's. */
export interface Site {
  readonly id: string;
  /** The practice the site belongs to; null for a site of the organisation itself. */
  readonly practiceId: string | null;
  readonly name: string;
  readonly addressLines: string[];
  readonly postcode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly cqcLocationId: string | null;
  readonly services: SiteService[];
  /** The practice's main site, where its address and phone number belong. */
  readonly isMain: boolean;
}

/** A site in the organisation's list, with whose it is. */
export interface SiteListing extends Site {
  readonly practiceOdsCode: string | null;
  readonly practiceName: string | null;
  /** When the site row last changed, an ISO instant (FHIR meta.lastUpdated). */
  readonly updatedAt: string;
}

/** A site's details as given to create or change it. */
export interface SiteFields {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly postcode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly cqcLocationId: string | null;
  readonly services: readonly string[];
}

/** A new site: whose it is, its details, and whether it becomes the practice's main site. */
export interface NewSite extends Partial<SiteFields> {
  readonly practiceId: string | null;
  readonly name: string;
  /** Make it the practice's main site; a practice's first site always is. */
  readonly isMain?: boolean | undefined;
}

/** A change to a site: only the fields given change; null clears an optional one. */
export type SitePatch = Partial<SiteFields> & { readonly isMain?: boolean | undefined };

/** The site columns as the API names them; `s` is the site table. */
export const SITE_COLUMNS = `s.id, s.practice_id as "practiceId", s.name,
  array_remove(array[s.address_line_1, s.address_line_2, s.address_line_3, s.address_line_4],
               null) as "addressLines",
  s.postcode, s.latitude::float8 as latitude, s.longitude::float8 as longitude,
  s.cqc_location_id as "cqcLocationId", s.services, s.is_main as "isMain"`;

/** The sites of one practice of an organisation, main site first, then by name. */
export async function practiceSites(
  q: Queryable,
  orgId: string,
  practiceId: string,
): Promise<Site[]> {
  const { rows } = await q.query<Site>(
    `select ${SITE_COLUMNS} from site s
      where s.org_id = $1 and s.practice_id = $2
      order by s.is_main desc, s.name, s.id`,
    [orgId, practiceId],
  );
  return rows;
}

// SQLSTATEs a write may still meet when two people change the same practice at once, or when
// another capability's rows (sessions, rooms) still point at a site.

/**
 * The organisation's sites for one caller. Anyone in the organisation may see them; a
 * practice's sites are changed with `practice:manage` at that practice, and the organisation's
 * own sites with `organisation:manage`, only where the form in force lets it own sites. Every
 * write is audited in its transaction.
 */
export function siteRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const requireRead = () => {
    // Every role sees its own organisation's sites, whichever practices it is held for.
    if (!can(principal, 'organisation:read')) throw forbidden('see this organisation');
  };

  /** The permission that changes a site of this owner, and the target to check it at. */
  const authority = (practiceId: string | null) => {
    const permission: Permission = practiceId === null ? 'organisation:manage' : 'practice:manage';
    return { permission, target: { orgId, practiceId } };
  };

  const requireManage = (practiceId: string | null, what: string) => {
    const { permission, target } = authority(practiceId);
    if (!canAt(principal, permission, target)) throw forbidden(what);
  };

  const audit = async (tx: Queryable, site: Site, action: string, reason: string | null) => {
    const { permission, target } = authority(site.practiceId);
    await writeAudit(tx, [
      {
        orgId,
        userId: principal.userId,
        role: grantingRole(principal, permission, target),
        action,
        entityType: 'site',
        entityId: site.id,
        patientId: null,
        reason,
        requestId,
      },
    ]);
  };

  const findSite = async (q: Queryable, siteId: string, lock = false): Promise<Site> => {
    const { rows } = await q.query<Site>(
      `select ${SITE_COLUMNS} from site s where s.org_id = $1 and s.id = $2${lock ? ' for update' : ''}`,
      [orgId, siteId],
    );
    const site = rows[0];
    if (!site) throw notFound('The site');
    return site;
  };

  /** Refuses a site of the organisation itself unless the form in force today allows one. */
  const requireFormAllowsOwnSites = async (q: Queryable) => {
    const { form } = organisationFormOn(
      await loadOrganisationFormHistory(q, orgId),
      todayInEngland(),
    );
    if (!policyFor(form).organisationOwnsSites) {
      throw new AtscaleError(
        'conflict',
        `A ${ORGANISATION_FORM_LABELS[form].toLowerCase()} has no sites of its own: every site belongs to a member practice`,
      );
    }
  };

  /** Locks the practice (so main-site changes queue up) and answers how many sites it has. */
  const lockPractice = async (q: Queryable, practiceId: string): Promise<number> => {
    const { rows } = await q.query<{ sites: number }>(
      `select (select count(*)::int from site where org_id = p.org_id and practice_id = p.id) as sites
         from practice p where p.org_id = $1 and p.id = $2 for update`,
      [orgId, practiceId],
    );
    const row = rows[0];
    if (!row) throw notFound('The practice');
    return row.sites;
  };

  const inTransaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction(fn);
    } catch (error) {
      const state = sqlState(error);
      if (state === UNIQUE_VIOLATION) {
        throw new AtscaleError(
          'conflict',
          'Someone else changed this practice’s sites at the same time: try again',
        );
      }
      if (state === FOREIGN_KEY_VIOLATION) {
        throw new AtscaleError(
          'conflict',
          'The site is still in use (by rotas, rooms or bookings), so it cannot be removed',
        );
      }
      throw error;
    }
  };

  const checked = (fields: SiteFields, isMain: boolean | undefined, practiceId: string | null) => {
    if (practiceId === null && isMain === true) {
      const message = 'Only a practice has a main site; this site belongs to the organisation';
      throw new AtscaleError('validation-failed', message, [{ field: '/isMain', message }]);
    }
    return checkSite(fields);
  };

  return {
    /** Every site of the organisation: its own first, then by practice and name. */
    async list(): Promise<SiteListing[]> {
      requireRead();
      const { rows } = await db.query<SiteListing>(
        `select ${SITE_COLUMNS}, p.ods_code as "practiceOdsCode", p.name as "practiceName",
                to_char(s.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                  as "updatedAt"
           from site s
           left join practice p on p.org_id = s.org_id and p.id = s.practice_id
          where s.org_id = $1
          order by p.name nulls first, s.is_main desc, s.name, s.id`,
        [orgId],
      );
      return rows;
    },

    /** One site of the organisation. */
    async get(siteId: string): Promise<Site> {
      requireRead();
      return findSite(db, siteId);
    },

    /**
     * Adds a site to a practice, or (practiceId null) to the organisation itself. A practice's
     * first site becomes its main site; a new main site takes over from the old one.
     */
    async create(input: NewSite): Promise<Site> {
      requireRead();
      if (input.practiceId !== null) {
        // Not found before forbidden: whether another organisation's practice exists is not
        // for this caller to learn.
        const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
          orgId,
          input.practiceId,
        ]);
        if (rows.length === 0) throw notFound('The practice');
      }
      requireManage(
        input.practiceId,
        input.practiceId === null ? 'add sites to the organisation' : 'add sites to this practice',
      );
      const site = checked(
        {
          name: input.name,
          addressLines: input.addressLines ?? [],
          postcode: input.postcode ?? null,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          cqcLocationId: input.cqcLocationId ?? null,
          services: input.services ?? [],
        },
        input.isMain,
        input.practiceId,
      );
      return inTransaction(async (tx) => {
        let isMain = false;
        if (input.practiceId === null) {
          await requireFormAllowsOwnSites(tx);
        } else {
          const existing = await lockPractice(tx, input.practiceId);
          isMain = existing === 0 || input.isMain === true;
          if (isMain && existing > 0) {
            await tx.query(
              'update site set is_main = false where org_id = $1 and practice_id = $2 and is_main',
              [orgId, input.practiceId],
            );
          }
        }
        const lines = site.addressLines;
        const { rows } = await tx.query<Site>(
          `insert into site as s (org_id, practice_id, name, address_line_1, address_line_2,
                                  address_line_3, address_line_4, postcode, latitude, longitude,
                                  cqc_location_id, services, is_main)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13)
           returning ${SITE_COLUMNS}`,
          [
            orgId,
            input.practiceId,
            site.name,
            lines[0] ?? null,
            lines[1] ?? null,
            lines[2] ?? null,
            lines[3] ?? null,
            site.postcode,
            site.latitude,
            site.longitude,
            site.cqcLocationId,
            site.services,
            isMain,
          ],
        );
        const created = rows[0];
        if (!created) throw new Error('site insert returned no row');
        await audit(tx, created, 'site.create', null);
        return created;
      });
    },

    /**
     * Changes a site's details. Making it the main site moves that role from the practice's
     * old main site; a main site stops being one only by another taking over (conflict).
     */
    async update(siteId: string, patch: SitePatch): Promise<Site> {
      requireRead();
      const before = await findSite(db, siteId);
      requireManage(before.practiceId, 'change this site');
      const changed = Object.keys(patch).filter(
        (key) => patch[key as keyof SitePatch] !== undefined,
      );
      const site = checked(
        {
          name: patch.name ?? before.name,
          addressLines: patch.addressLines ?? before.addressLines,
          postcode: patch.postcode === undefined ? before.postcode : patch.postcode,
          latitude: patch.latitude === undefined ? before.latitude : patch.latitude,
          longitude: patch.longitude === undefined ? before.longitude : patch.longitude,
          cqcLocationId:
            patch.cqcLocationId === undefined ? before.cqcLocationId : patch.cqcLocationId,
          services: patch.services ?? before.services,
        },
        patch.isMain,
        before.practiceId,
      );
      return inTransaction(async (tx) => {
        if (before.practiceId !== null) await lockPractice(tx, before.practiceId);
        const current = await findSite(tx, siteId, true);
        if (patch.isMain === false && current.isMain) {
          throw new AtscaleError(
            'conflict',
            `${current.name} is the practice’s main site: make another site the main site instead`,
          );
        }
        if (patch.isMain === true && !current.isMain && current.practiceId !== null) {
          await tx.query(
            'update site set is_main = false where org_id = $1 and practice_id = $2 and is_main',
            [orgId, current.practiceId],
          );
        }
        const lines = site.addressLines;
        const { rows } = await tx.query<Site>(
          `update site as s
              set name = $3, address_line_1 = $4, address_line_2 = $5, address_line_3 = $6,
                  address_line_4 = $7, postcode = $8, latitude = $9, longitude = $10,
                  cqc_location_id = $11, services = $12::text[], is_main = $13
            where s.org_id = $1 and s.id = $2
            returning ${SITE_COLUMNS}`,
          [
            orgId,
            siteId,
            site.name,
            lines[0] ?? null,
            lines[1] ?? null,
            lines[2] ?? null,
            lines[3] ?? null,
            site.postcode,
            site.latitude,
            site.longitude,
            site.cqcLocationId,
            site.services,
            patch.isMain ?? current.isMain,
          ],
        );
        const updated = rows[0];
        if (!updated) throw notFound('The site');
        await audit(tx, updated, 'site.update', `changed: ${changed.join(', ') || 'nothing'}`);
        return updated;
      });
    },

    /**
     * Removes a site. A practice's main site stays (conflict) until another site takes over,
     * so a practice that has sites always has a main one, and never loses its last site.
     */
    async remove(siteId: string): Promise<void> {
      requireRead();
      const before = await findSite(db, siteId);
      requireManage(before.practiceId, 'remove this site');
      await inTransaction(async (tx) => {
        const others =
          before.practiceId === null ? 0 : (await lockPractice(tx, before.practiceId)) - 1;
        const current = await findSite(tx, siteId, true);
        if (current.isMain) {
          throw new AtscaleError(
            'conflict',
            others === 0
              ? `${current.name} is the practice’s only site: a practice keeps at least one site, so change its details instead`
              : `${current.name} is the practice’s main site: make another site the main site first`,
          );
        }
        await tx.query('delete from site where org_id = $1 and id = $2', [orgId, siteId]);
        await audit(tx, current, 'site.delete', current.name);
      });
    },
  };
}
