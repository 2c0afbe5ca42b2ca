import {
  assertIsoDate,
  forbidden,
  hubDayUse,
  nextDate,
  notFound,
  reachOf,
  startOfDayInEngland,
  type HubBooking,
  type HubDayUse,
  type HubPracticeUse,
  type IsoDate,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { loadHubs, type Hub } from './hubs.js';

/** A practice's use of a hub day, with its name. */
export interface HubDayPractice extends HubPracticeUse {
  readonly name: string;
  readonly odsCode: string;
  readonly dailyThreshold: number;
}

/** The hub dashboard for one day (ACC-4). */
export interface HubDay extends Omit<HubDayUse, 'practices'> {
  readonly hub: { readonly id: string; readonly name: string; readonly releaseLeadMinutes: number };
  readonly date: IsoDate;
  readonly practices: HubDayPractice[];
}

/** One day of a hub's week, for the trend chart. */
export interface HubTrendDay {
  readonly date: IsoDate;
  readonly capacity: number;
  readonly bookedOrAttended: number;
  readonly didNotAttend: number;
  readonly utilisation: number | null;
  readonly recovered: number;
}

/** A hub's week: each day's figures and the week's totals. */
export interface HubWeek {
  readonly hub: { readonly id: string; readonly name: string; readonly releaseLeadMinutes: number };
  readonly from: IsoDate;
  readonly days: HubTrendDay[];
  readonly capacity: number;
  readonly bookedOrAttended: number;
  readonly utilisation: number | null;
  readonly recovered: number;
}

/** What a hub day reads: slot capacity and booked places, by England date. */
interface DayFacts {
  capacity: Map<IsoDate, number>;
  bookings: Map<IsoDate, HubBooking[]>;
  listSizes: Map<string, number>;
}

/**
 * The hub dashboard (ACC-4): capacity, fair shares, use, release and utilisation, per day and
 * per week. Figures only (counts by practice), no patient is named, so nothing is audited.
 * Readers need `access-report:read` or `access:manage`; one whose reach is some practices sees
 * a hub only when one of their practices shares it.
 */
export function hubUseRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;

  const visibleHub = async (hubId: string): Promise<Hub> => {
    const [hub] = await loadHubs(db, orgId, hubId);
    if (!hub) throw notFound('The hub');
    const reaches = [reachOf(principal, 'access-report:read'), reachOf(principal, 'access:manage')];
    if (reaches.some((r) => r.kind === 'organisation')) return hub;
    const mine = new Set(reaches.flatMap((r) => (r.kind === 'practices' ? r.practiceIds : [])));
    if (!hub.practices.some((p) => mine.has(p.practiceId))) throw forbidden('see this hub’s use');
    return hub;
  };

  const facts = async (hub: Hub, from: IsoDate, days: number): Promise<DayFacts> => {
    const start = startOfDayInEngland(from);
    const end = startOfDayInEngland(nextDate(from, days));
    const slots = await db.query<{ date: IsoDate; capacity: number }>(
      `select to_char(starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as date,
              sum(capacity)::int as capacity
         from slot
        where org_id = $1 and hub_id = $2 and status = 'open'
          and starts_at >= $3 and starts_at < $4
        group by 1`,
      [orgId, hub.id, start, end],
    );
    const booked = await db.query<HubBooking & { date: IsoDate }>(
      `select to_char(s.starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as date,
              a.practice_id as "practiceId", a.status,
              coalesce(a.booked_at, a.created_at)
                >= s.starts_at - make_interval(mins => $5::int) as "afterRelease"
         from appointment a join slot s on s.org_id = a.org_id and s.id = a.slot_id
        where a.org_id = $1 and s.hub_id = $2 and s.starts_at >= $3 and s.starts_at < $4
          and a.status in ('booked', 'attended', 'did-not-attend') and a.practice_id is not null`,
      [orgId, hub.id, start, end, hub.releaseLeadMinutes],
    );
    const lists = await db.query<{ practiceId: string; listSize: number }>(
      `select distinct on (practice_id) practice_id as "practiceId", list_size as "listSize"
         from practice_list_size
        where org_id = $1 and practice_id = any($2::uuid[]) and date <= $3
        order by practice_id, date desc`,
      [orgId, hub.practices.map((p) => p.practiceId), nextDate(from, days - 1)],
    );
    const bookings = new Map<IsoDate, HubBooking[]>();
    for (const { date, ...b } of booked.rows)
      bookings.set(date, [...(bookings.get(date) ?? []), b]);
    return {
      capacity: new Map(slots.rows.map((s) => [s.date, s.capacity])),
      bookings,
      listSizes: new Map(lists.rows.map((l) => [l.practiceId, l.listSize])),
    };
  };

  const useOn = (hub: Hub, f: DayFacts, date: IsoDate): HubDayUse =>
    hubDayUse({
      capacity: f.capacity.get(date) ?? 0,
      members: hub.practices.map((p) => ({
        practiceId: p.practiceId,
        listSize: f.listSizes.get(p.practiceId) ?? 0,
      })),
      bookings: f.bookings.get(date) ?? [],
    });

  const brief = (hub: Hub) => ({
    id: hub.id,
    name: hub.name,
    releaseLeadMinutes: hub.releaseLeadMinutes,
  });

  return {
    /** One day of a hub: capacity, each practice's share, use and release, utilisation. */
    async day(hubId: string, date: string): Promise<HubDay> {
      assertIsoDate(date, 'date');
      const hub = await visibleHub(hubId);
      const f = await facts(hub, date, 1);
      const use = useOn(hub, f, date);
      const byId = new Map(hub.practices.map((p) => [p.practiceId, p]));
      return {
        ...use,
        hub: brief(hub),
        date,
        practices: use.practices.map((p) => {
          const practice = byId.get(p.practiceId);
          return {
            ...p,
            name: practice?.name ?? '',
            odsCode: practice?.odsCode ?? '',
            dailyThreshold: practice?.dailyThreshold ?? 0,
          };
        }),
      };
    },

    /** Seven days of a hub from a date, for the trend chart. */
    async week(hubId: string, from: string): Promise<HubWeek> {
      assertIsoDate(from, 'from');
      const hub = await visibleHub(hubId);
      const f = await facts(hub, from, 7);
      const days = Array.from({ length: 7 }, (_, i): HubTrendDay => {
        const date = nextDate(from, i);
        const use = useOn(hub, f, date);
        return {
          date,
          capacity: use.capacity,
          bookedOrAttended: use.bookedOrAttended,
          didNotAttend: use.didNotAttend,
          utilisation: use.utilisation,
          recovered: use.recovered,
        };
      });
      const capacity = days.reduce((s, d) => s + d.capacity, 0);
      const bookedOrAttended = days.reduce((s, d) => s + d.bookedOrAttended, 0);
      return {
        hub: brief(hub),
        from,
        days,
        capacity,
        bookedOrAttended,
        utilisation: capacity === 0 ? null : Math.min(1, bookedOrAttended / capacity),
        recovered: days.reduce((s, d) => s + d.recovered, 0),
      };
    },
  };
}

/** The hub use repository a request handler is given. */
export type HubUseRepository = ReturnType<typeof hubUseRepository>;
