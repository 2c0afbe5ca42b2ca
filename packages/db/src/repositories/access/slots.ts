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
    return new AtscaleError('conflict', 'A clinician or a room would be in two places at once');
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
  return new AtscaleError(
    'conflict',
    column === 'room_id'
      ? `Room ${who} is already in use at ${when}: a room cannot hold two slots at once`
      : `${who} already has a slot at ${when}: a clinician cannot be in two places at once`,
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
    sl.capacity, sl.overbooked, sl.taken, sl.status,
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
  /** Also list slots with no place left (shown as taken), not only free ones. */
  readonly includeFull?: boolean | undefined;
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
      const reach = reachOf(principal, 'appointment:book');
      if (reach.kind === 'none') throw forbidden('find slots');
      if (!isIsoDate(filter.from)) throw invalid('/from', 'not a date written YYYY-MM-DD');
      if (!isIsoDate(filter.to)) throw invalid('/to', 'not a date written YYYY-MM-DD');
      if (filter.to < filter.from)
        throw invalid('/to', 'the last day must not be before the first');
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
      const { rows } = await db.query<SlotRow>(
        `${SLOT_SELECT}
          where sl.org_id = $1 and sl.status = 'open' and sl.starts_at >= greatest($2::timestamptz, now())
            and sl.starts_at < $3
            and ($4::text is null or sl.service = $4) and ($5::text is null or sl.channel = $5)
            and ($6::text is null or exists (select 1 from staff_member x where x.id = sl.staff_id and x.staff_role = $6)) and ($7::uuid is null or sl.site_id = $7)
            and ($8::uuid is null or sl.practice_id = $8)
            and ($9::boolean or sl.taken < sl.capacity + (select count(*) from appointment a
                 where a.slot_id = sl.id and a.status = 'held' and a.hold_expires_at <= now()))
          order by sl.starts_at, si.name, sl.id
          limit 1000`,
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
        ],
      );
      const context = await bookingContext(db, orgId);
      const reachPractices = reach.kind === 'organisation' ? 'all' : reach.practiceIds;
      const limit = Math.min(filter.limit ?? 50, 200);
      const found: SlotView[] = [];
      for (const row of rows) {
        const slot = toLoadedSlot(row);
        if (slot.placesLeft <= 0 && !filter.includeFull) continue;
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
        if (
          filter.maxKm !== undefined &&
          (view.distanceKm === null || view.distanceKm > filter.maxKm)
        ) {
          continue;
        }
        found.push(view);
        if (found.length >= limit) break;
      }
      return found;
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
