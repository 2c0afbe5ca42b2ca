import { describe, expect, it } from 'vitest';
import { ORGANISATION_FORMS, ROLES } from '@atscale/domain';
import { formLabel, roleLabel } from './labels';

describe('labels', () => {
  it('gives every role a label that is not just its id', () => {
    for (const role of ROLES) expect(roleLabel(role)).not.toBe(role);
    expect(roleLabel('practice-manager')).toBe('Practice manager');
  });

  it('gives every organisational form a label', () => {
    for (const form of ORGANISATION_FORMS) expect(formLabel(form)).not.toBe(form);
    expect(formLabel('autonomy-super-partnership')).toBe('Autonomy super-partnership');
  });

  it('shows an unknown id as words instead of hiding it', () => {
    expect(roleLabel('estates-lead')).toBe('Estates lead');
    expect(formLabel('new-form')).toBe('New form');
  });
});
