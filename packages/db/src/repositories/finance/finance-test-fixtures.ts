import type { OrganisationForm, Principal } from '@atscale/domain';
import type { Queryable } from '../../database.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';

/** An organisation for finance tests: a cost centre per practice, a central one, callers. */
export interface FinanceTestOrganisation extends TestOrganisation {
  /** The cost centre of each practice, in the order of `practiceIds`. */
  readonly costCentreIds: readonly string[];
  readonly centralCostCentreId: string;
  readonly finance: Principal;
  /** A practice manager of the first practice. */
  readonly manager: Principal;
}

/**
 * FOR TESTS: an organisation whose practices have the given list sizes (counted on `countedOn`)
 * and each a cost centre of its own from then, plus a central cost centre, a central finance
 * user and a practice manager of the first practice.
 */
export async function createFinanceTestOrganisation(
  q: Queryable,
  options: {
    listSizes: readonly number[];
    countedOn?: string;
    form?: OrganisationForm;
  },
): Promise<FinanceTestOrganisation> {
  const countedOn = options.countedOn ?? '2020-01-01';
  const org = await createTestOrganisation(q, {
    form: options.form ?? 'autonomy-super-partnership',
    createdOn: '2019-01-01',
    practices: options.listSizes.length,
  });
  const { rows: centres } = await q.query<{ id: string }>(
    `insert into cost_centre (org_id, code, name)
     select $1, 'CC' || lpad(n::text, 4, '0'), 'Cost centre ' || n
       from generate_series(1, $2::int) as n order by n
     returning id`,
    [org.orgId, options.listSizes.length],
  );
  const costCentreIds = centres.map((c) => c.id);
  await q.query(
    `insert into cost_centre_assignment (org_id, practice_id, cost_centre_id, effective_from)
     select $1, a.practice_id, a.cost_centre_id, $4
       from unnest($2::uuid[], $3::uuid[]) as a(practice_id, cost_centre_id)`,
    [org.orgId, org.practiceIds, costCentreIds, countedOn],
  );
  await q.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     select $1, l.practice_id, $4, l.list_size
       from unnest($2::uuid[], $3::int[]) as l(practice_id, list_size)`,
    [org.orgId, org.practiceIds, options.listSizes, countedOn],
  );
  const { rows: central } = await q.query<{ id: string }>(
    `insert into cost_centre (org_id, code, name) values ($1, 'CENTRAL', 'Central services')
     returning id`,
    [org.orgId],
  );
  const firstPractice = org.practiceIds[0] ?? null;
  return {
    ...org,
    costCentreIds,
    centralCostCentreId: central[0]?.id ?? '',
    finance: await org.principal([{ role: 'central-finance', practiceId: null }]),
    manager: await org.principal([{ role: 'practice-manager', practiceId: firstPractice }]),
  };
}
