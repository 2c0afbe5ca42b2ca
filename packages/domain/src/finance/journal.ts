import type { FieldProblem } from '../errors.js';
import { accountOf, type AccountKind } from './accounts.js';
import { isPence, MAX_AMOUNT_PENCE, type Pence } from './money.js';

/** One line of a journal: an amount debited or credited to an account of a cost centre. */
export interface JournalLine {
  readonly costCentreId: string;
  readonly accountCode: string;
  readonly debitPence: Pence;
  readonly creditPence: Pence;
  readonly memo?: string | null;
}

/**
 * What is wrong with a journal's lines, by field: at least two lines; each line on a known
 * account with whole, non-negative pence on exactly one side; debits equal to credits.
 */
export function journalProblems(lines: readonly JournalLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (lines.length < 2) {
    problems.push({ field: '/lines', message: 'A journal needs at least two lines' });
  }
  let debits = 0;
  let credits = 0;
  lines.forEach((line, i) => {
    const at = `/lines/${i}`;
    if (!accountOf(line.accountCode)) {
      problems.push({
        field: `${at}/accountCode`,
        message: `${line.accountCode} is not an account of the chart`,
      });
    }
    for (const side of ['debitPence', 'creditPence'] as const) {
      if (!isPence(line[side]) || line[side] < 0) {
        problems.push({ field: `${at}/${side}`, message: 'Must be whole pence, not negative' });
      } else if (line[side] > MAX_AMOUNT_PENCE) {
        problems.push({ field: `${at}/${side}`, message: 'Must be at most £1,000,000,000.00' });
      }
    }
    if (line.debitPence > 0 === line.creditPence > 0) {
      problems.push({
        field: at,
        message: 'A line is either a debit or a credit, not both or neither',
      });
    }
    debits += line.debitPence;
    credits += line.creditPence;
  });
  if (problems.length === 0 && debits !== credits) {
    problems.push({
      field: '/lines',
      message: `Debits (${debits}p) and credits (${credits}p) must be equal`,
    });
  }
  return problems;
}

/** The journal that undoes another: every debit a credit and every credit a debit. */
export function reversingLines(lines: readonly JournalLine[]): JournalLine[] {
  return lines.map((line) => ({
    ...line,
    debitPence: line.creditPence,
    creditPence: line.debitPence,
  }));
}

/**
 * The balance of an account from its lines, in the direction that reads naturally for its
 * kind: income and liabilities grow with credits, expenditure and assets with debits.
 */
export function naturalBalance(kind: AccountKind, debit: Pence, credit: Pence): Pence {
  return kind === 'income' || kind === 'liability' ? credit - debit : debit - credit;
}

/** Income, expenditure and profit of a set of lines (profit = income - expenditure). */
export function profitAndLoss(lines: readonly JournalLine[]): {
  incomePence: Pence;
  expenditurePence: Pence;
  profitPence: Pence;
} {
  let income = 0;
  let expenditure = 0;
  for (const line of lines) {
    const kind = accountOf(line.accountCode)?.kind;
    if (kind === 'income') income += naturalBalance(kind, line.debitPence, line.creditPence);
    if (kind === 'expenditure') {
      expenditure += naturalBalance(kind, line.debitPence, line.creditPence);
    }
  }
  return { incomePence: income, expenditurePence: expenditure, profitPence: income - expenditure };
}
