import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let navigator: string;
let clinician: string;
let otherAdmin: string;
let first: string;
let second: string;
const site = { here: '', near: '', far: '' };
let gp: string;
/** A GP of the second practice with no site listed: they do not work at the first's sites. */
let outsiderGp: string;

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Session {
  id: string;
  missing: number;
  assignments: { staffId: string; absence: string | null }[];
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const places = [
    ['here', first, 'Rota Test Surgery', 52.4862, -1.8904],
    ['near', second, 'Rota Test Branch', 52.4508, -1.9305],
    ['far', second, 'Rota Test Coventry', 52.4068, -1.5197],
  ] as const;
  for (const [key, practiceId, name, latitude, longitude] of places) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, latitude, longitude)
       values ($1, $2, $3, $4, $5) returning id`,
      [t.demo.orgId, practiceId, name, latitude, longitude],
    );
    site[key] = rows[0]?.id ?? '';
  }
  const { rows } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body)
     values ($1, 'Dr Rota Tester', 'gp', 'organisation') returning id`,
    [t.demo.orgId],
  );
  gp = rows[0]?.id ?? '';
  // Employed centrally, they work at the test sites listed for them.
  for (const siteId of Object.values(site)) {
    await t.db.query('insert into staff_site (org_id, staff_id, site_id) values ($1, $2, $3)', [
      t.demo.orgId,
      gp,
      siteId,
    ]);
  }
  const { rows: others } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id)
     values ($1, 'Dr Second Practice', 'gp', 'practice', $2) returning id`,
    [t.demo.orgId, second],
  );
  outsiderGp = others[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  navigator = await t.signIn('navigator@atscale.test'); // practice 2
  clinician = await t.signIn('clinician@atscale.test'); // practice 1
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const plan = async (siteId: string, date: string, period: string, extra: object = {}) => {
  const response = await send('POST', '/api/rota/sessions', admin, {
    siteId,
    dates: [date],
    period,
    requiredRole: 'gp',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ sessions: Session[] }>().sessions[0]?.id ?? '';
};

describe('rota routes', () => {
  it('plans, rosters, refuses a double booking and a too-tight journey with 409s that say why', async () => {
    const am = await plan(site.here, '2030-06-03', 'am');
    const assigned = await send('POST', `/api/rota/sessions/${am}/assignments`, admin, {
      staffId: gp,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json<Session>()).toMatchObject({ missing: 0, assignments: [{ staffId: gp }] });

    const clash = await plan(site.near, '2030-06-03', 'custom', {
      startTime: '11:00',
      endTime: '15:00',
    });
    const twice = await send('POST', `/api/rota/sessions/${clash}/assignments`, admin, {
      staffId: gp,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<Problem>().detail).toMatch(
      /Dr Rota Tester is already rostered at Rota Test Surgery, Mon 3 Jun, 08:00–12:30/,
    );

    const farPm = await plan(site.far, '2030-06-03', 'pm');
    const tight = await send('POST', `/api/rota/sessions/${farPm}/assignments`, admin, {
      staffId: gp,
    });
    expect(tight.statusCode).toBe(409);
    expect(tight.json<Problem>().detail).toMatch(/takes 90 minutes: there would be only 60/);

    const week = await send(
      'GET',
      `/api/rota/sessions?practiceId=${first}&from=2030-06-03&to=2030-06-09`,
      navigator,
    );
    expect(week.statusCode).toBe(404);
    const own = await send(
      'GET',
      `/api/rota/sessions?practiceId=${first}&from=2030-06-03&to=2030-06-09`,
      clinician,
    );
    expect(own.statusCode).toBe(200);
    expect(own.json<{ sessions: Session[] }>().sessions.map((s) => s.id)).toEqual([am]);
  });

  it('records sickness, which opens a gap on the organisation’s list', async () => {
    const pm = await plan(site.here, '2030-06-10', 'pm', { urgency: 5 });
    await send('POST', `/api/rota/sessions/${pm}/assignments`, admin, { staffId: gp });
    const sick = await send('POST', '/api/rota/absences', admin, {
      staffId: gp,
      kind: 'sickness',
      startsOn: '2030-06-10',
      endsOn: '2030-06-11',
    });
    expect(sick.statusCode, sick.body).toBe(201);
    const gaps = await send('GET', '/api/rota/gaps?from=2030-06-10&to=2030-06-16&role=gp', admin);
    expect(gaps.statusCode).toBe(200);
    expect(
      gaps.json<{ gaps: { session: Session; absentStaffIds: string[] }[] }>().gaps[0],
    ).toMatchObject({
      session: { id: pm, assignments: [{ staffId: gp, absence: 'sickness' }] },
      absentStaffIds: [gp],
    });
    // The navigator of the second practice sees only their practices' gaps.
    const theirs = await send('GET', '/api/rota/gaps?from=2030-06-10&to=2030-06-16', navigator);
    expect(theirs.body).not.toContain(pm);
    const person = await send('GET', `/api/rota/people/${gp}?from=2030-06-01&to=2030-06-30`, admin);
    expect(person.json<{ absences: { kind: string }[] }>().absences).toMatchObject([
      { kind: 'sickness' },
    ]);
    const { id } = sick.json<{ id: string }>();
    // A practice role does not see a centrally employed person's absences at all.
    expect((await send('DELETE', `/api/rota/absences/${id}`, clinician)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/rota/absences/${id}`, otherAdmin)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/rota/absences/${id}`, admin)).statusCode).toBe(204);
  });

  it('moves, changes and removes sessions; refuses other practices and organisations', async () => {
    const am = await plan(site.here, '2030-06-17', 'am');
    const moved = await send('PATCH', `/api/rota/sessions/${am}`, admin, { period: 'evening' });
    expect(moved.json<{ startTime: string }>().startTime).toBe('18:30');
    expect(
      (await send('PATCH', `/api/rota/sessions/${am}`, clinician, { urgency: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await send('PATCH', `/api/rota/sessions/${am}`, navigator, { urgency: 1 })).statusCode,
    ).toBe(404);
    expect(
      (await send('PATCH', `/api/rota/sessions/${am}`, otherAdmin, { urgency: 1 })).statusCode,
    ).toBe(404);
    expect((await send('DELETE', `/api/rota/sessions/${am}`, otherAdmin)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/rota/sessions/${am}`, admin)).statusCode).toBe(204);
  });

  it('names the field of bad input', async () => {
    const cases = [
      [
        'POST',
        '/api/rota/sessions',
        {
          siteId: site.here,
          dates: ['2030-06-03'],
          period: 'custom',
          requiredRole: 'gp',
          endTime: '10:00',
        },
        'body/startTime',
      ],
      [
        'POST',
        '/api/rota/sessions',
        { siteId: site.here, dates: ['2030-06-03'], period: 'am', requiredRole: 'surgeon' },
        'body/requiredRole',
      ],
      [
        'POST',
        '/api/rota/sessions',
        { siteId: site.here, dates: ['not a date'], period: 'am', requiredRole: 'gp' },
        'body/dates/0',
      ],
      [
        'POST',
        '/api/rota/absences',
        { staffId: gp, kind: 'sickness', startsOn: '2030-06-03', endsOn: '2030-06-01' },
        'body/endsOn',
      ],
      ['GET', `/api/rota/gaps?from=2030-06-10&to=2030-06-01`, undefined, 'querystring/to'],
      [
        'GET',
        `/api/rota/sessions?practiceId=${first}&from=2030-01-01&to=2030-12-31`,
        undefined,
        'querystring/to',
      ],
    ] as const;
    for (const [method, url, payload, field] of cases) {
      const response = await send(method, url, admin, payload);
      expect(response.statusCode, `${url} ${response.body}`).toBe(400);
      expect(response.json<Problem>().errors?.map((e) => e.field)).toContain(field);
    }
  });

  it('refuses to roster someone at a site they do not work at, and leaves them off eligible staff', async () => {
    const am = await plan(site.here, '2030-06-24', 'am');
    const eligible = await send('GET', `/api/rota/sessions/${am}/eligible-staff`, admin);
    expect(eligible.statusCode, eligible.body).toBe(200);
    const ids = eligible.json<{ staff: { staffId: string }[] }>().staff.map((s) => s.staffId);
    expect(ids).toContain(gp);
    expect(ids).not.toContain(outsiderGp);
    const refused = await send('POST', `/api/rota/sessions/${am}/assignments`, admin, {
      staffId: outsiderGp,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>()).toMatchObject({
      code: 'conflict',
      detail:
        'Dr Second Practice does not work at Rota Test Surgery: it is not a site of their home practice or one listed for them',
    });
    // At a site of their own practice they may.
    const theirs = await plan(site.near, '2030-06-24', 'am');
    const allowed = await send('POST', `/api/rota/sessions/${theirs}/assignments`, admin, {
      staffId: outsiderGp,
    });
    expect(allowed.statusCode, allowed.body).toBe(201);
  });
});
