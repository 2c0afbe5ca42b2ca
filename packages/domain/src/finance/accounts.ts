/** The kinds of ledger account: what a balance on each means. */
export type AccountKind = 'income' | 'expenditure' | 'asset' | 'liability';

/** One line of the chart of accounts. */
export interface Account {
  readonly code: string;
  readonly name: string;
  readonly kind: AccountKind;
}

/**
 * The chart of accounts of every cost centre: the usual income and cost lines of an English
 * general practice, and the balance-sheet accounts the double entry needs. Codes follow the
 * common small-business numbering (4000s income, 5000-7000s costs, 1000s assets, 2000s
 * liabilities) so that an accountant's package can map them.
 */
export const ACCOUNTS = [
  { code: '4000', name: 'Global sum', kind: 'income' },
  { code: '4010', name: 'QOF', kind: 'income' },
  { code: '4020', name: 'Enhanced services', kind: 'income' },
  { code: '4030', name: 'PCN and ARRS reimbursements', kind: 'income' },
  { code: '4040', name: 'Training grants', kind: 'income' },
  { code: '4050', name: 'Private fees', kind: 'income' },
  { code: '4060', name: 'Levy received', kind: 'income' },
  { code: '4070', name: 'Recharges to other members', kind: 'income' },
  { code: '4090', name: 'Other income', kind: 'income' },
  { code: '5000', name: 'Staff', kind: 'expenditure' },
  { code: '5010', name: 'Locums', kind: 'expenditure' },
  { code: '6000', name: 'Premises', kind: 'expenditure' },
  { code: '6010', name: 'Indemnity', kind: 'expenditure' },
  { code: '6020', name: 'Supplies', kind: 'expenditure' },
  { code: '6030', name: 'Levy paid', kind: 'expenditure' },
  { code: '6040', name: 'Central recharges', kind: 'expenditure' },
  { code: '6050', name: 'Recharges from other members', kind: 'expenditure' },
  { code: '6090', name: 'Other costs', kind: 'expenditure' },
  { code: '1000', name: 'Bank', kind: 'asset' },
  { code: '1100', name: 'Debtors', kind: 'asset' },
  { code: '1200', name: 'VAT recoverable', kind: 'asset' },
  { code: '2100', name: 'Creditors', kind: 'liability' },
  { code: '2200', name: 'VAT payable', kind: 'liability' },
  { code: '2900', name: 'Transfers between centres', kind: 'liability' },
] as const satisfies readonly Account[];

/** An account's code. */
export type AccountCode = (typeof ACCOUNTS)[number]['code'];

const BY_CODE = new Map<string, Account>(ACCOUNTS.map((a) => [a.code, a]));

/** The account with a code, if there is one. */
export function accountOf(code: string): Account | undefined {
  return BY_CODE.get(code);
}

/** True when the text is an account code of the chart. */
export function isAccountCode(code: string): code is AccountCode {
  return BY_CODE.has(code);
}
