import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { CostCentre, Nullable, Pence, SignedPence, Uuid } from './finance-schemas.js';

const FinancialYear = Type.Integer({
  minimum: 2000,
  maximum: 2999,
  description: 'The financial year by its first calendar year: 2026 is 2026/27',
});

const Budget = Type.Object({
  costCentre: CostCentre,
  financialYear: Type.Integer(),
  label: Type.String({ description: '2026/27' }),
  lines: Type.Array(
    Type.Object({
      accountCode: Type.String(),
      accountName: Type.String(),
      kind: Type.String({ enum: ['income', 'expenditure'] }),
      amountPence: Pence('Income planned, or costs planned, for the year'),
    }),
  ),
  totals: Type.Object({
    incomePence: Pence(),
    expenditurePence: Pence(),
    profitPence: SignedPence(),
  }),
  setAt: Nullable(Type.String({ format: 'date-time' })),
  setBy: Nullable(Type.String()),
});

/** Budgets per cost centre and financial year (FIN-1); profit and loss shows them beside actuals. */
export const budgetRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/finance/budgets',
    {
      schema: {
        tags: ['finance'],
        summary: 'A cost centre’s budget for a financial year (a practice: its own cost centres)',
        querystring: Type.Object(
          { costCentreId: Uuid, financialYear: FinancialYear },
          { additionalProperties: false },
        ),
        response: { 200: Budget, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => inQuery(() => reposFor(request, db).budgets.get(request.query)),
  );

  app.put(
    '/api/finance/budgets',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Set a cost centre’s budget for a year: these lines replace its lines (central finance; audited)',
        description:
          'Income and expenditure accounts of the chart, each once, in whole pence for the year. ' +
          'Profit and loss prorates the year’s budget by days for shorter periods.',
        body: Type.Object(
          {
            costCentreId: Uuid,
            financialYear: FinancialYear,
            lines: Type.Array(
              Type.Object(
                {
                  accountCode: Type.String({ pattern: '^[0-9]{4}$' }),
                  amountPence: Pence('The year’s amount in whole pence: 12345 is £123.45'),
                },
                { additionalProperties: false },
              ),
              { maxItems: 100 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Budget, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => inBody(() => reposFor(request, db).budgets.set(request.body)),
  );
};
