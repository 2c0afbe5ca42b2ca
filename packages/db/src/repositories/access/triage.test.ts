import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../../demo/seed-demo.js';
import { requestRepository } from './requests.js';
import { triageRepository } from './triage.js';
import { triageKpiRepository } from './triage-kpis.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let first: string;
let second: string;
let patients: string[];
let secondClinicianId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  [first = '', second = ''] = demo.practiceIds;
  const { rows } = await t.db.query<{ id: string }>(
    'select id from patient where practice_id = $1 order by nhs_number limit 8',
    [first],
  );
  patients = rows.map((r) => r.id);
  const user = await t.db.query<{ id: string }>(
    `insert into app_user (org_id, email, display_name, password_hash)
     values ($1, 'second.gp@atscale.test', 'Dr Second', 'x') returning id`,
    [demo.orgId],
  );
  secondClinicianId = user.rows[0]?.id ?? '';
});
afterAll(() => t.dispose());

const as = (userId: string, grants: Principal['grants']): Principal => ({
  userId,
  orgId: demo.orgId,
  grants,
});
const clinician = () => as(demo.users.clinician, [{ role: 'clinician', practiceId: first }]);
const secondClinician = () => as(secondClinicianId, [{ role: 'clinician', practiceId: first }]);
const navigator = () => as(demo.users.navigator, [{ role: 'care-navigator', practiceId: first }]);
const scope = (principal: Principal) => ({ principal, requestId: 'req-triage' });
const triage = (principal: Principal) => triageRepository(t.db, scope(principal));

let serial = 0;
/** Records a request for one of the first practice's patients, received `minutesAgo` ago. */
async function request(
  minutesAgo: number,
  kind: 'clinical' | 'admin' = 'clinical',
): Promise<string> {
  const patientId = patients[serial++ % patients.length] ?? '';
  const recorded = await requestRepository(t.db, scope(navigator())).record({
    patientId,
    channel: 'phone',
    kind,
    adminType: kind === 'admin' ? 'letter' : null,
    description: `Request ${String(serial)}`,
  });
  await t.db.query(
    `update patient_request set received_at = now() - make_interval(mins => $2) where id = $1`,
    [recorded.id, minutesAgo],
  );
  return recorded.id;
}

describe('the triage queue', () => {
  it('orders by need then waiting, with live counts and overdue flags, audited', async () => {
    const old = await request(60 * 13); // same day, unassessed, overdue after 12 h
    const recent = await request(5);
    const routine = await request(60);
    await t.db.query(`update patient_request set urgency = 'routine' where id = $1`, [routine]);
    const queue = await triage(clinician()).queue({ practiceId: first });
    const ids = queue.requests.map((r) => r.id);
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(recent));
    expect(ids.indexOf(recent)).toBeLessThan(ids.indexOf(routine));
    expect(queue.requests.find((r) => r.id === old)?.overdue).toBe(true);
    // The demo's own queue is there too, so counts are checked against the listed requests.
    const listed = (status: string) => queue.requests.filter((r) => r.status === status).length;
    expect(queue.counts.waiting).toBe(listed('waiting'));
    expect(queue.counts.claimed).toBe(listed('claimed'));
    expect(queue.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(queue.counts.byUrgency.routine).toBe(
      queue.requests.filter((r) => r.urgency === 'routine').length,
    );
    expect(queue.counts.byUrgency.routine).toBeGreaterThanOrEqual(1);
    expect(queue.queue).toMatchObject({ kind: 'practice', id: first });
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_event where action = 'request.list' and entity_id = $1`,
      [old],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses another practice’s queue, and an unknown one', async () => {
    await expect(triage(clinician()).queue({ practiceId: second })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      triage(clinician()).queue({ teamId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('claiming and triaging', () => {
  it('lets exactly one of two simultaneous claims win, naming the holder to the other', async () => {
    const id = await request(10);
    const results = await Promise.allSettled([
      triage(clinician()).claim(id),
      triage(secondClinician()).claim(id),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'conflict' });
    expect((lost[0]?.reason as Error).message).toMatch(/claimed this request/);
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_id = $1 and action = 'request.claim'`,
      [id],
    );
    expect(rows).toHaveLength(1);
  });

  it('lets only the claimer triage or release; a navigator cannot claim', async () => {
    const id = await request(10);
    await expect(triage(navigator()).claim(id)).rejects.toMatchObject({ code: 'forbidden' });
    await triage(clinician()).claim(id);
    // Claiming again is harmless.
    await expect(triage(clinician()).claim(id)).resolves.toMatchObject({ status: 'claimed' });
    const decision = { urgency: 'same-day', outcome: 'telephone' } as const;
    await expect(triage(secondClinician()).triage(id, decision)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(triage(secondClinician()).release(id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(triage(clinician()).release(id)).resolves.toMatchObject({
      status: 'waiting',
      claimedBy: null,
    });
    await expect(triage(clinician()).release(id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(triage(clinician()).triage(id, decision)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('triages to the to-book worklist, and closes outcomes that need no appointment', async () => {
    const booked = await request(30);
    const selfCare = await request(20);
    for (const id of [booked, selfCare]) await triage(clinician()).claim(id);
    const triaged = await triage(clinician()).triage(booked, {
      urgency: 'within-2-days',
      outcome: 'face-to-face-home',
      note: 'Examine chest',
    });
    expect(triaged).toMatchObject({
      status: 'triaged',
      urgency: 'within-2-days',
      outcome: 'face-to-face-home',
      triageNote: 'Examine chest',
      triagedBy: { id: demo.users.clinician },
      closedAt: null,
    });
    expect(triaged.triagedAt).not.toBeNull();
    const closed = await triage(clinician()).triage(selfCare, {
      urgency: 'routine',
      outcome: 'self-care',
    });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    const queue = await triage(clinician()).queue({ practiceId: first });
    expect(queue.requests.map((r) => r.id)).not.toContain(booked);
    expect(queue.counts.triagedToday).toBeGreaterThanOrEqual(2);
    const toBook = await triage(navigator()).toBook();
    expect(toBook.map((r) => r.id)).toContain(booked);
    expect(toBook.map((r) => r.id)).not.toContain(selfCare);
    // Another practice's navigator sees none of it.
    const elsewhere = as(demo.users.navigator, [{ role: 'care-navigator', practiceId: second }]);
    expect((await triage(elsewhere).toBook()).map((r) => r.id)).not.toContain(booked);
    await expect(triage(elsewhere).toBook(first)).rejects.toMatchObject({ code: 'forbidden' });

    // Once an appointment is booked for it, it leaves the worklist.
    await bookAppointmentFor(booked);
    expect((await triage(navigator()).toBook()).map((r) => r.id)).not.toContain(booked);
  });

  it('names the fields of an incomplete decision', async () => {
    const id = await request(5);
    await triage(clinician()).claim(id);
    await expect(
      triage(clinician()).triage(id, { urgency: 'emergency', outcome: 'specialist' }),
    ).rejects.toMatchObject({ errors: [{ field: '/specialistService' }] });
  });

  it('lets a navigator close an admin request, but not a clinical one', async () => {
    const admin = await request(5, 'admin');
    const clinical = await request(5);
    await expect(triage(navigator()).closeAdmin(admin, 'Letter posted')).resolves.toMatchObject({
      status: 'closed',
      outcome: 'admin-done',
      triageNote: 'Letter posted',
    });
    await expect(triage(navigator()).closeAdmin(clinical, null)).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

/** Books an appointment linked to the request, as the booking capability would. */
async function bookAppointmentFor(requestId: string) {
  const { rows } = await t.db.query<{ site: string; patient: string; practice: string }>(
    `select s.id as site, r.patient_id as patient, r.practice_id as practice
       from patient_request r join site s on s.practice_id = r.practice_id
      where r.id = $1 limit 1`,
    [requestId],
  );
  const row = rows[0];
  if (!row) throw new Error('no site');
  const session = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
     values ($1, $2, now() + interval '1 day', now() + interval '1 day 3 hours', 'am', 'gp')
     returning id`,
    [demo.orgId, row.site],
  );
  const slot = await t.db.query<{ id: string }>(
    `insert into slot (org_id, session_id, site_id, practice_id, starts_at, ends_at, service,
                       channel, visibility, taken)
     values ($1, $2, $3, $4, now() + interval '1 day', now() + interval '1 day 10 minutes', 'gp',
             'in-person', 'practice', 1)
     returning id`,
    [demo.orgId, session.rows[0]?.id, row.site, row.practice],
  );
  await t.db.query(
    `insert into appointment (org_id, slot_id, site_id, during, service, channel, patient_id,
                              practice_id, request_id, status, booked_at)
     values ($1, $2, $3, tstzrange(now() + interval '1 day', now() + interval '1 day 10 minutes'),
             'gp', 'in-person', $4, $5, $6, 'booked', now())`,
    [demo.orgId, slot.rows[0]?.id, row.site, row.patient, row.practice, requestId],
  );
}

describe('call centres and routing', () => {
  const admin = () => as(demo.users.admin, [{ role: 'org-admin', practiceId: null }]);

  it('lets an organisation-wide manager add call centres and set routing', async () => {
    const team = await triage(admin()).createTeam({ name: 'Central hub', region: null });
    expect(team).toMatchObject({ name: 'Central hub', region: null });
    await expect(triage(admin()).createTeam({ name: 'Second central' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(triage(admin()).setRouting('centre')).resolves.toEqual({ routing: 'centre' });
    await expect(triage(navigator()).teams()).resolves.toMatchObject({
      routing: 'centre',
      teams: [{ id: team.id }],
    });
    // New requests now go to the call centre's queue, which an org-wide triager sees.
    const id = await request(1);
    const callCentreGp = as(secondClinicianId, [{ role: 'hub-clinician', practiceId: null }]);
    const queue = await triage(callCentreGp).queue({ teamId: team.id });
    expect(queue.requests.map((r) => r.id)).toEqual([id]);
    // A clinician of another practice sees the call centre's queue without this practice's.
    const elsewhere = as(secondClinicianId, [{ role: 'clinician', practiceId: second }]);
    expect((await triage(elsewhere).queue({ teamId: team.id })).requests).toEqual([]);
    await triage(admin()).setRouting('practice');
  });

  it('refuses a practice manager changing the organisation’s routing', async () => {
    const manager = as(demo.users.admin, [{ role: 'practice-manager', practiceId: first }]);
    await expect(triage(manager).setRouting('centre')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(triage(manager).createTeam({ name: 'Mine' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('triage KPIs', () => {
  it('reports conversion, times and the outcome mix for the caller’s practices', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(),
    );
    const admin = as(demo.users.admin, [{ role: 'org-admin', practiceId: null }]);
    const report = await triageKpiRepository(t.db, scope(admin)).report({
      from: today,
      to: today,
      by: 'triager',
    });
    expect(report.overall.requests).toBeGreaterThan(0);
    expect(report.overall.outcomes['face-to-face-home']).toBeGreaterThanOrEqual(1);
    expect(report.overall.faceToFaceRate).not.toBeNull();
    // Every request received today with an appointment booked for it, the demo's included.
    const { rows: booked } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from patient_request r
        where r.org_id = $1
          and r.received_at >= (($2::date)::timestamp at time zone 'Europe/London')
          and r.received_at < (($2::date + 1)::timestamp at time zone 'Europe/London')
          and (select min(lower(a.during)) from appointment a
                where a.org_id = r.org_id and a.request_id = r.id
                  and a.status in ('booked', 'attended', 'did-not-attend')) >= r.received_at`,
      [demo.orgId, today],
    );
    expect(report.overall.timeToAppointment.count).toBe(booked[0]?.n ?? -1);
    expect(report.overall.timeToAppointment.count).toBeGreaterThanOrEqual(1);
    expect(report.groups.map((g) => g.label)).toContain('Not yet triaged');
    const manager = as(demo.users.admin, [{ role: 'practice-manager', practiceId: second }]);
    const theirs = await triageKpiRepository(t.db, scope(manager)).report({
      from: today,
      to: today,
      by: 'practice',
    });
    // Only their own practice's requests: the demo's today, none of the first practice's.
    const { rows: own } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from patient_request
        where org_id = $1 and practice_id = $2
          and received_at >= (($3::date)::timestamp at time zone 'Europe/London')
          and received_at < (($3::date + 1)::timestamp at time zone 'Europe/London')`,
      [demo.orgId, second, today],
    );
    expect(theirs.overall.requests).toBe(own[0]?.n ?? -1);
    expect(theirs.groups.map((g) => g.key)).toEqual(theirs.groups.length > 0 ? [second] : []);
    expect(theirs.overall.requests).toBeLessThan(report.overall.requests);
    await expect(
      triageKpiRepository(t.db, scope(navigator())).report({ from: today, to: today, by: 'day' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      triageKpiRepository(t.db, scope(admin)).report({ from: today, to: '2000-01-01', by: 'day' }),
    ).rejects.toMatchObject({ errors: [{ field: '/to' }] });
  });
});
