import { apportion } from '../../common/apportion.js';
import type { Pence } from '../money.js';

/**
 * MCP finance (POP-2): a whole population budget (WPB) built from historic spend, a top slice
 * into a quality pool earned back against quality metrics, and a gain/loss share of actual
 * spend against the budget. Source 001 (LMC working at scale breakout, "MCP Voluntary
 * Contract"): "The WPB is calculated from historical commissioning spend and then top sliced
 * (2.5-4%) and this can be earned back by delivering on agreed quality metrics ... There is a
 * gain/loss agreement to incentivise better management of patients in the community".
 *
 * Rates are whole basis points (1% = 100) so all the money arithmetic is exact on integers.
 */

/** Who paid for a service historically, and so contributes it to the budget. */
export const MCP_CONTRIBUTORS = [
  'primary-care',
  'social-care',
  'public-health',
  'community',
  'acute',
  'other',
] as const;
export type McpContributor = (typeof MCP_CONTRIBUTORS)[number];

export const MCP_CONTRIBUTOR_LABELS: Readonly<Record<McpContributor, string>> = {
  'primary-care': 'Primary care',
  'social-care': 'Social care',
  'public-health': 'Public health',
  community: 'Community services',
  acute: 'Acute (hospital)',
  other: 'Other',
};

/** The three MCP contract forms (the organisation forms of the same names). */
export const MCP_FORMS = [
  'mcp-virtual',
  'mcp-partially-integrated',
  'mcp-fully-integrated',
] as const;
export type McpForm = (typeof MCP_FORMS)[number];

/** The bounds of the top slice, from source 001: "top sliced (2.5-4%)". */
export const MCP_TOP_SLICE_MIN_BP = 250;
export const MCP_TOP_SLICE_MAX_BP = 400;

/** Which spend sits in the budget under a form, and whether there is a quality pool. */
export interface McpFormRule {
  /** Whether a historic spend line is in the budget the gain/loss share is worked out on. */
  readonly inBudget: (line: Pick<McpSpendLine, 'contributor' | 'aligned'>) => boolean;
  /** Whether the budget is top-sliced into a quality pool. */
  readonly topSlice: boolean;
  readonly summary: string;
}

/**
 * What differs across the forms (source 001, "Three models; Virtual, Partially Integrated or
 * Fully Integrated"):
 * - virtual: "You keep your contract, but sign an alliance agreement with other providers,
 *   this sits over but doesn't supersede the traditional contract". No single budget, so no
 *   top slice: gain/loss is shared only on the services the alliance aligned (lines marked
 *   `aligned`).
 * - partially integrated: "You keep your contract. There is an Integration agreement". The GP
 *   contracts stay outside, so primary care spend is not in the integrated budget; the rest is,
 *   and is top-sliced (our reading: the source gives the 2.5-4% for the WPB only).
 * - fully integrated: "Old contract goes ... Contributors to this WPB are primary care, social
 *   care and public health. This will be pooled": every line is in the budget.
 */
export const MCP_FORM_RULES: Readonly<Record<McpForm, McpFormRule>> = {
  'mcp-virtual': {
    inBudget: (line) => line.aligned,
    topSlice: false,
    summary: 'Alliance agreement: no single budget; gain/loss shared on the aligned services only',
  },
  'mcp-partially-integrated': {
    inBudget: (line) => line.contributor !== 'primary-care',
    topSlice: true,
    summary: 'Integration agreement: GP contracts (primary care) stay outside the budget',
  },
  'mcp-fully-integrated': {
    inBudget: () => true,
    topSlice: true,
    summary: 'Whole population budget: every contributor pooled under one contract',
  },
};

/** One line of historic commissioning spend. */
export interface McpSpendLine {
  readonly contributor: McpContributor;
  /** The service, e.g. "GP core contract", "Home care", "Smoking cessation". */
  readonly serviceLine: string;
  /** The financial year the spend is from (2025 for 2025/26). */
  readonly baseYear: number;
  readonly amountPence: Pence;
  /** Aligned under a virtual MCP's alliance agreement (only the virtual form reads it). */
  readonly aligned: boolean;
}

/**
 * How achievement between the floor and the target earns back: 'linear' earns in proportion
 * from nothing at the floor to all at the target; 'all-or-nothing' earns only at the target.
 */
export const MCP_EARN_BACK_RULES = ['linear', 'all-or-nothing'] as const;
export type McpEarnBackRule = (typeof MCP_EARN_BACK_RULES)[number];

export const MCP_METRIC_DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
export type McpMetricDirection = (typeof MCP_METRIC_DIRECTIONS)[number];

/** Where a metric's achieved value comes from: typed in, or worked out from atscale's data. */
export const MCP_METRIC_SOURCES = ['manual', 'frailty-care-plans'] as const;
export type McpMetricSource = (typeof MCP_METRIC_SOURCES)[number];

/** A quality metric of the pool: weights of all metrics add up to 100. */
export interface McpMetric {
  readonly key: string;
  readonly name: string;
  readonly direction: McpMetricDirection;
  /** Nothing is earned at or beyond the floor (below it when higher is better). */
  readonly floor: number;
  readonly target: number;
  /** Whole percent of the pool this metric earns back. */
  readonly weightPercent: number;
  /** Null when not yet known: earns nothing. */
  readonly achieved: number | null;
  readonly source: McpMetricSource;
}

/** The agreement's settings for a year. */
export interface McpSettings {
  readonly form: McpForm;
  /** Growth applied to historic spend to give this year's budget, basis points (may be < 0). */
  readonly upliftBasisPoints: number;
  /** 250-400 (2.5-4%, source 001); ignored by the virtual form. */
  readonly topSliceBasisPoints: number;
  readonly earnBackRule: McpEarnBackRule;
  /** The provider's share of an underspend; the commissioners keep the rest. */
  readonly providerGainShareBasisPoints: number;
  /** The provider's share of an overspend; the commissioners bear the rest. */
  readonly providerLossShareBasisPoints: number;
  /** Caps on the provider's gain and loss: % of budget, and/or an amount; the lower applies. */
  readonly providerGainCapBasisPoints: number | null;
  readonly providerGainCapPence: Pence | null;
  readonly providerLossCapBasisPoints: number | null;
  readonly providerLossCapPence: Pence | null;
}

/** Everything a year's outcome is worked out from. */
export interface McpYearInput {
  readonly financialYear: number;
  readonly settings: McpSettings;
  readonly lines: readonly McpSpendLine[];
  readonly metrics: readonly McpMetric[];
  /** Actual spend on the budget's services in the year, by contributor; absent = none yet. */
  readonly actualPence: Readonly<Partial<Record<McpContributor, Pence>>>;
}

export interface McpMetricOutcome {
  readonly key: string;
  readonly name: string;
  /** The metric's part of the pool (its weight, by largest remainder). */
  readonly poolPence: Pence;
  /** 0-1: how much of its part was earned. */
  readonly score: number;
  readonly earnedPence: Pence;
}

export interface McpParty {
  /** 'provider' (the MCP) or a contributor, commissioner of its services. */
  readonly party: 'provider' | McpContributor;
  readonly label: string;
  /** Gain (+) or loss (-) against the budget after the pool and the gain/loss share. */
  readonly outcomePence: Pence;
}

/** The year worked out. */
export interface McpYearOutcome {
  readonly form: McpForm;
  /** Historic spend uplifted, every line (in the budget or not). */
  readonly upliftedByContributor: Readonly<Record<McpContributor, Pence>>;
  /** The budget: uplifted spend of the lines the form puts in it. */
  readonly budgetByContributor: Readonly<Record<McpContributor, Pence>>;
  readonly budgetPence: Pence;
  readonly topSlicePence: Pence;
  /** The quality pool: the top slice. */
  readonly poolPence: Pence;
  readonly metrics: readonly McpMetricOutcome[];
  readonly earnedBackPence: Pence;
  /** The part of the pool not earned back: it stays with the commissioners. */
  readonly unearnedPence: Pence;
  readonly actualByContributor: Readonly<Record<McpContributor, Pence>>;
  readonly actualPence: Pence;
  /** Budget minus actual: positive is an underspend (gain), negative an overspend (loss). */
  readonly variancePence: Pence;
  /** The provider's share of the variance, after its cap. */
  readonly providerVariancePence: Pence;
  /** The commissioners' share of the variance: the rest. */
  readonly commissionerVariancePence: Pence;
  /** True when the provider's cap cut its share. */
  readonly capApplied: boolean;
  readonly parties: readonly McpParty[];
}

const BP = 10_000;

/**
 * amount × numerator ÷ denominator rounded half away from zero, exactly (in BigInt, since a
 * budget of billions times basis points leaves the integers JavaScript holds exactly).
 */
export function scalePence(amount: Pence, numerator: number, denominator: number): Pence {
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n;
  const size = negative ? -product : product;
  let quotient = size / d;
  if ((size % d) * 2n >= d) quotient += 1n;
  const result = Number(quotient);
  return negative ? -result : result;
}

const byContributor = (pick: (c: McpContributor) => Pence) =>
  Object.fromEntries(MCP_CONTRIBUTORS.map((c) => [c, pick(c)])) as Record<McpContributor, Pence>;

/**
 * How much of a metric's part of the pool its achievement earns, 0-1. At or beyond the target
 * all of it; with the linear rule, in proportion between the floor and the target; otherwise
 * (and when nothing is recorded) none.
 */
export function metricScore(metric: McpMetric, rule: McpEarnBackRule): number {
  const { achieved, floor, target } = metric;
  if (achieved === null || !Number.isFinite(achieved)) return 0;
  const sign = metric.direction === 'higher-is-better' ? 1 : -1;
  // Turned round so that more is better whichever way the metric runs.
  const a = sign * achieved;
  const t = sign * target;
  const f = sign * floor;
  if (a >= t) return 1;
  if (rule === 'all-or-nothing' || a <= f || t <= f) return 0;
  return (a - f) / (t - f);
}

/** The provider's cap on a gain or loss: the lower of its % of budget and its amount. */
function capOf(budget: Pence, bp: number | null, pence: Pence | null): Pence | null {
  const caps = [
    ...(bp === null ? [] : [scalePence(budget, bp, BP)]),
    ...(pence === null ? [] : [pence]),
  ];
  return caps.length === 0 ? null : Math.max(0, Math.min(...caps));
}

/**
 * Works out an MCP year. Accounting (what the property tests hold to): pool = earned back +
 * unearned; variance = provider's share + commissioners' share; each party's outcome adds up to
 * the variance (provider: its share of the variance less the unearned pool; commissioners:
 * theirs plus the unearned pool, split between contributors by their budgets with `apportion`,
 * the largest remainder method, so the parts add up to the penny). Input is assumed checked
 * by `parseMcpYear`.
 */
export function computeMcpYear(input: McpYearInput): McpYearOutcome {
  const { settings } = input;
  const rule = MCP_FORM_RULES[settings.form];
  const uplifted = input.lines.map((line) => ({
    line,
    pence: line.amountPence + scalePence(line.amountPence, settings.upliftBasisPoints, BP),
  }));
  const sumWhere = (c: McpContributor, inBudgetOnly: boolean) =>
    uplifted
      .filter((u) => u.line.contributor === c && (!inBudgetOnly || rule.inBudget(u.line)))
      .reduce((s, u) => s + u.pence, 0);
  const upliftedByContributor = byContributor((c) => sumWhere(c, false));
  const budgetByContributor = byContributor((c) => sumWhere(c, true));
  const budgetPence = MCP_CONTRIBUTORS.reduce((s, c) => s + budgetByContributor[c], 0);

  const topSlicePence = rule.topSlice
    ? scalePence(budgetPence, settings.topSliceBasisPoints, BP)
    : 0;
  const poolPence = topSlicePence;
  const parts =
    input.metrics.length === 0
      ? []
      : apportion(
          poolPence,
          input.metrics.map((m) => m.weightPercent),
        );
  const metrics = input.metrics.map((m, i) => {
    const part = parts[i] ?? 0;
    const score = metricScore(m, settings.earnBackRule);
    const earned = Math.min(part, Math.max(0, Math.round(part * score)));
    return { key: m.key, name: m.name, poolPence: part, score, earnedPence: earned };
  });
  const earnedBackPence = metrics.reduce((s, m) => s + m.earnedPence, 0);
  const unearnedPence = poolPence - earnedBackPence;

  // Actual spend counts only for contributors with services in the budget.
  const inBudget = new Set(input.lines.filter(rule.inBudget).map((l) => l.contributor));
  const actualByContributor = byContributor((c) =>
    inBudget.has(c) ? (input.actualPence[c] ?? 0) : 0,
  );
  const actualPence = MCP_CONTRIBUTORS.reduce((s, c) => s + actualByContributor[c], 0);
  const variancePence = budgetPence - actualPence;

  let providerVariancePence: Pence;
  let capApplied = false;
  if (variancePence >= 0) {
    const share = scalePence(variancePence, settings.providerGainShareBasisPoints, BP);
    const cap = capOf(
      budgetPence,
      settings.providerGainCapBasisPoints,
      settings.providerGainCapPence,
    );
    capApplied = cap !== null && share > cap;
    providerVariancePence = cap === null ? share : Math.min(share, cap);
  } else {
    const share = scalePence(-variancePence, settings.providerLossShareBasisPoints, BP);
    const cap = capOf(
      budgetPence,
      settings.providerLossCapBasisPoints,
      settings.providerLossCapPence,
    );
    capApplied = cap !== null && share > cap;
    providerVariancePence = -(cap === null ? share : Math.min(share, cap));
  }
  const commissionerVariancePence = variancePence - providerVariancePence;

  const commissionerTotal = commissionerVariancePence + unearnedPence;
  const contributorsInBudget = MCP_CONTRIBUTORS.filter((c) => inBudget.has(c));
  const split = contributorsInBudget.length
    ? apportion(
        commissionerTotal,
        contributorsInBudget.map((c) => budgetByContributor[c]),
      )
    : [];
  const parties: McpParty[] = [
    {
      party: 'provider',
      label: 'MCP provider',
      outcomePence: providerVariancePence - unearnedPence,
    },
    ...contributorsInBudget.map((c, i) => ({
      party: c,
      label: `${MCP_CONTRIBUTOR_LABELS[c]} commissioner`,
      outcomePence: split[i] ?? 0,
    })),
  ];
  return {
    form: settings.form,
    upliftedByContributor,
    budgetByContributor,
    budgetPence,
    topSlicePence,
    poolPence,
    metrics,
    earnedBackPence,
    unearnedPence,
    actualByContributor,
    actualPence,
    variancePence,
    providerVariancePence,
    commissionerVariancePence,
    capApplied,
    parties,
  };
}

/** Changes tried on a year in the what-if screen, never saved. */
export interface McpWhatIf {
  readonly topSliceBasisPoints?: number;
  /** Achieved value per metric key. */
  readonly achieved?: Readonly<Record<string, number | null>>;
  readonly actualPence?: Readonly<Partial<Record<McpContributor, Pence>>>;
}

/** The year with the what-if's changes applied (the same compute then works it out). */
export function applyMcpWhatIf(input: McpYearInput, whatIf: McpWhatIf): McpYearInput {
  return {
    ...input,
    settings: {
      ...input.settings,
      topSliceBasisPoints: whatIf.topSliceBasisPoints ?? input.settings.topSliceBasisPoints,
    },
    metrics: input.metrics.map((m) =>
      whatIf.achieved && m.key in whatIf.achieved
        ? { ...m, achieved: whatIf.achieved[m.key] ?? null }
        : m,
    ),
    actualPence: { ...input.actualPence, ...whatIf.actualPence },
  };
}
