import { Type, type TSchema } from '@sinclair/typebox';
import { AtscaleError, nhsNumberProblem, normaliseNhsNumber } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Patient = Type.Object({
  id: Type.String(),
  practiceId: Type.String(),
  nhsNumber: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  dateOfBirth: Type.String({ format: 'date' }),
  sex: Type.Union([
    Type.Literal('female'),
    Type.Literal('male'),
    Type.Literal('indeterminate'),
    Type.Literal('unknown'),
  ]),
  postcode: Nullable(Type.String()),
  registeredOn: Nullable(Type.String({ format: 'date' })),
  deregisteredOn: Nullable(Type.String({ format: 'date' })),
  contactPhone: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  contactPreference: Nullable(
    Type.Union([
      Type.Literal('phone'),
      Type.Literal('sms'),
      Type.Literal('email'),
      Type.Literal('letter'),
    ]),
  ),
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
        summary:
          'Find patients by NHS number, or by family name and date of birth, within the caller’s practices (audited)',
        querystring: Type.Object(
          {
            nhsNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            familyName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            givenName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            dateOfBirth: Type.Optional(Type.String({ format: 'date' })),
            reason: Reason,
          },
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
      const { nhsNumber, familyName, givenName, dateOfBirth, reason } = request.query;
      const patients = reposFor(request, db).patients;
      if (nhsNumber !== undefined) {
        if (familyName !== undefined || givenName !== undefined || dateOfBirth !== undefined) {
          throw searchProblem('Search by NHS number, or by name and date of birth, not both');
        }
        const problem = nhsNumberProblem(nhsNumber);
        if (problem) {
          throw new AtscaleError('validation-failed', `querystring/nhsNumber: ${problem}`, [
            { field: 'querystring/nhsNumber', message: problem },
          ]);
        }
        return {
          patients: await patients.search(
            { nhsNumber: normaliseNhsNumber(nhsNumber) },
            reason ?? null,
          ),
        };
      }
      if (familyName === undefined || dateOfBirth === undefined) {
        throw searchProblem('Give an NHS number, or a family name and a date of birth');
      }
      return {
        patients: await patients.search(
          { familyName: familyName.trim(), dateOfBirth, givenName: givenName?.trim() },
          reason ?? null,
        ),
      };
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

function searchProblem(detail: string): AtscaleError {
  return new AtscaleError('validation-failed', detail, [{ field: 'querystring', message: detail }]);
}
