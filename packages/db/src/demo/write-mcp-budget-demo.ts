import {
  financialYearOf,
  MCP_FORM_RULES,
  MCP_FORMS,
  scalePence,
  type DemoPlan,
  type McpContributor,
  type McpForm,
  type McpMetric,
  type McpSettings,
  type McpSpendLine,
} from '@atscale/domain';
import type { Queryable } from '../database.js';
import { insertMcpYear } from '../repositories/population/mcp-budget.js';

/**
 * The MCP budget of a demo organisation of an MCP form (POP-2): a year of historic spend by
 * contributor sized by the registered list, the agreement's settings, four quality metrics (one
 * worked out from the frailty register) and actual spend a little off budget. Deterministic.
 *
 * Per-head figures: the GP core line is the global sum, £121.79 per weighted patient in 2025/26,
 * and the QOF line about 600 points at £220.62 (2024/25) per 10,000 patients (DOMAIN.md, public
 * figures). The sources give no per-head figures for the other contributors; those are
 * illustrative round numbers of the right order for an English population, not published ones.
 */
interface DemoLine {
  readonly contributor: McpContributor;
  readonly serviceLine: string;
  /** Pence per registered patient a year. */
  readonly pencePerHead: number;
  /** Aligned under a virtual MCP's alliance agreement. */
  readonly aligned: boolean;
  /** How far actual spend runs from budget, basis points (+ overspend, - underspend). */
  readonly driftBp: number;
}

const LINES: readonly DemoLine[] = [
  {
    contributor: 'primary-care',
    serviceLine: 'GP core contract (global sum)',
    pencePerHead: 12_179,
    aligned: false,
    driftBp: 50,
  },
  {
    contributor: 'primary-care',
    serviceLine: 'QOF and enhanced services',
    pencePerHead: 2_600,
    aligned: false,
    driftBp: -100,
  },
  {
    contributor: 'social-care',
    serviceLine: 'Home care',
    pencePerHead: 6_000,
    aligned: true,
    driftBp: 250,
  },
  {
    contributor: 'social-care',
    serviceLine: 'Residential and nursing placements',
    pencePerHead: 9_000,
    aligned: false,
    driftBp: -150,
  },
  {
    contributor: 'public-health',
    serviceLine: 'Stop smoking and NHS Health Checks',
    pencePerHead: 800,
    aligned: true,
    driftBp: -400,
  },
  {
    contributor: 'public-health',
    serviceLine: 'Sexual health',
    pencePerHead: 700,
    aligned: false,
    driftBp: 0,
  },
  {
    contributor: 'community',
    serviceLine: 'District nursing',
    pencePerHead: 4_500,
    aligned: true,
    driftBp: -300,
  },
  {
    contributor: 'community',
    serviceLine: 'Community therapies',
    pencePerHead: 2_500,
    aligned: true,
    driftBp: -200,
  },
  {
    contributor: 'acute',
    serviceLine: 'A&E attendances and emergency admissions',
    pencePerHead: 18_000,
    aligned: false,
    driftBp: 300,
  },
];

/** The agreement of each form: the virtual form shares less of a loss across its alliance. */
const SETTINGS: Readonly<Record<McpForm, McpSettings>> = {
  'mcp-virtual': {
    form: 'mcp-virtual',
    upliftBasisPoints: 200,
    topSliceBasisPoints: 250,
    earnBackRule: 'linear',
    providerGainShareBasisPoints: 5_000,
    providerLossShareBasisPoints: 2_500,
    providerGainCapBasisPoints: 300,
    providerGainCapPence: null,
    providerLossCapBasisPoints: 100,
    providerLossCapPence: null,
  },
  'mcp-partially-integrated': {
    form: 'mcp-partially-integrated',
    upliftBasisPoints: 200,
    topSliceBasisPoints: 300,
    earnBackRule: 'linear',
    providerGainShareBasisPoints: 5_000,
    providerLossShareBasisPoints: 4_000,
    providerGainCapBasisPoints: null,
    providerGainCapPence: null,
    providerLossCapBasisPoints: 150,
    providerLossCapPence: null,
  },
  'mcp-fully-integrated': {
    form: 'mcp-fully-integrated',
    upliftBasisPoints: 200,
    topSliceBasisPoints: 350,
    earnBackRule: 'all-or-nothing',
    providerGainShareBasisPoints: 6_000,
    providerLossShareBasisPoints: 5_000,
    providerGainCapBasisPoints: null,
    providerGainCapPence: null,
    providerLossCapBasisPoints: 200,
    providerLossCapPence: 250_000_00,
  },
};

const METRICS: readonly McpMetric[] = [
  {
    key: 'frailty-care-plans',
    name: 'Moderately and severely frail patients with a current care plan (%)',
    direction: 'higher-is-better',
    floor: 30,
    target: 80,
    weightPercent: 40,
    achieved: null,
    source: 'frailty-care-plans',
  },
  {
    key: 'same-day-access',
    name: 'Urgent requests dealt with the same day (%)',
    direction: 'higher-is-better',
    floor: 70,
    target: 90,
    weightPercent: 20,
    achieved: 86,
    source: 'manual',
  },
  {
    key: 'ae-attendances',
    name: 'A&E attendances per 1,000 patients aged 65+',
    direction: 'lower-is-better',
    floor: 320,
    target: 260,
    weightPercent: 20,
    achieved: 281,
    source: 'manual',
  },
  {
    key: 'emergency-admissions',
    name: 'Emergency admissions per 1,000 patients aged 65+',
    direction: 'lower-is-better',
    floor: 180,
    target: 150,
    weightPercent: 20,
    achieved: 149,
    source: 'manual',
  },
];

const isMcp = (form: string): form is McpForm => (MCP_FORMS as readonly string[]).includes(form);

/** The year's spend lines, metrics and actuals of a plan (none unless it is an MCP form). */
export function mcpBudgetDemoRows(plan: DemoPlan) {
  if (!isMcp(plan.form)) return null;
  const financialYear = financialYearOf(plan.today);
  const settings = SETTINGS[plan.form];
  const patients = plan.totals.patients;
  const lines: McpSpendLine[] = LINES.map((l) => ({
    contributor: l.contributor,
    serviceLine: l.serviceLine,
    baseYear: financialYear - 1,
    amountPence: l.pencePerHead * patients,
    aligned: l.aligned,
  }));
  // Actual spend: this year's uplifted budget line, drifted, summed by contributor.
  const actual = new Map<McpContributor, number>();
  // Actual spend is of the services in the budget only (under the virtual form, the aligned ones).
  const inBudget = MCP_FORM_RULES[plan.form].inBudget;
  LINES.forEach((l, i) => {
    if (!inBudget(l)) return;
    const base = lines[i]?.amountPence ?? 0;
    const uplifted = base + scalePence(base, settings.upliftBasisPoints, 10_000);
    const spent = uplifted + scalePence(uplifted, l.driftBp, 10_000);
    actual.set(l.contributor, (actual.get(l.contributor) ?? 0) + spent);
  });
  return { financialYear, settings, lines, metrics: METRICS, actual: [...actual.entries()] };
}

/** Rows the MCP budget demo writes for a plan. */
export function mcpBudgetRowCount(plan: DemoPlan): number {
  const rows = mcpBudgetDemoRows(plan);
  return rows ? 1 + rows.lines.length + rows.metrics.length + rows.actual.length : 0;
}

/** Writes the MCP budget of an MCP demo organisation; other forms get none. */
export async function writeMcpBudgetDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { userIds: Readonly<Record<string, string>> },
  wrote: (rows: number) => void,
): Promise<void> {
  const rows = mcpBudgetDemoRows(plan);
  if (!rows) return;
  const financeUser = plan.users.find((u) =>
    u.grants.some((g) => g.role === 'central-finance' && g.practiceIndex === null),
  );
  await insertMcpYear(
    tx,
    orgId,
    {
      financialYear: rows.financialYear,
      settings: rows.settings,
      lines: rows.lines,
      metrics: rows.metrics,
      actualPence: Object.fromEntries(rows.actual),
    },
    financeUser ? (ids.userIds[financeUser.key] ?? null) : null,
  );
  wrote(mcpBudgetRowCount(plan));
}
