import { describe, expect, it } from 'vitest';
import { publicPageAt, redirectFor } from '../../routes';
import { waitedFor } from '../access/requests/requests-api';
import { formatMinutes } from '../access/triage/triage-kpis-page';

describe('the public online request form', () => {
  it('is reachable without signing in, and nothing else under /request is', () => {
    expect(publicPageAt('/request/Y90001')).toBeDefined();
    expect(redirectFor({ status: 'signed-out' }, '/request/Y90001')).toBeUndefined();
    expect(publicPageAt('/request')).toBeUndefined();
    expect(publicPageAt('/request/Y90001/extra')).toBeUndefined();
    expect(redirectFor({ status: 'signed-out' }, '/access/triage')).toBe('/sign-in');
  });
});

describe('triage times in words', () => {
  it('says how long a request has waited', () => {
    const at = '2026-11-23T12:00:00Z';
    expect(waitedFor('2026-11-23T11:55:00Z', at)).toBe('5 min');
    expect(waitedFor('2026-11-23T09:30:00Z', at)).toBe('2 h 30 min');
    expect(waitedFor('2026-11-20T12:00:00Z', at)).toBe('3 days');
    expect(waitedFor('2026-11-23T12:05:00Z', at)).toBe('0 min');
  });

  it('writes KPI durations in minutes, hours or days', () => {
    expect(formatMinutes(null)).toBe('–');
    expect(formatMinutes(42.4)).toBe('42 min');
    expect(formatMinutes(150)).toBe('2.5 h');
    expect(formatMinutes(4320)).toBe('3.0 days');
  });
});
