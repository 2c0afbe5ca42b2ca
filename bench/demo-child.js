// One measured demo build, run by bench/demo.js in a child process so that its peak memory
// (VmHWM) is the build's own. Argument: JSON { location, scale, seed, mode } where mode is
// 'write' (plan and write into the database at location) or 'generate' (plan and generate every
// patient, no database). Reports { type: 'done', ... } over IPC, or { type: 'failed', error }.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { demoRowCount, migrate, openPglite, openPostgres, writeDemoPlans } from '@atscale/db';
import { demoPlan } from '@atscale/domain';

const { location, scale, seed, mode } = JSON.parse(process.argv[2] ?? '{}');

/** Peak and current resident set of this process in bytes (Linux), else NaN. */
function memory() {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const field = (name) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) * 1024;
    return { peakRss: field('VmHWM'), rss: field('VmRSS') };
  } catch {
    return { peakRss: NaN, rss: NaN };
  }
}

const send = (message) =>
  new Promise((resolve) => {
    process.send?.(message, resolve);
  });

try {
  // The database is opened and migrated (a new server database is empty) before the clock
  // starts: the build is what is measured.
  const db =
    mode === 'generate'
      ? null
      : location.databaseUrl
        ? await openPostgres({ connectionString: location.databaseUrl, maxConnections: 1 })
        : await openPglite({ dataDir: location.dataDir });
  if (db) await migrate(db);
  const started = process.hrtime.bigint();
  const plan = demoPlan({ scale, seed, form: 'autonomy-super-partnership' });
  const total = demoRowCount(plan);
  let rows = 0;
  let ms;
  if (!db) {
    for (const _patient of plan.patients()) rows++;
    rows = total;
    ms = Number(process.hrtime.bigint() - started) / 1e6;
  } else {
    try {
      let lastTenth = 0;
      const written = await writeDemoPlans(db, [plan], {
        passwordHash: 'not-a-real-hash',
        onProgress: ({ done }) => {
          const tenth = Math.floor((done / total) * 10);
          if (tenth > lastTenth) {
            lastTenth = tenth;
            process.send?.({ type: 'progress', done, total });
          }
        },
      });
      rows = written.reduce((sum, w) => sum + w.rows, 0);
      ms = Number(process.hrtime.bigint() - started) / 1e6;
    } finally {
      await db.close();
    }
  }
  await send({ type: 'done', rows, patients: plan.totals.patients, ms, ...memory() });
} catch (error) {
  await send({
    type: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exitCode = 1;
}
