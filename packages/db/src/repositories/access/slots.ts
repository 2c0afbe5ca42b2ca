import {
  AtscaleError,
  SLOT_SERVICE_LABELS,
  SLOT_SERVICES,
  can,
  canAt,
  cutSlots,
  distanceKm,
  forbidden,
  grantingRole,
  isIsoDate,
  nextDate,
  normalisePostcode,
  notFound,
  placesLeft,
  policyFor,
  reachOf,
  startOfDayInEngland,
  timeInEngland,
  visibilityProblem,
  type DeliveryChannel,
  type OrganisationForm,
  type SlotService,
  type SlotVisibility,
  type StaffRole,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import {
  CHECK_VIOLATION,
  EXCLUSION_VIOLATION,
  FOREIGN_KEY_VIOLATION,
  sqlErrorDetail,
  sqlState,
} from '../../sql-errors.js';

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

export { invalid as accessInvalid };

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

/** A slot in words for a message: "the 09:10 GP slot at Riverside Surgery on Mon 3 Mar". */
export function describeSlot(slot: {
  readonly startsAt: string;
  readonly service: string;
  readonly siteName: string;
}): string {
  const labels: Readonly<Record<string, string | undefined>> = SLOT_SERVICE_LABELS;
  const label = labels[slot.service] ?? slot.service;
  return `the ${timeInEngland(slot.startsAt)} ${label} slot at ${slot.siteName} on ${dayFormat.format(new Date(slot.startsAt))}`;
}

/** "The ..." with a capital: a sentence may start with a slot. */
export const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/*
 * Refusals because of the current state (the place was taken, the slot withdrawn, the hold
 * lapsed, a clinician or room already in use), as distinct from the booking rules' refusals
 * (visibility, the hub's share, the triage outcome). Both are 'conflict' to the app; the FHIR
 * facade answers the first 409 and the second 422, so it asks here which one it has.
 */
const STATE_CONFLICTS = new WeakSet<AtscaleError>();

/** Marks a conflict as one of the current state (see `isStateConflict`). */
export function stateConflict(error: AtscaleError): AtscaleError {
  STATE_CONFLICTS.add(error);
  return error;
}

/** Whether a refusal is because of the current state rather than a booking rule. */
export const isStateConflict = (error: unknown): boolean =>
  error instanceof AtscaleError && STATE_CONFLICTS.has(error);

const EXISTING =
  /existing key \((staff_id|room_id), during(?:, slot_id)?\)=\(([0-9a-f-]{36}), \["([^"]+)","([^"]+)"\)/i;

/**
 * The conflict for a refusal by an exclusion constraint on slots or appointments (SQLSTATE
 * 23P01): which clinician or room would be in two places at once, and when, read from the
 * constraint's detail.
 */
export async function overlapConflict(
  q: Queryable,
  orgId: string,
  error: unknown,
): Promise<AtscaleError> {
  const detail = sqlErrorDetail(error);
  const match = EXISTING.exec(detail);
  if (!match) {
    return stateConflict(
      new AtscaleError('conflict', 'A clinician or a room would be in two places at once'),
    );
  }
  const [, column, id, from] = match;
  const { rows } = await q.query<{ name: string }>(
    column === 'room_id'
      ? `select r.name || ' at ' || si.name as name from room r
           join site si on si.org_id = r.org_id and si.id = r.site_id
          where r.org_id = $1 and r.id = $2`
      : 'select full_name as name from staff_member where org_id = $1 and id = $2',
    [orgId, id],
  );
  const who = rows[0]?.name ?? (column === 'room_id' ? 'The room' : 'The clinician');
  const when = from
    ? `${dayFormat.format(new Date(from))} ${timeInEngland(new Date(from).toISOString())}`
    : '';
  return stateConflict(
    new AtscaleError(
      'conflict',
      column === 'room_id'
        ? `Room ${who} is already in use at ${when}: a room cannot hold two slots at once`
        : `${who} already has a slot at ${when}: a clinician cannot be in two places at once`,
    ),
  );
}

/** A slot as the finder shows it. */
export interface SlotView {
  readonly id: string;
  readonly sessionId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Local 'HH:MM' and date in England. */
  readonly startTime: string;
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly visibility: SlotVisibility;
  readonly siteId: string;
  readonly siteName: string;
  readonly practiceId: string | null;
  readonly practiceName: string | null;
  readonly hubId: string | null;
  readonly hubName: string | null;
  readonly staffId: string | null;
  readonly staffName: string | null;
  readonly staffRole: StaffRole | null;
  readonly roomId: string | null;
  readonly roomName: string | null;
  readonly capacity: number;
  readonly overbooked: number;
  readonly taken: number;
  readonly placesLeft: number;
  readonly status: 'open' | 'cancelled';
  /** When the slot row last changed (an ISO instant; places taken change it too). */
  readonly updatedAt: string;
  /** Kilometres from the place searched from, when both are known. */
  readonly distanceKm: number | null;
}

interface SlotRow {
  id: string;
  sessionId: string;
  startsAt: Date | string;
  endsAt: Date | string;
  service: SlotService;
  channel: DeliveryChannel;
  visibility: SlotVisibility;
  siteId: string;
  siteName: string;
  latitude: number | null;
  longitude: number | null;
  practiceId: string | null;
  practiceName: string | null;
  hubId: string | null;
  hubName: string | null;
  staffId: string | null;
  staffName: string | null;
  staffRole: StaffRole | null;
  roomId: string | null;
  roomName: string | null;
  capacity: number;
  overbooked: number;
  taken: number;
  lapsed: number;
  status: 'open' | 'cancelled';
  releaseLeadMinutes: number | null;
  updatedAt: Date | string;
}

/**
 * The slot columns: `sl` the slot; holds that have lapsed are counted as free (`lapsed`). Names
 * are scalar subqueries by primary key rather than joins: planning a six-way join took ten
 * times longer than running it, on the booking path. The slot's composite foreign keys
 * (org_id, x_id) already make every one of them the organisation's.
 */
export const SLOT_SELECT = `select sl.id, sl.session_id as "sessionId", sl.starts_at as "startsAt",
    sl.ends_at as "endsAt", sl.service, sl.channel, sl.visibility, sl.site_id as "siteId",
    si.name as "siteName", si.latitude::float8 as latitude, si.longitude::float8 as longitude,
    sl.practice_id as "practiceId",
    (select name from practice where id = sl.practice_id) as "practiceName",
    sl.hub_id as "hubId", (select name from hub where id = sl.hub_id) as "hubName",
    (select release_lead_minutes from hub where id = sl.hub_id) as "releaseLeadMinutes",
    sl.staff_id as "staffId",
    (select full_name from staff_member where id = sl.staff_id) as "staffName",
    (select staff_role from staff_member where id = sl.staff_id) as "staffRole",
    sl.room_id as "roomId", (select name from room where id = sl.room_id) as "roomName",
    sl.capacity, sl.overbooked, sl.taken, sl.status, sl.updated_at as "updatedAt",
    (select count(*)::int from appointment a
      where a.slot_id = sl.id and a.status = 'held' and a.hold_expires_at <= now()) as lapsed
   from slot sl
   join site si on si.id = sl.site_id`;

/** Internal: a slot row with what the booking rules need. */
export type LoadedSlot = Omit<SlotView, 'distanceKm' | 'startTime'> & {
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly releaseLeadMinutes: number | null;
};

/** Turns a slot row into its view; lapsed holds count as free places. */
export function toLoadedSlot(row: SlotRow): LoadedSlot {
  const startsAt = new Date(row.startsAt).toISOString();
  const taken = row.taken - row.lapsed;
  return {
    id: row.id,
    sessionId: row.sessionId,
    startsAt,
    endsAt: new Date(row.endsAt).toISOString(),
    service: row.service,
    channel: row.channel,
    visibility: row.visibility,
    siteId: row.siteId,
    siteName: row.siteName,
    latitude: row.latitude,
    longitude: row.longitude,
    practiceId: row.practiceId,
    practiceName: row.practiceName,
    hubId: row.hubId,
    hubName: row.hubName,
    releaseLeadMinutes: row.releaseLeadMinutes,
    staffId: row.staffId,
    staffName: row.staffName,
    staffRole: row.staffRole,
    roomId: row.roomId,
    roomName: row.roomName,
    capacity: row.capacity,
    overbooked: row.overbooked,
    taken,
    // A slot over capacity on purpose has no place left for an ordinary booking.
    placesLeft: Math.min(
      placesLeft({ ...row, taken, practiceId: row.practiceId, hubId: row.hubId }),
      Math.max(0, row.capacity - taken),
    ),
    status: row.status,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Loads one slot of the organisation, or null. */
export async function loadSlot(
  q: Queryable,
  orgId: string,
  slotId: string,
): Promise<LoadedSlot | null> {
  // By primary key, the organisation checked in a way no index serves (see appointments.ts).
  const { rows } = await q.query<SlotRow>(
    `${SLOT_SELECT} where sl.id = $2 and sl.org_id is not distinct from $1`,
    [orgId, slotId],
  );
  return rows[0] ? toLoadedSlot(rows[0]) : null;
}

/**
 * What the booking rules need to know of the organisation: its form's policy, and the practices
 * of its hubs (of one hub when `hubId` is given, none when it is null).
 */
export async function bookingContext(q: Queryable, orgId: string, hubId?: string | null) {
  const { rows } = await q.query<{ form: OrganisationForm; hubs: Record<string, string[]> | null }>(
    `select o.form,
            case when $2::boolean then (select json_object_agg(x.hub_id, x.practices) from (
               select hub_id, json_agg(practice_id) as practices from hub_practice
                where org_id = $1 and ($3::uuid is null or hub_id = $3) group by hub_id) x) end as hubs
       from organisation o where o.id = $1`,
    [orgId, hubId !== null, hubId ?? null],
  );
  const row = rows[0];
  const hubs = row?.hubs ?? {};
  return {
    bookAtAnySite: row ? policyFor(row.form).bookAtAnySite : false,
    hubPracticeIds: (id: string | null) => (id ? (hubs[id] ?? []) : []),
  };
}

/** Who may see a slot when no patient is named: the caller's practices (or everyone's). */
function visibleToCaller(
  slot: LoadedSlot,
  reachPractices: readonly string[] | 'all',
  context: Awaited<ReturnType<typeof bookingContext>>,
): boolean {
  if (reachPractices === 'all') return true;
  return reachPractices.some(
    (practiceId) =>
      visibilityProblem(
        slot,
        { practiceId },
        {
          bookAtAnySite: context.bookAtAnySite,
          hubPracticeIds: context.hubPracticeIds(slot.hubId),
        },
      ) === null,
  );
}

/** A search for free slots. */
export interface SlotSearch {
  readonly service?: SlotService | undefined;
  readonly channel?: DeliveryChannel | undefined;
  readonly role?: StaffRole | undefined;
  readonly siteId?: string | undefined;
  readonly practiceId?: string | undefined;
  /** First and last day, inclusive, in England. */
  readonly from: string;
  readonly to: string;
  /** Apply this patient's visibility rules, and measure from their practice's main site. */
  readonly patientId?: string | undefined;
  /** Measure distance from here instead (a site with this postcode, or its district's sites). */
  readonly postcode?: string | undefined;
  readonly maxKm?: number | undefined;
  readonly limit?: number | undefined;
  /** Slots to skip (paging); the page is taken in the database, after every filter. */
  readonly offset?: number | undefined;
  /** Also list slots with no place left (shown as taken), not only free ones. */
  readonly includeFull?: boolean | undefined;
  /** Only slots with no place left (with includeFull). */
  readonly onlyFull?: boolean | undefined;
  readonly staffId?: string | undefined;
  readonly hubId?: string | undefined;
  /** Only the slots of this rota session. */
  readonly sessionId?: string | undefined;
  /** Narrower than the days: slots starting at or after, and before, these instants. */
  readonly startsFrom?: string | undefined;
  readonly startsBefore?: string | undefined;
  /** Slots last changed at or after, and before, these instants (FHIR _lastUpdated). */
  readonly updatedFrom?: string | undefined;
  readonly updatedBefore?: string | undefined;
}

/** One page of a slot search, and how many slots match in all. */
export interface SlotPage {
  readonly slots: SlotView[];
  readonly total: number;
}

/** Longest window a slot search covers, in days. */
export const MAX_SEARCH_DAYS = 62;

/** What publishing a session's slots gives the slots. */
export interface SlotOffer {
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly slotMinutes: number;
  readonly visibility: SlotVisibility;
  readonly roomId?: string | null | undefined;
  readonly hubId?: string | null | undefined;
}

/**
 * Cuts and inserts the slots of sessions that offer a service and have no open slots yet, in
 * one statement: each slot takes the session's service, channel, room and hub, the first
 * rostered clinician, the site's practice, and the pattern's places (else `capacity`).
 * Returns how many slots were made. Exclusion violations (23P01) propagate.
 */
export async function insertSlotsForSessions(
  tx: Queryable,
  orgId: string,
  sessionIds: readonly string[],
  capacity = 1,
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const { rows } = await tx.query<{
    id: string;
    startsAt: Date | string;
    endsAt: Date | string;
    slotMinutes: number | null;
    service: string | null;
    capacity: number | null;
  }>(
    `select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.slot_minutes as "slotMinutes",
            s.service, p.slot_capacity as capacity
       from rota_session s
       left join session_pattern p on p.org_id = s.org_id and p.id = s.pattern_id
      where s.org_id = $1 and s.id = any($2::uuid[]) and s.service is not null
        and not exists (select 1 from slot x where x.session_id = s.id and x.status = 'open')`,
    [orgId, sessionIds],
  );
  const ids: string[] = [];
  const starts: string[] = [];
  const ends: string[] = [];
  const places: number[] = [];
  for (const session of rows) {
    if (session.slotMinutes === null) continue;
    const cut = cutSlots(
      {
        startsAt: new Date(session.startsAt).toISOString(),
        endsAt: new Date(session.endsAt).toISOString(),
      },
      session.slotMinutes,
    );
    for (const slot of cut) {
      ids.push(session.id);
      starts.push(slot.startsAt);
      ends.push(slot.endsAt);
      places.push(session.capacity ?? capacity);
    }
  }
  if (ids.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into slot (org_id, session_id, site_id, practice_id, hub_id, staff_id, room_id,
                       starts_at, ends_at, service, channel, visibility, capacity)
     select $1, s.id, s.site_id, si.practice_id, s.hub_id,
            (select a.staff_id from session_assignment a where a.session_id = s.id
              order by a.created_at, a.staff_id limit 1),
            s.room_id, t.starts_at, t.ends_at, s.service, s.channel, s.visibility, t.capacity
       from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[])
            as t(session_id, starts_at, ends_at, capacity)
       join rota_session s on s.org_id = $1 and s.id = t.session_id
       join site si on si.org_id = s.org_id and si.id = s.site_id`,
    [orgId, ids, starts, ends, places],
  );
  return rowCount;
}

/**
 * Slots (ACC-3) for one caller: publishing a session's slots, withdrawing them, finding free
 * ones, and holding one while talking to the patient. Publishing needs `access:manage` at the
 * site's practice; finding and holding, `appointment:book`. Writes are audited.
 */
export function slotRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const requireManage = (practiceId: string | null, what: string) => {
    if (!canAt(principal, 'access:manage', { orgId, practiceId })) throw forbidden(what);
  };
  const rotaReach = (practiceId: string | null) =>
    canAt(principal, 'rota:read', { orgId, practiceId });

  const findSession = async (q: Queryable, sessionId: string, lock = false) => {
    const { rows } = await q.query<{
      id: string;
      practiceId: string | null;
      siteName: string;
      service: string | null;
    }>(
      `select s.id, si.practice_id as "practiceId", si.name as "siteName", s.service
         from rota_session s join site si on si.org_id = s.org_id and si.id = s.site_id
        where s.org_id = $1 and s.id = $2${lock ? ' for update of s' : ''}`,
      [orgId, sessionId],
    );
    const session = rows[0];
    if (!session || !rotaReach(session.practiceId)) throw notFound('The session');
    return session;
  };

  const sessionSlots = async (q: Queryable, sessionId: string): Promise<SlotView[]> => {
    const { rows } = await q.query<SlotRow>(
      `${SLOT_SELECT} where sl.org_id = $1 and sl.session_id = $2 and sl.status = 'open'
        order by sl.starts_at`,
      [orgId, sessionId],
    );
    return rows.map((r) => withDistance(toLoadedSlot(r), null));
  };

  const auditSession = (practiceId: string | null, action: string, id: string, reason: string) =>
    ({
      orgId,
      userId: principal.userId,
      role: grantingRole(principal, 'access:manage', { orgId, practiceId }),
      action,
      entityType: 'rota_session',
      entityId: id,
      patientId: null,
      reason,
      requestId,
    }) as const;

  /** Where distances are measured from: a postcode's site or district, else null. */
  const placeOfPostcode = async (postcode: string) => {
    const normal = normalisePostcode(postcode);
    const district = normal.split(' ')[0] ?? normal;
    const { rows } = await db.query<{ latitude: number | null; longitude: number | null }>(
      `select avg(latitude)::float8 as latitude, avg(longitude)::float8 as longitude from site
        where org_id = $1 and latitude is not null
          and (upper(postcode) = $2 or (not exists (
                 select 1 from site x where x.org_id = $1 and upper(x.postcode) = $2
                    and x.latitude is not null)
               and split_part(upper(postcode), ' ', 1) = $3))`,
      [orgId, normal, district],
    );
    const place = rows[0];
    if (!place || place.latitude === null || place.longitude === null) {
      throw invalid('/postcode', `no site of the organisation is in or near ${normal}`);
    }
    return { latitude: place.latitude, longitude: place.longitude };
  };

  /** A search's page: see `search` and `page` below. */
  const searchPage = async (filter: SlotSearch): Promise<SlotPage> => {
    const reach = reachOf(principal, 'appointment:book');
    if (reach.kind === 'none') throw forbidden('find slots');
    if (!isIsoDate(filter.from)) throw invalid('/from', 'not a date written YYYY-MM-DD');
    if (!isIsoDate(filter.to)) throw invalid('/to', 'not a date written YYYY-MM-DD');
    if (filter.to < filter.from) throw invalid('/to', 'the last day must not be before the first');
    if (filter.to > nextDate(filter.from, MAX_SEARCH_DAYS - 1)) {
      throw invalid('/to', `a search covers at most ${String(MAX_SEARCH_DAYS)} days`);
    }
    let patientPractice: string | null = null;
    let origin: { latitude: number; longitude: number } | null = null;
    if (filter.patientId !== undefined) {
      const { rows } = await db.query<{
        practiceId: string;
        latitude: number | null;
        longitude: number | null;
      }>(
        `select p.practice_id as "practiceId", si.latitude::float8 as latitude,
                si.longitude::float8 as longitude
           from patient p
           left join site si on si.org_id = p.org_id and si.practice_id = p.practice_id and si.is_main
          where p.org_id = $1 and p.id = $2`,
        [orgId, filter.patientId],
      );
      const patient = rows[0];
      if (
        !patient ||
        !canAt(principal, 'appointment:book', { orgId, practiceId: patient.practiceId })
      ) {
        throw new AtscaleError('not-found', 'The patient was not found', [
          { field: '/patientId', message: 'no such patient' },
        ]);
      }
      patientPractice = patient.practiceId;
      if (patient.latitude !== null && patient.longitude !== null) {
        origin = { latitude: patient.latitude, longitude: patient.longitude };
      }
    }
    if (filter.postcode !== undefined) origin = await placeOfPostcode(filter.postcode);
    if (filter.maxKm !== undefined && origin === null) {
      throw invalid('/maxKm', 'give a postcode or a patient to measure the distance from');
    }
    const context = await bookingContext(db, orgId);
    const reachPractices = reach.kind === 'organisation' ? 'all' : reach.practiceIds;
    // The practices whose patients' view of the slots the search takes (null: everyone's).
    const viewers =
      patientPractice !== null
        ? [patientPractice]
        : reachPractices === 'all'
          ? null
          : reachPractices;
    const limit = Math.min(filter.limit ?? 50, 200);
    const offset = filter.offset ?? 0;
    // Distances are measured here, after the database: with a distance limit the database
    // gives up to 1000 candidates and the page is taken from those within reach.
    const byDistance = filter.maxKm !== undefined;
    const free = `sl.taken < sl.capacity + (select count(*) from appointment a
                 where a.slot_id = sl.id and a.status = 'held' and a.hold_expires_at <= now())`;
    const { rows } = await db.query<SlotRow & { total: number }>(
      `with m as (
         select sl.id, count(*) over ()::int as total,
                row_number() over (order by sl.starts_at, si.name, sl.id) as n
           from slot sl join site si on si.id = sl.site_id
          where sl.org_id = $1 and sl.status = 'open'
            and sl.starts_at >= greatest($2::timestamptz, now(), $15::timestamptz)
            and sl.starts_at < $3 and ($16::timestamptz is null or sl.starts_at < $16)
            and ($4::text is null or sl.service = $4) and ($5::text is null or sl.channel = $5)
            and ($6::text is null or exists (select 1 from staff_member x where x.id = sl.staff_id and x.staff_role = $6))
            and ($7::uuid is null or sl.site_id = $7) and ($8::uuid is null or sl.practice_id = $8)
            and ($12::uuid is null or sl.staff_id = $12) and ($13::uuid is null or sl.hub_id = $13)
            and ($14::uuid is null or sl.session_id = $14)
            and ($20::timestamptz is null or sl.updated_at >= $20)
            and ($21::timestamptz is null or sl.updated_at < $21)
            and case when $9::boolean then not ($17::boolean and ${free}) else ${free} end
            and ($10::uuid[] is null
                 or (sl.visibility = 'practice' and sl.practice_id = any($10::uuid[]))
                 or (sl.visibility = 'organisation'
                     and ($11::boolean or sl.practice_id is null or sl.practice_id = any($10::uuid[])))
                 or (sl.visibility = 'hub' and exists (select 1 from hub_practice hp
                       where hp.org_id = sl.org_id and hp.hub_id = sl.hub_id
                         and hp.practice_id = any($10::uuid[]))))
          order by sl.starts_at, si.name, sl.id
          limit $18 offset $19
       )
       select p.*, m.total from m cross join lateral (${SLOT_SELECT} where sl.id = m.id) p
        order by m.n`,
      [
        orgId,
        startOfDayInEngland(filter.from),
        startOfDayInEngland(nextDate(filter.to)),
        filter.service ?? null,
        filter.channel ?? null,
        filter.role ?? null,
        filter.siteId ?? null,
        filter.practiceId ?? null,
        filter.includeFull ?? false,
        viewers,
        context.bookAtAnySite,
        filter.staffId ?? null,
        filter.hubId ?? null,
        filter.sessionId ?? null,
        filter.startsFrom ?? null,
        filter.startsBefore ?? null,
        filter.onlyFull ?? false,
        byDistance ? 1000 : limit,
        byDistance ? 0 : offset,
        filter.updatedFrom ?? null,
        filter.updatedBefore ?? null,
      ],
    );
    const found: SlotView[] = [];
    for (const row of rows) {
      const slot = toLoadedSlot(row);
      if (slot.placesLeft <= 0 && !filter.includeFull) continue;
      // The domain's rule has the last word; the database's filter above is the same rule.
      const allowed =
        patientPractice !== null
          ? visibilityProblem(
              slot,
              { practiceId: patientPractice },
              {
                bookAtAnySite: context.bookAtAnySite,
                hubPracticeIds: context.hubPracticeIds(slot.hubId),
              },
            ) === null
          : visibleToCaller(slot, reachPractices, context);
      if (!allowed) continue;
      const view = withDistance(slot, origin);
      if (byDistance && (view.distanceKm === null || view.distanceKm > (filter.maxKm ?? 0))) {
        continue;
      }
      found.push(view);
    }
    if (byDistance) {
      return { slots: found.slice(offset, offset + limit), total: found.length };
    }
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && offset > 0) {
      // Past the last page: how many there are is still worth saying.
      total = (await searchPage({ ...filter, offset: 0, limit: 1 })).total;
    }
    return { slots: found, total };
  };

  return {
    /** The open slots of a session. */
    async ofSession(sessionId: string): Promise<SlotView[]> {
      await findSession(db, sessionId);
      return sessionSlots(db, sessionId);
    },

    /**
     * Publishes a session's slots: sets what it offers when an offer is given (only while it
     * has no open slots), then cuts it into slots. Refused when it offers nothing, or when a
     * clinician or room would be in two places at once (naming them).
     */
    async publish(
      sessionId: string,
      offer?: SlotOffer & { capacity?: number | undefined },
    ): Promise<SlotView[]> {
      const session = await findSession(db, sessionId);
      requireManage(session.practiceId, 'publish slots for this session');
      if (offer) {
        if (!SLOT_SERVICES.includes(offer.service)) throw invalid('/service', 'not a service');
        if ((offer.visibility === 'hub') !== Boolean(offer.hubId)) {
          throw invalid('/hubId', 'hub slots, and only they, name their hub');
        }
      }
      try {
        return await db.transaction(async (tx) => {
          await findSession(tx, sessionId, true);
          const { rows: open } = await tx.query<{ n: number }>(
            `select count(*)::int as n from slot where org_id = $1 and session_id = $2 and status = 'open'`,
            [orgId, sessionId],
          );
          if ((open[0]?.n ?? 0) > 0) {
            throw new AtscaleError(
              'conflict',
              `The session at ${session.siteName} already has ${String(open[0]?.n)} open slots: withdraw them first to cut it again`,
            );
          }
          if (offer) {
            await tx.query(
              `update rota_session set service = $3, channel = $4, slot_minutes = $5,
                      visibility = $6, room_id = $7, hub_id = $8
                where org_id = $1 and id = $2`,
              [
                orgId,
                sessionId,
                offer.service,
                offer.channel,
                offer.slotMinutes,
                offer.visibility,
                offer.roomId ?? null,
                offer.hubId ?? null,
              ],
            );
          } else if (session.service === null) {
            throw new AtscaleError(
              'conflict',
              `The session at ${session.siteName} offers no service: say which service, channel, slot length and visibility`,
            );
          }
          const made = await insertSlotsForSessions(tx, orgId, [sessionId], offer?.capacity ?? 1);
          await writeAudit(tx, [
            auditSession(session.practiceId, 'slot.publish', sessionId, `${String(made)} slots`),
          ]);
          return sessionSlots(tx, sessionId);
        });
      } catch (error) {
        if (sqlState(error) === EXCLUSION_VIOLATION) throw await overlapConflict(db, orgId, error);
        if (sqlState(error) === FOREIGN_KEY_VIOLATION || sqlState(error) === CHECK_VIOLATION) {
          throw new AtscaleError(
            'conflict',
            'The room or hub is not the organisation’s, or the offer does not fit the session',
          );
        }
        throw error;
      }
    },

    /**
     * Withdraws a session's open slots. Refused (409, saying how many) while any holds or
     * bookings are in them: appointments are never dropped silently; cancel or rebook first.
     */
    async withdraw(sessionId: string): Promise<{ withdrawn: number }> {
      const session = await findSession(db, sessionId);
      requireManage(session.practiceId, 'withdraw slots of this session');
      return db.transaction(async (tx) => {
        await findSession(tx, sessionId, true);
        const { rows } = await tx.query<{ booked: number; held: number }>(
          `select count(*) filter (where a.status = 'booked')::int as booked,
                  count(*) filter (where a.status = 'held' and a.hold_expires_at > now())::int as held
             from appointment a join slot sl on sl.id = a.slot_id
            where sl.org_id = $1 and sl.session_id = $2 and sl.status = 'open'`,
          [orgId, sessionId],
        );
        const { booked = 0, held = 0 } = rows[0] ?? {};
        if (booked + held > 0) {
          throw new AtscaleError(
            'conflict',
            `${String(booked)} appointments are booked (and ${String(held)} held) in this session’s slots: cancel or rebook them first`,
          );
        }
        await tx.query(
          `update appointment set status = 'expired' where org_id = $1 and status = 'held'
              and slot_id in (select id from slot where org_id = $1 and session_id = $2)`,
          [orgId, sessionId],
        );
        const { rowCount } = await tx.query(
          `update slot set status = 'cancelled' where org_id = $1 and session_id = $2 and status = 'open'`,
          [orgId, sessionId],
        );
        await writeAudit(tx, [
          auditSession(session.practiceId, 'slot.withdraw', sessionId, `${String(rowCount)} slots`),
        ]);
        return { withdrawn: rowCount };
      });
    },

    /**
     * Free slots matching a search, earliest first, with places left and the distance from the
     * patient's practice's main site or a postcode. With a patient, only slots that patient may
     * have; without, only slots a patient of the caller's practices may have.
     */
    async search(filter: SlotSearch): Promise<SlotView[]> {
      return (await searchPage(filter)).slots;
    },

    /**
     * One page of a search (`offset`, `limit` up to 200) and the number of matches in all: the
     * filters, the visibility rules and the page are applied in the database.
     */
    page: (filter: SlotSearch): Promise<SlotPage> => searchPage(filter),

    /**
     * One slot the caller may see (a free one, or not: its places say), as the search shows
     * it; not found when it is not the organisation's or no patient of the caller's may have it.
     */
    async get(slotId: string): Promise<SlotView> {
      const reach = reachOf(principal, 'appointment:book');
      if (reach.kind === 'none') throw forbidden('see slots');
      const slot = await loadSlot(db, orgId, slotId);
      if (!slot) throw notFound('The slot');
      const context = await bookingContext(db, orgId, slot.hubId);
      const reachPractices = reach.kind === 'organisation' ? 'all' : reach.practiceIds;
      if (!visibleToCaller(slot, reachPractices, context)) throw notFound('The slot');
      return withDistance(slot, null);
    },

    /**
     * A rota session as the slots it offers show it: its start and end and its open slots
     * that the caller may see (full ones too). Not found when it has none the caller may see.
     */
    async session(
      sessionId: string,
    ): Promise<{ startsAt: string; endsAt: string; slots: SlotView[] }> {
      const reach = reachOf(principal, 'appointment:book');
      if (reach.kind === 'none') throw forbidden('see slots');
      const { rows } = await db.query<SlotRow & { sessionStart: Date; sessionEnd: Date }>(
        `${SLOT_SELECT.replace(
          'from slot sl',
          `, rs.starts_at as "sessionStart", rs.ends_at as "sessionEnd"
             from slot sl join rota_session rs on rs.id = sl.session_id`,
        )}
          where sl.org_id = $1 and sl.session_id = $2 and sl.status = 'open'
          order by sl.starts_at, sl.id`,
        [orgId, sessionId],
      );
      const context = await bookingContext(db, orgId);
      const reachPractices = reach.kind === 'organisation' ? 'all' : reach.practiceIds;
      const slots = rows
        .map((r) => toLoadedSlot(r))
        .filter((slot) => visibleToCaller(slot, reachPractices, context))
        .map((slot) => withDistance(slot, null));
      const first = rows[0];
      if (!first || slots.length === 0) throw notFound('The session');
      return {
        startsAt: new Date(first.sessionStart).toISOString(),
        endsAt: new Date(first.sessionEnd).toISOString(),
        slots,
      };
    },

    /** True when the caller may book at all (for routes that check before reading). */
    canBook(): boolean {
      return can(principal, 'appointment:book');
    },
  };
}

/** A loaded slot as the API shows it, with its distance from a place when known. */
export function withDistance(
  slot: LoadedSlot,
  origin: { latitude: number; longitude: number } | null,
): SlotView {
  const { latitude, longitude, releaseLeadMinutes: _lead, ...rest } = slot;
  return {
    ...rest,
    startTime: timeInEngland(slot.startsAt),
    distanceKm:
      origin && latitude !== null && longitude !== null
        ? Math.round(distanceKm(origin, { latitude, longitude }) * 10) / 10
        : null,
  };
}

/** The slot repository for one caller. */
export type SlotRepository = ReturnType<typeof slotRepository>;
