import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInEngland, nextDate, startOfDayInEngland, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import {
  createTestAppointment,
  createTestPatient,
  createTestSite,
  createTestSlot,
} from './access-test-fixtures.js';
import { accessSummaryRepository } from './access-summary.js';

let t: TestDatabase;
let org: TestOrganisation;
let first: string;
let second: string;
let central: Principal;
let managerOfFirst: Principal;
let navigatorOfSecond: Principal;
let adminOnly: Principal;
let outsider: Principal;
let hubId: string;
let openQueue: string;
/** Free slots the first practice has today from now on, and tomorrow. */
const expectedFree = { today: 0, tomorrow: 0 };

const today = () => dateInEngland(new Date());
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  central = await org.principal([{ role: 'central-operations', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigatorOfSecond = await org.principal([{ role: 'care-navigator', practiceId: second }]);
  adminOnly = await org.principal([{ role: 'org-admin', practiceId: null }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-operations', practiceId: null }]);

  const firstPatient = await createTestPatient(t.db, org.orgId, first);
  const secondPatient = await createTestPatient(t.db, org.orgId, second);

  // Requests: at the first practice, two overdue (unassessed past the same-day window, an
  // emergency past its hour), two waiting in time, one claimed long ago, one triaged today; at
  // the second, one waiting.
  const request = (
    practiceId: string,
    patientId: string,
    receivedAt: string,
    extra: { urgency?: string; status?: string; triaged?: boolean } = {},
  ) =>
    t.db.query(
      `insert into patient_request (org_id, practice_id, patient_id, channel, kind, description,
                                    status, urgency, outcome, received_at, claimed_at, triaged_at)
       values ($1, $2, $3, 'phone', 'clinical', 'A request', $4, $5, $6, $7,
               case when $4 = 'waiting' then null else now() end,
               case when $8 then now() else null end)`,
      [
        org.orgId,
        practiceId,
        patientId,
        extra.status ?? 'waiting',
        extra.urgency ?? null,
        extra.triaged ? 'telephone' : null,
        receivedAt,
        extra.triaged ?? false,
      ],
    );
  await request(first, firstPatient, hoursAgo(0));
  await request(first, firstPatient, hoursAgo(13));
  await request(first, firstPatient, hoursAgo(2), { urgency: 'emergency' });
  await request(first, firstPatient, hoursAgo(48), { urgency: 'routine' });
  await request(first, firstPatient, hoursAgo(20), { status: 'claimed' });
  await request(first, firstPatient, hoursAgo(3), {
    status: 'triaged',
    urgency: 'same-day',
    triaged: true,
  });
  await request(second, secondPatient, hoursAgo(1));

  // Slots at the first practice: one from now on (today, unless midnight is that close), one
  // gone by, one tomorrow, one full tomorrow, one the day after; one at the second practice.
  const firstSite = await createTestSite(t.db, org.orgId, first, 'First Surgery');
  const secondSite = await createTestSite(t.db, org.orgId, second, 'Second Surgery');
  const slot = (siteId: string, practiceId: string | null, startsAt: string) =>
    createTestSlot(t.db, { orgId: org.orgId, siteId, practiceId, startsAt });
  const soon = new Date(Date.now() + 2 * 60_000);
  await slot(firstSite, first, soon.toISOString());
  expectedFree[dateInEngland(soon) === today() ? 'today' : 'tomorrow'] += 1;
  await slot(firstSite, first, hoursAgo(1));
  const tomorrowMorning = new Date(
    Date.parse(startOfDayInEngland(nextDate(today()))) + 9 * 3_600_000,
  ).toISOString();
  await slot(firstSite, first, tomorrowMorning);
  expectedFree.tomorrow += 1;
  const full = await slot(
    firstSite,
    first,
    new Date(Date.parse(tomorrowMorning) + 3_600_000).toISOString(),
  );
  await createTestAppointment(t.db, {
    orgId: org.orgId,
    slotId: full,
    patientId: firstPatient,
    practiceId: first,
    bookedAt: new Date().toISOString(),
  });
  await slot(
    firstSite,
    first,
    new Date(Date.parse(startOfDayInEngland(nextDate(today(), 2))) + 9 * 3_600_000).toISOString(),
  );
  await slot(secondSite, second, tomorrowMorning);

  // A hub of both practices (lists 6,000 and 4,000) with 10 places today: shares 6 and 4. The
  // first practice's patients take 2 before release; the second's take 5, the fifth after
  // release, which is one of the first practice's places recovered.
  await t.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     values ($1, $2, '2020-01-01', 6000), ($1, $3, '2020-01-01', 4000)`,
    [org.orgId, first, second],
  );
  const hub = await t.db.query<{ id: string }>(
    `insert into hub (org_id, name, release_lead_minutes) values ($1, 'Evening Hub', 120)
     returning id`,
    [org.orgId],
  );
  hubId = hub.rows[0]?.id ?? '';
  await t.db.query(
    `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
     values ($1, $2, $3, 0), ($1, $2, $4, 0)`,
    [org.orgId, hubId, first, second],
  );
  const hubSite = await createTestSite(t.db, org.orgId, null, 'Hub Centre');
  const hubStart = new Date(Date.parse(startOfDayInEngland(today())) + 3_600_000).toISOString();
  const hubSlot = await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: hubSite,
    practiceId: null,
    hubId,
    startsAt: hubStart,
    capacity: 10,
  });
  const early = new Date(Date.parse(hubStart) - 24 * 3_600_000).toISOString();
  const late = new Date(Date.parse(hubStart) - 30 * 60_000).toISOString();
  const book = (practiceId: string, patientId: string, bookedAt: string) =>
    createTestAppointment(t.db, {
      orgId: org.orgId,
      slotId: hubSlot,
      patientId,
      practiceId,
      bookedAt,
    });
  for (let i = 0; i < 2; i += 1) await book(first, firstPatient, early);
  for (let i = 0; i < 4; i += 1) await book(second, secondPatient, early);
  await book(second, secondPatient, late);

  // Walk-in: an open queue at the first practice with two waiting today and one seen; a closed
  // one at the second.
  const queue = await t.db.query<{ id: string }>(
    `insert into walk_in_queue (org_id, site_id, service, name, open)
     values ($1, $2, 'phlebotomy', 'Morning bloods', true),
            ($1, $3, 'phlebotomy', 'Closed bloods', false)
     returning id`,
    [org.orgId, firstSite, secondSite],
  );
  openQueue = queue.rows[0]?.id ?? '';
  await t.db.query(
    `insert into walk_in_ticket (org_id, queue_id, issued_on, number, status)
     values ($1, $2, $3, 1, 'done'), ($1, $2, $3, 2, 'waiting'), ($1, $2, $3, 3, 'waiting'),
            ($1, $2, $3::date - 1, 1, 'waiting')`,
    [org.orgId, openQueue, today()],
  );
});
afterAll(() => t.dispose());

const summary = (principal: Principal, practiceId?: string) =>
  accessSummaryRepository(t.db, { principal, requestId: null }).summary({ practiceId });

describe('the access overview', () => {
  it('counts every practice for a central role', async () => {
    const s = await summary(central);
    expect(s.today).toBe(today());
    expect(s.requests).toEqual({
      waiting: 5,
      waitingByUrgency: {
        unassessed: 3,
        emergency: 1,
        'same-day': 0,
        'within-2-days': 0,
        'within-2-weeks': 0,
        routine: 1,
      },
      overdue: 2,
      claimed: 1,
      triagedToday: 1,
    });
    expect(s.freeSlots).toEqual([
      { service: 'gp', today: expectedFree.today, tomorrow: expectedFree.tomorrow + 1 },
    ]);
    expect(s.hubs).toEqual([
      {
        id: hubId,
        name: 'Evening Hub',
        capacity: 10,
        booked: 7,
        share: 10,
        used: 6,
        released: 1,
      },
    ]);
    expect(s.walkIn).toEqual([
      { id: openQueue, name: 'Morning bloods', siteName: 'First Surgery', open: true, waiting: 2 },
      expect.objectContaining({ name: 'Closed bloods', open: false, waiting: 0 }),
    ]);
  });

  it('counts only their own practice for a practice role', async () => {
    const s = await summary(managerOfFirst);
    expect(s.requests).toMatchObject({ waiting: 4, overdue: 2, claimed: 1, triagedToday: 1 });
    expect(s.freeSlots).toEqual([
      { service: 'gp', today: expectedFree.today, tomorrow: expectedFree.tomorrow },
    ]);
    // Their share of the hub, what their patients used, and what went to others after release.
    expect(s.hubs).toEqual([expect.objectContaining({ share: 6, used: 2, released: 1 })]);
    expect(s.walkIn.map((q) => q.name)).toEqual(['Morning bloods']);
    const theirs = await summary(navigatorOfSecond);
    expect(theirs.requests).toMatchObject({ waiting: 1, overdue: 0, claimed: 0 });
    expect(theirs.hubs).toEqual([expect.objectContaining({ share: 4, used: 4, released: 0 })]);
    expect(theirs.walkIn.map((q) => q.name)).toEqual(['Closed bloods']);
  });

  it('narrows to one practice, but only to one the caller reaches', async () => {
    const s = await summary(central, second);
    expect(s.practiceId).toBe(second);
    expect(s.requests.waiting).toBe(1);
    await expect(summary(navigatorOfSecond, first)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(summary(outsider, first)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('shows another organisation nothing, and refuses roles that do not see triage', async () => {
    const s = await summary(outsider);
    expect(s.requests.waiting).toBe(0);
    expect(s.freeSlots).toEqual([]);
    expect(s.hubs).toEqual([]);
    expect(s.walkIn).toEqual([]);
    await expect(summary(adminOnly)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('routing settings', () => {
  it('answers the defaults until set, then what was set, for the caller’s organisation only', async () => {
    const settings = (principal: Principal) =>
      accessSummaryRepository(t.db, { principal, requestId: null }).routingSettings();
    expect(await settings(navigatorOfSecond)).toEqual({ routing: 'practice', holdMinutes: 5 });
    await t.db.query(
      `insert into organisation_settings (org_id, request_routing, hold_minutes)
       values ($1, 'centre', 8)
       on conflict (org_id) do update set request_routing = 'centre', hold_minutes = 8`,
      [org.orgId],
    );
    expect(await settings(navigatorOfSecond)).toEqual({ routing: 'centre', holdMinutes: 8 });
    expect(await settings(outsider)).toEqual({ routing: 'practice', holdMinutes: 5 });
  });
});
