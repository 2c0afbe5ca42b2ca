/**
 * Agreement standards (GOV-3): the measurable standards an overarching partnership agreement
 * (or a federation's MOU) sets each practice, the financial-year quarters they are measured
 * over, and the RAG rating of a measure against a standard's thresholds. Pure: the database
 * computes the measures from the organisation's own records; nothing here is typed in.
 */
import { AtscaleError } from '../errors.js';
import { billingPeriods, financialYearOf, type FinancialYear } from '../finance/financial-year.js';
import type { IsoDate } from '../org/iso-date.js';
import { RESILIENCE_AMBER_BELOW, RESILIENCE_RED_BELOW } from '../workforce/resilience.js';

/** The four areas an agreement sets standards in. */
export const STANDARD_AREAS = ['access', 'quality', 'finance', 'workforce'] as const;
/** An area of the agreement. */
export type StandardArea = (typeof STANDARD_AREAS)[number];

/** The standards the platform can measure from its own records. */
export const STANDARD_IDS = [
  'access-wait-days',
  'face-to-face-share',
  'dna-rate',
  'frailty-care-plans',
  'levy-paid-on-time',
  'resilience-score',
] as const;
/** A standard's id. */
export type StandardId = (typeof STANDARD_IDS)[number];

/** Whether a bigger measure is better or worse. */
export type StandardDirection = 'higher-better' | 'lower-better';

/** A standard's thresholds: at or better than green is green, at or better than amber amber. */
export interface StandardThresholds {
  readonly green: number;
  readonly amber: number;
}

/** A standard as the agreement defines it. */
export interface StandardDefinition extends StandardThresholds {
  readonly id: StandardId;
  readonly name: string;
  readonly area: StandardArea;
  /** What is measured, in words. */
  readonly measure: string;
  readonly unit: 'days' | '%' | 'score';
  readonly direction: StandardDirection;
}

/**
 * The standards with the agreement's default thresholds; an organisation may set its own
 * thresholds (never the measure or its direction, which the computation fixes).
 */
export const DEFAULT_STANDARDS: readonly StandardDefinition[] = [
  {
    id: 'access-wait-days',
    name: 'Time from request to appointment',
    area: 'access',
    measure:
      'Median days from a request being received to the start of the appointment booked for it',
    unit: 'days',
    direction: 'lower-better',
    green: 2,
    amber: 5,
  },
  {
    id: 'face-to-face-share',
    name: 'Face-to-face appointments',
    area: 'access',
    measure: 'Share of booked, attended and missed appointments that were in person',
    unit: '%',
    direction: 'higher-better',
    green: 60,
    amber: 45,
  },
  {
    id: 'dna-rate',
    name: 'Did not attend rate',
    area: 'access',
    measure: 'Appointments not attended as a share of those attended or not attended',
    unit: '%',
    direction: 'lower-better',
    green: 4,
    amber: 7,
  },
  {
    id: 'frailty-care-plans',
    name: 'Frailty care plans',
    area: 'quality',
    measure:
      'Share of moderately or severely frail patients with a care plan in the 12 months to quarter end',
    unit: '%',
    direction: 'higher-better',
    green: 80,
    amber: 60,
  },
  {
    id: 'levy-paid-on-time',
    name: 'Levy paid on time',
    area: 'finance',
    measure: 'Share of levy invoices due in the quarter paid on or before their due date',
    unit: '%',
    direction: 'higher-better',
    green: 100,
    amber: 66,
  },
  {
    id: 'resilience-score',
    name: 'Workforce resilience',
    area: 'workforce',
    measure: 'The practice’s resilience score (0–100); measured for the current quarter only',
    unit: 'score',
    direction: 'higher-better',
    green: RESILIENCE_AMBER_BELOW,
    amber: RESILIENCE_RED_BELOW,
  },
];

/** True for a known standard id. */
export function isStandardId(value: string): value is StandardId {
  return (STANDARD_IDS as readonly string[]).includes(value);
}

/**
 * Checks thresholds for a standard: finite numbers, and amber no better than green (for a
 * lower-better standard amber ≥ green; for a higher-better one amber ≤ green). Throws a
 * validation error naming the field.
 */
export function validateThresholds(
  direction: StandardDirection,
  thresholds: StandardThresholds,
): void {
  for (const key of ['green', 'amber'] as const) {
    const value = thresholds[key];
    if (!Number.isFinite(value) || value < 0 || value > 100_000) {
      const message = 'must be a number from 0 to 100000';
      throw new AtscaleError('validation-failed', `${key}: ${message}`, [
        { field: `/${key}`, message },
      ]);
    }
  }
  const wrongWay =
    direction === 'lower-better'
      ? thresholds.amber < thresholds.green
      : thresholds.amber > thresholds.green;
  if (wrongWay) {
    const message =
      direction === 'lower-better'
        ? 'must be at least green (lower is better for this standard)'
        : 'must be at most green (higher is better for this standard)';
    throw new AtscaleError('validation-failed', `amber: ${message}`, [
      { field: '/amber', message },
    ]);
  }
}

/** The standards with an organisation's own thresholds laid over the defaults. */
export function standardsWith(
  overrides: Readonly<Partial<Record<StandardId, StandardThresholds>>>,
): StandardDefinition[] {
  return DEFAULT_STANDARDS.map((s) => {
    const own = overrides[s.id];
    return own ? { ...s, green: own.green, amber: own.amber } : { ...s };
  });
}

/** A RAG rating, or 'no-data' when the measure could not be computed. */
export type StandardRag = 'green' | 'amber' | 'red' | 'no-data';

/**
 * The RAG of a measure against a standard. A measure exactly on a threshold gets that
 * threshold's colour (2 days against green ≤ 2 is green). Null or not finite is 'no-data'.
 */
export function rag(
  measure: number | null,
  standard: StandardThresholds & {
    readonly direction: StandardDirection;
  },
): StandardRag {
  if (measure === null || !Number.isFinite(measure)) return 'no-data';
  const atLeastAsGood = (threshold: number) =>
    standard.direction === 'lower-better' ? measure <= threshold : measure >= threshold;
  if (atLeastAsGood(standard.green)) return 'green';
  if (atLeastAsGood(standard.amber)) return 'amber';
  return 'red';
}

/** The words for a RAG, so a screen never relies on colour alone. */
export const RAG_LABELS: Readonly<Record<StandardRag, string>> = {
  green: 'Green: meets the standard',
  amber: 'Amber: near the standard',
  red: 'Red: below the standard',
  'no-data': 'No data',
};

/** A quarter of a UK financial year: Q1 is April to June. */
export interface Quarter {
  readonly year: FinancialYear;
  readonly number: 1 | 2 | 3 | 4;
}

/** A quarter with its dates and names. */
export interface QuarterDates extends Quarter {
  /** "2026-Q1": the key used in URLs. */
  readonly key: string;
  /** "Q1 2026/27". */
  readonly label: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;

/** The quarter a date falls in. */
export function quarterOf(date: IsoDate): Quarter {
  const month = Number(date.slice(5, 7));
  const number = (Math.floor(((month + 8) % 12) / 3) + 1) as Quarter['number'];
  return { year: financialYearOf(date), number };
}

/** A quarter's dates, key and label. */
export function quarterDates(quarter: Quarter): QuarterDates {
  const period = billingPeriods(quarter.year, 'quarterly')[quarter.number - 1];
  if (!period) throw new Error(`No quarter ${quarter.number}`);
  return {
    year: quarter.year,
    number: quarter.number,
    key: `${quarter.year}-Q${quarter.number}`,
    label: period.label,
    from: period.from,
    to: period.to,
  };
}

/** The quarter `n` quarters after (negative: before) the given one. */
export function shiftQuarter(quarter: Quarter, n: number): Quarter {
  const index = quarter.year * 4 + (quarter.number - 1) + n;
  return { year: Math.floor(index / 4), number: ((index % 4) + 1) as Quarter['number'] };
}

/** Parses "2026-Q1"; throws a validation error naming `field` otherwise. */
export function parseQuarter(key: string, field = '/quarter'): Quarter {
  const match = QUARTER_KEY.exec(key);
  if (!match) {
    const message = 'must be a financial-year quarter such as 2026-Q1 (Q1 is April to June)';
    throw new AtscaleError('validation-failed', `${field.replace(/^\//, '')}: ${message}`, [
      { field, message },
    ]);
  }
  return { year: Number(match[1]), number: Number(match[2]) as Quarter['number'] };
}

/** The `count` quarters ending with the one `today` is in, oldest first. */
export function quartersTo(today: IsoDate, count: number): QuarterDates[] {
  const current = quarterOf(today);
  return Array.from({ length: count }, (_, i) =>
    quarterDates(shiftQuarter(current, i - count + 1)),
  );
}

/** One action from a peer review, as the tracker needs it. */
export interface ReviewActionDates {
  readonly status: 'open' | 'done';
  readonly dueOn: IsoDate;
}

/** Where an action stands on `today`: closed, overdue (open past its due date) or open. */
export function actionState(
  action: ReviewActionDates,
  today: IsoDate,
): 'done' | 'overdue' | 'open' {
  if (action.status === 'done') return 'done';
  return action.dueOn < today ? 'overdue' : 'open';
}
