import { describe, expect, it } from 'vitest';
import {
  clashBetween,
  eligibilityProblems,
  roleCovers,
  rosterProblems,
  sessionGaps,
  siteAccessProblem,
  type SiteAccess,
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

describe('rosterProblems', () => {
  const am = session('am', 'a', '2026-01-12T08:00:00.000Z', '2026-01-12T12:30:00.000Z');

  it('finds overlaps and too-tight journeys either way round, ignoring the session itself', () => {
    const overlapping = session('o', 'a', '2026-01-12T12:00:00.000Z', '2026-01-12T13:00:00.000Z');
    const tight = session('t', 'b', '2026-01-12T12:40:00.000Z', '2026-01-12T17:00:00.000Z');
    const before = session('e', 'b', '2026-01-12T07:00:00.000Z', '2026-01-12T07:55:00.000Z');
    const problems = rosterProblems(am, [am, overlapping, tight, before], siteOf);
    expect(problems.map((p) => [p.kind, p.other.id])).toEqual([
      ['overlap', 'o'],
      ['travel', 't'],
      ['travel', 'e'],
    ]);
    expect(problems[1]?.message).toMatch(/10 minutes .* takes 2\d/);
  });

  it('allows back-to-back at the same site and a journey with time for it', () => {
    const sameSite = session('s', 'a', '2026-01-12T12:30:00.000Z', '2026-01-12T17:00:00.000Z');
    const later = session('l', 'b', '2026-01-12T13:30:00.000Z', '2026-01-12T17:00:00.000Z');
    expect(rosterProblems(am, [sameSite], siteOf)).toEqual([]);
    expect(rosterProblems(am, [later], siteOf)).toEqual([]);
  });

  it('allows an hour when a site has no position', () => {
    const unknown = session('u', 'x', '2026-01-12T13:00:00.000Z', '2026-01-12T17:00:00.000Z');
    expect(rosterProblems(am, [unknown], siteOf)).toMatchObject([{ travelMinutes: 60 }]);
  });
});

describe('eligibilityProblems', () => {
  const nursing = {
    ...session('n', 'a', '2026-01-12T08:00:00Z', '2026-01-12T12:30:00Z'),
    requiredRole: 'practice-nurse' as const,
    requiredSkills: ['coil-fitting'],
  };
  it('lets an ANP cover a practice nurse, not a GP session, and needs the skills', () => {
    const anp = { id: 'p', name: 'Ann', role: 'anp' as const, skills: ['coil-fitting'] };
    expect(eligibilityProblems(nursing, anp)).toEqual([]);
    expect(roleCovers('practice-nurse', 'anp')).toBe(false);
    expect(
      eligibilityProblems(session('g', 'a', nursing.startsAt, nursing.endsAt), anp),
    ).toHaveLength(1);
    expect(eligibilityProblems(nursing, { ...anp, skills: [] })[0]).toMatch(/coil-fitting/);
  });
  it('refuses someone away that day', () => {
    const gp = { id: 'p', name: 'Dr G', role: 'gp' as const, skills: [] };
    const gpSession = session('g', 'a', nursing.startsAt, nursing.endsAt);
    const away = [{ staffId: 'p', startsOn: '2026-01-12', endsOn: '2026-01-12' }];
    expect(eligibilityProblems(gpSession, gp, away)[0]).toMatch(/away/);
  });
});

describe('siteAccessProblem', () => {
  const main = { id: 'main', name: 'Main Street', practiceId: 'p1' };
  const away = { id: 'away', name: 'Far Lane', practiceId: 'p2' };
  const person = (extra: Partial<SiteAccess> = {}): SiteAccess => ({
    name: 'Dr Ada One',
    homePracticeId: 'p1',
    employingBody: 'practice',
    extraSiteIds: [],
    poolMember: false,
    resilienceTeam: false,
    crisisPracticeIds: [],
    ...extra,
  });

  it('lets people work at their home practice and the sites listed for them', () => {
    expect(siteAccessProblem(person(), main, 'rota')).toBeNull();
    expect(siteAccessProblem(person({ extraSiteIds: ['away'] }), away, 'rota')).toBeNull();
    expect(siteAccessProblem(person(), away, 'rota')).toBe(
      'Dr Ada One does not work at Far Lane: it is not a site of their home practice or one listed for them',
    );
  });

  it('sends central pool members anywhere from the pool, and only from the pool', () => {
    const pool = person({ homePracticeId: null, employingBody: 'organisation', poolMember: true });
    expect(siteAccessProblem(pool, away, 'pool')).toBeNull();
    expect(siteAccessProblem(pool, away, 'rota')).toMatch(/does not work at Far Lane/);
    // A pool member employed by their practice (or self-employed) needs the site listed.
    expect(siteAccessProblem({ ...pool, employingBody: 'self-employed' }, away, 'pool')).toMatch(
      /pool placements outside them are for centrally employed staff/,
    );
    expect(siteAccessProblem({ ...pool, poolMember: false }, away, 'pool')).not.toBeNull();
  });

  it('sends the resilience team to the practices in crisis they are deployed to', () => {
    const team = person({
      homePracticeId: null,
      employingBody: 'organisation',
      resilienceTeam: true,
      crisisPracticeIds: ['p2'],
    });
    expect(siteAccessProblem(team, away, 'resilience')).toBeNull();
    expect(siteAccessProblem(team, main, 'resilience')).toMatch(/resilience team deployed/);
    expect(siteAccessProblem(team, away, 'rota')).not.toBeNull();
    expect(
      siteAccessProblem({ ...team, resilienceTeam: false }, away, 'resilience'),
    ).not.toBeNull();
  });
});
