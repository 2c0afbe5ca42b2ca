import {
  DEFAULT_DEMO_SEED,
  DEMO_ORGANISATION_NAME,
  DEMO_PASSWORD,
  demoPlan,
  type DemoPlan,
  type DemoScale,
  type IsoDate,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import { todayInEngland } from '../repositories/organisation-today.js';
import { writeDemoPlans, type DemoProgress, type WrittenDemo } from './write-demo.js';

export { DEMO_ORGANISATION_NAME };

/** The main demo sign-in: the autonomy demo's administrator (every demo has this password). */
export const DEMO_SIGN_IN = { email: 'demo@atscale.test', password: DEMO_PASSWORD } as const;

/** What the demo seed created, for tests and the start banner. */
export interface DemoOrganisation {
  readonly orgId: string;
  /**
   * The member practices' ids in order: the clinician and the admin work at the first, the
   * navigator at the second.
   */
  readonly practiceIds: readonly string[];
  /** Practices in the membership pipeline (none at `tiny`). */
  readonly prospectivePracticeIds: readonly string[];
  readonly users: Readonly<Record<'admin' | 'clinician' | 'navigator', string>>;
  /** Patients registered across the member practices. */
  readonly patients: number;
}

/** True when no organisation exists yet: `atscale start` then creates the demo ones. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ empty: boolean }>(
    'select not exists (select 1 from organisation) as empty',
  );
  return rows[0]?.empty ?? true;
}

/**
 * Creates the autonomy super-partnership demo ('Demo Health Partnership') in one transaction:
 * `tiny` by default (three practices, a few hundred patients: what tests use), or `small` or
 * `ohp`. Its sign-ins are demo@ (org-admin, central operations, practice manager of the first
 * practice), clinician@ (first practice) and navigator@ (second practice), all @atscale.test.
 * Its rota is around `today` (today in England unless given), so the gap list and the
 * resilience dashboard, which read from today, see it. Deterministic for a scale, seed and day.
 */
export async function seedDemoOrganisation(
  db: Database,
  options: {
    passwordHash: string;
    scale?: DemoScale;
    seed?: number;
    today?: IsoDate;
    onProgress?: (progress: DemoProgress) => void;
  },
): Promise<DemoOrganisation> {
  const plan = demoPlan({
    scale: options.scale ?? 'tiny',
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    form: 'autonomy-super-partnership',
    today: options.today ?? todayInEngland(),
  });
  const [written] = await writeDemoPlans(db, [plan], options);
  if (!written) throw new Error('the demo organisation was not written');
  return asDemoOrganisation(plan, written);
}

function asDemoOrganisation(plan: DemoPlan, written: WrittenDemo): DemoOrganisation {
  const members = plan.totals.memberPractices;
  const user = (key: string): string => {
    const id = written.userIds[key];
    if (!id) throw new Error(`the demo has no ${key} user`);
    return id;
  };
  return {
    orgId: written.orgId,
    practiceIds: written.practiceIds.slice(0, members),
    prospectivePracticeIds: written.practiceIds.slice(members),
    users: { admin: user('admin'), clinician: user('clinician'), navigator: user('navigator') },
    patients: plan.totals.patients,
  };
}
