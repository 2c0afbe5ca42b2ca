import { AtscaleError, type FieldProblem } from '../errors.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';
import { CAREER_GRADES, CAREER_GRADE_LABELS, type CareerGrade } from './staff.js';

/** Which way a move on the career ladder goes. */
export type LadderDirection = 'up' | 'down';

/** A move on the career ladder, checked: from which grade (null: joining it) to which, when and why. */
export interface LadderMove {
  readonly from: CareerGrade | null;
  readonly to: CareerGrade;
  readonly direction: LadderDirection;
  readonly on: IsoDate;
  readonly reason: string;
}

/** True when the text names a grade of the career ladder. */
export function isCareerGrade(value: string): value is CareerGrade {
  return (CAREER_GRADES as readonly string[]).includes(value);
}

/**
 * Checks an organisation's own career ladder, lowest rung first: known grades, each once, at
 * least one. Problems name `/ladder/i`.
 */
export function checkCareerLadder(ladder: readonly string[]): CareerGrade[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  ladder.forEach((grade, index) => {
    if (!isCareerGrade(grade)) {
      problems.push({ field: `/ladder/${String(index)}`, message: `${grade} is not a grade` });
    } else if (seen.has(grade)) {
      problems.push({
        field: `/ladder/${String(index)}`,
        message: `${CAREER_GRADE_LABELS[grade]} is on the ladder twice`,
      });
    }
    seen.add(grade);
  });
  if (ladder.length === 0) {
    problems.push({ field: '/ladder', message: 'A career ladder needs at least one grade' });
  }
  if (problems.length > 0) {
    throw new AtscaleError('validation-failed', problems[0]?.message ?? '', problems);
  }
  return ladder.filter(isCareerGrade);
}

// Where a grade sits: on the organisation's ladder, or failing that (a grade it has since taken
// off its ladder) where it sits on the standard one.
const rung = (ladder: readonly CareerGrade[], grade: CareerGrade): number => {
  const index = ladder.indexOf(grade);
  return index >= 0 ? index : CAREER_GRADES.indexOf(grade) - CAREER_GRADES.length;
};

/**
 * A move on an organisation's ladder from one grade to another on a date, with the reason:
 * says whether it goes up or down. Refuses a grade not on the ladder, a move to the same
 * grade, a date that is not one and a blank reason, naming the field (`/to`, `/on`, `/reason`).
 */
export function ladderMove(
  ladder: readonly CareerGrade[],
  from: CareerGrade | null,
  to: string,
  details: { readonly on: string; readonly reason: string },
): LadderMove {
  const problems: FieldProblem[] = [];
  const reason = details.reason.trim();
  let grade: CareerGrade | null = null;
  if (!isCareerGrade(to) || !ladder.includes(to)) {
    problems.push({ field: '/to', message: `${to} is not a grade on the organisation’s ladder` });
  } else if (to === from) {
    problems.push({
      field: '/to',
      message: `They are already ${CAREER_GRADE_LABELS[to].toLowerCase()}: choose another grade`,
    });
  } else {
    grade = to;
  }
  if (!isIsoDate(details.on)) {
    problems.push({ field: '/on', message: `${details.on} is not a date written YYYY-MM-DD` });
  }
  if (reason === '') problems.push({ field: '/reason', message: 'Say why they move' });
  if (problems.length > 0 || grade === null) {
    throw new AtscaleError('validation-failed', problems[0]?.message ?? '', problems);
  }
  const direction: LadderDirection =
    from === null || rung(ladder, grade) > rung(ladder, from) ? 'up' : 'down';
  return { from, to: grade, direction, on: details.on, reason };
}

/** One recorded move, as the grade history keeps it. */
export interface GradeHistoryEntry {
  readonly from: CareerGrade | null;
  readonly to: CareerGrade;
  readonly on: IsoDate;
}

/**
 * The grade someone held on a date, from their recorded moves: the latest move on or before
 * it; before their first move, the grade that move started from (null when it was none).
 */
export function gradeOn(moves: readonly GradeHistoryEntry[], date: IsoDate): CareerGrade | null {
  const sorted = [...moves].sort((a, b) => a.on.localeCompare(b.on));
  let grade: CareerGrade | null = sorted[0]?.from ?? null;
  for (const move of sorted) {
    if (move.on > date) break;
    grade = move.to;
  }
  return grade;
}

/** The direction of a recorded move on a ladder, for a history that only stored the grades. */
export function directionOf(
  ladder: readonly CareerGrade[],
  from: CareerGrade | null,
  to: CareerGrade,
): LadderDirection {
  return from === null || rung(ladder, to) > rung(ladder, from) ? 'up' : 'down';
}
