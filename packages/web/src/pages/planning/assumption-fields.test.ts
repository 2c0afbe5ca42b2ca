import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS, type Scenario } from '@atscale/domain';
import { ASSUMPTION_FIELDS, assumptionText, withAssumptions } from './assumption-fields';

const scenario: Scenario = { name: 'S', practices: [], ...DEFAULT_ASSUMPTIONS };

describe('assumption fields', () => {
  it('shows shares as percentages and pence as pounds, and reads them back', () => {
    const byPath = Object.fromEntries(ASSUMPTION_FIELDS.map((f) => [f.path, f]));
    const sameDay = byPath['demand.sameDayShare'];
    const levy = byPath['money.levyPencePerPatient'];
    if (!sameDay || !levy) throw new Error('fields missing');
    expect(assumptionText(scenario, sameDay)).toBe(
      String(DEFAULT_ASSUMPTIONS.demand.sameDayShare * 100),
    );
    expect(assumptionText(scenario, levy)).toBe(
      String(DEFAULT_ASSUMPTIONS.money.levyPencePerPatient / 100),
    );
    const { scenario: changed, problems } = withAssumptions(scenario, {
      'demand.sameDayShare': '55',
      'money.levyPencePerPatient': '£2.50',
    });
    expect(problems).toEqual([]);
    expect(changed.demand.sameDayShare).toBeCloseTo(0.55);
    expect(changed.money.levyPencePerPatient).toBe(250);
    expect(scenario.demand.sameDayShare).toBe(DEFAULT_ASSUMPTIONS.demand.sameDayShare);
  });

  it('names a field that is not a number', () => {
    const { problems } = withAssumptions(scenario, { 'workforce.sicknessRate': 'lots' });
    expect(problems).toEqual([
      { path: 'workforce.sicknessRate', message: 'Sickness absence (%): enter a number' },
    ]);
  });
});
