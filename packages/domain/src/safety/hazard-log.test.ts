import { describe, expect, it } from 'vitest';
import { byResidualRisk, hazardLogProblems, type Hazard, type TestStatus } from './hazard-log.js';
import { riskRating } from './risk.js';

const test = { file: 'packages/x/a.test.ts', test: 'rule > holds' };
const hazard = (overrides: Partial<Hazard> = {}): Hazard => ({
  id: 'H-001',
  title: 'A double-booked slot',
  causes: ['two navigators book at once'],
  effect: 'two patients arrive for one appointment',
  harm: 'delayed care',
  initial: { severity: 'considerable', likelihood: 'high' },
  controls: [{ description: 'capacity in the database', kind: 'software', tests: [test] }],
  residual: { severity: 'considerable', likelihood: 'very-low' },
  status: 'controlled',
  owner: 'Clinical safety officer',
  ...overrides,
});
const all = (status: TestStatus) => () => status;

describe('the risk matrix', () => {
  it('rates the corners and the middle as the standard does', () => {
    expect(riskRating({ severity: 'minor', likelihood: 'very-low' })).toBe(1);
    expect(riskRating({ severity: 'catastrophic', likelihood: 'very-high' })).toBe(5);
    expect(riskRating({ severity: 'considerable', likelihood: 'medium' })).toBe(3);
    expect(riskRating({ severity: 'catastrophic', likelihood: 'very-low' })).toBe(3);
  });
});

describe('checking the hazard log', () => {
  it('accepts a hazard whose controls are proved by passing tests', () => {
    expect(hazardLogProblems({ hazards: [hazard()] }, all('passed'))).toEqual([]);
  });

  it('fails a control that names a test that does not exist', () => {
    const problems = hazardLogProblems({ hazards: [hazard()] }, all('missing'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.hazardId).toBe('H-001');
    expect(problems[0]?.message).toMatch(/names a test that does not exist/);
  });

  it('fails a control whose test failed, was skipped or did not run', () => {
    expect(hazardLogProblems({ hazards: [hazard()] }, all('failed'))[0]?.message).toMatch(
      /failed in this run/,
    );
    expect(hazardLogProblems({ hazards: [hazard()] }, all('skipped'))[0]?.message).toMatch(
      /skipped/,
    );
    expect(hazardLogProblems({ hazards: [hazard()] }, all('not-run'))[0]?.message).toMatch(
      /did not run/,
    );
  });

  it('fails a hazard with no control, and a software control with no test', () => {
    expect(hazardLogProblems({ hazards: [hazard({ controls: [] })] }, all('passed'))).toEqual([
      { hazardId: 'H-001', message: 'has no control' },
    ]);
    const untested = hazard({ controls: [{ description: 'a check', kind: 'software' }] });
    expect(hazardLogProblems({ hazards: [untested] }, all('passed'))[0]?.message).toMatch(
      /names no test/,
    );
    const process = hazard({ controls: [{ description: 'a weekly review', kind: 'process' }] });
    expect(hazardLogProblems({ hazards: [process] }, all('passed'))).toEqual([]);
  });

  it('fails a residual risk above the initial one, and a repeated id', () => {
    const worse = hazard({
      initial: { severity: 'minor', likelihood: 'low' },
      residual: { severity: 'major', likelihood: 'low' },
    });
    expect(hazardLogProblems({ hazards: [worse] }, all('passed'))[0]?.message).toMatch(
      /residual risk \(3\) is higher than its initial risk \(1\)/,
    );
    const repeated = hazardLogProblems({ hazards: [hazard(), hazard()] }, all('passed'));
    expect(repeated).toHaveLength(1);
    expect(repeated[0]?.message).toMatch(/more than one hazard/);
  });

  it('orders the safety case by residual risk', () => {
    const low = hazard({ id: 'H-002' });
    const high = hazard({ id: 'H-003', residual: { severity: 'major', likelihood: 'medium' } });
    expect(byResidualRisk([low, high]).map((h) => h.id)).toEqual(['H-003', 'H-002']);
  });
});
