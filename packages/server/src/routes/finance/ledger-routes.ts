import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { CostCentre, IsoDate, Nullable, Pence, SignedPence, Uuid } from './finance-schemas.js';
import { ledgerCsv } from './ledger-csv.js';

const JournalEntry = Type.Object({
  id: Uuid,
  entryDate: IsoDate(),
  description: Type.String(),
  source: Type.String({ description: 'manual, reversal, levy, levy-payment ...' }),
  reversesEntryId: Nullable(Uuid),
  reversedByEntryId: Nullable(Uuid),
  postedAt: Type.String({ format: 'date-time' }),
  lines: Type.Array(
    Type.Object({
      lineNumber: Type.Integer(),
      costCentre: CostCentre,
      accountCode: Type.String(),
      accountName: Type.String(),
      debitPence: Pence(),
      creditPence: Pence(),
      memo: Nullable(Type.String()),
    }),
  ),
});

const Totals = Type.Object({
  incomePence: SignedPence(),
  expenditurePence: SignedPence(),
  profitPence: SignedPence(),
});

const ProfitAndLoss = Type.Object({
  costCentre: Nullable(CostCentre),
  includes: Type.Array(CostCentre, {
    description:
      'Cost centres merged into this one by the last day of the period, whose lines (this year and last) are included',
  }),
  mergedInto: Nullable(
    Type.Object(
      { costCentre: CostCentre, on: IsoDate() },
      {
        description:
          'When a merge had closed this cost centre by the last day: into which, from when',
      },
    ),
  ),
  from: IsoDate(),
  to: IsoDate(),
  lastYear: Type.Object({ from: IsoDate(), to: IsoDate() }),
  lines: Type.Array(
    Type.Object({
      accountCode: Type.String(),
      accountName: Type.String(),
      kind: Type.String({ enum: ['income', 'expenditure'] }),
      amountPence: SignedPence(),
      lastYearPence: SignedPence(),
      budgetPence: Nullable(SignedPence('The year’s budget prorated by days; null without one')),
      varianceToBudgetPence: Nullable(SignedPence('Actual against budget, positive favourable')),
    }),
  ),
  totals: Totals,
  lastYearTotals: Totals,
  budgetTotals: Nullable(Totals),
  partners: Type.Integer({ description: 'Equity partners on the last day, sharing equally' }),
  profitPerPartnerPence: Nullable(SignedPence()),
  lastYearProfitPerPartnerPence: Nullable(SignedPence()),
});

const EntryParams = Type.Object({ entryId: Uuid });

const PeriodQuery = Type.Object(
  {
    from: IsoDate('The first day, YYYY-MM-DD'),
    to: IsoDate('The last day, YYYY-MM-DD'),
    costCentreId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'One cost centre; all the caller may see if left out',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The ledger (FIN-1): journal entries, reversals, profit and loss and the journal export. */
export const ledgerRoutes: RouteModule = (app, { db }) => {
  app.post(
    '/api/finance/journal-entries',
    {
      schema: {
        tags: ['finance'],
        summary: 'Post a balanced journal entry (finance:post; a manager to their own cost centre)',
        description:
          'Amounts are whole pence. Each line is a debit or a credit on an account of the chart ' +
          'in a cost centre; debits must equal credits. Entries are never changed: reverse one ' +
          'to correct it.',
        body: Type.Object(
          {
            entryDate: IsoDate('The date of the entry'),
            description: Type.String({ minLength: 1, maxLength: 500 }),
            lines: Type.Array(
              Type.Object(
                {
                  costCentreId: Uuid,
                  accountCode: Type.String({ pattern: '^[0-9]{4}$' }),
                  debitPence: Pence(),
                  creditPence: Pence(),
                  memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
                },
                { additionalProperties: false },
              ),
              { minItems: 2, maxItems: 200 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: JournalEntry, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const entry = await inBody(() => reposFor(request, db).ledger.post(request.body));
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/api/finance/journal-entries/:entryId',
    {
      schema: {
        tags: ['finance'],
        summary: 'One journal entry (only the lines of cost centres the caller may see)',
        params: EntryParams,
        response: { 200: JournalEntry, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).ledger.entry(request.params.entryId),
  );

  app.post(
    '/api/finance/journal-entries/:entryId/reverse',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Reverse a journal entry with a new one (central finance; audited with the reason)',
        params: EntryParams,
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 500 }),
            entryDate: Type.Optional(IsoDate('The reversal’s date; the original’s if left out')),
          },
          { additionalProperties: false },
        ),
        response: { 201: JournalEntry, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const entry = await inBody(() =>
        reposFor(request, db).ledger.reverse(request.params.entryId, request.body),
      );
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/api/finance/profit-and-loss',
    {
      schema: {
        tags: ['finance'],
        summary: 'Income, expenditure and profit of a cost centre for a period, against last year',
        description:
          'Without costCentreId: the whole organisation as one pool (central reach only). ' +
          'Profit per partner shares profit equally among the equity partners on the last day.',
        querystring: PeriodQuery,
        response: { 200: ProfitAndLoss, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => inQuery(() => reposFor(request, db).ledger.profitAndLoss(request.query)),
  );

  app.get(
    '/api/finance/profit-by-cost-centre',
    {
      schema: {
        tags: ['finance'],
        summary: 'Every cost centre the caller may see: profit for a period against last year',
        querystring: Type.Object(
          { from: IsoDate('The first day'), to: IsoDate('The last day') },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            costCentres: Type.Array(
              Type.Object({
                costCentre: CostCentre,
                totals: Totals,
                lastYearTotals: Totals,
                budgetTotals: Nullable(Totals),
                partners: Type.Integer(),
                profitPerPartnerPence: Nullable(SignedPence()),
                lastYearProfitPerPartnerPence: Nullable(SignedPence()),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({
      costCentres: await inQuery(() =>
        reposFor(request, db).ledger.profitByCostCentre(request.query),
      ),
    }),
  );

  app.get(
    '/api/finance/ledger/export',
    {
      schema: {
        tags: ['finance'],
        summary: 'The ledger of a period as a CSV journal (audited)',
        description:
          'Columns: date, entry id, account code, account name, cost centre, debit, credit, ' +
          'description; amounts in pounds with two decimals. Only the cost centres the caller ' +
          'may see.',
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      const rows = await inQuery(() => reposFor(request, db).ledger.exportJournal(request.query));
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="ledger-${request.query.from}-to-${request.query.to}.csv"`,
        )
        .send(ledgerCsv(rows));
    },
  );
};
