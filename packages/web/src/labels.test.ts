import { describe, expect, it } from 'vitest';
import { formLabel, formLabels, roleLabel, roleLabels } from './labels';

describe('labels', () => {
  it('names every role id in the API contract', () => {
    expect(Object.keys(roleLabels)).toEqual([
      'org-admin',
      'central-operations',
      'central-finance',
      'central-workforce',
      'governance',
      'board-member',
      'partner',
      'practice-manager',
      'care-navigator',
      'clinician',
      'hub-clinician',
    ]);
    expect(roleLabel('practice-manager')).toBe('Practice manager');
  });

  it('names every organisational form id in the API contract', () => {
    expect(Object.keys(formLabels)).toHaveLength(8);
    expect(formLabel('autonomy-super-partnership')).toBe('Autonomy super-partnership');
  });

  it('shows an unknown id as words instead of hiding it', () => {
    expect(roleLabel('estates-lead')).toBe('Estates lead');
    expect(formLabel('new-form')).toBe('New form');
  });
});
