import { Type, type TSchema } from '@sinclair/typebox';
import { ORGANISATION_FORMS, policyFor, type OrganisationForm } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const PracticeStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('closed'),
  Type.Literal('dormant'),
  Type.Literal('proposed'),
]);

const PracticeDetail = Type.Object({
  id: Type.String(),
  odsCode: Type.String(),
  name: Type.String(),
  contractType: Nullable(
    Type.Union([Type.Literal('GMS'), Type.Literal('PMS'), Type.Literal('APMS')]),
  ),
  status: PracticeStatus,
  addressLines: Type.Array(Type.String()),
  postcode: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  openedOn: Nullable(Type.String({ format: 'date' })),
  commissionerCode: Nullable(Type.String()),
  listSizes: Type.Array(
    Type.Object({ date: Type.String({ format: 'date' }), listSize: Type.Integer() }),
    { description: 'Dated list sizes, newest first' },
  ),
});

/** What the organisation's form decides for the rest of atscale (see the domain's form policy). */
const Policy = Type.Object({
  bookAtAnySite: Type.Boolean(),
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
  form: Type.Unsafe<OrganisationForm>({ type: 'string', enum: [...ORGANISATION_FORMS] }),
  policy: Policy,
  practices: Type.Array(
    Type.Object({
      id: Type.String(),
      odsCode: Type.String(),
      name: Type.String(),
      status: PracticeStatus,
      listSize: Nullable(Type.Integer()),
      listSizeDate: Nullable(Type.String({ format: 'date' })),
    }),
  ),
});

/** The caller's organisation and its member practices. */
export const organisationRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/organisation',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The caller’s organisation, its form and member practices',
        response: { 200: OrganisationBody, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const { organisation } = reposFor(request, db);
      const [org, practices] = [await organisation.get(), await organisation.practices()];
      return { ...org, policy: policyFor(org.form), practices };
    },
  );

  app.get(
    '/api/practices/:practiceId',
    {
      schema: {
        tags: ['organisation'],
        summary: 'One member practice: contract, address, status and list size history',
        params: Type.Object({ practiceId: Type.String({ format: 'uuid' }) }),
        response: { 200: PracticeDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).organisation.practice(request.params.practiceId),
  );
};
