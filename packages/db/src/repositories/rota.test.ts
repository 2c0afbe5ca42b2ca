import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, clashBetween, type Principal, type RotaSite } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { doubleRosterConflict, rotaRepository } from './rota.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let managerOfFirst: Principal;
let navigatorOfFirst: Principal;
let outsider: Principal;
let first: string;
let second: string;
// Sites: two of the first practice in central Birmingham, one of the second about 5 km away,
// and one of the second in Coventry, about 26 km away.
const site = { main: '', branch: '', near: '', far: '' };
const staff = {
  gp1: '',
  gp2: '',
  gp3: '',
  nurse: '',
  anp: '',
  localGp: '',
  secondGp: '',
  poolGp: '',
  teamGp: '',
};
const positions: Record<string, RotaSite> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  central = await org.principal([{ role: 'central-workforce', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigatorOfFirst = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-workforce', practiceId: null }]);
  const places = [
    ['main', first, 52.4862, -1.8904, true],
    ['branch', first, 52.4869, -1.8899, false],
    ['near', second, 52.4508, -1.9305, true],
    ['far', second, 52.4068, -1.5197, false],
  ] as const;
  for (const [key, practiceId, latitude, longitude, isMain] of places) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, latitude, longitude, is_main)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [org.orgId, practiceId, `Site ${key}`, latitude, longitude, isMain],
    );
    site[key] = rows[0]?.id ?? '';
    positions[site[key]] = { id: site[key], latitude, longitude };
  }
  const people = [
    ['gp1', 'Dr Ada One', 'gp', null, 'organisation', ['minor-surgery']],
    ['gp2', 'Dr Ben Two', 'gp', null, 'organisation', []],
    ['gp3', 'Dr Cy Three', 'gp', null, 'organisation', []],
    ['nurse', 'Nia Nurse', 'practice-nurse', first, 'practice', []],
    ['anp', 'Ann Practitioner', 'anp', first, 'practice', []],
    ['localGp', 'Dr Lou Local', 'gp', first, 'practice', []],
    ['secondGp', 'Dr Sam Second', 'gp', second, 'practice', []],
    ['poolGp', 'Dr Pat Pool', 'gp', null, 'organisation', []],
    ['teamGp', 'Dr Rae Resilience', 'gp', null, 'organisation', []],
  ] as const;
  for (const [key, name, role, home, body, skills] of people) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id, skills)
       values ($1, $2, $3, $4, $5, $6::text[]) returning id`,
      [org.orgId, name, role, body, home, skills],
    );
    staff[key] = rows[0]?.id ?? '';
  }
  // The three central GPs work across the organisation: every site is listed for them.
  for (const key of ['gp1', 'gp2', 'gp3'] as const) {
    for (const siteId of Object.values(site)) {
      await t.db.query('insert into staff_site (org_id, staff_id, site_id) values ($1, $2, $3)', [
        org.orgId,
        staff[key],
        siteId,
      ]);
    }
  }
  await t.db.query(
    `insert into pool_member (org_id, staff_id, pool, max_sessions_per_week, pence_per_session, joined_on)
     values ($1, $2, 'salaried', 6, 55000, '2020-01-01')`,
    [org.orgId, staff.poolGp],
  );
  await t.db.query('update staff_member set resilience_team = true where id = $1', [staff.teamGp]);
  const { rows: crises } = await t.db.query<{ id: string }>(
    `insert into crisis (org_id, practice_id, reason, starts_on, ends_on)
     values ($1, $2, 'Two GPs off sick', '2030-05-06', '2030-05-10') returning id`,
    [org.orgId, second],
  );
  await t.db.query(
    'insert into crisis_deployment (org_id, crisis_id, staff_id) values ($1, $2, $3)',
    [org.orgId, crises[0]?.id ?? '', staff.teamGp],
  );
});
afterAll(() => t.dispose());

const rota = (principal: Principal) => rotaRepository(t.db, { principal, requestId: 'req-rota' });

async function expectConflict(attempt: Promise<unknown>, message: RegExp) {
  await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  await expect(attempt).rejects.toThrow(message);
}

describe('sessions', () => {
  it('creates sessions on several dates at the period times, and shows them in the week', async () => {
    const created = await rota(central).createSessions({
      siteId: site.main,
      dates: ['2030-01-14', '2030-01-15'],
      period: 'am',
      requiredRole: 'gp',
      staffNeeded: 2,
      urgency: 4,
    });
    expect(created).toMatchObject([
      { startsAt: '2030-01-14T08:00:00.000Z', endTime: '12:30', missing: 2, period: 'am' },
      { date: '2030-01-15', startTime: '08:00', practiceId: first, siteName: 'Site main' },
    ]);
    const week = await rota(navigatorOfFirst).week(first, '2030-01-14');
    expect(week.to).toBe('2030-01-20');
    expect(week.sessions.map((s) => s.id)).toEqual(created.map((s) => s.id));
    expect(week.sites.map((s) => s.name)).toEqual(['Site main', 'Site branch']);
    const month = await rota(central).month(first, '2030-01');
    expect(month).toMatchObject({ from: '2030-01-01', to: '2030-01-31' });
    expect(month.sessions).toHaveLength(2);
    const { rows } = await t.db.query<{ action: string; role: string }>(
      `select action, role from audit_event where entity_id = any($1::text[])`,
      [created.map((s) => s.id)],
    );
    expect(rows).toEqual([
      { action: 'rota-session.create', role: 'central-workforce' },
      { action: 'rota-session.create', role: 'central-workforce' },
    ]);
  });

  it('takes exact times, and names the field of bad input', async () => {
    const [custom] = await rota(managerOfFirst).createSessions({
      siteId: site.branch,
      dates: ['2030-07-01'],
      period: 'custom',
      startTime: '09:15',
      endTime: '10:45',
      requiredRole: 'practice-nurse',
    });
    expect(custom).toMatchObject({ startsAt: '2030-07-01T08:15:00.000Z', period: 'custom' });
    const bad = [
      [{ period: 'custom', endTime: '10:00' }, '/startTime'],
      [{ period: 'am', dates: ['2030-02-30'] }, '/dates'],
      [{ period: 'am', dates: [] }, '/dates'],
      [{ period: 'am', urgency: 9 }, '/urgency'],
      [{ period: 'am', staffNeeded: 0 }, '/staffNeeded'],
    ] as const;
    for (const [change, field] of bad) {
      const attempt = rota(central).createSessions({
        siteId: site.main,
        dates: ['2030-07-01'],
        requiredRole: 'gp',
        ...change,
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'validation-failed',
        errors: [{ field }],
      });
    }
  });

  it('keeps each practice to its own rota, and other organisations out', async () => {
    const attempt = (principal: Principal, siteId: string) =>
      rota(principal).createSessions({
        siteId,
        dates: ['2030-01-16'],
        period: 'pm',
        requiredRole: 'gp',
      });
    // Another practice's rota is not even visible to a practice manager.
    await expect(attempt(managerOfFirst, site.near)).rejects.toMatchObject({ code: 'not-found' });
    await expect(attempt(navigatorOfFirst, site.main)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(attempt(outsider, site.main)).rejects.toMatchObject({ code: 'not-found' });
    await expect(rota(outsider).week(first, '2030-01-14')).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(rota(navigatorOfFirst).week(second, '2030-01-14')).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await rota(outsider).gaps('2030-01-01', '2030-01-31')).toEqual([]);
  });
});

describe('rostering', () => {
  const make = async (siteId: string, date: string, period: 'am' | 'pm' | 'evening') => {
    const [made] = await rota(central).createSessions({
      siteId,
      dates: [date],
      period,
      requiredRole: 'gp',
    });
    if (!made) throw new Error('no session');
    return made.id;
  };

  it('refuses a second place at the same time, naming who and where', async () => {
    const am = await make(site.main, '2030-02-04', 'am');
    const elsewhere = await make(site.near, '2030-02-04', 'am');
    await rota(central).assign(am, staff.gp1);
    await expectConflict(
      rota(central).assign(elsewhere, staff.gp1),
      /Dr Ada One is already rostered at Site main, Mon 4 Feb, 08:00–12:30/,
    );
    await expectConflict(rota(central).assign(am, staff.gp1), /already on this session/);
  });

  it('has the database refuse a double booking that skips the checks, answered as who and where', async () => {
    const am = await make(site.main, '2030-02-11', 'am');
    const overlapping = await make(site.near, '2030-02-11', 'am');
    await rota(central).assign(am, staff.gp3);
    // Straight to the table, as a racing writer without the person's lock would.
    const error: unknown = await t.db
      .query('insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)', [
        org.orgId,
        overlapping,
        staff.gp3,
      ])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: '23P01' });
    const conflict = await doubleRosterConflict(t.db, org.orgId, error, null);
    expect(conflict).toMatchObject({ code: 'conflict' });
    expect(conflict.detail).toMatch(
      /^Dr Cy Three is already rostered at Site main, Mon 11 Feb, 08:00–12:30/,
    );
  });

  it('respects travel time between sites for back-to-back sessions', async () => {
    const am = await make(site.main, '2030-02-05', 'am');
    const farPm = await make(site.far, '2030-02-05', 'pm');
    const nearPm = await make(site.near, '2030-02-05', 'pm');
    await rota(central).assign(am, staff.gp2);
    // Coventry is about 26 km away: an hour between sessions is not enough.
    await expectConflict(
      rota(central).assign(farPm, staff.gp2),
      /Dr Ben Two .* Site far takes 90 minutes: there would be only 60/,
    );
    // 5 km is.
    expect((await rota(central).assign(nearPm, staff.gp2)).assignments).toMatchObject([
      { staffId: staff.gp2, fullName: 'Dr Ben Two', absence: null },
    ]);
    // Moving the morning later now leaves too little time to get to the afternoon.
    await expectConflict(
      rota(central).updateSession(am, { period: 'custom', startTime: '09:00', endTime: '13:20' }),
      /Dr Ben Two .* minutes/,
    );
  });

  it('needs the right role and skills; an ANP may cover a practice nurse', async () => {
    const [nursing] = await rota(managerOfFirst).createSessions({
      siteId: site.main,
      dates: ['2030-02-06'],
      period: 'am',
      requiredRole: 'practice-nurse',
      staffNeeded: 2,
    });
    const gpSession = await make(site.main, '2030-02-06', 'pm');
    await expectConflict(rota(central).assign(gpSession, staff.nurse), /not a gp/);
    await rota(managerOfFirst).assign(nursing?.id ?? '', staff.anp);
    const [surgery] = await rota(central).createSessions({
      siteId: site.main,
      dates: ['2030-02-07'],
      period: 'am',
      requiredRole: 'gp',
      requiredSkills: ['minor-surgery'],
    });
    await expectConflict(rota(central).assign(surgery?.id ?? '', staff.gp3), /minor-surgery/);
    const eligible = await rota(central).eligibleStaff(surgery?.id ?? '');
    expect(eligible.map((e) => e.fullName)).toEqual(['Dr Ada One']);
    await rota(central).assign(surgery?.id ?? '', staff.gp1);
    await expectConflict(
      rota(central).assign(surgery?.id ?? '', staff.gp3),
      /fully staffed|skills/,
    );
  });

  it('opens a gap when someone is off sick, and closes it when the absence is cancelled', async () => {
    const am = await make(site.main, '2030-03-04', 'am');
    await rota(managerOfFirst).assign(am, staff.localGp);
    expect(
      (await rota(central).gaps('2030-03-04', '2030-03-04')).map((g) => g.session.id),
    ).not.toContain(am);
    const absence = await rota(managerOfFirst).recordAbsence({
      staffId: staff.localGp,
      kind: 'sickness',
      startsOn: '2030-03-04',
      endsOn: '2030-03-06',
    });
    const gaps = await rota(central).gaps('2030-03-01', '2030-03-31', { role: 'gp' });
    expect(gaps.find((g) => g.session.id === am)).toMatchObject({
      missing: 1,
      absentStaffIds: [staff.localGp],
      session: { assignments: [{ absence: 'sickness' }] },
    });
    // Practice roles see their own practices' gaps; the navigator of the first sees this one.
    expect((await rota(navigatorOfFirst).gaps('2030-03-01', '2030-03-31')).length).toBeGreaterThan(
      0,
    );
    // Someone away cannot be rostered that day.
    const pm = await make(site.main, '2030-03-05', 'pm');
    await expectConflict(rota(central).assign(pm, staff.localGp), /away/);
    const person = await rota(navigatorOfFirst).person(staff.localGp, '2030-03-01', '2030-03-31');
    expect(person).toMatchObject({ fullName: 'Dr Lou Local', absences: [{ kind: 'sickness' }] });
    expect(person.sessions.map((s) => s.id)).toEqual([am]);
    await expect(
      rota(navigatorOfFirst).recordAbsence({
        staffId: staff.localGp,
        kind: 'annual-leave',
        startsOn: '2030-04-01',
        endsOn: '2030-04-01',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rota(outsider).cancelAbsence(absence.id)).rejects.toMatchObject({
      code: 'not-found',
    });
    await rota(managerOfFirst).cancelAbsence(absence.id);
    expect(
      (await rota(central).gaps('2030-03-04', '2030-03-04')).map((g) => g.session.id),
    ).not.toContain(am);
  });

  it('takes people off sessions and removes sessions, audited', async () => {
    const am = await make(site.main, '2030-03-11', 'am');
    await rota(central).assign(am, staff.gp3);
    expect((await rota(central).unassign(am, staff.gp3)).missing).toBe(1);
    await expect(rota(central).unassign(am, staff.gp3)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(rota(managerOfFirst).deleteSession(am)).resolves.toBeUndefined();
    await expect(rota(central).deleteSession(am)).rejects.toMatchObject({ code: 'not-found' });
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_id = $1 order by id`,
      [am],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'rota-session.create',
      'rota-assignment.create',
      'rota-assignment.delete',
      'rota-session.delete',
    ]);
  });
});

describe('who works where', () => {
  const make = async (siteId: string, date: string) => {
    const [made] = await rota(central).createSessions({
      siteId,
      dates: [date],
      period: 'am',
      requiredRole: 'gp',
      staffNeeded: 2,
    });
    if (!made) throw new Error('no session');
    return made.id;
  };
  const names = async (sessionId: string, source?: 'pool' | 'resilience') =>
    (await rota(central).eligibleStaff(sessionId, source)).map((e) => e.fullName);

  it('refuses someone at a site they do not work at, naming them and the site', async () => {
    const there = await make(site.main, '2030-05-13');
    await expectConflict(
      rota(central).assign(there, staff.secondGp),
      /^Dr Sam Second does not work at Site main: it is not a site of their home practice or one listed for them$/,
    );
    // Central staff with no site listed are refused too, unless the pool or a crisis sends them.
    await expectConflict(
      rota(central).assign(there, staff.poolGp),
      /Dr Pat Pool does not work at Site main/,
    );
    expect(await names(there)).not.toEqual(expect.arrayContaining(['Dr Sam Second']));
    expect(await names(there)).toEqual(['Dr Ada One', 'Dr Ben Two', 'Dr Cy Three', 'Dr Lou Local']);
    const { rows } = await t.db.query('select 1 from session_assignment where session_id = $1', [
      there,
    ]);
    expect(rows).toEqual([]);
  });

  it('lets people work at their home practice and at the sites listed for them', async () => {
    const near = await make(site.near, '2030-05-14');
    await rota(central).assign(near, staff.secondGp);
    const main = await make(site.main, '2030-05-15');
    await rota(central).assign(main, staff.gp1);
    expect((await rota(central).assign(main, staff.localGp)).assignments).toHaveLength(2);
  });

  it('sends a central pool member anywhere from the pool', async () => {
    const far = await make(site.far, '2030-05-16');
    expect(await names(far, 'pool')).toContain('Dr Pat Pool');
    expect(await names(far)).not.toContain('Dr Pat Pool');
    const after = await rota(central).assign(far, staff.poolGp, 'pool');
    expect(after.assignments).toMatchObject([{ staffId: staff.poolGp, source: 'pool' }]);
    // The resilience team member is not in the pool.
    await expectConflict(rota(central).assign(far, staff.teamGp, 'pool'), /Dr Rae Resilience/);
  });

  it('sends the resilience team to the practice in crisis while it lasts', async () => {
    const during = await make(site.near, '2030-05-07');
    expect(await names(during, 'resilience')).toContain('Dr Rae Resilience');
    await rota(central).assign(during, staff.teamGp, 'resilience');
    // Not to another practice, not after the crisis, and not by hand.
    const elsewhere = await make(site.main, '2030-05-08');
    await expectConflict(
      rota(central).assign(elsewhere, staff.teamGp, 'resilience'),
      /Dr Rae Resilience does not work at Site main: .*resilience team deployed to a crisis there/,
    );
    const later = await make(site.near, '2030-05-20');
    await expectConflict(rota(central).assign(later, staff.teamGp, 'resilience'), /Site near/);
    const byHand = await make(site.far, '2030-05-09');
    await expectConflict(rota(central).assign(byHand, staff.teamGp), /Dr Rae Resilience/);
  });
});

describe('nobody is ever double-rostered (property)', () => {
  const days = ['2031-05-12', '2031-05-13'] as const;
  const periods = ['am', 'pm', 'evening'] as const;
  const sites = () => [site.main, site.branch, site.near, site.far];
  const people = () => [staff.gp1, staff.gp2, staff.gp3];
  let sessionIds: string[] = [];

  beforeAll(async () => {
    // Eight sessions over the four sites and two days, each needing two people.
    const made = [];
    for (const [i, siteId] of sites().entries()) {
      for (const date of days) {
        const [s] = await rota(central).createSessions({
          siteId,
          dates: [date],
          period: periods[i % 3] ?? 'am',
          requiredRole: 'gp',
          staffNeeded: 2,
        });
        made.push(s?.id ?? '');
      }
    }
    sessionIds = made;
  });

  type Edit =
    | { kind: 'assign'; session: number; person: number }
    | { kind: 'unassign'; session: number; person: number }
    | { kind: 'move'; session: number; day: number; period: number };

  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('assign' as const), session: fc.nat(7), person: fc.nat(2) }),
    fc.record({ kind: fc.constant('assign' as const), session: fc.nat(7), person: fc.nat(2) }),
    fc.record({ kind: fc.constant('unassign' as const), session: fc.nat(7), person: fc.nat(2) }),
    fc.record({
      kind: fc.constant('move' as const),
      session: fc.nat(7),
      day: fc.nat(1),
      period: fc.nat(2),
    }),
  );

  /** Everyone's sessions as stored: no pair overlaps or is too close to travel between. */
  const expectNoClashes = async () => {
    const { rows } = await t.db.query<{
      staffId: string;
      id: string;
      siteId: string;
      startsAt: Date;
      endsAt: Date;
    }>(
      `select a.staff_id as "staffId", s.id, s.site_id as "siteId", s.starts_at as "startsAt",
              s.ends_at as "endsAt"
         from session_assignment a join rota_session s on s.id = a.session_id
        where s.id = any($1::uuid[])`,
      [sessionIds],
    );
    const siteOf = (id: string) => positions[id] ?? { id, latitude: null, longitude: null };
    for (const a of rows) {
      for (const b of rows) {
        if (a.staffId !== b.staffId || a.id >= b.id) continue;
        const as = (r: typeof a) => ({
          id: r.id,
          siteId: r.siteId,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
          requiredRole: 'gp' as const,
          requiredSkills: [],
          staffNeeded: 2,
          urgency: 3,
          unpopular: false,
        });
        expect(clashBetween(as(a), as(b), siteOf), `${a.staffId} on ${a.id} and ${b.id}`).toBe(
          null,
        );
      }
    }
  };

  it('keeps everyone in one place at a time with time to travel, refusing clearly', async () => {
    let made = 0;
    let refusedEdits = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (edits) => {
        await t.db.query('delete from session_assignment where session_id = any($1::uuid[])', [
          sessionIds,
        ]);
        const repo = rota(central);
        for (const e of edits) {
          const sessionId = sessionIds[e.session] ?? '';
          const staffId = people()[e.kind === 'move' ? 0 : e.person] ?? '';
          try {
            if (e.kind === 'assign') await repo.assign(sessionId, staffId);
            else if (e.kind === 'unassign') await repo.unassign(sessionId, staffId);
            else {
              await repo.updateSession(sessionId, {
                date: days[e.day] ?? days[0],
                period: periods[e.period] ?? 'am',
              });
            }
            made += 1;
          } catch (error) {
            refusedEdits += 1;
            expect(error).toBeInstanceOf(AtscaleError);
            const refused = error as AtscaleError;
            if (e.kind === 'unassign') {
              expect(refused.code).toBe('not-found');
            } else {
              expect(refused.code, refused.detail).toBe('conflict');
              expect(refused.detail).toMatch(/Dr \w+ \w+ |fully staffed/);
            }
          }
          await expectNoClashes();
        }
      }),
      { numRuns: 25 },
    );
    // The edits both landed and were refused: the property was really put to the test.
    expect(made).toBeGreaterThan(0);
    expect(refusedEdits).toBeGreaterThan(0);
  }, 120_000);
});
