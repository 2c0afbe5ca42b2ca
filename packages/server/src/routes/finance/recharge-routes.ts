import { Type } from '@sinclair/typebox';
import { RECHARGE_SERVICE_VAT_TREATMENTS, VAT_TREATMENTS } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { IsoDate, Nullable, Pence, Practice, Uuid } from './finance-schemas.js';
import { rechargeInvoiceHtml } from './recharge-invoice-html.js';

const ServiceVat = Type.String({
  enum: [...RECHARGE_SERVICE_VAT_TREATMENTS],
  description:
    'The service’s own treatment: exempt (medical care) or standard. Between parts of one ' +
    'partnership a recharge is outside the scope of VAT whatever this says.',
});
const Month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'A month, YYYY-MM' });
const Status = Type.String({ enum: ['unpaid', 'paid'] });

const Agreement = Type.Object({
  id: Uuid,
  provider: Practice,
  recipient: Practice,
  serviceName: Type.String(),
  unit: Type.String(),
  unitPricePence: Pence(),
  vatTreatment: ServiceVat,
  startsOn: IsoDate(),
  endsOn: Nullable(IsoDate()),
  createdAt: Type.String({ format: 'date-time' }),
});

const Usage = Type.Object({
  id: Uuid,
  agreementId: Uuid,
  usedOn: IsoDate(),
  quantity: Type.Integer(),
  note: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
  invoiceId: Nullable(Uuid),
  invoiceNumber: Nullable(Type.String()),
});

const Invoice = Type.Object({
  id: Uuid,
  invoiceNumber: Type.String({ description: 'RCH-YEAR-NNNNN' }),
  provider: Practice,
  recipient: Practice,
  financialYear: Type.Integer(),
  periodFrom: IsoDate(),
  periodTo: IsoDate(),
  periodLabel: Type.String(),
  issuedOn: IsoDate(),
  dueOn: IsoDate(),
  netPence: Pence(),
  vatPence: Pence(),
  grossPence: Pence(),
  status: Status,
  paidOn: Nullable(IsoDate()),
  journalEntryId: Uuid,
  paymentEntryId: Nullable(Uuid),
});

const InvoiceDetail = Type.Object({
  ...Invoice.properties,
  organisationName: Type.String(),
  standardVatBasisPoints: Type.Integer({ description: '2000 is 20%' }),
  lines: Type.Array(
    Type.Object({
      lineNumber: Type.Integer(),
      agreementId: Uuid,
      description: Type.String(),
      unit: Type.String(),
      quantity: Type.Integer(),
      unitPricePence: Pence(),
      netPence: Pence(),
      vatTreatment: Type.String({ enum: [...VAT_TREATMENTS] }),
      vatPence: Pence(),
    }),
  ),
});

const RunResult = Type.Object({
  month: Type.Object({
    month: Type.String(),
    from: IsoDate(),
    to: IsoDate(),
    label: Type.String(),
  }),
  created: Type.Integer({ description: 'Invoices made now; 0 when all usage was invoiced' }),
  invoices: Type.Array(Invoice),
  totals: Type.Object({ netPence: Pence(), vatPence: Pence(), grossPence: Pence() }),
});

const AgreementParams = Type.Object({ agreementId: Uuid });
const InvoiceParams = Type.Object({ invoiceId: Uuid });

/** Recharges between member practices (FIN-5): agreements, usage, monthly invoices, payment. */
export const rechargeRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/finance/recharge-agreements',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Recharge agreements the caller may see (a practice: those it provides or receives)',
        querystring: Type.Object(
          {
            practiceId: Type.Optional(Uuid),
            on: Type.Optional(IsoDate('Only agreements in force on this day')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ agreements: Type.Array(Agreement) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({
      agreements: await inQuery(() => reposFor(request, db).recharges.agreements(request.query)),
    }),
  );

  app.post(
    '/api/finance/recharge-agreements',
    {
      schema: {
        tags: ['finance'],
        summary: 'Agree a service one member practice provides another (central finance; audited)',
        body: Type.Object(
          {
            providerPracticeId: Uuid,
            recipientPracticeId: Uuid,
            serviceName: Type.String({ minLength: 1, maxLength: 200 }),
            unit: Type.String({
              minLength: 1,
              maxLength: 40,
              description: 'What is counted: appointment, session, hour ...',
            }),
            unitPricePence: Pence('The price of one unit in whole pence: 2500 is £25.00'),
            vatTreatment: ServiceVat,
            startsOn: IsoDate(),
            endsOn: Type.Optional(Nullable(IsoDate())),
          },
          { additionalProperties: false },
        ),
        response: { 201: Agreement, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const agreement = await inBody(() =>
        reposFor(request, db).recharges.createAgreement(request.body),
      );
      return reply.code(201).send(agreement);
    },
  );

  app.post(
    '/api/finance/recharge-agreements/:agreementId/end',
    {
      schema: {
        tags: ['finance'],
        summary: 'End a recharge agreement on a day (central finance; audited)',
        params: AgreementParams,
        body: Type.Object(
          { endsOn: IsoDate('The last day of the service') },
          { additionalProperties: false },
        ),
        response: { 200: Agreement, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).recharges.endAgreement(request.params.agreementId, request.body),
      ),
  );

  app.post(
    '/api/finance/recharge-agreements/:agreementId/usage',
    {
      schema: {
        tags: ['finance'],
        summary: 'Record units of a service used on a day (central finance; audited)',
        params: AgreementParams,
        body: Type.Object(
          {
            usedOn: IsoDate(),
            quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Usage, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const usage = await inBody(() =>
        reposFor(request, db).recharges.recordUsage(request.params.agreementId, request.body),
      );
      return reply.code(201).send(usage);
    },
  );

  app.get(
    '/api/finance/recharge-agreements/:agreementId/usage',
    {
      schema: {
        tags: ['finance'],
        summary: 'An agreement’s usage, oldest first, with the invoice that charged each',
        params: AgreementParams,
        querystring: Type.Object(
          { from: Type.Optional(IsoDate()), to: Type.Optional(IsoDate()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ usage: Type.Array(Usage) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({
      usage: await inQuery(() =>
        reposFor(request, db).recharges.usage(request.params.agreementId, request.query),
      ),
    }),
  );

  app.delete(
    '/api/finance/recharge-agreements/:agreementId/usage/:usageId',
    {
      schema: {
        tags: ['finance'],
        summary: 'Remove usage recorded by mistake, while not invoiced (central finance; audited)',
        params: Type.Object({ agreementId: Uuid, usageId: Uuid }),
        response: { 204: Type.Null(), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      await reposFor(request, db).recharges.removeUsage(
        request.params.agreementId,
        request.params.usageId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/finance/recharge-runs',
    {
      schema: {
        tags: ['finance'],
        summary: 'Invoice a month’s recharges (central finance)',
        description:
          'One transaction: every usage of the month not yet invoiced, one invoice per provider ' +
          'and recipient with a line per agreement, VAT per line by the organisation’s form and ' +
          'the service’s treatment, numbered RCH-YEAR-NNNNN, posted in both practices’ ledgers. ' +
          'Running a month again charges only usage recorded since (201 when it made invoices, ' +
          '200 when there was nothing new); the answer lists every invoice of the month.',
        body: Type.Object(
          { month: Month, issuedOn: Type.Optional(IsoDate('The invoice date; today if left out')) },
          { additionalProperties: false },
        ),
        response: { 200: RunResult, 201: RunResult, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const result = await inBody(() => reposFor(request, db).recharges.run(request.body));
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/finance/recharge-invoices',
    {
      schema: {
        tags: ['finance'],
        summary: 'Recharge invoices the caller may see (as provider or recipient), by number',
        querystring: Type.Object(
          {
            financialYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2999 })),
            practiceId: Type.Optional(Uuid),
            status: Type.Optional(Status),
            month: Type.Optional(Month),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ invoices: Type.Array(Invoice) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      const invoices = await inQuery(() =>
        reposFor(request, db).recharges.invoices({
          ...rest,
          status: status === 'paid' || status === 'unpaid' ? status : undefined,
        }),
      );
      return { invoices };
    },
  );

  app.get(
    '/api/finance/recharge-invoices/:invoiceId',
    {
      schema: {
        tags: ['finance'],
        summary: 'One recharge invoice with its lines',
        params: InvoiceParams,
        response: { 200: InvoiceDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).recharges.invoice(request.params.invoiceId),
  );

  app.get(
    '/api/finance/recharge-invoices/:invoiceId/print',
    {
      schema: {
        tags: ['finance'],
        summary: 'One recharge invoice as a printable HTML page',
        params: InvoiceParams,
      },
    },
    async (request, reply) => {
      const invoice = await reposFor(request, db).recharges.invoice(request.params.invoiceId);
      return reply.type('text/html; charset=utf-8').send(rechargeInvoiceHtml(invoice));
    },
  );

  app.post(
    '/api/finance/recharge-invoices/:invoiceId/paid',
    {
      schema: {
        tags: ['finance'],
        summary: 'Record a recharge invoice paid, in both ledgers (central finance; audited)',
        params: InvoiceParams,
        body: Type.Object(
          { paidOn: IsoDate('The day the money arrived') },
          { additionalProperties: false },
        ),
        response: { 200: Invoice, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).recharges.markPaid(request.params.invoiceId, request.body),
      ),
  );
};
