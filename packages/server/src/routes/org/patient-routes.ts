import { Type } from '@sinclair/typebox';
import { AtscaleError, nhsNumberProblem, normaliseNhsNumber } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';

const Patient = Type.Object({
  id: Type.String(),
  practiceId: Type.String(),
  nhsNumber: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  dateOfBirth: Type.String({ format: 'date' }),
});

const Reason = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Why the record is opened; kept in the audit trail',
  }),
);

/** Patient register reads: scoped to the caller's practices and audited. */
export const patientRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/patients',
    {
      schema: {
        tags: ['patients'],
        summary: 'Find patients by NHS number, within the caller’s practices (audited)',
        querystring: Type.Object(
          { nhsNumber: Type.String({ minLength: 1, maxLength: 20 }), reason: Reason },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ patients: Type.Array(Patient) }),
          400: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const { nhsNumber, reason } = request.query;
      const problem = nhsNumberProblem(nhsNumber);
      if (problem) {
        throw new AtscaleError('validation-failed', `querystring/nhsNumber: ${problem}`, [
          { field: 'querystring/nhsNumber', message: problem },
        ]);
      }
      const patients = await reposFor(request, db).patients.findByNhsNumber(
        normaliseNhsNumber(nhsNumber),
        reason ?? null,
      );
      return { patients };
    },
  );

  app.get(
    '/api/patients/:patientId',
    {
      schema: {
        tags: ['patients'],
        summary: 'One patient, if the caller’s practices reach them (audited)',
        params: Type.Object({ patientId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: Patient, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) =>
      reposFor(request, db).patients.get(request.params.patientId, request.query.reason ?? null),
  );
};
