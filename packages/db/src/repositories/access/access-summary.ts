import {
  canAt,
  dateInEngland,
  forbidden,
  hubDayUse,
  nextDate,
  notFound,
  startOfDayInEngland,
  URGENCIES,
  URGENCY_WINDOW_HOURS,
  type HubBooking,
  type HubMember,
  type IsoDate,
  type RequestRouting,
  type SlotService,
  type Urgency,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { reachParams } from './requests.js';

/** Requests by where they stand, for the access overview. */
export interface RequestCounts {
  /** Waiting to be claimed, by the urgency a navigator gave (unassessed: none yet). */
  readonly waiting: number;
  readonly waitingByUrgency: Readonly<Record<Urgency | 'unassessed', number>>;
  /** Of the waiting, those past their urgency's window and still unclaimed. */
  readonly overdue: number;
  /** Claimed by a triager, not yet triaged. */
  readonly claimed: number;
  readonly triagedToday: number;
}

/** Free slots of one service, outside hubs: today from now on, and tomorrow. */
export interface FreeSlots {
  readonly service: SlotService;
  readonly today: number;
  readonly tomorrow: number;
}

/** A hub's day so far: its places, and the fair shares of the practices in the caller's scope. */
export interface HubToday {
  readonly id: string;
  readonly name: string;
  readonly capacity: number;
  /** Places booked (including those whose patient did not come). */
  readonly booked: number;
  /** The fair share of the practices in scope, how much of it their patients used, how much of it went to others after release. */
  readonly share: number;
  readonly used: number;
  readonly released: number;
}

/** A walk-in queue and how many tickets wait in it today. */
export interface WalkInToday {
  readonly id: string;
  readonly name: string;
  readonly siteName: string;
  readonly open: boolean;
  readonly waiting: number;
}

/** The morning overview of access for the caller's practices (or all, for central roles). */
export interface AccessSummary {
  readonly asAt: string;
  readonly today: IsoDate;
  readonly tomorrow: IsoDate;
  /** The practice asked for, or null for every practice the caller reaches. */
  readonly practiceId: string | null;
  readonly requests: RequestCounts;
  readonly freeSlots: FreeSlots[];
  readonly hubs: HubToday[];
  readonly walkIn: WalkInToday[];
}

interface HubRow {
  id: string;
  name: string;
  capacity: number;
  members: HubMember[];
  bookings: HubBooking[];
}

interface SummaryRow {
  requests: Record<string, number>;
  slots: FreeSlots[];
  hubs: HubRow[];
  walkIn: WalkInToday[];
}

/** The hold length of an organisation that has not set one (the column's default). */
export const DEFAULT_HOLD_MINUTES = 5;

const BOOKED = `('booked', 'attended', 'did-not-attend')`;

// The SQL twin of the domain's dueBy: each urgency's window (unassessed counts as same day),
// built from URGENCY_WINDOW_HOURS so the hours are said in one place only.
const WINDOW_HOURS = `case coalesce(r.urgency, 'same-day') ${URGENCIES.map(
  (u) => `when '${u}' then ${String(URGENCY_WINDOW_HOURS[u])}`,
).join(' ')} end`;

// One statement: $1 org, $2 org-wide, $3 practices, $4 start of today, $5 start of tomorrow,
// $6 start of the day after, $7 today's date, $8 now.
const SUMMARY = `
with req as (
  select r.status, r.urgency, r.received_at, r.triaged_at
    from patient_request r
   where r.org_id = $1 and ($2::boolean or r.practice_id = any($3::uuid[]))
     and (r.status in ('waiting', 'claimed') or r.triaged_at >= $4::timestamptz)
),
free as (
  select s.service,
         count(*) filter (where s.starts_at < $5::timestamptz)::int as today,
         count(*) filter (where s.starts_at >= $5::timestamptz)::int as tomorrow
    from slot s
   where s.org_id = $1 and s.status = 'open' and s.hub_id is null and s.taken < s.capacity
     and ($2::boolean or s.practice_id = any($3::uuid[]))
     and s.starts_at >= greatest($4::timestamptz, $8::timestamptz) and s.starts_at < $6::timestamptz
   group by s.service
),
hubs as (
  select h.id, h.name, h.release_lead_minutes
    from hub h
   where h.org_id = $1
     and ($2::boolean or exists (select 1 from hub_practice hp
                                  where hp.org_id = h.org_id and hp.hub_id = h.id
                                    and hp.practice_id = any($3::uuid[])))
)
select
  (select json_build_object(
     'waiting', count(*) filter (where status = 'waiting'),
     'overdue', count(*) filter (where status = 'waiting'
                                   and received_at + make_interval(hours => ${WINDOW_HOURS})
                                       < $8::timestamptz),
     'claimed', count(*) filter (where status = 'claimed'),
     'triagedToday', count(*) filter (where triaged_at >= $4::timestamptz),
     'unassessed', count(*) filter (where status = 'waiting' and urgency is null),
     ${URGENCIES.map(
       (u) => `'${u}', count(*) filter (where status = 'waiting' and urgency = '${u}')`,
     ).join(',\n     ')})
     from req r) as requests,
  (select coalesce(json_agg(json_build_object('service', service, 'today', today,
                                              'tomorrow', tomorrow) order by service), '[]'::json)
     from free) as slots,
  (select coalesce(json_agg(json_build_object(
     'id', h.id, 'name', h.name,
     'capacity', (select coalesce(sum(s.capacity), 0) from slot s
                   where s.org_id = $1 and s.hub_id = h.id and s.status = 'open'
                     and s.starts_at >= $4::timestamptz and s.starts_at < $5::timestamptz),
     'members', (select coalesce(json_agg(json_build_object(
                   'practiceId', hp.practice_id,
                   'listSize', coalesce((select l.list_size from practice_list_size l
                                          where l.org_id = $1 and l.practice_id = hp.practice_id
                                            and l.date <= $7::date
                                          order by l.date desc limit 1), 0))), '[]'::json)
                   from hub_practice hp where hp.org_id = $1 and hp.hub_id = h.id),
     'bookings', (select coalesce(json_agg(json_build_object(
                    'practiceId', a.practice_id, 'status', a.status,
                    'afterRelease', coalesce(a.booked_at, a.created_at)
                       >= s.starts_at - make_interval(mins => h.release_lead_minutes))), '[]'::json)
                    from appointment a join slot s on s.org_id = a.org_id and s.id = a.slot_id
                   where a.org_id = $1 and s.hub_id = h.id and a.status in ${BOOKED}
                     and a.practice_id is not null
                     and s.starts_at >= $4::timestamptz and s.starts_at < $5::timestamptz)
   ) order by h.name), '[]'::json) from hubs h) as hubs,
  (select coalesce(json_agg(json_build_object(
     'id', q.id, 'name', q.name, 'siteName', st.name, 'open', q.open,
     'waiting', (select count(*) from walk_in_ticket t
                  where t.org_id = $1 and t.queue_id = q.id and t.issued_on = $7::date
                    and t.status = 'waiting')) order by q.open desc, st.name, q.name), '[]'::json)
     from walk_in_queue q join site st on st.org_id = q.org_id and st.id = q.site_id
    where q.org_id = $1 and ($2::boolean or st.practice_id = any($3::uuid[]))) as "walkIn"`;

/**
 * The access overview (ACC-1..7) that navigators, triagers and practice managers open every
 * morning: requests waiting by urgency and overdue, claimed and triaged today, free slots today
 * and tomorrow, hub places and fair shares today, walk-in queues. Counts only, no patient is
 * named, so nothing is audited. Scoped like the triage queue: `triage:read` at a practice sees
 * that practice's figures; organisation-wide, every practice's (and the organisation's own
 * sites). One statement; the hub arithmetic is the domain's (hubDayUse).
 */
export function accessSummaryRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  return {
    /**
     * Where the organisation's requests are triaged and how long a slot is held while a
     * navigator talks to the patient: every role may see them, as it may see the call centres.
     */
    async routingSettings(): Promise<{ routing: RequestRouting; holdMinutes: number }> {
      const { rows } = await db.query<{ routing: RequestRouting; holdMinutes: number }>(
        `select request_routing as routing, hold_minutes as "holdMinutes"
           from organisation_settings where org_id = $1`,
        [orgId],
      );
      // An organisation without a settings row has the columns' defaults.
      return rows[0] ?? { routing: 'practice', holdMinutes: DEFAULT_HOLD_MINUTES };
    },

    /** The overview now, for every practice the caller reaches or for one of them. */
    async summary(
      input: { readonly practiceId?: string | undefined } = {},
    ): Promise<AccessSummary> {
      let reach = reachParams(principal, 'triage:read', 'see the access overview');
      const practiceId = input.practiceId ?? null;
      if (practiceId !== null) {
        const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
          orgId,
          practiceId,
        ]);
        if (rows.length === 0) throw notFound('The practice');
        if (!canAt(principal, 'triage:read', { orgId, practiceId })) {
          throw forbidden('see this practice’s access overview');
        }
        reach = { wide: false, practiceIds: [practiceId] };
      }
      const now = new Date();
      const today = dateInEngland(now);
      const tomorrow = nextDate(today);
      const { rows } = await db.query<SummaryRow>(SUMMARY, [
        orgId,
        reach.wide,
        reach.practiceIds,
        startOfDayInEngland(today),
        startOfDayInEngland(tomorrow),
        startOfDayInEngland(nextDate(today, 2)),
        today,
        now.toISOString(),
      ]);
      const row = rows[0];
      const count = (key: string) => row?.requests[key] ?? 0;
      const inScope = (id: string) => reach.wide || reach.practiceIds.includes(id);
      return {
        asAt: now.toISOString(),
        today,
        tomorrow,
        practiceId,
        requests: {
          waiting: count('waiting'),
          waitingByUrgency: {
            unassessed: count('unassessed'),
            ...(Object.fromEntries(URGENCIES.map((u) => [u, count(u)])) as Record<Urgency, number>),
          },
          overdue: count('overdue'),
          claimed: count('claimed'),
          triagedToday: count('triagedToday'),
        },
        freeSlots: row?.slots ?? [],
        hubs: (row?.hubs ?? []).map((hub) => {
          const use = hubDayUse({
            capacity: hub.capacity,
            members: hub.members,
            bookings: hub.bookings,
          });
          const mine = use.practices.filter((p) => inScope(p.practiceId));
          const sum = (pick: (p: (typeof mine)[number]) => number) =>
            mine.reduce((total, p) => total + pick(p), 0);
          return {
            id: hub.id,
            name: hub.name,
            capacity: use.capacity,
            booked: hub.bookings.length,
            share: sum((p) => p.share),
            used: sum((p) => p.used),
            released: sum((p) => p.released),
          };
        }),
        walkIn: row?.walkIn ?? [],
      };
    },
  };
}

/** The access summary repository a request handler is given. */
export type AccessSummaryRepository = ReturnType<typeof accessSummaryRepository>;
