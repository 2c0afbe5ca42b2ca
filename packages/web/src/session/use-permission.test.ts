import { describe, expect, it } from 'vitest';
import type { Me } from '../api/me';
import { mayUse, principalOf } from './use-permission';

const me = (roles: Me['roles']): Me => ({
  user: { id: 'u1', email: 'a@b.test', displayName: 'A' },
  organisation: { id: 'o1', name: 'Org', form: 'federation' },
  roles,
  practices: [],
});

describe('what the signed-in user may do', () => {
  it('sees the user as the domain does, leaving out roles it does not know', () => {
    expect(
      principalOf(
        me([
          { role: 'org-admin', practiceId: null },
          { role: 'no-such-role', practiceId: null },
        ]),
      ),
    ).toEqual({ userId: 'u1', orgId: 'o1', grants: [{ role: 'org-admin', practiceId: null }] });
  });

  it('offers the cost centre forms to organisation-wide finance and admin roles only', () => {
    const manage = (roles: Me['roles']) => mayUse(me(roles), 'cost-centres:manage', null);
    expect(manage([{ role: 'central-finance', practiceId: null }])).toBe(true);
    expect(manage([{ role: 'org-admin', practiceId: null }])).toBe(true);
    expect(manage([{ role: 'org-admin', practiceId: 'p1' }])).toBe(false);
    expect(manage([{ role: 'central-operations', practiceId: null }])).toBe(false);
    expect(manage([{ role: 'no-such-role', practiceId: null }])).toBe(false);
  });

  it('offers the membership forms to those with membership:manage across the organisation', () => {
    const manage = (roles: Me['roles']) => mayUse(me(roles), 'membership:manage', null);
    expect(manage([{ role: 'org-admin', practiceId: null }])).toBe(true);
    expect(manage([{ role: 'board-member', practiceId: null }])).toBe(true);
    expect(manage([{ role: 'central-finance', practiceId: null }])).toBe(false);
    expect(manage([{ role: 'clinician', practiceId: 'p1' }])).toBe(false);
    expect(manage([{ role: 'no-such-role', practiceId: null }])).toBe(false);
  });

  it('lets a practice manager change their own practice only', () => {
    const manager = me([{ role: 'practice-manager', practiceId: 'p1' }]);
    expect(mayUse(manager, 'practice:manage', 'p1')).toBe(true);
    expect(mayUse(manager, 'practice:manage', 'p2')).toBe(false);
    expect(mayUse(manager, 'organisation:manage', null)).toBe(false);
  });
});
