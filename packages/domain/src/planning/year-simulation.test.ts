import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS, WORKING_DAYS_PER_YEAR, type Scenario } from './scenario.js';
import { estimate } from './statistics.js';
import { summariseReplications } from './simulation-summary.js';
import {
  YEAR_COL,
  prepareScenario,
  simulateReplication,
  type PreparedScenario,
} from './year-simulation.js';

const practice = (over: Partial<Scenario['practices'][number]> = {}) => ({
  odsCode: 'Y90001',
  name: 'Riverside Surgery',
  listSize: 1_000,
  gpWte: 1,
  nurseWte: 0,
  sites: 1,
  incomePence: 100_000_000,
  costsPence: 70_000_000,
  partners: 2,
  ...over,
});

/**
 * A single practice as a stationary queue: the same Poisson(λ) requests every working day (no
 * weekday or seasonal shape, no extra variation, nobody off sick or leaving), every request
 * needing an appointment that day, and a fixed capacity of c appointments a day.
 */
function stationary(λ: number, c: number): Scenario {
  return {
    ...DEFAULT_ASSUMPTIONS,
    name: 'Stationary',
    practices: [practice()],
    demand: {
      ...DEFAULT_ASSUMPTIONS.demand,
      requestsPer1000PerWeekday: λ,
      dayOfWeek: [1, 1, 1, 1, 1],
      seasonal: Array.from({ length: 12 }, () => 1),
      variation: 0,
      resolvedWithoutAppointment: 0,
      sameDayShare: 1,
    },
    capacity: {
      ...DEFAULT_ASSUMPTIONS.capacity,
      sessionsPerWte: 8,
      // 1 WTE = 1.6 sessions a weekday, so c appointments a day is c / 1.6 a session.
      gpAppointmentsPerSession: c / 1.6,
    },
    workforce: { ...DEFAULT_ASSUMPTIONS.workforce, sicknessRate: 0, turnoverPerYear: 0 },
  };
}

/** E[(N - c)+] for N ~ Poisson(λ): the expected same-day requests a day that find no appointment. */
function expectedOverflow(λ: number, c: number): number {
  let p = Math.exp(-λ);
  let below = 0; // Σ_{n<=c} (c - n) p(n)
  for (let n = 0; n <= c; n++) {
    below += (c - n) * p;
    p *= λ / (n + 1);
  }
  // E[(N-c)+] = E[N - c] + E[(c-N)+]
  return λ - c + below;
}

function column(prep: PreparedScenario, values: Float64Array, form: number, col: number) {
  let sum = 0;
  for (let p = 0; p < prep.practices; p++) {
    sum += values[form * prep.practices * prep.width + p * prep.width + col] as number;
  }
  return sum;
}

describe('the year simulation agrees with queueing theory on a stationary practice', () => {
  // Why not Erlang C: the planner's queue is slotted in working days with a fixed number of
  // appointments a day, not exponential service in continuous time, so M/M/c does not describe
  // it (the M/M/c engine is checked against Erlang C in queueing.test.ts). Its own closed form
  // is the daily loss of a Poisson day against c appointments: E[(N - c)+].
  it.each([
    [20, 20],
    [18, 20],
    [25, 22],
  ])('λ = %i requests a day, c = %i appointments: unmet a day within the 95%% interval', (λ, c) => {
    const prep = prepareScenario(stationary(λ, c), ['status-quo']);
    const perDay = Array.from({ length: 40 }, (_, r) => {
      const { values } = simulateReplication(prep, 11, r);
      return column(prep, values, 0, YEAR_COL.unmet) / WORKING_DAYS_PER_YEAR;
    });
    const sim = estimate(perDay);
    const theory = expectedOverflow(λ, c);
    expect(Math.abs(sim.mean - theory)).toBeLessThanOrEqual(sim.halfWidth);
    // Narrow enough to mean something.
    expect(sim.halfWidth).toBeLessThan(theory * 0.1);
  });
});

describe('determinism', () => {
  const scenario: Scenario = {
    ...DEFAULT_ASSUMPTIONS,
    name: 'Two practices',
    practices: [
      practice({ listSize: 6_000, gpWte: 3.4, nurseWte: 1.1 }),
      practice({
        odsCode: 'Y90002',
        name: 'Hillview',
        listSize: 4_200,
        gpWte: 2.5,
        nurseWte: 0.75,
      }),
    ],
  };

  it('gives identical results for the same seed and replication, different for another', () => {
    const prep = prepareScenario(scenario);
    const a = simulateReplication(prep, 7, 3);
    expect(simulateReplication(prepareScenario(scenario), 7, 3)).toEqual(a);
    expect(simulateReplication(prep, 8, 3).values).not.toEqual(a.values);
    expect(simulateReplication(prep, 7, 4).values).not.toEqual(a.values);
  });

  it('summarises the same replications to the same figures, computed in any order', () => {
    const prep = prepareScenario(scenario);
    const forward = [0, 1, 2, 3].map((r) => simulateReplication(prep, 5, r).values);
    const backward = [3, 2, 1, 0].map((r) => simulateReplication(prep, 5, r).values).reverse();
    expect(summariseReplications(prep, backward)).toEqual(summariseReplications(prep, forward));
  });

  it('shows the forms on the same draws: pooling and central triage meet more demand', () => {
    const prep = prepareScenario({
      ...scenario,
      demand: { ...scenario.demand, requestsPer1000PerWeekday: 19 },
    });
    const summary = summariseReplications(
      prep,
      [0, 1, 2, 3, 4].map((r) => simulateReplication(prep, 1, r).values),
    );
    const by = Object.fromEntries(summary.forms.map((f) => [f.form, f.group]));
    const unmet = (form: string) => by[form]?.unmetShare.mean ?? Number.NaN;
    expect(unmet('integrated-super-partnership')).toBeLessThan(unmet('status-quo'));
    expect(unmet('hub-network')).toBeLessThan(unmet('status-quo'));
    expect(by['pyramidal-super-partnership']?.faceToFacePer1000PerWeek.mean).toBeLessThan(
      (by['status-quo']?.faceToFacePer1000PerWeek.mean ?? 0) * 0.6,
    );
    // Every request is accounted for: seen, resolved at triage, unmet or still waiting.
    for (const f of summary.forms) {
      expect(f.group.sameDayShare.mean).toBeGreaterThan(0);
      expect(f.group.sameDayShare.mean).toBeLessThanOrEqual(1);
    }
  });
});

describe('the hub rules of the access capability', () => {
  it('refers to the hub only after the agreed in-house threshold (ACC-4)', () => {
    const busy = (hubThresholdShare: number): number => {
      const scenario: Scenario = {
        ...DEFAULT_ASSUMPTIONS,
        name: 'Hub',
        practices: [
          practice({ listSize: 6_000, gpWte: 3, nurseWte: 1 }),
          practice({ odsCode: 'Y90002', name: 'Hillview', listSize: 4_000, gpWte: 2, nurseWte: 1 }),
        ],
        demand: { ...DEFAULT_ASSUMPTIONS.demand, requestsPer1000PerWeekday: 20 },
        workforce: { ...DEFAULT_ASSUMPTIONS.workforce, sicknessRate: 0.1 },
        money: { ...DEFAULT_ASSUMPTIONS.money, hubThresholdShare },
      };
      const prep = prepareScenario(scenario, ['hub-network']);
      return column(prep, simulateReplication(prep, 2, 0).values, 0, YEAR_COL.hub);
    };
    // With a threshold of all planned appointments, a practice short of a clinician that day
    // may not refer: the hub sees fewer patients on the same draws.
    const open = busy(0);
    expect(open).toBeGreaterThan(0);
    expect(busy(1)).toBeLessThan(open);
  });
});
