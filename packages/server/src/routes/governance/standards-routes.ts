import { Type, type TSchema } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
// The standards, areas and RAGs as DEFAULT_STANDARDS and StandardRag in the domain name them.
const StandardId = Type.String({
  description:
    'access-wait-days, face-to-face-share, dna-rate, frailty-care-plans, levy-paid-on-time or resilience-score',
});
const Rag = Type.Union(
  [Type.Literal('green'), Type.Literal('amber'), Type.Literal('red'), Type.Literal('no-data')],
  { description: "'no-data' when the records do not allow the measure to be computed" },
);
const QuarterKey = Type.String({
  pattern: '^[0-9]{4}-Q[1-4]$',
  description: 'A financial-year quarter: 2026-Q1 is April to June 2026',
});

const Standard = Type.Object({
  id: StandardId,
  name: Type.String(),
  area: Type.Union([
    Type.Literal('access'),
    Type.Literal('quality'),
    Type.Literal('finance'),
    Type.Literal('workforce'),
  ]),
  measure: Type.String({ description: 'What is measured, in words' }),
  unit: Type.Union([Type.Literal('days'), Type.Literal('%'), Type.Literal('score')]),
  direction: Type.Union([Type.Literal('higher-better'), Type.Literal('lower-better')]),
  green: Type.Number({ description: 'At or better than this is green' }),
  amber: Type.Number({ description: 'At or better than this (and not green) is amber' }),
});

const Quarter = Type.Object({
  year: Type.Integer({ description: 'The financial year, by its first calendar year' }),
  number: Type.Integer({ minimum: 1, maximum: 4 }),
  key: QuarterKey,
  label: Type.String({ description: 'Q1 2026/27' }),
  from: Day,
  to: Day,
});

const Result = Type.Object({
  standardId: StandardId,
  measure: Nullable(Type.Number()),
  rag: Rag,
});

const Grid = Type.Object({
  quarter: Quarter,
  current: Type.Boolean({ description: 'The quarter today is in: figures to date' }),
  standards: Type.Array(Standard),
  practices: Type.Array(
    Type.Object({
      practiceId: Id,
      practiceName: Type.String(),
      odsCode: Type.String(),
      results: Type.Array(Result),
    }),
  ),
});

const Trend = Type.Object({
  standard: Standard,
  quarters: Type.Array(Quarter),
  practices: Type.Array(
    Type.Object({
      practiceId: Id,
      practiceName: Type.String(),
      measures: Type.Array(Nullable(Type.Number())),
      rags: Type.Array(Rag),
    }),
  ),
});

const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];
const BASE = '/api/governance/standards';

/**
 * Agreement standards (GOV-3): each practice's RAG per standard per quarter, computed from the
 * organisation's records (never typed in), a standard over quarters for the chart, and the
 * organisation's thresholds. Central readers see every practice; a practice's manager and
 * partners their own. Threshold changes are for governance and organisation administrators,
 * and audited.
 */
export const standardsRoutes: RouteModule = (app, { db }) => {
  const standards = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).standards;

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'The agreement standards with the organisation’s thresholds',
        response: {
          200: Type.Object({ standards: Type.Array(Standard), canManage: Type.Boolean() }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => standards(request).standards(),
  );

  app.get(
    `${BASE}/grid`,
    {
      schema: {
        tags: TAGS,
        summary: 'Every visible practice against every standard in a quarter, with RAGs',
        description:
          'Computed from the records each time; the quarter defaults to the current one.',
        querystring: Type.Object(
          { quarter: Type.Optional(QuarterKey) },
          { additionalProperties: false },
        ),
        response: { 200: Grid, ...errors },
      },
    },
    async (request) => inQuery(() => standards(request).grid(request.query.quarter)),
  );

  app.get(
    `${BASE}/trend`,
    {
      schema: {
        tags: TAGS,
        summary: 'One standard for each visible practice over the last quarters, for a chart',
        querystring: Type.Object(
          {
            standard: StandardId,
            quarters: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, default: 4 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Trend, ...errors },
      },
    },
    async (request) =>
      inQuery(() => standards(request).trend(request.query.standard, request.query.quarters ?? 4)),
  );

  app.put(
    `${BASE}/:standardId/thresholds`,
    {
      schema: {
        tags: TAGS,
        summary: 'Set a standard’s green and amber thresholds (governance or org-admin; audited)',
        params: Type.Object({ standardId: StandardId }),
        body: Type.Object(
          {
            reason: Type.String({
              minLength: 1,
              maxLength: 500,
              description: 'Why the thresholds change, kept in the audit trail',
            }),
            green: Type.Number(),
            amber: Type.Number(),
          },
          { additionalProperties: false },
        ),
        response: { 200: Standard, ...errors },
      },
    },
    async (request) =>
      inBody(() => standards(request).setThresholds(request.params.standardId, request.body)),
  );
};
