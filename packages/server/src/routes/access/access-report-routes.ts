import { Type } from '@sinclair/typebox';
import { LEAD_TIME_BUCKETS } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';
import { inQuery } from '../request-fields.js';

const IsoDate = Type.String({ format: 'date' });
const Rate = Type.Union([Type.Number(), Type.Null()]);

const Period = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day, YYYY-MM-DD' }),
    to: Type.String({ format: 'date', description: 'Last day, YYYY-MM-DD; at most 92 days on' }),
  },
  { additionalProperties: false },
);

const PracticeWeek = Type.Object({
  practiceId: Type.String(),
  practiceName: Type.String(),
  week: Type.String({ description: 'ISO week, e.g. 2026-W47' }),
  listSize: Type.Integer(),
  inHousePlaces: Type.Integer(),
  agreedInHousePlaces: Type.Integer({ description: 'Daily threshold times working days' }),
  hubPlacesUsed: Type.Integer(),
  hubFairShare: Type.Integer(),
  referralsBeforeThreshold: Type.Integer(),
  overrides: Type.Integer(),
  inHousePer1000: Rate,
  agreedPer1000: Rate,
  hubPer1000: Rate,
  hubFairSharePer1000: Rate,
  hubShareUsed: Rate,
  outlier: Type.Boolean(),
  reasons: Type.Array(Type.String()),
});

const OrganisationWeek = Type.Object({
  week: Type.String(),
  inHousePer1000: Rate,
  agreedPer1000: Rate,
  hubPer1000: Rate,
  hubFairSharePer1000: Rate,
  referralsBeforeThreshold: Type.Integer(),
  overrides: Type.Integer(),
});

const Bucket = Type.Object({
  bucket: Type.String({ enum: [...LEAD_TIME_BUCKETS] }),
  attended: Type.Integer(),
  didNotAttend: Type.Integer(),
  rate: Rate,
});

const tags = ['access'];

/**
 * Access reports (ACC-5) under access-report:read: across the organisation every practice; a
 * practice's reader sees their practice beside the organisation's totals.
 */
export const accessReportRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/access/reports/gaming',
    {
      schema: {
        tags,
        summary:
          'In-house offer and hub use per 1,000 patients by practice and week, outliers flagged',
        querystring: Period,
        response: {
          200: Type.Object({
            from: IsoDate,
            to: IsoDate,
            rule: Type.String(),
            weeks: Type.Array(Type.String()),
            practices: Type.Array(PracticeWeek),
            organisation: Type.Array(OrganisationWeek),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) =>
      inQuery(() =>
        reposFor(request, db).accessReports.gaming(request.query.from, request.query.to),
      ),
  );

  app.get(
    '/api/access/reports/dna',
    {
      schema: {
        tags,
        summary: 'DNA rates by lead time (same day, next day, 2-7 days, later) per practice',
        querystring: Period,
        response: {
          200: Type.Object({
            from: IsoDate,
            to: IsoDate,
            practices: Type.Array(
              Type.Object({
                practiceId: Type.String(),
                practiceName: Type.String(),
                buckets: Type.Array(Bucket),
              }),
            ),
            organisation: Type.Array(Bucket),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) =>
      inQuery(() => reposFor(request, db).accessReports.dna(request.query.from, request.query.to)),
  );
};
