import {
  AtscaleError,
  canAt,
  can,
  dateInEngland,
  fairShareProblem,
  fairShares,
  forbidden,
  grantingRole,
  grantsFor,
  isIsoDate,
  isReleased,
  nextDate,
  notFound,
  outcomeFitProblem,
  policyFor,
  reachOf,
  startOfDayInEngland,
  thresholdProblem,
  timeInEngland,
  visibilityProblem,
  type AppointmentStatus,
  type DeliveryChannel,
  type OrganisationForm,
  type SlotService,
  type TriageOutcome,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit, type AuditEntry } from '../audit.js';
import {
  bookingContext,
  capital,
  describeSlot,
  loadSlot,
  overlapConflict,
  SLOT_SELECT,
  stateConflict,
  toLoadedSlot,
  type LoadedSlot,
} from './slots.js';
import { sqlState, FOREIGN_KEY_VIOLATION, EXCLUSION_VIOLATION } from '../../sql-errors.js';

/** An appointment (or a hold) as the API shows it. */
export interface AppointmentView {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly slotId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Local 'HH:MM' in England. */
  readonly startTime: string;
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly siteId: string;
  readonly siteName: string;
  readonly staffId: string | null;
  readonly staffName: string | null;
  readonly roomName: string | null;
  readonly patientId: string | null;
  readonly patientName: string | null;
  readonly nhsNumber: string | null;
  readonly practiceId: string | null;
  readonly requestId: string | null;
  readonly holdExpiresAt: string | null;
  readonly bookedAt: string | null;
  readonly overbookReason: string | null;
  readonly hubOverrideReason: string | null;
  readonly cancelReason: string | null;
  readonly patientTold: boolean | null;
}

/** A booking: of a held slot (by the hold's id) or of a free slot directly. */
export interface NewBooking {
  readonly slotId?: string | undefined;
  readonly holdId?: string | undefined;
  readonly patientId: string;
  readonly requestId?: string | null | undefined;
  /** Book beyond the slot's capacity on purpose (appointment:overbook only). */
  readonly overbookReason?: string | null | undefined;
  /** Refer to the hub before the practice has seen its agreed number in house. */
  readonly hubOverrideReason?: string | null | undefined;
  /** Book, for a triaged request, a slot that does not fit its outcome on purpose (H-016). */
  readonly outcomeOverrideReason?: string | null | undefined;
}

/** Cancelling an appointment: why, and whether the patient has been told. */
export interface Cancellation {
  readonly reason: string;
  readonly patientTold: boolean;
}

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

/** Statuses in which an appointment counts as booked for a day's figures. */
const BOOKED = `('booked', 'attended', 'did-not-attend')`;

/*
 * A note on `org_id is not distinct from $1` in lookups by primary key: it means `org_id = $1`
 * (org_id is never null), but no index can serve it, so the planner always takes the primary
 * key. With `=`, a table without statistics (PGlite runs no autovacuum, so it never gets any
 * by itself) can be planned through an (org_id, ...) index instead, scanning the organisation's
 * rows: ten times slower on the booking path.
 */

/*
 * Holding a place (and booking one, in BOOK below). Capacity is guaranteed by the conditional UPDATE of the slot row
 * (`taken - lapsed < capacity`), made in the same statement (so the same short transaction)
 * as the appointment INSERT and its audit row: PostgreSQL takes the slot row's lock for the
 * update, so concurrent writers to one slot queue on it, and each re-reads the committed
 * `taken` before its condition is decided (READ COMMITTED's re-check of an updated row). So
 * of 50 bookings for the last place exactly one updates the row; the others update nothing,
 * insert nothing and are told who was first. Lapsed holds are released in the same statement
 * (expired, and taken back off the count) before the check. A clinician or a room in two
 * places at once is refused by the exclusion constraints on slot and appointment (23P01).
 * `overbooked` always equals the places in use beyond capacity. A refusal must roll back: the
 * lapsed holds expired by a statement that took no place are not yet off the count.
 * Parameters: org, slot, user, audit role, audit reason, request id.
 */
const HOLD = `
with expired as (
  update appointment set status = 'expired'
   where org_id = $1 and slot_id = $2 and status = 'held' and hold_expires_at <= now()
  returning id
), s as (
  update slot set taken = taken - (select count(*)::int from expired) + 1,
         overbooked = greatest(0, taken - (select count(*)::int from expired) + 1 - capacity)
   where id = $2 and org_id is not distinct from $1 and status = 'open'
     and taken - (select count(*)::int from expired) < capacity
  returning id, site_id, staff_id, room_id, during, service, channel
), a as (
  insert into appointment (org_id, slot_id, site_id, staff_id, room_id, during, service, channel,
                           status, hold_expires_at, held_by)
  select $1, s.id, s.site_id, s.staff_id, s.room_id, s.during, s.service, s.channel,
         'held', now() + make_interval(mins => coalesce((select hold_minutes
                  from organisation_settings where org_id = $1), 5)), $3::uuid
    from s
  returning id, hold_expires_at, booked_at, overbook_reason
), logged as (
  insert into audit_event (org_id, user_id, role, action, entity_type, entity_id, patient_id,
                           reason, request_id)
  select $1, $3::uuid, $4::text, 'appointment.hold', 'appointment', a.id::text, null, $5::text,
         $6::text
    from a
)
select a.id, a.hold_expires_at as "holdExpiresAt", a.booked_at as "bookedAt",
       a.overbook_reason as "overbookReason" from a`;

/** Releases a slot's lapsed holds: expires them and takes them off the count. */
const RELEASE_LAPSED = `
with expired as (
  update appointment set status = 'expired'
   where org_id = $1 and slot_id = $2 and status = 'held' and hold_expires_at <= now()
  returning id
)
update slot set taken = taken - (select count(*)::int from expired),
       overbooked = greatest(0, taken - (select count(*)::int from expired) - capacity)
 where id = $2 and org_id is not distinct from $1 and exists (select 1 from expired)`;

/** How a booking was made: by another system through the FHIR API (its client's user), or in the app. */
const BOOKED_VIA = (bookedBy: string) =>
  `case when exists (select 1 from system_client c where c.user_id = ${bookedBy}) then 'fhir' else 'app' end`;

/**
 * Books a held place: the hold becomes the booking, the count unchanged. Returns the request's
 * triage outcome too, read in the same statement, for the outcome check (H-016).
 */
const BOOK_HOLD = `
with a as (
  update appointment set status = 'booked', patient_id = $3, practice_id = $4, request_id = $5,
         booked_by = $6, booked_at = now(), hub_override_reason = $7,
         booked_via = ${BOOKED_VIA('$6::uuid')}
   where id = $2 and org_id is not distinct from $1 and status = 'held' and hold_expires_at > now()
  returning id, patient_id, hold_expires_at, booked_at, overbook_reason
), logged as (
  insert into audit_event (org_id, user_id, role, action, entity_type, entity_id, patient_id,
                           reason, request_id)
  select $1, $6::uuid, $8::text, 'appointment.book', 'appointment', a.id::text, a.patient_id,
         $9::text, $10::text
    from a
)
select a.id, a.hold_expires_at as "holdExpiresAt", a.booked_at as "bookedAt",
       a.overbook_reason as "overbookReason",
       (select outcome from patient_request
         where id = $5 and org_id is not distinct from $1) as "requestOutcome" from a`;

/*
 * The caller's roles under appointment:book, as parameters: the organisation-wide role (or
 * null), then the practices and the role held at each. `role_at(practice)` picks the role the
 * way grantingRole does; a null role means the caller does not reach that practice.
 */
const roleAt = (wide: string, ids: string, roles: string, practice: string) =>
  `coalesce(${wide}::text, (select g.role from unnest(${ids}::uuid[], ${roles}::text[])
     as g(practice_id, role) where g.practice_id = ${practice} limit 1))`;

/*
 * Booking a patient into a free slot, in one statement: the patient looked up within the
 * caller's reach (the role for the audit row picked as grantingRole does), a place taken as in
 * HOLD (so overbooking beyond capacity only when $6 says so), the appointment and its audit row written, and the slot as it was before the
 * statement (SLOT_SELECT, for the response and the rules) returned with what was written. It
 * always returns one row; nothing is written when the patient is out of reach or, unless $14
 * says the hub's rules were checked, when the slot is a hub's. The caller decides visibility,
 * overbook permission and the fit to the request's triage outcome (read here too, so that the
 * check costs no round trip) from the row (domain rules) and rolls back when they refuse.
 * Parameters: org, slot, patient, request, user, overbook?, overbook reason, hub override
 * reason, audit reason, request id, wide role, practices, roles there, hub rules checked?.
 */
const BOOK = `
with p as (
  select pt.id, pt.practice_id, pt.given_name || ' ' || pt.family_name as name, pt.nhs_number,
         ${roleAt('$11', '$12', '$13', 'pt.practice_id')} as role
    from patient pt where pt.id = $3 and pt.org_id is not distinct from $1
), go as (
  select p.id, p.practice_id, p.role from p
   where p.role is not null
     and ($14::boolean or not exists (select 1 from slot where id = $2 and hub_id is not null))
), expired as (
  update appointment set status = 'expired'
   where org_id = $1 and slot_id = $2 and status = 'held' and hold_expires_at <= now()
     and exists (select 1 from go)
  returning id
), s as (
  update slot set taken = taken - (select count(*)::int from expired) + 1,
         overbooked = greatest(0, taken - (select count(*)::int from expired) + 1 - capacity)
   where id = $2 and org_id is not distinct from $1 and status = 'open'
     and exists (select 1 from go)
     and (taken - (select count(*)::int from expired) < capacity or $6::boolean)
  returning id, site_id, staff_id, room_id, during, service, channel, taken > capacity as over
), a as (
  insert into appointment (org_id, slot_id, site_id, staff_id, room_id, during, service, channel,
                           patient_id, practice_id, request_id, status, booked_by, booked_at,
                           overbook_reason, hub_override_reason, booked_via)
  select $1, s.id, s.site_id, s.staff_id, s.room_id, s.during, s.service, s.channel,
         go.id, go.practice_id, $4::uuid, 'booked', $5::uuid, now(),
         case when s.over then $7::text end, $8::text, ${BOOKED_VIA('$5::uuid')}
    from s, go
  returning id, hold_expires_at, booked_at, overbook_reason
), logged as (
  insert into audit_event (org_id, user_id, role, action, entity_type, entity_id, patient_id,
                           reason, request_id)
  select $1, $5::uuid, go.role, 'appointment.book', 'appointment', a.id::text, go.id,
         $9::text, $10::text
    from a, go
), snap as (
  ${SLOT_SELECT} where sl.id = $2 and sl.org_id is not distinct from $1
)
select snap.*, p.practice_id as "patientPracticeId", p.name as "patientName",
       p.nhs_number as "nhsNumber", p.role as "patientRole",
       (select form from organisation where id = $1) as form,
       (select outcome from patient_request
         where id = $4 and org_id is not distinct from $1) as "requestOutcome",
       a.id as "appointmentId", a.hold_expires_at as "holdExpiresAt", a.booked_at as "bookedAt",
       a.overbook_reason as "overbookReason"
  from (values (1)) as one (x)
  left join p on true
  left join snap on true
  left join a on true`;

// Names by primary key in scalar subqueries, not joins (see SLOT_SELECT): cheap to plan. The
// appointment's composite foreign keys make them the organisation's.
const APPOINTMENT_COLUMNS = `a.id, a.status, a.slot_id as "slotId", sl.starts_at as "startsAt",
    sl.ends_at as "endsAt", a.service, a.channel, a.site_id as "siteId",
    (select name from site where id = a.site_id) as "siteName", a.staff_id as "staffId",
    (select full_name from staff_member where id = a.staff_id) as "staffName",
    (select name from room where id = a.room_id) as "roomName", a.patient_id as "patientId",
    (select given_name || ' ' || family_name from patient where id = a.patient_id) as "patientName",
    (select nhs_number from patient where id = a.patient_id) as "nhsNumber",
    a.practice_id as "practiceId", a.request_id as "requestId",
    a.hold_expires_at as "holdExpiresAt", a.booked_at as "bookedAt",
    a.overbook_reason as "overbookReason", a.hub_override_reason as "hubOverrideReason",
    a.cancel_reason as "cancelReason", a.patient_told as "patientTold",
    sl.practice_id as "slotPracticeId", a.held_by as "heldBy"`;

const APPOINTMENT_SELECT = `select ${APPOINTMENT_COLUMNS}
   from appointment a
   join slot sl on sl.id = a.slot_id`;

/*
 * Cancels a hold or a booking in one statement: the appointment found within the caller's
 * reach (as findAppointment decides it: the patient's practice, or for a hold without one its
 * holder or the slot's practice), cancelled if its status is one of $6, its place given back,
 * its audit row written, and the cancelled appointment returned as APPOINTMENT_SELECT shows
 * it, with the status it had ("priorStatus"). No row: not found or out of reach; a row with a
 * null id: not cancelled (its status was not one of $6).
 * Parameters: org, appointment, user, reason, patient told, statuses, request id, wide role,
 * practices, roles there.
 */
const CANCEL = `
with target as (
  select a.id, a.status, a.practice_id, a.held_by,
         ${roleAt('$8', '$9', '$10', 'coalesce(a.practice_id, sl.practice_id)')} as role
    from appointment a join slot sl on sl.id = a.slot_id
   where a.id = $2 and a.org_id is not distinct from $1
), allowed as (
  select * from target where role is not null or (practice_id is null and held_by = $3)
), c as (
  update appointment set status = 'cancelled', cancelled_by = $3, cancelled_at = now(),
         cancel_reason = $4, patient_told = $5
   where id = (select id from allowed) and org_id is not distinct from $1
     and status = any($6::text[])
  returning *
), s as (
  update slot set taken = taken - 1, overbooked = greatest(0, taken - 1 - capacity)
   where id = (select slot_id from c) and org_id is not distinct from $1
  returning id
), logged as (
  insert into audit_event (org_id, user_id, role, action, entity_type, entity_id, patient_id,
                           reason, request_id)
  select $1, $3::uuid, allowed.role, 'appointment.cancel', 'appointment', c.id::text,
         c.patient_id, $4::text, $7::text
    from c, allowed
)
select ${APPOINTMENT_COLUMNS}, t.status as "priorStatus"
  from allowed t
  left join c a on true
  left join slot sl on sl.id = a.slot_id`;

/**
 * The booking path's statements, for the booking benchmark's bare-SQL baseline: the same text
 * the repository sends, with the parameters described above BOOK, HOLD and CANCEL.
 */
export const BOOKING_STATEMENTS = {
  book: BOOK,
  hold: HOLD,
  cancel: CANCEL,
} as const;

type AppointmentRow = Omit<
  AppointmentView,
  'startsAt' | 'endsAt' | 'startTime' | 'holdExpiresAt' | 'bookedAt'
> & {
  startsAt: Date | string;
  endsAt: Date | string;
  holdExpiresAt: Date | string | null;
  bookedAt: Date | string | null;
  slotPracticeId: string | null;
  heldBy: string | null;
};

const toView = (row: AppointmentRow): AppointmentView => {
  const { slotPracticeId: _practice, heldBy: _heldBy, ...rest } = row;
  const startsAt = new Date(row.startsAt).toISOString();
  return {
    ...rest,
    startsAt,
    endsAt: new Date(row.endsAt).toISOString(),
    startTime: timeInEngland(startsAt),
    holdExpiresAt: iso(row.holdExpiresAt),
    bookedAt: iso(row.bookedAt),
  };
};

const DEADLOCK = '40P01';

/**
 * Appointments (ACC-3, and the booking side of ACC-4) for one caller: hold a slot, book it for
 * a patient (or book a free slot directly), cancel, rebook, record attended or did not attend,
 * and list a patient's appointments or a clinician's day. Needs `appointment:book` at the
 * patient's practice; overbooking needs `appointment:overbook`. Every write, and every read of
 * appointments (they are patient data), leaves an audit row in the same transaction.
 */
export function appointmentRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const role = (practiceId: string | null) =>
    grantingRole(principal, 'appointment:book', { orgId, practiceId });

  /** Runs a transaction, retrying a deadlock (two rebooks crossing each other's slots). */
  const transaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.transaction(fn);
      } catch (error) {
        if (sqlState(error) === DEADLOCK && attempt < 4) continue;
        if (sqlState(error) === EXCLUSION_VIOLATION) throw await overlapConflict(db, orgId, error);
        throw error;
      }
    }
  };

  const grants = grantsFor(principal, 'appointment:book');

  const noPatient = () =>
    new AtscaleError('not-found', 'The patient was not found', [
      { field: '/patientId', message: 'no such patient' },
    ]);

  const noSlot = (field = '/slotId') =>
    new AtscaleError('not-found', 'The slot was not found', [{ field, message: 'no such slot' }]);

  const findPatient = async (patientId: string) => {
    const { rows } = await db.query<{ practiceId: string; name: string; nhsNumber: string }>(
      `select practice_id as "practiceId", given_name || ' ' || family_name as name,
              nhs_number as "nhsNumber"
         from patient where id = $2 and org_id is not distinct from $1`,
      [orgId, patientId],
    );
    const patient = rows[0];
    if (
      !patient ||
      !canAt(principal, 'appointment:book', { orgId, practiceId: patient.practiceId })
    ) {
      throw noPatient();
    }
    return patient;
  };

  const findSlot = async (slotId: string, field = '/slotId') => {
    const slot = await loadSlot(db, orgId, slotId);
    if (!slot) throw noSlot(field);
    return slot;
  };

  const findAppointment = async (q: Queryable, appointmentId: string) => {
    const { rows } = await q.query<AppointmentRow>(
      `${APPOINTMENT_SELECT} where a.id = $2 and a.org_id is not distinct from $1`,
      [orgId, appointmentId],
    );
    const row = rows[0];
    const mayReach =
      row &&
      (row.practiceId !== null
        ? canAt(principal, 'appointment:book', { orgId, practiceId: row.practiceId })
        : row.heldBy === principal.userId ||
          canAt(principal, 'appointment:book', { orgId, practiceId: row.slotPracticeId }));
    if (!row || !mayReach) throw notFound('The appointment');
    return row;
  };

  /** Why the patient may not have the slot (visibility, the form, the hub), or null. */
  const visibility = async (slot: LoadedSlot, practiceId: string) => {
    const context = await bookingContext(db, orgId, slot.hubId);
    return visibilityProblem(
      slot,
      { practiceId },
      {
        bookAtAnySite: context.bookAtAnySite,
        hubPracticeIds: context.hubPracticeIds(slot.hubId),
      },
    );
  };

  /**
   * The hub's rules at booking time (ACC-4), with the practice's hub_practice row locked so
   * that two bookings for one practice are decided one after the other: before release a
   * practice uses only its fair share of the day's hub slots (by list size), and it must have
   * booked its agreed number in house that day unless a reason to override is given.
   */
  const hubCheck = async (
    tx: Queryable,
    slot: LoadedSlot,
    practiceId: string,
    overrideReason: string | null,
  ) => {
    if (slot.hubId === null) return;
    const { rows: member } = await tx.query<{ dailyThreshold: number }>(
      `select daily_threshold as "dailyThreshold" from hub_practice
        where org_id = $1 and hub_id = $2 and practice_id = $3 for update`,
      [orgId, slot.hubId, practiceId],
    );
    const threshold = member[0];
    if (!threshold) {
      throw new AtscaleError('conflict', "The patient's practice does not share this hub");
    }
    const day = dateInEngland(new Date(slot.startsAt));
    const from = startOfDayInEngland(day);
    const to = startOfDayInEngland(nextDate(day));
    const released = isReleased(
      slot.startsAt,
      new Date().toISOString(),
      slot.releaseLeadMinutes ?? 0,
    );
    if (!released) {
      const { rows } = await tx.query<{
        capacity: number;
        used: number;
        members: { practiceId: string; listSize: number }[] | null;
      }>(
        `select (select coalesce(sum(capacity), 0)::int from slot
                  where org_id = $1 and hub_id = $2 and status = 'open'
                    and starts_at >= $4 and starts_at < $5) as capacity,
                (select count(*)::int from appointment a join slot s on s.id = a.slot_id
                  where a.org_id = $1 and s.hub_id = $2 and a.practice_id = $3
                    and a.status in ${BOOKED} and s.starts_at >= $4 and s.starts_at < $5) as used,
                (select json_agg(json_build_object('practiceId', hp.practice_id, 'listSize',
                          coalesce((select l.list_size from practice_list_size l
                                     where l.org_id = hp.org_id and l.practice_id = hp.practice_id
                                     order by l.date desc limit 1), 0)))
                   from hub_practice hp where hp.org_id = $1 and hp.hub_id = $2) as members`,
        [orgId, slot.hubId, practiceId, from, to],
      );
      const figures = rows[0];
      if (figures) {
        const share = fairShares(figures.capacity, figures.members ?? []).get(practiceId) ?? 0;
        const problem = fairShareProblem({ released, share, usedByPractice: figures.used });
        if (problem) throw new AtscaleError('conflict', problem);
      }
    }
    const { rows: seen } = await tx.query<{ n: number }>(
      `select count(*)::int as n from appointment a
        where a.org_id = $1 and a.practice_id = $2 and a.status in ${BOOKED}
          and lower(a.during) >= $3 and lower(a.during) < $4
          and a.site_id in (select id from site where org_id = $1 and practice_id = $2)`,
      [orgId, practiceId, from, to],
    );
    const problem = thresholdProblem({
      seenInHouse: seen[0]?.n ?? 0,
      dailyThreshold: threshold.dailyThreshold,
      overrideReason,
    });
    if (problem) throw new AtscaleError('conflict', problem);
  };

  /** Why a slot had no place for us, in words. */
  const takenConflict = async (slot: LoadedSlot) => {
    const now = await loadSlot(db, orgId, slot.id);
    const what = describeSlot(slot);
    if (now?.status === 'cancelled') {
      return stateConflict(new AtscaleError('conflict', `${capital(what)} has been withdrawn`));
    }
    return stateConflict(
      new AtscaleError(
        'conflict',
        slot.placesLeft > 0
          ? `${capital(what)} was just booked by someone else`
          : `${capital(what)} is fully booked`,
      ),
    );
  };

  const cleanReason = (value: string | null | undefined, field: string) => {
    if (value === undefined || value === null) return null;
    const trimmed = value.trim();
    if (trimmed === '') throw invalid(field, 'give a reason, or leave it out');
    return trimmed;
  };

  /** What a booking asks for, checked for shape before anything is read. */
  interface Wanted {
    slotId: string | null;
    holdId: string | null;
    patientId: string;
    requestId: string | null;
    overbookReason: string | null;
    hubOverrideReason: string | null;
    outcomeOverrideReason: string | null;
  }

  const wanted = (input: NewBooking): Wanted => {
    if ((input.slotId === undefined) === (input.holdId === undefined)) {
      throw invalid('/slotId', 'give either a slot to book or the hold to book, not both');
    }
    return {
      slotId: input.slotId ?? null,
      holdId: input.holdId ?? null,
      patientId: input.patientId,
      requestId: input.requestId ?? null,
      overbookReason: cleanReason(input.overbookReason, '/overbookReason'),
      hubOverrideReason: cleanReason(input.hubOverrideReason, '/hubOverrideReason'),
      outcomeOverrideReason: cleanReason(input.outcomeOverrideReason, '/outcomeOverrideReason'),
    };
  };

  /** The patient side of a booking's view. */
  interface Booked {
    patientId: string;
    patientName: string;
    nhsNumber: string;
    practiceId: string;
    requestId: string | null;
    hubOverrideReason: string | null;
  }

  /** A booking of a held place, planned and checked outside the transaction, ready to write. */
  interface Plan extends Booked {
    slot: LoadedSlot;
    holdId: string;
    overbookReason: string | null;
    outcomeOverrideReason: string | null;
  }

  /** Overbooking needs appointment:overbook at the slot's practice (else the patient's). */
  const checkOverbook = (w: Wanted, slot: LoadedSlot, practiceId: string) => {
    if (
      w.overbookReason !== null &&
      !canAt(principal, 'appointment:overbook', {
        orgId,
        practiceId: slot.practiceId ?? practiceId,
      })
    ) {
      throw forbidden('overbook this slot');
    }
  };

  const plan = async (w: Wanted, holdId: string): Promise<Plan> => {
    // The patient and the hold's slot are looked up at once; a missing patient is reported first.
    const [found, located] = await Promise.allSettled([
      findPatient(w.patientId),
      heldSlot(holdId, w.overbookReason),
    ]);
    if (found.status === 'rejected') throw found.reason;
    if (located.status === 'rejected') throw located.reason;
    const patient = found.value;
    const slot = located.value;
    const problem = await visibility(slot, patient.practiceId);
    if (problem) throw new AtscaleError('conflict', problem);
    checkOverbook(w, slot, patient.practiceId);
    return {
      slot,
      patientId: w.patientId,
      patientName: patient.name,
      nhsNumber: patient.nhsNumber,
      practiceId: patient.practiceId,
      holdId,
      requestId: w.requestId,
      overbookReason: w.overbookReason,
      hubOverrideReason: w.hubOverrideReason,
      outcomeOverrideReason: w.outcomeOverrideReason,
    };
  };

  /** The slot of a hold that is still a hold. */
  const heldSlot = async (holdId: string, overbookReason: string | null) => {
    const { rows } = await db.query<{ slotId: string; status: string }>(
      'select slot_id as "slotId", status from appointment where id = $2 and org_id is not distinct from $1',
      [orgId, holdId],
    );
    const hold = rows[0];
    if (!hold) {
      throw new AtscaleError('not-found', 'The hold was not found', [
        { field: '/holdId', message: 'no such hold' },
      ]);
    }
    if (hold.status !== 'held') {
      throw stateConflict(
        new AtscaleError(
          'conflict',
          `That hold is ${hold.status === 'expired' ? 'expired: hold the slot again' : `no longer a hold (${hold.status})`}`,
        ),
      );
    }
    if (overbookReason !== null) {
      throw invalid('/overbookReason', 'a held place is within capacity: nothing to overbook');
    }
    return findSlot(hold.slotId, '/holdId');
  };

  const reasonOf = (
    w: Pick<Wanted, 'overbookReason' | 'hubOverrideReason' | 'outcomeOverrideReason'>,
  ) =>
    [
      w.overbookReason ? `overbook: ${w.overbookReason}` : null,
      w.hubOverrideReason ? `hub threshold override: ${w.hubOverrideReason}` : null,
      w.outcomeOverrideReason ? `triage outcome override: ${w.outcomeOverrideReason}` : null,
    ]
      .filter(Boolean)
      .join('; ') || null;

  /**
   * Refuses, inside the booking's transaction (so that the write rolls back), a slot that does
   * not fit the triage outcome of the request it is booked for (H-016), unless overridden.
   */
  const checkOutcome = (
    outcome: TriageOutcome | null,
    slot: LoadedSlot,
    practiceId: string,
    overrideReason: string | null,
  ) => {
    const problem = outcomeFitProblem({
      outcome,
      slot,
      patientPracticeId: practiceId,
      overrideReason,
    });
    if (problem) {
      throw new AtscaleError('conflict', problem, [
        { field: '/outcomeOverrideReason', message: problem },
      ]);
    }
  };

  /** Writes a planned booking of a held place in the caller's transaction. */
  const writeHold = async (tx: Queryable, p: Plan): Promise<Written> => {
    await hubCheck(tx, p.slot, p.practiceId, p.hubOverrideReason);
    const { rows } = await tx.query<Written & { requestOutcome: TriageOutcome | null }>(BOOK_HOLD, [
      orgId,
      p.holdId,
      p.patientId,
      p.practiceId,
      p.requestId,
      principal.userId,
      p.hubOverrideReason,
      role(p.practiceId),
      reasonOf(p),
      requestId,
    ]);
    const row = rows[0];
    if (!row) throw new HoldLapsed(p.slot);
    const { requestOutcome, ...written } = row;
    checkOutcome(requestOutcome, p.slot, p.practiceId, p.outcomeOverrideReason);
    return written;
  };

  /**
   * Books a patient into a free slot in the caller's transaction with one statement (BOOK);
   * then the domain's rules decide on what it read, and a refusal rolls the write back. A hub
   * slot is written only after its rules (hubCheck) pass, by the statement run again.
   */
  const bookSlot = async (
    tx: Queryable,
    w: Wanted & { slotId: string },
    hubChecked = false,
  ): Promise<AppointmentView> => {
    const { rows } = await tx.query<BookRow>(BOOK, [
      orgId,
      w.slotId,
      w.patientId,
      w.requestId,
      principal.userId,
      w.overbookReason !== null,
      w.overbookReason,
      w.hubOverrideReason,
      reasonOf(w),
      requestId,
      grants.wide,
      grants.practiceIds,
      grants.roles,
      hubChecked,
    ]);
    const row = rows[0];
    if (!row || row.patientRole === null || row.patientPracticeId === null) throw noPatient();
    if (row.id === null) throw noSlot();
    const slot = toLoadedSlot({ ...row, id: row.id });
    const practiceId = row.patientPracticeId;
    if (!hubChecked) {
      const context =
        slot.hubId === null
          ? { bookAtAnySite: policyFor(row.form).bookAtAnySite, hubPracticeIds: () => [] }
          : await bookingContext(tx, orgId, slot.hubId);
      const problem = visibilityProblem(
        slot,
        { practiceId },
        {
          bookAtAnySite: context.bookAtAnySite,
          hubPracticeIds: context.hubPracticeIds(slot.hubId),
        },
      );
      if (problem) throw new AtscaleError('conflict', problem);
      checkOutcome(row.requestOutcome, slot, practiceId, w.outcomeOverrideReason);
      checkOverbook(w, slot, practiceId);
      if (slot.hubId !== null) {
        await hubCheck(tx, slot, practiceId, w.hubOverrideReason);
        return bookSlot(tx, w, true);
      }
    }
    if (row.appointmentId === null) throw new SlotTaken(slot);
    return viewOf(
      slot,
      {
        id: row.appointmentId,
        holdExpiresAt: row.holdExpiresAt,
        bookedAt: row.bookedAt,
        overbookReason: row.overbookReason,
      },
      'booked',
      {
        patientId: w.patientId,
        patientName: row.patientName ?? '',
        nhsNumber: row.nhsNumber ?? '',
        practiceId,
        requestId: w.requestId,
        hubOverrideReason: w.hubOverrideReason,
      },
    );
  };

  /** Turns the writes' own refusals, made inside the transaction, into conflicts in words. */
  const explain = async (error: unknown): Promise<never> => {
    if (error instanceof HoldLapsed) {
      await db.query(RELEASE_LAPSED, [orgId, error.slot.id]);
      throw stateConflict(
        new AtscaleError(
          'conflict',
          `The hold on ${describeSlot(error.slot)} has expired: hold the slot again`,
        ),
      );
    }
    if (error instanceof SlotTaken) throw await takenConflict(error.slot);
    if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
      throw new AtscaleError('not-found', 'The request was not found', [
        { field: '/requestId', message: 'no such request' },
      ]);
    }
    throw error;
  };

  /**
   * Cancels an appointment in the caller's transaction with one statement (CANCEL), if its
   * status is one of `statuses`; returns it as it is now. `doing` words the refusal.
   */
  const cancelIn = async (
    tx: Queryable,
    appointmentId: string,
    c: Cancellation,
    statuses: readonly AppointmentStatus[],
    refusal: string,
  ): Promise<AppointmentRow> => {
    const { rows } = await tx.query<CancelRow>(CANCEL, [
      orgId,
      appointmentId,
      principal.userId,
      c.reason,
      c.patientTold,
      statuses,
      requestId,
      grants.wide,
      grants.practiceIds,
      grants.roles,
    ]);
    const row = rows[0];
    if (!row) throw notFound('The appointment');
    const { priorStatus, ...cancelled } = row;
    if (cancelled.id === null) {
      // Changed by someone else since this statement's snapshot: say what it is now.
      let status = priorStatus;
      if (statuses.includes(status)) {
        const { rows: now } = await tx.query<{ status: AppointmentStatus }>(
          'select status from appointment where id = $2 and org_id is not distinct from $1',
          [orgId, appointmentId],
        );
        status = now[0]?.status ?? status;
      }
      throw stateConflict(new AtscaleError('conflict', `The appointment is ${status}: ${refusal}`));
    }
    return { ...cancelled, id: cancelled.id };
  };

  const readAudited = async (
    action: string,
    where: string,
    params: readonly unknown[],
    reason: string,
  ): Promise<AppointmentView[]> =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<AppointmentRow>(
        `${APPOINTMENT_SELECT} where a.org_id = $1 and ${where} order by sl.starts_at, a.id`,
        [orgId, ...params],
      );
      const visible = rows.filter(
        (r) =>
          r.practiceId !== null &&
          canAt(principal, 'appointment:book', { orgId, practiceId: r.practiceId }),
      );
      const entries: AuditEntry[] = visible.map((r) => ({
        orgId,
        userId: principal.userId,
        role: role(r.practiceId),
        action,
        entityType: 'appointment',
        entityId: r.id,
        patientId: r.patientId,
        reason,
        requestId,
      }));
      await writeAudit(tx, entries);
      return visible.map(toView);
    });

  /** The view of what was just written, from what the booking already knew: no re-read. */
  const viewOf = (
    slot: LoadedSlot,
    w: Written,
    status: AppointmentStatus,
    patient: Booked | null,
  ): AppointmentView => ({
    id: w.id,
    status,
    slotId: slot.id,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    startTime: timeInEngland(slot.startsAt),
    service: slot.service,
    channel: slot.channel,
    siteId: slot.siteId,
    siteName: slot.siteName,
    staffId: slot.staffId,
    staffName: slot.staffName,
    roomName: slot.roomName,
    patientId: patient?.patientId ?? null,
    patientName: patient?.patientName ?? null,
    nhsNumber: patient?.nhsNumber ?? null,
    practiceId: patient?.practiceId ?? null,
    requestId: patient?.requestId ?? null,
    holdExpiresAt: iso(w.holdExpiresAt),
    bookedAt: iso(w.bookedAt),
    overbookReason: w.overbookReason,
    hubOverrideReason: patient?.hubOverrideReason ?? null,
    cancelReason: null,
    patientTold: null,
  });

  return {
    /**
     * Holds a place in a slot for the organisation's hold time while the navigator talks to
     * the patient. A lapsed hold releases itself (here, and when anyone books or searches).
     */
    async hold(slotId: string): Promise<AppointmentView> {
      if (!can(principal, 'appointment:book')) throw forbidden('hold slots');
      const slot = await loadSlot(db, orgId, slotId);
      const reach = reachOf(principal, 'appointment:book');
      if (!slot) throw notFound('The slot');
      if (reach.kind === 'practices') {
        const context = await bookingContext(db, orgId, slot.hubId);
        const visible = reach.practiceIds.some(
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
        if (!visible) throw notFound('The slot');
      }
      const written = await transaction(async (tx) => {
        const { rows } = await tx.query<Written>(HOLD, [
          orgId,
          slotId,
          principal.userId,
          role(slot.practiceId),
          'held while talking to the patient',
          requestId,
        ]);
        // Inside the transaction: a refusal rolls back the lapsed holds it expired.
        if (rows[0]) return rows[0];
        throw new SlotTaken(slot);
      }).catch(explain);
      return viewOf(slot, written, 'held', null);
    },

    /**
     * Books a patient into a held place or a free slot: visibility (the form's book-at-any-site
     * rule, the hub's practices) and the hub's fair share and threshold checked, then the
     * place taken, the appointment written and audited in one short transaction. A free slot
     * takes one statement (BOOK) in it.
     */
    async book(input: NewBooking): Promise<AppointmentView> {
      const w = wanted(input);
      const { slotId, holdId } = w;
      if (slotId !== null) {
        return transaction((tx) => bookSlot(tx, { ...w, slotId })).catch(explain);
      }
      const p = await plan(w, holdId ?? '');
      const written = await transaction((tx) => writeHold(tx, p)).catch(explain);
      return viewOf(p.slot, written, 'booked', p);
    },

    /**
     * Cancels a hold or a booking, giving the place back. The reason is kept and audited. With
     * `ifVersion`, only if the appointment is still at that version (see `versions`): the row
     * is locked and its version compared in the cancel's own transaction (412 otherwise).
     */
    async cancel(
      appointmentId: string,
      c: Cancellation,
      options: { ifVersion?: string | undefined } = {},
    ): Promise<AppointmentView> {
      if (c.reason.trim() === '') throw invalid('/reason', 'say why it is cancelled');
      const row = await transaction(async (tx) => {
        if (options.ifVersion !== undefined) {
          // FOR UPDATE sets the row's xmax, not its xmin: the version is unchanged by the lock.
          const { rows } = await tx.query<{ version: string }>(
            `select xmin::text as version from appointment
              where id = $2 and org_id is not distinct from $1 for update`,
            [orgId, appointmentId],
          );
          const now = rows[0]?.version;
          if (now !== undefined && now !== options.ifVersion) {
            await findAppointment(tx, appointmentId);
            throw new AtscaleError(
              'precondition-failed',
              `The appointment has changed since version ${options.ifVersion} (it is now version ${now}): read it again`,
            );
          }
        }
        return cancelIn(
          tx,
          appointmentId,
          c,
          ['held', 'booked'],
          'only a hold or a booking can be cancelled',
        );
      });
      return toView(row);
    },

    /**
     * What the FHIR facade shows of appointments the caller has already been given (by id):
     * each row's version (its xmin, which every update of the row changes), when it was
     * created, and the organisation that booked it: for a system client the practice it acts
     * for (the organisation for a hub's client, since the organisation runs its hubs); for a
     * person, read from their grants (the organisation for an organisation-wide grant, else the
     * practice of their grant at the patient's practice, else their first practice). Ids not the organisation's are left out.
     */
    async versions(ids: readonly string[]): Promise<
      Map<
        string,
        {
          version: string;
          createdAt: string;
          lastUpdated: string;
          bookingOrganisationId: string | null;
        }
      >
    > {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{
        id: string;
        version: string;
        createdAt: Date | string;
        lastUpdated: Date | string;
        bookingOrganisationId: string | null;
      }>(
        `select a.id, a.xmin::text as version, a.created_at as "createdAt",
                a.updated_at as "lastUpdated",
                case when a.booked_by is not null then coalesce(
                  (select coalesce(c.practice_id, a.org_id) from system_client c
                      where c.org_id = a.org_id and c.user_id = a.booked_by),
                  (select a.org_id from role_grant g where g.org_id = a.org_id
                      and g.user_id = a.booked_by and g.practice_id is null limit 1),
                  (select g.practice_id from role_grant g where g.org_id = a.org_id
                      and g.user_id = a.booked_by and g.practice_id = a.practice_id limit 1),
                  (select g.practice_id from role_grant g where g.org_id = a.org_id
                      and g.user_id = a.booked_by order by g.created_at, g.id limit 1),
                  a.org_id) end as "bookingOrganisationId"
           from appointment a where a.org_id = $1 and a.id = any($2::uuid[])`,
        [orgId, ids],
      );
      return new Map(
        rows.map((r) => [
          r.id,
          {
            version: r.version,
            createdAt: new Date(r.createdAt).toISOString(),
            lastUpdated: new Date(r.lastUpdated).toISOString(),
            bookingOrganisationId: r.bookingOrganisationId,
          },
        ]),
      );
    },

    /**
     * One page of the appointments the caller may see (at their patients' practices), earliest
     * first, by patient, statuses and a range of start times, with how many match in all. Every
     * row of the page is audited as a read of the patient's appointment.
     */
    async page(filter: {
      readonly patientId?: string | undefined;
      readonly statuses?: readonly AppointmentStatus[] | undefined;
      readonly startsFrom?: string | undefined;
      readonly startsBefore?: string | undefined;
      /** Last changed at or after, and before, these instants (FHIR _lastUpdated). */
      readonly updatedFrom?: string | undefined;
      readonly updatedBefore?: string | undefined;
      readonly limit: number;
      readonly offset: number;
    }): Promise<{ appointments: AppointmentView[]; total: number }> {
      if (reachOf(principal, 'appointment:book').kind === 'none') {
        throw forbidden('see appointments');
      }
      if (filter.patientId !== undefined) await findPatient(filter.patientId);
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<AppointmentRow & { total: number }>(
          `${APPOINTMENT_SELECT.replace('select ', 'select count(*) over ()::int as total, ')}
            where a.org_id = $1 and a.practice_id is not null
              and ($2::text is not null or a.practice_id = any($3::uuid[]))
              and ($4::uuid is null or a.patient_id = $4)
              and ($5::text[] is null or a.status = any($5::text[]))
              and ($6::timestamptz is null or sl.starts_at >= $6)
              and ($7::timestamptz is null or sl.starts_at < $7)
              and ($10::timestamptz is null or a.updated_at >= $10)
              and ($11::timestamptz is null or a.updated_at < $11)
            order by sl.starts_at, a.id
            limit $8 offset $9`,
          [
            orgId,
            grants.wide,
            grants.practiceIds,
            filter.patientId ?? null,
            filter.statuses ?? null,
            filter.startsFrom ?? null,
            filter.startsBefore ?? null,
            filter.limit,
            filter.offset,
            filter.updatedFrom ?? null,
            filter.updatedBefore ?? null,
          ],
        );
        await writeAudit(
          tx,
          rows.map((r) => ({
            orgId,
            userId: principal.userId,
            role: role(r.practiceId),
            action: 'appointment.list',
            entityType: 'appointment',
            entityId: r.id,
            patientId: r.patientId,
            reason: 'FHIR appointment search',
            requestId,
          })),
        );
        let total = rows[0]?.total ?? 0;
        if (rows.length === 0 && filter.offset > 0) {
          const { rows: counted } = await tx.query<{ n: number }>(
            `select count(*)::int as n from appointment a join slot sl on sl.id = a.slot_id
              where a.org_id = $1 and a.practice_id is not null
                and ($2::text is not null or a.practice_id = any($3::uuid[]))
                and ($4::uuid is null or a.patient_id = $4)
                and ($5::text[] is null or a.status = any($5::text[]))
                and ($6::timestamptz is null or sl.starts_at >= $6)
                and ($7::timestamptz is null or sl.starts_at < $7)
                and ($8::timestamptz is null or a.updated_at >= $8)
                and ($9::timestamptz is null or a.updated_at < $9)`,
            [
              orgId,
              grants.wide,
              grants.practiceIds,
              filter.patientId ?? null,
              filter.statuses ?? null,
              filter.startsFrom ?? null,
              filter.startsBefore ?? null,
              filter.updatedFrom ?? null,
              filter.updatedBefore ?? null,
            ],
          );
          total = counted[0]?.n ?? 0;
        }
        return {
          appointments: rows.map(({ total: _total, ...row }) => toView(row)),
          total,
        };
      });
    },

    /**
     * Moves a patient to another slot: the old appointment cancelled and the new one booked in
     * one transaction, so the patient is never left with neither (nor with both).
     */
    async rebook(
      appointmentId: string,
      input: Omit<NewBooking, 'patientId'> & Cancellation,
    ): Promise<AppointmentView> {
      if (input.reason.trim() === '') throw invalid('/reason', 'say why it is moved');
      const target = wanted({ ...input, patientId: '' });
      const { slotId } = target;
      const move = (tx: Queryable) =>
        cancelIn(tx, appointmentId, input, ['booked'], 'only a booking can be moved');
      if (slotId !== null) {
        return transaction(async (tx) => {
          const old = await move(tx);
          return bookSlot(tx, {
            ...target,
            slotId,
            patientId: old.patientId ?? '',
            requestId: target.requestId ?? old.requestId,
          });
        }).catch(explain);
      }
      // Into a held place: the hold is checked before the move, as a booking of it is.
      const row = await findAppointment(db, appointmentId);
      if (row.status !== 'booked' || row.patientId === null) {
        throw new AtscaleError(
          'conflict',
          `The appointment is ${row.status}: only a booking can be moved`,
        );
      }
      const p = await plan(
        { ...target, patientId: row.patientId, requestId: target.requestId ?? row.requestId },
        target.holdId ?? '',
      );
      const written = await transaction(async (tx) => {
        await move(tx);
        return writeHold(tx, p);
      }).catch(explain);
      return viewOf(p.slot, written, 'booked', p);
    },

    /** Records that the patient came, or did not. */
    async recordOutcome(
      appointmentId: string,
      outcome: 'attended' | 'did-not-attend',
    ): Promise<AppointmentView> {
      const row = await findAppointment(db, appointmentId);
      await transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update appointment set status = $3, outcome_recorded_at = now()
            where org_id = $1 and id = $2 and status in ${BOOKED}`,
          [orgId, appointmentId, outcome],
        );
        if (rowCount === 0) {
          throw new AtscaleError('conflict', `The appointment is ${row.status}: it was not booked`);
        }
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role: role(row.practiceId),
            action: `appointment.${outcome}`,
            entityType: 'appointment',
            entityId: appointmentId,
            patientId: row.patientId,
            reason: null,
            requestId,
          },
        ]);
      });
      return this.get(appointmentId);
    },

    /** One appointment or hold (audited when it names a patient). */
    async get(appointmentId: string): Promise<AppointmentView> {
      const row = await findAppointment(db, appointmentId);
      return toView(row);
    },

    /** One appointment or hold as a person asks for it: the read of a patient's is audited. */
    async read(appointmentId: string): Promise<AppointmentView> {
      return db.transaction(async (tx) => {
        const row = await findAppointment(tx, appointmentId);
        if (row.patientId === null) return toView(row);
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role: role(row.practiceId),
            action: 'appointment.read',
            entityType: 'appointment',
            entityId: appointmentId,
            patientId: row.patientId,
            reason: null,
            requestId,
          },
        ]);
        return toView(row);
      });
    },

    /** A patient's appointments, earliest first (audited). */
    async ofPatient(patientId: string): Promise<AppointmentView[]> {
      await findPatient(patientId);
      return readAudited(
        'appointment.list',
        'a.patient_id = $2',
        [patientId],
        'patient appointments',
      );
    },

    /**
     * A clinician's appointments on a day in England (each patient's row audited): booked ones,
     * and cancelled bookings too, so that a patient nobody has told shows where it is seen.
     */
    async day(staffId: string, date: string): Promise<AppointmentView[]> {
      if (!isIsoDate(date)) throw invalid('/date', 'not a date written YYYY-MM-DD');
      if (reachOf(principal, 'appointment:book').kind === 'none') {
        throw forbidden('see appointment lists');
      }
      const { rows } = await db.query('select 1 from staff_member where org_id = $1 and id = $2', [
        orgId,
        staffId,
      ]);
      if (rows.length === 0) {
        throw new AtscaleError('not-found', 'The member of staff was not found', [
          { field: '/staffId', message: 'no such member of staff' },
        ]);
      }
      return readAudited(
        'appointment.day-list',
        `a.staff_id = $2 and sl.starts_at >= $3 and sl.starts_at < $4
         and (a.status in ${BOOKED} or (a.status = 'cancelled' and a.patient_id is not null))`,
        [staffId, startOfDayInEngland(date), startOfDayInEngland(nextDate(date))],
        'clinician day list',
      );
    },
  };
}

/** What a booking or hold statement returns. */
interface Written {
  id: string;
  holdExpiresAt: Date | string | null;
  bookedAt: Date | string | null;
  overbookReason: string | null;
}

/** What BOOK returns: the slot as it was, the patient, and the appointment written (or nulls). */
type BookRow = Omit<Parameters<typeof toLoadedSlot>[0], 'id'> & {
  id: string | null;
  patientPracticeId: string | null;
  patientName: string | null;
  nhsNumber: string | null;
  patientRole: string | null;
  form: OrganisationForm;
  /** The triage outcome of the request booked for; null without one or before triage. */
  requestOutcome: TriageOutcome | null;
  appointmentId: string | null;
  holdExpiresAt: Date | string | null;
  bookedAt: Date | string | null;
  overbookReason: string | null;
};

/** What CANCEL returns: the appointment as it is now (a null id when not cancelled). */
type CancelRow = Omit<AppointmentRow, 'id'> & {
  id: string | null;
  priorStatus: AppointmentStatus;
};

/** A refusal made inside a transaction (so that it rolls back), explained outside it. */
class HoldLapsed extends Error {
  constructor(readonly slot: LoadedSlot) {
    super('hold lapsed');
  }
}
class SlotTaken extends Error {
  constructor(readonly slot: LoadedSlot) {
    super('slot taken');
  }
}

/** The appointment repository for one caller. */
export type AppointmentRepository = ReturnType<typeof appointmentRepository>;
