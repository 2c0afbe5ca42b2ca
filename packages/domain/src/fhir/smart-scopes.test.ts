import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  REGISTRABLE_SCOPES,
  isKnownScopeType,
  parseScope,
  scopesAllow,
  scopesWithin,
  splitScopes,
} from './smart-scopes.js';

describe('parseScope', () => {
  it('understands SMART v1 and v2 system scopes', () => {
    expect(parseScope('system/Slot.read')).toEqual({ type: 'Slot', read: true, write: false });
    expect(parseScope('system/*.write')).toEqual({ type: '*', read: false, write: true });
    expect(parseScope('system/Slot.*')).toEqual({ type: 'Slot', read: true, write: true });
    expect(parseScope('system/Slot.rs')).toEqual({ type: 'Slot', read: true, write: false });
    expect(parseScope('system/Appointment.cruds')).toEqual({
      type: 'Appointment',
      read: true,
      write: true,
    });
    expect(parseScope('system/Appointment.u')).toEqual({
      type: 'Appointment',
      read: false,
      write: true,
    });
  });

  it('refuses what is not a system scope', () => {
    for (const bad of [
      'patient/Slot.read',
      'user/*.read',
      'system/Slot',
      'system/Slot.',
      'system/Slot.sr',
      'system/slot.read',
      'system/Slot.read extra',
      'openid',
      '',
    ]) {
      expect(parseScope(bad), bad).toBeNull();
    }
  });

  it('knows which types the facade serves', () => {
    for (const scope of REGISTRABLE_SCOPES) {
      const parsed = parseScope(scope);
      expect(parsed !== null && isKnownScopeType(parsed), scope).toBe(true);
    }
    expect(isKnownScopeType({ type: 'Observation', read: true, write: false })).toBe(false);
  });
});

describe('splitScopes', () => {
  it('splits on spaces and keeps each scope once', () => {
    expect(splitScopes(' system/Slot.read  system/Slot.read system/*.write')).toEqual([
      'system/Slot.read',
      'system/*.write',
    ]);
  });
});

describe('scopesAllow', () => {
  it('allows a type by its own scope or the wildcard, for the access named only', () => {
    expect(scopesAllow(['system/Slot.read'], 'Slot', 'read')).toBe(true);
    expect(scopesAllow(['system/Slot.read'], 'Slot', 'write')).toBe(false);
    expect(scopesAllow(['system/Slot.read'], 'Organization', 'read')).toBe(false);
    expect(scopesAllow(['system/*.read'], 'Organization', 'read')).toBe(true);
    expect(scopesAllow(['system/*.write'], 'Organization', 'read')).toBe(false);
    expect(scopesAllow(['system/Appointment.cruds'], 'Appointment', 'write')).toBe(true);
    expect(scopesAllow([], 'Slot', 'read')).toBe(false);
  });
});

describe('scopesWithin', () => {
  it('lets a token ask for less than its client holds, never more', () => {
    const held = ['system/*.read', 'system/Appointment.write'];
    expect(scopesWithin(['system/Slot.read'], held)).toBe(true);
    expect(scopesWithin(['system/Appointment.rs', 'system/Appointment.write'], held)).toBe(true);
    expect(scopesWithin(['system/*.read'], held)).toBe(true);
    expect(scopesWithin(['system/*.write'], held)).toBe(false);
    expect(scopesWithin(['system/Slot.write'], held)).toBe(false);
    expect(scopesWithin(['system/Appointment.*'], held)).toBe(true);
    expect(scopesWithin(['system/*.read'], ['system/Slot.read'])).toBe(false);
    expect(scopesWithin(['nonsense'], held)).toBe(false);
  });

  it('never lets a subset allow what the whole does not', () => {
    const scope = fc.constantFrom(...REGISTRABLE_SCOPES, 'system/Slot.rs', 'system/Slot.*');
    fc.assert(
      fc.property(
        fc.array(scope),
        fc.array(scope),
        fc.constantFrom('Slot', 'Organization', 'Appointment'),
        fc.constantFrom('read' as const, 'write' as const),
        (wanted, held, type, access) =>
          !scopesWithin(wanted, held) ||
          !scopesAllow(wanted, type, access) ||
          scopesAllow(held, type, access),
      ),
    );
  });
});
