import { riskRating, type RiskAssessment } from './risk.js';

/** How a control works: in the software (proved by tests), or outside it. */
export const CONTROL_KINDS = ['software', 'process', 'training'] as const;
/** A control's kind. */
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** Where a hazard stands. */
export const HAZARD_STATUSES = ['open', 'controlled', 'closed'] as const;
/** A hazard's status. */
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** A test that proves a control: its file from the repository root, and its full name. */
export interface TestReference {
  readonly file: string;
  /** The describe blocks and the test's own title, joined with " > ", as Vitest reports it. */
  readonly test: string;
}

/** One control of a hazard. */
export interface HazardControl {
  readonly description: string;
  readonly kind: ControlKind;
  /** Software controls name the tests that prove them; at least one. */
  readonly tests?: readonly TestReference[];
}

/** One hazard of the clinical hazard log. */
export interface Hazard {
  readonly id: string;
  readonly title: string;
  readonly causes: readonly string[];
  readonly effect: string;
  readonly harm: string;
  readonly initial: RiskAssessment;
  readonly controls: readonly HazardControl[];
  readonly residual: RiskAssessment;
  readonly status: HazardStatus;
  readonly owner: string;
}

/** The hazard log: the clinical safety case's data. */
export interface HazardLog {
  readonly hazards: readonly Hazard[];
}

/** Whether a named test exists, and how it fared in this run. */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'not-run' | 'missing';

/** One reason the hazard log does not stand up. */
export interface HazardLogProblem {
  readonly hazardId: string;
  readonly message: string;
}

/**
 * Everything wrong with a hazard log that has already passed its schema: duplicate ids, a
 * hazard with no control, a residual risk above the initial one, a software control that names
 * no test, and named tests that do not exist or did not pass in this run.
 */
export function hazardLogProblems(
  log: HazardLog,
  statusOf: (test: TestReference) => TestStatus,
): HazardLogProblem[] {
  const problems: HazardLogProblem[] = [];
  const seen = new Set<string>();
  for (const hazard of log.hazards) {
    const problem = (message: string) => problems.push({ hazardId: hazard.id, message });
    if (seen.has(hazard.id)) problem(`the id ${hazard.id} is used by more than one hazard`);
    seen.add(hazard.id);
    if (hazard.controls.length === 0) problem('has no control');
    const initial = riskRating(hazard.initial);
    const residual = riskRating(hazard.residual);
    if (residual > initial) {
      problem(`its residual risk (${residual}) is higher than its initial risk (${initial})`);
    }
    hazard.controls.forEach((control, index) => {
      const where = `control ${index + 1} ("${control.description}")`;
      const tests = control.tests ?? [];
      if (control.kind === 'software' && tests.length === 0) {
        problem(`${where} is in the software but names no test that proves it`);
      }
      for (const test of tests) {
        const status = statusOf(test);
        const named = `"${test.test}" in ${test.file}`;
        if (status === 'missing') problem(`${where} names a test that does not exist: ${named}`);
        else if (status !== 'passed')
          problem(`${where}: the test ${named} ${STATUS_WORDS[status]}`);
      }
    });
  }
  return problems;
}

const STATUS_WORDS: Readonly<Record<Exclude<TestStatus, 'passed' | 'missing'>, string>> = {
  failed: 'failed in this run',
  skipped: 'was skipped in this run',
  'not-run': 'did not run in this run',
};

/** Hazards ordered for the safety case: highest residual risk first, then by id. */
export function byResidualRisk(hazards: readonly Hazard[]): Hazard[] {
  return [...hazards].sort(
    (a, b) => riskRating(b.residual) - riskRating(a.residual) || a.id.localeCompare(b.id),
  );
}
