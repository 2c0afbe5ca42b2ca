import { describe, expect, it } from 'vitest';
import { actsForChoices, actsForField, scopeChoices, scopeLabel } from './system-client-values';

describe('system client form values', () => {
  it('names scopes the way a person reads them', () => {
    expect(scopeLabel('system/*.read')).toBe('Read every resource type');
    expect(scopeLabel('system/Appointment.write')).toBe('Change Appointment');
    expect(scopeLabel('system/Slot.*')).toBe('Read and Change Slot');
    expect(scopeLabel('nonsense')).toBe('nonsense');
    expect(scopeChoices(['system/Slot.read'])).toEqual([
      { value: 'system/Slot.read', label: 'Read Slot', hint: 'system/Slot.read' },
    ]);
  });

  it('offers practices and hubs, and reads the choice back as its field', () => {
    const choices = actsForChoices(
      [{ id: 'p1', name: 'Riverside Surgery', odsCode: 'Y90001' }],
      [{ id: 'h1', name: 'Evening hub' }],
    );
    expect(choices).toEqual([
      { value: 'practice:p1', label: 'Riverside Surgery (Y90001)' },
      { value: 'hub:h1', label: 'Hub: Evening hub' },
    ]);
    expect(actsForField('practice:p1')).toEqual({ practiceId: 'p1' });
    expect(actsForField('hub:h1')).toEqual({ hubId: 'h1' });
    expect(actsForField('')).toEqual({});
    expect(actsForField('practice:')).toEqual({});
  });
});
