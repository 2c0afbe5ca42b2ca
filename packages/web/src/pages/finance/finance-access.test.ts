import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/me';
import { financeAccessOf, mayOpenFinancePage } from './finance-access';

const meWith = (roles: Me['roles']): Me => ({
  user: { id: 'u1', email: 'a@atscale.test', displayName: 'A' },
  organisation: { id: 'o1', name: 'Org', form: 'autonomy-super-partnership' },
  roles,
  practices: [],
});

describe('finance access in the browser', () => {
  it('gives central finance the whole organisation and the dashboard', () => {
    const access = financeAccessOf(meWith([{ role: 'central-finance', practiceId: null }]));
    expect(access).toEqual({ read: true, orgWide: true, manage: true, practiceIds: [] });
    expect(mayOpenFinancePage('/finance/dashboard', access)).toBe(true);
    expect(mayOpenFinancePage('/finance/payments', access)).toBe(true);
  });

  it('keeps a practice manager to their practice and away from the dashboard', () => {
    const access = financeAccessOf(meWith([{ role: 'practice-manager', practiceId: 'p1' }]));
    expect(access).toEqual({ read: true, orgWide: false, manage: false, practiceIds: ['p1'] });
    expect(mayOpenFinancePage('/finance/dashboard', access)).toBe(false);
    expect(mayOpenFinancePage('/finance/payments', access)).toBe(false);
    expect(mayOpenFinancePage('/finance/levy', access)).toBe(true);
  });

  it('lets a board member see the dashboard without managing', () => {
    const access = financeAccessOf(meWith([{ role: 'board-member', practiceId: null }]));
    expect(access.manage).toBe(false);
    expect(mayOpenFinancePage('/finance/dashboard', access)).toBe(true);
  });

  it('keeps the parity planner to central finance; recharges and budgets to every reader', () => {
    const central = financeAccessOf(meWith([{ role: 'central-finance', practiceId: null }]));
    const manager = financeAccessOf(meWith([{ role: 'practice-manager', practiceId: 'p1' }]));
    const board = financeAccessOf(meWith([{ role: 'board-member', practiceId: null }]));
    expect(mayOpenFinancePage('/finance/parity', central)).toBe(true);
    expect(mayOpenFinancePage('/finance/parity', manager)).toBe(false);
    expect(mayOpenFinancePage('/finance/parity', board)).toBe(false);
    for (const path of ['/finance/recharges', '/finance/budgets']) {
      expect(mayOpenFinancePage(path, manager)).toBe(true);
      expect(mayOpenFinancePage(path, board)).toBe(true);
    }
  });

  it('shows no finance page to a clinician', () => {
    const access = financeAccessOf(meWith([{ role: 'clinician', practiceId: 'p1' }]));
    expect(access.read).toBe(false);
    expect(mayOpenFinancePage('/finance/profit-and-loss', access)).toBe(false);
  });
});
