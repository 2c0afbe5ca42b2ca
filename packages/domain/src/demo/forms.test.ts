import { describe, expect, it } from 'vitest';
import { demoProfile, demoUsersFor } from './forms.js';
import { demoPlan } from './plan.js';

describe('demo users', () => {
  it('turns a grant at each member practice into one grant per member, whatever the scale', () => {
    const users = demoUsersFor(
      [
        {
          key: 'callcentre',
          email: 'c@atscale.test',
          displayName: 'Dr C',
          grants: [
            { role: 'hub-clinician', practiceIndex: 'each-member' },
            { role: 'governance', practiceIndex: null },
          ],
        },
      ],
      3,
    );
    expect(users[0]?.grants).toEqual([
      { role: 'hub-clinician', practiceIndex: 0 },
      { role: 'hub-clinician', practiceIndex: 1 },
      { role: 'hub-clinician', practiceIndex: 2 },
      { role: 'governance', practiceIndex: null },
    ]);
  });

  it('gives the pyramidal demo a call-centre clinician who triages for every member practice', () => {
    for (const scale of ['tiny', 'small'] as const) {
      const plan = demoPlan({ scale, form: 'pyramidal-super-partnership', today: '2026-11-23' });
      const callCentre = plan.users.find((u) => u.email === 'callcentre@atscale.test');
      expect(callCentre?.grants).toEqual(
        Array.from({ length: plan.totals.memberPractices }, (_, i) => ({
          role: 'hub-clinician',
          practiceIndex: i,
        })),
      );
    }
    expect(demoProfile('pyramidal-super-partnership').users.map((u) => u.email)).toEqual([
      'pyramidal@atscale.test',
      'callcentre@atscale.test',
    ]);
  });
});
