import { describe, expect, it } from 'vitest';
import { observedRequestRate, practiceFromFacts, PRACTICE_DEFAULTS } from './practice-defaults.js';

describe('practiceFromFacts', () => {
  it('uses the recorded list size, sessions and partners', () => {
    const p = practiceFromFacts(
      {
        odsCode: 'A1',
        name: 'One',
        listSize: 10_000,
        gpSessions: 36,
        nurseSessions: 12,
        sites: 2,
        partners: 3,
      },
      8,
    );
    expect(p).toMatchObject({ listSize: 10_000, gpWte: 4.5, nurseWte: 1.5, sites: 2, partners: 3 });
    expect(p.incomePence).toBe(10_000 * PRACTICE_DEFAULTS.incomePencePerPatient);
    expect(p.costsPence).toBe(Math.round(p.incomePence * PRACTICE_DEFAULTS.costShareOfIncome));
  });

  it('falls back to the stated defaults where nothing is recorded', () => {
    const p = practiceFromFacts(
      {
        odsCode: 'A2',
        name: 'Two',
        listSize: null,
        gpSessions: null,
        nurseSessions: 0,
        sites: 0,
        partners: null,
      },
      8,
    );
    expect(p.listSize).toBe(PRACTICE_DEFAULTS.listSize);
    expect(p.gpWte).toBeCloseTo(8_000 / 2_100, 2);
    expect(p.nurseWte).toBe(2);
    expect(p.sites).toBe(1);
    expect(p.partners).toBe(3);
  });
});

describe('observedRequestRate', () => {
  it('is requests per 1,000 patients per weekday', () => {
    expect(
      observedRequestRate({ requests: 1700, weekdays: 10, listSize: 10_000, from: '', to: '' }),
    ).toBe(17);
  });

  it('is null when there is too little data', () => {
    expect(
      observedRequestRate({ requests: 10, weekdays: 10, listSize: 10_000, from: '', to: '' }),
    ).toBeNull();
    expect(
      observedRequestRate({ requests: 500, weekdays: 2, listSize: 10_000, from: '', to: '' }),
    ).toBeNull();
  });
});
