import type { McpForm, McpYearInput, McpYearOutcome } from '@atscale/domain';
import { getJson, putJson } from '../../api/client';
import type { McpYearBody } from './mcp-year-form-values';

/** A year listed by `GET /api/mcp-budget/years`. */
export interface McpYearSummary {
  financialYear: number;
  label: string;
  form: McpForm;
  setAt: string;
}

/** What `GET /api/mcp-budget/years/:financialYear` answers: the year set, worked out. */
export interface McpBudgetYear {
  financialYear: number;
  label: string;
  input: McpYearInput;
  outcome: McpYearOutcome;
  frailtyCarePlans: { on: string; members: number; current: number; percent: number | null };
  setAt: string;
  setBy: string | null;
}

export const MCP_BUDGET_PATH = '/population/mcp-budget';
export const MCP_WHAT_IF_PATH = '/population/mcp-budget/what-if';

/** The years with an MCP budget set, latest first. */
export async function fetchMcpYears(): Promise<McpYearSummary[]> {
  return ((await getJson('/api/mcp-budget/years')) as { years: McpYearSummary[] }).years;
}

/** A year's MCP budget worked out by the server. */
export async function fetchMcpYear(financialYear: number): Promise<McpBudgetYear> {
  return (await getJson(`/api/mcp-budget/years/${String(financialYear)}`)) as McpBudgetYear;
}

/** Sets a year's MCP budget (central finance; audited by the server): it replaces what it had. */
export async function saveMcpYear(body: McpYearBody): Promise<McpBudgetYear> {
  return (await putJson('/api/mcp-budget/years', body)) as McpBudgetYear;
}
