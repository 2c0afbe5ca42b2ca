import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  canAt,
  deploymentSessions,
  forbidden,
  grantingRole,
  isIsoDate,
  MAX_CRISIS_DAYS,
  notFound,
  resilienceReach,
  type IsoDate,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { todayInEngland } from './organisation-today.js';
import { sqlState, UNIQUE_VIOLATION, EXCLUSION_VIOLATION } from '../sql-errors.js';

/** A member of the resilience team: central staff sent to practices in crisis. */
export interface ResilienceTeamMember {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
}

/** A practice in crisis, with who has been deployed to it. */
export interface Crisis {
  readonly id: string;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly reason: string;
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
  /** Who declared it (their display name), when known. */
  readonly declaredBy: string | null;
  readonly deployed: ResilienceTeamMember[];
  /** Sessions the resilience team works at the practice during the crisis. */
  readonly sessions: number;
}

/** A crisis as declared. */
export interface NewCrisis {
  readonly practiceId: string;
  readonly reason: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** The crises and the team, as the crisis list shows them. */
export interface CrisisList {
  readonly crises: Crisis[];
  readonly team: ResilienceTeamMember[];
}

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', message, [{ field, message }]);

const CRISIS_COLUMNS = `c.id, c.practice_id as "practiceId", p.name as "practiceName", c.reason,
  c.starts_on as "startsOn", c.ends_on as "endsOn", u.display_name as "declaredBy",
  coalesce((select json_agg(json_build_object('id', st.id, 'name', st.full_name,
                                              'role', st.staff_role) order by st.full_name)
              from crisis_deployment d
              join staff_member st on st.org_id = d.org_id and st.id = d.staff_id
             where d.org_id = c.org_id and d.crisis_id = c.id), '[]'::json) as deployed,
  (select count(*)::int from session_assignment sa
     join rota_session rs on rs.org_id = sa.org_id and rs.id = sa.session_id
     join site s on s.org_id = rs.org_id and s.id = rs.site_id
    where sa.org_id = c.org_id and sa.source = 'resilience' and s.practice_id = c.practice_id
      and sa.staff_id in (select staff_id from crisis_deployment
                           where org_id = c.org_id and crisis_id = c.id)
      and rs.starts_at >= c.starts_on - 1 and rs.starts_at < c.ends_on + 1) as sessions`;

const CRISIS_FROM = `from crisis c
  join practice p on p.org_id = c.org_id and p.id = c.practice_id
  left join app_user u on u.org_id = c.org_id and u.id = c.declared_by`;

/**
 * Crises at practices and the resilience team deployed to them. Declaring, deploying and ending
 * need `crisis:manage` at the crisis's practice (central workforce and operations anywhere, a
 * practice manager at their own); each is one transaction with its audit row. Deploying puts
 * the team member on the practice's rota: a morning and an afternoon session at its main site
 * on each weekday of the crisis still to come, assigned with source 'resilience'.
 */
export function crisisRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const audit = async (tx: Queryable, crisis: Crisis, action: string, reason: string) => {
    await writeAudit(tx, [
      {
        orgId,
        userId: principal.userId,
        role: grantingRole(principal, 'crisis:manage', { orgId, practiceId: crisis.practiceId }),
        action,
        entityType: 'crisis',
        entityId: crisis.id,
        patientId: null,
        reason,
        requestId,
      },
    ]);
  };

  const find = async (q: Queryable, crisisId: string): Promise<Crisis> => {
    const { rows } = await q.query<Crisis>(
      `select ${CRISIS_COLUMNS} ${CRISIS_FROM} where c.org_id = $1 and c.id = $2`,
      [orgId, crisisId],
    );
    const crisis = rows[0];
    if (!crisis) throw notFound('The crisis');
    return crisis;
  };

  /** The crisis, if the caller may manage it: not found before forbidden. */
  const managed = async (crisisId: string, what: string): Promise<Crisis> => {
    const crisis = await find(db, crisisId);
    if (!canAt(principal, 'crisis:manage', { orgId, practiceId: crisis.practiceId })) {
      throw forbidden(what);
    }
    return crisis;
  };

  const inTransaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction(fn);
    } catch (error) {
      const state = sqlState(error);
      if (state === EXCLUSION_VIOLATION) {
        throw new AtscaleError(
          'conflict',
          'Someone on the team was rostered elsewhere at the same time while this was saved: try again to see where',
        );
      }
      if (state === UNIQUE_VIOLATION) {
        throw new AtscaleError('conflict', 'Someone else changed this crisis at the same time');
      }
      throw error;
    }
  };

  return {
    /** The crises the caller may see (newest first) and the resilience team. */
    async list(): Promise<CrisisList> {
      const reach = resilienceReach(principal);
      if (reach.kind === 'none') throw forbidden('see crises');
      const practiceIds = reach.kind === 'organisation' ? null : reach.practiceIds;
      const crises = await db.query<Crisis>(
        `select ${CRISIS_COLUMNS} ${CRISIS_FROM}
          where c.org_id = $1 and ($2::uuid[] is null or c.practice_id = any($2::uuid[]))
          order by c.starts_on desc, c.created_at desc, c.id`,
        [orgId, practiceIds],
      );
      const team = await db.query<ResilienceTeamMember>(
        `select st.id, st.full_name as name, st.staff_role as role from staff_member st
          where st.org_id = $1 and st.resilience_team and (st.left_on is null or st.left_on > $2)
          order by st.full_name, st.id`,
        [orgId, todayInEngland()],
      );
      return { crises: crises.rows, team: team.rows };
    },

    /** Declares a practice in crisis for a period, from today or later. Audited. */
    async declare(input: NewCrisis): Promise<Crisis> {
      const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
        orgId,
        input.practiceId,
      ]);
      if (rows.length === 0) throw notFound('The practice');
      if (!canAt(principal, 'crisis:manage', { orgId, practiceId: input.practiceId })) {
        throw forbidden('declare a crisis at this practice');
      }
      const reason = input.reason.trim();
      if (reason === '') throw invalid('/reason', 'Say what the crisis is');
      if (!isIsoDate(input.startsOn)) {
        throw invalid('/startsOn', `${input.startsOn} is not a date written YYYY-MM-DD`);
      }
      if (!isIsoDate(input.endsOn)) {
        throw invalid('/endsOn', `${input.endsOn} is not a date written YYYY-MM-DD`);
      }
      if (input.endsOn < input.startsOn) {
        throw invalid('/endsOn', 'A crisis cannot end before it starts');
      }
      if (input.endsOn < todayInEngland()) {
        throw invalid('/endsOn', 'The crisis would already be over: it must end today or later');
      }
      const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / 86_400_000 + 1;
      if (days > MAX_CRISIS_DAYS) {
        throw invalid(
          '/endsOn',
          `A crisis is declared for at most ${String(MAX_CRISIS_DAYS)} days; declare another after it`,
        );
      }
      return inTransaction(async (tx) => {
        const created = await tx.query<{ id: string }>(
          `insert into crisis (org_id, practice_id, reason, starts_on, ends_on, declared_by)
           values ($1, $2, $3, $4, $5, $6) returning id`,
          [orgId, input.practiceId, reason, input.startsOn, input.endsOn, principal.userId],
        );
        const crisis = await find(tx, created.rows[0]?.id ?? '');
        await audit(tx, crisis, 'crisis.declare', reason);
        return crisis;
      });
    },

    /**
     * Deploys members of the resilience team to a crisis: each is put on the practice's rota at
     * its main site for the weekday mornings and afternoons from today (or the crisis's start)
     * to its end. Someone already rostered elsewhere then is refused (409, naming where).
     */
    async deploy(crisisId: string, staffIds: readonly string[]): Promise<Crisis> {
      const crisis = await managed(crisisId, 'deploy the resilience team to this crisis');
      const today = todayInEngland();
      if (crisis.endsOn < today) {
        throw new AtscaleError('conflict', `The crisis ended on ${crisis.endsOn}`);
      }
      const team = await db.query<ResilienceTeamMember & { ok: boolean }>(
        `select st.id, st.full_name as name, st.staff_role as role,
                st.resilience_team and (st.left_on is null or st.left_on > $3) as ok
           from staff_member st where st.org_id = $1 and st.id = any($2::uuid[])`,
        [orgId, staffIds, today],
      );
      const people = staffIds.map((id, index) => {
        const person = team.rows.find((row) => row.id === id);
        if (!person?.ok) {
          throw invalid(
            `/staffIds/${String(index)}`,
            person
              ? `${person.name} is not on the resilience team`
              : 'There is no such member of staff',
          );
        }
        return person;
      });
      if (new Set(staffIds).size !== staffIds.length) {
        throw invalid('/staffIds', 'Name each member of the team once');
      }
      const already = crisis.deployed.filter((d) => staffIds.includes(d.id));
      if (already.length > 0) {
        throw new AtscaleError(
          'conflict',
          `${already.map((d) => d.name).join(' and ')} is already deployed to this crisis`,
        );
      }
      const from = crisis.startsOn > today ? crisis.startsOn : today;
      const planned = deploymentSessions(from, crisis.endsOn);
      return inTransaction(async (tx) => {
        const site = await tx.query<{ id: string }>(
          `select id from site where org_id = $1 and practice_id = $2 and is_main`,
          [orgId, crisis.practiceId],
        );
        const siteId = site.rows[0]?.id;
        if (!siteId) {
          throw new AtscaleError(
            'conflict',
            `${crisis.practiceName} has no main site to put the team’s sessions on`,
          );
        }
        const clash = await tx.query<{ name: string; site: string; at: string; period: string }>(
          `select st.full_name as name, s.name as site,
                  to_char(rs.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at,
                  rs.period
             from session_assignment sa
             join staff_member st on st.org_id = sa.org_id and st.id = sa.staff_id
             join rota_session rs on rs.org_id = sa.org_id and rs.id = sa.session_id
             join site s on s.org_id = rs.org_id and s.id = rs.site_id
            where sa.org_id = $1 and sa.staff_id = any($2::uuid[])
              and exists (select 1 from unnest($3::timestamptz[], $4::timestamptz[]) w(a, b)
                           where sa.during && tstzrange(w.a, w.b))
            order by rs.starts_at, st.full_name limit 1`,
          [orgId, staffIds, planned.map((p) => p.startsAt), planned.map((p) => p.endsAt)],
        );
        const first = clash.rows[0];
        if (first) {
          throw new AtscaleError(
            'conflict',
            `${first.name} is already rostered at ${first.site} at ${first.at} (${first.period}), during the crisis: take them off that session first`,
          );
        }
        await tx.query(
          `insert into crisis_deployment (org_id, crisis_id, staff_id)
           select $1, $2, unnest($3::uuid[])`,
          [orgId, crisisId, staffIds],
        );
        const rows = people.flatMap((person) =>
          planned.map((p) => ({ id: randomUUID(), person, p })),
        );
        if (rows.length > 0) {
          await tx.query(
            `insert into rota_session (id, org_id, site_id, starts_at, ends_at, period,
                                       required_role, staff_needed, urgency)
             select u.id, $1, $2, u.starts_at, u.ends_at, u.period, u.role, 1, 5
               from unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                           $7::text[]) as u(id, starts_at, ends_at, period, role)`,
            [
              orgId,
              siteId,
              rows.map((r) => r.id),
              rows.map((r) => r.p.startsAt),
              rows.map((r) => r.p.endsAt),
              rows.map((r) => r.p.period),
              rows.map((r) => r.person.role),
            ],
          );
          await tx.query(
            `insert into session_assignment (org_id, session_id, staff_id, source, assigned_by)
             select $1, u.session_id, u.staff_id, 'resilience', $4
               from unnest($2::uuid[], $3::uuid[]) as u(session_id, staff_id)`,
            [orgId, rows.map((r) => r.id), rows.map((r) => r.person.id), principal.userId],
          );
        }
        const updated = await find(tx, crisisId);
        await audit(
          tx,
          updated,
          'crisis.deploy',
          `${people.map((p) => p.name).join(', ')}: ${String(planned.length)} sessions each from ${from} to ${crisis.endsOn}`,
        );
        return updated;
      });
    },

    /**
     * Ends a crisis early, on `on` (today unless given): the team's sessions after that day are
     * taken off the practice's rota. Audited.
     */
    async end(crisisId: string, on?: string): Promise<Crisis> {
      const crisis = await managed(crisisId, 'end this crisis');
      const day = on ?? todayInEngland();
      if (!isIsoDate(day)) throw invalid('/on', `${day} is not a date written YYYY-MM-DD`);
      if (day < crisis.startsOn) {
        throw invalid('/on', `The crisis starts on ${crisis.startsOn}: it cannot end before then`);
      }
      if (day >= crisis.endsOn) {
        throw new AtscaleError('conflict', `The crisis already ends on ${crisis.endsOn}`);
      }
      const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      const dropped = deploymentSessions(dayAfter, crisis.endsOn).map((p) => p.startsAt);
      return inTransaction(async (tx) => {
        await tx.query(
          `delete from rota_session rs
            using site s
            where rs.org_id = $1 and s.org_id = rs.org_id and s.id = rs.site_id
              and s.practice_id = $2 and rs.starts_at = any($3::timestamptz[])
              and rs.id in (select sa.session_id from session_assignment sa
                             where sa.org_id = $1 and sa.source = 'resilience'
                               and sa.staff_id in (select staff_id from crisis_deployment
                                                    where org_id = $1 and crisis_id = $4))`,
          [orgId, crisis.practiceId, dropped, crisisId],
        );
        await tx.query('update crisis set ends_on = $3 where org_id = $1 and id = $2', [
          orgId,
          crisisId,
          day,
        ]);
        const updated = await find(tx, crisisId);
        await audit(tx, updated, 'crisis.end', `ended early on ${day}, not ${crisis.endsOn}`);
        return updated;
      });
    },
  };
}
