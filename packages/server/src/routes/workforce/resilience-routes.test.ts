import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInEngland } from '@atscale/domain';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOfSecond: string;
let navigator: string;
let otherAdmin: string;
let first: string;
let second: string;
let teamId: string;
let notTeamId: string;

const today = dateInEngland(new Date());
const plusDays = (days: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

interface ScoreBody {
  practiceId: string;
  score: number;
  rag: string;
  reasons: string[];
  components: { key: string }[];
  trend?: { on: string; score: number }[];
}

interface CrisisBody {
  id: string;
  practiceId: string;
  endsOn: string;
  deployed: { id: string }[];
  sessions: number;
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'resilience-manager@atscale.test',
    displayName: 'Second Manager',
    passwordHash,
    grants: [{ role: 'practice-manager', practiceId: second }],
  });
  const staff = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body, contracted_sessions,
                               resilience_team)
     values ($1, 'Rhea Silience', 'gp', 'organisation', 8, true),
            ($1, 'Not Onteam', 'gp', 'organisation', 8, false)
     returning id`,
    [t.demo.orgId],
  );
  [teamId = '', notTeamId = ''] = staff.rows.map((r) => r.id);
  admin = await t.signIn('demo@atscale.test');
  managerOfSecond = await t.signIn('resilience-manager@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST', url: string, as: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: as }, ...(payload ? { payload } : {}) });

const fieldsOf = (body: ProblemBody) => (body.errors ?? []).map((e) => e.field);

describe('resilience routes', () => {
  it('ranks the organisation’s practices worst first, with reasons in words', async () => {
    const response = await send('GET', '/api/resilience', admin);
    expect(response.statusCode, response.body).toBe(200);
    const { practices } = response.json<{ practices: ScoreBody[] }>();
    expect(practices.map((p) => p.practiceId).sort()).toEqual([...t.demo.practiceIds].sort());
    const scores = practices.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const p of practices) {
      expect(p.components).toHaveLength(4);
      expect(['red', 'amber', 'green']).toContain(p.rag);
    }
  });

  it('shows a practice manager their own practice, and refuses others', async () => {
    const own = await send('GET', '/api/resilience', managerOfSecond);
    expect(own.json<{ practices: ScoreBody[] }>().practices.map((p) => p.practiceId)).toEqual([
      second,
    ]);
    const detail = await send('GET', `/api/resilience/practices/${second}`, managerOfSecond);
    expect(detail.statusCode).toBe(200);
    expect(detail.json<ScoreBody>().trend).toHaveLength(8);
    const refused = await send('GET', `/api/resilience/practices/${first}`, managerOfSecond);
    expect(refused.statusCode).toBe(403);
    expect((await send('GET', '/api/resilience', navigator)).statusCode).toBe(403);
    const theirs = await send('GET', `/api/resilience/practices/${first}`, otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(first);
  });

  it('refuses a bad crisis, naming the field', async () => {
    const base = { practiceId: second, reason: 'Two GPs off sick', startsOn: today, endsOn: today };
    const cases = [
      [{ endsOn: plusDays(-1), startsOn: plusDays(-2) }, 'body/endsOn'],
      [{ startsOn: 'soon' }, 'body/startsOn'],
      [{ reason: '' }, 'body/reason'],
      [{ practiceId: 'nope' }, 'body/practiceId'],
    ] as const;
    for (const [change, field] of cases) {
      const response = await send('POST', '/api/crises', managerOfSecond, { ...base, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(fieldsOf(response.json<ProblemBody>()), JSON.stringify(change)).toContain(field);
    }
  });

  let crisis: CrisisBody;

  it('lets a practice manager declare a crisis and deploy the team, which appears on the rota', async () => {
    const declared = await send('POST', '/api/crises', managerOfSecond, {
      practiceId: second,
      reason: 'Two GPs off sick',
      startsOn: today,
      endsOn: plusDays(9),
    });
    expect(declared.statusCode, declared.body).toBe(201);
    crisis = declared.json<CrisisBody>();
    const listed = await send('GET', '/api/crises', managerOfSecond);
    expect(listed.json<{ team: { id: string }[] }>().team.map((m) => m.id)).toEqual([teamId]);

    const notTeam = await send('POST', `/api/crises/${crisis.id}/deployments`, managerOfSecond, {
      staffIds: [notTeamId],
    });
    expect(notTeam.statusCode).toBe(400);
    expect(fieldsOf(notTeam.json<ProblemBody>())).toEqual(['body/staffIds/0']);

    const deployed = await send('POST', `/api/crises/${crisis.id}/deployments`, admin, {
      staffIds: [teamId],
    });
    expect(deployed.statusCode, deployed.body).toBe(201);
    expect(deployed.json<CrisisBody>().deployed.map((d) => d.id)).toEqual([teamId]);
    const { rows } = await t.db.query(
      `select 1 from session_assignment where staff_id = $1 and source = 'resilience'`,
      [teamId],
    );
    expect(rows.length).toBe(deployed.json<CrisisBody>().sessions);
  });

  it('refuses a clash with 409 naming it, and ends a crisis early', async () => {
    const other = await send('POST', '/api/crises', admin, {
      practiceId: first,
      reason: 'Flood',
      startsOn: today,
      endsOn: plusDays(9),
    });
    expect(other.statusCode).toBe(201);
    const clash = await send(
      'POST',
      `/api/crises/${other.json<CrisisBody>().id}/deployments`,
      admin,
      { staffIds: [teamId] },
    );
    if (crisis.sessions > 0) {
      expect(clash.statusCode).toBe(409);
      expect(clash.json<ProblemBody>().detail).toMatch(/Rhea Silience is already rostered/);
    }
    const badDay = await send('POST', `/api/crises/${crisis.id}/end`, admin, { on: 'tomorrow' });
    expect(badDay.statusCode).toBe(400);
    expect(fieldsOf(badDay.json<ProblemBody>())).toEqual(['body/on']);
    const ended = await send('POST', `/api/crises/${crisis.id}/end`, managerOfSecond, {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<CrisisBody>().endsOn).toBe(today);
  });
});
