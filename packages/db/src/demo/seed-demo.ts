import { testNhsNumbers, type RoleGrant } from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import { insertGrants } from '../repositories/unscoped-accounts.js';

/** The demo sign-in that `atscale start` prints on a new database. */
export const DEMO_SIGN_IN = { email: 'demo@atscale.test', password: 'atscale-demo' } as const;

/** The demo organisation's name. */
export const DEMO_ORGANISATION_NAME = 'Demo Health Partnership';

const PRACTICES = [
  { odsCode: 'Y90001', name: 'Riverside Surgery', listSize: 9_800 },
  { odsCode: 'Y90002', name: 'Hillview Medical Centre', listSize: 6_200 },
  { odsCode: 'Y90003', name: 'Marsh Lane Practice', listSize: 14_100 },
] as const;

/** Quarter days of the demo's list size history: eight quarters, oldest first. */
const LIST_SIZE_DATES = [
  '2024-01-01',
  '2024-04-01',
  '2024-07-01',
  '2024-10-01',
  '2025-01-01',
  '2025-04-01',
  '2025-07-01',
  '2025-10-01',
];

const GIVEN = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Mia',
  'Noah',
  'Oliver',
  'George',
  'Arthur',
  'Leo',
  'Priya',
  'Mohammed',
  'Zofia',
  'Kwame',
  'Siobhan',
];
/** The recorded sex that goes with each of GIVEN, in order. */
const SEX = [
  'female',
  'female',
  'female',
  'female',
  'female',
  'male',
  'male',
  'male',
  'male',
  'male',
  'female',
  'male',
  'female',
  'male',
  'female',
];
const FAMILY = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Khan',
  'Nowak',
  'Mensah',
  'Evans',
  'Thomas',
  'Roberts',
];

/** How many patients each demo practice gets. */
export const DEMO_PATIENTS_PER_PRACTICE = 40;

/** What the demo seed created, for tests and the start banner. */
export interface DemoOrganisation {
  readonly orgId: string;
  readonly practiceIds: readonly string[];
  readonly users: Readonly<Record<'admin' | 'clinician' | 'navigator', string>>;
}

/** True when no organisation exists yet: `atscale start` then creates the demo one. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ empty: boolean }>(
    'select not exists (select 1 from organisation) as empty',
  );
  return rows[0]?.empty ?? true;
}

/**
 * Creates a small demo organisation in one transaction: an autonomy super-partnership of three
 * practices, users who sign in with the demo password, and synthetic patients whose NHS numbers
 * come from the 999 test range. Deterministic: the same rows every time.
 */
export async function seedDemoOrganisation(
  db: Database,
  options: { passwordHash: string },
): Promise<DemoOrganisation> {
  return db.transaction(async (tx) => {
    const org = await tx.query<{ id: string }>(
      `insert into organisation (name, form) values ($1, 'autonomy-super-partnership') returning id`,
      [DEMO_ORGANISATION_NAME],
    );
    const orgId = org.rows[0]?.id;
    if (!orgId) throw new Error('organisation insert returned no id');
    const practices = await tx.query<{ id: string }>(
      `insert into practice (org_id, ods_code, name)
       select $1, p.ods_code, p.name from unnest($2::text[], $3::text[]) with ordinality as p(ods_code, name, n)
       order by p.n returning id`,
      [orgId, PRACTICES.map((p) => p.odsCode), PRACTICES.map((p) => p.name)],
    );
    const practiceIds = practices.rows.map((r) => r.id);
    const [first, second] = practiceIds;
    if (!first || !second) throw new Error('practice insert returned too few ids');

    // Lists grow about half a percent a quarter, like most of England's, from the sizes above.
    const sizes = PRACTICES.flatMap((p, i) =>
      LIST_SIZE_DATES.map((date, q) => ({
        practiceId: practiceIds[i] ?? '',
        date,
        listSize: Math.round(p.listSize * 1.005 ** q),
      })),
    );
    await tx.query(
      `insert into practice_list_size (org_id, practice_id, date, list_size)
       select $1, s.practice_id, s.date, s.list_size
         from unnest($2::uuid[], $3::date[], $4::int[]) as s(practice_id, date, list_size)`,
      [
        orgId,
        sizes.map((x) => x.practiceId),
        sizes.map((x) => x.date),
        sizes.map((x) => x.listSize),
      ],
    );

    const user = async (email: string, displayName: string, grants: RoleGrant[]) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into app_user (org_id, email, display_name, password_hash)
         values ($1, $2, $3, $4) returning id`,
        [orgId, email, displayName, options.passwordHash],
      );
      const id = rows[0]?.id;
      if (!id) throw new Error('user insert returned no id');
      await insertGrants(tx, orgId, id, grants);
      return id;
    };
    const admin = await user(DEMO_SIGN_IN.email, 'Alex Morgan', [
      { role: 'org-admin', practiceId: null },
      { role: 'central-operations', practiceId: null },
      { role: 'practice-manager', practiceId: first },
    ]);
    const clinician = await user('clinician@atscale.test', 'Dr Sam Okafor', [
      { role: 'clinician', practiceId: first },
    ]);
    const navigator = await user('navigator@atscale.test', 'Jo Lee', [
      { role: 'care-navigator', practiceId: second },
    ]);

    const numbers = testNhsNumbers();
    const rows: [string, string, string, string, string, string][] = [];
    practiceIds.forEach((practiceId, p) => {
      for (let i = 0; i < DEMO_PATIENTS_PER_PRACTICE; i++) {
        const k = p * DEMO_PATIENTS_PER_PRACTICE + i;
        const nhs = numbers.next();
        if (nhs.done) throw new Error('ran out of test NHS numbers');
        const year = 1935 + ((k * 7) % 85);
        const month = 1 + ((k * 5) % 12);
        const day = 1 + ((k * 11) % 28);
        const dob = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        rows.push([
          practiceId,
          nhs.value,
          GIVEN[k % GIVEN.length] ?? 'Alex',
          FAMILY[(k * 7) % FAMILY.length] ?? 'Smith',
          dob,
          SEX[k % GIVEN.length] ?? 'unknown',
        ]);
      }
    });
    await tx.query(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth,
                            sex, registered_on)
       select $1, r.practice_id, r.nhs_number, r.given_name, r.family_name, r.date_of_birth,
              r.sex, greatest(r.date_of_birth, date '2005-04-01')
         from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
              as r(practice_id, nhs_number, given_name, family_name, date_of_birth, sex)`,
      [orgId, ...[0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c]))],
    );
    return { orgId, practiceIds, users: { admin, clinician, navigator } };
  });
}
