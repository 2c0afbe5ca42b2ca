import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PERMISSIONS,
  can,
  canAt,
  grantingRole,
  grantsFor,
  reachOf,
  type Permission,
} from './permissions.js';
import type { Principal } from './principal.js';
import { ROLES } from './roles.js';

const principal = (grants: Principal['grants']): Principal => ({
  userId: 'u1',
  orgId: 'org-a',
  grants,
});

describe('reachOf', () => {
  it('gives organisation reach to an organisation-wide role', () => {
    const p = principal([{ role: 'central-operations', practiceId: null }]);
    expect(reachOf(p, 'patient:read')).toEqual({ kind: 'organisation' });
  });

  it('limits a practice role to its practices', () => {
    const p = principal([
      { role: 'clinician', practiceId: 'p2' },
      { role: 'care-navigator', practiceId: 'p1' },
    ]);
    expect(reachOf(p, 'patient:read')).toEqual({ kind: 'practices', practiceIds: ['p1', 'p2'] });
  });

  it('gives nothing to a role without the permission', () => {
    const p = principal([{ role: 'central-finance', practiceId: null }]);
    expect(reachOf(p, 'patient:read')).toEqual({ kind: 'none' });
    expect(can(p, 'patient:read')).toBe(false);
  });
});

describe('canAt', () => {
  it('refuses another organisation whatever the roles', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            role: fc.constantFrom(...ROLES),
            practiceId: fc.option(fc.constantFrom('p1', 'p2'), { nil: null }),
          }),
        ),
        fc.constantFrom(...(Object.keys(PERMISSIONS) as Permission[])),
        (grants, permission) => {
          const p = principal(grants);
          return !canAt(p, permission, { orgId: 'org-b', practiceId: 'p1' });
        },
      ),
    );
  });

  it('lets a clinician read patients of their practice only', () => {
    const p = principal([{ role: 'clinician', practiceId: 'p1' }]);
    expect(canAt(p, 'patient:read', { orgId: 'org-a', practiceId: 'p1' })).toBe(true);
    expect(canAt(p, 'patient:read', { orgId: 'org-a', practiceId: 'p2' })).toBe(false);
    expect(canAt(p, 'patient:read', { orgId: 'org-a' })).toBe(false);
  });

  it('lets a practice manager change their own practice but not another, nor the organisation', () => {
    const p = principal([{ role: 'practice-manager', practiceId: 'p1' }]);
    expect(canAt(p, 'practice:manage', { orgId: 'org-a', practiceId: 'p1' })).toBe(true);
    expect(canAt(p, 'practice:manage', { orgId: 'org-a', practiceId: 'p2' })).toBe(false);
    expect(canAt(p, 'organisation:manage', { orgId: 'org-a' })).toBe(false);
    expect(can(p, 'membership:read')).toBe(false);
  });

  it('keeps cost centres to finance and the administrator', () => {
    const finance = principal([{ role: 'central-finance', practiceId: null }]);
    const operations = principal([{ role: 'central-operations', practiceId: null }]);
    expect(canAt(finance, 'cost-centres:manage', { orgId: 'org-a' })).toBe(true);
    expect(canAt(operations, 'cost-centres:manage', { orgId: 'org-a' })).toBe(false);
  });

  it('does not let an organisation administrator read patients', () => {
    const p = principal([{ role: 'org-admin', practiceId: null }]);
    expect(canAt(p, 'patient:read', { orgId: 'org-a', practiceId: 'p1' })).toBe(false);
    expect(canAt(p, 'users:manage', { orgId: 'org-a' })).toBe(true);
  });
});

describe('grantingRole', () => {
  it('names the role that allows the access, preferring an organisation-wide one', () => {
    const p = principal([
      { role: 'clinician', practiceId: 'p1' },
      { role: 'central-operations', practiceId: null },
    ]);
    expect(grantingRole(p, 'patient:read', { orgId: 'org-a', practiceId: 'p1' })).toBe(
      'central-operations',
    );
  });

  it('is null where canAt is false', () => {
    const p = principal([{ role: 'clinician', practiceId: 'p1' }]);
    expect(grantingRole(p, 'patient:read', { orgId: 'org-a', practiceId: 'p2' })).toBeNull();
    expect(grantingRole(p, 'patient:read', { orgId: 'org-b', practiceId: 'p1' })).toBeNull();
    expect(grantingRole(p, 'patient:read', { orgId: 'org-a', practiceId: 'p1' })).toBe('clinician');
  });
});

describe('grantsFor', () => {
  it('picks the same role as grantingRole for any grants and practice', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            role: fc.constantFrom(...ROLES),
            practiceId: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: null }),
          }),
        ),
        fc.constantFrom('p1', 'p2', 'p3'),
        (grants, practiceId) => {
          const p = principal(grants);
          const g = grantsFor(p, 'patient:read');
          const local = g.practiceIds.findIndex((id) => id === practiceId);
          const picked = g.wide ?? (local >= 0 ? g.roles[local] : null) ?? null;
          return picked === grantingRole(p, 'patient:read', { orgId: 'org-a', practiceId });
        },
      ),
    );
  });
});

describe('finance permissions', () => {
  it('give central finance the whole organisation and a practice manager their practice', () => {
    const finance = principal([{ role: 'central-finance', practiceId: null }]);
    const manager = principal([{ role: 'practice-manager', practiceId: 'p1' }]);
    expect(reachOf(finance, 'finance:manage')).toEqual({ kind: 'organisation' });
    expect(reachOf(manager, 'finance:read')).toEqual({ kind: 'practices', practiceIds: ['p1'] });
    expect(canAt(manager, 'finance:read', { orgId: 'org-a', practiceId: 'p2' })).toBe(false);
    expect(can(manager, 'finance:manage')).toBe(false);
    expect(can(principal([{ role: 'clinician', practiceId: 'p1' }]), 'finance:read')).toBe(false);
  });
});
