import {
  AtscaleError,
  can,
  canAt,
  forbidden,
  grantingRole,
  MEMBER_STAGES,
  notFound,
  type FieldProblem,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION } from '../../sql-errors.js';

/** A site a hub works from. */
export interface HubSite {
  readonly siteId: string;
  readonly name: string;
  /** The practice whose site it is; null for the organisation's own. */
  readonly practiceId: string | null;
}

/** A practice sharing a hub, with its agreed daily in-house threshold. */
export interface HubPractice {
  readonly practiceId: string;
  readonly name: string;
  readonly odsCode: string;
  readonly dailyThreshold: number;
}

/** A hub: a service with its own sites, shared by a set of practices (ACC-4). */
export interface Hub {
  readonly id: string;
  readonly name: string;
  readonly releaseLeadMinutes: number;
  readonly sites: HubSite[];
  readonly practices: HubPractice[];
  /** When the hub row itself last changed, an ISO instant (FHIR meta.lastUpdated). */
  readonly updatedAt: string;
}

/** What a hub is made or replaced with. */
export interface HubInput {
  readonly name: string;
  readonly releaseLeadMinutes: number;
  readonly siteIds: readonly string[];
  readonly practices: readonly { readonly practiceId: string; readonly dailyThreshold: number }[];
}

const NAME_MAX = 100;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);

/** Every hub of an organisation, with its sites and practices, by name. */
export async function loadHubs(q: Queryable, orgId: string, hubId?: string): Promise<Hub[]> {
  const hubs = await q.query<{
    id: string;
    name: string;
    releaseLeadMinutes: number;
    updatedAt: string;
  }>(
    `select id, name, release_lead_minutes as "releaseLeadMinutes",
            to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
       from hub
      where org_id = $1 and ($2::uuid is null or id = $2::uuid) order by name, id`,
    [orgId, hubId ?? null],
  );
  const ids = hubs.rows.map((h) => h.id);
  const sites = await q.query<HubSite & { hubId: string }>(
    `select hs.hub_id as "hubId", s.id as "siteId", s.name, s.practice_id as "practiceId"
       from hub_site hs join site s on s.org_id = hs.org_id and s.id = hs.site_id
      where hs.org_id = $1 and hs.hub_id = any($2::uuid[]) order by s.name, s.id`,
    [orgId, ids],
  );
  const practices = await q.query<HubPractice & { hubId: string }>(
    `select hp.hub_id as "hubId", p.id as "practiceId", p.name, p.ods_code as "odsCode",
            hp.daily_threshold as "dailyThreshold"
       from hub_practice hp join practice p on p.org_id = hp.org_id and p.id = hp.practice_id
      where hp.org_id = $1 and hp.hub_id = any($2::uuid[]) order by p.name, p.id`,
    [orgId, ids],
  );
  return hubs.rows.map((h) => ({
    ...h,
    sites: sites.rows.filter((s) => s.hubId === h.id).map(({ hubId: _, ...s }) => s),
    practices: practices.rows.filter((p) => p.hubId === h.id).map(({ hubId: _, ...p }) => p),
  }));
}

/**
 * Hubs for one caller (ACC-4). Anyone in the organisation may see them (who shares a hub is no
 * secret); setting one up, changing or removing it needs `access:manage` across the
 * organisation, since a hub serves several practices. Every write is audited.
 */
export function hubRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const requireManage = () => {
    if (!canAt(principal, 'access:manage', { orgId })) throw forbidden('set up hubs');
  };
  const audit = (action: string, entityId: string, reason: string | null = null) => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'access:manage', { orgId }),
    action,
    entityType: 'hub',
    entityId,
    patientId: null,
    reason,
    requestId,
  });

  /** Checks the input against the organisation: sites it may use, member practices, once each. */
  const checked = async (tx: Queryable, input: HubInput): Promise<HubInput> => {
    const name = input.name.trim();
    if (name === '') throw invalid('/name', 'Enter the hub’s name');
    if (name.length > NAME_MAX) throw invalid('/name', `A name is at most ${NAME_MAX} characters`);
    if (
      !Number.isInteger(input.releaseLeadMinutes) ||
      input.releaseLeadMinutes < 0 ||
      input.releaseLeadMinutes > 10_080
    ) {
      throw invalid('/releaseLeadMinutes', 'Give the release lead time in minutes, 0 to 10080');
    }
    const problems: FieldProblem[] = [];
    const siteIds = [...new Set(input.siteIds)];
    if (siteIds.length !== input.siteIds.length) {
      problems.push({ field: '/siteIds', message: 'Name each site once' });
    }
    const { rows: sites } = await tx.query<{ id: string }>(
      `select s.id from site s
         left join membership m on m.org_id = s.org_id and m.practice_id = s.practice_id
        where s.org_id = $1 and s.id = any($2::uuid[])
          and (s.practice_id is null or m.stage is null or m.stage = any($3::text[]))`,
      [orgId, siteIds, MEMBER_STAGES],
    );
    const allowedSites = new Set(sites.map((s) => s.id));
    input.siteIds.forEach((id, i) => {
      if (!allowedSites.has(id)) {
        problems.push({
          field: `/siteIds/${i}`,
          message: 'is not a site of the organisation or of a member practice',
        });
      }
    });
    const practiceIds = input.practices.map((p) => p.practiceId);
    if (new Set(practiceIds).size !== practiceIds.length) {
      problems.push({ field: '/practices', message: 'Name each practice once' });
    }
    const { rows: practices } = await tx.query<{ id: string }>(
      `select p.id from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and p.id = any($2::uuid[])
          and (m.stage is null or m.stage = any($3::text[]))`,
      [orgId, practiceIds, MEMBER_STAGES],
    );
    const members = new Set(practices.map((p) => p.id));
    input.practices.forEach((p, i) => {
      if (!members.has(p.practiceId)) {
        problems.push({
          field: `/practices/${i}/practiceId`,
          message: 'is not a member practice of the organisation',
        });
      }
      if (!Number.isInteger(p.dailyThreshold) || p.dailyThreshold < 0) {
        problems.push({
          field: `/practices/${i}/dailyThreshold`,
          message: 'Give a whole number of appointments a day, 0 or more',
        });
      }
    });
    const first = problems[0];
    if (first) {
      throw new AtscaleError('validation-failed', `${first.field}: ${first.message}`, problems);
    }
    return { ...input, name, siteIds };
  };

  const saveMembers = async (tx: Queryable, hubId: string, input: HubInput) => {
    await tx.query('delete from hub_site where org_id = $1 and hub_id = $2', [orgId, hubId]);
    await tx.query('delete from hub_practice where org_id = $1 and hub_id = $2', [orgId, hubId]);
    await tx.query(
      `insert into hub_site (org_id, hub_id, site_id)
       select $1, $2, s from unnest($3::uuid[]) as s`,
      [orgId, hubId, input.siteIds],
    );
    await tx.query(
      `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
       select $1, $2, p.practice_id, p.daily_threshold
         from unnest($3::uuid[], $4::int[]) as p(practice_id, daily_threshold)`,
      [
        orgId,
        hubId,
        input.practices.map((p) => p.practiceId),
        input.practices.map((p) => p.dailyThreshold),
      ],
    );
  };

  const nameTaken = (error: unknown) =>
    (error as { code?: string }).code === UNIQUE_VIOLATION
      ? new AtscaleError('conflict', 'Another hub already has this name', [
          { field: '/name', message: 'is already used by another hub' },
        ])
      : error;

  const one = async (q: Queryable, hubId: string): Promise<Hub> => {
    const [hub] = await loadHubs(q, orgId, hubId);
    if (!hub) throw notFound('The hub');
    return hub;
  };

  return {
    /** Every hub of the organisation, by name. */
    async list(): Promise<Hub[]> {
      if (!can(principal, 'organisation:read')) throw forbidden('see hubs');
      return loadHubs(db, orgId);
    },

    /** One hub. */
    async get(hubId: string): Promise<Hub> {
      if (!can(principal, 'organisation:read')) throw forbidden('see hubs');
      return one(db, hubId);
    },

    /** Sets up a hub with its sites and practices. */
    async create(input: HubInput): Promise<Hub> {
      requireManage();
      return db
        .transaction(async (tx) => {
          const hub = await checked(tx, input);
          const { rows } = await tx.query<{ id: string }>(
            `insert into hub (org_id, name, release_lead_minutes) values ($1, $2, $3) returning id`,
            [orgId, hub.name, hub.releaseLeadMinutes],
          );
          const id = rows[0]?.id ?? '';
          await saveMembers(tx, id, hub);
          await writeAudit(tx, [audit('hub.create', id)]);
          return one(tx, id);
        })
        .catch((error: unknown) => {
          throw nameTaken(error);
        });
    },

    /** Replaces a hub's name, lead time, sites and practices. */
    async update(hubId: string, input: HubInput): Promise<Hub> {
      requireManage();
      return db
        .transaction(async (tx) => {
          const { rows: found } = await tx.query(
            'select id from hub where org_id = $1 and id = $2 for update',
            [orgId, hubId],
          );
          if (found.length === 0) throw notFound('The hub');
          const hub = await checked(tx, input);
          await tx.query(
            'update hub set name = $3, release_lead_minutes = $4 where org_id = $1 and id = $2',
            [orgId, hubId, hub.name, hub.releaseLeadMinutes],
          );
          await saveMembers(tx, hubId, hub);
          await writeAudit(tx, [audit('hub.update', hubId)]);
          return one(tx, hubId);
        })
        .catch((error: unknown) => {
          throw nameTaken(error);
        });
    },

    /** Removes a hub that has no sessions or slots yet; one in use is a conflict. */
    async remove(hubId: string): Promise<void> {
      requireManage();
      await db
        .transaction(async (tx) => {
          const { rows: found } = await tx.query(
            'delete from hub where org_id = $1 and id = $2 returning id',
            [orgId, hubId],
          );
          if (found.length === 0) throw notFound('The hub');
          await writeAudit(tx, [audit('hub.delete', hubId)]);
        })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
            throw new AtscaleError(
              'conflict',
              'The hub has sessions or slots: it cannot be removed, but its practices can be changed',
            );
          }
          throw error;
        });
    },
  };
}

/** The hub repository a request handler is given. */
export type HubRepository = ReturnType<typeof hubRepository>;
