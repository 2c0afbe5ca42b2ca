import { availableParallelism } from 'node:os';
import { planningRunQueue, type Database } from '@atscale/db';
import { parseScenario } from '@atscale/domain';
import type { FastifyBaseLogger } from 'fastify';
import { runReplications } from './run-replications.js';

/** Worker threads a server gives one run: two, so requests are still answered on a 2-core box. */
export const RUN_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

/** How often progress is written: often enough for a smooth bar, rarely enough to be cheap. */
const PROGRESS_EVERY_MS = 250;

/** The server's planning runner: takes queued runs one at a time and simulates them. */
export interface PlanningRunner {
  /** Looks for queued runs now (after a run is requested). */
  kick(): void;
  /** Resolves when nothing is running and nothing is queued (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops: a run in progress is ended and put back on the queue for the next start. */
  stop(): Promise<void>;
}

/**
 * One run at a time per server, on worker threads (the domain's simulation is pure; threads
 * and the queue are this edge's business). A run's state lives in the database, so a caller
 * polls it; a run the server was in the middle of when it stopped is queued again at start.
 */
export function planningRunner(db: Database, log: FastifyBaseLogger): PlanningRunner {
  const queue = planningRunQueue(db);
  let loop: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const abort = new AbortController();
  let current: string | null = null;

  async function simulateOne(): Promise<boolean> {
    const claimed = await queue.claimNext();
    if (!claimed) return false;
    current = claimed.id;
    let last = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      const scenario = parseScenario(claimed.scenario);
      const run = await runReplications(scenario, {
        runs: claimed.runs,
        seed: claimed.seed,
        workers: RUN_WORKERS,
        signal: abort.signal,
        onProgress: (done) => {
          const now = performance.now();
          if (now - last < PROGRESS_EVERY_MS) return;
          last = now;
          writing = writing.then(() => queue.progress(claimed.id, done)).catch(() => undefined);
        },
      });
      await writing;
      await queue.finish(claimed.id, {
        summary: run.summary,
        events: run.events,
        seconds: run.seconds,
      });
      log.info({ runId: claimed.id, seconds: run.seconds }, 'planning run finished');
    } catch (error) {
      await writing;
      if (stopped) {
        await queue.requeue(claimed.id);
        return false;
      }
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ runId: claimed.id, err: message }, 'planning run failed');
      await queue.fail(claimed.id, message);
    } finally {
      current = null;
    }
    return true;
  }

  function kick() {
    if (stopped) return;
    if (loop) {
      again = true;
      return;
    }
    loop = (async () => {
      try {
        // A kick while a run was going may have queued another: look again before going idle.
        const lookAgain = () => again && !stopped;
        const carryOn = () => !stopped;
        do {
          again = false;
          while (carryOn() && (await simulateOne()));
        } while (lookAgain());
      } catch (error) {
        log.error({ err: error }, 'the planning runner stopped');
      } finally {
        loop = null;
      }
    })();
  }

  return {
    kick,
    async idle() {
      while (loop) await loop;
    },
    async stop() {
      stopped = true;
      abort.abort();
      if (loop) await loop;
      if (current !== null) await queue.requeue(current).catch(() => undefined);
    },
  };
}
