import { getJson, putJson } from './client';
import { query, type FinanceCostCentre, type FinanceTotals } from './finance';

/** One account's line of a cost centre's budget for a year, in its natural direction. */
export interface BudgetLine {
  accountCode: string;
  accountName: string;
  kind: 'income' | 'expenditure';
  amountPence: number;
}

/** What `GET /api/finance/budgets` answers: a cost centre's budget for a financial year. */
export interface CostCentreBudget {
  costCentre: FinanceCostCentre;
  financialYear: number;
  label: string;
  lines: BudgetLine[];
  totals: FinanceTotals;
  /** Null while no budget is set. */
  setAt: string | null;
  setBy: string | null;
}

/** A cost centre's budget for a year (no lines while none is set). */
export async function fetchBudget(
  costCentreId: string,
  financialYear: number,
): Promise<CostCentreBudget> {
  return (await getJson(
    `/api/finance/budgets${query({ costCentreId, financialYear })}`,
  )) as CostCentreBudget;
}

/** Sets a cost centre's budget for a year: these lines replace the ones it had. */
export async function saveBudget(input: {
  costCentreId: string;
  financialYear: number;
  lines: { accountCode: string; amountPence: number }[];
}): Promise<CostCentreBudget> {
  return (await putJson('/api/finance/budgets', input)) as CostCentreBudget;
}

/** One cost centre in a parity plan, with its profit per partner year by year. */
export interface ParityCentre {
  costCentre: FinanceCostCentre;
  partners: number;
  profitPence: number;
  profitPerPartnerPence: number;
  /** Year 0 (the actual year), then years 1 to N. */
  profitPerPartnerByYearPence: number[];
}

/** One year of the glide path: what each centre gives (negative) or receives. */
export interface ParityYear {
  year: number;
  /** Always 0: money moves between centres. */
  sumPence: number;
  transfers: {
    costCentreId: string;
    transferPence: number;
    profitAfterPence: number;
    profitPerPartnerAfterPence: number;
  }[];
}

/** What `GET /api/finance/parity` answers (FIN-6). */
export interface ParityPlan {
  financialYear: number;
  label: string;
  from: string;
  to: string;
  years: number;
  markPence: number;
  centres: ParityCentre[];
  path: ParityYear[];
  excluded: { costCentre: FinanceCostCentre; reason: string }[];
}

/** The glide path to a common profit per partner over `years` from a year's actual profits. */
export async function fetchParityPlan(financialYear: number, years: number): Promise<ParityPlan> {
  return (await getJson(`/api/finance/parity${query({ financialYear, years })}`)) as ParityPlan;
}
