import { Type } from '@sinclair/typebox';
import { CENTRAL_SAVING_SERVICES } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { IsoDate, Nullable, Pence, Practice, SignedPence, Uuid } from './finance-schemas.js';

const Service = Type.String({ enum: [...CENTRAL_SAVING_SERVICES] });

const Saving = Type.Object({
  id: Uuid,
  practice: Practice,
  service: Service,
  periodFrom: IsoDate(),
  periodTo: IsoDate(),
  amountPence: Pence(),
  note: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
});

const ByService = Type.Object(Object.fromEntries(CENTRAL_SAVING_SERVICES.map((s) => [s, Pence()])));

const ReportFigures = {
  levyPence: Pence('Net levy invoiced for billing periods starting in the period'),
  levyPaidPence: Pence(),
  savingsPence: Pence(),
  savingsByService: ByService,
  netBenefitPence: SignedPence('Savings less levy'),
};

/** Central savings against the levy (FIN-3). */
export const savingsRoutes: RouteModule = (app, { db }) => {
  app.post(
    '/api/finance/savings',
    {
      schema: {
        tags: ['finance'],
        summary: 'Record what a central service saved a practice over a period (central finance)',
        body: Type.Object(
          {
            practiceId: Uuid,
            service: Service,
            periodFrom: IsoDate(),
            periodTo: IsoDate(),
            amountPence: Pence('The saving in whole pence: 12345 is £123.45'),
            note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Saving, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const saving = await inBody(() => reposFor(request, db).savings.record(request.body));
      return reply.code(201).send(saving);
    },
  );

  app.get(
    '/api/finance/savings',
    {
      schema: {
        tags: ['finance'],
        summary: 'Savings the caller may see whose period starts between from and to',
        querystring: Type.Object(
          { from: IsoDate(), to: IsoDate(), practiceId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ savings: Type.Array(Saving) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({
      savings: await inQuery(() => reposFor(request, db).savings.list(request.query)),
    }),
  );

  app.get(
    '/api/finance/levy-vs-savings',
    {
      schema: {
        tags: ['finance'],
        summary: 'Levy against savings per practice, with the organisation’s total',
        querystring: Type.Object(
          { from: IsoDate(), to: IsoDate() },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: IsoDate(),
            to: IsoDate(),
            practices: Type.Array(Type.Object({ practice: Practice, ...ReportFigures })),
            total: Type.Object(ReportFigures),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => inQuery(() => reposFor(request, db).savings.levyVsSavings(request.query)),
  );
};
