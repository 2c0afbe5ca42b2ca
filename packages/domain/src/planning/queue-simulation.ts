import { createRandom, type Random } from '../demo/random.js';
import { EventQueue } from './event-queue.js';
import type { MmcQueue } from './queueing.js';

/** An exponential variate with the given rate, by inversion. */
export function exponential(random: Random, rate: number): number {
  return -Math.log(1 - random.float()) / rate;
}

/** How long to run one replication of a queue simulation. */
export interface QueueRunOptions {
  /** Customers whose waits are measured. */
  readonly customers: number;
  /** Customers served first and not measured, so the run starts from a typical state. */
  readonly warmUp: number;
  readonly seed: number;
}

/** What one replication measured. */
export interface QueueRunResult {
  readonly meanWait: number;
  readonly probabilityOfWaiting: number;
  /** Busy server time over available server time, across the measured period. */
  readonly utilisation: number;
  /** Events the engine processed: the benchmark's unit of work. */
  readonly events: number;
}

type QueueEvent = { kind: 'arrival' } | { kind: 'departure' };

/**
 * Simulates an M/M/c FIFO queue with the discrete-event engine the planner uses: arrivals and
 * departures on one future event list, servers taken in arrival order. Its results are checked
 * against Erlang C and the M/M/1 closed forms, which is how the engine is known to be right.
 */
export function simulateMmc(queue: MmcQueue, options: QueueRunOptions): QueueRunResult {
  const random = createRandom('mmc', options.seed);
  const events = new EventQueue<QueueEvent>();
  const waiting: number[] = []; // arrival times of those queueing, oldest first
  let head = 0;
  let busy = 0;
  let arrived = 0;
  let processed = 0;
  let measured = 0;
  let waited = 0;
  let totalWait = 0;
  let busyTime = 0;
  let lastTime = 0;
  let measureFrom = Number.NaN;
  const total = options.warmUp + options.customers;

  const startService = (now: number, arrivalTime: number, index: number) => {
    busy += 1;
    if (index >= options.warmUp) {
      const wait = now - arrivalTime;
      measured += 1;
      totalWait += wait;
      if (wait > 0) waited += 1;
    }
    events.push(now + exponential(random, queue.serviceRate), { kind: 'departure' });
  };

  events.push(exponential(random, queue.arrivalRate), { kind: 'arrival' });
  const arrivalIndex: number[] = [];
  for (let next = events.pop(); next && measured < options.customers; next = events.pop()) {
    const { time, item } = next;
    processed += 1;
    if (!Number.isNaN(measureFrom)) busyTime += busy * (time - lastTime);
    lastTime = time;
    if (item.kind === 'arrival') {
      const index = arrived;
      arrived += 1;
      if (index === options.warmUp) measureFrom = time;
      if (arrived < total) {
        events.push(time + exponential(random, queue.arrivalRate), { kind: 'arrival' });
      }
      if (busy < queue.servers) startService(time, time, index);
      else {
        waiting.push(time);
        arrivalIndex.push(index);
      }
    } else {
      busy -= 1;
      if (head < waiting.length) {
        startService(time, waiting[head] as number, arrivalIndex[head] as number);
        head += 1;
      }
    }
  }
  const span = lastTime - measureFrom;
  return {
    meanWait: measured === 0 ? 0 : totalWait / measured,
    probabilityOfWaiting: measured === 0 ? 0 : waited / measured,
    utilisation: span > 0 ? busyTime / (span * queue.servers) : 0,
    events: processed,
  };
}
