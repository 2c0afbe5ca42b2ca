import { MCP_CONTRIBUTOR_LABELS, MCP_CONTRIBUTORS, type McpYearOutcome } from '@atscale/domain';
import type { BarDatum } from '../../components/bar-chart';

/** Whole pounds for a chart axis (the tables give the exact pence). */
export const poundsOf = (pence: number) => Math.round(pence / 100);

/** The budget by contributor, for a bar chart: contributors with nothing in it left out. */
export function budgetBars(outcome: McpYearOutcome): BarDatum[] {
  return MCP_CONTRIBUTORS.filter((c) => outcome.budgetByContributor[c] !== 0).map((c) => ({
    label: MCP_CONTRIBUTOR_LABELS[c],
    value: poundsOf(outcome.budgetByContributor[c]),
  }));
}

/** Each party's gain (+) or loss (−), for a bar chart. */
export function partyBars(outcome: McpYearOutcome): BarDatum[] {
  return outcome.parties.map((p) => ({ label: p.label, value: poundsOf(p.outcomePence) }));
}

/** Budget, actual and variance per contributor in the budget: the actual-against-budget table. */
export function varianceRows(outcome: McpYearOutcome) {
  return MCP_CONTRIBUTORS.filter(
    (c) => outcome.budgetByContributor[c] !== 0 || outcome.actualByContributor[c] !== 0,
  ).map((c) => ({
    contributor: c,
    label: MCP_CONTRIBUTOR_LABELS[c],
    budgetPence: outcome.budgetByContributor[c],
    actualPence: outcome.actualByContributor[c],
    variancePence: outcome.budgetByContributor[c] - outcome.actualByContributor[c],
  }));
}

/** Basis points as people read a percentage: 250 is "2.5%". */
export const percentOfBp = (bp: number) => `${String(bp / 100)}%`;
