import { Type, type TSchema } from '@sinclair/typebox';
import {
  CAREER_GRADES,
  MEMBERSHIP_STAGES,
  ORGANISATION_FORMS,
  policyFor,
  STAFF_ROLES,
  type CareerGrade,
  type MembershipStage,
  type OrganisationForm,
  type StaffRole,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';
import { Site } from './site-routes.js';
import { inBody } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Form = Type.Unsafe<OrganisationForm>({ type: 'string', enum: [...ORGANISATION_FORMS] });
const Stage = Type.Unsafe<MembershipStage>({ type: 'string', enum: [...MEMBERSHIP_STAGES] });

const PracticeStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('closed'),
  Type.Literal('dormant'),
  Type.Literal('proposed'),
]);

const ContractType = Type.Union([Type.Literal('GMS'), Type.Literal('PMS'), Type.Literal('APMS')]);

const ContractHolding = Type.Union(
  [Type.Literal('own'), Type.Literal('on-trust'), Type.Literal('single')],
  {
    description:
      'own: the practice holds its contract; on-trust: holds it on trust for the partnership; single: covered by the organisation’s one contract',
  },
);

const Day = Type.String({ format: 'date' });

const PracticeDetail = Type.Object({
  id: Type.String(),
  odsCode: Type.String(),
  name: Type.String(),
  contractType: Nullable(ContractType),
  contractHolding: Nullable(ContractHolding),
  region: Nullable(Type.String()),
  status: PracticeStatus,
  membershipStage: Nullable(Stage),
  addressLines: Type.Array(Type.String()),
  postcode: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  openedOn: Nullable(Day),
  commissionerCode: Nullable(Type.String()),
  costCentre: Nullable(
    Type.Object(
      { id: Type.String(), code: Type.String(), name: Type.String(), since: Day },
      { description: 'The cost centre the practice is in today' },
    ),
  ),
  sites: Type.Array(Site, { description: 'Main site first, then by name' }),
  partners: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      grade: Type.Unsafe<CareerGrade>({ type: 'string', enum: [...CAREER_GRADES] }),
      startedOn: Nullable(Day),
    }),
    { description: 'Current staff on a partner grade whose home practice it is' },
  ),
  staffCounts: Type.Array(
    Type.Object({
      role: Type.Unsafe<StaffRole>({ type: 'string', enum: [...STAFF_ROLES] }),
      count: Type.Integer(),
    }),
    { description: 'Current staff whose home practice it is, by role' },
  ),
  listSizes: Type.Array(Type.Object({ date: Day, listSize: Type.Integer() }), {
    description: 'Dated list sizes, newest first',
  }),
});

/** What the organisation's form decides for the rest of atscale (see the domain's form policy). */
const Policy = Type.Object({
  bookAtAnySite: Type.Boolean(),
  organisationOwnsSites: Type.Boolean(),
  membersKeepOwnContracts: Type.Boolean(),
  contractHolding: Type.String(),
  profit: Type.String(),
  defaultLevy: Type.Object({ pencePerPatientPerYear: Type.Integer(), why: Type.String() }),
  listOnLeaving: Type.String(),
  vatOnServicesBetweenMembers: Type.Boolean(),
  membersKeepOwnCqcRegistration: Type.Boolean(),
  electedBoard: Type.Boolean(),
  signingDocument: Type.String(),
});

const OrganisationBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  form: Type.Unsafe<OrganisationForm>({
    type: 'string',
    enum: [...ORGANISATION_FORMS],
    description: 'The form in force today',
  }),
  formSince: Type.String({ format: 'date', description: 'When the form in force took effect' }),
  scheduledChange: Nullable(
    Type.Object(
      { form: Form, effectiveFrom: Day },
      { description: 'The next change of form already recorded' },
    ),
  ),
  policy: Policy,
  totals: Type.Object({
    practices: Type.Integer({ description: 'Member practices' }),
    listSize: Type.Integer({ description: 'Patients: the sum of the latest list sizes' }),
    sites: Type.Integer({ description: 'The organisation’s own sites and its members’' }),
  }),
  practices: Type.Array(
    Type.Object({
      id: Type.String(),
      odsCode: Type.String(),
      name: Type.String(),
      status: PracticeStatus,
      listSize: Nullable(Type.Integer()),
      listSizeDate: Nullable(Day),
      contractType: Nullable(ContractType),
      contractHolding: Nullable(ContractHolding),
      region: Nullable(Type.String()),
      membershipStage: Nullable(Stage),
      siteCount: Type.Integer(),
      partnerCount: Type.Integer(),
    }),
    { description: 'Member practices only: prospects and former members are left out' },
  ),
});

const FormChangeRecord = Type.Object({
  id: Nullable(
    Type.String({
      description: 'Null for the form the organisation was created with, if never changed',
    }),
  ),
  form: Form,
  effectiveFrom: Day,
  reason: Nullable(Type.String()),
  recordedBy: Nullable(Type.String()),
  recordedAt: Nullable(Type.String({ format: 'date-time' })),
  status: Type.Union([Type.Literal('past'), Type.Literal('in-force'), Type.Literal('scheduled')]),
});

const NewFormChangeBody = Type.Object(
  {
    // Text with an enum, not Form: the type provider cannot see through Type.Unsafe in a body.
    form: Type.String({ enum: [...ORGANISATION_FORMS] }),
    effectiveFrom: Type.String({
      format: 'date',
      description: 'The first day of the new form: past, today or future',
    }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why the form changes' }),
  },
  { additionalProperties: false },
);

const PracticePatchBody = Type.Object(
  {
    contractType: Type.Optional(Nullable(ContractType)),
    contractHolding: Type.Optional(Nullable(ContractHolding)),
    region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

const PracticeParams = Type.Object({ practiceId: Type.String({ format: 'uuid' }) });

/** The caller's organisation, its form over time, and its member practices. */
export const organisationRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/organisation',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The caller’s organisation: its form in force, totals and member practices',
        response: { 200: OrganisationBody, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const { organisation } = reposFor(request, db);
      const org = await organisation.get();
      const totals = await organisation.totals();
      const practices = await organisation.practices();
      return { ...org, policy: policyFor(org.form), totals, practices };
    },
  );

  app.get(
    '/api/organisation/form-changes',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The organisation’s dated forms, newest first',
        response: {
          200: Type.Object({ changes: Type.Array(FormChangeRecord) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => ({ changes: await reposFor(request, db).formChanges.history() }),
  );

  app.post(
    '/api/organisation/form-changes',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Record a change of the organisation’s form from a date',
        description:
          'Needs organisation:manage. A second change on one date, a date before the first ' +
          'recorded form, or a change to the form already in force on the date is answered 409. Audited.',
        body: NewFormChangeBody,
        response: {
          201: FormChangeRecord,
          400: Problem,
          401: Problem,
          403: Problem,
          409: Problem,
        },
      },
    },
    async (request, reply) => {
      const change = await inBody(() => reposFor(request, db).formChanges.change(request.body));
      return reply.code(201).send(change);
    },
  );

  app.get(
    '/api/practices/:practiceId',
    {
      schema: {
        tags: ['organisation'],
        summary:
          'One practice: contract, region, sites, partners, staff, cost centre, membership stage and list sizes',
        params: PracticeParams,
        response: { 200: PracticeDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).organisation.practice(request.params.practiceId),
  );

  app.patch(
    '/api/practices/:practiceId',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Change a practice’s contract type, contract holding or region',
        description:
          'Only the fields given change; null clears one. Needs practice:manage at the practice. Audited.',
        params: PracticeParams,
        body: PracticePatchBody,
        response: { 200: PracticeDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).organisation.updatePractice(request.params.practiceId, request.body),
      ),
  );
};
