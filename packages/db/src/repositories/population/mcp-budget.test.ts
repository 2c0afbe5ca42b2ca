import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, testNhsNumbers, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import { mcpBudgetRepository } from './mcp-budget.js';

let t: TestDatabase;
let org: TestOrganisation;
let other: TestOrganisation;
let finance: Principal;
let partner: Principal;
let clinician: Principal;
let otherFinance: Principal;

const repo = (principal: Principal) => mcpBudgetRepository(t.db, { principal, requestId: 'r-mcp' });

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const YEAR = {
  settings: {
    form: 'mcp-fully-integrated',
    upliftBasisPoints: 200,
    topSliceBasisPoints: 300,
    earnBackRule: 'linear',
    providerGainShareBasisPoints: 5000,
    providerLossShareBasisPoints: 4000,
    providerGainCapBasisPoints: null,
    providerGainCapPence: null,
    providerLossCapBasisPoints: 150,
    providerLossCapPence: null,
  },
  lines: [
    {
      contributor: 'primary-care',
      serviceLine: 'GP core',
      baseYear: 2025,
      amountPence: 500_000_00,
    },
    {
      contributor: 'social-care',
      serviceLine: 'Home care',
      baseYear: 2025,
      amountPence: 300_000_00,
    },
  ],
  metrics: [
    {
      key: 'frailty-care-plans',
      name: 'Frailty care plans',
      direction: 'higher-is-better',
      floor: 0,
      target: 100,
      weightPercent: 50,
      achieved: 5,
      source: 'frailty-care-plans',
    },
    {
      key: 'ae',
      name: 'A&E attendances per 1,000',
      direction: 'lower-is-better',
      floor: 300,
      target: 250,
      weightPercent: 50,
      achieved: 250,
    },
  ],
  actualPence: { 'primary-care': 520_000_00, 'social-care': 290_000_00 },
};

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'mcp-fully-integrated',
    createdOn: '2019-01-01',
    practices: 2,
  });
  other = await createTestOrganisation(t.db, {
    form: 'mcp-virtual',
    createdOn: '2019-01-01',
    practices: 1,
  });
  finance = await org.principal([{ role: 'central-finance', practiceId: null }]);
  partner = await org.principal([{ role: 'partner', practiceId: org.practiceIds[0] ?? '' }]);
  clinician = await org.principal([{ role: 'clinician', practiceId: org.practiceIds[0] ?? '' }]);
  otherFinance = await other.principal([{ role: 'central-finance', practiceId: null }]);

  // Four frail patients of the latest run (one mild, so not on the register); one of the three
  // on it has a care plan within 12 months of today, one an older one: 1 of 3 is current.
  const numbers = testNhsNumbers();
  for (let i = 0; i < 70_000; i++) numbers.next();
  const { rows: list } = await t.db.query<{ id: string }>(
    `insert into code_list (org_id, name, version, source, licence)
     values ($1, 'eFI', 'test', 'test', 'test') returning id`,
    [org.orgId],
  );
  const { rows: run } = await t.db.query<{ id: string }>(
    `insert into frailty_run (org_id, scored_on, code_list_id, patients)
     values ($1, current_date, $2, 4) returning id`,
    [org.orgId, list[0]?.id],
  );
  const categories = ['moderate', 'severe', 'severe', 'mild'];
  const patients: string[] = [];
  for (const category of categories) {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
       values ($1, $2, $3, 'Mcp', 'Patient', '1940-01-01') returning id`,
      [org.orgId, org.practiceIds[0], numbers.next().value],
    );
    const id = rows[0]?.id ?? '';
    patients.push(id);
    await t.db.query(
      `insert into frailty_score (run_id, org_id, practice_id, patient_id, age, deficit_count, score, category)
       values ($1, $2, $3, $4, 86, 12, 0.3333, $5)`,
      [run[0]?.id, org.orgId, org.practiceIds[0], id, category],
    );
  }
  await t.db.query(
    `insert into register_review (org_id, register_key, patient_id, kind, done_on)
     values ($1, 'frailty', $2, 'care-plan', current_date - 30),
            ($1, 'frailty', $3, 'care-plan', current_date - 400),
            ($1, 'frailty', $4, 'care-plan', current_date - 10)`,
    [org.orgId, patients[0], patients[1], patients[3]],
  );
});
afterAll(() => t.dispose());

describe('MCP budget (POP-2)', () => {
  it('sets a year, audited, and works it out with frailty care plans from the registers', async () => {
    const year = await repo(finance).set(2026, YEAR);
    expect(year.outcome.budgetPence).toBe(816_000_00); // 800,000 + 2% uplift
    expect(year.outcome.topSlicePence).toBe(24_480_00);
    expect(year.frailtyCarePlans).toMatchObject({ members: 3, current: 1, percent: 33.3 });
    // The computed metric takes the registers' value, not the 5 that was typed.
    expect(year.input.metrics[0]?.achieved).toBe(33.3);
    expect(year.outcome.metrics.map((m) => m.earnedPence)).toEqual([4_075_92, 12_240_00]);
    const { rows } = await t.db.query<{ action: string; user_id: string }>(
      `select action, user_id from audit_event where org_id = $1 and action = 'mcp-budget.set'`,
      [org.orgId],
    );
    expect(rows).toEqual([{ action: 'mcp-budget.set', user_id: finance.userId }]);

    const again = await repo(partner).get(2026);
    expect(again.outcome).toEqual(year.outcome);
    expect((await repo(partner).years()).map((y) => y.label)).toEqual(['2026/27']);
  });

  it('tries a what-if without saving it', async () => {
    const tried = await repo(partner).whatIf(2026, {
      topSliceBasisPoints: 400,
      achieved: { ae: 300 },
      actualPence: { 'social-care': 0 },
    });
    expect(tried.outcome.topSlicePence).toBe(32_640_00);
    expect(tried.outcome.metrics[1]?.earnedPence).toBe(0);
    const saved = await repo(partner).get(2026);
    expect(saved.outcome.topSlicePence).toBe(24_480_00);
  });

  it('refuses bad input naming the field', async () => {
    const bad = await refusal(
      repo(finance).set(2026, {
        ...YEAR,
        settings: { ...YEAR.settings, topSliceBasisPoints: 450 },
      }),
    );
    expect(bad.errors[0]?.field).toBe('/settings/topSliceBasisPoints');
    const weights = await refusal(
      repo(finance).set(2026, {
        ...YEAR,
        metrics: [{ ...YEAR.metrics[1], weightPercent: 40 }],
      }),
    );
    expect(weights.errors[0]?.field).toBe('/metrics');
    const what = await refusal(repo(finance).whatIf(2026, { achieved: { nope: 1 } }));
    expect(what.errors[0]?.field).toBe('/achieved/nope');
    expect((await refusal(repo(finance).get(1999))).errors[0]?.field).toBe('/financialYear');
  });

  it('lets only central finance set it, and nobody reach another organisation’s', async () => {
    expect((await refusal(repo(partner).set(2026, YEAR))).code).toBe('forbidden');
    expect((await refusal(repo(clinician).get(2026))).code).toBe('forbidden');
    expect((await refusal(repo(otherFinance).get(2026))).code).toBe('not-found');
    expect(await repo(otherFinance).years()).toEqual([]);
    expect((await refusal(repo(otherFinance).whatIf(2026, {}))).code).toBe('not-found');
  });
});
