import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  prepareScenario,
  summariseReplications,
  type PreparedScenario,
  type Scenario,
  type SimulationSummary,
} from '@atscale/domain';
import type { BatchRequest, BatchResult, WorkerSetup } from './replication-messages.js';

/** How to run the replications. */
export interface ReplicationOptions {
  readonly runs: number;
  readonly seed: number;
  readonly workers: number;
  /** Replications handed to a worker at a time: small enough for smooth progress. */
  readonly batch?: number;
  readonly onProgress?: (done: number) => void;
  /** Stops the run: the workers are ended and the promise rejects (a server closing). */
  readonly signal?: AbortSignal;
}

/** What a run gives back. */
export interface ReplicationRun {
  readonly prep: PreparedScenario;
  readonly summary: SimulationSummary;
  readonly events: number;
  readonly seconds: number;
}

/**
 * The worker's script: the compiled one beside this module, or, when this module runs from
 * its TypeScript source (the tests), the compiled one in dist, which `tsc -b` builds first.
 */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return here
      .replace(
        /[\\/]src[\\/]planning[\\/]run-replications\.ts$/,
        '/dist/planning/replication-worker.js',
      )
      .replace(/\\/g, '/');
  }
  return fileURLToPath(new URL('./replication-worker.js', import.meta.url));
}

/**
 * Runs the replications of a scenario on worker threads (the domain's simulation is pure; the
 * threads are this edge's business): batches are handed out as workers come free, results are
 * put back in replication order, and the summary is worked out from them in that order, so it
 * is the same whatever the number of workers.
 */
export async function runReplications(
  scenario: Scenario,
  options: ReplicationOptions,
): Promise<ReplicationRun> {
  const started = performance.now();
  const prep = prepareScenario(scenario);
  const width = prep.forms.length * prep.practices * prep.width;
  const batch = Math.max(1, options.batch ?? 10);
  const results = new Array<Float64Array>(options.runs);
  const setup: WorkerSetup = { scenario, seed: options.seed };
  const script = workerScript();
  let next = 0;
  let done = 0;
  let events = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.workers, options.runs)) },
    () => new Worker(script, { workerData: setup }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= options.runs) {
                resolve();
                return;
              }
              const request: BatchRequest = {
                first: next,
                count: Math.min(batch, options.runs - next),
              };
              next += request.count;
              worker.postMessage(request);
            };
            worker.on('message', (result: BatchResult) => {
              for (let k = 0; k < result.count; k++) {
                results[result.first + k] = result.values.subarray(k * width, (k + 1) * width);
              }
              events += result.events;
              done += result.count;
              options.onProgress?.(done);
              give();
            });
            worker.on('error', reject);
            const stop = () => {
              reject(new Error('the simulation was stopped'));
            };
            if (options.signal?.aborted) stop();
            options.signal?.addEventListener('abort', stop, { once: true });
            worker.on('exit', (code) => {
              if (next < options.runs || done < options.runs) {
                reject(new Error(`a simulation worker stopped (exit code ${code})`));
              }
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const summary = summariseReplications(prep, results);
  return { prep, summary, events, seconds: (performance.now() - started) / 1000 };
}
