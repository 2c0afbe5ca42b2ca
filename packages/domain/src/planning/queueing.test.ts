import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { erlangC, mm1Metrics, mmcMetrics } from './queueing.js';
import { simulateMmc } from './queue-simulation.js';
import { estimate, quantile } from './statistics.js';

// Fixed parameters and seeds: the runs are the same every time, so these tests cannot flake.
const REPLICATIONS = 30;
const RUN = { customers: 20_000, warmUp: 2_000 };

function replicate(queue: { arrivalRate: number; serviceRate: number; servers: number }) {
  const runs = Array.from({ length: REPLICATIONS }, (_, seed) =>
    simulateMmc(queue, { ...RUN, seed: seed + 1 }),
  );
  return {
    meanWait: estimate(runs.map((r) => r.meanWait)),
    probabilityOfWaiting: estimate(runs.map((r) => r.probabilityOfWaiting)),
    utilisation: estimate(runs.map((r) => r.utilisation)),
  };
}

describe('closed forms', () => {
  it('gives the textbook Erlang C values', () => {
    // 10 calls an hour, 5-minute calls (12 an hour per agent), 2 agents: a = 5/6 erlangs, and
    // C = (a²/2 · 2/(2 - a)) / (1 + a + a²/2 · 2/(2 - a)) = 0.5952 / 2.4286 = 0.2451.
    expect(erlangC({ arrivalRate: 10, serviceRate: 12, servers: 2 })).toBeCloseTo(0.2451, 4);
    // Erlang C with one server is ρ.
    expect(erlangC({ arrivalRate: 3, serviceRate: 4, servers: 1 })).toBeCloseTo(0.75, 12);
    const one = mmcMetrics({ arrivalRate: 3, serviceRate: 4, servers: 1 });
    const mm1 = mm1Metrics(3, 4);
    expect(one.meanWait).toBeCloseTo(mm1.meanWait, 12);
    expect(mm1.meanWait).toBeCloseTo(0.75, 12);
    expect(mm1.meanTimeInSystem).toBeCloseTo(1, 12);
  });

  it('stays accurate with hundreds of servers and refuses an unstable queue', () => {
    const big = erlangC({ arrivalRate: 450, serviceRate: 1, servers: 500 });
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(0.1);
    expect(() => mmcMetrics({ arrivalRate: 5, serviceRate: 1, servers: 5 })).toThrow(/unstable/);
  });
});

describe('the discrete-event engine agrees with queueing theory', () => {
  it('matches M/M/1 (λ = 0.7, μ = 1) within its own 95% confidence interval', () => {
    const theory = mm1Metrics(0.7, 1);
    const sim = replicate({ arrivalRate: 0.7, serviceRate: 1, servers: 1 });
    expect(Math.abs(sim.meanWait.mean - theory.meanWait)).toBeLessThanOrEqual(
      sim.meanWait.halfWidth,
    );
    expect(Math.abs(sim.utilisation.mean - theory.utilisation)).toBeLessThanOrEqual(
      sim.utilisation.halfWidth,
    );
  });

  it('matches Erlang C for M/M/5 (λ = 4, μ = 1) within its own 95% confidence interval', () => {
    const queue = { arrivalRate: 4, serviceRate: 1, servers: 5 };
    const theory = mmcMetrics(queue);
    const sim = replicate(queue);
    expect(Math.abs(sim.meanWait.mean - theory.meanWait)).toBeLessThanOrEqual(
      sim.meanWait.halfWidth,
    );
    expect(
      Math.abs(sim.probabilityOfWaiting.mean - theory.probabilityOfWaiting),
    ).toBeLessThanOrEqual(sim.probabilityOfWaiting.halfWidth);
    // And the interval is narrow enough to mean something: within 5% of the value.
    expect(sim.meanWait.halfWidth).toBeLessThan(theory.meanWait * 0.05);
  });

  it('is the same for the same seed, and differs for another', () => {
    const queue = { arrivalRate: 4, serviceRate: 1, servers: 5 };
    const a = simulateMmc(queue, { customers: 2_000, warmUp: 100, seed: 7 });
    expect(simulateMmc(queue, { customers: 2_000, warmUp: 100, seed: 7 })).toEqual(a);
    expect(simulateMmc(queue, { customers: 2_000, warmUp: 100, seed: 8 }).meanWait).not.toBe(
      a.meanWait,
    );
  });
});

describe('the event list and statistics', () => {
  it('pops events in time order, ties in the order they were scheduled', () => {
    const events = new EventQueue<string>();
    [5, 1, 3, 1, 2].forEach((time, i) => {
      events.push(time, `${time}-${i}`);
    });
    const order: string[] = [];
    for (let e = events.pop(); e; e = events.pop()) order.push(e.item);
    expect(order).toEqual(['1-1', '1-3', '2-4', '3-2', '5-0']);
  });

  it('gives a t interval and quantiles', () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.halfWidth).toBeCloseTo(3.182 * Math.sqrt(1.6667 / 4), 3);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});
