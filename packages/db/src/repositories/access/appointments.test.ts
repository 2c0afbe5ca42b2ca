import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryChannel, Principal, TriageOutcome } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import { appointmentRepository } from './appointments.js';
import { sessionPatternRepository } from './patterns.js';
import { roomRepository } from './rooms.js';
import { slotRepository } from './slots.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let navigatorOfFirst: Principal;
let navigatorOfSecond: Principal;
let clinicianOfFirst: Principal;
let outsider: Principal;
let first: string;
let second: string;
const site = { first: '', second: '', hub: '' };
const staff = { gp1: '', gp2: '', gp3: '', nurse: '' };
const patient = { first: '', second: '', first2: '' };
let room = '';

const scope = (principal: Principal) => ({ principal, requestId: 'req-booking' });
const appointments = (p: Principal) => appointmentRepository(t.db, scope(p));
const slots = (p: Principal) => slotRepository(t.db, scope(p));
const patterns = (p: Principal) => sessionPatternRepository(t.db, scope(p));

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  central = await org.principal([{ role: 'central-operations', practiceId: null }]);
  navigatorOfFirst = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  navigatorOfSecond = await org.principal([{ role: 'care-navigator', practiceId: second }]);
  clinicianOfFirst = await org.principal([{ role: 'clinician', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-operations', practiceId: null }]);
  const places = [
    ['first', first, 'B1 1AA', 52.4862, -1.8904, true],
    ['second', second, 'B29 6AA', 52.4508, -1.9305, true],
    ['hub', null, 'CV1 1AA', 52.4068, -1.5197, false],
  ] as const;
  for (const [key, practiceId, postcode, latitude, longitude, isMain] of places) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, postcode, latitude, longitude, is_main)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [org.orgId, practiceId, `Site ${key}`, postcode, latitude, longitude, isMain],
    );
    site[key] = rows[0]?.id ?? '';
  }
  const people = [
    ['gp1', 'Dr Ada One', 'gp'],
    ['gp2', 'Dr Ben Two', 'gp'],
    ['gp3', 'Dr Cy Three', 'gp'],
    ['nurse', 'Nia Nurse', 'practice-nurse'],
  ] as const;
  for (const [key, name, role] of people) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body)
       values ($1, $2, $3, 'organisation') returning id`,
      [org.orgId, name, role],
    );
    staff[key] = rows[0]?.id ?? '';
  }
  for (const [key, practiceId, nhs] of [
    ['first', first, '9990000018'],
    ['second', second, '9990000026'],
    ['first2', first, '9990000034'],
  ] as const) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
       values ($1, $2, $3, 'Pat', $4, '1980-01-01') returning id`,
      [org.orgId, practiceId, nhs, `Patient ${key}`],
    );
    patient[key] = rows[0]?.id ?? '';
  }
  room = (await roomRepository(t.db, scope(central)).create({ siteId: site.first, name: 'Room 1' }))
    .id;
});
afterAll(() => t.dispose());

/** A session with an offer, made as the rota would, and its slots published. */
async function publishedSession(input: {
  siteId: string;
  staffId?: string | null;
  startsAt: string;
  minutes: number;
  slotMinutes?: number;
  visibility?: 'practice' | 'organisation' | 'hub';
  hubId?: string | null;
  capacity?: number;
  roomId?: string | null;
  channel?: DeliveryChannel;
}) {
  const endsAt = new Date(Date.parse(input.startsAt) + input.minutes * 60_000).toISOString();
  const { rows } = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
     values ($1, $2, $3, $4, 'custom', 'gp') returning id`,
    [org.orgId, input.siteId, input.startsAt, endsAt],
  );
  const sessionId = rows[0]?.id ?? '';
  if (input.staffId) {
    await t.db.query(
      `insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)`,
      [org.orgId, sessionId, input.staffId],
    );
  }
  const made = await slots(central).publish(sessionId, {
    service: 'gp',
    channel: input.channel ?? 'in-person',
    slotMinutes: input.slotMinutes ?? 10,
    visibility: input.visibility ?? 'organisation',
    hubId: input.hubId ?? null,
    roomId: input.roomId ?? null,
    capacity: input.capacity ?? 1,
  });
  return { sessionId, slots: made };
}

const future = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const day = (iso: string) => iso.slice(0, 10);

async function expectConflict(attempt: Promise<unknown>, message: RegExp) {
  await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  await expect(attempt).rejects.toThrow(message);
}

describe('patterns and generation', () => {
  it('generates sessions, rosters the clinician and cuts slots, idempotently, with skips', async () => {
    const monday = (() => {
      const d = new Date(Date.now() + 14 * 86_400_000);
      while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10);
    })();
    const pattern = await patterns(central).create({
      siteId: site.first,
      staffId: staff.gp1,
      roomId: room,
      weekday: 1,
      period: 'am',
      requiredRole: 'gp',
      service: 'gp',
      channel: 'in-person',
      slotMinutes: 15,
      visibility: 'practice',
      validFrom: monday,
    });
    expect(pattern).toMatchObject({
      startTime: '08:00',
      endTime: '12:30',
      staffName: 'Dr Ada One',
    });
    const to = new Date(Date.parse(monday) + 13 * 86_400_000).toISOString().slice(0, 10);
    const made = await patterns(central).generate({ patternIds: [pattern.id], from: monday, to });
    expect(made).toEqual({ sessionsCreated: 2, sessionsExisting: 0, slotsCreated: 36 });
    const again = await patterns(central).generate({ patternIds: [pattern.id], from: monday, to });
    expect(again).toEqual({ sessionsCreated: 0, sessionsExisting: 2, slotsCreated: 0 });
    const { rows } = await t.db.query<{ staffId: string; roomId: string; n: number }>(
      `select sl.staff_id as "staffId", sl.room_id as "roomId", count(*)::int as n from slot sl
         join rota_session s on s.id = sl.session_id where s.pattern_id = $1
        group by 1, 2`,
      [pattern.id],
    );
    expect(rows).toEqual([{ staffId: staff.gp1, roomId: room, n: 36 }]);
    // A skipped date makes nothing; the rota shows the sessions with the clinician on them.
    const nextMonday = new Date(Date.parse(monday) + 14 * 86_400_000).toISOString().slice(0, 10);
    await patterns(central).skip(pattern.id, nextMonday, 'Training');
    const skipped = await patterns(central).generate({
      patternIds: [pattern.id],
      from: nextMonday,
      to: nextMonday,
    });
    expect(skipped.sessionsCreated).toBe(0);
    const { rows: assigned } = await t.db.query(
      `select 1 from session_assignment a join rota_session s on s.id = a.session_id
        where s.pattern_id = $1 and a.staff_id = $2`,
      [pattern.id, staff.gp1],
    );
    expect(assigned).toHaveLength(2);
    // The same clinician in another pattern at the same time: refused, naming them.
    const clash = await patterns(central).create({
      siteId: site.second,
      staffId: staff.gp1,
      weekday: 1,
      period: 'custom',
      startTime: '09:00',
      endTime: '10:00',
      requiredRole: 'gp',
      validFrom: monday,
    });
    await expectConflict(
      patterns(central).generate({ patternIds: [clash.id], from: monday, to: monday }),
      /Dr Ada One/,
    );
    // Bad input names the field; a navigator may not set patterns up.
    await expect(
      patterns(central).create({ ...baseline(monday), slotMinutes: null }),
    ).rejects.toMatchObject({ errors: [{ field: '/slotMinutes' }] });
    await expect(patterns(navigatorOfFirst).create(baseline(monday))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(patterns(outsider).create(baseline(monday))).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

const baseline = (validFrom: string) => ({
  siteId: site.first,
  weekday: 2,
  period: 'pm' as const,
  requiredRole: 'gp' as const,
  service: 'gp' as const,
  channel: 'telephone' as const,
  slotMinutes: 10 as number | null,
  visibility: 'practice' as const,
  validFrom,
});

describe('rooms', () => {
  it('refuses a second room of the same name and a room another practice manages', async () => {
    await expectConflict(
      roomRepository(t.db, scope(central)).create({ siteId: site.first, name: 'Room 1' }),
      /already has a room called Room 1/,
    );
    const manager = await org.principal([{ role: 'practice-manager', practiceId: second }]);
    await expect(
      roomRepository(t.db, scope(manager)).create({ siteId: site.first, name: 'Room 9' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(roomRepository(t.db, scope(outsider)).list()).resolves.toEqual([]);
  });
});

describe('finding, holding and booking', () => {
  it('holds, books, cancels and rebooks, keeping the count right and auditing each step', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.first,
      staffId: staff.gp2,
      startsAt: future(3, 9),
      minutes: 30,
    });
    expect(made).toHaveLength(3);
    const [a, b] = made;
    const found = await slots(navigatorOfFirst).search({
      from: day(future(3)),
      to: day(future(3)),
      patientId: patient.first,
      service: 'gp',
    });
    expect(found.map((s) => s.id)).toEqual(expect.arrayContaining([a?.id, b?.id]));
    expect(found.find((s) => s.id === a?.id)).toMatchObject({
      placesLeft: 1,
      distanceKm: 0,
      staffName: 'Dr Ben Two',
    });
    const hold = await appointments(navigatorOfFirst).hold(a?.id ?? '');
    expect(hold.status).toBe('held');
    expect(Date.parse(hold.holdExpiresAt ?? '') - Date.now()).toBeGreaterThan(4 * 60_000);
    const booked = await appointments(navigatorOfFirst).book({
      holdId: hold.id,
      patientId: patient.first,
    });
    expect(booked).toMatchObject({ id: hold.id, status: 'booked', patientId: patient.first });
    await expectConflict(
      appointments(navigatorOfFirst).book({ slotId: a?.id ?? '', patientId: patient.first2 }),
      /slot at Site first .* (fully booked|was just booked by someone else)/,
    );
    const afterBooking = await slots(navigatorOfFirst).search({
      from: day(future(3)),
      to: day(future(3)),
    });
    expect(afterBooking.map((s) => s.id)).not.toContain(a?.id);
    const moved = await appointments(navigatorOfFirst).rebook(booked.id, {
      slotId: b?.id ?? '',
      reason: 'Patient asked for later',
      patientTold: true,
    });
    expect(moved).toMatchObject({ slotId: b?.id, status: 'booked' });
    expect((await appointments(navigatorOfFirst).get(booked.id)).status).toBe('cancelled');
    const cancelled = await appointments(navigatorOfFirst).cancel(moved.id, {
      reason: 'Feeling better',
      patientTold: false,
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', patientTold: false });
    const { rows } = await t.db.query<{ taken: number }>(
      'select taken from slot where id = any($1::uuid[]) order by starts_at',
      [[a?.id, b?.id]],
    );
    expect(rows).toEqual([{ taken: 0 }, { taken: 0 }]);
    const { rows: audit } = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_id = any($1::text[]) order by id`,
      [[booked.id, moved.id]],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'appointment.hold',
      'appointment.book',
      'appointment.cancel',
      'appointment.book',
      'appointment.cancel',
    ]);
    const list = await appointments(navigatorOfFirst).ofPatient(patient.first);
    expect(list.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('releases a lapsed hold in search counts and when someone books', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.first,
      staffId: staff.gp3,
      startsAt: future(4, 9),
      minutes: 10,
    });
    const slotId = made[0]?.id ?? '';
    const hold = await appointments(navigatorOfFirst).hold(slotId);
    await expectConflict(appointments(navigatorOfFirst).hold(slotId), /fully booked|just booked/);
    await t.db.query(
      `update appointment set hold_expires_at = now() - interval '1 second' where id = $1`,
      [hold.id],
    );
    const found = await slots(navigatorOfFirst).search({
      from: day(future(4)),
      to: day(future(4)),
    });
    expect(found.find((s) => s.id === slotId)?.placesLeft).toBe(1);
    await expectConflict(
      appointments(navigatorOfFirst).book({ holdId: hold.id, patientId: patient.first }),
      /has expired/,
    );
    const booked = await appointments(navigatorOfFirst).book({ slotId, patientId: patient.first });
    expect(booked.status).toBe('booked');
    const { rows } = await t.db.query<{ taken: number }>('select taken from slot where id = $1', [
      slotId,
    ]);
    expect(rows).toEqual([{ taken: 1 }]);
    // Overbooking: a reason and appointment:overbook; a navigator may not.
    await expect(
      appointments(navigatorOfFirst).book({
        slotId,
        patientId: patient.first2,
        overbookReason: 'Urgent',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const over = await appointments(clinicianOfFirst).book({
      slotId,
      patientId: patient.first2,
      overbookReason: 'Urgent, same day',
    });
    expect(over.overbookReason).toBe('Urgent, same day');
    const { rows: after } = await t.db.query('select taken, overbooked from slot where id = $1', [
      slotId,
    ]);
    expect(after).toEqual([{ taken: 2, overbooked: 1 }]);
    // Withdrawing the session's slots is refused while they hold bookings.
    await expectConflict(
      slots(central).withdraw(made[0]?.sessionId ?? ''),
      /2 appointments are booked/,
    );
    // The clinician's day list shows both patients.
    const list = await appointments(clinicianOfFirst).day(staff.gp3, day(future(4)));
    expect(list.map((x) => x.patientId).sort()).toEqual([patient.first, patient.first2].sort());
  });

  it('refuses another practice’s patients and slots the form keeps to their practice', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.first,
      startsAt: future(5, 9),
      minutes: 20,
    });
    expect(made).toHaveLength(2);
    const slotId = made[0]?.id ?? '';
    // The autonomy form does not book patients at another practice's site.
    await expectConflict(
      appointments(navigatorOfSecond).book({ slotId, patientId: patient.second }),
      /does not allow booking patients at another practice/,
    );
    // A navigator of the second practice does not reach the first's patients.
    await expect(
      appointments(navigatorOfSecond).book({ slotId, patientId: patient.first }),
    ).rejects.toMatchObject({ code: 'not-found', errors: [{ field: '/patientId' }] });
    await expect(
      appointments(outsider).book({ slotId, patientId: patient.first }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(appointments(outsider).hold(slotId)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(
      slots(navigatorOfSecond).search({ from: day(future(5)), to: day(future(5)) }),
    ).resolves.toEqual([]);
    await expect(
      appointments(navigatorOfFirst).book({ patientId: patient.first }),
    ).rejects.toMatchObject({ errors: [{ field: '/slotId' }] });

    // Nobody outside the first practice cancels its booking or its navigator's hold.
    const booked = await appointments(navigatorOfFirst).book({ slotId, patientId: patient.first });
    const hold = await appointments(navigatorOfFirst).hold(made[1]?.id ?? '');
    for (const stranger of [navigatorOfSecond, outsider]) {
      for (const id of [booked.id, hold.id]) {
        const refusal: unknown = await appointments(stranger)
          .cancel(id, { reason: 'Not mine', patientTold: true })
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(['not-found', 'forbidden']).toContain((refusal as { code?: string } | null)?.code);
      }
    }
    expect((await appointments(navigatorOfFirst).get(booked.id)).status).toBe('booked');
    expect((await appointments(navigatorOfFirst).get(hold.id)).status).toBe('held');
    const { rows } = await t.db.query<{ taken: number }>(
      'select taken from slot where id = any($1::uuid[]) order by starts_at',
      [[slotId, made[1]?.id]],
    );
    expect(rows.map((r) => r.taken)).toEqual([1, 1]);
  });

  it('lets exactly one of many parallel bookings have the last place', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.first,
      startsAt: future(6, 9),
      minutes: 10,
    });
    const slotId = made[0]?.id ?? '';
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        appointments(navigatorOfFirst).book({ slotId, patientId: patient.first }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'conflict' });
    }
  });
});

describe('hub rules at booking time', () => {
  let hubId = '';
  beforeAll(async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into hub (org_id, name, release_lead_minutes) values ($1, 'Test Hub', 120) returning id`,
      [org.orgId],
    );
    hubId = rows[0]?.id ?? '';
    await t.db.query(`insert into hub_site (org_id, hub_id, site_id) values ($1, $2, $3)`, [
      org.orgId,
      hubId,
      site.hub,
    ]);
    await t.db.query(
      `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
       values ($1, $2, $3, 1), ($1, $2, $4, 0)`,
      [org.orgId, hubId, first, second],
    );
    await t.db.query(
      `insert into practice_list_size (org_id, practice_id, date, list_size)
       values ($1, $2, '2020-01-01', 9000), ($1, $2, '2024-01-01', 3000), ($1, $3, '2024-01-01', 1000)`,
      [org.orgId, first, second],
    );
  });

  it('keeps a practice to its fair share before release, and frees it after', async () => {
    // Four hub slots far ahead: shares by the latest list sizes are 3 and 1. In the evening,
    // clear of the Monday morning sessions gp1's pattern makes two to four weeks ahead.
    const { slots: made } = await publishedSession({
      siteId: site.hub,
      staffId: staff.gp1,
      startsAt: future(20, 18),
      minutes: 40,
      visibility: 'hub',
      hubId,
    });
    expect(made).toHaveLength(4);
    const [s1, s2] = made;
    const booked = await appointments(navigatorOfSecond).book({
      slotId: s1?.id ?? '',
      patientId: patient.second,
    });
    expect(booked.status).toBe('booked');
    await expectConflict(
      appointments(navigatorOfSecond).book({ slotId: s2?.id ?? '', patientId: patient.second }),
      /used all 1 of its fair share/,
    );
    // Within the release lead time the slots are anybody's.
    const { slots: soon } = await publishedSession({
      siteId: site.hub,
      staffId: staff.gp2,
      startsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      minutes: 20,
      visibility: 'hub',
      hubId,
    });
    const [n1, n2] = soon;
    await appointments(navigatorOfSecond).book({ slotId: n1?.id ?? '', patientId: patient.second });
    const second2 = await appointments(navigatorOfSecond).book({
      slotId: n2?.id ?? '',
      patientId: patient.second,
    });
    expect(second2.status).toBe('booked');
  });

  it('refuses a hub booking below the in-house threshold unless overridden, audited', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.hub,
      staffId: staff.gp3,
      startsAt: future(21, 9),
      minutes: 20,
      visibility: 'hub',
      hubId,
    });
    const slotId = made[0]?.id ?? '';
    await expectConflict(
      appointments(navigatorOfFirst).book({ slotId, patientId: patient.first }),
      /booked 0 of its agreed 1 in-house appointments/,
    );
    const overridden = await appointments(navigatorOfFirst).book({
      slotId,
      patientId: patient.first,
      hubOverrideReason: 'Needs the hub’s ultrasound today',
    });
    expect(overridden.hubOverrideReason).toBe('Needs the hub’s ultrasound today');
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where entity_id = $1 and action = 'appointment.book'`,
      [overridden.id],
    );
    expect(rows[0]?.reason).toMatch(/hub threshold override: Needs the hub/);
    // A practice outside the hub: its patients are refused.
    const { rows: p3 } = await t.db.query<{ id: string }>(
      `insert into practice (org_id, ods_code, name) values ($1, 'Y80099', 'Outside') returning id`,
      [org.orgId],
    );
    const outsidePatient = await t.db.query<{ id: string }>(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
       values ($1, $2, '9990000042', 'Out', 'Side', '1980-01-01') returning id`,
      [org.orgId, p3[0]?.id],
    );
    await expectConflict(
      appointments(central).book({
        slotId: made[1]?.id ?? '',
        patientId: outsidePatient.rows[0]?.id ?? '',
      }),
      /does not share this hub/,
    );
  });
});

describe('booking for a triaged request (H-016)', () => {
  /** A request of the first practice's patient, triaged with the given outcome. */
  const triaged = async (outcome: TriageOutcome) => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient_request (org_id, practice_id, patient_id, channel, kind, description,
                                    status, urgency, outcome, claimed_at, triaged_at)
       values ($1, $2, $3, 'phone', 'clinical', 'Sore knee', 'triaged', 'routine', $4, now(),
               now()) returning id`,
      [org.orgId, first, patient.first, outcome],
    );
    return rows[0]?.id ?? '';
  };
  const oneSlot = async (days: number, siteId: string, channel: DeliveryChannel) => {
    const { slots: made } = await publishedSession({
      siteId,
      startsAt: future(days, 9),
      minutes: 10,
      channel,
    });
    return made[0]?.id ?? '';
  };
  const bookedFor = async (requestId: string) =>
    (
      await t.db.query<{ n: number }>(
        `select count(*)::int as n from appointment where request_id = $1 and status = 'booked'`,
        [requestId],
      )
    ).rows[0]?.n;

  it('refuses a slot in another channel than the triage outcome, saying both, and writes nothing', async () => {
    const requestId = await triaged('telephone');
    const slotId = await oneSlot(30, site.first, 'in-person');
    await expectConflict(
      appointments(navigatorOfFirst).book({ slotId, patientId: patient.first, requestId }),
      /"Telephone consultation" asks for a telephone slot, but this is an in-person GP slot at Site first/,
    );
    expect(await bookedFor(requestId)).toBe(0);
    const { rows } = await t.db.query<{ taken: number }>('select taken from slot where id = $1', [
      slotId,
    ]);
    expect(rows[0]?.taken).toBe(0);
  });

  it('refuses, through a hold too, a slot away from the own practice or the hub the outcome asks for', async () => {
    const faceToFace = await triaged('face-to-face-home');
    const orgSite = await oneSlot(31, site.hub, 'in-person');
    const hold = await appointments(navigatorOfFirst).hold(orgSite);
    await expectConflict(
      appointments(navigatorOfFirst).book({
        holdId: hold.id,
        patientId: patient.first,
        requestId: faceToFace,
      }),
      /asks for an in-person slot at the patient’s own practice, but this is an in-person GP slot at Site hub \(an organisation site\)/,
    );
    // The refusal rolled back: the place is still held, not booked.
    expect((await appointments(navigatorOfFirst).get(hold.id)).status).toBe('held');
    const hubOutcome = await triaged('hub');
    await expectConflict(
      appointments(navigatorOfFirst).book({
        holdId: hold.id,
        patientId: patient.first,
        requestId: hubOutcome,
      }),
      /"Hub appointment" asks for an in-person slot at a hub/,
    );
    expect(await bookedFor(faceToFace)).toBe(0);
  });

  it('books a slot that fits the triage outcome, directly or through a hold', async () => {
    const byPhone = await triaged('telephone');
    const phoneSlot = await oneSlot(32, site.first, 'telephone');
    const booked = await appointments(navigatorOfFirst).book({
      slotId: phoneSlot,
      patientId: patient.first,
      requestId: byPhone,
    });
    expect(booked).toMatchObject({ status: 'booked', channel: 'telephone', requestId: byPhone });
    const inPerson = await triaged('face-to-face-home');
    const hold = await appointments(navigatorOfFirst).hold(
      await oneSlot(33, site.first, 'in-person'),
    );
    const held = await appointments(navigatorOfFirst).book({
      holdId: hold.id,
      patientId: patient.first,
      requestId: inPerson,
    });
    expect(held).toMatchObject({ status: 'booked', requestId: inPerson });
  });

  it('books a slot that does not fit on purpose when given a reason, and audits the override', async () => {
    const requestId = await triaged('video');
    const slotId = await oneSlot(34, site.first, 'in-person');
    const booked = await appointments(navigatorOfFirst).book({
      slotId,
      patientId: patient.first,
      requestId,
      outcomeOverrideReason: 'No camera at home: the clinician agreed to see them',
    });
    expect(booked).toMatchObject({ status: 'booked', channel: 'in-person', requestId });
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where entity_id = $1 and action = 'appointment.book'`,
      [booked.id],
    );
    expect(rows[0]?.reason).toBe(
      'triage outcome override: No camera at home: the clinician agreed to see them',
    );
    await expect(
      appointments(navigatorOfFirst).book({
        slotId: await oneSlot(35, site.first, 'in-person'),
        patientId: patient.first,
        requestId,
        outcomeOverrideReason: '  ',
      }),
    ).rejects.toMatchObject({ code: 'validation-failed' });
  });
});

describe('capacity and overlap under random interleavings', () => {
  it('never exceeds capacity nor puts a clinician or room in two places', async () => {
    const { slots: made } = await publishedSession({
      siteId: site.first,
      staffId: staff.nurse,
      roomId: room,
      startsAt: future(30, 9),
      minutes: 30,
      capacity: 2,
    });
    const slotIds = made.map((s) => s.id);
    const patients = [patient.first, patient.first2];
    type Command =
      | { kind: 'hold'; slot: number }
      | { kind: 'book'; slot: number; patient: number }
      | { kind: 'book-hold'; pick: number; patient: number }
      | { kind: 'cancel'; pick: number }
      | { kind: 'expire'; pick: number };
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ kind: fc.constant('hold' as const), slot: fc.nat(slotIds.length - 1) }),
      fc.record({
        kind: fc.constant('book' as const),
        slot: fc.nat(slotIds.length - 1),
        patient: fc.nat(1),
      }),
      fc.record({ kind: fc.constant('book-hold' as const), pick: fc.nat(20), patient: fc.nat(1) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(20) }),
      fc.record({ kind: fc.constant('expire' as const), pick: fc.nat(20) }),
    );
    const repo = appointments(central);
    const pick = async (status: string, n: number) => {
      const { rows } = await t.db.query<{ id: string }>(
        `select id from appointment where slot_id = any($1::uuid[]) and status = $2 order by id`,
        [slotIds, status],
      );
      return rows.length === 0 ? null : (rows[n % rows.length]?.id ?? null);
    };
    const run = async (c: Command) => {
      switch (c.kind) {
        case 'hold':
          return repo.hold(slotIds[c.slot] ?? '');
        case 'book':
          return repo.book({ slotId: slotIds[c.slot] ?? '', patientId: patients[c.patient] ?? '' });
        case 'book-hold': {
          const id = await pick('held', c.pick);
          return id && repo.book({ holdId: id, patientId: patients[c.patient] ?? '' });
        }
        case 'cancel': {
          const id = (await pick('booked', c.pick)) ?? (await pick('held', c.pick));
          return id && repo.cancel(id, { reason: 'Property test', patientTold: true });
        }
        case 'expire': {
          const id = await pick('held', c.pick);
          return (
            id &&
            t.db.query(
              `update appointment set hold_expires_at = now() - interval '1 second' where id = $1`,
              [id],
            )
          );
        }
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        async (rounds) => {
          for (const round of rounds) {
            // Each round's commands run at once: their transactions interleave.
            const outcomes = await Promise.allSettled(round.map(run));
            for (const o of outcomes) {
              if (o.status === 'rejected') {
                expect((o.reason as { code?: string }).code).toMatch(/conflict|not-found/);
              }
            }
          }
          const { rows: over } = await t.db.query(
            `select sl.id from slot sl
            where sl.id = any($1::uuid[])
              and (sl.taken > sl.capacity
                   or sl.taken <> (select count(*) from appointment a where a.slot_id = sl.id
                                    and a.status in ('held', 'booked', 'attended', 'did-not-attend')))`,
            [slotIds],
          );
          expect(over).toEqual([]);
          const { rows: overlaps } = await t.db.query(
            `select 1 from appointment a join appointment b on a.id < b.id and a.slot_id <> b.slot_id
            and a.during && b.during and (a.staff_id = b.staff_id or a.room_id = b.room_id)
            where a.status in ('held', 'booked', 'attended') and b.status in ('held', 'booked', 'attended')`,
          );
          expect(overlaps).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
