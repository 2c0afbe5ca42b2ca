import { getJson, postJson, putJson } from './client';

/** A cost centre in brief. */
export interface FinanceCostCentre {
  id: string;
  code: string;
  name: string;
}

/** A practice in brief. */
export interface FinancePractice {
  id: string;
  odsCode: string;
  name: string;
}

/** Income, expenditure and profit, in whole pence. */
export interface FinanceTotals {
  incomePence: number;
  expenditurePence: number;
  profitPence: number;
}

/** One account's line of a profit and loss. */
export interface ProfitAndLossLine {
  accountCode: string;
  accountName: string;
  kind: 'income' | 'expenditure';
  amountPence: number;
  lastYearPence: number;
  /** The year's budget prorated to the period; null while the cost centre has no budget. */
  budgetPence?: number | null;
  /** Actual against budget, positive favourable (more income, or less cost, than budgeted). */
  varianceToBudgetPence?: number | null;
}

/** What `GET /api/finance/profit-and-loss` answers. */
export interface ProfitAndLoss {
  /** Null for the whole organisation as one pool. */
  costCentre: FinanceCostCentre | null;
  /** Cost centres merged into this one by the period's end, whose figures are included. */
  includes?: FinanceCostCentre[];
  /** When a merge had closed this cost centre by the period's end. */
  mergedInto?: { costCentre: FinanceCostCentre; on: string } | null;
  from: string;
  to: string;
  lastYear: { from: string; to: string };
  lines: ProfitAndLossLine[];
  totals: FinanceTotals;
  lastYearTotals: FinanceTotals;
  /** The budget's totals for the period; null while there is no budget. */
  budgetTotals?: FinanceTotals | null;
  partners: number;
  profitPerPartnerPence: number | null;
  lastYearProfitPerPartnerPence: number | null;
}

/** One cost centre's row of `GET /api/finance/profit-by-cost-centre`. */
export interface CostCentreProfit {
  costCentre: FinanceCostCentre;
  totals: FinanceTotals;
  lastYearTotals: FinanceTotals;
  partners: number;
  profitPerPartnerPence: number | null;
  lastYearProfitPerPartnerPence: number | null;
}

/** A period of dates, first and last day inclusive. */
export interface FinancePeriod {
  from: string;
  to: string;
}

/** The organisation's finance settings (`GET /api/finance/settings`). */
export interface FinanceSettings {
  pencePerPatientPerYear: number;
  basis: string;
  frequency: 'monthly' | 'quarterly' | 'annually';
  vatTreatment: string;
  paymentTermsDays: number;
  standardVatBasisPoints: number;
  invoicePrefix: string;
  centralCostCentre: FinanceCostCentre | null;
  /** False while these are the form's defaults. */
  saved: boolean;
  defaultLevyWhy: string;
  updatedAt: string | null;
}

/** What `PUT /api/finance/settings` takes. */
export interface FinanceSettingsInput {
  basis: string;
  frequency: string;
  vatTreatment: string;
  invoicePrefix: string;
  pencePerPatientPerYear: number;
  paymentTermsDays: number;
  standardVatBasisPoints: number;
  centralCostCentreId: string | null;
}

/** One levy invoice. */
export interface LevyInvoice {
  id: string;
  invoiceNumber: string;
  practice: FinancePractice;
  levyRunId: string;
  financialYear: number;
  issuedOn: string;
  dueOn: string;
  periodFrom: string;
  periodTo: string;
  periodLabel: string;
  basis: string;
  listSize: number;
  listCountedOn: string;
  pencePerPatientPerYear: number;
  vatTreatment: string;
  netPence: number;
  vatPence: number;
  grossPence: number;
  status: 'unpaid' | 'paid';
  paidOn: string | null;
  journalEntryId: string;
  paymentEntryId: string | null;
}

/** What `POST /api/finance/levy-runs` answers. */
export interface LevyRunResult {
  run: { id: string; label: string; from: string; to: string; issuedOn: string };
  /** False when the period had been run already: nothing new was charged. */
  created: boolean;
  invoices: LevyInvoice[];
  skipped: { practice: FinancePractice; reason: string }[];
  totals: { listSize: number; netPence: number; vatPence: number; grossPence: number };
}

/** One recorded central saving. */
export interface Saving {
  id: string;
  practice: FinancePractice;
  service: string;
  periodFrom: string;
  periodTo: string;
  amountPence: number;
  note: string | null;
  recordedAt: string;
}

/** What `POST /api/finance/savings` takes. */
export interface SavingInput {
  practiceId: string;
  service: string;
  periodFrom: string;
  periodTo: string;
  amountPence: number;
  note: string | null;
}

/** The levy and savings figures of a practice, or of the organisation. */
export interface LevyVsSavingsFigures {
  levyPence: number;
  levyPaidPence: number;
  savingsPence: number;
  savingsByService: Record<string, number>;
  netBenefitPence: number;
}

/** What `GET /api/finance/levy-vs-savings` answers. */
export interface LevyVsSavings {
  from: string;
  to: string;
  practices: (LevyVsSavingsFigures & { practice: FinancePractice })[];
  total: LevyVsSavingsFigures;
}

// The routes refuse unknown query fields, so callers name each field (never spread a period).
export const query = (params: Record<string, string | number | undefined>): string => {
  const defined = Object.entries(params).flatMap(([key, value]) =>
    value === undefined || value === '' ? [] : [[key, String(value)]],
  );
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
};

/** Profit and loss of one cost centre, or of the whole organisation when `costCentreId` is left out. */
export async function fetchProfitAndLoss(
  period: FinancePeriod,
  costCentreId?: string,
): Promise<ProfitAndLoss> {
  return (await getJson(
    `/api/finance/profit-and-loss${query({ from: period.from, to: period.to, costCentreId })}`,
  )) as ProfitAndLoss;
}

/** Profit of every cost centre the user may see for a period. */
export async function fetchProfitByCostCentre(period: FinancePeriod): Promise<CostCentreProfit[]> {
  const answer = (await getJson(
    `/api/finance/profit-by-cost-centre${query({ from: period.from, to: period.to })}`,
  )) as {
    costCentres: CostCentreProfit[];
  };
  return answer.costCentres;
}

/** The finance settings, or the form's defaults until saved. */
export async function fetchFinanceSettings(): Promise<FinanceSettings> {
  return (await getJson('/api/finance/settings')) as FinanceSettings;
}

/** Saves the finance settings; rejects with an ApiError naming the field when refused. */
export async function saveFinanceSettings(input: FinanceSettingsInput): Promise<FinanceSettings> {
  return (await putJson('/api/finance/settings', input)) as FinanceSettings;
}

/** Invoices every member practice the levy for one billing period. */
export async function runLevy(input: {
  issuedOn: string;
  financialYear: number;
  periodNumber: number;
}): Promise<LevyRunResult> {
  return (await postJson('/api/finance/levy-runs', input)) as LevyRunResult;
}

/** Levy invoices the user may see, optionally of one practice or year. */
export async function fetchLevyInvoices(
  filter: { practiceId?: string; financialYear?: number; status?: 'paid' | 'unpaid' } = {},
): Promise<LevyInvoice[]> {
  const answer = (await getJson(`/api/finance/levy-invoices${query(filter)}`)) as {
    invoices: LevyInvoice[];
  };
  return answer.invoices;
}

/** Where the printable page of a levy invoice is. */
export const levyInvoicePrintPath = (invoiceId: string): string =>
  `/api/finance/levy-invoices/${encodeURIComponent(invoiceId)}/print`;

/** Records a levy invoice paid on a date. */
export async function markLevyInvoicePaid(invoiceId: string, paidOn: string): Promise<LevyInvoice> {
  return (await postJson(`/api/finance/levy-invoices/${encodeURIComponent(invoiceId)}/paid`, {
    paidOn,
  })) as LevyInvoice;
}

/** Records what a central service saved a practice. */
export async function recordSaving(input: SavingInput): Promise<Saving> {
  return (await postJson('/api/finance/savings', input)) as Saving;
}

/** Savings whose period starts in a period, optionally of one practice. */
export async function fetchSavings(period: FinancePeriod, practiceId?: string): Promise<Saving[]> {
  const answer = (await getJson(
    `/api/finance/savings${query({ from: period.from, to: period.to, practiceId })}`,
  )) as {
    savings: Saving[];
  };
  return answer.savings;
}

/** Levy against savings per practice for a period, with the organisation's total. */
export async function fetchLevyVsSavings(period: FinancePeriod): Promise<LevyVsSavings> {
  return (await getJson(
    `/api/finance/levy-vs-savings${query({ from: period.from, to: period.to })}`,
  )) as LevyVsSavings;
}
