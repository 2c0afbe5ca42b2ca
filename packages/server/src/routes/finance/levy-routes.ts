import { Type } from '@sinclair/typebox';
import { BILLING_FREQUENCIES, LEVY_BASES, VAT_TREATMENTS } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { CostCentre, IsoDate, Nullable, Pence, Practice, Uuid } from './finance-schemas.js';
import { invoiceHtml } from './invoice-html.js';

const Basis = Type.String({ enum: [...LEVY_BASES] });
const Frequency = Type.String({ enum: [...BILLING_FREQUENCIES] });
const Vat = Type.String({ enum: [...VAT_TREATMENTS] });

const Settings = Type.Object({
  pencePerPatientPerYear: Pence('The levy per patient per year in whole pence: 200 is £2.00'),
  basis: Basis,
  frequency: Frequency,
  vatTreatment: Vat,
  paymentTermsDays: Type.Integer(),
  standardVatBasisPoints: Type.Integer({ description: '2000 is 20%' }),
  invoicePrefix: Type.String(),
  centralCostCentre: Nullable(CostCentre),
  saved: Type.Boolean({ description: 'False while these are the form’s defaults' }),
  defaultLevyWhy: Type.String(),
  updatedAt: Nullable(Type.String()),
});

const Invoice = Type.Object({
  id: Uuid,
  invoiceNumber: Type.String(),
  practice: Practice,
  levyRunId: Uuid,
  financialYear: Type.Integer(),
  issuedOn: IsoDate(),
  dueOn: IsoDate(),
  periodFrom: IsoDate(),
  periodTo: IsoDate(),
  periodLabel: Type.String(),
  basis: Basis,
  listSize: Type.Integer(),
  listCountedOn: IsoDate(),
  pencePerPatientPerYear: Type.Integer(),
  vatTreatment: Vat,
  netPence: Pence(),
  vatPence: Pence(),
  grossPence: Pence(),
  status: Type.String({ enum: ['unpaid', 'paid'] }),
  paidOn: Nullable(IsoDate()),
  journalEntryId: Uuid,
  paymentEntryId: Nullable(Uuid),
});

const InvoiceDetail = Type.Object({
  ...Invoice.properties,
  organisationName: Type.String(),
  lines: Type.Array(
    Type.Object({
      lineNumber: Type.Integer(),
      description: Type.String(),
      quantity: Type.Integer(),
      netPence: Pence(),
      vatTreatment: Vat,
      vatPence: Pence(),
    }),
  ),
});

const Totals = Type.Object({
  listSize: Type.Integer(),
  netPence: Pence(),
  vatPence: Pence(),
  grossPence: Pence(),
});

const RunResult = Type.Object({
  run: Type.Object({
    id: Uuid,
    financialYear: Type.Integer(),
    frequency: Frequency,
    periodNumber: Type.Integer(),
    from: IsoDate(),
    to: IsoDate(),
    label: Type.String(),
    issuedOn: IsoDate(),
  }),
  created: Type.Boolean({ description: 'False when the period had been run: nothing new charged' }),
  invoices: Type.Array(Invoice),
  skipped: Type.Array(Type.Object({ practice: Practice, reason: Type.String() })),
  totals: Totals,
});

const InvoiceParams = Type.Object({ invoiceId: Uuid });

/** The levy (FIN-2): settings, runs per billing period, invoices and their payment. */
export const levyRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/finance/settings',
    {
      schema: {
        tags: ['finance'],
        summary: 'The organisation’s finance settings, or its form’s defaults until saved',
        response: { 200: Settings, 401: Problem, 403: Problem },
      },
    },
    async (request) => reposFor(request, db).financeSettings.get(),
  );

  app.put(
    '/api/finance/settings',
    {
      schema: {
        tags: ['finance'],
        summary: 'Save the finance settings (central finance; audited)',
        body: Type.Object(
          {
            basis: Basis,
            frequency: Frequency,
            vatTreatment: Vat,
            invoicePrefix: Type.String({ minLength: 1, maxLength: 10 }),
            pencePerPatientPerYear: Type.Integer({
              minimum: 0,
              maximum: 100_000,
              description: 'Whole pence per patient per year: 200 is £2.00',
            }),
            paymentTermsDays: Type.Integer({ minimum: 0, maximum: 365 }),
            standardVatBasisPoints: Type.Integer({ minimum: 0, maximum: 10_000 }),
            centralCostCentreId: Nullable(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { 200: Settings, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => inBody(() => reposFor(request, db).financeSettings.save(request.body)),
  );

  app.post(
    '/api/finance/levy-runs',
    {
      schema: {
        tags: ['finance'],
        summary: 'Invoice every member practice the levy for one billing period (central finance)',
        description:
          'One transaction: list sizes on the period’s first day, the year’s levy in equal ' +
          'instalments, invoices numbered without gaps, entries in each practice’s and the ' +
          'central ledger. Running a period again returns its invoices (200) and charges nothing.',
        body: Type.Object(
          {
            issuedOn: IsoDate('The invoice date'),
            financialYear: Type.Integer({
              minimum: 2000,
              maximum: 2999,
              description: '2026 is 2026/27',
            }),
            periodNumber: Type.Integer({
              minimum: 1,
              maximum: 12,
              description: 'The billing period of the year at the settings’ frequency, from 1',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: RunResult, 201: RunResult, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const result = await inBody(() => reposFor(request, db).levy.run(request.body));
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/finance/levy-invoices',
    {
      schema: {
        tags: ['finance'],
        summary: 'Levy invoices the caller may see, by year and number',
        querystring: Type.Object(
          {
            financialYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2999 })),
            practiceId: Type.Optional(Uuid),
            status: Type.Optional(Type.String({ enum: ['unpaid', 'paid'] })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ invoices: Type.Array(Invoice) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      const invoices = await inQuery(() =>
        reposFor(request, db).levy.invoices({
          ...rest,
          status: status === 'paid' || status === 'unpaid' ? status : undefined,
        }),
      );
      return { invoices };
    },
  );

  app.get(
    '/api/finance/levy-invoices/:invoiceId',
    {
      schema: {
        tags: ['finance'],
        summary: 'One levy invoice with its lines',
        params: InvoiceParams,
        response: { 200: InvoiceDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).levy.invoice(request.params.invoiceId),
  );

  app.get(
    '/api/finance/levy-invoices/:invoiceId/print',
    {
      schema: {
        tags: ['finance'],
        summary: 'One levy invoice as a printable HTML page',
        params: InvoiceParams,
      },
    },
    async (request, reply) => {
      const invoice = await reposFor(request, db).levy.invoice(request.params.invoiceId);
      return reply.type('text/html; charset=utf-8').send(invoiceHtml(invoice));
    },
  );

  app.post(
    '/api/finance/levy-invoices/:invoiceId/paid',
    {
      schema: {
        tags: ['finance'],
        summary: 'Record a levy invoice paid, in both ledgers (central finance; audited)',
        params: InvoiceParams,
        body: Type.Object(
          { paidOn: IsoDate('The day the money arrived') },
          { additionalProperties: false },
        ),
        response: { 200: Invoice, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).levy.markPaid(request.params.invoiceId, request.body)),
  );
};
