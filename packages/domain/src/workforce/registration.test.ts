import { describe, expect, it } from 'vitest';
import { registrationProblem, REGISTRATION_BODY } from './registration.js';

describe('registration numbers', () => {
  it('takes a 7-digit GMC number for GPs and physician associates', () => {
    expect(registrationProblem('gp', '1234567')).toBeNull();
    expect(registrationProblem('physician-associate', ' 7654321 ')).toBeNull();
    expect(registrationProblem('gp', '123456')).toMatch(/GMC number/);
    expect(registrationProblem('gp', '12345678')).toMatch(/7 digits/);
    expect(registrationProblem('gp', '12A3456E')).toMatch(/GMC/);
  });

  it('takes an NMC PIN for nurses and ANPs, any case', () => {
    expect(registrationProblem('practice-nurse', '12A3456E')).toBeNull();
    expect(registrationProblem('anp', '99y1234a')).toBeNull();
    expect(registrationProblem('anp', '12Z3456E')).toMatch(/NMC PIN/);
    expect(registrationProblem('anp', '1234567')).toMatch(/NMC PIN/);
  });

  it('takes a 7-digit GPhC number for pharmacists', () => {
    expect(REGISTRATION_BODY['clinical-pharmacist']).toBe('GPhC');
    expect(registrationProblem('clinical-pharmacist', '2071234')).toBeNull();
    expect(registrationProblem('clinical-pharmacist', '207123')).toMatch(/GPhC/);
  });

  it('has no register for HCAs and admin roles, and a blank is always fine', () => {
    expect(registrationProblem('hca', '1234567')).toMatch(/no professional register/);
    expect(registrationProblem('administrator', null)).toBeNull();
    expect(registrationProblem('gp', '  ')).toBeNull();
  });
});
