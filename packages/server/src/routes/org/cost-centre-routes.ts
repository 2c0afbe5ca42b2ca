import { Type, type TSchema } from '@sinclair/typebox';
import { AtscaleError } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { inBody } from '../request-fields.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = (description?: string) =>
  Type.String({ format: 'date', ...(description ? { description } : {}) });

const CostCentre = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: 'Unique in the organisation: capitals, digits and hyphens' }),
  name: Type.String(),
});

const Practice = Type.Object({
  id: Type.String({ format: 'uuid' }),
  odsCode: Type.String(),
  name: Type.String(),
});

const Assignment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  practice: Practice,
  costCentre: CostCentre,
  effectiveFrom: IsoDate('The practice is in the cost centre from this date'),
  recordedAt: Type.String({ format: 'date-time' }),
});

const Merge = Type.Object({
  id: Type.String({ format: 'uuid' }),
  from: Type.Array(CostCentre),
  into: CostCentre,
  effectiveFrom: IsoDate(),
  reason: Nullable(Type.String()),
  recordedBy: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  recordedAt: Type.String({ format: 'date-time' }),
});

const Listing = Type.Object({
  on: IsoDate(),
  costCentres: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      code: Type.String(),
      name: Type.String(),
      status: Type.Union([Type.Literal('open'), Type.Literal('merged'), Type.Literal('empty')], {
        description:
          'open: has practices on the date; merged: a merge on or before the date moved them; empty: neither',
      }),
      practices: Type.Array(
        Type.Object({
          id: Type.String({ format: 'uuid' }),
          odsCode: Type.String(),
          name: Type.String(),
          since: IsoDate(),
        }),
      ),
      mergedInto: Nullable(Type.Object({ costCentre: CostCentre, effectiveFrom: IsoDate() })),
    }),
  ),
  unassignedPractices: Type.Array(Practice, {
    description: 'Practices in no cost centre on the date',
  }),
});

const PracticeListSize = Type.Object({
  id: Type.String({ format: 'uuid' }),
  odsCode: Type.String(),
  name: Type.String(),
  listSize: Type.Integer(),
  countedOn: IsoDate('The count used: the latest on or before the date'),
});

const ListSizes = Type.Object({
  on: IsoDate(),
  costCentres: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      code: Type.String(),
      name: Type.String(),
      listSize: Type.Integer(),
      practices: Type.Array(PracticeListSize),
    }),
  ),
  unassigned: Type.Object({ listSize: Type.Integer(), practices: Type.Array(PracticeListSize) }),
  total: Type.Integer({ description: 'The organisation’s total: every row above added up' }),
});

const OnQuery = Type.Object(
  { on: Type.Optional(IsoDate('The date to report on, YYYY-MM-DD; today in England if left out')) },
  { additionalProperties: false },
);

const errors = PROBLEM_RESPONSES;

/** Cost centres (ORG-3): each practice in one at a time, merges from a date with history kept. */
export const costCentreRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/cost-centres',
    {
      schema: {
        tags: ['cost centres'],
        summary: 'Every cost centre with its practices on a date, and which were closed by a merge',
        querystring: OnQuery,
        response: { 200: Listing, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => reposFor(request, db).costCentres.list(request.query.on),
  );

  app.get(
    '/api/cost-centres/history',
    {
      schema: {
        tags: ['cost centres'],
        summary: 'Every assignment of a practice to a cost centre and every merge, oldest first',
        response: {
          200: Type.Object({ assignments: Type.Array(Assignment), merges: Type.Array(Merge) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => reposFor(request, db).costCentres.history(),
  );

  app.get(
    '/api/cost-centres/list-sizes',
    {
      schema: {
        tags: ['cost centres'],
        summary:
          'Practices’ list sizes on a date summed by the cost centre each was in on that date',
        description:
          'Each practice counts with its latest list size on or before the date, in the cost ' +
          'centre it was in on that date. Practices in no cost centre are counted as unassigned, ' +
          'so the total is the organisation’s whatever merges happened.',
        querystring: OnQuery,
        response: { 200: ListSizes, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => reposFor(request, db).costCentres.listSizeByCostCentre(request.query.on),
  );

  app.post(
    '/api/cost-centres',
    {
      schema: {
        tags: ['cost centres'],
        summary: 'Create a cost centre (org-admin or central finance; audited)',
        body: Type.Object(
          {
            code: Type.String({
              minLength: 1,
              maxLength: 40,
              description: 'Stored in capitals: letters, digits and hyphens, at most 20',
            }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CostCentre, ...errors },
      },
    },
    async (request, reply) => {
      const centre = await inBody(() => reposFor(request, db).costCentres.create(request.body));
      return reply.code(201).send(centre);
    },
  );

  app.post(
    '/api/cost-centres/assignments',
    {
      schema: {
        tags: ['cost centres'],
        summary:
          'Move a practice to a cost centre from a date, after its latest assignment (audited)',
        body: Type.Object(
          {
            practiceId: Type.String({ format: 'uuid' }),
            costCentreId: Type.String({ format: 'uuid' }),
            effectiveFrom: IsoDate(
              'After the practice’s latest assignment: history is only added to',
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Assignment, ...errors },
      },
    },
    async (request, reply) => {
      const assignment = await inBody(() => reposFor(request, db).costCentres.assign(request.body));
      return reply.code(201).send(assignment);
    },
  );

  app.post(
    '/api/cost-centres/merges',
    {
      schema: {
        tags: ['cost centres'],
        summary: 'Merge cost centres into one from a date, keeping history (audited)',
        description:
          'Every practice in one of `from` on the date moves to the surviving cost centre from ' +
          'then; earlier assignments stay, so reports before the date still show the old cost ' +
          'centres. Name the survivor with `intoCostCentreId` (one of `from` or another cost ' +
          'centre), or create it with `newCostCentre`. All or nothing: a refused merge creates ' +
          'nothing.',
        body: Type.Object(
          {
            from: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200 }),
            intoCostCentreId: Type.Optional(Type.String({ format: 'uuid' })),
            newCostCentre: Type.Optional(
              Type.Object(
                {
                  code: Type.String({ minLength: 1, maxLength: 40 }),
                  name: Type.String({ minLength: 1, maxLength: 100 }),
                },
                { additionalProperties: false },
              ),
            ),
            effectiveFrom: IsoDate('The first day of the merged cost centre'),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ merge: Merge, assignments: Type.Array(Assignment) }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { from, intoCostCentreId, newCostCentre, effectiveFrom, reason } = request.body;
      if ((intoCostCentreId === undefined) === (newCostCentre === undefined)) {
        const message = 'Give the surviving cost centre, or a new one, but not both';
        throw new AtscaleError('validation-failed', `body/intoCostCentreId: ${message}`, [
          { field: 'body/intoCostCentreId', message },
        ]);
      }
      const into =
        intoCostCentreId !== undefined ? { costCentreId: intoCostCentreId } : newCostCentre;
      if (into === undefined) throw new Error('unreachable: checked above');
      const result = await inBody(
        () => reposFor(request, db).costCentres.merge({ from, into, effectiveFrom, reason }),
        {
          '/into/costCentreId': '/intoCostCentreId',
          '/into/code': '/newCostCentre/code',
          '/into/name': '/newCostCentre/name',
        },
      );
      return reply.code(201).send(result);
    },
  );
};
