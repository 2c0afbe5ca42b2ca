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

/**
 * How messages name practices and cost centres, e.g. "Riverside Surgery (Y90001)" rather than an
 * id. Optional: without it, messages use the ids.
 */
export interface CostCentreNames {
  readonly practice?: (practiceId: string) => string;
  readonly costCentre?: (costCentreId: string) => string;
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
  names: CostCentreNames = {},
): CostCentreAssignment[] {
  const practiceName = names.practice ?? ((id: string) => `Practice ${id}`);
  const centreName = names.costCentre ?? ((id: string) => id);
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
        `${practiceName(practiceId)} already has a cost centre change on or after ${merge.effectiveFrom}`,
      );
    }
    added.push({ practiceId, costCentreId: merge.into, effectiveFrom: merge.effectiveFrom });
  }
  if (practicesInMerge === 0) {
    const message = `No practice is in ${merge.from.map(centreName).join(', ')} on ${merge.effectiveFrom}`;
    throw new AtscaleError('validation-failed', message, [{ field: '/from', message }]);
  }
  return [...assignments, ...added];
}

/** A whole-number quantity of a practice on a date: a list size, a count of appointments. */
export interface PracticeQuantity {
  readonly practiceId: string;
  readonly date: IsoDate;
  readonly quantity: number;
}

/** A quantity summed for one cost centre. */
export interface CostCentreQuantity {
  readonly costCentreId: string;
  readonly quantity: number;
}

/**
 * Sums whole-number quantities by the cost centre each practice was in on the quantity's date,
 * sorted by cost centre. Nothing is dropped, so the grand total always equals the sum of the
 * quantities, before and after any merge; a quantity whose practice had no cost centre on its
 * date, or that is not a whole number, is refused (validation-failed). `unit` names the
 * quantities in messages ("pence", "patients").
 */
export function sumByCostCentre(
  assignments: readonly CostCentreAssignment[],
  quantities: readonly PracticeQuantity[],
  unit = 'units',
  names: CostCentreNames = {},
): CostCentreQuantity[] {
  checkAssignments(assignments);
  const practiceName = names.practice ?? ((id: string) => `Practice ${id}`);
  const index = indexByPractice(assignments);
  const totals = new Map<string, number>();
  quantities.forEach((item, position) => {
    assertIsoDate(item.date, `/amounts/${position}/date`);
    const fail = (message: string): never => {
      throw new AtscaleError('validation-failed', message, [
        { field: `/amounts/${position}`, message },
      ]);
    };
    if (!Number.isSafeInteger(item.quantity)) {
      fail(`${item.quantity} is not a whole number of ${unit}`);
    }
    const costCentreId = latestOnOrBefore(index.get(item.practiceId) ?? [], item.date);
    if (costCentreId === null) {
      fail(`${practiceName(item.practiceId)} had no cost centre on ${item.date}`);
      return;
    }
    totals.set(costCentreId, (totals.get(costCentreId) ?? 0) + item.quantity);
  });
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([costCentreId, quantity]) => ({ costCentreId, quantity }));
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
  const quantities = amounts.map(({ practiceId, date, pence }) => ({
    practiceId,
    date,
    quantity: pence,
  }));
  return sumByCostCentre(assignments, quantities, 'pence').map(({ costCentreId, quantity }) => ({
    costCentreId,
    pence: quantity,
  }));
}

/**
 * The assignments with one more: the practice moves to a cost centre from a date. History is
 * only added to at its end, so a date on or before the practice's latest assignment is refused
 * (conflict), as is moving a practice into the cost centre it is already in on that date.
 */
export function assignCostCentre(
  assignments: readonly CostCentreAssignment[],
  assignment: CostCentreAssignment,
  names: CostCentreNames = {},
): CostCentreAssignment[] {
  assertIsoDate(assignment.effectiveFrom, '/effectiveFrom');
  checkAssignments(assignments);
  const practiceName = names.practice ?? ((id: string) => `Practice ${id}`);
  const centreName = names.costCentre ?? ((id: string) => id);
  const own = assignments.filter((a) => a.practiceId === assignment.practiceId);
  const latest = own.reduce<CostCentreAssignment | undefined>(
    (best, a) => (best === undefined || a.effectiveFrom > best.effectiveFrom ? a : best),
    undefined,
  );
  if (latest && latest.effectiveFrom >= assignment.effectiveFrom) {
    throw new AtscaleError(
      'conflict',
      `${practiceName(assignment.practiceId)} is in ${centreName(latest.costCentreId)} from ${latest.effectiveFrom}; a new cost centre must start after that date, since history is only added to`,
    );
  }
  if (latest?.costCentreId === assignment.costCentreId) {
    throw new AtscaleError(
      'conflict',
      `${practiceName(assignment.practiceId)} is already in ${centreName(assignment.costCentreId)}`,
    );
  }
  return [...assignments, assignment];
}

/** A merge as recorded: which cost centres merged into which, from when. */
export interface RecordedCostCentreMerge extends CostCentreMerge {
  readonly id: string;
}

/** Where a cost centre stands on a date. */
export type CostCentreStatus =
  /** It has practices on the date. */
  | { readonly kind: 'open' }
  /** It has none, because a merge on or before the date moved them into another cost centre. */
  | { readonly kind: 'merged'; readonly into: string; readonly effectiveFrom: IsoDate }
  /** It has none, and no merge explains why: new, or not yet in use on that date. */
  | { readonly kind: 'empty' };

/**
 * Whether a cost centre is open, closed by a merge or empty on a date: open when any practice
 * is in it then; merged when not, and the latest merge on or before the date that names it in
 * `from` moved its practices elsewhere.
 */
export function costCentreStatusOn(
  assignments: readonly CostCentreAssignment[],
  merges: readonly RecordedCostCentreMerge[],
  costCentreId: string,
  date: IsoDate,
): CostCentreStatus {
  assertIsoDate(date, '/date');
  checkAssignments(assignments);
  const index = indexByPractice(assignments);
  for (const history of index.values()) {
    if (latestOnOrBefore(history, date) === costCentreId) return { kind: 'open' };
  }
  const closing = merges
    .filter(
      (merge) =>
        merge.effectiveFrom <= date &&
        merge.into !== costCentreId &&
        merge.from.includes(costCentreId),
    )
    .reduce<RecordedCostCentreMerge | undefined>(
      (latest, merge) =>
        latest === undefined || merge.effectiveFrom > latest.effectiveFrom ? merge : latest,
      undefined,
    );
  if (closing) {
    return { kind: 'merged', into: closing.into, effectiveFrom: closing.effectiveFrom };
  }
  return { kind: 'empty' };
}

/** A cost centre's code as the database keeps it: capitals, digits and hyphens, up to 20. */
export const COST_CENTRE_CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

/** A typed cost centre code as stored: trimmed and in capitals ("sutton-1 " becomes "SUTTON-1"). */
export function normaliseCostCentreCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What is wrong with a (normalised) cost centre code, or null when it can be used. */
export function costCentreCodeProblem(code: string): string | null {
  if (code === '') return 'Enter a code';
  if (code.length > 20) return 'A code is at most 20 characters';
  if (!COST_CENTRE_CODE.test(code)) {
    return 'A code is letters, digits and hyphens, starting with a letter or digit';
  }
  return null;
}

/**
 * The cost centre whose report a cost centre's ledger belongs to on a date: itself, unless a
 * merge on or before the date closed it, then the centre it merged into (and so on, when that
 * one merged later too). Reports attribute every line this way as at the last day of the
 * period, so a merged centre's report carries its predecessors' figures, its "last year" is
 * like for like, and no line is counted in two centres.
 */
export function reportingCentreOn(
  assignments: readonly CostCentreAssignment[],
  merges: readonly RecordedCostCentreMerge[],
  date: IsoDate,
): (costCentreId: string) => string {
  const cache = new Map<string, string>();
  return (costCentreId) => {
    const known = cache.get(costCentreId);
    if (known !== undefined) return known;
    let current = costCentreId;
    const seen = new Set<string>([current]);
    for (;;) {
      const status = costCentreStatusOn(assignments, merges, current, date);
      if (status.kind !== 'merged' || seen.has(status.into)) break;
      current = status.into;
      seen.add(current);
    }
    cache.set(costCentreId, current);
    return current;
  };
}

/** The cost centres a centre's report covers on a date: itself and those merged into it. */
export function centresReportedIn(
  assignments: readonly CostCentreAssignment[],
  merges: readonly RecordedCostCentreMerge[],
  costCentreId: string,
  date: IsoDate,
): string[] {
  const reportingOf = reportingCentreOn(assignments, merges, date);
  if (reportingOf(costCentreId) !== costCentreId) return [costCentreId];
  const merged = new Set(merges.flatMap((m) => m.from));
  merged.delete(costCentreId);
  return [costCentreId, ...[...merged].filter((id) => reportingOf(id) === costCentreId).sort()];
}
