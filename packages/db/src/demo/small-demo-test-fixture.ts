import { demoPlan, type DemoPlan, type Principal, type Role } from '@atscale/domain';
import { todayInEngland } from '../repositories/organisation-today.js';
import { createTestDatabase, runTemplate, type TestDatabase } from '../testing/index.js';
import { demoRowCount, writeDemoPlans, type WrittenDemo } from './write-demo.js';

/** A database holding the `small` main demo, and what was written. */
export interface SmallDemo {
  readonly t: TestDatabase;
  readonly plan: DemoPlan;
  readonly written: WrittenDemo;
  /** The rows its plan said it would write (`demoRowCount`), worked out when it was written. */
  readonly rowsPlanned: number;
  /** A demo sign-in as a principal with one organisation-wide role (its stored grants are not read). */
  readonly as: (email: string, role: Role) => Promise<Principal>;
}

/**
 * The `small` main demo (30,000 patients, what `npm start` builds), for the tests of each demo
 * writer: written once per test run and copied for each file that asks (run-templates.ts),
 * or written here outside a run.
 */
export async function smallDemoDatabase(): Promise<SmallDemo> {
  const today = todayInEngland();
  const plan = demoPlan({ scale: 'small', today });
  // Planned with the plan that wrote it: the access data is built around the clock then.
  const write = async (db: TestDatabase['db']) => {
    const [written] = await writeDemoPlans(db, [plan], { passwordHash: 'x' });
    if (!written) throw new Error('the small demo was not written');
    return { written, rowsPlanned: demoRowCount(plan) };
  };
  const shared = await runTemplate(`small-demo-${today}`, write);
  const t = await createTestDatabase(shared ? { template: shared.ref } : {});
  const { written, rowsPlanned } = shared ? shared.value : await write(t.db);
  const as = async (email: string, role: Role): Promise<Principal> => {
    const { rows } = await t.db.query<{ id: string }>(
      'select id from app_user where email = $1 and org_id = $2',
      [email, written.orgId],
    );
    const userId = rows[0]?.id;
    if (userId === undefined) throw new Error(`the demo has no ${email}`);
    return { userId, orgId: written.orgId, grants: [{ role, practiceId: null }] };
  };
  return { t, plan, written, rowsPlanned, as };
}
