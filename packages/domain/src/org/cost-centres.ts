import { AtscaleError } from '../errors.js';
import { checkDatedHistory, inForceOn } from './dated-history.js';
import { assertIsoDate, type IsoDate } from './iso-date.js';

/**
 * A practice's cost centre from an effective date until its next assignment. History is never
 * rewritten: a merge adds assignments, so reports for earlier dates still see the old centres.
 */
export interface CostCentreAssignment {
  readonly practiceId: string;
  readonly costCentreId: string;
  readonly effectiveFrom: IsoDate;
}

/** A sum of money booked to a practice on a date, in integer pence (may be negative). */
export interface PracticeAmount {
  readonly practiceId: string;
  readonly date: IsoDate;
  readonly pence: number;
}

/** The money attributed to one cost centre, in integer pence. */
export interface CostCentreTotal {
  readonly costCentreId: string;
  readonly pence: number;
}

/** Cost centres merging into one from a date (ORG-3: five practices become one cost centre). */
export interface CostCentreMerge {
  /** The cost centres that merge; `into` may be one of them or a new cost centre. */
  readonly from: readonly string[];
  readonly into: string;
  readonly effectiveFrom: IsoDate;
}

const byDate = (assignment: CostCentreAssignment): IsoDate => assignment.effectiveFrom;

function checkAssignments(assignments: readonly CostCentreAssignment[]): void {
  checkDatedHistory(assignments, byDate, 'cost centre assignment', (a) => a.practiceId);
}

// Sorted per practice once, so attributing a year of ledger entries is a binary search each
// rather than a scan of the whole history.
function indexByPractice(
  assignments: readonly CostCentreAssignment[],
): Map<string, CostCentreAssignment[]> {
  const index = new Map<string, CostCentreAssignment[]>();
  for (const assignment of assignments) {
    const list = index.get(assignment.practiceId) ?? [];
    list.push(assignment);
    index.set(assignment.practiceId, list);
  }
  for (const list of index.values()) {
    list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  }
  return index;
}

function latestOnOrBefore(sorted: readonly CostCentreAssignment[], date: IsoDate): string | null {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle]?.effectiveFrom ?? '') <= date) low = middle + 1;
    else high = middle;
  }
  return sorted[low - 1]?.costCentreId ?? null;
}

/**
 * The practice's cost centre on a date, or null when it had none yet. Assignments may be in
 * any order; two for one practice on one date are refused (validation-failed).
 */
export function costCentreOn(
  assignments: readonly CostCentreAssignment[],
  practiceId: string,
  date: IsoDate,
): string | null {
  assertIsoDate(date, '/date');
  checkAssignments(assignments);
  const own = assignments.filter((assignment) => assignment.practiceId === practiceId);
  return inForceOn(own, byDate, date)?.costCentreId ?? null;
}

/**
 * The assignments after a merge: every practice whose cost centre is one of `from` on the
 * effective date moves to `into` from that date; earlier assignments are kept. Refuses a merge
 * that names no practice's cost centre on its date (validation-failed), or one dated before a practice's latest change
 * (conflict), since history can only be added to at its end.
 */
export function mergeCostCentres(
  assignments: readonly CostCentreAssignment[],
  merge: CostCentreMerge,
): CostCentreAssignment[] {
  assertIsoDate(merge.effectiveFrom, '/effectiveFrom');
  checkAssignments(assignments);
  const merging = new Set(merge.from);
  const added: CostCentreAssignment[] = [];
  let practicesInMerge = 0;
  for (const [practiceId, history] of indexByPractice(assignments)) {
    const current = latestOnOrBefore(history, merge.effectiveFrom);
    if (current === null || !merging.has(current)) continue;
    practicesInMerge += 1;
    // Practices already in the surviving cost centre need no new assignment.
    if (current === merge.into) continue;
    const last = history[history.length - 1];
    if (last && last.effectiveFrom >= merge.effectiveFrom) {
      throw new AtscaleError(
        'conflict',
        `Practice ${practiceId} already has a cost centre change on or after ${merge.effectiveFrom}`,
      );
    }
    added.push({ practiceId, costCentreId: merge.into, effectiveFrom: merge.effectiveFrom });
  }
  if (practicesInMerge === 0) {
    const message = `No practice is in ${merge.from.join(', ')} on ${merge.effectiveFrom}`;
    throw new AtscaleError('validation-failed', message, [{ field: '/from', message }]);
  }
  return [...assignments, ...added];
}

/**
 * Sums amounts by the cost centre each practice was in on the amount's date, sorted by cost
 * centre. Every penny lands somewhere, so the grand total always equals the sum of the amounts,
 * before and after any merge; an amount whose practice had no cost centre on its date, or that
 * is not whole pence, is refused (validation-failed) rather than dropped.
 */
export function totalsByCostCentre(
  assignments: readonly CostCentreAssignment[],
  amounts: readonly PracticeAmount[],
): CostCentreTotal[] {
  checkAssignments(assignments);
  const index = indexByPractice(assignments);
  const totals = new Map<string, number>();
  amounts.forEach((amount, position) => {
    assertIsoDate(amount.date, `/amounts/${position}/date`);
    const fail = (message: string): never => {
      throw new AtscaleError('validation-failed', message, [
        { field: `/amounts/${position}`, message },
      ]);
    };
    if (!Number.isSafeInteger(amount.pence)) fail(`${amount.pence} is not a whole number of pence`);
    const costCentreId = latestOnOrBefore(index.get(amount.practiceId) ?? [], amount.date);
    if (costCentreId === null) {
      fail(`Practice ${amount.practiceId} had no cost centre on ${amount.date}`);
      return;
    }
    totals.set(costCentreId, (totals.get(costCentreId) ?? 0) + amount.pence);
  });
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([costCentreId, pence]) => ({ costCentreId, pence }));
}
