import { describe, expect, it } from 'vitest';
import { BUDGET_ACCOUNTS, budgetFieldValues, budgetLinesFromFields } from './budget-figures';

describe('budget fields', () => {
  it('offers only income and expenditure accounts', () => {
    expect(BUDGET_ACCOUNTS.map((a) => a.code)).toContain('4000');
    expect(BUDGET_ACCOUNTS.map((a) => a.code)).toContain('5000');
    expect(BUDGET_ACCOUNTS.map((a) => a.code)).not.toContain('1000');
    expect(BUDGET_ACCOUNTS.every((a) => a.kind === 'income' || a.kind === 'expenditure')).toBe(
      true,
    );
  });

  it('shows a budget’s lines as pounds, blank for accounts without one', () => {
    const values = budgetFieldValues([
      { accountCode: '4000', accountName: 'Global sum', kind: 'income', amountPence: 123_456 },
    ]);
    expect(values['4000']).toBe('1234.56');
    expect(values['5000']).toBe('');
  });

  it('reads pounds into pence, leaving blank accounts out', () => {
    expect(budgetLinesFromFields({ '4000': '1,234.56', '5000': ' 800 ', '6000': '' })).toEqual({
      ok: true,
      lines: [
        { accountCode: '4000', amountPence: 123_456 },
        { accountCode: '5000', amountPence: 80_000 },
      ],
    });
    expect(budgetLinesFromFields({})).toEqual({ ok: true, lines: [] });
  });

  it('names each account whose amount is not pounds, or is negative', () => {
    const read = budgetLinesFromFields({ '4000': 'lots', '5000': '-5', '6000': '1.234' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => p.accountCode)).toEqual(['4000', '5000', '6000']);
    expect(read.problems[0]?.text).toContain('Global sum');
  });
});
