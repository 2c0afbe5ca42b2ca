import { describe, expect, it } from 'vitest';
import { SITE_SERVICES } from '../org/site.js';
import { isStaffSkill, STAFF_SKILLS, STAFF_SKILL_LABELS } from './skills.js';

describe('skills', () => {
  it('uses the site services’ words where they are the same thing', () => {
    for (const word of ['minor-surgery', 'msk', 'coil-fitting', 'spirometry', 'phlebotomy']) {
      expect(isStaffSkill(word)).toBe(true);
      expect(SITE_SERVICES as readonly string[]).toContain(word);
    }
    expect(isStaffSkill('triage')).toBe(true);
    expect(isStaffSkill('minor_surgery')).toBe(false);
  });

  it('labels every skill, each once', () => {
    expect(new Set(STAFF_SKILLS).size).toBe(STAFF_SKILLS.length);
    for (const skill of STAFF_SKILLS) expect(STAFF_SKILL_LABELS[skill]).not.toBe('');
  });
});
