import { Type } from '@sinclair/typebox';
import {
  MCP_CONTRIBUTORS,
  MCP_EARN_BACK_RULES,
  MCP_FORMS,
  MCP_MAX_LINES,
  MCP_MAX_METRICS,
  MCP_METRIC_DIRECTIONS,
  MCP_METRIC_SOURCES,
  MCP_TOP_SLICE_MAX_BP,
  MCP_TOP_SLICE_MIN_BP,
  type McpYearInput,
  type McpYearOutcome,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';
import { Nullable, Pence, SignedPence } from '../finance/finance-schemas.js';

const TAGS = ['mcp-budget'];
const Enum = (values: readonly string[], description?: string) =>
  Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Bp = (min: number, max: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, description });
const Num = Type.Number({ minimum: -1e9, maximum: 1e9 });
const ByContributor = (description: string) =>
  Type.Object(Object.fromEntries(MCP_CONTRIBUTORS.map((c) => [c, Type.Optional(Pence())])), {
    additionalProperties: false,
    description,
  });
const FullByContributor = Type.Object(
  Object.fromEntries(MCP_CONTRIBUTORS.map((c) => [c, SignedPence()])),
);

const Settings = Type.Object(
  {
    form: Enum(MCP_FORMS, 'Which MCP contract: what is in the budget and whether it is top-sliced'),
    upliftBasisPoints: Bp(-5000, 5000, 'Growth on historic spend, basis points (200 = 2%)'),
    topSliceBasisPoints: Bp(
      MCP_TOP_SLICE_MIN_BP,
      MCP_TOP_SLICE_MAX_BP,
      'Top slice into the quality pool: 250-400 (2.5-4%)',
    ),
    earnBackRule: Enum(MCP_EARN_BACK_RULES, 'linear between floor and target, or all-or-nothing'),
    providerGainShareBasisPoints: Bp(0, 10_000, 'The provider’s share of an underspend'),
    providerLossShareBasisPoints: Bp(0, 10_000, 'The provider’s share of an overspend'),
    providerGainCapBasisPoints: Nullable(Bp(0, 10_000, 'Cap on its gain, % of budget')),
    providerGainCapPence: Nullable(Pence('Cap on its gain, whole pence')),
    providerLossCapBasisPoints: Nullable(Bp(0, 10_000, 'Cap on its loss, % of budget')),
    providerLossCapPence: Nullable(Pence('Cap on its loss, whole pence')),
  },
  { additionalProperties: false },
);

const Line = Type.Object(
  {
    contributor: Enum(MCP_CONTRIBUTORS),
    serviceLine: Type.String({ minLength: 1, maxLength: 200 }),
    baseYear: Type.Integer({ minimum: 2000, maximum: 2999 }),
    amountPence: Pence('Historic spend in the base year'),
    aligned: Type.Optional(
      Type.Boolean({ description: 'Aligned under a virtual MCP’s alliance agreement' }),
    ),
  },
  { additionalProperties: false },
);

const Metric = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    direction: Enum(MCP_METRIC_DIRECTIONS),
    floor: Num,
    target: Num,
    weightPercent: Type.Integer({ minimum: 1, maximum: 100, description: 'All add up to 100' }),
    achieved: Type.Optional(Nullable(Num)),
    source: Type.Optional(
      Enum(MCP_METRIC_SOURCES, "'frailty-care-plans' is worked out from the frailty register"),
    ),
  },
  { additionalProperties: false },
);

const FinancialYear = Type.Integer({
  minimum: 2000,
  maximum: 2999,
  description: 'The financial year by its first calendar year: 2026 is 2026/27',
});

const YearBody = Type.Object(
  {
    financialYear: FinancialYear,
    settings: Settings,
    lines: Type.Array(Line, { maxItems: MCP_MAX_LINES }),
    metrics: Type.Array(Metric, { maxItems: MCP_MAX_METRICS }),
    actualPence: ByContributor('Actual spend in the year on the budget’s services'),
  },
  { additionalProperties: false },
);

const Input = Type.Object({
  financialYear: Type.Integer(),
  settings: Settings,
  lines: Type.Array(Line),
  metrics: Type.Array(Metric),
  actualPence: ByContributor('Actual spend by contributor'),
});

const Outcome = Type.Object({
  form: Enum(MCP_FORMS),
  upliftedByContributor: FullByContributor,
  budgetByContributor: FullByContributor,
  budgetPence: SignedPence(),
  topSlicePence: SignedPence(),
  poolPence: SignedPence(),
  metrics: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      poolPence: SignedPence(),
      score: Type.Number(),
      earnedPence: SignedPence(),
    }),
  ),
  earnedBackPence: SignedPence(),
  unearnedPence: SignedPence('Not earned back: stays with the commissioners'),
  actualByContributor: FullByContributor,
  actualPence: SignedPence(),
  variancePence: SignedPence('Budget minus actual: positive is an underspend'),
  providerVariancePence: SignedPence(),
  commissionerVariancePence: SignedPence(),
  capApplied: Type.Boolean(),
  parties: Type.Array(
    Type.Object({ party: Type.String(), label: Type.String(), outcomePence: SignedPence() }),
  ),
});

const Year = Type.Object({
  financialYear: Type.Integer(),
  label: Type.String({ description: '2026/27' }),
  input: Input,
  outcome: Outcome,
  frailtyCarePlans: Type.Object({
    on: Type.String({ format: 'date' }),
    members: Type.Integer(),
    current: Type.Integer(),
    percent: Nullable(Type.Number()),
  }),
  setAt: Type.String({ format: 'date-time' }),
  setBy: Nullable(Type.String()),
});

const YearParams = Type.Object({ financialYear: FinancialYear }, { additionalProperties: false });

const WhatIfBody = Type.Object(
  {
    financialYear: FinancialYear,
    topSliceBasisPoints: Type.Optional(
      Bp(MCP_TOP_SLICE_MIN_BP, MCP_TOP_SLICE_MAX_BP, 'Top slice to try: 250-400'),
    ),
    achieved: Type.Optional(
      Type.Record(Type.String(), Nullable(Num), {
        description: 'Achieved value to try, by metric key',
      }),
    ),
    actualPence: Type.Optional(ByContributor('Actual spend to try, by contributor')),
  },
  { additionalProperties: false },
);

/** The domain's read-only lists as the answer's plain ones (the same values). */
const worked = <T extends { input: McpYearInput; outcome: McpYearOutcome }>(year: T) => ({
  ...year,
  input: { ...year.input, lines: [...year.input.lines], metrics: [...year.input.metrics] },
  outcome: {
    ...year.outcome,
    metrics: [...year.outcome.metrics],
    parties: [...year.outcome.parties],
  },
});

/**
 * MCP finance (POP-2): the year's whole population budget, top slice and quality pool,
 * earn-back by metric and gain/loss share; central finance sets it, partners, the board and
 * practice managers read it (aggregates only); a what-if is worked out and never saved.
 */
export const mcpBudgetRoutes: RouteModule = (app, { db }) => {
  const repo = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).mcpBudget;

  app.get(
    '/api/mcp-budget/years',
    {
      schema: {
        tags: TAGS,
        summary: 'The financial years with an MCP budget set, latest first',
        response: {
          200: Type.Object({
            years: Type.Array(
              Type.Object({
                financialYear: Type.Integer(),
                label: Type.String(),
                form: Enum(MCP_FORMS),
                setAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({ years: await repo(request).years() }),
  );

  app.get(
    '/api/mcp-budget/years/:financialYear',
    {
      schema: {
        tags: TAGS,
        summary: 'A year’s MCP budget worked out: pool, earn-back, gain/loss and each party',
        params: YearParams,
        response: { 200: Year, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => worked(await repo(request).get(request.params.financialYear)),
  );

  app.put(
    '/api/mcp-budget/years',
    {
      schema: {
        tags: TAGS,
        summary:
          'Set a year: settings, spend lines, metrics and actuals (central finance; audited)',
        description:
          'Everything given replaces what the year had. Money is whole pence, rates basis points; ' +
          'metric weights add up to 100; a metric whose source is frailty-care-plans takes its ' +
          'achieved value from the frailty register.',
        body: YearBody,
        response: { 200: Year, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      worked(await inBody(() => repo(request).set(request.body.financialYear, request.body))),
  );

  app.post(
    '/api/mcp-budget/what-if',
    {
      schema: {
        tags: TAGS,
        summary: 'Work a year out with changes tried (top slice, achievement, spend); not saved',
        body: WhatIfBody,
        response: {
          200: Type.Object({ input: Input, outcome: Outcome }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      worked(
        await inBody(() => {
          const { financialYear, ...changes } = request.body;
          return repo(request).whatIf(financialYear, changes);
        }),
      ),
  );
};
