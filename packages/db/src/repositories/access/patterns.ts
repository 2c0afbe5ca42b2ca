import {
  AtscaleError,
  PERIOD_TIMES,
  SERVICE_ROLE,
  canAt,
  englandTimeToInstant,
  forbidden,
  grantingRole,
  isIsoDate,
  isLocalTime,
  nextDate,
  notFound,
  reachOf,
  type DeliveryChannel,
  type SessionPeriod,
  type SlotService,
  type SlotVisibility,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { doubleRosterConflict } from '../rota.js';
import { insertSlotsForSessions, overlapConflict } from './slots.js';
import { sqlState, FOREIGN_KEY_VIOLATION, EXCLUSION_VIOLATION } from '../../sql-errors.js';

/** A weekly session pattern as the API shows it. */
export interface SessionPatternView {
  readonly id: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly practiceId: string | null;
  readonly staffId: string | null;
  readonly staffName: string | null;
  readonly roomId: string | null;
  readonly hubId: string | null;
  /** ISO weekday: 1 Monday .. 7 Sunday. */
  readonly weekday: number;
  readonly period: SessionPeriod;
  /** Local 'HH:MM' in England. */
  readonly startTime: string;
  readonly endTime: string;
  readonly requiredRole: StaffRole;
  readonly requiredSkills: string[];
  readonly service: SlotService | null;
  readonly channel: DeliveryChannel | null;
  readonly slotMinutes: number | null;
  readonly visibility: SlotVisibility | null;
  readonly slotCapacity: number;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly skips: { date: string; reason: string | null }[];
}

/** A new weekly pattern. A pattern with a service makes slots; one without, only sessions. */
export interface NewSessionPattern {
  readonly siteId: string;
  readonly staffId?: string | null | undefined;
  readonly roomId?: string | null | undefined;
  readonly hubId?: string | null | undefined;
  readonly weekday: number;
  readonly period: SessionPeriod;
  readonly startTime?: string | null | undefined;
  readonly endTime?: string | null | undefined;
  readonly requiredRole: StaffRole;
  readonly requiredSkills?: readonly string[] | undefined;
  readonly service?: SlotService | null | undefined;
  readonly channel?: DeliveryChannel | null | undefined;
  readonly slotMinutes?: number | null | undefined;
  readonly visibility?: SlotVisibility | null | undefined;
  readonly slotCapacity?: number | undefined;
  readonly validFrom: string;
  readonly validUntil?: string | null | undefined;
}

/** What generating sessions from patterns made. */
export interface GenerationResult {
  readonly sessionsCreated: number;
  /** Sessions that already existed for a pattern and date: generating again is harmless. */
  readonly sessionsExisting: number;
  readonly slotsCreated: number;
}

/** Longest range one generation covers, in days. */
export const MAX_GENERATE_DAYS = 93;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

const PATTERN_COLUMNS = `p.id, p.site_id as "siteId", si.name as "siteName",
  si.practice_id as "practiceId", p.staff_id as "staffId", st.full_name as "staffName",
  p.room_id as "roomId", p.hub_id as "hubId", p.weekday, p.period,
  to_char(p.starts_local, 'HH24:MI') as "startTime", to_char(p.ends_local, 'HH24:MI') as "endTime",
  p.required_role as "requiredRole", p.required_skills as "requiredSkills", p.service, p.channel,
  p.slot_minutes as "slotMinutes", p.visibility, p.slot_capacity as "slotCapacity",
  p.valid_from::text as "validFrom", p.valid_until::text as "validUntil",
  coalesce((select json_agg(json_build_object('date', k.skipped_on::text, 'reason', k.reason)
                            order by k.skipped_on)
              from session_pattern_skip k where k.pattern_id = p.id), '[]') as skips`;

/** The ISO weekday (1 Monday .. 7 Sunday) of a date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * Weekly session patterns (ACC-3) for one caller, and generating rota sessions from them:
 * the rota's own sessions (one model of sessions), each rostered with the pattern's clinician
 * when it names one, and cut into slots when it offers a service. Generating is idempotent:
 * a pattern makes at most one session a date. Needs `access:manage` at the site's practice.
 */
export function sessionPatternRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const canRead = (practiceId: string | null) =>
    canAt(principal, 'rota:read', { orgId, practiceId });
  const requireManage = (practiceId: string | null, what: string) => {
    if (!canAt(principal, 'access:manage', { orgId, practiceId })) throw forbidden(what);
  };
  const audit = (practiceId: string | null, action: string, id: string, reason: string | null) => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'access:manage', { orgId, practiceId }),
    action,
    entityType: 'session_pattern',
    entityId: id,
    patientId: null,
    reason,
    requestId,
  });

  const load = async (q: Queryable, where: string, params: readonly unknown[]) => {
    const { rows } = await q.query<SessionPatternView>(
      `select ${PATTERN_COLUMNS} from session_pattern p
         join site si on si.org_id = p.org_id and si.id = p.site_id
         left join staff_member st on st.org_id = p.org_id and st.id = p.staff_id
        where p.org_id = $1 and ${where}
        order by si.name, p.weekday, p.starts_local, p.id`,
      [orgId, ...params],
    );
    return rows;
  };

  const find = async (patternId: string) => {
    const [pattern] = await load(db, 'p.id = $2', [patternId]);
    if (!pattern || !canRead(pattern.practiceId)) throw notFound('The pattern');
    return pattern;
  };

  const validate = (input: NewSessionPattern) => {
    if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7) {
      throw invalid('/weekday', 'a weekday from 1 (Monday) to 7 (Sunday)');
    }
    let start: string;
    let end: string;
    if (input.period === 'custom') {
      if (input.startTime == null || !isLocalTime(input.startTime)) {
        throw invalid('/startTime', 'a pattern at other times needs a start time written HH:MM');
      }
      if (input.endTime == null || !isLocalTime(input.endTime)) {
        throw invalid('/endTime', 'a pattern at other times needs an end time written HH:MM');
      }
      if (input.endTime <= input.startTime)
        throw invalid('/endTime', 'the end must be after the start');
      start = input.startTime;
      end = input.endTime;
    } else {
      if (input.startTime != null)
        throw invalid('/startTime', 'only a pattern at other times has one');
      if (input.endTime != null) throw invalid('/endTime', 'only a pattern at other times has one');
      ({ start, end } = PERIOD_TIMES[input.period]);
    }
    if (!isIsoDate(input.validFrom)) throw invalid('/validFrom', 'not a date written YYYY-MM-DD');
    if (input.validUntil != null) {
      if (!isIsoDate(input.validUntil))
        throw invalid('/validUntil', 'not a date written YYYY-MM-DD');
      if (input.validUntil < input.validFrom) {
        throw invalid('/validUntil', 'must not be before the first day');
      }
    }
    if (input.service != null) {
      if (input.channel == null)
        throw invalid('/channel', 'a pattern with a service needs a channel');
      if (input.slotMinutes == null) {
        throw invalid('/slotMinutes', 'a pattern with a service needs a slot length');
      }
      if (input.visibility == null) {
        throw invalid('/visibility', 'a pattern with a service says who may book it');
      }
      if (SERVICE_ROLE[input.service] !== input.requiredRole) {
        throw invalid(
          '/requiredRole',
          `${input.service} slots are offered by a ${SERVICE_ROLE[input.service]}`,
        );
      }
      if ((input.visibility === 'hub') !== (input.hubId != null)) {
        throw invalid('/hubId', 'hub slots, and only they, name their hub');
      }
    } else if (input.channel != null || input.slotMinutes != null || input.visibility != null) {
      throw invalid('/service', 'say which service the slots offer');
    }
    if (
      input.slotCapacity !== undefined &&
      (!Number.isInteger(input.slotCapacity) || input.slotCapacity < 1 || input.slotCapacity > 50)
    ) {
      throw invalid('/slotCapacity', 'a whole number of places from 1 to 50');
    }
    return { start, end };
  };

  return {
    /** The patterns of a practice's sites (or of every site the caller reaches). */
    async list(filter: { practiceId?: string | undefined } = {}): Promise<SessionPatternView[]> {
      if (reachOf(principal, 'rota:read').kind === 'none') throw forbidden('see patterns');
      const rows = await load(db, '($2::uuid is null or si.practice_id = $2)', [
        filter.practiceId ?? null,
      ]);
      return rows.filter((p) => canRead(p.practiceId));
    },

    /** Adds a weekly pattern. */
    async create(input: NewSessionPattern): Promise<SessionPatternView> {
      const { start, end } = validate(input);
      const { rows: sites } = await db.query<{ practiceId: string | null }>(
        'select practice_id as "practiceId" from site where org_id = $1 and id = $2',
        [orgId, input.siteId],
      );
      const site = sites[0];
      if (!site || !canRead(site.practiceId)) {
        throw new AtscaleError('not-found', 'The site was not found', [
          { field: '/siteId', message: 'no such site' },
        ]);
      }
      requireManage(site.practiceId, 'add patterns at this site');
      const id = await db
        .transaction(async (tx) => {
          const { rows } = await tx.query<{ id: string }>(
            `insert into session_pattern (org_id, site_id, staff_id, room_id, hub_id, weekday, period,
                    starts_local, ends_local, required_role, required_skills, service, channel,
                    slot_minutes, visibility, slot_capacity, valid_from, valid_until)
             values ($1, $2, $3, $4, $5, $6, $7, $8::time, $9::time, $10, $11::text[], $12, $13,
                     $14, $15, $16, $17, $18)
             returning id`,
            [
              orgId,
              input.siteId,
              input.staffId ?? null,
              input.roomId ?? null,
              input.hubId ?? null,
              input.weekday,
              input.period,
              start,
              end,
              input.requiredRole,
              [...new Set(input.requiredSkills ?? [])],
              input.service ?? null,
              input.channel ?? null,
              input.slotMinutes ?? null,
              input.visibility ?? null,
              input.slotCapacity ?? 1,
              input.validFrom,
              input.validUntil ?? null,
            ],
          );
          const patternId = rows[0]?.id ?? '';
          await writeAudit(tx, [audit(site.practiceId, 'session-pattern.create', patternId, null)]);
          return patternId;
        })
        .catch((error: unknown) => {
          if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
            throw new AtscaleError('not-found', 'The member of staff, room or hub was not found', [
              { field: '/staffId', message: 'check the staff member, room and hub' },
            ]);
          }
          throw error;
        });
      return find(id);
    },

    /** Removes a pattern; sessions it made stay on the rota (no longer linked to it). */
    async remove(patternId: string): Promise<void> {
      const pattern = await find(patternId);
      requireManage(pattern.practiceId, 'remove this pattern');
      await db.transaction(async (tx) => {
        await tx.query('delete from session_pattern where org_id = $1 and id = $2', [
          orgId,
          patternId,
        ]);
        await writeAudit(tx, [
          audit(pattern.practiceId, 'session-pattern.delete', patternId, null),
        ]);
      });
    },

    /** Skips a date ("not this Tuesday"): generating makes no session that day. */
    async skip(
      patternId: string,
      date: string,
      reason: string | null,
    ): Promise<SessionPatternView> {
      if (!isIsoDate(date)) throw invalid('/date', 'not a date written YYYY-MM-DD');
      const pattern = await find(patternId);
      requireManage(pattern.practiceId, 'change this pattern');
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into session_pattern_skip (org_id, pattern_id, skipped_on, reason)
           values ($1, $2, $3, $4) on conflict (pattern_id, skipped_on) do update set reason = excluded.reason`,
          [orgId, patternId, date, reason],
        );
        await writeAudit(tx, [audit(pattern.practiceId, 'session-pattern.skip', patternId, date)]);
      });
      return find(patternId);
    },

    /**
     * Makes the rota sessions of the patterns (of one practice, or the given ones) for every
     * matching date in a range, rosters the pattern's clinician and cuts the slots, in one
     * transaction. Dates a pattern already made are left alone. A clinician or room in two
     * places at once is refused, naming them.
     */
    async generate(input: {
      practiceId?: string | undefined;
      patternIds?: readonly string[] | undefined;
      from: string;
      to: string;
    }): Promise<GenerationResult> {
      if (!isIsoDate(input.from)) throw invalid('/from', 'not a date written YYYY-MM-DD');
      if (!isIsoDate(input.to)) throw invalid('/to', 'not a date written YYYY-MM-DD');
      if (input.to < input.from) throw invalid('/to', 'the last day must not be before the first');
      if (input.to > nextDate(input.from, MAX_GENERATE_DAYS - 1)) {
        throw invalid('/to', `at most ${String(MAX_GENERATE_DAYS)} days at once`);
      }
      if (input.practiceId === undefined && input.patternIds === undefined) {
        throw invalid('/practiceId', 'name a practice or the patterns');
      }
      if (input.practiceId !== undefined) {
        const { rows: found } = await db.query(
          'select 1 from practice where org_id = $1 and id = $2',
          [orgId, input.practiceId],
        );
        if (found.length === 0 || !canRead(input.practiceId)) {
          throw new AtscaleError('not-found', 'The practice was not found', [
            { field: '/practiceId', message: 'no such practice' },
          ]);
        }
        requireManage(input.practiceId, 'generate sessions for this practice');
      }
      const patterns = (
        await load(
          db,
          '($2::uuid is null or si.practice_id = $2) and ($3::uuid[] is null or p.id = any($3::uuid[]))',
          [input.practiceId ?? null, input.patternIds ?? null],
        )
      ).filter((p) => canRead(p.practiceId));
      if (input.patternIds && patterns.length !== new Set(input.patternIds).size) {
        throw new AtscaleError('not-found', 'A pattern was not found', [
          { field: '/patternIds', message: 'no such pattern' },
        ]);
      }
      for (const p of patterns) requireManage(p.practiceId, 'generate sessions at this site');
      const rows: { patternId: string; date: string; startsAt: string; endsAt: string }[] = [];
      for (let date = input.from; date <= input.to; date = nextDate(date)) {
        const weekday = isoWeekday(date);
        for (const p of patterns) {
          if (p.weekday !== weekday || date < p.validFrom) continue;
          if (p.validUntil !== null && date > p.validUntil) continue;
          if (p.skips.some((s) => s.date === date)) continue;
          const startsAt = englandTimeToInstant(date, p.startTime);
          const endsAt = englandTimeToInstant(date, p.endTime);
          // A session wholly in the hour the clocks skip (01:00-02:00 on the last Sunday of
          // March) never happens that day: there is no time to hold it in.
          if (endsAt <= startsAt) continue;
          rows.push({ patternId: p.id, date, startsAt, endsAt });
        }
      }
      if (rows.length === 0) return { sessionsCreated: 0, sessionsExisting: 0, slotsCreated: 0 };
      try {
        return await db.transaction(async (tx) => {
          const { rows: made } = await tx.query<{ id: string; staffId: string | null }>(
            `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role,
                    required_skills, service, channel, slot_minutes, visibility, room_id, hub_id,
                    pattern_id, session_date)
             select $1, p.site_id, t.starts_at, t.ends_at, p.period, p.required_role,
                    p.required_skills, p.service, p.channel, p.slot_minutes, p.visibility,
                    p.room_id, p.hub_id, p.id, t.session_date
               from unnest($2::uuid[], $3::date[], $4::timestamptz[], $5::timestamptz[])
                    as t(pattern_id, session_date, starts_at, ends_at)
               join session_pattern p on p.org_id = $1 and p.id = t.pattern_id
             on conflict (pattern_id, session_date) where pattern_id is not null do nothing
             returning id, (select staff_id from session_pattern x where x.id = pattern_id) as "staffId"`,
            [
              orgId,
              rows.map((r) => r.patternId),
              rows.map((r) => r.date),
              rows.map((r) => r.startsAt),
              rows.map((r) => r.endsAt),
            ],
          );
          const rostered = made.filter((m) => m.staffId !== null);
          if (rostered.length > 0) {
            await tx.query(
              `insert into session_assignment (org_id, session_id, staff_id, source, assigned_by)
               select $1, t.session_id, t.staff_id, 'rota', $4
                 from unnest($2::uuid[], $3::uuid[]) as t(session_id, staff_id)`,
              [orgId, rostered.map((m) => m.id), rostered.map((m) => m.staffId), principal.userId],
            );
          }
          const ids = made.map((m) => m.id);
          const slotsCreated = await insertSlotsForSessions(tx, orgId, ids);
          const practices = [...new Set(patterns.map((p) => p.practiceId))];
          await writeAudit(
            tx,
            practices.map((practiceId) =>
              audit(
                practiceId,
                'session-pattern.generate',
                input.practiceId ?? patterns[0]?.id ?? '',
                `${input.from} to ${input.to}: ${String(ids.length)} sessions, ${String(slotsCreated)} slots`,
              ),
            ),
          );
          return {
            sessionsCreated: ids.length,
            sessionsExisting: rows.length - ids.length,
            slotsCreated,
          };
        });
      } catch (error) {
        if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
        const constraint = (error as { constraint?: unknown }).constraint;
        if (typeof constraint === 'string' && constraint.startsWith('session_assignment')) {
          throw await doubleRosterConflict(db, orgId, error, null);
        }
        throw await overlapConflict(db, orgId, error);
      }
    },
  };
}

/** The session pattern repository for one caller. */
export type SessionPatternRepository = ReturnType<typeof sessionPatternRepository>;
