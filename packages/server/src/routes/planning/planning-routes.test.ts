import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { createFinanceTestOrganisation } from '@atscale/db/testing';
import {
  financialYearDates,
  financialYearLabel,
  financialYearOf,
  PLANNING_FORMS,
  type RoleGrant,
} from '@atscale/domain';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let planner: string;
let clinician: string;
let otherAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  planner = await t.signIn('demo@atscale.test'); // organisation administrator
  clinician = await t.signIn('clinician@atscale.test'); // a clinician at practice 1: no planning
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const call = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

interface RunStatus {
  id: string;
  status: string;
  progress: number;
  runs: number;
}

async function untilFinished(runId: string): Promise<RunStatus> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await call('GET', `/api/planning/runs/${runId}`, planner);
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json<RunStatus>();
    expect(run.progress).toBeGreaterThanOrEqual(0);
    expect(run.progress).toBeLessThanOrEqual(run.runs);
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A scenario built from the demo's first three practices and saved; its id. */
let saved: Promise<{ id: string; scenario: { practices: { odsCode: string }[] } }> | undefined;
const savedScenario = () =>
  (saved ??= (async () => {
    const draft = await call('POST', '/api/planning/drafts', planner, {
      practiceIds: t.demo.practiceIds.slice(0, 3),
      name: 'Three practices',
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const { scenario } = draft.json<{ scenario: { practices: { odsCode: string }[] } }>();
    const created = await call('POST', '/api/planning/scenarios', planner, {
      name: 'Three practices together',
      scenario,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string; scenario: { practices: { odsCode: string }[] } }>();
  })());

describe('planning routes', () => {
  it('builds a scenario from three demo practices with their list sizes and the sources', async () => {
    const response = await call('POST', '/api/planning/drafts', planner, {
      practiceIds: t.demo.practiceIds.slice(0, 3),
    });
    expect(response.statusCode, response.body).toBe(200);
    const { scenario, sources } = response.json<{
      scenario: { practices: { odsCode: string; listSize: number; gpWte: number }[] };
      sources: { field: string; source: string }[];
    }>();
    expect(scenario.practices).toHaveLength(3);
    const { rows } = await t.db.query<{ odsCode: string; listSize: number | null }>(
      `select p.ods_code as "odsCode",
              (select l.list_size from practice_list_size l where l.practice_id = p.id
                order by l.date desc limit 1) as "listSize"
         from practice p where p.id = any($1::uuid[])`,
      [t.demo.practiceIds.slice(0, 3)],
    );
    for (const row of rows) {
      const practice = scenario.practices.find((p) => p.odsCode === row.odsCode);
      expect(practice?.listSize).toBe(row.listSize ?? 8000);
      expect(practice?.gpWte).toBeGreaterThan(0);
    }
    expect(sources.map((s) => s.field)).toContain('demand.requestsPer1000PerWeekday');
    expect(sources.map((s) => s.field)).toContain('practices.gpWte');
  });

  it('saves, lists, updates, runs to completion, reads the result and exports the report', async () => {
    const scenario = await savedScenario();
    const listed = await call('GET', '/api/planning/scenarios', planner);
    expect(listed.statusCode).toBe(200);
    expect(
      listed.json<{ scenarios: { id: string; practices: number }[] }>().scenarios,
    ).toContainEqual(expect.objectContaining({ id: scenario.id, practices: 3 }));

    const renamed = await call('PUT', `/api/planning/scenarios/${scenario.id}`, planner, {
      name: 'Three practices, renamed',
      scenario: scenario.scenario,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<{ name: string }>().name).toBe('Three practices, renamed');

    const started = await call('POST', '/api/planning/runs', planner, {
      scenarioId: scenario.id,
      runs: 6,
      seed: 7,
    });
    expect(started.statusCode, started.body).toBe(202);
    const queued = started.json<RunStatus>();
    expect(['queued', 'running']).toContain(queued.status);

    // Not finished yet, or finished: either way the result never answers half a run.
    const early = await call('GET', `/api/planning/runs/${queued.id}/result`, planner);
    expect([200, 409]).toContain(early.statusCode);

    const finished = await untilFinished(queued.id);
    expect(finished).toMatchObject({ status: 'done', progress: 6, runs: 6 });

    const result = await call('GET', `/api/planning/runs/${queued.id}/result`, planner);
    expect(result.statusCode, result.body).toBe(200);
    const body = result.json<{
      summary: { replications: number; forms: { form: string; practices: unknown[] }[] };
      scenario: { name: string };
    }>();
    expect(body.summary.replications).toBe(6);
    expect(body.summary.forms.map((f) => f.form)).toEqual([...PLANNING_FORMS]);
    for (const form of body.summary.forms) expect(form.practices).toHaveLength(3);
    expect(body.scenario.name).toBe('Three practices, renamed');

    const report = await call('GET', `/api/planning/runs/${queued.id}/report.html`, planner);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/html/);
    expect(report.headers['content-disposition']).toMatch(/^attachment; filename=".+\.html"$/);
    expect(report.body).toContain('Three practices, renamed');
    expect(report.body).not.toMatch(/<script/i);

    const read = await call('GET', `/api/planning/scenarios/${scenario.id}`, planner);
    expect(read.json<{ runs: RunStatus[] }>().runs[0]).toMatchObject({
      id: queued.id,
      status: 'done',
    });
  });

  it('gives the same result for the same seed', async () => {
    const scenario = await savedScenario();
    const results = [];
    for (let i = 0; i < 2; i++) {
      const started = await call('POST', '/api/planning/runs', planner, {
        scenarioId: scenario.id,
        runs: 3,
        seed: 11,
      });
      const run = await untilFinished(started.json<RunStatus>().id);
      const result = await call('GET', `/api/planning/runs/${run.id}/result`, planner);
      results.push(result.json<{ summary: unknown }>().summary);
    }
    expect(results[0]).toEqual(results[1]);
  });

  it('shows another organisation none of it: 404, and an empty list', async () => {
    const scenario = await savedScenario();
    const started = await call('POST', '/api/planning/runs', planner, {
      scenarioId: scenario.id,
      runs: 2,
    });
    const run = await untilFinished(started.json<RunStatus>().id);
    for (const [method, url, payload] of [
      ['GET', `/api/planning/scenarios/${scenario.id}`],
      [
        'PUT',
        `/api/planning/scenarios/${scenario.id}`,
        { name: 'Theirs', scenario: scenario.scenario },
      ],
      ['DELETE', `/api/planning/scenarios/${scenario.id}`],
      ['POST', '/api/planning/runs', { scenarioId: scenario.id, runs: 2 }],
      ['GET', `/api/planning/runs/${run.id}`],
      ['GET', `/api/planning/runs/${run.id}/result`],
      ['GET', `/api/planning/runs/${run.id}/report.html`],
    ] as const) {
      const response = await call(method, url, otherAdmin, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.body).not.toContain('Three practices');
    }
    const theirs = await call('GET', '/api/planning/scenarios', otherAdmin);
    expect(theirs.json<{ scenarios: unknown[] }>().scenarios).toEqual([]);
    const drafted = await call('POST', '/api/planning/drafts', otherAdmin, {
      practiceIds: [t.demo.practiceIds[0]],
    });
    expect(drafted.statusCode).toBe(400);
    expect(drafted.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body/practiceIds/0',
    );
    // Still there for its own organisation.
    expect((await call('GET', `/api/planning/scenarios/${scenario.id}`, planner)).statusCode).toBe(
      200,
    );
  });

  it('refuses people who do not plan (a clinician)', async () => {
    expect((await call('GET', '/api/planning/scenarios', clinician)).statusCode).toBe(403);
    const draft = await call('POST', '/api/planning/drafts', clinician, {
      practiceIds: [t.demo.practiceIds[0]],
    });
    expect(draft.statusCode).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const scenario = await savedScenario();
    const bad = await call('POST', '/api/planning/scenarios', planner, {
      name: 'Bad',
      scenario: { ...scenario.scenario, practices: [{ odsCode: 'X1', name: 'X', listSize: -5 }] },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toContain('body/scenario/practices/0/listSize');

    const noName = await call('POST', '/api/planning/scenarios', planner, {
      name: '   ',
      scenario: scenario.scenario,
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body/name');

    for (const runs of [0, 2001, 1.5]) {
      const response = await call('POST', '/api/planning/runs', planner, {
        scenarioId: scenario.id,
        runs,
      });
      expect(response.statusCode, String(runs)).toBe(400);
      expect(response.body).toContain('body/runs');
    }
    const missing = await call(
      'GET',
      '/api/planning/scenarios/00000000-0000-4000-8000-000000000000',
      planner,
    );
    expect(missing.statusCode).toBe(404);
    const notId = await call('GET', '/api/planning/runs/not-an-id', planner);
    expect(notId.statusCode).toBe(400);
  });

  it('reads practices from CSV, and names the line and column of each error', async () => {
    const good = await call('POST', '/api/planning/practices-csv', planner, {
      csv:
        'ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners\n' +
        'A81001,North,9000,5,2,1,"£1,395,000",976500,4\n',
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json<{ practices: unknown[] }>().practices).toEqual([
      expect.objectContaining({ odsCode: 'A81001', listSize: 9000, incomePence: 139_500_000 }),
    ]);
    const bad = await call('POST', '/api/planning/practices-csv', planner, {
      csv:
        'ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners\n' +
        'A81001,North,9000,5,2,1,1000,900,4\n' +
        'A81002,South,lots,5,2,1,1000,900,4\n',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(
      'line 3, list_size',
    );
    const header = await call('POST', '/api/planning/practices-csv', planner, {
      csv: 'ods_code,name\nA81001,North\n',
    });
    expect(header.statusCode).toBe(400);
    expect(header.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('line 1');
  });

  it('refuses a run while the organisation already has three queued or running, with 409', async () => {
    const scenario = await savedScenario();
    // Three runs marked running, which the server's runner never claims.
    const held = await t.db.query<{ id: string }>(
      `insert into planning_run (org_id, scenario_id, scenario, runs, seed, status, started_at)
       select org_id, id, scenario, 1, 1, 'running', now() from planning_scenario,
              generate_series(1, 3)
        where id = $1
       returning id`,
      [scenario.id],
    );
    expect(held.rows).toHaveLength(3);
    try {
      const refused = await call('POST', '/api/planning/runs', planner, {
        scenarioId: scenario.id,
        runs: 1,
      });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json<{ detail: string }>().detail).toMatch(/3 planning runs are already/);
      // Another organisation's queue is its own.
      const theirs = await call('POST', '/api/planning/runs', otherAdmin, {
        scenarioId: scenario.id,
        runs: 1,
      });
      expect(theirs.statusCode).toBe(404);
    } finally {
      await t.db.query(`delete from planning_run where id = any($1::uuid[])`, [
        held.rows.map((r) => r.id),
      ]);
    }
    const started = await call('POST', '/api/planning/runs', planner, {
      scenarioId: scenario.id,
      runs: 1,
    });
    expect(started.statusCode, started.body).toBe(202);
    await untilFinished(started.json<RunStatus>().id);
  });

  it('deletes a scenario and its runs', async () => {
    const scenario = await savedScenario();
    const copy = await call('POST', '/api/planning/scenarios', planner, {
      name: 'To delete',
      scenario: scenario.scenario,
    });
    const { id } = copy.json<{ id: string }>();
    expect((await call('DELETE', `/api/planning/scenarios/${id}`, planner)).statusCode).toBe(204);
    expect((await call('GET', `/api/planning/scenarios/${id}`, planner)).statusCode).toBe(404);
  });
});

describe('planning drafts: income and costs from the ledger', () => {
  let users = 0;
  const signInAs = async (orgId: string, grants: RoleGrant[]) => {
    users += 1;
    const email = `planning-ledger-${String(users)}@planning.test`;
    await unscopedAccountRepository(t.db).createUser({
      orgId,
      email,
      displayName: 'Planning Ledger Test',
      passwordHash: await hashPassword(TEST_PASSWORD),
      grants,
    });
    return t.signIn(email);
  };
  interface Draft {
    scenario: { practices: { odsCode: string; incomePence: number; costsPence: number }[] };
    sources: { field: string; source: string }[];
  }

  it('takes a practice’s income and costs from its cost centre’s P&L, the defaults where it has no lines or the caller may not read finance', async () => {
    const org = await createFinanceTestOrganisation(t.db, { listSizes: [9_000, 6_000] });
    const finance = await signInAs(org.orgId, [{ role: 'central-finance', practiceId: null }]);
    const operations = await signInAs(org.orgId, [
      { role: 'central-operations', practiceId: null },
    ]);
    // The last complete financial year, as the planner reads it.
    const year = financialYearOf(new Date().toISOString().slice(0, 10)) - 1;
    const { from, to } = financialYearDates(year);
    const centre = org.costCentreIds[0] ?? '';
    const post = (lines: object[], entryDate: string) =>
      call('POST', '/api/finance/journal-entries', finance, {
        entryDate,
        description: 'Planning ledger test',
        lines,
      });
    const income = await post(
      [
        { costCentreId: centre, accountCode: '1000', debitPence: 123_456_789, creditPence: 0 },
        { costCentreId: centre, accountCode: '4000', debitPence: 0, creditPence: 123_456_789 },
      ],
      `${String(year)}-06-15`,
    );
    expect(income.statusCode, income.body).toBe(201);
    const costs = await post(
      [
        { costCentreId: centre, accountCode: '5000', debitPence: 87_654_321, creditPence: 0 },
        { costCentreId: centre, accountCode: '1000', debitPence: 0, creditPence: 87_654_321 },
      ],
      `${String(year + 1)}-02-10`,
    );
    expect(costs.statusCode, costs.body).toBe(201);
    const pl = await call(
      'GET',
      `/api/finance/profit-and-loss?costCentreId=${centre}&from=${from}&to=${to}`,
      finance,
    );
    expect(pl.statusCode, pl.body).toBe(200);
    const { totals } = pl.json<{ totals: { incomePence: number; expenditurePence: number } }>();
    expect(totals.incomePence).toBeGreaterThan(0);
    const { rows } = await t.db.query<{ id: string; odsCode: string }>(
      'select id, ods_code as "odsCode" from practice where id = any($1::uuid[])',
      [org.practiceIds],
    );
    const ods = (id: string | undefined) => rows.find((r) => r.id === id)?.odsCode;
    const draftAs = async (cookie: string) => {
      const response = await call('POST', '/api/planning/drafts', cookie, {
        practiceIds: org.practiceIds,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Draft>();
    };
    const practiceOf = (draft: Draft, id: string | undefined) =>
      draft.scenario.practices.find((p) => p.odsCode === ods(id));

    const drafted = await draftAs(finance);
    expect(practiceOf(drafted, org.practiceIds[0])).toMatchObject({
      incomePence: totals.incomePence,
      costsPence: totals.expenditurePence,
    });
    // No lines: £155 a patient, costs 70% of it.
    expect(practiceOf(drafted, org.practiceIds[1])).toMatchObject({
      incomePence: 6_000 * 15_500,
      costsPence: Math.round(6_000 * 15_500 * 0.7),
    });
    const incomeSource = drafted.sources.find((s) => s.field === 'practices.incomePence');
    expect(incomeSource?.source).toContain(`ledger, financial year ${financialYearLabel(year)}`);
    expect(incomeSource?.source).toContain('£155 a patient');

    // A planner who may not read finance gets the defaults, and is told why.
    const unread = await draftAs(operations);
    expect(practiceOf(unread, org.practiceIds[0])).toMatchObject({
      incomePence: 9_000 * 15_500,
      costsPence: Math.round(9_000 * 15_500 * 0.7),
    });
    const unreadSource = unread.sources.find((s) => s.field === 'practices.costsPence');
    expect(unreadSource?.source).toContain('you may not read finance');
  });
});
