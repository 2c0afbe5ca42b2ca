import { demoPlan, type DemoPlan } from '@atscale/domain';
import { todayInEngland } from '../repositories/organisation-today.js';
import { createTestDatabase, runTemplate, type TestDatabase } from '../testing/index.js';
import { writeDemoPlans, type WrittenDemo } from './write-demo.js';

/** A database holding the `small` main demo, and what was written. */
export interface SmallDemo {
  readonly t: TestDatabase;
  readonly plan: DemoPlan;
  readonly written: WrittenDemo;
}

/**
 * The `small` main demo (30,000 patients, what `npm start` builds), for the tests of each demo
 * writer: written once per test run and copied for each file that asks (run-templates.ts),
 * or written here outside a run.
 */
export async function smallDemoDatabase(): Promise<SmallDemo> {
  const today = todayInEngland();
  const plan = demoPlan({ scale: 'small', today });
  const write = async (db: TestDatabase['db']): Promise<WrittenDemo> => {
    const [written] = await writeDemoPlans(db, [plan], { passwordHash: 'x' });
    if (!written) throw new Error('the small demo was not written');
    return written;
  };
  const shared = await runTemplate(`small-demo-${today}`, write);
  const t = await createTestDatabase(shared ? { template: shared.ref } : {});
  const written = shared ? shared.value : await write(t.db);
  return { t, plan, written };
}
