/**
 * Closed forms of queueing theory that the simulation must agree with (PLAN-1): M/M/1 and
 * M/M/c (Erlang C). λ is the arrival rate and μ the service rate of one server, in the same time
 * unit; results are in that unit.
 */

/** An M/M/c queue: Poisson arrivals, exponential service, c identical servers, FIFO. */
export interface MmcQueue {
  readonly arrivalRate: number;
  readonly serviceRate: number;
  readonly servers: number;
}

/** What the closed forms give for a stable queue. */
export interface QueueMetrics {
  /** Utilisation of each server, ρ = λ / (cμ). */
  readonly utilisation: number;
  /** Probability that an arrival waits at all. */
  readonly probabilityOfWaiting: number;
  /** Mean time in the queue before service, Wq. */
  readonly meanWait: number;
  /** Mean time in the system, W = Wq + 1/μ. */
  readonly meanTimeInSystem: number;
  /** Mean number waiting, Lq = λ Wq (Little's law). */
  readonly meanQueueLength: number;
}

function checkStable(queue: MmcQueue): number {
  const { arrivalRate: λ, serviceRate: μ, servers: c } = queue;
  if (!(λ > 0) || !(μ > 0) || !Number.isInteger(c) || c < 1) {
    throw new RangeError('rates must be positive and the servers a whole number from 1');
  }
  const ρ = λ / (c * μ);
  if (ρ >= 1)
    throw new RangeError(`the queue is unstable: utilisation ${ρ.toFixed(3)} is not below 1`);
  return ρ;
}

/**
 * The Erlang C probability that an arrival waits, computed through the Erlang B recursion
 * (B(0) = 1, B(k) = aB(k-1) / (k + aB(k-1))), which stays accurate for hundreds of servers
 * where the textbook sum of factorials overflows.
 */
export function erlangC(queue: MmcQueue): number {
  const ρ = checkStable(queue);
  const a = queue.arrivalRate / queue.serviceRate;
  let b = 1;
  for (let k = 1; k <= queue.servers; k += 1) b = (a * b) / (k + a * b);
  return b / (1 - ρ + ρ * b);
}

/** The M/M/c metrics from Erlang C. */
export function mmcMetrics(queue: MmcQueue): QueueMetrics {
  const ρ = checkStable(queue);
  const pWait = erlangC(queue);
  const meanWait = pWait / (queue.servers * queue.serviceRate - queue.arrivalRate);
  return {
    utilisation: ρ,
    probabilityOfWaiting: pWait,
    meanWait,
    meanTimeInSystem: meanWait + 1 / queue.serviceRate,
    meanQueueLength: queue.arrivalRate * meanWait,
  };
}

/** The M/M/1 metrics from their own closed forms (Wq = ρ / (μ - λ)), as a second check. */
export function mm1Metrics(arrivalRate: number, serviceRate: number): QueueMetrics {
  const ρ = checkStable({ arrivalRate, serviceRate, servers: 1 });
  const meanWait = ρ / (serviceRate - arrivalRate);
  return {
    utilisation: ρ,
    probabilityOfWaiting: ρ,
    meanWait,
    meanTimeInSystem: 1 / (serviceRate - arrivalRate),
    meanQueueLength: (ρ * ρ) / (1 - ρ),
  };
}
