import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInEngland, deploymentSessions, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { crisisRepository } from './crises.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { resilienceRepository } from './resilience.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let managerOfFirst: Principal;
let managerOfSecond: Principal;
let navigator: Principal;
let outsider: Principal;
let first: string;
let second: string;
let teamGp: string;
let practiceGp: string;

const today = dateInEngland(new Date());
const plusDays = (days: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function staff(
  name: string,
  practiceId: string | null,
  options: { born?: string; team?: boolean } = {},
): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id,
                               contracted_sessions, date_of_birth, started_on, resilience_team)
     values ($1, $2, 'gp', $3, $4, 8, $5, '2015-01-01', $6) returning id`,
    [
      org.orgId,
      name,
      practiceId === null ? 'organisation' : 'practice',
      practiceId,
      options.born ?? '1985-01-01',
      options.team ?? false,
    ],
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
  [first = '', second = ''] = org.practiceIds;
  // Practice 1 is single-handed, its GP near retirement, with 2,500 patients; practice 2 has
  // six GPs for 12,000.
  practiceGp = await staff('Ann Single', first, { born: '1966-03-01' });
  for (let i = 1; i <= 6; i += 1) await staff(`Gp Number${String(i)}`, second);
  teamGp = await staff('Tess Team', null, { team: true });
  await t.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     values ($1, $2, '2020-01-01', 2500), ($1, $3, '2020-01-01', 12000)`,
    [org.orgId, first, second],
  );
  await t.db.query(
    `insert into site (org_id, practice_id, name, is_main)
     values ($1, $2, 'First Main', true), ($1, $3, 'Second Main', true)`,
    [org.orgId, first, second],
  );
  central = await org.principal([{ role: 'central-workforce', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  managerOfSecond = await org.principal([{ role: 'practice-manager', practiceId: second }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-workforce', practiceId: null }]);
});
afterAll(() => t.dispose());

const scores = (principal: Principal) => resilienceRepository(t.db, { principal, requestId: null });
const crises = (principal: Principal) => crisisRepository(t.db, { principal, requestId: null });

describe('resilience scores', () => {
  it('ranks the single-handed practice first, worse than the six-GP one, with reasons', async () => {
    const ranked = await scores(central).ranked();
    expect(ranked.map((r) => r.practiceId)).toEqual([first, second]);
    const [single, six] = ranked;
    expect(single?.score).toBeLessThan(six?.score ?? 0);
    expect(single?.reasons).toContain(
      '100% of contracted clinical sessions depend on Dr Ann Single alone',
    );
    expect(single?.reasons.join(' ')).toMatch(/1 of 1 GP is within 3 years of 60/);
  });

  it('gives one practice with its 8-week trend', async () => {
    const detail = await scores(central).practice(first);
    expect(detail.trend).toHaveLength(8);
    expect(detail.trend.at(-1)).toEqual({ on: today, score: detail.score });
    expect(detail.components).toHaveLength(4);
  });

  it('shows a practice manager their own practice only, and others nothing', async () => {
    expect((await scores(managerOfSecond).ranked()).map((r) => r.practiceId)).toEqual([second]);
    await expect(scores(managerOfSecond).practice(first)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(scores(navigator).ranked()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(scores(outsider).practice(first)).rejects.toMatchObject({ code: 'not-found' });
    expect(await scores(outsider).ranked()).toEqual([
      expect.objectContaining({ practiceName: 'Practice 1' }),
    ]);
  });
});

describe('crises', () => {
  let crisisId: string;
  const endsOn = plusDays(13);

  it('lets a practice manager declare a crisis at their practice, audited', async () => {
    const crisis = await crises(managerOfFirst).declare({
      practiceId: first,
      reason: '  Dr Single off sick  ',
      startsOn: today,
      endsOn,
    });
    crisisId = crisis.id;
    expect(crisis).toMatchObject({ practiceId: first, reason: 'Dr Single off sick', deployed: [] });
    const { rows } = await t.db.query(
      `select role from audit_event where entity_id = $1 and action = 'crisis.declare'`,
      [crisis.id],
    );
    expect(rows).toEqual([{ role: 'practice-manager' }]);
  });

  it('refuses bad periods and another practice’s or organisation’s crisis', async () => {
    const base = { practiceId: first, reason: 'x', startsOn: today, endsOn };
    await expect(
      crises(managerOfFirst).declare({ ...base, endsOn: plusDays(-1) }),
    ).rejects.toMatchObject({ errors: [{ field: '/endsOn' }] });
    await expect(crises(managerOfFirst).declare({ ...base, reason: ' ' })).rejects.toMatchObject({
      errors: [{ field: '/reason' }],
    });
    await expect(
      crises(managerOfFirst).declare({ ...base, startsOn: '2027-02-30' }),
    ).rejects.toMatchObject({ errors: [{ field: '/startsOn' }] });
    await expect(
      crises(managerOfSecond).declare({ ...base, practiceId: first }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(crises(outsider).declare(base)).rejects.toMatchObject({ code: 'not-found' });
    await expect(crises(outsider).deploy(crisisId, [teamGp])).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(crises(managerOfSecond).end(crisisId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await crises(managerOfSecond).list()).crises).toEqual([]);
    expect((await crises(outsider).list()).crises).toEqual([]);
  });

  it('deploys the resilience team onto the practice’s rota at its main site', async () => {
    await expect(crises(central).deploy(crisisId, [practiceGp])).rejects.toMatchObject({
      errors: [{ field: '/staffIds/0', message: 'Ann Single is not on the resilience team' }],
    });
    const list = await crises(central).list();
    expect(list.team).toEqual([{ id: teamGp, name: 'Tess Team', role: 'gp' }]);
    const crisis = await crises(central).deploy(crisisId, [teamGp]);
    const planned = deploymentSessions(today, endsOn);
    expect(crisis.deployed).toEqual([{ id: teamGp, name: 'Tess Team', role: 'gp' }]);
    expect(crisis.sessions).toBe(planned.length);
    const { rows } = await t.db.query<{ startsAt: string; source: string; site: string }>(
      `select to_char(rs.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "startsAt",
              sa.source, s.name as site
         from session_assignment sa join rota_session rs on rs.id = sa.session_id
         join site s on s.id = rs.site_id
        where sa.staff_id = $1 order by rs.starts_at`,
      [teamGp],
    );
    expect(rows.map((r) => r.startsAt)).toEqual(planned.map((p) => p.startsAt));
    expect(new Set(rows.map((r) => `${r.source} ${r.site}`))).toEqual(
      new Set(['resilience First Main']),
    );
    // The team's sessions are cover, not someone the practice depends on.
    const detail = await scores(central).practice(first);
    expect(detail.reasons.join(' ')).not.toContain('Tess Team');
  });

  it('refuses someone already rostered elsewhere, naming the clash', async () => {
    const other = await crises(managerOfSecond).declare({
      practiceId: second,
      reason: 'Flood',
      startsOn: today,
      endsOn: plusDays(6),
    });
    const refused = crises(central).deploy(other.id, [teamGp]);
    await expect(refused).rejects.toMatchObject({ code: 'conflict' });
    await expect(refused).rejects.toThrow(/Tess Team is already rostered at First Main/);
    await expect(crises(central).deploy(crisisId, [teamGp])).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('ends a crisis early, taking the team’s later sessions off the rota', async () => {
    const ended = await crises(managerOfFirst).end(crisisId, today);
    expect(ended.endsOn).toBe(today);
    expect(ended.sessions).toBe(deploymentSessions(today, today).length);
    await expect(crises(managerOfFirst).end(crisisId, today)).rejects.toMatchObject({
      code: 'conflict',
    });
    const { rows } = await t.db.query(
      `select action from audit_event where entity_id = $1 order by id`,
      [crisisId],
    );
    expect(rows).toEqual([
      { action: 'crisis.declare' },
      { action: 'crisis.deploy' },
      { action: 'crisis.end' },
    ]);
  });
});
