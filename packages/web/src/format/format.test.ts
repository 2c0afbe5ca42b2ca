import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatMonthYear,
  formatNhsNumber,
  formatPence,
  idAsWords,
  yesNo,
} from './format';

describe('formatPence', () => {
  it('shows pence as pounds with two decimals', () => {
    expect(formatPence(200)).toBe('£2.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPence(-250)).toBe('-£2.50');
  });
});

describe('formatDate', () => {
  it('shows ISO dates the GOV.UK way', () => {
    expect(formatDate('2025-10-01')).toBe('1 October 2025');
    expect(formatDate('2024-01-31T00:00:00.000Z')).toBe('31 January 2024');
  });

  it('leaves text that is not a date alone', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDate('2025-13-01')).toBe('2025-13-01');
  });
});

describe('formatMonthYear', () => {
  it('shows a short month and year', () => {
    expect(formatMonthYear('2025-10-01')).toBe('Oct 2025');
    expect(formatMonthYear('nope')).toBe('nope');
  });
});

describe('small helpers', () => {
  it('formats counts, booleans and ids', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(yesNo(true)).toBe('Yes');
    expect(yesNo(false)).toBe('No');
    expect(idAsWords('stays-with-organisation')).toBe('Stays with organisation');
  });
});

describe('formatNhsNumber', () => {
  it('spaces a 10-digit NHS number 3-3-4', () => {
    expect(formatNhsNumber('9990000018')).toBe('999 000 0018');
    expect(formatNhsNumber('999 000 0018')).toBe('999 000 0018');
  });

  it('leaves anything else unchanged', () => {
    expect(formatNhsNumber('12345')).toBe('12345');
    expect(formatNhsNumber('')).toBe('');
  });
});
