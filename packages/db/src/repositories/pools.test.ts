import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { poolRepository } from './pools.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let manager: Principal;
let outsider: Principal;
let poolGp: Principal;
let otherGp: Principal;
const site = { main: '', near: '' };
const staff = { pool1: '', pool2: '', nurse: '' };
const session = { am: '', amNear: '', pm: '', coil: '' };
// A Monday in winter (England on UTC).
const WEEK = '2026-12-07';

async function insertSession(
  siteId: string,
  startsAt: string,
  endsAt: string,
  extra: { skills?: string[]; urgency?: number } = {},
): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role,
       required_skills, urgency)
     values ($1, $2, $3, $4, 'custom', 'gp', $5::text[], $6) returning id`,
    [org.orgId, siteId, startsAt, endsAt, extra.skills ?? [], extra.urgency ?? 3],
  );
  return rows[0]?.id ?? '';
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  const [first = '', second = ''] = org.practiceIds;
  central = await org.principal([{ role: 'central-workforce', practiceId: null }]);
  manager = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  poolGp = await org.principal([{ role: 'clinician', practiceId: first }]);
  otherGp = await org.principal([{ role: 'clinician', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-workforce', practiceId: null }]);
  for (const [key, practiceId, latitude, longitude] of [
    ['main', first, 52.4862, -1.8904],
    ['near', second, 52.4508, -1.9305],
  ] as const) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, latitude, longitude, is_main)
       values ($1, $2, $3, $4, $5, true) returning id`,
      [org.orgId, practiceId, `Site ${key}`, latitude, longitude],
    );
    site[key] = rows[0]?.id ?? '';
  }
  for (const [key, name, role, skills, userId] of [
    ['pool1', 'Dr Pat Pool', 'gp', ['coil-fitting'], poolGp.userId],
    ['pool2', 'Dr Sam Salaried', 'gp', [], otherGp.userId],
    ['nurse', 'Nell Nurse', 'practice-nurse', [], null],
  ] as const) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, skills, user_id)
       values ($1, $2, $3, 'organisation', $4::text[], $5) returning id`,
      [org.orgId, name, role, skills, userId],
    );
    staff[key] = rows[0]?.id ?? '';
  }
  session.am = await insertSession(site.main, `${WEEK}T08:30:00Z`, `${WEEK}T12:30:00Z`, {
    urgency: 5,
  });
  session.amNear = await insertSession(site.near, `${WEEK}T08:30:00Z`, `${WEEK}T12:30:00Z`, {
    skills: ['coil-fitting'],
  });
  session.pm = await insertSession(site.main, `${WEEK}T13:30:00Z`, `${WEEK}T17:30:00Z`);
  session.coil = await insertSession(site.near, '2026-12-08T08:30:00Z', '2026-12-08T12:30:00Z', {
    skills: ['coil-fitting'],
  });
});
afterAll(() => t.dispose());

const pools = (principal: Principal) => poolRepository(t.db, { principal, requestId: 'req-pools' });

describe('pool members and availability', () => {
  it('adds members and their availability, for central workforce only', async () => {
    await pools(central).addMember({
      staffId: staff.pool1,
      pool: 'locum',
      maxSessionsPerWeek: 4,
      pencePerSession: 70_000,
      joinedOn: '2026-01-01',
    });
    await pools(central).addMember({
      staffId: staff.pool2,
      pool: 'salaried',
      maxSessionsPerWeek: 4,
      pencePerSession: 50_000,
      joinedOn: '2026-01-01',
    });
    await pools(central).addAvailability(staff.pool1, [{ date: WEEK, period: 'day' }]);
    await pools(central).addAvailability(staff.pool2, [{ date: WEEK, period: 'am' }]);
    const members = await pools(central).members();
    expect(members.map((m) => [m.fullName, m.pool])).toEqual([
      ['Dr Pat Pool', 'locum'],
      ['Dr Sam Salaried', 'salaried'],
    ]);
    await expect(pools(manager).members()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pools(outsider).members()).resolves.toEqual([]);
    await expect(
      pools(outsider).addAvailability(staff.pool1, [{ date: WEEK, period: 'am' }]),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      pools(central).addMember({
        staffId: staff.pool1,
        pool: 'locum',
        maxSessionsPerWeek: 4,
        pencePerSession: 1,
        joinedOn: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      pools(central).addAvailability(staff.pool1, [{ date: '7 Dec', period: 'am' }]),
    ).rejects.toMatchObject({ code: 'validation-failed' });
  });
});

describe('propose and apply', () => {
  it('proposes the optimal fill without writing, then applies it in one go', async () => {
    const proposal = await pools(central).propose(WEEK);
    expect(proposal.gaps).toBe(4);
    expect(proposal.externalLocumPencePerSession).toBe(90_000);
    expect(proposal.proposed.status).toBe('optimal');
    // pool1 (coil) on the coil morning near, pool2 on the urgent morning at main; pool1 can
    // also take the afternoon at main after the morning near (60 minutes is enough).
    const pairs = proposal.proposed.assignments.map((a) => [a.sessionId, a.staffId]).sort();
    expect(pairs).toEqual(
      [
        [session.am, staff.pool2],
        [session.amNear, staff.pool1],
        [session.pm, staff.pool1],
      ].sort(),
    );
    expect(proposal.proposed.savingPence).toBe(3 * 90_000 - 70_000 * 2 - 50_000);
    expect(proposal.proposed.filled).toBeGreaterThanOrEqual(proposal.firstFit.filled);
    const { rows: none } = await t.db.query(`select 1 from session_assignment where org_id = $1`, [
      org.orgId,
    ]);
    expect(none).toHaveLength(0);

    const applied = await pools(central).apply(WEEK, proposal.proposed.assignments);
    expect(applied.filled).toBe(3);
    const { rows } = await t.db.query<{ source: string }>(
      `select source from session_assignment where org_id = $1`,
      [org.orgId],
    );
    expect(rows.map((r) => r.source)).toEqual(['pool', 'pool', 'pool']);
    const { rows: offers } = await t.db.query<{ status: string }>(
      `select status from session_offer where org_id = $1`,
      [org.orgId],
    );
    expect(offers.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const { rows: audit } = await t.db.query(
      `select 1 from audit_event where org_id = $1 and action = 'session-offer.apply'`,
      [org.orgId],
    );
    expect(audit).toHaveLength(3);
    // Applying again: the sessions are no longer gaps.
    await expect(pools(central).apply(WEEK, proposal.proposed.assignments)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses other roles, other organisations and bad input', async () => {
    await expect(pools(manager).propose(WEEK)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pools(outsider).propose(WEEK)).resolves.toMatchObject({ gaps: 0 });
    await expect(pools(central).propose('next week')).rejects.toMatchObject({
      code: 'validation-failed',
    });
    await expect(pools(central).propose(WEEK, -1)).rejects.toMatchObject({
      code: 'validation-failed',
    });
    await expect(pools(central).apply(WEEK, [])).rejects.toMatchObject({
      code: 'validation-failed',
    });
    await expect(
      pools(outsider).apply(WEEK, [{ sessionId: session.coil, staffId: staff.pool1 }]),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('offers', () => {
  it('offers a gap to a person, who declines or accepts it', async () => {
    const offer = await pools(central).offer(session.coil, staff.pool1);
    expect(offer.status).toBe('offered');
    await expect(pools(central).offer(session.coil, staff.pool1)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(pools(manager).offer(session.coil, staff.pool1)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(pools(outsider).offer(session.coil, staff.pool1)).rejects.toMatchObject({
      code: 'not-found',
    });
    expect((await pools(poolGp).myOffers()).map((o) => o.id)).toContain(offer.id);
    expect((await pools(otherGp).myOffers()).map((o) => o.id)).not.toContain(offer.id);
    // Only the person offered may answer.
    await expect(pools(otherGp).respond(offer.id, 'accepted')).rejects.toMatchObject({
      code: 'not-found',
    });
    const declined = await pools(poolGp).respond(offer.id, 'declined');
    expect(declined.status).toBe('declined');
    await expect(pools(poolGp).respond(offer.id, 'accepted')).rejects.toMatchObject({
      code: 'conflict',
    });

    const again = await pools(central).offer(session.coil, staff.pool1);
    const accepted = await pools(poolGp).respond(again.id, 'accepted');
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(accepted.respondedAt).not.toBeNull();
    const { rows } = await t.db.query<{ source: string }>(
      `select source from session_assignment where session_id = $1 and staff_id = $2`,
      [session.coil, staff.pool1],
    );
    expect(rows).toEqual([{ source: 'pool' }]);
  });

  it('refuses an acceptance that breaks a rule, and leaves the offer open', async () => {
    // pool2 has no coil-fitting skill.
    const offer = await pools(central).offer(session.coil, staff.pool2);
    await expect(pools(otherGp).respond(offer.id, 'accepted')).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await pools(otherGp).myOffers()).find((o) => o.id === offer.id)?.status).toBe(
      'offered',
    );
  });
});
