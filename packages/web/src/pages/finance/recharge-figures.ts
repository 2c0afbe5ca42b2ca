import { billingPeriods, type FinancialYear } from '@atscale/domain';
import type { RechargeAgreement, RechargeInvoice } from '../../api/recharges';
import { formatDate } from '../../format/format';

/** Net, VAT and gross of some recharge invoices, and what of the gross is unpaid. */
export interface RechargeTotals {
  count: number;
  netPence: number;
  vatPence: number;
  grossPence: number;
  unpaidPence: number;
}

/** The sums of `invoices`: VAT kept apart from the net, as on the invoices themselves. */
export function rechargeTotals(invoices: readonly RechargeInvoice[]): RechargeTotals {
  return invoices.reduce<RechargeTotals>(
    (sum, invoice) => ({
      count: sum.count + 1,
      netPence: sum.netPence + invoice.netPence,
      vatPence: sum.vatPence + invoice.vatPence,
      grossPence: sum.grossPence + invoice.grossPence,
      unpaidPence: sum.unpaidPence + (invoice.status === 'unpaid' ? invoice.grossPence : 0),
    }),
    { count: 0, netPence: 0, vatPence: 0, grossPence: 0, unpaidPence: 0 },
  );
}

/** A practice's recharges split into what it provided (invoiced out) and what it received. */
export function practiceRecharges(
  invoices: readonly RechargeInvoice[],
  practiceId: string,
): { provided: RechargeTotals; received: RechargeTotals } {
  return {
    provided: rechargeTotals(invoices.filter((i) => i.provider.id === practiceId)),
    received: rechargeTotals(invoices.filter((i) => i.recipient.id === practiceId)),
  };
}

/** The months of a financial year as `YYYY-MM` choices, April first ("May 2026"). */
export function monthChoices(year: FinancialYear): { value: string; label: string }[] {
  return billingPeriods(year, 'monthly').map((month) => ({
    value: month.from.slice(0, 7),
    label: month.label,
  }));
}

/** The month before the one `today` is in, as `YYYY-MM`: the month usually being invoiced. */
export function lastMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1
    ? `${String(year - 1)}-12`
    : `${String(year)}-${String(month - 1).padStart(2, '0')}`;
}

/** One practice's recharges in a set of invoices: gross provided (invoiced out) and received. */
export interface PracticeRechargeRow {
  practice: RechargeInvoice['provider'];
  providedPence: number;
  receivedPence: number;
}

/** Every practice on either side of `invoices`, by name, with its gross provided and received. */
export function rechargesByPractice(invoices: readonly RechargeInvoice[]): PracticeRechargeRow[] {
  const rows = new Map<string, PracticeRechargeRow>();
  const rowOf = (practice: RechargeInvoice['provider']) => {
    const row = rows.get(practice.id) ?? { practice, providedPence: 0, receivedPence: 0 };
    rows.set(practice.id, row);
    return row;
  };
  for (const invoice of invoices) {
    rowOf(invoice.provider).providedPence += invoice.grossPence;
    rowOf(invoice.recipient).receivedPence += invoice.grossPence;
  }
  return [...rows.values()].sort((a, b) => a.practice.name.localeCompare(b.practice.name));
}

/** Whether an agreement is in force on `today`, ended, or still to start. */
export function agreementState(
  agreement: Pick<RechargeAgreement, 'startsOn' | 'endsOn'>,
  today: string,
): string {
  if (agreement.startsOn > today) return `Starts ${formatDate(agreement.startsOn)}`;
  if (agreement.endsOn !== null && agreement.endsOn < today) return 'Ended';
  return 'In force';
}
