import { Type } from '@sinclair/typebox';
import {
  REGISTER_AGE_BANDS,
  REGISTER_REVIEW_KINDS,
  SUPPRESS_BELOW,
  assertIsoDate,
  dateInEngland,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody, inQuery } from '../request-fields.js';
import { IsoDate, Nullable, Uuid } from '../finance/finance-schemas.js';

const Key = Type.String({
  pattern: '^[a-z][a-z0-9-]{1,40}$',
  description: "The register's key: 'frailty' (built in) or one defined by codes",
});
/** A register named in a path or query: any well-formed key; one that is not defined is 404. */
const KeyParam = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,40}$',
  description: "The register's key: 'frailty' (built in) or one defined by codes",
});
const Reason = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: 'Why; kept in the audit trail' }),
);
const OnQuery = Type.Optional(IsoDate('The day the register is taken on; today when left out'));

const Register = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.String({ enum: ['frailty', 'codes'] }),
  codes: Nullable(Type.Integer()),
  minAge: Nullable(Type.Integer()),
  maxAge: Nullable(Type.Integer()),
  source: Nullable(Type.String()),
  version: Nullable(Type.String()),
});

const Count = Type.Object({
  members: Nullable(Type.Integer({ description: `null when 1-${SUPPRESS_BELOW - 1}: suppressed` })),
  denominator: Type.Integer({
    description: 'Patients registered on the day (aged 65+ for frailty)',
  }),
  prevalencePercent: Nullable(Type.Number()),
});

const Review = Type.Object({
  lastOn: Nullable(IsoDate()),
  due: Nullable(Type.String({ enum: ['never', 'expired'] })),
  dueOn: Nullable(IsoDate()),
});
const Status = Type.Object({ carePlan: Review, medicationReview: Review, due: Type.Boolean() });

/** The day a request is about: the `on` asked for, else today in England. */
const dayOf = (on: string | undefined) => {
  if (on === undefined) return dateInEngland(new Date());
  assertIsoDate(on, '/on');
  return on;
};

/**
 * Registers for schemes (POP-1 part 3): definitions, counts and prevalence across practices
 * (small counts suppressed for those who may not read the practice's patients), each
 * practice's worklist of who is due, and care plans and medication reviews recorded by the
 * patient's practice.
 */
export const registerRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/population/registers',
    {
      schema: {
        tags: ['population'],
        summary: 'The registers: frailty (built in) and those defined by codes',
        response: { 200: Type.Object({ registers: Type.Array(Register) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({ registers: await reposFor(request, db).population.registers() }),
  );

  app.post(
    '/api/population/registers',
    {
      schema: {
        tags: ['population'],
        summary:
          'Define a register by SNOMED CT codes: a patient with any of them is on it (administrator)',
        description:
          'Send the codes with the source and version of the list they come from, or ' +
          'fromCodeList to take the codes of one deficit of a loaded code list (with its source ' +
          'and version), which the register keeps. minAge and maxAge (whole years on the day, ' +
          'either or both) keep it to an age range, e.g. 17 and over for diabetes.',
        body: Type.Object(
          {
            key: Key,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            codes: Type.Optional(
              Type.Array(Type.String({ maxLength: 18 }), { minItems: 1, maxItems: 2000 }),
            ),
            source: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            version: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
            maxAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
            fromCodeList: Type.Optional(
              Type.Object(
                {
                  codeListId: Uuid,
                  deficit: Type.String({ pattern: '^[a-z][a-z-]{2,40}$' }),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Register, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const register = await inBody(() =>
        reposFor(request, db).population.defineRegister(request.body),
      );
      return reply.code(201).send(register);
    },
  );

  app.get(
    '/api/population/register-summary',
    {
      schema: {
        tags: ['population'],
        summary:
          'Register counts, care plans current, due, and prevalence per practice and age band',
        description:
          `Aggregates, no patients. Counts of 1-${SUPPRESS_BELOW - 1} are null (suppressed) for ` +
          'practices whose patients the caller may not read: compared across practices, so ' +
          'small a number in an age band can point at a person.',
        querystring: Type.Object({ key: KeyParam, on: OnQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            register: Register,
            on: IsoDate(),
            practices: Type.Array(
              Type.Object({
                practiceId: Uuid,
                practiceName: Type.String(),
                suppressed: Type.Boolean(),
                members: Count.properties.members,
                denominator: Count.properties.denominator,
                prevalencePercent: Count.properties.prevalencePercent,
                carePlansCurrent: Nullable(Type.Integer()),
                due: Nullable(Type.Integer()),
                byAgeBand: Type.Object(
                  Object.fromEntries(REGISTER_AGE_BANDS.map((b) => [b, Count])),
                ),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const on = await inQuery(() => Promise.resolve(dayOf(request.query.on)));
      return reposFor(request, db).population.registerSummary(request.query.key, on);
    },
  );

  app.get(
    '/api/population/practices/:practiceId/registers/:key/worklist',
    {
      schema: {
        tags: ['population'],
        summary:
          "A practice's register patients due a care plan or medication review (all with all=true), audited",
        params: Type.Object({ practiceId: Uuid, key: KeyParam }),
        querystring: Type.Object(
          { on: OnQuery, all: Type.Optional(Type.Boolean()), reason: Reason },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            register: Register,
            on: IsoDate(),
            patients: Type.Array(
              Type.Object({
                patientId: Uuid,
                nhsNumber: Type.String(),
                givenName: Type.String(),
                familyName: Type.String(),
                dateOfBirth: IsoDate(),
                age: Type.Integer(),
                status: Status,
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const on = await inQuery(() => Promise.resolve(dayOf(request.query.on)));
      return reposFor(request, db).population.registerWorklist(
        request.params.key,
        request.params.practiceId,
        on,
        request.query.all ?? false,
        request.query.reason ?? null,
      );
    },
  );

  app.post(
    '/api/population/registers/:key/patients/:patientId/reviews',
    {
      schema: {
        tags: ['population'],
        summary:
          "Record a care plan or medication review done for a register's patient (their practice's clinician or manager)",
        params: Type.Object({ key: KeyParam, patientId: Uuid }),
        body: Type.Object(
          {
            kind: Type.String({ enum: [...REGISTER_REVIEW_KINDS] }),
            on: IsoDate('The day it was done: not in the future'),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ patientId: Uuid, status: Status }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const result = await inBody(() =>
        reposFor(request, db).population.recordReview(
          request.params.key,
          request.params.patientId,
          request.body,
          dateInEngland(new Date()),
        ),
      );
      return reply.code(201).send(result);
    },
  );
};
