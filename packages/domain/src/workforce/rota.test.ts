import { describe, expect, it } from 'vitest';
import {
  clashBetween,
  sessionGaps,
  travelMinutes,
  type RotaSession,
  type RotaSite,
} from './rota.js';

// Two sites about 5 km apart in the West Midlands, and one with no position recorded.
const sites: Record<string, RotaSite> = {
  a: { id: 'a', latitude: 52.4862, longitude: -1.8904 },
  b: { id: 'b', latitude: 52.4508, longitude: -1.9305 },
  x: { id: 'x', latitude: null, longitude: null },
};
const siteOf = (id: string): RotaSite => sites[id] ?? { id, latitude: null, longitude: null };

const session = (id: string, siteId: string, startsAt: string, endsAt: string): RotaSession => ({
  id,
  siteId,
  startsAt,
  endsAt,
  requiredRole: 'gp',
  requiredSkills: [],
  staffNeeded: 1,
  urgency: 3,
  unpopular: false,
});

describe('travelMinutes', () => {
  it('is nothing within a site, the changeover plus the journey between sites', () => {
    expect(travelMinutes(siteOf('a'), siteOf('a'))).toBe(0);
    const minutes = travelMinutes(siteOf('a'), siteOf('b'));
    expect(minutes).toBeGreaterThan(20);
    expect(minutes).toBeLessThan(30);
  });

  it('allows an hour when a site has no position', () => {
    expect(travelMinutes(siteOf('a'), siteOf('x'))).toBe(60);
  });
});

describe('clashBetween', () => {
  it('refuses overlapping sessions whatever the sites', () => {
    const am = session('1', 'a', '2026-11-23T08:00:00Z', '2026-11-23T12:00:00Z');
    const late = session('2', 'a', '2026-11-23T11:30:00Z', '2026-11-23T13:00:00Z');
    expect(clashBetween(am, late, siteOf)).toBe('the sessions overlap');
  });

  it('allows back-to-back sessions at one site but not across town without time to travel', () => {
    const am = session('1', 'a', '2026-11-23T08:00:00Z', '2026-11-23T12:00:00Z');
    const sameSite = session('2', 'a', '2026-11-23T12:00:00Z', '2026-11-23T16:00:00Z');
    const otherSite = session('3', 'b', '2026-11-23T12:15:00Z', '2026-11-23T16:00:00Z');
    const later = session('4', 'b', '2026-11-23T13:00:00Z', '2026-11-23T17:00:00Z');
    expect(clashBetween(am, sameSite, siteOf)).toBeNull();
    expect(clashBetween(otherSite, am, siteOf)).toMatch(/15 minutes between the sessions/);
    expect(clashBetween(am, later, siteOf)).toBeNull();
  });
});

describe('sessionGaps', () => {
  it('opens a gap when the person rostered is off sick that day, most urgent first', () => {
    const monday = { ...session('1', 'a', '2026-11-23T08:00:00Z', '2026-11-23T12:00:00Z') };
    const urgent = {
      ...session('2', 'b', '2026-11-24T08:00:00Z', '2026-11-24T12:00:00Z'),
      urgency: 5,
    };
    const staffed = session('3', 'a', '2026-11-25T08:00:00Z', '2026-11-25T12:00:00Z');
    const gaps = sessionGaps(
      [monday, urgent, staffed],
      [
        { sessionId: '1', staffId: 'dr-a' },
        { sessionId: '3', staffId: 'dr-b' },
      ],
      [{ staffId: 'dr-a', startsOn: '2026-11-23', endsOn: '2026-11-23' }],
    );
    expect(gaps.map((g) => [g.session.id, g.missing, g.absentStaffIds])).toEqual([
      ['2', 1, []],
      ['1', 1, ['dr-a']],
    ]);
  });

  it('reads the day of a session in England: 23:30 UTC in summer is the next day', () => {
    const evening = session('1', 'a', '2026-07-01T23:30:00Z', '2026-07-02T01:00:00Z');
    const gaps = sessionGaps(
      [evening],
      [{ sessionId: '1', staffId: 'dr-a' }],
      [{ staffId: 'dr-a', startsOn: '2026-07-02', endsOn: '2026-07-02' }],
    );
    expect(gaps).toHaveLength(1);
  });
});
