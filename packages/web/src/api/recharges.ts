import { deleteJson, getJson, postJson } from './client';
import { query, type FinancePractice } from './finance';

/** A service one member practice provides another at a unit price (FIN-5). */
export interface RechargeAgreement {
  id: string;
  provider: FinancePractice;
  recipient: FinancePractice;
  serviceName: string;
  unit: string;
  unitPricePence: number;
  /** The service's own treatment; a recharge inside one business is outside scope whatever it says. */
  vatTreatment: 'exempt' | 'standard';
  startsOn: string;
  endsOn: string | null;
  createdAt: string;
}

/** What `POST /api/finance/recharge-agreements` takes. */
export interface RechargeAgreementInput {
  providerPracticeId: string;
  recipientPracticeId: string;
  serviceName: string;
  unit: string;
  unitPricePence: number;
  vatTreatment: 'exempt' | 'standard';
  startsOn: string;
  endsOn: string | null;
}

/** Units of an agreement's service used on a day, with the invoice that charged them. */
export interface RechargeUsage {
  id: string;
  agreementId: string;
  usedOn: string;
  quantity: number;
  note: string | null;
  recordedAt: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
}

/** One monthly recharge invoice from a provider to a recipient. */
export interface RechargeInvoice {
  id: string;
  invoiceNumber: string;
  provider: FinancePractice;
  recipient: FinancePractice;
  financialYear: number;
  periodFrom: string;
  periodTo: string;
  periodLabel: string;
  issuedOn: string;
  dueOn: string;
  netPence: number;
  vatPence: number;
  grossPence: number;
  status: 'unpaid' | 'paid';
  paidOn: string | null;
  journalEntryId: string;
  paymentEntryId: string | null;
}

/** What `POST /api/finance/recharge-runs` answers. */
export interface RechargeRunResult {
  month: { month: string; from: string; to: string; label: string };
  /** Invoices made now; 0 when the month's usage had all been invoiced. */
  created: number;
  invoices: RechargeInvoice[];
  totals: { netPence: number; vatPence: number; grossPence: number };
}

const agreementPath = (agreementId: string) =>
  `/api/finance/recharge-agreements/${encodeURIComponent(agreementId)}`;
const invoicePath = (invoiceId: string) =>
  `/api/finance/recharge-invoices/${encodeURIComponent(invoiceId)}`;

/** Recharge agreements the user may see: a practice's people only those it provides or receives. */
export async function fetchRechargeAgreements(
  filter: { practiceId?: string; on?: string } = {},
): Promise<RechargeAgreement[]> {
  const answer = (await getJson(
    `/api/finance/recharge-agreements${query({ practiceId: filter.practiceId, on: filter.on })}`,
  )) as { agreements: RechargeAgreement[] };
  return answer.agreements;
}

/** Makes an agreement; rejects with an ApiError naming the field when refused. */
export async function createRechargeAgreement(
  input: RechargeAgreementInput,
): Promise<RechargeAgreement> {
  return (await postJson('/api/finance/recharge-agreements', input)) as RechargeAgreement;
}

/** Ends an agreement on its last day of service. */
export async function endRechargeAgreement(
  agreementId: string,
  endsOn: string,
): Promise<RechargeAgreement> {
  return (await postJson(`${agreementPath(agreementId)}/end`, { endsOn })) as RechargeAgreement;
}

/** An agreement's usage, oldest first. */
export async function fetchRechargeUsage(agreementId: string): Promise<RechargeUsage[]> {
  const answer = (await getJson(`${agreementPath(agreementId)}/usage`)) as {
    usage: RechargeUsage[];
  };
  return answer.usage;
}

/** Records units of an agreement's service used on a day. */
export async function recordRechargeUsage(
  agreementId: string,
  input: { usedOn: string; quantity: number; note: string | null },
): Promise<RechargeUsage> {
  return (await postJson(`${agreementPath(agreementId)}/usage`, input)) as RechargeUsage;
}

/** Removes usage recorded by mistake; the server refuses once it is invoiced. */
export async function removeRechargeUsage(agreementId: string, usageId: string): Promise<void> {
  await deleteJson(`${agreementPath(agreementId)}/usage/${encodeURIComponent(usageId)}`);
}

/** Invoices a month's uninvoiced usage, one invoice per provider and recipient. */
export async function runRecharges(input: {
  month: string;
  issuedOn: string;
}): Promise<RechargeRunResult> {
  return (await postJson('/api/finance/recharge-runs', input)) as RechargeRunResult;
}

/** Recharge invoices the user may see, optionally of one year, practice, status or month. */
export async function fetchRechargeInvoices(
  filter: {
    financialYear?: number;
    practiceId?: string;
    status?: 'paid' | 'unpaid';
    month?: string;
  } = {},
): Promise<RechargeInvoice[]> {
  const answer = (await getJson(
    `/api/finance/recharge-invoices${query({
      financialYear: filter.financialYear,
      practiceId: filter.practiceId,
      status: filter.status,
      month: filter.month,
    })}`,
  )) as { invoices: RechargeInvoice[] };
  return answer.invoices;
}

/** Where the printable page of a recharge invoice is. */
export const rechargeInvoicePrintPath = (invoiceId: string): string =>
  `${invoicePath(invoiceId)}/print`;

/** Records a recharge invoice paid on a date, in both practices' ledgers. */
export async function markRechargeInvoicePaid(
  invoiceId: string,
  paidOn: string,
): Promise<RechargeInvoice> {
  return (await postJson(`${invoicePath(invoiceId)}/paid`, { paidOn })) as RechargeInvoice;
}
