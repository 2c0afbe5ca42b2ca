import { Type } from '@sinclair/typebox';
import { OVERDUE_BUCKETS, PAYMENT_CHASE_METHODS } from '@atscale/db';
import { EXPECTED_PAYMENT_KINDS, MAX_STATEMENT_ROWS } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { IsoDate, Nullable, Pence, Practice, SignedPence, Uuid } from './finance-schemas.js';

/** A statement of 20,000 rows is about 1.5 MB of CSV: room for that, however small the default. */
const STATEMENT_BODY_BYTES = 4 * 1024 * 1024;
const STATEMENT_MAX_CHARS = 4_000_000;

const Kind = Type.String({ enum: [...EXPECTED_PAYMENT_KINDS] });
const Method = Type.String({ enum: [...PAYMENT_CHASE_METHODS] });
const Rule = Type.String({ enum: ['reference', 'amount-payer-date', 'manual'] });
const Person = Type.Object({ id: Uuid, name: Type.String() });
const Text = (maxLength: number) => Type.String({ maxLength });

const Match = Type.Object({
  id: Uuid,
  receivedPaymentId: Uuid,
  expectedPaymentId: Uuid,
  rule: Rule,
  receivedOn: IsoDate(),
  matchedAt: Type.String({ format: 'date-time' }),
});

const Expected = Type.Object({
  id: Uuid,
  practice: Practice,
  kind: Kind,
  payer: Type.String(),
  reference: Nullable(Type.String()),
  description: Type.String(),
  amountPence: Pence(),
  dueOn: IsoDate(),
  owner: Nullable(Person),
  match: Nullable(Match),
  createdAt: Type.String({ format: 'date-time' }),
});

const Chase = Type.Object({
  id: Type.Integer(),
  expectedPaymentId: Uuid,
  chasedOn: IsoDate(),
  method: Method,
  note: Type.String(),
  nextActionOn: Nullable(IsoDate()),
  chasedBy: Nullable(Person),
  recordedAt: Type.String({ format: 'date-time' }),
});

const Given = Type.Object(
  {
    description: Text(200),
    payer: Text(200),
    amountPence: Pence(),
    dueOn: IsoDate(),
    reference: Type.Optional(Nullable(Text(200))),
  },
  { additionalProperties: false },
);

const Buckets = Type.Object(Object.fromEntries(OVERDUE_BUCKETS.map((b) => [b, Pence()])));
const Totals = { buckets: Buckets, totalPence: Pence(), count: Type.Integer() };

const ExpectedParams = Type.Object({ expectedPaymentId: Uuid });

/** Payment tracking (FIN-4): expected payments, statement imports, matching, ageing, chasing. */
export const paymentsRoutes: RouteModule = (app, { db, config }) => {
  app.post(
    '/api/finance/expected-payments',
    {
      schema: {
        tags: ['finance'],
        summary: 'Add a payment a practice expects, by hand (central finance)',
        body: Type.Object(
          {
            practiceId: Uuid,
            kind: Kind,
            payer: Text(200),
            amountPence: Pence('Whole pence above nil: 12345 is £123.45'),
            dueOn: IsoDate(),
            reference: Type.Optional(Nullable(Text(200))),
            description: Type.Optional(Nullable(Text(500))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Expected, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const payment = await inBody(() => reposFor(request, db).payments.addExpected(request.body));
      return reply.code(201).send(payment);
    },
  );

  app.get(
    '/api/finance/expected-payments',
    {
      schema: {
        tags: ['finance'],
        summary: 'Expected payments due between from and to that the caller may see',
        querystring: Type.Object(
          {
            from: IsoDate(),
            to: IsoDate(),
            practiceId: Type.Optional(Uuid),
            status: Type.Optional(Type.String({ enum: ['outstanding', 'received', 'all'] })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ payments: Type.Array(Expected) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({
      payments: await inQuery(() =>
        reposFor(request, db).payments.listExpected({
          ...request.query,
          status: request.query.status as 'outstanding' | 'received' | 'all' | undefined,
        }),
      ),
    }),
  );

  app.post(
    '/api/finance/expected-payments/schedule',
    {
      schema: {
        tags: ['finance'],
        summary: 'Generate a practice’s expected payments for a financial year (central finance)',
        description:
          'Global sum monthly (weighted list x pence per weighted patient, split to add up ' +
          'exactly), QOF aspiration monthly (70% of last year’s achievement), the QOF ' +
          'achievement balance the June after, and the enhanced services and training grants ' +
          'given. Running it again adds nothing already there (201 when it added some, else 200).',
        body: Type.Object(
          {
            practiceId: Uuid,
            financialYear: Type.Integer({
              minimum: 2000,
              maximum: 2998,
              description: '2026 is 2026/27',
            }),
            commissioner: Type.Optional(Text(200)),
            weightedListSize: Type.Optional(Type.Integer({ minimum: 0 })),
            globalSumPencePerWeightedPatient: Type.Optional(Pence('12179 is £121.79')),
            qofLastYearAchievementPence: Type.Optional(Nullable(Pence())),
            qofAchievementPence: Type.Optional(Nullable(Pence())),
            enhancedServices: Type.Optional(Type.Array(Given, { maxItems: 200 })),
            trainingGrants: Type.Optional(Type.Array(Given, { maxItems: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            practice: Practice,
            financialYear: Type.Integer(),
            created: Type.Integer(),
            existing: Type.Integer(),
            payments: Type.Array(Expected),
          }),
          201: Type.Object({
            practice: Practice,
            financialYear: Type.Integer(),
            created: Type.Integer(),
            existing: Type.Integer(),
            payments: Type.Array(Expected),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const result = await inBody(() =>
        reposFor(request, db).payments.generateSchedule(request.body),
      );
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.put(
    '/api/finance/expected-payments/:expectedPaymentId/owner',
    {
      schema: {
        tags: ['finance'],
        summary: 'Name who chases an expected payment, or nobody (central finance)',
        params: ExpectedParams,
        body: Type.Object({ ownerId: Nullable(Uuid) }, { additionalProperties: false }),
        response: { 200: Expected, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).payments.setOwner(request.params.expectedPaymentId, request.body),
      ),
  );

  app.post(
    '/api/finance/expected-payments/:expectedPaymentId/chases',
    {
      schema: {
        tags: ['finance'],
        summary: 'Record a chase of a payment not yet received (central finance)',
        params: ExpectedParams,
        body: Type.Object(
          {
            method: Method,
            note: Type.Optional(Nullable(Text(1000))),
            chasedOn: Type.Optional(IsoDate('Today when not given')),
            nextActionOn: Type.Optional(Nullable(IsoDate())),
          },
          { additionalProperties: false },
        ),
        response: { 201: Chase, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const chase = await inBody(() =>
        reposFor(request, db).payments.recordChase(request.params.expectedPaymentId, request.body),
      );
      return reply.code(201).send(chase);
    },
  );

  app.get(
    '/api/finance/expected-payments/:expectedPaymentId/chases',
    {
      schema: {
        tags: ['finance'],
        summary: 'The chases of an expected payment, newest first',
        params: ExpectedParams,
        response: { 200: Type.Object({ chases: Type.Array(Chase) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({
      chases: await reposFor(request, db).payments.listChases(request.params.expectedPaymentId),
    }),
  );

  app.post(
    '/api/finance/payment-imports',
    {
      bodyLimit: Math.max(config.bodyLimit, STATEMENT_BODY_BYTES),
      schema: {
        tags: ['finance'],
        summary: 'Import a bank or remittance statement, all or nothing (central finance)',
        description:
          'The CSV names date, payer, reference and amount in its header row, in any order. ' +
          `At most ${MAX_STATEMENT_ROWS.toLocaleString('en-GB')} payments. Any bad row refuses ` +
          'the whole file (400, each row listed under body/csv); the same statement twice is ' +
          'refused (409). Payments are matched automatically where the rules allow.',
        body: Type.Object(
          {
            csv: Type.String({ minLength: 1, maxLength: STATEMENT_MAX_CHARS }),
            fileName: Type.Optional(Nullable(Text(200))),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            import: Type.Object({
              id: Uuid,
              fileName: Nullable(Type.String()),
              rowCount: Type.Integer(),
              importedAt: Type.String({ format: 'date-time' }),
            }),
            matched: Type.Integer(),
            forReview: Type.Integer(),
            matches: Type.Array(
              Type.Object({
                row: Type.Integer(),
                receivedPaymentId: Uuid,
                expectedPaymentId: Uuid,
                rule: Rule,
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const result = await inBody(() =>
        reposFor(request, db).payments.importStatement(request.body),
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/finance/received-payments/review',
    {
      schema: {
        tags: ['finance'],
        summary: 'Received payments nobody has matched, with candidates and why (central finance)',
        response: {
          200: Type.Object({
            total: Type.Integer({
              description: 'All waiting; at most 500 are listed, oldest first',
            }),
            payments: Type.Array(
              Type.Object({
                id: Uuid,
                importId: Uuid,
                fileName: Nullable(Type.String()),
                row: Type.Integer(),
                receivedOn: IsoDate(),
                payer: Type.String(),
                reference: Type.String(),
                amountPence: SignedPence('Negative for money paid back'),
                candidates: Type.Array(
                  Type.Object({
                    id: Uuid,
                    practice: Practice,
                    kind: Kind,
                    payer: Type.String(),
                    reference: Nullable(Type.String()),
                    amountPence: Pence(),
                    dueOn: IsoDate(),
                  }),
                ),
                reason: Type.String(),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => reposFor(request, db).payments.reviewQueue(),
  );

  app.post(
    '/api/finance/payment-matches',
    {
      schema: {
        tags: ['finance'],
        summary: 'Match a received payment to an expected one of the same amount (central finance)',
        body: Type.Object(
          { receivedPaymentId: Uuid, expectedPaymentId: Uuid },
          { additionalProperties: false },
        ),
        response: { 201: Match, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const match = await inBody(() => reposFor(request, db).payments.match(request.body));
      return reply.code(201).send(match);
    },
  );

  app.delete(
    '/api/finance/payment-matches/:matchId',
    {
      schema: {
        tags: ['finance'],
        summary: 'Undo a match: both payments wait again (central finance)',
        params: Type.Object({ matchId: Uuid }),
        response: {
          200: Type.Object({ id: Uuid, receivedPaymentId: Uuid, expectedPaymentId: Uuid }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => reposFor(request, db).payments.unmatch(request.params.matchId),
  );

  app.get(
    '/api/finance/payment-ageing',
    {
      schema: {
        tags: ['finance'],
        summary: 'Overdue expected payments by age (1-30, 31-60, 61-90, over 90 days)',
        querystring: Type.Object(
          {
            on: Type.Optional(IsoDate('Today in England when not given')),
            practiceId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            on: IsoDate(),
            items: Type.Array(
              Type.Object({
                ...Expected.properties,
                daysOverdue: Type.Integer(),
                bucket: Type.String({ enum: [...OVERDUE_BUCKETS] }),
                lastChase: Nullable(Chase),
                nextActionOn: Nullable(IsoDate()),
              }),
            ),
            practices: Type.Array(Type.Object({ practice: Practice, ...Totals })),
            total: Type.Object(Totals),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => inQuery(() => reposFor(request, db).payments.ageing(request.query)),
  );
};
