import { randomUUID } from 'node:crypto';
import {
  demoAccess,
  englandTimeToInstant,
  nextDate,
  type DemoAccess,
  type DemoPatientRef,
  type DemoPlan,
  type IsoDate,
  type DemoSessionOffer,
  type DemoSiteRef,
} from '@atscale/domain';
import type { Queryable } from '../database.js';

// One access plan per demo plan: the progress total and the writer must see the same rows.
const ACCESS = new WeakMap<DemoPlan, DemoAccess>();

/**
 * The access data of a plan, made once. It is built around now when now falls on the plan's
 * today in England (so today's requests and the outcomes recorded are in the past), else
 * around noon that day.
 */
export function accessOfPlan(plan: DemoPlan): DemoAccess {
  let access = ACCESS.get(plan);
  if (!access) {
    access = demoAccess(plan, { now: accessClock(plan.today) });
    ACCESS.set(plan, access);
  }
  return access;
}

/**
 * The instant a plan's access data is built around: now, when now is on the plan's day (`today`) in
 * England and past its first hour (so that some of today has happened); else noon that day.
 */
export function accessClock(today: IsoDate, clock = Date.now()): string {
  const start = Date.parse(englandTimeToInstant(today, '00:00'));
  const end = Date.parse(englandTimeToInstant(nextDate(today), '00:00'));
  return clock >= start + 60 * 60_000 && clock < end
    ? new Date(clock).toISOString()
    : englandTimeToInstant(today, '12:00');
}

/** The rows the access data adds, for the progress total. */
export function accessRowCount(plan: DemoPlan): number {
  const a = accessOfPlan(plan);
  return (
    a.rooms.length +
    a.hubs.reduce((n, h) => n + 1 + h.sites.length + h.practices.length, 0) +
    a.triageTeams.length +
    (a.requestRouting === 'practice' ? 0 : 1) +
    a.walkInQueues.length +
    a.hubSessions.length * 2 +
    a.slots.length +
    a.requests.length +
    a.appointments.length +
    a.walkInTickets.length
  );
}

/** Rows per statement, so that progress moves on a big plan. */
const BATCH = 5_000;

async function inBatches<T>(
  rows: readonly T[],
  write: (batch: readonly T[], offset: number) => Promise<unknown>,
  wrote: (rows: number) => void,
): Promise<void> {
  for (let at = 0; at < rows.length; at += BATCH) {
    const batch = rows.slice(at, at + BATCH);
    await write(batch, at);
    wrote(batch.length);
  }
}

/** Ids that rise with their position (one random prefix, then a counter), as for patients. */
function orderedIds(count: number): string[] {
  const prefix = randomUUID().replaceAll('-', '').slice(0, 20);
  return Array.from({ length: count }, (_, n) => {
    const hex = `${prefix}${n.toString(16).padStart(12, '0')}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}

const need = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) throw new Error(`the demo has no ${what}`);
  return value;
};

/** What the access places are called in the database. */
export interface AccessPlaceIds {
  readonly roomIds: readonly string[];
  readonly hubIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly queueIds: readonly string[];
}

/**
 * The places access happens in, written before the rota (whose sessions name rooms and hubs):
 * rooms, hubs with their sites and practices' thresholds, call centres and the routing
 * setting, and walk-in queues.
 */
export async function writeAccessPlaces(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: {
    readonly siteIdOf: (ref: DemoSiteRef) => string;
    readonly practiceIds: readonly string[];
  },
  wrote: (rows: number) => void,
): Promise<AccessPlaceIds> {
  const a = accessOfPlan(plan);
  const roomIds = orderedIds(a.rooms.length);
  await inBatches(
    a.rooms,
    (batch, offset) =>
      tx.query(
        `insert into room (id, org_id, site_id, name)
         select r.id, $1, r.site_id, r.name
           from unnest($2::uuid[], $3::uuid[], $4::text[]) as r(id, site_id, name)`,
        [
          orgId,
          roomIds.slice(offset, offset + batch.length),
          batch.map((r) => ids.siteIdOf(r.site)),
          batch.map((r) => r.name),
        ],
      ),
    wrote,
  );
  const hubIds: string[] = [];
  for (const hub of a.hubs) {
    const made = await tx.query<{ id: string }>(
      'insert into hub (org_id, name, release_lead_minutes) values ($1, $2, $3) returning id',
      [orgId, hub.name, hub.releaseLeadMinutes],
    );
    const hubId = need(made.rows[0]?.id, 'hub');
    hubIds.push(hubId);
    await tx.query(
      `insert into hub_site (org_id, hub_id, site_id) select $1, $2, unnest($3::uuid[])`,
      [orgId, hubId, hub.sites.map(ids.siteIdOf)],
    );
    await tx.query(
      `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
       select $1, $2, p.practice_id, p.threshold
         from unnest($3::uuid[], $4::int[]) as p(practice_id, threshold)`,
      [
        orgId,
        hubId,
        hub.practices.map((p) => need(ids.practiceIds[p.practiceIndex], 'hub practice')),
        hub.practices.map((p) => p.dailyThreshold),
      ],
    );
    wrote(1 + hub.sites.length + hub.practices.length);
  }
  const teamIds: string[] = [];
  for (const team of a.triageTeams) {
    const made = await tx.query<{ id: string }>(
      'insert into triage_team (org_id, name, region, site_id) values ($1, $2, $3, $4) returning id',
      [orgId, team.name, team.region, team.site ? ids.siteIdOf(team.site) : null],
    );
    teamIds.push(need(made.rows[0]?.id, 'call centre'));
    wrote(1);
  }
  if (a.requestRouting !== 'practice') {
    await tx.query(
      `insert into organisation_settings (org_id, request_routing) values ($1, $2)
       on conflict (org_id) do update set request_routing = excluded.request_routing`,
      [orgId, a.requestRouting],
    );
    wrote(1);
  }
  const queueIds: string[] = [];
  for (const queue of a.walkInQueues) {
    const made = await tx.query<{ id: string }>(
      `insert into walk_in_queue (org_id, site_id, service, name, minutes_per_patient)
       values ($1, $2, $3, $4, $5) returning id`,
      [orgId, ids.siteIdOf(queue.site), queue.service, queue.name, queue.minutesPerPatient],
    );
    queueIds.push(need(made.rows[0]?.id, 'walk-in queue'));
    wrote(1);
  }
  return { roomIds, hubIds, teamIds, queueIds };
}

/** The offer columns of each offering session of the plan's rota, by session index. */
export function sessionOffersOf(
  plan: DemoPlan,
  places: AccessPlaceIds,
): (sessionIndex: number) => SessionOfferColumns | null {
  const bySession = new Map<number, DemoSessionOffer>();
  for (const offer of accessOfPlan(plan).offers) bySession.set(offer.sessionIndex, offer);
  return (sessionIndex) => {
    const offer = bySession.get(sessionIndex);
    return offer ? offerColumns(offer, places) : null;
  };
}

/** What a session offers, as its rota_session columns. */
export interface SessionOfferColumns {
  readonly service: string;
  readonly channel: string;
  readonly slotMinutes: number;
  readonly visibility: string;
  readonly roomId: string | null;
  readonly hubId: string | null;
}

function offerColumns(offer: DemoSessionOffer, places: AccessPlaceIds): SessionOfferColumns {
  return {
    service: offer.service,
    channel: offer.channel,
    slotMinutes: offer.slotMinutes,
    visibility: offer.visibility,
    roomId: offer.roomIndex === null ? null : need(places.roomIds[offer.roomIndex], 'room'),
    hubId: offer.hubIndex === null ? null : need(places.hubIds[offer.hubIndex], 'hub'),
  };
}

/** Everything the activity refers to, by the ids the rest of the demo was written with. */
export interface AccessActivityIds extends AccessPlaceIds {
  readonly siteIdOf: (ref: DemoSiteRef) => string;
  readonly practiceIds: readonly string[];
  readonly staffIds: readonly string[];
  /** The plan's rota sessions' ids, in the plan's order. */
  readonly sessionIds: readonly string[];
  readonly userIds: Readonly<Record<string, string>>;
  /** The first 20 hex digits of the patients' ids (see write-demo's PATIENT_SQL). */
  readonly patientIdPrefix: string;
}

/**
 * What happens in the access model, written after the patients it names: the hub's sessions,
 * the slots (with their places taken), requests, appointments and today's walk-in tickets.
 */
export async function writeAccessActivity(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: AccessActivityIds,
  wrote: (rows: number) => void,
): Promise<void> {
  const a = accessOfPlan(plan);
  // Patients' ids follow from their place in the plan's order of writing (practice by
  // practice), as write-demo's PATIENT_SQL made them.
  const firstOf: number[] = [];
  let running = 0;
  for (const practice of plan.practices) {
    firstOf[practice.index] = running;
    running += practice.listSize;
  }
  const patientId = (ref: DemoPatientRef): string => {
    const n = need(firstOf[ref.practiceIndex], 'practice of a patient') + ref.position + 1;
    const hex = `${ids.patientIdPrefix}${n.toString(16).padStart(12, '0')}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const user = (key: string | null): string | null =>
    key === null ? null : need(ids.userIds[key], `user ${key}`);
  const staffId = (index: number | null): string | null =>
    index === null ? null : need(ids.staffIds[index], 'member of staff');
  const practiceOfSite = (ref: DemoSiteRef): string | null =>
    ref.practiceIndex === null ? null : need(ids.practiceIds[ref.practiceIndex], 'practice');

  // The hub's sessions: in the rota like any other, with who works them.
  const hubSessionIds = orderedIds(a.hubSessions.length);
  const offers = new Map(a.offers.map((o) => [o.sessionIndex, o]));
  const sessionCount = plan.workforce.sessions.length;
  if (a.hubSessions.length > 0) {
    const columns = a.hubSessions.map((h, n) =>
      offerColumns(need(offers.get(sessionCount + n), 'hub session offer'), ids),
    );
    const sessions = a.hubSessions.map((h) => h.session);
    await tx.query(
      `insert into rota_session (id, org_id, site_id, starts_at, ends_at, period, required_role,
                                 required_skills, staff_needed, urgency, unpopular, service,
                                 channel, slot_minutes, visibility, room_id, hub_id)
       select s.id, $1, s.site_id, s.starts_at, s.ends_at, s.period, s.required_role, '{}', 1,
              s.urgency, s.unpopular, s.service, s.channel, s.slot_minutes, s.visibility,
              s.room_id, s.hub_id
         from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                     $7::text[], $8::int[], $9::boolean[], $10::text[], $11::text[], $12::int[],
                     $13::text[], $14::uuid[], $15::uuid[])
              as s(id, site_id, starts_at, ends_at, period, required_role, urgency, unpopular,
                   service, channel, slot_minutes, visibility, room_id, hub_id)`,
      [
        orgId,
        hubSessionIds,
        sessions.map((s) => ids.siteIdOf(s.site)),
        sessions.map((s) => s.startsAt),
        sessions.map((s) => s.endsAt),
        sessions.map((s) => s.period),
        sessions.map((s) => s.requiredRole),
        sessions.map((s) => s.urgency),
        sessions.map((s) => s.unpopular),
        columns.map((c) => c.service),
        columns.map((c) => c.channel),
        columns.map((c) => c.slotMinutes),
        columns.map((c) => c.visibility),
        columns.map((c) => c.roomId),
        columns.map((c) => c.hubId),
      ],
    );
    await tx.query(
      `insert into session_assignment (org_id, session_id, staff_id, source)
       select $1, a.session_id, a.staff_id, 'rota'
         from unnest($2::uuid[], $3::uuid[]) as a(session_id, staff_id)`,
      [orgId, hubSessionIds, a.hubSessions.map((h) => staffId(h.staffIndex))],
    );
    wrote(a.hubSessions.length * 2);
  }
  const sessionId = (index: number): string =>
    need(
      index < sessionCount ? ids.sessionIds[index] : hubSessionIds[index - sessionCount],
      'rota session',
    );
  const roomId = (index: number | null) =>
    index === null ? null : need(ids.roomIds[index], 'room');
  const hubId = (index: number | null) => (index === null ? null : need(ids.hubIds[index], 'hub'));

  const slotIds = orderedIds(a.slots.length);
  await inBatches(
    a.slots,
    (batch, offset) =>
      tx.query(
        `insert into slot (id, org_id, session_id, site_id, practice_id, hub_id, staff_id, room_id,
                           starts_at, ends_at, service, channel, visibility, capacity, taken)
         select s.id, $1, s.session_id, s.site_id, s.practice_id, s.hub_id, s.staff_id, s.room_id,
                s.starts_at, s.ends_at, s.service, s.channel, s.visibility, s.capacity, s.taken
           from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[],
                       $8::uuid[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[],
                       $13::text[], $14::int[], $15::int[])
                as s(id, session_id, site_id, practice_id, hub_id, staff_id, room_id, starts_at,
                     ends_at, service, channel, visibility, capacity, taken)`,
        [
          orgId,
          slotIds.slice(offset, offset + batch.length),
          batch.map((s) => sessionId(s.sessionIndex)),
          batch.map((s) => ids.siteIdOf(s.site)),
          batch.map((s) => practiceOfSite(s.site)),
          batch.map((s) => hubId(s.hubIndex)),
          batch.map((s) => staffId(s.staffIndex)),
          batch.map((s) => roomId(s.roomIndex)),
          batch.map((s) => s.startsAt),
          batch.map((s) => s.endsAt),
          batch.map((s) => s.service),
          batch.map((s) => s.channel),
          batch.map((s) => s.visibility),
          batch.map((s) => s.capacity),
          batch.map((s) => s.taken),
        ],
      ),
    wrote,
  );

  const requestIds = orderedIds(a.requests.length);
  await inBatches(
    a.requests,
    (batch, offset) =>
      tx.query(
        `insert into patient_request (id, org_id, practice_id, patient_id, triage_team_id, channel,
                                      kind, admin_type, description, preferred_channel, status,
                                      urgency, outcome, specialist_service, triage_note,
                                      received_at, recorded_by, claimed_by, claimed_at,
                                      triaged_by, triaged_at, closed_at)
         select r.id, $1, r.practice_id, r.patient_id, r.team_id, r.channel, r.kind, r.admin_type,
                r.description, r.preferred_channel, r.status, r.urgency, r.outcome,
                r.specialist_service, r.triage_note, r.received_at, r.recorded_by, r.claimed_by,
                r.claimed_at, r.triaged_by, r.triaged_at, r.closed_at
           from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                       $14::text[], $15::text[], $16::timestamptz[], $17::uuid[], $18::uuid[],
                       $19::timestamptz[], $20::uuid[], $21::timestamptz[], $22::timestamptz[])
                as r(id, practice_id, patient_id, team_id, channel, kind, admin_type, description,
                     preferred_channel, status, urgency, outcome, specialist_service, triage_note,
                     received_at, recorded_by, claimed_by, claimed_at, triaged_by, triaged_at,
                     closed_at)`,
        [
          orgId,
          requestIds.slice(offset, offset + batch.length),
          batch.map((r) => need(ids.practiceIds[r.patient.practiceIndex], 'practice')),
          batch.map((r) => patientId(r.patient)),
          batch.map((r) =>
            r.triageTeamIndex === null ? null : need(ids.teamIds[r.triageTeamIndex], 'team'),
          ),
          batch.map((r) => r.channel),
          batch.map((r) => r.kind),
          batch.map((r) => r.adminType),
          batch.map((r) => r.description),
          batch.map((r) => r.preferredChannel),
          batch.map((r) => r.status),
          batch.map((r) => r.urgency),
          batch.map((r) => r.outcome),
          batch.map((r) => r.specialistService),
          batch.map((r) => r.triageNote),
          batch.map((r) => r.receivedAt),
          batch.map((r) => user(r.recordedBy)),
          batch.map((r) => user(r.claimedBy)),
          batch.map((r) => r.claimedAt),
          batch.map((r) => user(r.triagedBy)),
          batch.map((r) => r.triagedAt),
          batch.map((r) => r.closedAt),
        ],
      ),
    wrote,
  );

  // Appointments copy their slot's place, people and times, as booking does.
  await inBatches(
    a.appointments,
    (batch) =>
      tx.query(
        `insert into appointment (org_id, slot_id, site_id, staff_id, room_id, during, service,
                                  channel, patient_id, practice_id, request_id, status, booked_by,
                                  booked_at, hub_override_reason, cancelled_by, cancelled_at,
                                  cancel_reason, patient_told, outcome_recorded_at, created_at)
         select $1, a.slot_id, s.site_id, s.staff_id, s.room_id, s.during, s.service, s.channel,
                a.patient_id, a.practice_id, a.request_id, a.status, a.booked_by, a.booked_at,
                a.override, a.cancelled_by, a.cancelled_at, a.cancel_reason, a.patient_told,
                a.outcome_recorded_at, a.booked_at
           from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[],
                       $8::timestamptz[], $9::text[], $10::uuid[], $11::timestamptz[], $12::text[],
                       $13::boolean[], $14::timestamptz[])
                as a(slot_id, patient_id, practice_id, request_id, status, booked_by, booked_at,
                     override, cancelled_by, cancelled_at, cancel_reason, patient_told,
                     outcome_recorded_at)
           join slot s on s.org_id = $1 and s.id = a.slot_id`,
        [
          orgId,
          batch.map((x) => need(slotIds[x.slotIndex], 'slot')),
          batch.map((x) => patientId(x.patient)),
          batch.map((x) => need(ids.practiceIds[x.patient.practiceIndex], 'practice')),
          batch.map((x) =>
            x.requestIndex === null ? null : need(requestIds[x.requestIndex], 'request'),
          ),
          batch.map((x) => x.status),
          batch.map((x) => user(x.bookedBy)),
          batch.map((x) => x.bookedAt),
          batch.map((x) => x.hubOverrideReason),
          batch.map((x) => user(x.cancelledBy)),
          batch.map((x) => x.cancelledAt),
          batch.map((x) => x.cancelReason),
          batch.map((x) => x.patientTold),
          batch.map((x) => x.outcomeRecordedAt),
        ],
      ),
    wrote,
  );

  const caller = user(plan.users.some((u) => u.key === 'navigator') ? 'navigator' : 'admin');
  await inBatches(
    a.walkInTickets,
    (batch) =>
      tx.query(
        `insert into walk_in_ticket (org_id, queue_id, issued_on, number, patient_id, status,
                                     issued_at, called_at, called_by, done_at)
         select $1, t.queue_id, $2, t.number, t.patient_id, t.status, t.issued_at, t.called_at,
                case when t.called_at is null then null else $3::uuid end, t.done_at
           from unnest($4::uuid[], $5::int[], $6::uuid[], $7::text[], $8::timestamptz[],
                       $9::timestamptz[], $10::timestamptz[])
                as t(queue_id, number, patient_id, status, issued_at, called_at, done_at)`,
        [
          orgId,
          plan.today,
          caller,
          batch.map((t) => need(ids.queueIds[t.queueIndex], 'walk-in queue')),
          batch.map((t) => t.number),
          batch.map((t) => (t.patient ? patientId(t.patient) : null)),
          batch.map((t) => t.status),
          batch.map((t) => t.issuedAt),
          batch.map((t) => t.calledAt),
          batch.map((t) => t.doneAt),
        ],
      ),
    wrote,
  );
}
