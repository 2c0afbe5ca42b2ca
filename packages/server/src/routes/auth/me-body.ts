import { Type, type Static } from '@sinclair/typebox';
import { ORGANISATION_FORMS, ROLES, type OrganisationForm } from '@atscale/domain';
import type { Database, SessionUser } from '@atscale/db';
import { organisationRepository } from '@atscale/db';

/** The signed-in user, their organisation, roles and practices. */
export const Me = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() }),
    organisation: Type.Object({
      id: Type.String(),
      name: Type.String(),
      form: Type.Unsafe<OrganisationForm>({ type: 'string', enum: [...ORGANISATION_FORMS] }),
    }),
    roles: Type.Array(
      Type.Object({
        role: Type.Unsafe<(typeof ROLES)[number]>({ type: 'string', enum: [...ROLES] }),
        practiceId: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    practices: Type.Array(
      Type.Object({ id: Type.String(), odsCode: Type.String(), name: Type.String() }),
      { description: 'The practices the user acts for: all of them for an organisation-wide role' },
    ),
  },
  { $id: 'Me' },
);

/** The body of GET /api/me. */
export type Me = Static<typeof Me>;

/** Builds the Me body for a signed-in user. */
export async function meFor(db: Database, user: SessionUser): Promise<Me> {
  const principal = { userId: user.userId, orgId: user.orgId, grants: user.grants };
  const org = organisationRepository(db, { principal, requestId: null });
  const organisation = await org.get();
  const wide = user.grants.some((g) => g.practiceId === null);
  const practices = wide
    ? await org.practices()
    : await org.practicesById(user.grants.flatMap((g) => (g.practiceId ? [g.practiceId] : [])));
  return {
    user: { id: user.userId, email: user.email, displayName: user.displayName },
    organisation,
    roles: user.grants.map((g) => ({ role: g.role, practiceId: g.practiceId })),
    practices,
  };
}
