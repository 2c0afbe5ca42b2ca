import { describe, expect, it } from 'vitest';
import { periodChoices, periodOf, recentFinancialYears } from './finance-periods';

describe('finance period presets', () => {
  it('offers the whole April-to-March year, its four quarters and its twelve months', () => {
    const choices = periodChoices(2026);
    expect(choices).toHaveLength(17);
    expect(choices[0]).toEqual({
      value: 'year',
      label: 'The whole year 2026/27',
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(periodOf(2026, 'q1')).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodOf(2026, 'q4')).toMatchObject({
      label: 'Q4 2026/27',
      from: '2027-01-01',
      to: '2027-03-31',
    });
    expect(periodOf(2026, 'm1')).toMatchObject({ label: 'April 2026', from: '2026-04-01' });
    expect(periodOf(2026, 'm12')).toMatchObject({ label: 'March 2027', to: '2027-03-31' });
  });

  it('ends February on the 29th in a leap year', () => {
    expect(periodOf(2027, 'm11')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf(2026, 'm11')).toMatchObject({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('falls back to the whole year for a period it does not know', () => {
    expect(periodOf(2025, 'q9')).toMatchObject({ value: 'year', from: '2025-04-01' });
  });

  it('counts financial years back from the one today is in, which turns over on 1 April', () => {
    expect(recentFinancialYears('2026-03-31', 3)).toEqual([2025, 2024, 2023]);
    expect(recentFinancialYears('2026-04-01', 3)).toEqual([2026, 2025, 2024]);
  });
});
