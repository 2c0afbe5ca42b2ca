import type { PlanningForm } from './planning-forms.js';
import { estimate, type Estimate } from './statistics.js';
import { YEAR_COL, YEAR_COLUMNS, type PreparedScenario } from './year-simulation.js';

/** The access, resilience and money measures of one practice, or of the group. */
export interface Measures {
  /** Share of requests dealt with the day they came: resolved at triage or seen that day. */
  readonly sameDayShare: Estimate;
  /** Working days from request to appointment, over appointments. */
  readonly medianWait: Estimate;
  readonly p90Wait: Estimate;
  /** Share of requests not met in their window (same day, or the routine window). */
  readonly unmetShare: Estimate;
  /** Face-to-face appointments per 1,000 patients a week. */
  readonly faceToFacePer1000PerWeek: Estimate;
  /** Days in the year below the crisis share of planned capacity (per practice for the group). */
  readonly crisisDays: Estimate;
  /** Probability of at least one week in the year below the cover share of planned sessions. */
  readonly cannotCover: Estimate;
  /** Pence a year. */
  readonly levy: Estimate;
  readonly savings: Estimate;
  readonly vat: Estimate;
  readonly locumCost: Estimate;
  readonly profitPerPartner: Estimate;
}

/** What the replications say about one form. */
export interface FormSummary {
  readonly form: PlanningForm;
  readonly label: string;
  readonly summary: string;
  readonly group: Measures;
  readonly practices: readonly ({ readonly odsCode: string; readonly name: string } & Measures)[];
  readonly distributions: {
    /** Share of appointments by wait in working days, 0 to the window, over all replications. */
    readonly waitShares: readonly number[];
    /** Each replication's group profit per partner (pence). */
    readonly profitPerPartner: readonly number[];
    /** Each replication's group 90th-percentile wait (working days). */
    readonly p90Wait: readonly number[];
    /** Each replication's group share dealt with the same day. */
    readonly sameDayShare: readonly number[];
  };
}

/** The summary of a run. */
export interface SimulationSummary {
  readonly replications: number;
  readonly forms: readonly FormSummary[];
}

/** The smallest wait (whole days) by which a share q of appointments had been seen. */
export function waitQuantile(bins: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let i = 0; i < bins.length; i++) total += bins[i] as number;
  if (total <= 0) return 0;
  let cumulative = 0;
  for (let i = 0; i < bins.length; i++) {
    cumulative += bins[i] as number;
    if (cumulative >= q * total - 1e-9) return i;
  }
  return bins.length - 1;
}

/** One replication's raw figures for a set of practice rows (one practice, or all). */
function measure(
  prep: PreparedScenario,
  values: Float64Array,
  offset: number,
  rows: readonly number[],
  sums: Float64Array,
) {
  const { width, window } = prep;
  sums.fill(0);
  let patients = 0;
  let partners = 0;
  for (const p of rows) {
    const row = offset + p * width;
    for (let c = 0; c < width; c++) sums[c] = (sums[c] as number) + (values[row + c] as number);
    patients += prep.scenario.practices[p]?.listSize ?? 0;
    partners += prep.scenario.practices[p]?.partners ?? 0;
  }
  const sum = (c: number) => sums[c] as number;
  const bins = sums.subarray(YEAR_COLUMNS.length, YEAR_COLUMNS.length + window + 1);
  const requests = sum(YEAR_COL.requests);
  const weeks = prep.days / 5;
  return {
    bins: Array.from(bins),
    sameDayShare:
      requests > 0 ? (sum(YEAR_COL.resolvedOnTheDay) + sum(YEAR_COL.seenSameDay)) / requests : 1,
    medianWait: waitQuantile(bins, 0.5),
    p90Wait: waitQuantile(bins, 0.9),
    unmetShare: requests > 0 ? sum(YEAR_COL.unmet) / requests : 0,
    faceToFacePer1000PerWeek:
      patients > 0 ? ((sum(YEAR_COL.faceToFace) / patients) * 1000) / weeks : 0,
    crisisDays: sum(YEAR_COL.crisisDays) / rows.length,
    cannotCover: sum(YEAR_COL.cannotCover) / rows.length,
    levy: sum(YEAR_COL.levy),
    savings: sum(YEAR_COL.savings),
    vat: sum(YEAR_COL.vat),
    locumCost: sum(YEAR_COL.locumCost),
    profitPerPartner: partners > 0 ? sum(YEAR_COL.profit) / partners : 0,
  };
}

const MEASURE_KEYS = [
  'sameDayShare',
  'medianWait',
  'p90Wait',
  'unmetShare',
  'faceToFacePer1000PerWeek',
  'crisisDays',
  'cannotCover',
  'levy',
  'savings',
  'vat',
  'locumCost',
  'profitPerPartner',
] as const;

function estimates(samples: readonly ReturnType<typeof measure>[]): Measures {
  return Object.fromEntries(
    MEASURE_KEYS.map((k) => [k, estimate(samples.map((s) => s[k]))]),
  ) as unknown as Measures;
}

/**
 * Combines replications, given in replication order, into estimates with 95% intervals
 * (`estimate`) per form, for the group and each practice, and the distributions the report
 * draws. The same replications in the same order always give the same summary, however they
 * were split between threads.
 */
export function summariseReplications(
  prep: PreparedScenario,
  replications: readonly Float64Array[],
): SimulationSummary {
  if (replications.length < 2) {
    throw new RangeError('a summary needs at least two replications');
  }
  const P = prep.practices;
  const all = Array.from({ length: P }, (_, p) => p);
  const sums = new Float64Array(prep.width);
  const forms = prep.forms.map((rules, f) => {
    const offset = f * P * prep.width;
    const group = replications.map((values) => measure(prep, values, offset, all, sums));
    const waitTotals = new Array<number>(prep.window + 1).fill(0);
    for (const g of group) g.bins.forEach((b, a) => (waitTotals[a] = (waitTotals[a] ?? 0) + b));
    const waitSum = waitTotals.reduce((a, b) => a + b, 0);
    return {
      form: rules.form,
      label: rules.label,
      summary: rules.summary,
      group: estimates(group),
      practices: prep.scenario.practices.map((practice, p) => ({
        odsCode: practice.odsCode,
        name: practice.name,
        ...estimates(replications.map((values) => measure(prep, values, offset, [p], sums))),
      })),
      distributions: {
        waitShares: waitTotals.map((b) => (waitSum > 0 ? b / waitSum : 0)),
        profitPerPartner: group.map((g) => g.profitPerPartner),
        p90Wait: group.map((g) => g.p90Wait),
        sameDayShare: group.map((g) => g.sameDayShare),
      },
    };
  });
  return { replications: replications.length, forms };
}
