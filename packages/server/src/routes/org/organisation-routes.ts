import { Type } from '@sinclair/typebox';
import { ORGANISATION_FORMS, type OrganisationForm } from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem } from '../../problem.js';

const Practice = Type.Object({ id: Type.String(), odsCode: Type.String(), name: Type.String() });

const OrganisationBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  form: Type.Unsafe<OrganisationForm>({ type: 'string', enum: [...ORGANISATION_FORMS] }),
  practices: Type.Array(Practice),
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
      return { ...org, practices };
    },
  );
};
