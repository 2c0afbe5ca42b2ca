// Suite `demo`: the time and peak memory to build the demo organisations (`atscale demo`) in
// one transaction, each build in a child process of its own. Baseline: the `small` build on the
// same database in the same run; `vs small` = the build's rows/s / small's rows/s.
import { fork } from 'node:child_process';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import {
  eachTarget,
  mib,
  msSince,
  progress,
  table,
  throwawayDatabase,
  times,
  whole,
} from './common.js';

const CHILD = fileURLToPath(new URL('./demo-child.js', import.meta.url));
const SEED = Number(process.env.BENCH_DEMO_SEED ?? 1);

/** Runs one build in a child process and resolves to what it reported. */
function measure({ location = {}, scale, mode }) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify({ location, scale, seed: SEED, mode })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const started = process.hrtime.bigint();
    let result;
    child.on('message', (message) => {
      if (message?.type === 'progress') {
        progress(
          `demo: ${scale} ${whole(message.done)}/${whole(message.total)} rows after ${(msSince(started) / 1000).toFixed(1)} s`,
        );
      } else if (message?.type === 'done' || message?.type === 'failed') {
        result = message;
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result?.type === 'done' && code === 0) resolve(result);
      else reject(new Error(result?.error ?? `the demo build ended with ${signal ?? code}`));
    });
  });
}

const LABELS = {
  small: 'small (5 practices, 30,000 patients)',
  ohp: 'ohp (40 practices, 340,000 patients)',
};

/** Runs the suite: the ohp plan without a database once, then small and ohp on every database. */
export async function demoSuite(ctx) {
  const rows = [];
  progress('demo: generating the ohp plan and its patients, no database');
  const generated = await measure({ scale: 'ohp', mode: 'generate' });
  rows.push({ database: '-', build: 'ohp plan and patients, no database', ...generated });
  await eachTarget(ctx, 'demo', async (target) => {
    const builds = {};
    for (const scale of ['small', 'ohp']) {
      const database = await throwawayDatabase(target);
      try {
        progress(`demo/${target.label}: building ${scale}`);
        builds[scale] = await measure({ location: database.location, scale, mode: 'write' });
      } finally {
        await database.dispose();
      }
      rows.push({
        database: target.label,
        build: LABELS[scale],
        ...builds[scale],
        baseline: builds.small,
      });
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function demoTable(rows) {
  const rate = (r) => r.rows / (r.ms / 1000);
  return table(
    `demo: build the autonomy demo in one transaction (seed ${SEED}), each build in its own process`,
    ['database', 'build', 'seconds', 'rows', 'rows/s', 'peak RSS MiB', 'vs small'],
    rows.map((r) => [
      r.database,
      r.build,
      (r.ms / 1000).toFixed(1),
      whole(r.rows),
      whole(rate(r)),
      Number.isNaN(r.peakRss) ? '-' : mib(r.peakRss),
      r.baseline ? times(rate(r) / rate(r.baseline)) : '-',
    ]),
    [
      'seconds: planning, generating and writing in one transaction, to its commit (the database is opened first)',
      'peak RSS: VmHWM of the child process (node, the generator and, for PGlite, the embedded database)',
      'target for ohp on PGlite (issue 3): under 60 s and under 1.5 GB on a 2-core machine',
    ],
  );
}
