import {
  buildPoolModel,
  costPoolFill,
  type PoolAssignment,
  type PoolFill,
  type PoolProblem,
} from './pool-optimiser.js';

/**
 * The first-fit baseline the pool optimiser is measured against: each gap in the order given
 * (the gap list's order, most urgent first), each place in it, goes to the first member in list
 * order who is eligible, has room in their week, does not clash with what they have already
 * been given and is under the unpopular-session cap. Same rules as the optimiser; no look-ahead.
 */
export function greedyFill(problem: PoolProblem): PoolFill {
  const model = buildPoolModel(problem);
  const eligible = model.eligible.map((list) => new Set(list));
  const given: number[][] = problem.members.map(() => []);
  const unpopularGiven = problem.members.map(() => 0);
  const chosen: PoolAssignment[] = [];
  problem.gaps.forEach((gap, g) => {
    let placed = 0;
    problem.members.forEach((member, m) => {
      const mine = given[m] ?? [];
      if (placed >= gap.missing || eligible[m]?.has(g) !== true) return;
      if (mine.length >= (model.capacity[m] ?? 0)) return;
      if (gap.session.unpopular && (unpopularGiven[m] ?? 0) >= model.unpopularCap) return;
      if (mine.some((other) => model.clash(other, g))) return;
      mine.push(g);
      if (gap.session.unpopular) unpopularGiven[m] = (unpopularGiven[m] ?? 0) + 1;
      chosen.push({ sessionId: gap.session.id, staffId: member.id });
      placed += 1;
    });
  });
  return costPoolFill(problem, chosen, 'first-fit', model);
}
