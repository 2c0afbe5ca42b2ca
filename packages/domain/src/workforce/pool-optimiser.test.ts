import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyFill } from './greedy-fill.js';
import {
  assignmentProblems,
  buildPoolModel,
  clashCliques,
  isAvailableFor,
  optimisePool,
  poolObjective,
  poolMip,
  sessionPeriod,
  type PoolAssignment,
  type PoolGap,
  type PoolMember,
  type PoolProblem,
} from './pool-optimiser.js';
import type { RotaSession, RotaSite } from './rota.js';

// Three sites a few km apart in the West Midlands.
const sites: RotaSite[] = [
  { id: 'a', latitude: 52.4862, longitude: -1.8904 },
  { id: 'b', latitude: 52.4508, longitude: -1.9305 },
  { id: 'c', latitude: 52.52, longitude: -1.85 },
];

// Winter dates, so England is on UTC and 09:00Z is 09:00 local.
const session = (
  id: string,
  siteId: string,
  date: string,
  period: 'am' | 'pm' | 'evening',
  extra: Partial<RotaSession> = {},
): RotaSession => {
  const [from, to] = {
    am: ['08:30', '12:30'],
    pm: ['13:30', '17:00'],
    evening: ['18:00', '20:00'],
  }[period];
  return {
    id,
    siteId,
    startsAt: `${date}T${from}:00Z`,
    endsAt: `${date}T${to}:00Z`,
    requiredRole: 'gp',
    requiredSkills: [],
    staffNeeded: 1,
    urgency: 3,
    unpopular: false,
    ...extra,
  };
};

const member = (id: string, extra: Partial<PoolMember> = {}): PoolMember => ({
  id,
  pool: 'locum',
  role: 'gp',
  skills: [],
  availability: [
    { date: '2026-12-01', period: 'day' },
    { date: '2026-12-02', period: 'day' },
  ],
  maxSessionsPerWeek: 5,
  pencePerSession: 60_000,
  homeSiteId: 'a',
  rostered: [],
  ...extra,
});

const problemOf = (gaps: PoolGap[], members: PoolMember[]): PoolProblem => ({
  gaps,
  members,
  sites,
  externalLocumPencePerSession: 90_000,
});

describe('session periods and availability', () => {
  it('reads the part of the day in England, and a whole day covers am and pm only', () => {
    expect(sessionPeriod(session('s', 'a', '2026-12-01', 'am'))).toBe('am');
    expect(sessionPeriod(session('s', 'a', '2026-12-01', 'pm'))).toBe('pm');
    expect(sessionPeriod(session('s', 'a', '2026-12-01', 'evening'))).toBe('evening');
    // 11:30Z in summer is 12:30 in England: an afternoon.
    expect(
      sessionPeriod({ ...session('s', 'a', '2026-07-01', 'am'), startsAt: '2026-07-01T11:30:00Z' }),
    ).toBe('pm');
    const m = member('m');
    expect(isAvailableFor(m, session('s', 'a', '2026-12-01', 'pm'))).toBe(true);
    expect(isAvailableFor(m, session('s', 'a', '2026-12-01', 'evening'))).toBe(false);
    expect(isAvailableFor(m, session('s', 'a', '2026-12-03', 'am'))).toBe(false);
  });
});

describe('optimisePool', () => {
  it('fills what greedy first-fit leaves empty when it takes the wrong person first', async () => {
    // Only m2 has the coil-fitting skill; greedy gives the plain session to m2 first (list order)
    // and the coil session then has nobody. The optimiser puts m1 on the plain session.
    const gaps: PoolGap[] = [
      { session: session('plain', 'a', '2026-12-01', 'am', { urgency: 5 }), missing: 1 },
      {
        session: session('coil', 'b', '2026-12-01', 'am', { requiredSkills: ['coil'] }),
        missing: 1,
      },
    ];
    const members = [member('m2', { skills: ['coil'] }), member('m1')];
    const problem = problemOf(gaps, members);
    const greedy = greedyFill(problem);
    const best = await optimisePool(problem);
    expect(greedy.filled).toBe(1);
    expect(best.status).toBe('optimal');
    expect(best.filled).toBe(2);
    expect(assignmentProblems(problem, best.assignments)).toEqual([]);
    expect(best.savingPence).toBe(2 * 30_000);
    expect(best.externalCostPence).toBe(180_000);
  });

  it('prefers the cheaper person, and leaves a gap rather than break a rule', async () => {
    const gaps: PoolGap[] = [
      { session: session('g1', 'a', '2026-12-01', 'am'), missing: 1 },
      // Same time at another site: one person cannot do both.
      { session: session('g2', 'b', '2026-12-01', 'am'), missing: 1 },
    ];
    const dear = member('dear', { pencePerSession: 80_000 });
    const cheap = member('cheap', { pencePerSession: 50_000 });
    const one = await optimisePool(problemOf(gaps.slice(0, 1), [dear, cheap]));
    expect(one.assignments.map((a) => a.staffId)).toEqual(['cheap']);
    const both = await optimisePool(problemOf(gaps, [cheap]));
    expect(both.filled).toBe(1);
  });

  it('keeps to availability, max sessions, rostered sessions and travel time', async () => {
    const gaps: PoolGap[] = [
      { session: session('am-a', 'a', '2026-12-01', 'am'), missing: 1 },
      // Back to back at a site 5 km away: 60 minutes between is enough, 5 is not.
      {
        session: { ...session('pm-b', 'b', '2026-12-01', 'pm'), startsAt: '2026-12-01T12:35:00Z' },
        missing: 1,
      },
      { session: session('eve', 'a', '2026-12-01', 'evening'), missing: 1 },
      { session: session('day2', 'a', '2026-12-02', 'am'), missing: 1 },
    ];
    const m = member('m', {
      maxSessionsPerWeek: 2,
      rostered: [session('own', 'c', '2026-12-02', 'am')],
    });
    const problem = problemOf(gaps, [m]);
    const model = buildPoolModel(problem);
    // am-a and pm-b are both eligible but clash by travel; evening not available; day2 clashes
    // with the rostered session at c.
    expect(model.eligible[0]).toEqual([0, 1]);
    expect(model.clash(0, 1)).toBe(true);
    expect(model.capacity[0]).toBe(1);
    const fill = await optimisePool(problem);
    expect(fill.filled).toBe(1);
    expect(
      assignmentProblems(problem, [...fill.assignments, { sessionId: 'eve', staffId: 'm' }]),
    ).toEqual([
      'm cannot take session eve: not available then',
      'm gets 2 sessions but has room for 1',
    ]);
  });

  it('spreads unpopular sessions fairly: no one over ceil(places / people) + 1', async () => {
    const dates = ['2026-12-01', '2026-12-02'];
    const gaps: PoolGap[] = dates.flatMap((date) =>
      (['am', 'pm', 'evening'] as const).map((period) => ({
        session: session(`${date}-${period}`, 'a', date, period, { unpopular: true }),
        missing: 1,
      })),
    );
    const everywhere = dates.flatMap((date) => [
      { date, period: 'day' as const },
      { date, period: 'evening' as const },
    ]);
    // The cheap one would take all six; three people are eligible, so the cap is 2 + 1 = 3.
    const members = [
      member('cheap', {
        pencePerSession: 10_000,
        availability: everywhere,
        maxSessionsPerWeek: 10,
      }),
      member('p2', { availability: everywhere }),
      member('p3', { availability: everywhere }),
    ];
    const problem = problemOf(gaps, members);
    const fill = await optimisePool(problem);
    expect(buildPoolModel(problem).unpopularCap).toBe(3);
    expect(fill.filled).toBe(6);
    expect(fill.assignments.filter((a) => a.staffId === 'cheap')).toHaveLength(3);
    expect(assignmentProblems(problem, fill.assignments)).toEqual([]);
  });

  it('fills a gap even at a cost above the external rate, and the urgent one first', async () => {
    const urgent: PoolGap = {
      session: session('urgent', 'b', '2026-12-01', 'am', { urgency: 5 }),
      missing: 1,
      belowMinimumStaffing: true,
    };
    const routine: PoolGap = {
      session: session('routine', 'a', '2026-12-01', 'am', { urgency: 1 }),
      missing: 1,
    };
    const dear = member('dear', { pencePerSession: 120_000 });
    const fill = await optimisePool(problemOf([routine, urgent], [dear]));
    expect(fill.assignments.map((a) => a.sessionId)).toEqual(['urgent']);
    expect(fill.savingPence).toBe(-30_000);
  });

  it('reports problems with unknown sessions, people and doubled places', () => {
    const gap: PoolGap = { session: session('g', 'a', '2026-12-01', 'am'), missing: 1 };
    const problem = problemOf([gap], [member('m'), member('n')]);
    expect(
      assignmentProblems(problem, [
        { sessionId: 'nope', staffId: 'm' },
        { sessionId: 'g', staffId: 'ghost' },
        { sessionId: 'g', staffId: 'm' },
        { sessionId: 'g', staffId: 'm' },
        { sessionId: 'g', staffId: 'n' },
      ]),
    ).toEqual([
      'session nope is not a gap',
      'ghost is not in the pool',
      'm is on session g twice',
      'session g gets 3 people but is short of 1',
    ]);
  });

  it('answers an empty week with nothing to do', async () => {
    const fill = await optimisePool(problemOf([], [member('m')]));
    expect(fill).toMatchObject({ status: 'empty', filled: 0, savingPence: 0 });
  });
});

// Random small weeks: 2 days x 3 periods x 3 sites, a few roles and skills, 1-6 members.
const periods = ['am', 'pm', 'evening'] as const;
const instance = fc
  .record({
    gaps: fc.array(
      fc.record({
        day: fc.integer({ min: 1, max: 2 }),
        period: fc.constantFrom(...periods),
        site: fc.constantFrom('a', 'b', 'c'),
        role: fc.constantFrom('gp' as const, 'anp' as const, 'practice-nurse' as const),
        skill: fc.option(fc.constantFrom('coil', 'msk'), { nil: undefined }),
        urgency: fc.integer({ min: 1, max: 5 }),
        unpopular: fc.boolean(),
        missing: fc.integer({ min: 1, max: 2 }),
        belowMinimum: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    members: fc.array(
      fc.record({
        role: fc.constantFrom('gp' as const, 'anp' as const, 'practice-nurse' as const),
        skills: fc.subarray(['coil', 'msk']),
        slots: fc.subarray(
          [1, 2].flatMap((day) => [...periods, 'day' as const].map((period) => ({ day, period }))),
          { minLength: 1 },
        ),
        max: fc.integer({ min: 0, max: 4 }),
        pence: fc.integer({ min: 30_000, max: 100_000 }),
        home: fc.constantFrom('a', 'b', 'c'),
        rosteredOn: fc.option(
          fc.record({ day: fc.integer({ min: 1, max: 2 }), period: fc.constantFrom(...periods) }),
          {
            nil: undefined,
          },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ gaps, members }): PoolProblem =>
    problemOf(
      gaps.map((g, i) => ({
        session: session(`g${i}`, g.site, `2026-12-0${g.day}`, g.period, {
          requiredRole: g.role,
          requiredSkills: g.skill === undefined ? [] : [g.skill],
          urgency: g.urgency,
          unpopular: g.unpopular,
          staffNeeded: g.missing,
        }),
        missing: g.missing,
        belowMinimumStaffing: g.belowMinimum,
      })),
      members.map((m, i) =>
        member(`m${i}`, {
          role: m.role,
          skills: m.skills,
          availability: m.slots.map((s) => ({ date: `2026-12-0${s.day}`, period: s.period })),
          maxSessionsPerWeek: m.max,
          pencePerSession: m.pence,
          homeSiteId: m.home,
          rostered:
            m.rosteredOn === undefined
              ? []
              : [session(`own${i}`, 'c', `2026-12-0${m.rosteredOn.day}`, m.rosteredOn.period)],
        }),
      ),
    ),
  );

describe('optimiser against greedy on random weeks', () => {
  it('keeps every rule and is never worse than greedy first-fit', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (problem) => {
        const model = buildPoolModel(problem);
        const greedy = greedyFill(problem);
        const best = await optimisePool(problem);
        expect(assignmentProblems(problem, greedy.assignments, model)).toEqual([]);
        expect(assignmentProblems(problem, best.assignments, model)).toEqual([]);
        expect(['optimal', 'empty']).toContain(best.status);
        expect(best.objective).toBeGreaterThanOrEqual(greedy.objective);
        expect(poolObjective(problem, best.assignments, model)).toBe(best.objective);
      }),
      { numRuns: 120 },
    );
    // HiGHS solves 120 small models: seconds, more on a busy machine.
  }, 60_000);
});

/** The best objective over every subset of eligible pairings that keeps the rules. */
function bruteForce(problem: PoolProblem): number {
  const model = buildPoolModel(problem);
  const pairs: PoolAssignment[] = model.eligible.flatMap((list, m) =>
    list.map((g) => ({
      sessionId: problem.gaps[g]?.session.id ?? '',
      staffId: problem.members[m]?.id ?? '',
    })),
  );
  let best = 0;
  for (let mask = 1; mask < 1 << pairs.length; mask += 1) {
    const chosen = pairs.filter((_, i) => (mask & (1 << i)) !== 0);
    const value = poolObjective(problem, chosen, model);
    if (value > best && assignmentProblems(problem, chosen, model).length === 0) best = value;
  }
  return best;
}

describe('the model is exact', () => {
  it('covers every clashing pair with cliques of clashing gaps only', () => {
    fc.assert(
      fc.property(instance, (problem) => {
        const model = buildPoolModel(problem);
        model.eligible.forEach((list) => {
          const cliques = clashCliques(list, model.clash);
          for (const clique of cliques) {
            for (const a of clique)
              for (const b of clique) if (a !== b) expect(model.clash(a, b)).toBe(true);
          }
          for (const a of list) {
            for (const b of list) {
              if (a < b && model.clash(a, b)) {
                expect(cliques.some((c) => c.includes(a) && c.includes(b))).toBe(true);
              }
            }
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('finds the best assignment over all that keep the rules (brute force on small weeks)', async () => {
    const small = instance.filter(
      (problem) => buildPoolModel(problem).eligible.reduce((n, l) => n + l.length, 0) <= 12,
    );
    await fc.assert(
      fc.asyncProperty(small, async (problem) => {
        const best = await optimisePool(problem);
        expect(best.objective).toBe(bruteForce(problem));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("agrees with HiGHS's own MIP solver when branch and bound is skipped", async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (problem) => {
        const searched = await optimisePool(problem);
        const mip = await optimisePool(problem, { maxNodes: 0 });
        expect(mip.status).toBe(searched.status);
        expect(mip.objective).toBe(searched.objective);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('leaves out rows that cannot bind', () => {
    const gaps: PoolGap[] = [
      { session: session('g1', 'a', '2026-12-01', 'am'), missing: 1 },
      { session: session('g2', 'b', '2026-12-01', 'am'), missing: 2 },
    ];
    // One person with room for one: a single row "at most one" covers the clash as well.
    const mip = poolMip(buildPoolModel(problemOf(gaps, [member('m', { maxSessionsPerWeek: 1 })])));
    expect(mip.rows.map((r) => r.name)).toEqual(['max_0']);
    const two = poolMip(buildPoolModel(problemOf(gaps, [member('m'), member('n')])));
    expect(two.rows.map((r) => r.name)).toEqual(['clash_0_0', 'clash_1_0', 'gap_0']);
  });
});
