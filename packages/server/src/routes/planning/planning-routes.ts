import { Type } from '@sinclair/typebox';
import { MAX_PLANNING_RUNS } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { planningRunner, RUN_WORKERS } from '../../planning/planning-runner.js';
import { renderReport } from '../../planning/report-html.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';
import { Nullable, Uuid } from '../finance/finance-schemas.js';

const TAGS = ['planning'];

/** The domain's Scenario as JSON; its fields are checked by the domain (errors name them). */
const ScenarioJson = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'name; practices (odsCode, name, listSize, gpWte, nurseWte, sites, incomePence, costsPence, partners); ' +
      'demand, capacity, workforce and money assumptions (any left out take the defaults). Money is whole pence.',
  },
);

const Source = Type.Object({ field: Type.String(), source: Type.String() });

const RunStatus = Type.Object({
  id: Uuid,
  scenarioId: Uuid,
  runs: Type.Integer({ description: 'Simulated years per form' }),
  seed: Type.Integer(),
  status: Type.String({ enum: ['queued', 'running', 'done', 'failed'] }),
  progress: Type.Integer({ description: 'Simulated years done so far' }),
  requestedAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  seconds: Nullable(Type.Number()),
  events: Nullable(Type.Number({ description: 'Simulated events processed' })),
  error: Nullable(Type.String()),
});

const ScenarioRecord = Type.Object({
  id: Uuid,
  name: Type.String(),
  scenario: ScenarioJson,
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  runs: Type.Array(RunStatus),
});

const ScenarioListItem = Type.Object({
  id: Uuid,
  name: Type.String(),
  practices: Type.Integer(),
  patients: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  lastRun: Nullable(RunStatus),
});

const ScenarioBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scenario: ScenarioJson,
  },
  { additionalProperties: false },
);

const ScenarioParams = Type.Object({ scenarioId: Uuid }, { additionalProperties: false });
const RunParams = Type.Object({ runId: Uuid }, { additionalProperties: false });

/**
 * The planner (PLAN-1): scenarios saved per organisation, a scenario built from its practices,
 * a CSV of practices read, runs of the simulation in the background with their progress, the
 * result, and the standalone HTML report to take to a partners' meeting. Everyone who plans
 * ('planning:use': central roles, partners, practice managers) shares the organisation's
 * scenarios; another organisation's scenario or run is not found.
 */
export const planningRoutes: RouteModule = (app, { db }) => {
  const runner = planningRunner(db, app.log);
  app.addHook('onReady', (done) => {
    runner.kick();
    done();
  });
  app.addHook('onClose', async () => {
    await runner.stop();
  });
  const planning = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).planning;

  app.get(
    '/api/planning/scenarios',
    {
      schema: {
        tags: TAGS,
        summary: 'The organisation’s saved scenarios, most recently changed first',
        response: {
          200: Type.Object({ scenarios: Type.Array(ScenarioListItem) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({ scenarios: await planning(request).list() }),
  );

  app.post(
    '/api/planning/scenarios',
    {
      schema: {
        tags: TAGS,
        summary: 'Save a scenario (checked field by field)',
        body: ScenarioBody,
        response: { 201: ScenarioRecord, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inBody(() => planning(request).create(request.body))),
  );

  app.get(
    '/api/planning/scenarios/:scenarioId',
    {
      schema: {
        tags: TAGS,
        summary: 'A saved scenario with its runs, newest first',
        params: ScenarioParams,
        response: { 200: ScenarioRecord, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => planning(request).get(request.params.scenarioId),
  );

  app.put(
    '/api/planning/scenarios/:scenarioId',
    {
      schema: {
        tags: TAGS,
        summary: 'Replace a scenario’s name and inputs (runs already made keep theirs)',
        params: ScenarioParams,
        body: ScenarioBody,
        response: { 200: ScenarioRecord, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inBody(() => planning(request).update(request.params.scenarioId, request.body)),
  );

  app.delete(
    '/api/planning/scenarios/:scenarioId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a scenario and its runs',
        params: ScenarioParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      await planning(request).remove(request.params.scenarioId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/planning/drafts',
    {
      schema: {
        tags: TAGS,
        summary: 'Build a scenario (not saved) from chosen practices of the organisation',
        description:
          'List sizes, staff sessions, sites and partners as recorded, stated defaults where not; ' +
          'income and costs from the ledger of the practice’s own cost centre for the last complete ' +
          'financial year when the caller may read finance, else £155 a patient (costs 70%); ' +
          'demand from the organisation’s own requests of the last 13 weeks where there are enough, ' +
          'else the published defaults. `sources` says where each number comes from.',
        body: Type.Object(
          {
            practiceIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }),
            name: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ scenario: ScenarioJson, sources: Type.Array(Source) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() => planning(request).draft(request.body.practiceIds, request.body.name)),
  );

  app.post(
    '/api/planning/practices-csv',
    {
      schema: {
        tags: TAGS,
        summary: 'Read practices from CSV (errors name the line and the column)',
        description:
          'Columns (any order, with a header row): ods_code, name, list_size, gp_wte, nurse_wte, ' +
          'sites, income, costs, partners; income and costs in pounds. Nothing is saved.',
        body: Type.Object(
          { csv: Type.String({ maxLength: 1_000_000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            practices: Type.Array(Type.Object({}, { additionalProperties: true })),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    (request, reply) => {
      void reply.send({ practices: planning(request).readPracticesCsv(request.body.csv) });
    },
  );

  app.post(
    '/api/planning/runs',
    {
      schema: {
        tags: TAGS,
        summary: 'Start a run of a saved scenario: as it is now, simulated in the background',
        description:
          'Runs go one at a time per server on worker threads; poll GET /api/planning/runs/{runId} ' +
          'for progress. The same seed and runs give the same result. An organisation may ' +
          'have three runs queued or running at once; a fourth gets 409.',
        body: Type.Object(
          {
            scenarioId: Uuid,
            runs: Type.Integer({
              minimum: 1,
              maximum: MAX_PLANNING_RUNS,
              description: 'Simulated years per form',
            }),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: RunStatus, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { scenarioId, ...options } = request.body;
      const run = await inBody(() => planning(request).startRun(scenarioId, options));
      runner.kick();
      return reply.code(202).send(run);
    },
  );

  app.get(
    '/api/planning/runs/:runId',
    {
      schema: {
        tags: TAGS,
        summary: 'How a run is getting on',
        params: RunParams,
        response: { 200: RunStatus, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => planning(request).run(request.params.runId),
  );

  app.get(
    '/api/planning/runs/:runId/result',
    {
      schema: {
        tags: TAGS,
        summary:
          'A finished run: the scenario it ran and the summary of every form (409 until done)',
        params: RunParams,
        response: {
          200: Type.Object({
            run: RunStatus,
            scenario: ScenarioJson,
            summary: Type.Object({}, { additionalProperties: true }),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const { scenario, summary, ...run } = await planning(request).result(request.params.runId);
      return { run, scenario, summary };
    },
  );

  app.get(
    '/api/planning/runs/:runId/report.html',
    {
      schema: {
        tags: TAGS,
        summary: 'A finished run as a standalone HTML report (a download; prints to PDF)',
        params: RunParams,
      },
    },
    async (request, reply) => {
      const result = await planning(request).result(request.params.runId);
      const html = renderReport(result.scenario, result.summary, {
        seed: result.seed,
        workers: RUN_WORKERS,
        seconds: result.seconds ?? 0,
        generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      });
      const file = result.scenario.name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '');
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${file || 'scenario'}-working-at-scale.html"`,
        )
        .send(html);
    },
  );
};
