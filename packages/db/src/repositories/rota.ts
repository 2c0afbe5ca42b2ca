import {
  AtscaleError,
  canAt,
  eligibilityProblems,
  forbidden,
  grantingRole,
  isIsoDate,
  nextDate,
  notFound,
  reachOf,
  rosterProblems,
  sessionDate,
  sessionGaps,
  sessionTimes,
  siteAccessProblem,
  startOfDayInEngland,
  timeInEngland,
  dateInEngland,
  type Absence,
  type AssignmentSource,
  type RotaPerson,
  type RotaSession,
  type RotaSite,
  type SessionPeriod,
  type SiteAccess,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { sqlState, sqlErrorDetail, EXCLUSION_VIOLATION } from '../sql-errors.js';

/** Kinds of absence, as the absence table allows. */
export const ABSENCE_KINDS = [
  'annual-leave',
  'sickness',
  'training',
  'parental-leave',
  'other',
] as const;

/** One kind of absence. */
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Someone rostered on a session, and whether a recorded absence takes them off it. */
export interface RosteredPerson {
  readonly staffId: string;
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly source: AssignmentSource;
  /** The kind of absence recorded for the session's day, or null when they are there. */
  readonly absence: AbsenceKind | null;
}

/** A session as the rota shows it: where, when, what it needs, who is on it, what is short. */
export interface RotaSessionView extends RotaSession {
  readonly practiceId: string | null;
  readonly siteName: string;
  readonly period: SessionPeriod;
  /** The calendar date in England. */
  readonly date: string;
  /** Local start and end 'HH:MM'. */
  readonly startTime: string;
  readonly endTime: string;
  readonly requiredSkills: string[];
  readonly assignments: RosteredPerson[];
  /** People still needed: staff needed minus those assigned and not away. */
  readonly missing: number;
}

/** An absence as recorded. */
export interface AbsenceView {
  readonly id: string;
  readonly staffId: string;
  readonly fullName: string;
  readonly kind: AbsenceKind;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** New sessions: the same shape on each of the dates given. */
export interface NewSessions {
  readonly siteId: string;
  readonly dates: readonly string[];
  readonly period: SessionPeriod;
  readonly startTime?: string | null | undefined;
  readonly endTime?: string | null | undefined;
  readonly requiredRole: StaffRole;
  readonly requiredSkills?: readonly string[] | undefined;
  readonly staffNeeded?: number | undefined;
  readonly urgency?: number | undefined;
  readonly unpopular?: boolean | undefined;
}

/** A change to a session: only the fields given change. A new date or period moves it. */
export interface SessionPatch {
  readonly date?: string | undefined;
  readonly period?: SessionPeriod | undefined;
  readonly startTime?: string | null | undefined;
  readonly endTime?: string | null | undefined;
  readonly requiredRole?: StaffRole | undefined;
  readonly requiredSkills?: readonly string[] | undefined;
  readonly staffNeeded?: number | undefined;
  readonly urgency?: number | undefined;
  readonly unpopular?: boolean | undefined;
}

/** Leave or sickness to record. */
export interface NewAbsence {
  readonly staffId: string;
  readonly kind: AbsenceKind;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** A person who could be rostered on a session, as the assignment form offers them. */
export interface EligibleStaff {
  readonly staffId: string;
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly homePracticeId: string | null;
}

/** A week or a month of one practice's rota. */
export interface RotaPeriodView {
  readonly practiceId: string;
  readonly from: string;
  /** The last day, inclusive. */
  readonly to: string;
  readonly sites: { id: string; name: string }[];
  readonly sessions: RotaSessionView[];
  readonly absences: AbsenceView[];
}

/** One person's rota between two dates. */
export interface PersonRota {
  readonly staffId: string;
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly homePracticeId: string | null;
  readonly from: string;
  readonly to: string;
  readonly sessions: RotaSessionView[];
  readonly absences: AbsenceView[];
}

/** A gap in the organisation's rota. */
export interface RotaGap {
  readonly session: RotaSessionView;
  readonly missing: number;
  readonly absentStaffIds: string[];
}

/** Longest span a rota read covers, in days: a month view and a little either side. */
export const MAX_ROTA_DAYS = 93;

/** Most sessions one request may create. */
export const MAX_NEW_SESSIONS = 100;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

/** The session columns before assignments: `s` the session, `si` its site. */
const SESSION_COLUMNS = `s.id, s.site_id as "siteId", si.practice_id as "practiceId",
  si.name as "siteName", s.starts_at as "startsAt", s.ends_at as "endsAt", s.period,
  s.required_role as "requiredRole", s.required_skills as "requiredSkills",
  s.staff_needed as "staffNeeded", s.urgency, s.unpopular`;

interface SessionRow {
  id: string;
  siteId: string;
  practiceId: string | null;
  siteName: string;
  startsAt: Date | string;
  endsAt: Date | string;
  period: SessionPeriod;
  requiredRole: StaffRole;
  requiredSkills: string[];
  staffNeeded: number;
  urgency: number;
  unpopular: boolean;
}

interface StaffRow {
  id: string;
  fullName: string;
  staffRole: StaffRole;
  skills: string[];
  homePracticeId: string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

const toSession = (row: SessionRow): RotaSession & Omit<SessionRow, 'startsAt' | 'endsAt'> => ({
  ...row,
  startsAt: iso(row.startsAt),
  endsAt: iso(row.endsAt),
});

const personOf = (row: StaffRow): RotaPerson => ({
  id: row.id,
  name: row.fullName,
  role: row.staffRole,
  skills: row.skills,
});

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A session's place and time in words, for a conflict message. */
const describeSession = (s: { siteName: string; startsAt: string; endsAt: string }) =>
  `${s.siteName}, ${londonFormat.format(new Date(s.startsAt))}–${timeInEngland(s.endsAt)}`;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
// The existing key of an exclusion violation's detail: `... conflicts with existing key
// (staff_id, during)=(<uuid>, ["<start>","<end>")).`
const EXISTING_KEY =
  /existing key \(staff_id, during\)=\(([0-9a-f-]{36}), \["([^"]+)","([^"]+)"\)\)/i;

/**
 * The conflict for a refusal by session_assignment's exclusion constraint: who would be in two
 * places at once, and the session they are already on, read from the constraint's detail (or,
 * failing that, the person the write was about).
 */
export async function doubleRosterConflict(
  q: Queryable,
  orgId: string,
  error: unknown,
  staffId: string | null,
): Promise<AtscaleError> {
  const detail = sqlErrorDetail(error);
  const existing = EXISTING_KEY.exec(detail);
  const who = existing?.[1] ?? UUID.exec(detail)?.[0] ?? staffId;
  if (who === null) {
    return new AtscaleError('conflict', 'Someone would be rostered in two places at once');
  }
  const { rows: people } = await q.query<{ fullName: string }>(
    'select full_name as "fullName" from staff_member where org_id = $1 and id = $2',
    [orgId, who],
  );
  const name = people[0]?.fullName ?? 'Someone';
  if (!existing?.[2] || !existing[3]) {
    return new AtscaleError('conflict', `${name} is already rostered somewhere else at that time`);
  }
  const { rows } = await q.query<{
    siteName: string;
    startsAt: Date | string;
    endsAt: Date | string;
  }>(
    `select si.name as "siteName", s.starts_at as "startsAt", s.ends_at as "endsAt"
       from session_assignment a
       join rota_session s on s.org_id = a.org_id and s.id = a.session_id
       join site si on si.org_id = s.org_id and si.id = s.site_id
      where a.org_id = $1 and a.staff_id = $2
        and a.during && tstzrange($3::timestamptz, $4::timestamptz)
      order by s.starts_at limit 1`,
    [orgId, who, existing[2], existing[3]],
  );
  const there = rows[0];
  return new AtscaleError(
    'conflict',
    there
      ? `${name} is already rostered at ${describeSession({ siteName: there.siteName, startsAt: iso(there.startsAt), endsAt: iso(there.endsAt) })}: nobody can be in two places at once`
      : `${name} is already rostered somewhere else at that time`,
  );
}

/**
 * The rota (WF-2) for one caller: sessions at sites, who is rostered on them, leave and
 * sickness, and the gaps they leave. Anyone reads the rotas of the practices their roles reach
 * (organisation-wide roles, all of them); `rota:manage` at a site's practice (organisation-wide
 * for the organisation's own sites) plans sessions, rosters people and records absences.
 * Nobody is ever in two places at once (the database's exclusion constraint) or without time
 * to travel between sites (checked with the person's row locked). Every write is audited.
 */
export function rotaRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const readReach = () => reachOf(principal, 'rota:read');

  const canRead = (practiceId: string | null) =>
    canAt(principal, 'rota:read', { orgId, practiceId });

  const requireManage = (practiceId: string | null, what: string) => {
    if (!canAt(principal, 'rota:manage', { orgId, practiceId })) throw forbidden(what);
  };

  const audit = async (
    tx: Queryable,
    practiceId: string | null,
    action: string,
    entityType: string,
    entityIds: readonly string[],
    reason: string | null,
  ) => {
    const role = grantingRole(principal, 'rota:manage', { orgId, practiceId });
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

  const checkRange = (from: string, to: string) => {
    if (!isIsoDate(from)) throw invalid('/from', `${from} is not a date written YYYY-MM-DD`);
    if (!isIsoDate(to)) throw invalid('/to', `${to} is not a date written YYYY-MM-DD`);
    if (to < from) throw invalid('/to', 'the last day must not be before the first');
    if (to > nextDate(from, MAX_ROTA_DAYS - 1)) {
      throw invalid('/to', `a rota covers at most ${String(MAX_ROTA_DAYS)} days`);
    }
  };

  /** Sessions matching a condition, with their people and gap figures. */
  const loadSessions = async (
    q: Queryable,
    where: string,
    params: readonly unknown[],
  ): Promise<RotaSessionView[]> => {
    const { rows } = await q.query<SessionRow>(
      `select ${SESSION_COLUMNS} from rota_session s
         join site si on si.org_id = s.org_id and si.id = s.site_id
        where s.org_id = $1 and ${where}
        order by s.starts_at, si.name, s.id`,
      [orgId, ...params],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const people = await q.query<{
      sessionId: string;
      staffId: string;
      fullName: string;
      staffRole: StaffRole;
      source: RosteredPerson['source'];
      absence: AbsenceKind | null;
    }>(
      `select a.session_id as "sessionId", a.staff_id as "staffId", st.full_name as "fullName",
              st.staff_role as "staffRole", a.source,
              (select ab.kind from absence ab
                where ab.org_id = a.org_id and ab.staff_id = a.staff_id
                  and (lower(a.during) at time zone 'Europe/London')::date
                      between ab.starts_on and ab.ends_on
                order by ab.kind limit 1) as absence
         from session_assignment a
         join staff_member st on st.org_id = a.org_id and st.id = a.staff_id
        where a.org_id = $1 and a.session_id = any($2::uuid[])
        order by st.full_name, st.id`,
      [orgId, ids],
    );
    const bySession = new Map<string, RosteredPerson[]>();
    for (const { sessionId, ...person } of people.rows) {
      const list = bySession.get(sessionId) ?? [];
      list.push(person);
      bySession.set(sessionId, list);
    }
    return rows.map((row) => {
      const session = toSession(row);
      const assignments = bySession.get(row.id) ?? [];
      const present = assignments.filter((a) => a.absence === null).length;
      return {
        ...session,
        date: dateInEngland(new Date(session.startsAt)),
        startTime: timeInEngland(session.startsAt),
        endTime: timeInEngland(session.endsAt),
        assignments,
        missing: Math.max(0, session.staffNeeded - present),
      };
    });
  };

  const findSession = async (q: Queryable, sessionId: string, lock = false) => {
    const { rows } = await q.query<SessionRow>(
      `select ${SESSION_COLUMNS} from rota_session s
         join site si on si.org_id = s.org_id and si.id = s.site_id
        where s.org_id = $1 and s.id = $2${lock ? ' for update of s' : ''}`,
      [orgId, sessionId],
    );
    const row = rows[0];
    if (!row) throw notFound('The session');
    return toSession(row);
  };

  /** The session, 404 unless the caller may see its practice's rota. */
  const visibleSession = async (q: Queryable, sessionId: string, lock = false) => {
    const session = await findSession(q, sessionId, lock);
    if (!canRead(session.practiceId)) throw notFound('The session');
    return session;
  };

  const findSite = async (q: Queryable, siteId: string) => {
    const { rows } = await q.query<{ id: string; practiceId: string | null; name: string }>(
      `select id, practice_id as "practiceId", name from site where org_id = $1 and id = $2`,
      [orgId, siteId],
    );
    const site = rows[0];
    if (!site || !canRead(site.practiceId)) {
      throw new AtscaleError('not-found', 'The site was not found', [
        { field: '/siteId', message: 'no such site' },
      ]);
    }
    return site;
  };

  const findStaff = async (q: Queryable, staffId: string, lock = false): Promise<StaffRow> => {
    const { rows } = await q.query<StaffRow>(
      `select id, full_name as "fullName", staff_role as "staffRole", skills,
              home_practice_id as "homePracticeId"
         from staff_member where org_id = $1 and id = $2${lock ? ' for update' : ''}`,
      [orgId, staffId],
    );
    const row = rows[0];
    if (!row) throw notFound('The member of staff');
    return row;
  };

  const siteLookup = async (q: Queryable, siteIds: readonly string[]) => {
    const { rows } = await q.query<{
      id: string;
      latitude: number | null;
      longitude: number | null;
    }>(
      `select id, latitude::float8 as latitude, longitude::float8 as longitude
         from site where org_id = $1 and id = any($2::uuid[])`,
      [orgId, [...new Set(siteIds)]],
    );
    const sites = new Map(rows.map((r) => [r.id, r]));
    return (id: string): RotaSite => sites.get(id) ?? { id, latitude: null, longitude: null };
  };

  /**
   * What the site rule (siteAccessProblem) needs to know about each person for a session on
   * the date given: home practice, employer, the sites listed for them, whether they are in a
   * pool, and the practices whose crisis that day they are deployed to.
   */
  const siteAccessOf = async (q: Queryable, staffIds: readonly string[], date: string) => {
    const { rows } = await q.query<SiteAccess & { id: string }>(
      `select st.id, st.full_name as name, st.home_practice_id as "homePracticeId",
              st.employing_body as "employingBody", st.resilience_team as "resilienceTeam",
              array(select ss.site_id::text from staff_site ss
                     where ss.org_id = st.org_id and ss.staff_id = st.id) as "extraSiteIds",
              exists (select 1 from pool_member pm
                       where pm.org_id = st.org_id and pm.staff_id = st.id
                         and (pm.left_on is null or pm.left_on >= $3::date)) as "poolMember",
              array(select distinct c.practice_id::text from crisis_deployment d
                      join crisis c on c.org_id = d.org_id and c.id = d.crisis_id
                     where d.org_id = st.org_id and d.staff_id = st.id
                       and $3::date between c.starts_on and c.ends_on) as "crisisPracticeIds"
         from staff_member st where st.org_id = $1 and st.id = any($2::uuid[])`,
      [orgId, [...new Set(staffIds)], date],
    );
    return new Map(rows.map((row) => [row.id, row]));
  };

  /** The session's site as the site rule needs it. */
  const siteOfSession = (session: {
    siteId: string;
    siteName: string;
    practiceId: string | null;
  }) => ({
    id: session.siteId,
    name: session.siteName,
    practiceId: session.practiceId,
  });

  const absencesOf = async (q: Queryable, staffId: string): Promise<Absence[]> => {
    const { rows } = await q.query<Absence>(
      `select staff_id as "staffId", starts_on::text as "startsOn", ends_on::text as "endsOn"
         from absence where org_id = $1 and staff_id = $2`,
      [orgId, staffId],
    );
    return rows;
  };

  /**
   * Refuses rostering the (locked) person on the session: not eligible, or a clash with one of
   * their sessions within a day either side (overlap or too little time to travel).
   */
  const checkRoster = async (
    tx: Queryable,
    person: StaffRow,
    session: RotaSession & { siteName: string },
  ) => {
    const eligibility = eligibilityProblems(
      session,
      personOf(person),
      await absencesOf(tx, person.id),
    );
    if (eligibility.length > 0) throw new AtscaleError('conflict', eligibility.join('; '));
    const { rows } = await tx.query<SessionRow>(
      `select ${SESSION_COLUMNS} from session_assignment a
         join rota_session s on s.org_id = a.org_id and s.id = a.session_id
         join site si on si.org_id = s.org_id and si.id = s.site_id
        where a.org_id = $1 and a.staff_id = $2 and s.id <> $3
          and s.starts_at < $5::timestamptz + interval '1 day'
          and s.ends_at > $4::timestamptz - interval '1 day'`,
      [orgId, person.id, session.id, session.startsAt, session.endsAt],
    );
    const others = rows.map(toSession);
    const siteOf = await siteLookup(tx, [session.siteId, ...others.map((o) => o.siteId)]);
    const problem = rosterProblems(session, others, siteOf)[0];
    if (!problem) return;
    const other = others.find((o) => o.id === problem.other.id);
    const where = other ? describeSession(other) : 'another session';
    throw new AtscaleError(
      'conflict',
      problem.kind === 'overlap'
        ? `${person.fullName} is already rostered at ${where}, which overlaps ${describeSession(session)}`
        : `${person.fullName} is rostered at ${where}, and the journey to or from ${session.siteName} takes ${String(problem.travelMinutes)} minutes: there would be only ${String(problem.gapMinutes)} between the sessions`,
    );
  };

  /**
   * Runs a write, turning the exclusion constraint's refusal (SQLSTATE 23P01: someone would be
   * in two places at once) into a conflict that says who, and where they already are.
   */
  const inTransaction = async <T>(
    staffId: string | null,
    fn: (tx: Queryable) => Promise<T>,
  ): Promise<T> => {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
      throw await doubleRosterConflict(db, orgId, error, staffId);
    }
  };

  const sessionFields = (input: {
    requiredSkills?: readonly string[] | undefined;
    staffNeeded?: number | undefined;
    urgency?: number | undefined;
  }) => {
    const { staffNeeded, urgency, requiredSkills } = input;
    if (
      staffNeeded !== undefined &&
      (!Number.isInteger(staffNeeded) || staffNeeded < 1 || staffNeeded > 20)
    ) {
      throw invalid('/staffNeeded', 'must be a whole number from 1 to 20');
    }
    if (urgency !== undefined && (!Number.isInteger(urgency) || urgency < 1 || urgency > 5)) {
      throw invalid('/urgency', 'must be a whole number from 1 (can wait) to 5');
    }
    if (requiredSkills?.some((s) => s.trim() === '')) {
      throw invalid('/requiredSkills', 'a skill must have a name');
    }
  };

  return {
    /** Sessions of a practice between two dates (inclusive, England's calendar). */
    async sessions(practiceId: string, from: string, to: string): Promise<RotaSessionView[]> {
      checkRange(from, to);
      await this.requirePractice(practiceId);
      return loadSessions(db, `si.practice_id = $2 and s.starts_at >= $3 and s.starts_at < $4`, [
        practiceId,
        startOfDayInEngland(from),
        startOfDayInEngland(nextDate(to)),
      ]);
    },

    /** 404 unless the practice is the organisation's and its rota is the caller's to see. */
    async requirePractice(practiceId: string): Promise<void> {
      const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
        orgId,
        practiceId,
      ]);
      if (rows.length === 0 || !canRead(practiceId)) throw notFound('The practice');
    },

    /** A practice's rota from one date to another: its sites, sessions and absences. */
    async view(practiceId: string, from: string, to: string): Promise<RotaPeriodView> {
      const sessions = await this.sessions(practiceId, from, to);
      const sites = await db.query<{ id: string; name: string }>(
        `select id, name from site where org_id = $1 and practice_id = $2
          order by is_main desc, name, id`,
        [orgId, practiceId],
      );
      const absences = await db.query<AbsenceView>(
        `select ab.id, ab.staff_id as "staffId", st.full_name as "fullName", ab.kind,
                ab.starts_on::text as "startsOn", ab.ends_on::text as "endsOn"
           from absence ab join staff_member st on st.org_id = ab.org_id and st.id = ab.staff_id
          where ab.org_id = $1 and ab.starts_on <= $4 and ab.ends_on >= $3
            and (st.home_practice_id = $2 or exists (
                   select 1 from session_assignment a
                     join rota_session s on s.id = a.session_id
                     join site si on si.id = s.site_id
                    where a.org_id = $1 and a.staff_id = ab.staff_id and si.practice_id = $2
                      and s.starts_at >= $5 and s.starts_at < $6))
          order by ab.starts_on, st.full_name, ab.id`,
        [orgId, practiceId, from, to, startOfDayInEngland(from), startOfDayInEngland(nextDate(to))],
      );
      return { practiceId, from, to, sites: sites.rows, sessions, absences: absences.rows };
    },

    /** The week starting on a date (any day; the view runs seven days from it). */
    async week(practiceId: string, weekStart: string): Promise<RotaPeriodView> {
      if (!isIsoDate(weekStart)) throw invalid('/weekStart', `${weekStart} is not a date`);
      return this.view(practiceId, weekStart, nextDate(weekStart, 6));
    },

    /** A calendar month, written 'YYYY-MM'. */
    async month(practiceId: string, month: string): Promise<RotaPeriodView> {
      const first = `${month}-01`;
      if (!/^\d{4}-\d{2}$/.test(month) || !isIsoDate(first)) {
        throw invalid('/month', `${month} is not a month written YYYY-MM`);
      }
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      return this.view(practiceId, first, last);
    },

    /** One person's sessions and absences between two dates. */
    async person(staffId: string, from: string, to: string): Promise<PersonRota> {
      checkRange(from, to);
      const person = await findStaff(db, staffId);
      const reach = readReach();
      const sessionsVisible =
        reach.kind === 'organisation'
          ? 'true'
          : reach.kind === 'practices'
            ? 'si.practice_id = any($5::uuid[])'
            : 'false';
      const practiceIds = reach.kind === 'practices' ? reach.practiceIds : [];
      if (
        reach.kind !== 'organisation' &&
        !(person.homePracticeId !== null && practiceIds.includes(person.homePracticeId))
      ) {
        throw notFound('The member of staff');
      }
      const sessions = await loadSessions(
        db,
        `s.id in (select session_id from session_assignment where org_id = $1 and staff_id = $2)
         and s.starts_at >= $3 and s.starts_at < $4 and ${sessionsVisible}`,
        [
          staffId,
          startOfDayInEngland(from),
          startOfDayInEngland(nextDate(to)),
          ...(reach.kind === 'practices' ? [practiceIds] : []),
        ],
      );
      const absences = await db.query<AbsenceView>(
        `select ab.id, ab.staff_id as "staffId", st.full_name as "fullName", ab.kind,
                ab.starts_on::text as "startsOn", ab.ends_on::text as "endsOn"
           from absence ab join staff_member st on st.org_id = ab.org_id and st.id = ab.staff_id
          where ab.org_id = $1 and ab.staff_id = $2 and ab.starts_on <= $4 and ab.ends_on >= $3
          order by ab.starts_on, ab.id`,
        [orgId, staffId, from, to],
      );
      return {
        staffId,
        fullName: person.fullName,
        staffRole: person.staffRole,
        homePracticeId: person.homePracticeId,
        from,
        to,
        sessions,
        absences: absences.rows,
      };
    },

    /**
     * The gaps between two dates in every practice the caller's rota reach covers (the whole
     * organisation for central roles): most urgent first, then earliest.
     */
    async gaps(
      from: string,
      to: string,
      filter: { practiceId?: string | undefined; role?: StaffRole | undefined } = {},
    ): Promise<RotaGap[]> {
      checkRange(from, to);
      const reach = readReach();
      if (reach.kind === 'none') throw forbidden('see the rota');
      const conditions = ['s.starts_at >= $2', 's.starts_at < $3'];
      const params: unknown[] = [startOfDayInEngland(from), startOfDayInEngland(nextDate(to))];
      if (reach.kind === 'practices') {
        params.push(reach.practiceIds);
        conditions.push(`si.practice_id = any($${String(params.length + 1)}::uuid[])`);
      }
      if (filter.practiceId !== undefined) {
        params.push(filter.practiceId);
        conditions.push(`si.practice_id = $${String(params.length + 1)}`);
      }
      if (filter.role !== undefined) {
        params.push(filter.role);
        conditions.push(`s.required_role = $${String(params.length + 1)}`);
      }
      const sessions = await loadSessions(db, conditions.join(' and '), params);
      const byId = new Map(sessions.map((s) => [s.id, s]));
      const assignments = sessions.flatMap((s) =>
        s.assignments.map((a) => ({ sessionId: s.id, staffId: a.staffId })),
      );
      // The absences that matter are the ones already matched to each assignment's day.
      const absences: Absence[] = sessions.flatMap((s) =>
        s.assignments
          .filter((a) => a.absence !== null)
          .map((a) => ({ staffId: a.staffId, startsOn: s.date, endsOn: s.date })),
      );
      return sessionGaps(sessions, assignments, absences).map((gap) => ({
        session: byId.get(gap.session.id) as RotaSessionView,
        missing: gap.missing,
        absentStaffIds: [...gap.absentStaffIds],
      }));
    },

    /** Creates a session at a site on each of the dates, all or none. */
    async createSessions(input: NewSessions): Promise<RotaSessionView[]> {
      if (input.dates.length === 0) throw invalid('/dates', 'give at least one date');
      if (input.dates.length > MAX_NEW_SESSIONS) {
        throw invalid('/dates', `at most ${String(MAX_NEW_SESSIONS)} dates at once`);
      }
      sessionFields(input);
      const times = input.dates.map((date) => sessionTimes(date, input));
      const site = await findSite(db, input.siteId);
      requireManage(site.practiceId, 'plan sessions at this site');
      return inTransaction(null, async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role,
                                     required_skills, staff_needed, urgency, unpopular)
           select $1, $2, t.starts_at, t.ends_at, $5, $6, $7::text[], $8, $9, $10
             from unnest($3::timestamptz[], $4::timestamptz[]) as t(starts_at, ends_at)
           returning id`,
          [
            orgId,
            site.id,
            times.map((t) => t.startsAt),
            times.map((t) => t.endsAt),
            input.period,
            input.requiredRole,
            [...new Set(input.requiredSkills ?? [])],
            input.staffNeeded ?? 1,
            input.urgency ?? 3,
            input.unpopular ?? false,
          ],
        );
        const ids = rows.map((r) => r.id);
        await audit(tx, site.practiceId, 'rota-session.create', 'rota_session', ids, site.name);
        return loadSessions(tx, 's.id = any($2::uuid[])', [ids]);
      });
    },

    /**
     * Changes a session. Moving it (a new date or times) checks everyone on it again: the
     * exclusion constraint for overlaps, and the travel rule with each person's row locked.
     */
    async updateSession(sessionId: string, patch: SessionPatch): Promise<RotaSessionView> {
      sessionFields(patch);
      const before = await visibleSession(db, sessionId);
      requireManage(before.practiceId, 'change this session');
      return inTransaction(null, async (tx) => {
        const { rows: people } = await tx.query<{ staffId: string }>(
          `select staff_id as "staffId" from session_assignment
            where org_id = $1 and session_id = $2 order by staff_id`,
          [orgId, sessionId],
        );
        // People first, then the session, in the same order as assign: no deadlock.
        const staff: StaffRow[] = [];
        for (const { staffId } of people) staff.push(await findStaff(tx, staffId, true));
        const current = await findSession(tx, sessionId, true);
        const moves =
          patch.date !== undefined ||
          patch.period !== undefined ||
          patch.startTime !== undefined ||
          patch.endTime !== undefined;
        const period = patch.period ?? current.period;
        const { startsAt, endsAt } = moves
          ? sessionTimes(patch.date ?? dateInEngland(new Date(current.startsAt)), {
              period,
              startTime:
                period === 'custom'
                  ? (patch.startTime ?? timeInEngland(current.startsAt))
                  : patch.startTime,
              endTime:
                period === 'custom'
                  ? (patch.endTime ?? timeInEngland(current.endsAt))
                  : patch.endTime,
            })
          : current;
        const next = {
          ...current,
          startsAt,
          endsAt,
          period,
          requiredRole: patch.requiredRole ?? current.requiredRole,
          requiredSkills: [...new Set(patch.requiredSkills ?? current.requiredSkills)],
          staffNeeded: patch.staffNeeded ?? current.staffNeeded,
          urgency: patch.urgency ?? current.urgency,
          unpopular: patch.unpopular ?? current.unpopular,
        };
        for (const person of staff) await checkRoster(tx, person, next);
        await tx.query(
          `update rota_session set starts_at = $3, ends_at = $4, period = $5, required_role = $6,
                  required_skills = $7::text[], staff_needed = $8, urgency = $9, unpopular = $10
            where org_id = $1 and id = $2`,
          [
            orgId,
            sessionId,
            next.startsAt,
            next.endsAt,
            next.period,
            next.requiredRole,
            next.requiredSkills,
            next.staffNeeded,
            next.urgency,
            next.unpopular,
          ],
        );
        const changed = Object.keys(patch).filter(
          (key) => patch[key as keyof SessionPatch] !== undefined,
        );
        await audit(
          tx,
          current.practiceId,
          'rota-session.update',
          'rota_session',
          [sessionId],
          `changed: ${changed.join(', ') || 'nothing'}`,
        );
        const [view] = await loadSessions(tx, 's.id = $2', [sessionId]);
        if (!view) throw notFound('The session');
        return view;
      });
    },

    /** Removes a session and who was rostered on it. */
    async deleteSession(sessionId: string): Promise<void> {
      const before = await visibleSession(db, sessionId);
      requireManage(before.practiceId, 'remove this session');
      await inTransaction(null, async (tx) => {
        await tx.query('delete from rota_session where org_id = $1 and id = $2', [
          orgId,
          sessionId,
        ]);
        await audit(
          tx,
          before.practiceId,
          'rota-session.delete',
          'rota_session',
          [sessionId],
          describeSession(before),
        );
      });
    },

    /**
     * Rosters a person on a session. Refused (conflict, naming who and where) when they do not
     * work at the session's site (siteAccessProblem: their home practice's sites, the sites
     * listed for them, and for central staff the pool's and crisis deployments' reach, by
     * source), lack the role or skills, are away that day, are already rostered somewhere that
     * overlaps, or could not travel between sites in time; and when the session is already
     * fully staffed.
     */
    async assign(
      sessionId: string,
      staffId: string,
      source: AssignmentSource = 'rota',
    ): Promise<RotaSessionView> {
      const before = await visibleSession(db, sessionId);
      requireManage(before.practiceId, 'roster people on this session');
      return inTransaction(staffId, async (tx) => {
        // The person's row is the lock that queues everything that rosters them.
        const person = await findStaff(tx, staffId, true);
        const session = await findSession(tx, sessionId, true);
        const { rows: on } = await tx.query<{ staffId: string }>(
          `select staff_id as "staffId" from session_assignment where org_id = $1 and session_id = $2`,
          [orgId, sessionId],
        );
        if (on.some((a) => a.staffId === staffId)) {
          throw new AtscaleError('conflict', `${person.fullName} is already on this session`);
        }
        const access = await siteAccessOf(tx, [staffId], sessionDate(session));
        const where = access.get(staffId);
        const refusal = where && siteAccessProblem(where, siteOfSession(session), source);
        if (refusal) throw new AtscaleError('conflict', refusal);
        const [view] = await loadSessions(tx, 's.id = $2', [sessionId]);
        if (view && view.missing === 0) {
          throw new AtscaleError(
            'conflict',
            `The session at ${describeSession(session)} is already fully staffed`,
          );
        }
        await checkRoster(tx, person, session);
        await tx.query(
          `insert into session_assignment (org_id, session_id, staff_id, source, assigned_by)
           values ($1, $2, $3, $4, $5)`,
          [orgId, sessionId, staffId, source, principal.userId],
        );
        await audit(
          tx,
          session.practiceId,
          'rota-assignment.create',
          'rota_session',
          [sessionId],
          `rostered ${staffId}`,
        );
        const [after] = await loadSessions(tx, 's.id = $2', [sessionId]);
        if (!after) throw notFound('The session');
        return after;
      });
    },

    /** Takes a person off a session. */
    async unassign(sessionId: string, staffId: string): Promise<RotaSessionView> {
      const before = await visibleSession(db, sessionId);
      requireManage(before.practiceId, 'change who is on this session');
      return inTransaction(null, async (tx) => {
        const { rowCount } = await tx.query(
          'delete from session_assignment where org_id = $1 and session_id = $2 and staff_id = $3',
          [orgId, sessionId, staffId],
        );
        if (rowCount === 0) throw notFound('That person on this session');
        await audit(
          tx,
          before.practiceId,
          'rota-assignment.delete',
          'rota_session',
          [sessionId],
          `took off ${staffId}`,
        );
        const [after] = await loadSessions(tx, 's.id = $2', [sessionId]);
        if (!after) throw notFound('The session');
        return after;
      });
    },

    /**
     * The people who could be rostered on a session now, by the same rules as assign with the
     * source given (the assignment form's 'rota' by default): working at the session's site
     * (siteAccessProblem), the right role and skills, not away that day and free of clashes.
     */
    async eligibleStaff(
      sessionId: string,
      source: AssignmentSource = 'rota',
    ): Promise<EligibleStaff[]> {
      const session = await visibleSession(db, sessionId);
      const day = sessionDate(session);
      // The site rule's candidates (home practice, a listed site, or central staff), which
      // siteAccessProblem then decides on.
      const { rows } = await db.query<StaffRow>(
        `select st.id, st.full_name as "fullName", st.staff_role as "staffRole", st.skills,
                st.home_practice_id as "homePracticeId"
           from staff_member st
          where st.org_id = $1 and (st.left_on is null or st.left_on >= $3::date)
            and (st.home_practice_id = $2 or st.employing_body = 'organisation'
                 or exists (select 1 from staff_site ss where ss.staff_id = st.id and ss.site_id = $4))
            and not exists (select 1 from session_assignment a
                             where a.session_id = $5 and a.staff_id = st.id)
          order by st.full_name, st.id`,
        [orgId, session.practiceId, day, session.siteId, sessionId],
      );
      const access = await siteAccessOf(
        db,
        rows.map((row) => row.id),
        day,
      );
      const candidates = rows.filter((row) => {
        const where = access.get(row.id);
        return (
          where !== undefined &&
          siteAccessProblem(where, siteOfSession(session), source) === null &&
          eligibilityProblems(session, personOf(row)).length === 0
        );
      });
      if (candidates.length === 0) return [];
      const ids = candidates.map((c) => c.id);
      const { rows: busy } = await db.query<SessionRow & { staffId: string }>(
        `select a.staff_id as "staffId", ${SESSION_COLUMNS} from session_assignment a
           join rota_session s on s.org_id = a.org_id and s.id = a.session_id
           join site si on si.org_id = s.org_id and si.id = s.site_id
          where a.org_id = $1 and a.staff_id = any($2::uuid[])
            and s.starts_at < $4::timestamptz + interval '1 day'
            and s.ends_at > $3::timestamptz - interval '1 day'`,
        [orgId, ids, session.startsAt, session.endsAt],
      );
      const { rows: away } = await db.query<Absence>(
        `select staff_id as "staffId", starts_on::text as "startsOn", ends_on::text as "endsOn"
           from absence where org_id = $1 and staff_id = any($2::uuid[])
            and $3::date between starts_on and ends_on`,
        [orgId, ids, dateInEngland(new Date(session.startsAt))],
      );
      const siteOf = await siteLookup(db, [session.siteId, ...busy.map((b) => b.siteId)]);
      return candidates
        .filter((c) => eligibilityProblems(session, personOf(c), away).length === 0)
        .filter((c) => {
          const theirs = busy.filter((b) => b.staffId === c.id).map(toSession);
          return rosterProblems(session, theirs, siteOf).length === 0;
        })
        .map((c) => ({
          staffId: c.id,
          fullName: c.fullName,
          staffRole: c.staffRole,
          homePracticeId: c.homePracticeId,
        }));
    },

    /**
     * Records leave or sickness. The person stays on their sessions, which become gaps: the
     * rota shows who is away and where cover is needed.
     */
    async recordAbsence(input: NewAbsence): Promise<AbsenceView> {
      if (!isIsoDate(input.startsOn)) throw invalid('/startsOn', 'not a date written YYYY-MM-DD');
      if (!isIsoDate(input.endsOn)) throw invalid('/endsOn', 'not a date written YYYY-MM-DD');
      if (input.endsOn < input.startsOn) throw invalid('/endsOn', 'must not be before the start');
      const person = await findStaff(db, input.staffId).catch(() => {
        throw new AtscaleError('not-found', 'The member of staff was not found', [
          { field: '/staffId', message: 'no such member of staff' },
        ]);
      });
      if (!canRead(person.homePracticeId)) throw notFound('The member of staff');
      requireManage(person.homePracticeId, 'record leave or sickness for this person');
      return inTransaction(null, async (tx) => {
        const { rows } = await tx.query<AbsenceView>(
          `insert into absence (org_id, staff_id, kind, starts_on, ends_on, recorded_by)
           values ($1, $2, $3, $4, $5, $6)
           returning id, staff_id as "staffId", kind, starts_on::text as "startsOn",
                     ends_on::text as "endsOn"`,
          [orgId, person.id, input.kind, input.startsOn, input.endsOn, principal.userId],
        );
        const row = rows[0];
        if (!row) throw new Error('absence insert returned no row');
        await audit(
          tx,
          person.homePracticeId,
          'absence.create',
          'absence',
          [row.id],
          `${input.kind} ${input.startsOn} to ${input.endsOn}`,
        );
        return { ...row, fullName: person.fullName };
      });
    },

    /** Removes an absence recorded in error (or cut short): the person is back on the rota. */
    async cancelAbsence(absenceId: string): Promise<void> {
      const { rows } = await db.query<{ homePracticeId: string | null; kind: string }>(
        `select st.home_practice_id as "homePracticeId", ab.kind
           from absence ab join staff_member st on st.org_id = ab.org_id and st.id = ab.staff_id
          where ab.org_id = $1 and ab.id = $2`,
        [orgId, absenceId],
      );
      const row = rows[0];
      if (!row || !canRead(row.homePracticeId)) throw notFound('The absence');
      requireManage(row.homePracticeId, 'cancel this absence');
      await inTransaction(null, async (tx) => {
        await tx.query('delete from absence where org_id = $1 and id = $2', [orgId, absenceId]);
        await audit(tx, row.homePracticeId, 'absence.delete', 'absence', [absenceId], row.kind);
      });
    },
  };
}

/** The rota repository for one caller. */
export type RotaRepository = ReturnType<typeof rotaRepository>;
