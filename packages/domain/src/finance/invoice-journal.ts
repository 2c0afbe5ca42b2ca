import type { JournalLine } from './journal.js';
import type { Pence } from './money.js';

/** Who an invoice is between, in the ledger: the cost centre and account of each side. */
export interface InvoiceParties {
  /** The cost centre that pays and the expenditure account it is charged to. */
  readonly payer: { readonly costCentreId: string; readonly expenditureAccount: string };
  /** The cost centre that is paid and the income account it earns on. */
  readonly payee: { readonly costCentreId: string; readonly incomeAccount: string };
}

/**
 * The journal lines of an invoice between two cost centres of one organisation: the payer's
 * cost and VAT recoverable against a creditor, the payee's debtor against its income and VAT
 * payable. Used by every invoice the organisation raises on its members (levy, recharges), so
 * each posts the same way. Lines for nil VAT are left out.
 */
export function invoiceChargeLines(
  parties: InvoiceParties,
  amounts: { readonly netPence: Pence; readonly vatPence: Pence },
): JournalLine[] {
  const { payer, payee } = parties;
  const gross = amounts.netPence + amounts.vatPence;
  const line = (
    costCentreId: string,
    accountCode: string,
    debitPence: Pence,
    creditPence: Pence,
  ): JournalLine => ({ costCentreId, accountCode, debitPence, creditPence, memo: null });
  return [
    line(payer.costCentreId, payer.expenditureAccount, amounts.netPence, 0),
    ...(amounts.vatPence > 0 ? [line(payer.costCentreId, '1200', amounts.vatPence, 0)] : []),
    line(payer.costCentreId, '2100', 0, gross),
    line(payee.costCentreId, '1100', gross, 0),
    line(payee.costCentreId, payee.incomeAccount, 0, amounts.netPence),
    ...(amounts.vatPence > 0 ? [line(payee.costCentreId, '2200', 0, amounts.vatPence)] : []),
  ].filter((l) => l.debitPence > 0 || l.creditPence > 0);
}

/**
 * The journal lines of paying such an invoice: the payer's bank to its creditor, the payee's
 * debtor to its bank.
 */
export function invoicePaymentLines(
  payerCostCentreId: string,
  payeeCostCentreId: string,
  grossPence: Pence,
): JournalLine[] {
  return [
    {
      costCentreId: payerCostCentreId,
      accountCode: '2100',
      debitPence: grossPence,
      creditPence: 0,
    },
    {
      costCentreId: payerCostCentreId,
      accountCode: '1000',
      debitPence: 0,
      creditPence: grossPence,
    },
    {
      costCentreId: payeeCostCentreId,
      accountCode: '1000',
      debitPence: grossPence,
      creditPence: 0,
    },
    {
      costCentreId: payeeCostCentreId,
      accountCode: '1100',
      debitPence: 0,
      creditPence: grossPence,
    },
  ];
}
