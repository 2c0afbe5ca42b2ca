import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import { formChange, formOn } from './form-change.js';

function errorOf(act: () => unknown): AtscaleError {
  try {
    act();
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected an AtscaleError');
}

describe('form changes', () => {
  // A federation that became an autonomy super-partnership, recorded out of order.
  const history = [
    formChange('autonomy-super-partnership', '2016-04-01'),
    formChange('federation', '2014-10-01'),
  ];

  it('answers the form in force on a date, whatever the order of the history', () => {
    expect(formOn(history, '2015-06-30')).toBe('federation');
    expect(formOn(history, '2016-03-31')).toBe('federation');
    expect(formOn(history, '2016-04-01')).toBe('autonomy-super-partnership');
    expect(formOn(history, '2025-01-01')).toBe('autonomy-super-partnership');
  });

  it('answers null before the first recorded form', () => {
    expect(formOn(history, '2014-09-30')).toBeNull();
    expect(formOn([], '2020-01-01')).toBeNull();
  });

  it('refuses two changes on the same date', () => {
    const clash = [...history, formChange('hub-network', '2016-04-01')];
    const error = errorOf(() => formOn(clash, '2020-01-01'));
    expect(error.code).toBe('validation-failed');
    expect(error.detail).toMatch(/2016-04-01/);
  });

  it('refuses an unknown form and a badly written date', () => {
    expect(errorOf(() => formChange('co-operative', '2020-01-01')).errors[0]?.field).toBe('/form');
    expect(errorOf(() => formChange('federation', '01/04/2020')).errors[0]?.field).toBe(
      '/effectiveFrom',
    );
    expect(errorOf(() => formOn(history, '2020-02-30')).code).toBe('validation-failed');
  });
});
