import {
  forbidden,
  MEMBER_STAGES,
  notFound,
  rankPractices,
  resilienceFactsWindow,
  resilienceReach,
  resilienceScore,
  trendDates,
  type Absence,
  type IsoDate,
  type ListSizeCount,
  type PracticeFacts,
  type ResilienceScore,
  type ResilienceStaff,
  type RotaSession,
  type SessionAssignment,
} from '@atscale/domain';
import type { Database } from '../database.js';
import type { Scope } from '../scope.js';
import { todayInEngland } from './organisation-today.js';

/** One point of a practice's weekly trend. */
export interface ResiliencePoint {
  readonly on: IsoDate;
  readonly score: number;
}

/** One practice's resilience today, with its score as at each of the last 8 weeks. */
export interface ResilienceDetail extends ResilienceScore {
  readonly odsCode: string;
  /** Oldest first, the last today. */
  readonly trend: ResiliencePoint[];
}

/** A practice's resilience in the ranked list. */
export interface RankedResilience extends ResilienceScore {
  readonly odsCode: string;
}

interface PracticeRow {
  id: string;
  name: string;
  odsCode: string;
}

const WEEKS = 8;

/** An instant as ISO 8601 UTC text, the shape the domain's rota reads. */
const utc = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * Resilience scores for the practices a caller may see (see `resilienceReach`): the facts of
 * each practice (its staff, the rota at its sites four weeks either side, absences and list
 * sizes) read in a handful of statements, and scored by the domain. Reads only: nothing here
 * is a patient's record, so nothing is audited.
 */
export function resilienceRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;

  /** The member practices the caller may see, or (with an id) that one practice. */
  const visiblePractices = async (practiceId?: string): Promise<PracticeRow[]> => {
    const reach = resilienceReach(principal);
    const { rows } = await db.query<PracticeRow>(
      `select p.id, p.name, p.ods_code as "odsCode" from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and (m.stage is null or m.stage = any($2::text[]))
          and ($3::uuid is null or p.id = $3::uuid)
        order by p.name, p.id`,
      [orgId, MEMBER_STAGES, practiceId ?? null],
    );
    if (practiceId !== undefined && rows.length === 0) throw notFound('The practice');
    if (reach.kind === 'none') throw forbidden('see practices’ resilience');
    if (reach.kind === 'organisation') return rows;
    const allowed = rows.filter((row) => reach.practiceIds.includes(row.id));
    if (practiceId !== undefined && allowed.length === 0) {
      throw forbidden('see this practice’s resilience');
    }
    return allowed;
  };

  /** Everything the scores need for these practices, from `from` to `to` (dates in England). */
  const factsFor = async (
    practices: readonly PracticeRow[],
    from: IsoDate,
    to: IsoDate,
  ): Promise<PracticeFacts[]> => {
    const ids = practices.map((p) => p.id);
    const staff = await db.query<ResilienceStaff & { practiceId: string }>(
      `select st.id, st.full_name as name, st.staff_role as role,
              st.contracted_sessions::float8 as "contractedSessions",
              st.date_of_birth as "dateOfBirth", st.started_on as "startedOn",
              st.left_on as "leftOn", st.home_practice_id as "practiceId"
         from staff_member st
        where st.org_id = $1 and st.home_practice_id = any($2::uuid[])`,
      [orgId, ids],
    );
    // Sessions are read a day wider each side than the window, so that a session's date in
    // England (not UTC) decides whether it is in.
    const sessions = await db.query<RotaSession & { practiceId: string }>(
      `select rs.id, rs.site_id as "siteId", ${utc('rs.starts_at')} as "startsAt",
              ${utc('rs.ends_at')} as "endsAt", rs.required_role as "requiredRole",
              rs.required_skills as "requiredSkills", rs.staff_needed as "staffNeeded",
              rs.urgency, rs.unpopular, s.practice_id as "practiceId"
         from rota_session rs
         join site s on s.org_id = rs.org_id and s.id = rs.site_id
        where rs.org_id = $1 and s.practice_id = any($2::uuid[])
          and rs.starts_at >= $3::date - 1 and rs.starts_at < $4::date + 1`,
      [orgId, ids, from, to],
    );
    const sessionIds = sessions.rows.map((s) => s.id);
    const assignments = await db.query<SessionAssignment & { name: string; source: string }>(
      `select sa.session_id as "sessionId", sa.staff_id as "staffId", st.full_name as name,
              sa.source
         from session_assignment sa
         join staff_member st on st.org_id = sa.org_id and st.id = sa.staff_id
        where sa.org_id = $1 and sa.session_id = any($2::uuid[])`,
      [orgId, sessionIds],
    );
    const absences = await db.query<Absence>(
      `select a.staff_id as "staffId", a.starts_on as "startsOn", a.ends_on as "endsOn"
         from absence a
        where a.org_id = $1 and a.ends_on >= $2::date and a.starts_on <= $3::date
          and a.staff_id in (select staff_id from session_assignment
                              where org_id = $1 and session_id = any($4::uuid[]))`,
      [orgId, from, to, sessionIds],
    );
    const lists = await db.query<ListSizeCount & { practiceId: string }>(
      `select l.practice_id as "practiceId", l.date, l.list_size as "listSize"
         from practice_list_size l where l.org_id = $1 and l.practice_id = any($2::uuid[])`,
      [orgId, ids],
    );
    const practiceOfSession = new Map(sessions.rows.map((s) => [s.id, s.practiceId]));
    return practices.map((practice) => {
      const own = sessions.rows.filter((s) => s.practiceId === practice.id);
      const ownIds = new Set(own.map((s) => s.id));
      const assigned = assignments.rows.filter(
        (a) => practiceOfSession.get(a.sessionId) === practice.id,
      );
      const people = staff.rows.filter((p) => p.practiceId === practice.id);
      const home = new Set(people.map((p) => p.id));
      const visitors: Record<string, string> = {};
      for (const a of assigned) if (!home.has(a.staffId)) visitors[a.staffId] = a.name;
      const rostered = new Set(assigned.map((a) => a.staffId));
      return {
        practiceId: practice.id,
        practiceName: practice.name,
        staff: people.map(({ practiceId: _, ...p }) => p),
        visitors,
        sessions: own.map(({ practiceId: _, ...s }) => s),
        assignments: assigned
          .filter((a) => ownIds.has(a.sessionId))
          .map((a) => ({ sessionId: a.sessionId, staffId: a.staffId })),
        absences: absences.rows.filter((a) => rostered.has(a.staffId)),
        temporaryStaffIds: [
          ...new Set(assigned.filter((a) => a.source === 'resilience').map((a) => a.staffId)),
        ],
        listSizes: lists.rows
          .filter((l) => l.practiceId === practice.id)
          .map((l) => ({ date: l.date, listSize: l.listSize })),
      };
    });
  };

  const withOds = <T extends ResilienceScore>(score: T, practices: readonly PracticeRow[]) => ({
    ...score,
    odsCode: practices.find((p) => p.id === score.practiceId)?.odsCode ?? '',
  });

  return {
    /** The practices the caller may see, scored today, worst first. */
    async ranked(): Promise<RankedResilience[]> {
      const practices = await visiblePractices();
      const today = todayInEngland();
      const { from, to } = resilienceFactsWindow(today);
      const facts = await factsFor(practices, from, to);
      return rankPractices(facts.map((f) => withOds(resilienceScore(f, today), practices)));
    },

    /**
     * One practice's score today with its weekly trend: the score as at each of the last 8
     * weeks, worked out from the records as they stand now (staff, rota, absences, list sizes).
     */
    async practice(practiceId: string): Promise<ResilienceDetail> {
      const practices = await visiblePractices(practiceId);
      const today = todayInEngland();
      const { from, to } = resilienceFactsWindow(today, WEEKS);
      const [facts] = await factsFor(practices, from, to);
      if (!facts) throw notFound('The practice');
      const trend = trendDates(today, WEEKS).map((on) => ({
        on,
        score: resilienceScore(facts, on).score,
      }));
      return { ...withOds(resilienceScore(facts, today), practices), trend };
    },
  };
}
