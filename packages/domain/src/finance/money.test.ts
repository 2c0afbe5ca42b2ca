import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageingBucket } from './ageing.js';
import { billingPeriods, financialYearLabel, financialYearOf } from './financial-year.js';
import { divideRoundHalfUp, formatPounds, parsePounds } from './money.js';
import { invoiceTotals, vatOnLine } from './vat.js';

describe('money', () => {
  it('rounds half away from zero, exactly', () => {
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(-5, 2)).toBe(-3);
    expect(divideRoundHalfUp(4, 3)).toBe(1);
    expect(divideRoundHalfUp(1_005, 10)).toBe(101);
  });

  it('writes and reads pounds without floating point', () => {
    expect(formatPounds(68_000_000)).toBe('£680,000.00');
    expect(formatPounds(-307)).toBe('-£3.07');
    expect(parsePounds('£1,234.5')).toBe(123_450);
    expect(parsePounds('-3.07')).toBe(-307);
    expect(parsePounds('0.1')).toBe(10);
    expect(parsePounds('1.234')).toBeNull();
    expect(parsePounds('12,34')).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (pence) => {
        expect(parsePounds(formatPounds(pence))).toBe(pence);
      }),
    );
  });
});

describe('VAT', () => {
  it('is worked out per line, half up, in pence, and shown separately', () => {
    expect(vatOnLine(1_003, 'standard')).toBe(201); // 200.6
    expect(vatOnLine(1_002, 'standard')).toBe(200); // 200.4
    expect(vatOnLine(1_002, 'exempt')).toBe(0);
    expect(vatOnLine(1_002, 'outside-scope')).toBe(0);
    expect(
      invoiceTotals([
        { netPence: 1_003, vatTreatment: 'standard' },
        { netPence: 1_003, vatTreatment: 'standard' },
        { netPence: 5_000, vatTreatment: 'exempt' },
      ]),
    ).toEqual({ netPence: 7_006, vatPence: 402, grossPence: 7_408 });
  });

  it('is within half a penny of 20% on every line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), (net) => {
        expect(Math.abs(vatOnLine(net, 'standard') - net * 0.2)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('financial years', () => {
  it('run April to March', () => {
    expect(financialYearOf('2026-03-31')).toBe(2025);
    expect(financialYearOf('2026-04-01')).toBe(2026);
    expect(financialYearLabel(2026)).toBe('2026/27');
    expect(financialYearLabel(2099)).toBe('2099/00');
  });

  it('split into months and quarters that cover the year', () => {
    const months = billingPeriods(2026, 'monthly');
    expect(months).toHaveLength(12);
    expect(months[0]).toMatchObject({ from: '2026-04-01', to: '2026-04-30', label: 'April 2026' });
    expect(months[10]).toMatchObject({ from: '2027-02-01', to: '2027-02-28' });
    expect(months[11]).toMatchObject({ from: '2027-03-01', to: '2027-03-31' });
    const quarters = billingPeriods(2027, 'quarterly');
    expect(quarters.map((q) => [q.from, q.to])).toEqual([
      ['2027-04-01', '2027-06-30'],
      ['2027-07-01', '2027-09-30'],
      ['2027-10-01', '2027-12-31'],
      ['2028-01-01', '2028-03-31'],
    ]);
    expect(quarters[3]?.label).toBe('Q4 2027/28');
  });
});

describe('ageing', () => {
  it('puts overdue items in 30-day buckets', () => {
    expect(ageingBucket('2026-11-23', '2026-11-23')).toBe('not-due');
    expect(ageingBucket('2026-11-22', '2026-11-23')).toBe('1-30');
    expect(ageingBucket('2026-10-24', '2026-11-23')).toBe('1-30');
    expect(ageingBucket('2026-10-23', '2026-11-23')).toBe('31-60');
    expect(ageingBucket('2026-08-25', '2026-11-23')).toBe('61-90');
    expect(ageingBucket('2026-08-24', '2026-11-23')).toBe('over-90');
  });
});
