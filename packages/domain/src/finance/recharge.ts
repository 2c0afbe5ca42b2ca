import { AtscaleError } from '../errors.js';
import { MONTH_NAMES, type IsoDate } from '../org/iso-date.js';
import { financialYearOf, type FinancialYear } from './financial-year.js';
import type { Pence } from './money.js';
import { invoiceTotals, vatOnLine, type VatTreatment } from './vat.js';

/**
 * How a recharged service stands for VAT in its own right: most medical care by registered
 * practitioners is exempt (VAT Act 1994, schedule 9 group 7); staff lent to another business or
 * administrative services are taxable at the standard rate.
 */
export const RECHARGE_SERVICE_VAT_TREATMENTS = ['exempt', 'standard'] as const;
/** A recharged service's own VAT treatment. */
export type RechargeServiceVatTreatment = (typeof RECHARGE_SERVICE_VAT_TREATMENTS)[number];

/** Units services are commonly charged in; agreements may name others ("half-day", "report"). */
export const COMMON_RECHARGE_UNITS = ['appointment', 'session', 'hour', 'day', 'patient'] as const;

/** The prefix of recharge invoice numbers, apart from the levy's: RCH-2026-00001. */
export const RECHARGE_INVOICE_PREFIX = 'RCH';

/** True when a unit reads as lower-case words: "appointment", "half day". */
export function isRechargeUnit(unit: string): boolean {
  return /^[a-z][a-z -]{0,39}$/.test(unit);
}

/**
 * The VAT treatment a recharge between two members bears (FIN-5), given whether the
 * organisation's form makes its members separate businesses (`FormPolicy.vatOnServicesBetween
 * Members`) and the service's own treatment.
 *
 * Why: VAT is charged on supplies made by one taxable person to another. In a super-partnership
 * or a fully integrated MCP the members are parts of one legal entity, so a recharge between two
 * of its cost centres is a transfer inside one business, not a supply: outside the scope of VAT,
 * whatever the service. In a federation, a hub network or an MCP alliance the members stay
 * separate businesses (source 001: services one member provides to another are "liable to
 * VAT"), so the service's own treatment applies: exempt for medical care, standard rate for
 * staff and other taxable services.
 */
export function rechargeVatTreatment(
  membersAreSeparateBusinesses: boolean,
  service: RechargeServiceVatTreatment,
): VatTreatment {
  return membersAreSeparateBusinesses ? service : 'outside-scope';
}

/** A calendar month, "2026-05": the period a recharge invoice covers. */
export interface RechargeMonth {
  readonly month: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** "May 2026". */
  readonly label: string;
  /** The financial year the month is in: its invoices are numbered in it. */
  readonly financialYear: FinancialYear;
}

/** The first and last days of a month given as YYYY-MM; refuses anything else, naming the field. */
export function rechargeMonth(month: string, field = '/month'): RechargeMonth {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12 || year < 2000 || year > 2999) {
    throw new AtscaleError('validation-failed', `${field}: A month such as 2026-05`, [
      { field, message: 'A month such as 2026-05' },
    ]);
  }
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const from = `${match[1] ?? ''}-${match[2] ?? ''}-01`;
  return {
    month,
    from,
    to: `${match[1] ?? ''}-${match[2] ?? ''}-${String(last).padStart(2, '0')}`,
    label: `${MONTH_NAMES[m - 1] ?? ''} ${String(year)}`,
    financialYear: financialYearOf(from),
  };
}

/** An agreement as the invoice arithmetic needs it. */
export interface RechargeAgreementTerms {
  readonly id: string;
  readonly providerPracticeId: string;
  readonly recipientPracticeId: string;
  readonly serviceName: string;
  readonly unit: string;
  readonly unitPricePence: Pence;
  readonly vatTreatment: RechargeServiceVatTreatment;
}

/** One usage record not yet invoiced. */
export interface RechargeUsageItem {
  readonly id: string;
  readonly agreementId: string;
  readonly quantity: number;
}

/** One line of a recharge invoice: one agreement's units in the month. */
export interface RechargeInvoiceLineDraft {
  readonly lineNumber: number;
  readonly agreementId: string;
  readonly description: string;
  readonly unit: string;
  readonly quantity: number;
  readonly unitPricePence: Pence;
  readonly netPence: Pence;
  readonly vatTreatment: VatTreatment;
  readonly vatPence: Pence;
  readonly usageIds: readonly string[];
}

/** A recharge invoice before it is numbered: one provider to one recipient for one month. */
export interface RechargeInvoiceDraft {
  readonly providerPracticeId: string;
  readonly recipientPracticeId: string;
  readonly lines: readonly RechargeInvoiceLineDraft[];
  readonly netPence: Pence;
  readonly vatPence: Pence;
  readonly grossPence: Pence;
}

/**
 * The month's recharge invoices from its usage (FIN-5): one invoice per provider and recipient,
 * one line per agreement (the month's units times the unit price), VAT on each line half up in
 * whole pence at the standard rate given in basis points, and totals that are the lines' sums.
 * Invoices come in the order of the agreements given, and lines too.
 */
export function rechargeInvoiceDrafts(
  agreements: readonly RechargeAgreementTerms[],
  usage: readonly RechargeUsageItem[],
  vatTreatmentOf: (agreement: RechargeAgreementTerms) => VatTreatment,
  standardBasisPoints: number,
): RechargeInvoiceDraft[] {
  const byAgreement = new Map<string, RechargeUsageItem[]>();
  for (const item of usage) {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new RangeError('a usage quantity is a whole number of at least 1');
    }
    byAgreement.set(item.agreementId, [...(byAgreement.get(item.agreementId) ?? []), item]);
  }
  const invoices = new Map<string, RechargeInvoiceLineDraft[]>();
  const pairs = new Map<string, { provider: string; recipient: string }>();
  for (const agreement of agreements) {
    const items = byAgreement.get(agreement.id);
    if (!items) continue;
    const key = `${agreement.providerPracticeId}>${agreement.recipientPracticeId}`;
    pairs.set(key, {
      provider: agreement.providerPracticeId,
      recipient: agreement.recipientPracticeId,
    });
    const lines = invoices.get(key) ?? [];
    const quantity = items.reduce((sum, item) => sum + item.quantity, 0);
    const net = quantity * agreement.unitPricePence;
    if (!Number.isSafeInteger(net)) throw new RangeError('a recharge line is too large');
    const treatment = vatTreatmentOf(agreement);
    lines.push({
      lineNumber: lines.length + 1,
      agreementId: agreement.id,
      description: agreement.serviceName,
      unit: agreement.unit,
      quantity,
      unitPricePence: agreement.unitPricePence,
      netPence: net,
      vatTreatment: treatment,
      vatPence: vatOnLine(net, treatment, standardBasisPoints),
      usageIds: items.map((item) => item.id),
    });
    invoices.set(key, lines);
  }
  return [...invoices.entries()].map(([key, lines]) => {
    const pair = pairs.get(key) ?? { provider: '', recipient: '' };
    return {
      providerPracticeId: pair.provider,
      recipientPracticeId: pair.recipient,
      lines,
      ...invoiceTotals(lines, standardBasisPoints),
    };
  });
}
