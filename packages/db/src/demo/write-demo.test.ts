import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlan, isValidNhsNumber, type DemoPlan } from '@atscale/domain';
import { resilienceRepository } from '../repositories/resilience.js';
import { rotaRepository } from '../repositories/rota.js';
import { todayInEngland } from '../repositories/organisation-today.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { tableRowCounts } from '../table-row-counts.js';
import { seedDemoOrganisation, type DemoOrganisation } from './seed-demo.js';
import { demoRowCount, writeDemoPlans, type DemoProgress } from './write-demo.js';

/** Every patient of an organisation as one text, for comparing two builds. */
async function patientText(t: TestDatabase, orgId: string): Promise<string> {
  const { rows } = await t.db.query<{ text: string }>(
    `select string_agg(concat_ws('|', p.nhs_number, x.ods_code, p.given_name, p.family_name,
                                 p.date_of_birth, p.sex, p.postcode, p.registered_on,
                                 p.contact_phone, p.contact_email, p.contact_preference),
                       E'\\n' order by p.nhs_number) as text
       from patient p join practice x on x.id = p.practice_id
      where p.org_id = $1`,
    [orgId],
  );
  return rows[0]?.text ?? '';
}

describe('the tiny demo in a real database', () => {
  let t: TestDatabase;
  let demo: DemoOrganisation;
  const progress: DemoProgress[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    demo = await seedDemoOrganisation(t.db, {
      passwordHash: 'x',
      onProgress: (p) => progress.push(p),
    });
  });
  afterAll(() => t.dispose());

  it('writes three practices with their patients, list sizes, sites, staff and cost centres', async () => {
    const count = async (sql: string) =>
      (await t.db.query<{ n: number }>(sql, [demo.orgId])).rows[0]?.n;
    expect(demo.practiceIds).toHaveLength(3);
    expect(demo.prospectivePracticeIds).toEqual([]);
    expect(demo.patients).toBe(300);
    expect(await count('select count(*)::int as n from patient where org_id = $1')).toBe(300);
    // The latest list size of each practice is the number of patients registered with it.
    const { rows: lists } = await t.db.query<{ latest: number; patients: number }>(
      `select (select list_size from practice_list_size l where l.practice_id = x.id
                order by date desc limit 1) as latest,
              (select count(*)::int from patient p where p.practice_id = x.id) as patients
         from practice x where x.org_id = $1`,
      [demo.orgId],
    );
    for (const l of lists) expect(l.latest).toBe(l.patients);
    expect(await count(`select count(*)::int as n from practice_list_size where org_id = $1`)).toBe(
      24,
    );
    const { rows: sites } = await t.db.query<{ sites: number; main: number }>(
      `select count(*)::int as sites, count(*) filter (where is_main)::int as main
         from site where org_id = $1 group by practice_id`,
      [demo.orgId],
    );
    for (const s of sites) {
      expect(s.main).toBe(1);
      expect(s.sites).toBeLessThanOrEqual(3);
    }
    expect(
      await count(
        `select count(distinct home_practice_id)::int as n from staff_member
          where org_id = $1 and staff_role = 'gp' and grade = 'equity-partner'`,
      ),
    ).toBe(3);
    expect(
      await count(`select count(*)::int as n from cost_centre_assignment where org_id = $1`),
    ).toBe(3);
    expect(
      await count(
        `select count(*)::int as n from membership where org_id = $1 and stage = 'member'`,
      ),
    ).toBe(3);
    expect(
      await count(
        `select count(*)::int as n from organisation_form_change
          where org_id = $1 and form = 'autonomy-super-partnership'`,
      ),
    ).toBe(1);
  });

  it('writes the rota around today, nobody in two places at once, with gaps and a pool', async () => {
    const plan = demoPlan({ scale: 'tiny', today: todayInEngland() });
    const one = async (sql: string) =>
      (await t.db.query<Record<string, number>>(sql, [demo.orgId])).rows[0] ?? {};
    expect(
      await one(`select count(*)::int as sessions,
                        count(*) filter (where starts_at > now())::int as ahead
                   from rota_session where org_id = $1`),
    ).toEqual({
      sessions: plan.workforce.sessions.length,
      ahead: expect.any(Number) as number,
    });
    // The exclusion constraint let every assignment in; the same rule, asked directly.
    expect(
      await one(`select count(*)::int as n from session_assignment a
                   join session_assignment b on b.staff_id = a.staff_id and b.id < a.id
                  where a.org_id = $1 and a.during && b.during`),
    ).toEqual({ n: 0 });
    expect(
      await one(`select count(*)::int as n from staff_member
                  where org_id = $1 and staff_role = 'gp' and registration_number ~ '^[0-9]{7}$'`),
    ).toEqual({
      n: plan.staff.filter((s) => s.staffRole === 'gp').length,
    });
    expect(
      await one(`select count(*)::int as members, count(distinct pool)::int as pools,
                        (select count(*)::int from pool_availability where org_id = $1) as slots
                   from pool_member where org_id = $1`),
    ).toEqual({
      members: plan.workforce.poolMembers.length,
      pools: 2,
      slots: plan.workforce.poolAvailability.length,
    });
    const rota = rotaRepository(t.db, {
      principal: {
        userId: demo.users.admin,
        orgId: demo.orgId,
        grants: [{ role: 'org-admin', practiceId: null }],
      },
      requestId: null,
    });
    const gaps = await rota.gaps(plan.workforce.rotaFrom, plan.workforce.rotaTo);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.some((g) => g.absentStaffIds.length > 0)).toBe(true);
    expect(gaps.some((g) => g.session.assignments.length === 0)).toBe(true);
  });

  it('gives every patient a valid NHS number from the 999 range, unique in the organisation', async () => {
    const { rows } = await t.db.query<{ nhs_number: string }>(
      'select nhs_number from patient where org_id = $1',
      [demo.orgId],
    );
    expect(
      rows.every((r) => isValidNhsNumber(r.nhs_number) && r.nhs_number.startsWith('999')),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.nhs_number)).size).toBe(rows.length);
  });

  it('keeps the demo sign-ins and their roles', async () => {
    const { rows } = await t.db.query<{ email: string; role: string; ods: string | null }>(
      `select u.email, g.role, p.ods_code as ods
         from app_user u join role_grant g on g.user_id = u.id
         left join practice p on p.id = g.practice_id
        where u.org_id = $1 and g.role <> 'partner' order by u.email, g.role`,
      [demo.orgId],
    );
    expect(rows).toEqual([
      { email: 'clinician@atscale.test', role: 'clinician', ods: 'Y90001' },
      { email: 'demo@atscale.test', role: 'central-operations', ods: null },
      { email: 'demo@atscale.test', role: 'org-admin', ods: null },
      { email: 'demo@atscale.test', role: 'practice-manager', ods: 'Y90001' },
      { email: 'finance@atscale.test', role: 'central-finance', ods: null },
      { email: 'navigator@atscale.test', role: 'care-navigator', ods: 'Y90002' },
      { email: 'workforce@atscale.test', role: 'central-workforce', ods: null },
    ]);
  });

  it('reported its progress up to every row it wrote', async () => {
    const last = progress.at(-1);
    expect(last?.done).toBe(last?.total);
    const counts = await tableRowCounts(t.db);
    const written = Object.entries(counts)
      .filter(([table]) => table !== 'schema_migration')
      .reduce((sum, [, n]) => sum + n, 0);
    expect(last?.total).toBe(written);
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
  });

  it('is the same, patient for patient, when built again from the same seed', async () => {
    const again = await createTestDatabase();
    try {
      const second = await seedDemoOrganisation(again.db, { passwordHash: 'x' });
      expect(await patientText(again, second.orgId)).toBe(await patientText(t, demo.orgId));
    } finally {
      await again.dispose();
    }
  });

  it('refuses to build the same demo twice, and writes nothing', async () => {
    const before = await tableRowCounts(t.db);
    const attempt = seedDemoOrganisation(t.db, { passwordHash: 'x' });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    await expect(attempt).rejects.toThrow(/already has the demo sign-ins clinician@atscale\.test/);
    expect(await tableRowCounts(t.db)).toEqual(before);
  });

  it('writes all or nothing: a failure half-way through the patients leaves no trace', async () => {
    const before = await tableRowCounts(t.db);
    const plan = demoPlan({ scale: 'tiny', form: 'hub-network' });
    const broken: DemoPlan = {
      ...plan,
      *patients() {
        let n = 0;
        for (const p of plan.patients()) {
          if (++n > 120) throw new Error('generator failed');
          yield p;
        }
      },
    };
    await expect(
      writeDemoPlans(t.db, [demoPlan({ scale: 'tiny', form: 'federation' }), broken], {
        passwordHash: 'x',
        batchSize: 50,
      }),
    ).rejects.toThrow('generator failed');
    expect(await tableRowCounts(t.db)).toEqual(before);
  });
});

describe('the small demo in a real database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('writes 30,000 patients, and prospects in the pipeline with due diligence', async () => {
    const today = todayInEngland();
    const plan = demoPlan({ scale: 'small', today });
    const [written] = await writeDemoPlans(t.db, [plan], { passwordHash: 'x' });
    const orgId = written?.orgId ?? '';
    expect(written?.rows).toBe(demoRowCount(plan));
    // The main demo's coded records: most over-65s fit or mild, a minority moderate or severe;
    // some of the frailty register with a care plan in the year, some due.
    const { rows: frailty } = await t.db.query<{ frail: number; all: number; stale: number }>(
      `select count(*) filter (where category in ('moderate', 'severe'))::int as frail,
              count(*)::int as all,
              (select count(*)::int from register_review r where r.org_id = $1
                 and r.done_on <= $2::date - 365) as stale
         from frailty_score where org_id = $1`,
      [written?.orgId, today],
    );
    const share = (frailty[0]?.frail ?? 0) / (frailty[0]?.all ?? 1);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.25);
    expect(frailty[0]?.stale).toBeGreaterThan(0);
    expect(written?.population?.reviews).toBeGreaterThan(frailty[0]?.stale ?? 0);
    const { rows } = await t.db.query<{ stage: string; patients: number; items: number }>(
      `select m.stage, count(distinct p.id)::int as patients, count(distinct d.item)::int as items
         from membership m
         left join patient p on p.practice_id = m.practice_id
         left join due_diligence_item d on d.practice_id = m.practice_id
        where m.org_id = $1 group by m.stage order by m.stage`,
      [orgId],
    );
    expect(rows).toEqual([
      { stage: 'decision', patients: 0, items: 7 },
      { stage: 'due-diligence', patients: 0, items: 6 },
      { stage: 'enquiry', patients: 0, items: 0 },
      { stage: 'member', patients: 30_000, items: expect.any(Number) as number },
    ]);
    const duplicates = await t.db.query(
      `select nhs_number from patient where org_id = $1 group by nhs_number having count(*) > 1`,
      [orgId],
    );
    expect(duplicates.rows).toEqual([]);

    // The practice in trouble: GPs off sick, a crisis with the resilience team deployed, and
    // the lowest score on the resilience dashboard, which reads today.
    const troubled = written?.practiceIds[plan.workforce.troubledPracticeIndex ?? -1];
    const { rows: crises } = await t.db.query<{
      practiceId: string;
      deployed: number;
      sessions: number;
    }>(
      `select c.practice_id as "practiceId",
              (select count(*)::int from crisis_deployment d where d.crisis_id = c.id) as deployed,
              (select count(*)::int from session_assignment a
                 join crisis_deployment d on d.staff_id = a.staff_id and d.crisis_id = c.id
                where a.source = 'resilience') as sessions
         from crisis c where c.org_id = $1`,
      [orgId],
    );
    expect(crises).toEqual([
      {
        practiceId: troubled,
        deployed: expect.any(Number) as number,
        sessions: expect.any(Number) as number,
      },
    ]);
    expect(crises[0]?.sessions).toBeGreaterThan(0);
    const scope = {
      principal: {
        userId: written?.userIds.admin ?? '',
        orgId,
        grants: [{ role: 'org-admin' as const, practiceId: null }],
      },
      requestId: null,
    };
    const ranked = await resilienceRepository(t.db, scope).ranked();
    expect(ranked.map((r) => r.practiceId)).toHaveLength(5);
    expect(ranked[0]?.practiceId).toBe(troubled);
    expect(ranked[0]?.score).toBeLessThan(ranked[1]?.score ?? 0);
    const gaps = await rotaRepository(t.db, scope).gaps(today, plan.workforce.rotaTo, {
      practiceId: troubled,
    });
    expect(gaps.filter((g) => g.session.requiredRole === 'gp').length).toBeGreaterThan(10);
  }, 120_000);
});
