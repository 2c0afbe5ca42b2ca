import {
  AtscaleError,
  assignmentProblems,
  canAt,
  costPoolFill,
  forbidden,
  grantingRole,
  greedyFill,
  isIsoDate,
  nextDate,
  notFound,
  optimisePool,
  sessionGaps,
  sessionPeriod,
  startOfDayInEngland,
  dateInEngland,
  type Absence,
  type PoolAssignment,
  type PoolAvailability,
  type PoolFill,
  type PoolKind,
  type PoolMember,
  type PoolProblem,
  type RotaSession,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { sqlState, UNIQUE_VIOLATION, EXCLUSION_VIOLATION } from '../sql-errors.js';

/** A pool member as the central workforce team sees them. */
export interface PoolMemberView {
  readonly staffId: string;
  readonly fullName: string;
  readonly role: StaffRole;
  readonly skills: readonly string[];
  readonly pool: PoolKind;
  readonly maxSessionsPerWeek: number;
  readonly pencePerSession: number;
  readonly joinedOn: string;
}

/** Someone joining a pool. */
export interface NewPoolMember {
  readonly staffId: string;
  readonly pool: PoolKind;
  readonly maxSessionsPerWeek: number;
  readonly pencePerSession: number;
  readonly joinedOn: string;
}

/** The optimiser's answer for a week, not yet applied, beside greedy first-fit's. */
export interface PoolProposal {
  readonly weekStart: string;
  readonly externalLocumPencePerSession: number;
  readonly gaps: number;
  readonly proposed: PoolFill;
  readonly firstFit: PoolFill;
}

/** A gap offered to one pool member. */
export interface SessionOfferView {
  readonly id: string;
  readonly sessionId: string;
  readonly staffId: string;
  readonly status: 'offered' | 'accepted' | 'declined' | 'withdrawn';
  readonly offeredAt: string;
  readonly respondedAt: string | null;
}

/** An offer made to the signed-in pool member, with where and when the session is. */
export interface MyOfferView extends SessionOfferView {
  readonly siteName: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly requiredRole: StaffRole;
}

const DEFAULT_EXTERNAL_LOCUM_PENCE = 90_000;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

const iso = (value: Date | string) => new Date(value).toISOString();
const isoDate = (value: Date | string) =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

interface SessionRow {
  id: string;
  siteId: string;
  startsAt: Date | string;
  endsAt: Date | string;
  requiredRole: StaffRole;
  requiredSkills: string[];
  staffNeeded: number;
  urgency: number;
  unpopular: boolean;
}

const SESSION_COLUMNS = `s.id, s.site_id as "siteId", s.starts_at as "startsAt",
  s.ends_at as "endsAt", s.required_role as "requiredRole", s.required_skills as "requiredSkills",
  s.staff_needed as "staffNeeded", s.urgency, s.unpopular`;

const toSession = (row: SessionRow): RotaSession => ({
  ...row,
  startsAt: iso(row.startsAt),
  endsAt: iso(row.endsAt),
});

/**
 * The week's pool problem read from the database (inside the caller's transaction when given
 * one): the gaps of every session of the organisation in the week (the rota's own gap rule,
 * `sessionGaps`), the pool members still in a pool with their availability and the sessions
 * they already work, every site's position and the external locum rate.
 */
async function loadProblem(
  q: Queryable,
  orgId: string,
  weekStart: string,
  externalRate: number | undefined,
): Promise<PoolProblem> {
  const weekEnd = nextDate(weekStart, 6);
  const from = startOfDayInEngland(weekStart);
  const to = startOfDayInEngland(nextDate(weekStart, 7));
  const { rows: sessionRows } = await q.query<SessionRow>(
    `select ${SESSION_COLUMNS} from rota_session s
      where s.org_id = $1 and s.starts_at >= $2 and s.starts_at < $3 order by s.starts_at, s.id`,
    [orgId, from, to],
  );
  const sessions = sessionRows.map(toSession);
  const { rows: assignments } = await q.query<{ sessionId: string; staffId: string }>(
    `select a.session_id as "sessionId", a.staff_id as "staffId"
       from session_assignment a join rota_session s on s.id = a.session_id
      where a.org_id = $1 and s.starts_at >= $2 and s.starts_at < $3`,
    [orgId, from, to],
  );
  const { rows: absenceRows } = await q.query<{
    staffId: string;
    startsOn: Date | string;
    endsOn: Date | string;
  }>(
    `select staff_id as "staffId", starts_on as "startsOn", ends_on as "endsOn" from absence
      where org_id = $1 and ends_on >= $2 and starts_on <= $3`,
    [orgId, weekStart, weekEnd],
  );
  const absences: Absence[] = absenceRows.map((a) => ({
    staffId: a.staffId,
    startsOn: isoDate(a.startsOn),
    endsOn: isoDate(a.endsOn),
  }));
  const gaps = sessionGaps(sessions, assignments, absences).map((g) => ({
    session: g.session,
    missing: g.missing,
  }));
  const { rows: siteRows } = await q.query<{
    id: string;
    latitude: string | number | null;
    longitude: string | number | null;
    practiceId: string | null;
    isMain: boolean;
  }>(
    `select id, latitude, longitude, practice_id as "practiceId", is_main as "isMain"
       from site where org_id = $1 order by is_main desc, id`,
    [orgId],
  );
  const sites = siteRows.map((s) => ({
    id: s.id,
    latitude: s.latitude === null ? null : Number(s.latitude),
    longitude: s.longitude === null ? null : Number(s.longitude),
  }));
  const { rows: memberRows } = await q.query<{
    staffId: string;
    pool: PoolKind;
    role: StaffRole;
    skills: string[];
    maxSessionsPerWeek: number;
    pencePerSession: number;
    homePracticeId: string | null;
  }>(
    `select pm.staff_id as "staffId", pm.pool, sm.staff_role as role, sm.skills,
            pm.max_sessions_per_week as "maxSessionsPerWeek",
            pm.pence_per_session as "pencePerSession", sm.home_practice_id as "homePracticeId"
       from pool_member pm join staff_member sm on sm.org_id = pm.org_id and sm.id = pm.staff_id
      where pm.org_id = $1 and pm.joined_on <= $3 and (pm.left_on is null or pm.left_on > $2)
      order by pm.staff_id`,
    [orgId, weekStart, weekEnd],
  );
  const ids = memberRows.map((m) => m.staffId);
  const { rows: availabilityRows } = await q.query<{
    staffId: string;
    date: Date | string;
    period: PoolAvailability['period'];
  }>(
    `select staff_id as "staffId", available_on as date, period from pool_availability
      where org_id = $1 and staff_id = any($2::uuid[]) and available_on between $3 and $4`,
    [orgId, ids, weekStart, weekEnd],
  );
  const { rows: rosteredRows } = await q.query<SessionRow & { staffId: string }>(
    `select a.staff_id as "staffId", ${SESSION_COLUMNS}
       from session_assignment a join rota_session s on s.id = a.session_id
      where a.org_id = $1 and a.staff_id = any($2::uuid[]) and s.starts_at >= $3 and s.starts_at < $4`,
    // A day either side, for the travel time to and from the week's first and last sessions.
    [
      orgId,
      ids,
      startOfDayInEngland(nextDate(weekStart, -1)),
      startOfDayInEngland(nextDate(weekStart, 8)),
    ],
  );
  const fallbackSite = siteRows[0]?.id ?? '';
  const members: PoolMember[] = memberRows.map((m) => {
    const rostered = rosteredRows.filter((r) => r.staffId === m.staffId).map(toSession);
    const inWeek = rostered.filter((r) => r.startsAt >= from && r.startsAt < to).length;
    return {
      id: m.staffId,
      pool: m.pool,
      role: m.role,
      skills: m.skills,
      availability: availabilityRows
        .filter((a) => a.staffId === m.staffId)
        .map((a) => ({ date: isoDate(a.date), period: a.period })),
      // Sessions just outside the week count for travel but not for the weekly maximum.
      maxSessionsPerWeek: m.maxSessionsPerWeek + (rostered.length - inWeek),
      pencePerSession: m.pencePerSession,
      homeSiteId:
        siteRows.find((s) => s.practiceId === m.homePracticeId && s.isMain)?.id ??
        siteRows.find((s) => s.practiceId === m.homePracticeId)?.id ??
        fallbackSite,
      rostered,
    };
  });
  let external = externalRate;
  if (external === undefined) {
    const { rows } = await q.query<{ pence: number }>(
      `select external_locum_pence_per_session as pence from organisation_settings where org_id = $1`,
      [orgId],
    );
    external = rows[0]?.pence ?? DEFAULT_EXTERNAL_LOCUM_PENCE;
  }
  return { gaps, members, sites, externalLocumPencePerSession: external };
}

/**
 * The internal locum and salaried pools (WF-3) for one caller. The central workforce team
 * (`pool:manage`, organisation-wide) keeps the members and their availability, asks the
 * optimiser for a week's proposal, applies it, and offers gaps by hand; a pool member answers
 * their own offers (their staff record's sign-in is the caller). Every write is audited.
 */
export function poolRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const requireManage = (what: string) => {
    if (!canAt(principal, 'pool:manage', { orgId, practiceId: null })) throw forbidden(what);
  };

  const checkWeek = (weekStart: string) => {
    if (!isIsoDate(weekStart)) throw invalid('/weekStart', 'must be a date, YYYY-MM-DD');
  };

  const checkRate = (rate: number | undefined) => {
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 0)) {
      throw invalid('/externalLocumPencePerSession', 'must be a whole number of pence, 0 or more');
    }
  };

  const audit = async (
    tx: Queryable,
    action: string,
    entityType: string,
    entityIds: readonly string[],
    reason: string | null,
  ) => {
    const role = grantingRole(principal, 'pool:manage', { orgId, practiceId: null });
    await writeAudit(
      tx,
      entityIds.map((entityId) => ({
        orgId,
        userId: principal.userId,
        role,
        action,
        entityType,
        entityId,
        patientId: null,
        reason,
        requestId,
      })),
    );
  };

  const conflictOnOverlap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (sqlState(error) === EXCLUSION_VIOLATION) {
        throw new AtscaleError('conflict', 'Someone would be rostered in two places at once');
      }
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new AtscaleError('conflict', 'That is already offered or rostered');
      }
      throw error;
    }
  };

  const offerColumns = `o.id, o.session_id as "sessionId", o.staff_id as "staffId", o.status,
    o.offered_at as "offeredAt", o.responded_at as "respondedAt"`;
  const toOffer = (row: {
    id: string;
    sessionId: string;
    staffId: string;
    status: SessionOfferView['status'];
    offeredAt: Date | string;
    respondedAt: Date | string | null;
  }): SessionOfferView => ({
    ...row,
    offeredAt: iso(row.offeredAt),
    respondedAt: row.respondedAt === null ? null : iso(row.respondedAt),
  });

  return {
    /** The members of both pools. */
    async members(): Promise<PoolMemberView[]> {
      requireManage('see the pools');
      const { rows } = await db.query<PoolMemberView & { joinedOn: Date | string }>(
        `select pm.staff_id as "staffId", sm.full_name as "fullName", sm.staff_role as role,
                sm.skills, pm.pool, pm.max_sessions_per_week as "maxSessionsPerWeek",
                pm.pence_per_session as "pencePerSession", pm.joined_on as "joinedOn"
           from pool_member pm join staff_member sm on sm.org_id = pm.org_id and sm.id = pm.staff_id
          where pm.org_id = $1 order by sm.full_name, pm.staff_id`,
        [orgId],
      );
      return rows.map((r) => ({ ...r, joinedOn: isoDate(r.joinedOn) }));
    },

    /** Puts a member of staff of the organisation into a pool. */
    async addMember(input: NewPoolMember): Promise<void> {
      requireManage('change the pools');
      if (!isIsoDate(input.joinedOn)) throw invalid('/joinedOn', 'must be a date, YYYY-MM-DD');
      const { rows } = await db.query(`select 1 from staff_member where org_id = $1 and id = $2`, [
        orgId,
        input.staffId,
      ]);
      if (rows.length === 0) throw notFound('The member of staff');
      await conflictOnOverlap(() =>
        db.transaction(async (tx) => {
          await tx.query(
            `insert into pool_member (org_id, staff_id, pool, max_sessions_per_week, pence_per_session, joined_on)
             values ($1, $2, $3, $4, $5, $6)`,
            [
              orgId,
              input.staffId,
              input.pool,
              input.maxSessionsPerWeek,
              input.pencePerSession,
              input.joinedOn,
            ],
          );
          await audit(tx, 'pool-member.create', 'staff_member', [input.staffId], input.pool);
        }),
      );
    },

    /** Adds dates and parts of days on which a pool member can work. */
    async addAvailability(staffId: string, slots: readonly PoolAvailability[]): Promise<void> {
      requireManage('change the pools');
      slots.forEach((slot, i) => {
        if (!isIsoDate(slot.date)) throw invalid(`/slots/${String(i)}/date`, 'must be a date');
      });
      const { rows } = await db.query(
        `select 1 from pool_member where org_id = $1 and staff_id = $2`,
        [orgId, staffId],
      );
      if (rows.length === 0) throw notFound('The pool member');
      if (slots.length === 0) return;
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into pool_availability (org_id, staff_id, available_on, period)
           select $1, $2, d, p from unnest($3::date[], $4::text[]) as t(d, p)
           on conflict do nothing`,
          [orgId, staffId, slots.map((s) => s.date), slots.map((s) => s.period)],
        );
        await audit(tx, 'pool-availability.create', 'staff_member', [staffId], null);
      });
    },

    /**
     * The optimiser's assignment of the pool to the week's gaps (Monday or any start day, seven
     * days), beside greedy first-fit's, without writing anything.
     */
    async propose(weekStart: string, externalRate?: number): Promise<PoolProposal> {
      requireManage('fill gaps from the pools');
      checkWeek(weekStart);
      checkRate(externalRate);
      const problem = await loadProblem(db, orgId, weekStart, externalRate);
      return {
        weekStart,
        externalLocumPencePerSession: problem.externalLocumPencePerSession,
        gaps: problem.gaps.length,
        proposed: await optimisePool(problem),
        firstFit: greedyFill(problem),
      };
    },

    /**
     * Applies a proposal in one transaction: with the people's rows locked, re-reads the week
     * and refuses (409) if any pairing now breaks a rule, else rosters each person (source
     * 'pool'), records each as an accepted offer, and audits it.
     */
    async apply(
      weekStart: string,
      assignments: readonly PoolAssignment[],
      externalRate?: number,
    ): Promise<PoolFill> {
      requireManage('fill gaps from the pools');
      checkWeek(weekStart);
      checkRate(externalRate);
      if (assignments.length === 0) throw invalid('/assignments', 'must not be empty');
      // Sessions and people of another organisation are unknown here, not merely unfit.
      const { rows: known } = await db.query<{ sessions: number; people: number }>(
        `select (select count(*)::int from rota_session where org_id = $1 and id = any($2::uuid[])) as sessions,
                (select count(*)::int from pool_member where org_id = $1 and staff_id = any($3::uuid[])) as people`,
        [
          orgId,
          [...new Set(assignments.map((a) => a.sessionId))],
          [...new Set(assignments.map((a) => a.staffId))],
        ],
      );
      if (
        known[0]?.sessions !== new Set(assignments.map((a) => a.sessionId)).size ||
        known[0].people !== new Set(assignments.map((a) => a.staffId)).size
      ) {
        throw notFound('A session or pool member of the proposal');
      }
      return conflictOnOverlap(() =>
        db.transaction(async (tx) => {
          const people = [...new Set(assignments.map((a) => a.staffId))].sort();
          await tx.query(
            `select id from staff_member where org_id = $1 and id = any($2::uuid[]) order by id for update`,
            [orgId, people],
          );
          const problem = await loadProblem(tx, orgId, weekStart, externalRate);
          const problems = assignmentProblems(problem, assignments);
          if (problems.length > 0) {
            throw new AtscaleError(
              'conflict',
              `The proposal no longer fits: ${problems.join('; ')}`,
            );
          }
          const sessionIds = assignments.map((a) => a.sessionId);
          const staffIds = assignments.map((a) => a.staffId);
          await tx.query(
            `insert into session_assignment (org_id, session_id, staff_id, source, assigned_by)
             select $1, s, p, 'pool', $4 from unnest($2::uuid[], $3::uuid[]) as t(s, p)`,
            [orgId, sessionIds, staffIds, principal.userId],
          );
          const { rows } = await tx.query<{ id: string }>(
            `insert into session_offer (org_id, session_id, staff_id, status, offered_by, responded_at)
             select $1, s, p, 'accepted', $4, now() from unnest($2::uuid[], $3::uuid[]) as t(s, p)
             returning id`,
            [orgId, sessionIds, staffIds, principal.userId],
          );
          await audit(
            tx,
            'session-offer.apply',
            'session_offer',
            rows.map((r) => r.id),
            'filled from the pool',
          );
          return costPoolFill(problem, assignments, 'optimal');
        }),
      );
    },

    /** Offers a gap to one pool member by hand. */
    async offer(sessionId: string, staffId: string): Promise<SessionOfferView> {
      requireManage('offer gaps from the pools');
      const { rows: found } = await db.query(
        `select 1 from rota_session where org_id = $1 and id = $2
          union all select 2 from pool_member where org_id = $1 and staff_id = $3`,
        [orgId, sessionId, staffId],
      );
      if (found.length < 2) throw notFound('The session or the pool member');
      return conflictOnOverlap(() =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ id: string }>(
            `insert into session_offer (org_id, session_id, staff_id, offered_by)
             values ($1, $2, $3, $4) returning id`,
            [orgId, sessionId, staffId, principal.userId],
          );
          const id = rows[0]?.id ?? '';
          await audit(tx, 'session-offer.create', 'session_offer', [id], null);
          const { rows: offers } = await tx.query<Parameters<typeof toOffer>[0]>(
            `select ${offerColumns} from session_offer o where o.id = $1`,
            [id],
          );
          const [offer] = offers;
          if (offer === undefined) throw notFound('The offer');
          return toOffer(offer);
        }),
      );
    },

    /** The offers made to the caller, as a pool member: newest first. */
    async myOffers(): Promise<MyOfferView[]> {
      const { rows } = await db.query<
        Parameters<typeof toOffer>[0] & {
          siteName: string;
          startsAt: Date | string;
          endsAt: Date | string;
          requiredRole: StaffRole;
        }
      >(
        `select ${offerColumns}, si.name as "siteName", s.starts_at as "startsAt",
                s.ends_at as "endsAt", s.required_role as "requiredRole"
           from session_offer o
           join staff_member sm on sm.org_id = o.org_id and sm.id = o.staff_id
           join rota_session s on s.id = o.session_id
           join site si on si.id = s.site_id
          where o.org_id = $1 and sm.user_id = $2 order by o.offered_at desc, o.id`,
        [orgId, principal.userId],
      );
      return rows.map((row) => ({
        ...toOffer(row),
        siteName: row.siteName,
        startsAt: iso(row.startsAt),
        endsAt: iso(row.endsAt),
        requiredRole: row.requiredRole,
      }));
    },

    /**
     * The caller accepts or declines an offer made to them. Accepting rosters them (source
     * 'pool') if the session is still short, they can do the work and it fits their week
     * (no clash, travel time, weekly maximum); else 409 and the offer stays open.
     */
    async respond(offerId: string, answer: 'accepted' | 'declined'): Promise<SessionOfferView> {
      return conflictOnOverlap(() =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<
            Parameters<typeof toOffer>[0] & { startsAt: Date | string }
          >(
            `select ${offerColumns}, s.starts_at as "startsAt" from session_offer o
               join staff_member sm on sm.org_id = o.org_id and sm.id = o.staff_id
               join rota_session s on s.id = o.session_id
              where o.org_id = $1 and o.id = $2 and sm.user_id = $3
              for update of o, sm`,
            [orgId, offerId, principal.userId],
          );
          const [row] = rows;
          if (row === undefined) throw notFound('The offer');
          if (row.status !== 'offered') {
            throw new AtscaleError('conflict', `The offer is already ${row.status}`);
          }
          if (answer === 'accepted') {
            const day = dateInEngland(new Date(row.startsAt));
            const problem = await loadProblem(tx, orgId, day, undefined);
            const gap = problem.gaps.find((g) => g.session.id === row.sessionId);
            // Accepting says they can work then, whatever availability was recorded.
            const members = problem.members.map((m) =>
              m.id === row.staffId && gap !== undefined
                ? {
                    ...m,
                    availability: [
                      ...m.availability,
                      { date: day, period: sessionPeriod(gap.session) },
                    ],
                  }
                : m,
            );
            const problems = assignmentProblems({ ...problem, members }, [
              { sessionId: row.sessionId, staffId: row.staffId },
            ]);
            if (problems.length > 0) {
              throw new AtscaleError(
                'conflict',
                `You cannot take this session: ${problems.join('; ')}`,
              );
            }
            await tx.query(
              `insert into session_assignment (org_id, session_id, staff_id, source, assigned_by)
               values ($1, $2, $3, 'pool', $4)`,
              [orgId, row.sessionId, row.staffId, principal.userId],
            );
          }
          const { rows: updated } = await tx.query<Parameters<typeof toOffer>[0]>(
            `update session_offer o set status = $2, responded_at = now() where o.id = $1
             returning ${offerColumns}`,
            [offerId, answer],
          );
          await audit(
            tx,
            `session-offer.${answer === 'accepted' ? 'accept' : 'decline'}`,
            'session_offer',
            [offerId],
            null,
          );
          const [offer] = updated;
          if (offer === undefined) throw notFound('The offer');
          return toOffer(offer);
        }),
      );
    },
  };
}

/** The pools repository for one caller. */
export type PoolRepository = ReturnType<typeof poolRepository>;
