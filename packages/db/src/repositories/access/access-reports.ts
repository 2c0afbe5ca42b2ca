import {
  AtscaleError,
  assessGaming,
  assertIsoDate,
  dnaRate,
  fairShares,
  forbidden,
  GAMING_RULE,
  isoWeekOf,
  isWorkingDay,
  LEAD_TIME_BUCKETS,
  leadTimeBucket,
  MEMBER_STAGES,
  nextDate,
  reachOf,
  startOfDayInEngland,
  type IsoDate,
  type LeadTimeBucket,
  type PracticeWeekAssessment,
  type PracticeWeekFacts,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';

/** The organisation's figures for a week, beside which each practice is read. */
export interface OrganisationWeek {
  readonly week: string;
  readonly inHousePer1000: number | null;
  readonly agreedPer1000: number | null;
  readonly hubPer1000: number | null;
  readonly hubFairSharePer1000: number | null;
  readonly referralsBeforeThreshold: number;
  readonly overrides: number;
}

/** The gaming report (ACC-5). */
export interface GamingReport {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The outlier rule in words. */
  readonly rule: string;
  readonly weeks: string[];
  /** Each practice the caller may see, by week. */
  readonly practices: PracticeWeekAssessment[];
  readonly organisation: OrganisationWeek[];
}

/** A practice's (or the organisation's) DNAs in one lead time bucket. */
export interface DnaBucket {
  readonly bucket: LeadTimeBucket;
  readonly attended: number;
  readonly didNotAttend: number;
  readonly rate: number | null;
}

/** DNA rates by lead time (ACC-5). */
export interface DnaReport {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly practices: {
    readonly practiceId: string;
    readonly practiceName: string;
    readonly buckets: DnaBucket[];
  }[];
  readonly organisation: DnaBucket[];
}

/** The longest period a report covers. */
export const ACCESS_REPORT_MAX_DAYS = 92;

const OCCUPIED = `('booked', 'attended', 'did-not-attend')`;
const englandDate = (column: string) =>
  `to_char(${column} at time zone 'Europe/London', 'YYYY-MM-DD')`;

const per1000 = (count: number, list: number) => (list > 0 ? (count * 1000) / list : null);

/**
 * Access reports (ACC-5): the gaming report and DNAs by lead time. Counts by practice and
 * week, no patient named, so nothing is audited. `access-report:read` across the organisation
 * sees every practice; a practice's reader sees their practice beside the organisation's totals.
 */
export function accessReportRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;

  const period = (from: string, to: string) => {
    assertIsoDate(from, '/from');
    assertIsoDate(to, '/to');
    if (to < from) {
      throw new AtscaleError('validation-failed', 'to: must be on or after from', [
        { field: '/to', message: 'must be on or after from' },
      ]);
    }
    if (Date.parse(to) - Date.parse(from) > (ACCESS_REPORT_MAX_DAYS - 1) * 86_400_000) {
      const message = `A report covers at most ${ACCESS_REPORT_MAX_DAYS} days`;
      throw new AtscaleError('validation-failed', `to: ${message}`, [{ field: '/to', message }]);
    }
    return {
      start: startOfDayInEngland(from),
      end: startOfDayInEngland(nextDate(to)),
    };
  };

  /** Which practices' rows the caller sees: all, or the practices of their grants. */
  const visible = () => {
    const reach = reachOf(principal, 'access-report:read');
    if (reach.kind === 'none') throw forbidden('see access reports');
    return (id: string) => reach.kind === 'organisation' || reach.practiceIds.includes(id);
  };

  const members = async (to: IsoDate) => {
    const { rows } = await db.query<{ id: string; name: string; listSize: number }>(
      `select p.id, p.name,
              coalesce((select l.list_size from practice_list_size l
                         where l.org_id = p.org_id and l.practice_id = p.id and l.date <= $3
                         order by l.date desc limit 1), 0) as "listSize"
         from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and (m.stage is null or m.stage = any($2::text[]))
        order by p.name, p.id`,
      [orgId, MEMBER_STAGES, to],
    );
    return rows;
  };

  return {
    /**
     * Per practice and ISO week: in-house places offered and hub places used per 1,000 patients
     * against the agreed level and the fair share, referrals before the threshold and
     * overrides, with outliers flagged by `GAMING_RULE`.
     */
    async gaming(from: string, to: string): Promise<GamingReport> {
      const { start, end } = period(from, to);
      const sees = visible();
      const practices = await members(to);
      const dates: IsoDate[] = [];
      for (let d = from; d <= to; d = nextDate(d)) dates.push(d);
      const weeks = [...new Set(dates.map(isoWeekOf))];
      const inHouse = await db.query<{ practiceId: string; date: IsoDate; places: number }>(
        `select practice_id as "practiceId", ${englandDate('starts_at')} as date,
                sum(capacity)::int as places
           from slot
          where org_id = $1 and practice_id is not null and hub_id is null and status = 'open'
            and starts_at >= $2 and starts_at < $3
          group by 1, 2`,
        [orgId, start, end],
      );
      const thresholds = await db.query<{ hubId: string; practiceId: string; threshold: number }>(
        `select hub_id as "hubId", practice_id as "practiceId", daily_threshold as threshold
           from hub_practice where org_id = $1`,
        [orgId],
      );
      const hubCapacity = await db.query<{ hubId: string; date: IsoDate; capacity: number }>(
        `select hub_id as "hubId", ${englandDate('starts_at')} as date,
                sum(capacity)::int as capacity
           from slot
          where org_id = $1 and hub_id is not null and status = 'open'
            and starts_at >= $2 and starts_at < $3
          group by 1, 2`,
        [orgId, start, end],
      );
      // Each hub booking, whether it had an override reason, and whether the practice had
      // booked its agreed number in house that day by the time it was made.
      const hubUse = await db.query<{
        practiceId: string;
        date: IsoDate;
        used: number;
        beforeThreshold: number;
        overrides: number;
      }>(
        `with hub_booking as (
           select a.practice_id, s.hub_id, ${englandDate('s.starts_at')} as date,
                  coalesce(a.booked_at, a.created_at) as booked_at, a.hub_override_reason
             from appointment a join slot s on s.org_id = a.org_id and s.id = a.slot_id
            where a.org_id = $1 and s.hub_id is not null and a.status in ${OCCUPIED}
              and a.practice_id is not null and s.starts_at >= $2 and s.starts_at < $3
         )
         select hb.practice_id as "practiceId", hb.date, count(*)::int as used,
                count(*) filter (where hp.daily_threshold is not null and (
                  select count(*) from appointment i join slot si
                      on si.org_id = i.org_id and si.id = i.slot_id
                   where i.org_id = $1 and si.practice_id = hb.practice_id and si.hub_id is null
                     and i.status in ${OCCUPIED}
                     and si.starts_at >= (hb.date::date)::timestamp at time zone 'Europe/London'
                     and si.starts_at < (hb.date::date + 1)::timestamp at time zone 'Europe/London'
                     and coalesce(i.booked_at, i.created_at) <= hb.booked_at
                ) < hp.daily_threshold)::int as "beforeThreshold",
                count(hb.hub_override_reason)::int as overrides
           from hub_booking hb
           left join hub_practice hp
             on hp.org_id = $1 and hp.hub_id = hb.hub_id and hp.practice_id = hb.practice_id
          group by 1, 2`,
        [orgId, start, end],
      );

      const listOf = new Map(practices.map((p) => [p.id, p.listSize]));
      const key = (practiceId: string, week: string) => `${practiceId} ${week}`;
      const add = (map: Map<string, number>, k: string, n: number) =>
        map.set(k, (map.get(k) ?? 0) + n);
      const offered = new Map<string, number>();
      for (const r of inHouse.rows) add(offered, key(r.practiceId, isoWeekOf(r.date)), r.places);
      const agreedDaily = new Map<string, number>();
      for (const t of thresholds.rows) {
        agreedDaily.set(t.practiceId, Math.max(agreedDaily.get(t.practiceId) ?? 0, t.threshold));
      }
      const workingDays = new Map<string, number>();
      for (const d of dates) if (isWorkingDay(d)) add(workingDays, isoWeekOf(d), 1);
      const shares = new Map<string, number>();
      for (const h of hubCapacity.rows) {
        const hubMembers = thresholds.rows
          .filter((t) => t.hubId === h.hubId)
          .map((t) => ({ practiceId: t.practiceId, listSize: listOf.get(t.practiceId) ?? 0 }));
        for (const [practiceId, share] of fairShares(h.capacity, hubMembers)) {
          add(shares, key(practiceId, isoWeekOf(h.date)), share);
        }
      }
      const used = new Map<string, number>();
      const before = new Map<string, number>();
      const overrides = new Map<string, number>();
      for (const r of hubUse.rows) {
        const k = key(r.practiceId, isoWeekOf(r.date));
        add(used, k, r.used);
        add(before, k, r.beforeThreshold);
        add(overrides, k, r.overrides);
      }
      const facts: PracticeWeekFacts[] = practices.flatMap((p) =>
        weeks.map((week) => {
          const k = key(p.id, week);
          return {
            practiceId: p.id,
            practiceName: p.name,
            week,
            listSize: p.listSize,
            inHousePlaces: offered.get(k) ?? 0,
            agreedInHousePlaces: (agreedDaily.get(p.id) ?? 0) * (workingDays.get(week) ?? 0),
            hubPlacesUsed: used.get(k) ?? 0,
            hubFairShare: shares.get(k) ?? 0,
            referralsBeforeThreshold: before.get(k) ?? 0,
            overrides: overrides.get(k) ?? 0,
          };
        }),
      );
      const assessed = assessGaming(facts);
      const organisation = weeks.map((week): OrganisationWeek => {
        const rows = facts.filter((f) => f.week === week);
        const sum = (f: (r: PracticeWeekFacts) => number) => rows.reduce((s, r) => s + f(r), 0);
        const list = sum((r) => r.listSize);
        // The agreed level and the shares are only those of practices in a hub.
        const inHub = rows.filter((r) => agreedDaily.has(r.practiceId));
        const hubList = inHub.reduce((s, r) => s + r.listSize, 0);
        return {
          week,
          inHousePer1000: per1000(
            sum((r) => r.inHousePlaces),
            list,
          ),
          agreedPer1000: per1000(
            inHub.reduce((s, r) => s + r.agreedInHousePlaces, 0),
            hubList,
          ),
          hubPer1000: per1000(
            sum((r) => r.hubPlacesUsed),
            list,
          ),
          hubFairSharePer1000: per1000(
            inHub.reduce((s, r) => s + r.hubFairShare, 0),
            hubList,
          ),
          referralsBeforeThreshold: sum((r) => r.referralsBeforeThreshold),
          overrides: sum((r) => r.overrides),
        };
      });
      return {
        from,
        to,
        rule: GAMING_RULE.description,
        weeks,
        practices: assessed.filter((r) => sees(r.practiceId)),
        organisation,
      };
    },

    /** DNA rates by how long before the appointment it was booked, per practice. */
    async dna(from: string, to: string): Promise<DnaReport> {
      const { start, end } = period(from, to);
      const sees = visible();
      const practices = await members(to);
      const { rows } = await db.query<{
        practiceId: string;
        days: number;
        attended: number;
        didNotAttend: number;
      }>(
        `select a.practice_id as "practiceId",
                ((lower(a.during) at time zone 'Europe/London')::date
                  - (coalesce(a.booked_at, a.created_at) at time zone 'Europe/London')::date) as days,
                count(*) filter (where a.status = 'attended')::int as attended,
                count(*) filter (where a.status = 'did-not-attend')::int as "didNotAttend"
           from appointment a
          where a.org_id = $1 and a.status in ('attended', 'did-not-attend')
            and a.practice_id is not null
            and lower(a.during) >= $2 and lower(a.during) < $3
          group by 1, 2`,
        [orgId, start, end],
      );
      const origin = '2000-01-01';
      const bucketOf = (days: number) => leadTimeBucket(origin, nextDate(origin, days));
      const tally = (filter: (practiceId: string) => boolean): DnaBucket[] =>
        LEAD_TIME_BUCKETS.map((bucket) => {
          const inBucket = rows.filter((r) => filter(r.practiceId) && bucketOf(r.days) === bucket);
          const count = {
            attended: inBucket.reduce((s, r) => s + r.attended, 0),
            didNotAttend: inBucket.reduce((s, r) => s + r.didNotAttend, 0),
          };
          return { bucket, ...count, rate: dnaRate(count) };
        });
      const memberIds = new Set(practices.map((p) => p.id));
      return {
        from,
        to,
        practices: practices
          .filter((p) => sees(p.id))
          .map((p) => ({
            practiceId: p.id,
            practiceName: p.name,
            buckets: tally((id) => id === p.id),
          })),
        organisation: tally((id) => memberIds.has(id)),
      };
    },
  };
}

/** The access report repository a request handler is given. */
export type AccessReportRepository = ReturnType<typeof accessReportRepository>;
