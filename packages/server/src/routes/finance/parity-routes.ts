import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inQuery } from '../request-fields.js';
import { CostCentre, IsoDate, SignedPence, Uuid } from './finance-schemas.js';

const Plan = Type.Object({
  financialYear: Type.Integer(),
  label: Type.String(),
  from: IsoDate(),
  to: IsoDate(),
  years: Type.Integer(),
  markPence: SignedPence('The common mark: the organisation’s profit per equity partner'),
  centres: Type.Array(
    Type.Object({
      costCentre: CostCentre,
      partners: Type.Integer({ description: 'Equity partners on the year’s last day' }),
      profitPence: SignedPence(),
      profitPerPartnerPence: SignedPence(),
      profitPerPartnerByYearPence: Type.Array(SignedPence(), {
        description: 'Year 0 (the actual year), then years 1 to N: the convergence chart',
      }),
    }),
  ),
  path: Type.Array(
    Type.Object({
      year: Type.Integer(),
      sumPence: SignedPence('Always 0: money moves between centres, never made or lost'),
      transfers: Type.Array(
        Type.Object({
          costCentreId: Uuid,
          transferPence: SignedPence('Positive receives, negative gives'),
          profitAfterPence: SignedPence(),
          profitPerPartnerAfterPence: SignedPence(),
        }),
      ),
    }),
  ),
  excluded: Type.Array(Type.Object({ costCentre: CostCentre, reason: Type.String() })),
});

/** Profit parity (FIN-6): the glide path to a common profit per partner over N years. */
export const parityRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/finance/parity',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Profit parity glide path from a year’s actual profits over N years (central finance)',
        description:
          'Each cost centre with equity partners moves k/N of the way from its profit per partner ' +
          'to the common mark in year k; the transfers between centres sum to zero every year. ' +
          'Change `years` for the what-if.',
        querystring: Type.Object(
          {
            financialYear: Type.Integer({
              minimum: 2000,
              maximum: 2999,
              description: 'The actual year the path starts from: 2026 is 2026/27',
            }),
            years: Type.Integer({ minimum: 1, maximum: 20, description: 'N, years to parity' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Plan, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => inQuery(() => reposFor(request, db).parity.plan(request.query)),
  );
};
