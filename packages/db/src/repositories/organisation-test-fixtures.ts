import { randomUUID } from 'node:crypto';
import type { OrganisationForm, Principal, RoleGrant } from '@atscale/domain';
import type { Queryable } from '../database.js';

/** An organisation made for one test, with practices and a way to make signed-in callers. */
export interface TestOrganisation {
  readonly orgId: string;
  readonly practiceIds: readonly string[];
  /** A user of the organisation holding the grants, as a principal. */
  readonly principal: (grants: readonly RoleGrant[]) => Promise<Principal>;
}

/**
 * FOR TESTS: a new organisation of a form, created on a date (so form changes can be dated
 * after it), with practices named Practice 1, 2 ... and no sites, staff or memberships.
 * Tests make their own so that what the demo seed holds never changes what they check.
 */
export async function createTestOrganisation(
  q: Queryable,
  options: { form: OrganisationForm; createdOn: string; practices: number; name?: string },
): Promise<TestOrganisation> {
  const { rows } = await q.query<{ id: string }>(
    `insert into organisation (name, form, created_at) values ($1, $2, $3::date) returning id`,
    [options.name ?? `Test organisation ${randomUUID()}`, options.form, options.createdOn],
  );
  const orgId = rows[0]?.id ?? '';
  const practices = await q.query<{ id: string }>(
    `insert into practice (org_id, ods_code, name)
     select $1, 'Y8' || lpad(n::text, 4, '0'), 'Practice ' || n
       from generate_series(1, $2::int) as n
      order by n
     returning id`,
    [orgId, options.practices],
  );
  return {
    orgId,
    practiceIds: practices.rows.map((row) => row.id),
    async principal(grants) {
      const user = await q.query<{ id: string }>(
        `insert into app_user (org_id, email, display_name, password_hash)
         values ($1, $2, 'Test User', 'x') returning id`,
        [orgId, `${randomUUID()}@test.invalid`],
      );
      const userId = user.rows[0]?.id ?? '';
      return { userId, orgId, grants };
    },
  };
}
