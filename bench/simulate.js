// Suite `simulate`: the planner (issue 10, PLAN-1) on the `ohp` demo's 40 member practices
// (built from the demo plan, no database): one year, 1,000 replications, all 7 forms, on worker
// threads as `atscale simulate` runs it. Baseline: the same run on 1 worker in the same process;
// the speed-up is 1 worker's wall time over K workers'. Both runs must give the same summary
// (replications are seeded one by one); a difference fails the suite, a slow run never does.
import process from 'node:process';
import { isDeepStrictEqual } from 'node:util';
import { runReplications } from '@atscale/server';
import { demoPlan, scenarioFromDemoPlan } from '@atscale/domain';
import { progress, table, times, whole } from './common.js';

const RUNS = Number(process.env.BENCH_SIMULATE_RUNS ?? 1000);
const WORKERS = [1, 2];

/** Runs the suite: the same 1,000 replications on 1 worker, then on 2 (or more). */
export async function simulateSuite() {
  progress('simulate: building the ohp scenario from the demo plan');
  const scenario = scenarioFromDemoPlan(demoPlan({ scale: 'ohp', seed: 1 }));
  const patients = scenario.practices.reduce((n, p) => n + p.listSize, 0);
  const rows = [];
  let baseline;
  for (const workers of WORKERS) {
    progress(
      `simulate: ${RUNS} years x 7 forms of ${scenario.practices.length} practices on ${workers} worker(s)`,
    );
    let last = 0;
    // CPU time of every thread of the process: on a busy machine wall time alone misleads.
    const cpuBefore = process.cpuUsage();
    const run = await runReplications(scenario, {
      runs: RUNS,
      seed: 1,
      workers,
      onProgress: (done) => {
        if (done >= last + RUNS / 4) {
          last = done;
          progress(`simulate: ${done}/${RUNS}`);
        }
      },
    });
    const cpu = process.cpuUsage(cpuBefore);
    const requests = run.summary.forms.length * RUNS * yearRequests(run);
    const row = {
      workers,
      practices: scenario.practices.length,
      patients,
      runs: RUNS,
      forms: run.summary.forms.length,
      seconds: run.seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      events: run.events,
      requests,
      summary: run.summary,
    };
    baseline ??= row;
    if (!isDeepStrictEqual(row.summary, baseline.summary)) {
      throw new Error(`${workers} workers gave a different summary from 1 worker`);
    }
    rows.push({ ...row, summary: undefined, baselineSeconds: baseline.seconds });
  }
  return rows;
}

/** Requests in one simulated year (the first form's group mean; every form sees the same). */
function yearRequests(run) {
  const d = run.prep.dayMean;
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += d[i];
  return sum;
}

/** The suite's results as a table. */
export function simulateTable(rows) {
  return table(
    'simulate: ohp demo (40 practices, 340,000 patients), 1 year x 1,000 replications x 7 forms',
    ['workers', 'wall s', 'CPU s', 'events', 'events/s', 'requests/s', 'speed-up vs 1 worker'],
    rows.map((r) => [
      r.workers,
      r.seconds.toFixed(1),
      r.cpuSeconds.toFixed(1),
      whole(r.events),
      whole(r.events / r.seconds),
      whole(r.requests / r.seconds),
      times(r.baselineSeconds / r.seconds),
    ]),
    [
      'events = practice-days per form + clinician post-days + sickness and vacancy spells. Requests',
      'are counted per practice-day, not one event each (see year-simulation.ts). Target (issue 10):',
      'under 60 s on 2 cores. Both rows must give the identical summary (seeded per replication).',
      'CPU s = CPU time of all threads; wall s well above CPU s / workers means other load.',
    ],
  );
}
