import { describe, expect, it } from 'vitest';
import type { Me } from './api/me';
import {
  hubIdAt,
  membershipPracticeIdAt,
  patientIdAt,
  practiceIdAt,
  publicPageAt,
  redirectFor,
  walkInQueueIdAt,
} from './routes';

const me: Me = {
  user: { id: 'u1', email: 'demo@atscale.test', displayName: 'Demo User' },
  organisation: { id: 'o1', name: 'Demo Health Partnership', form: 'federation' },
  roles: [],
  practices: [],
};

describe('redirectFor', () => {
  it('sends a signed-out browser to sign-in from any page', () => {
    expect(redirectFor({ status: 'signed-out' }, '/')).toBe('/sign-in');
    expect(redirectFor({ status: 'signed-out' }, '/finance')).toBe('/sign-in');
    expect(redirectFor({ status: 'signed-out' }, '/sign-in')).toBeUndefined();
  });

  it('sends a signed-in user from sign-in to home and leaves other pages alone', () => {
    expect(redirectFor({ status: 'signed-in', me }, '/sign-in')).toBe('/');
    expect(redirectFor({ status: 'signed-in', me }, '/no-such-page')).toBeUndefined();
  });

  it('waits while the session is loading', () => {
    expect(redirectFor({ status: 'loading' }, '/')).toBeUndefined();
  });
});

describe('practiceIdAt', () => {
  it('reads the practice id from a practice path', () => {
    expect(practiceIdAt('/organisation/practices/abc-123')).toBe('abc-123');
    expect(practiceIdAt('/organisation/practices/')).toBeUndefined();
    expect(practiceIdAt('/organisation/practices/a/b')).toBeUndefined();
    expect(practiceIdAt('/organisation')).toBeUndefined();
    expect(practiceIdAt('/organisation/practices/%E0%A4%A')).toBeUndefined();
  });
});

describe('patientIdAt', () => {
  it('reads the patient id from a patient path', () => {
    expect(patientIdAt('/patients/abc-123')).toBe('abc-123');
    expect(patientIdAt('/patients')).toBeUndefined();
    expect(patientIdAt('/patients/')).toBeUndefined();
    expect(patientIdAt('/patients/a/b')).toBeUndefined();
    expect(patientIdAt('/patients/%E0%A4%A')).toBeUndefined();
  });
});

describe('membershipPracticeIdAt', () => {
  it('reads the practice id from a membership path', () => {
    expect(membershipPracticeIdAt('/organisation/membership/abc-123')).toBe('abc-123');
    expect(membershipPracticeIdAt('/organisation/membership')).toBeUndefined();
    expect(membershipPracticeIdAt('/organisation/membership/')).toBeUndefined();
    expect(membershipPracticeIdAt('/organisation/membership/a/b')).toBeUndefined();
    expect(membershipPracticeIdAt('/organisation/membership/%E0%A4%A')).toBeUndefined();
  });
});

describe('access hub and walk-in paths', () => {
  it('reads hub and queue ids, and lets anyone see a waiting room screen', () => {
    expect(hubIdAt('/access/hubs/h1')).toBe('h1');
    expect(hubIdAt('/access/hubs')).toBeUndefined();
    expect(walkInQueueIdAt('/access/walk-in/q1')).toBe('q1');
    expect(publicPageAt('/walk-in/q1/display')).toBeDefined();
    expect(publicPageAt('/walk-in/q1')).toBeUndefined();
    expect(redirectFor({ status: 'signed-out' }, '/walk-in/q1/display')).toBeUndefined();
    expect(redirectFor({ status: 'signed-out' }, '/access/walk-in/q1')).toBe('/sign-in');
  });
});
