import { describe, expect, it } from 'vitest';
import { demoPlan } from '../demo/plan.js';
import { scenarioFromDemoPlan } from './demo-scenario.js';
import { parseScenario } from './scenario.js';

describe('a scenario from a demo organisation', () => {
  it("takes the members' lists, sessions, partners and a year of ledger, and is valid", () => {
    const plan = demoPlan({ scale: 'small', seed: 1 });
    const scenario = scenarioFromDemoPlan(plan);
    expect(scenario.practices).toHaveLength(plan.totals.memberPractices);
    expect(scenario.practices.reduce((n, p) => n + p.listSize, 0)).toBe(plan.totals.patients);
    for (const p of scenario.practices) {
      expect(p.gpWte).toBeGreaterThan(0);
      // The autonomy demo keeps a ledger per practice: a year's income is in the hundreds of
      // thousands of pounds and above its costs.
      expect(p.incomePence).toBeGreaterThan(p.listSize * 100 * 100);
      expect(p.incomePence).toBeGreaterThan(p.costsPence);
    }
    expect(parseScenario(scenario)).toEqual(scenario);
  });
});
