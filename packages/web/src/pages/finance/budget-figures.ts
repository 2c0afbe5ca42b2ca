import { ACCOUNTS, parsePounds, type Account } from '@atscale/domain';
import type { BudgetLine } from '../../api/budgets-and-parity';
import { penceToPoundsField } from './finance-figures';

/** The accounts a budget has lines for: the chart's income and expenditure, in chart order. */
export const BUDGET_ACCOUNTS: readonly Account[] = ACCOUNTS.filter(
  (account) => account.kind === 'income' || account.kind === 'expenditure',
);

/** The form field of an account's budget. */
export const budgetFieldId = (accountCode: string): string => `budget-${accountCode}`;

/** A budget's amounts as the form's pound fields, by account code; blank where there is none. */
export function budgetFieldValues(lines: readonly BudgetLine[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const account of BUDGET_ACCOUNTS) values[account.code] = '';
  for (const line of lines) values[line.accountCode] = penceToPoundsField(line.amountPence);
  return values;
}

/** What the budget form's fields say: the lines to save, or a problem per field that is wrong. */
export type BudgetFields =
  | { ok: true; lines: { accountCode: string; amountPence: number }[] }
  | { ok: false; problems: { accountCode: string; text: string }[] };

/**
 * Reads the form's pounds per account (`values` by account code). A blank field means no budget
 * for that account, so it is left out (the server removes lines not sent); anything else must be
 * an amount of pounds and pence, not negative.
 */
export function budgetLinesFromFields(values: Readonly<Record<string, string>>): BudgetFields {
  const lines: { accountCode: string; amountPence: number }[] = [];
  const problems: { accountCode: string; text: string }[] = [];
  for (const account of BUDGET_ACCOUNTS) {
    const text = (values[account.code] ?? '').trim();
    if (text === '') continue;
    const pence = parsePounds(text);
    if (pence === null || pence < 0) {
      problems.push({
        accountCode: account.code,
        text: `Enter the budget for ${account.name} in pounds and pence, like 12,500.00, or leave it blank`,
      });
    } else {
      lines.push({ accountCode: account.code, amountPence: pence });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines };
}
