import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import {
  actionState,
  DEFAULT_STANDARDS,
  parseQuarter,
  quarterDates,
  quarterOf,
  quartersTo,
  rag,
  shiftQuarter,
  standardsWith,
  validateThresholds,
} from './standards.js';

const lower = { direction: 'lower-better', green: 2, amber: 5 } as const;
const higher = { direction: 'higher-better', green: 60, amber: 45 } as const;

describe('rag', () => {
  it('is green on the green threshold and amber just past it (lower is better)', () => {
    expect(rag(2, lower)).toBe('green');
    expect(rag(1.99, lower)).toBe('green');
    expect(rag(2.01, lower)).toBe('amber');
    expect(rag(5, lower)).toBe('amber');
    expect(rag(5.01, lower)).toBe('red');
  });

  it('is green on the green threshold and amber just below it (higher is better)', () => {
    expect(rag(60, higher)).toBe('green');
    expect(rag(59.99, higher)).toBe('amber');
    expect(rag(45, higher)).toBe('amber');
    expect(rag(44.99, higher)).toBe('red');
    expect(rag(0, higher)).toBe('red');
  });

  it('is no-data when the measure could not be computed', () => {
    expect(rag(null, higher)).toBe('no-data');
    expect(rag(Number.NaN, lower)).toBe('no-data');
  });

  it('has no amber band when amber equals green', () => {
    const strict = { direction: 'higher-better', green: 100, amber: 100 } as const;
    expect(rag(100, strict)).toBe('green');
    expect(rag(99, strict)).toBe('red');
  });
});

describe('thresholds', () => {
  it('refuses amber better than green, naming the field', () => {
    const error = (() => {
      try {
        validateThresholds('lower-better', { green: 5, amber: 2 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AtscaleError);
    expect((error as AtscaleError).errors[0]?.field).toBe('/amber');
    expect(() => {
      validateThresholds('higher-better', { green: 60, amber: 70 });
    }).toThrow(/amber/);
    expect(() => {
      validateThresholds('higher-better', { green: Number.NaN, amber: 1 });
    }).toThrow(/green/);
    expect(() => {
      validateThresholds('higher-better', { green: 60, amber: 60 });
    }).not.toThrow();
  });

  it('lays an organisation’s thresholds over the defaults and keeps the rest', () => {
    const standards = standardsWith({ 'dna-rate': { green: 3, amber: 9 } });
    expect(standards.find((s) => s.id === 'dna-rate')).toMatchObject({ green: 3, amber: 9 });
    const wait = standards.find((s) => s.id === 'access-wait-days');
    expect(wait).toEqual(DEFAULT_STANDARDS.find((s) => s.id === 'access-wait-days'));
    expect(standards).toHaveLength(DEFAULT_STANDARDS.length);
  });

  it('has defaults that pass their own validation', () => {
    for (const s of DEFAULT_STANDARDS)
      expect(() => {
        validateThresholds(s.direction, s);
      }).not.toThrow();
  });
});

describe('quarters', () => {
  it('puts April to June in Q1 and January to March in Q4 of the year before', () => {
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, number: 1 });
    expect(quarterOf('2026-06-30')).toEqual({ year: 2026, number: 1 });
    expect(quarterOf('2026-07-01')).toEqual({ year: 2026, number: 2 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, number: 3 });
    expect(quarterOf('2027-01-01')).toEqual({ year: 2026, number: 4 });
    expect(quarterOf('2027-03-31')).toEqual({ year: 2026, number: 4 });
  });

  it('gives a quarter’s dates, key and label', () => {
    expect(quarterDates({ year: 2026, number: 4 })).toEqual({
      year: 2026,
      number: 4,
      key: '2026-Q4',
      label: 'Q4 2026/27',
      from: '2027-01-01',
      to: '2027-03-31',
    });
  });

  it('shifts across financial years both ways', () => {
    expect(shiftQuarter({ year: 2026, number: 1 }, -1)).toEqual({ year: 2025, number: 4 });
    expect(shiftQuarter({ year: 2026, number: 4 }, 1)).toEqual({ year: 2027, number: 1 });
    expect(shiftQuarter({ year: 2026, number: 2 }, -6)).toEqual({ year: 2024, number: 4 });
  });

  it('lists the quarters to today, oldest first', () => {
    expect(quartersTo('2026-11-23', 3).map((q) => q.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
  });

  it('parses keys and refuses others naming the field', () => {
    expect(parseQuarter('2025-Q3')).toEqual({ year: 2025, number: 3 });
    expect(() => parseQuarter('2025-Q5')).toThrow(/quarter/);
    expect(() => parseQuarter('Q1 2025', '/q')).toThrow(AtscaleError);
  });
});

describe('actionState', () => {
  it('is overdue only when open past its due date', () => {
    expect(actionState({ status: 'open', dueOn: '2026-11-22' }, '2026-11-23')).toBe('overdue');
    expect(actionState({ status: 'open', dueOn: '2026-11-23' }, '2026-11-23')).toBe('open');
    expect(actionState({ status: 'done', dueOn: '2026-01-01' }, '2026-11-23')).toBe('done');
  });
});
