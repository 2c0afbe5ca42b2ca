import { describe, expect, it } from 'vitest';
import { sectionOf, sectionPages } from '../../capabilities';
import { financePracticeIdAt } from '../../routes';

describe('the finance pages in the app', () => {
  it('reads the practice id from a practice finance path', () => {
    expect(financePracticeIdAt('/finance/practices/abc-123')).toBe('abc-123');
    expect(financePracticeIdAt('/finance/practices/')).toBeUndefined();
    expect(financePracticeIdAt('/finance/practices/a/b')).toBeUndefined();
    expect(financePracticeIdAt('/finance/practice')).toBeUndefined();
    expect(financePracticeIdAt('/finance/practices/%E0%A4%A')).toBeUndefined();
  });

  it('lists the finance pages in the Finance section, which the header marks on each', () => {
    const paths = sectionPages.filter((p) => p.capability === 'finance').map((p) => p.path);
    expect(paths).toEqual([
      '/finance/practice',
      '/finance/profit-and-loss',
      '/finance/dashboard',
      '/finance/levy',
      '/finance/savings',
      '/finance/payments',
      '/finance/recharges',
      '/finance/budgets',
      '/finance/parity',
    ]);
    for (const path of [...paths, '/finance/practices/p1'])
      expect(sectionOf(path)?.id).toBe('finance');
  });
});
