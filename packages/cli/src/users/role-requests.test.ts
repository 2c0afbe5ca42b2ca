import { describe, expect, it } from 'vitest';
import { parseRoleRequests } from './role-requests.js';

describe('parseRoleRequests', () => {
  it('grants a bare practice role at every --practice, and an org role once', () => {
    expect(parseRoleRequests(['clinician', 'org-admin'], ['Y90001', 'y90002'])).toEqual([
      { role: 'clinician', odsCode: 'Y90001' },
      { role: 'clinician', odsCode: 'Y90002' },
      { role: 'org-admin', odsCode: null },
    ]);
  });

  it('takes role:ODS, and grants a repeat once', () => {
    expect(parseRoleRequests(['partner:y90003', 'partner', 'partner:Y90003'], ['Y90003'])).toEqual([
      { role: 'partner', odsCode: 'Y90003' },
    ]);
  });

  it.each([
    [[], [], /at least one --role/],
    [['surgeon'], [], /Unknown role surgeon: the roles are org-admin/],
    [['clinician:Y90001:x'], [], /Unknown role clinician:Y90001:x/],
    [['clinician'], [], /clinician is held at a practice: add --practice/],
    [['org-admin:Y90001'], [], /org-admin is held for the whole organisation/],
    [['governance'], ['Y90001'], /--practice Y90001 applies to practice roles given without/],
    [['clinician:'], [], /needs its ODS code/],
  ])('refuses %j with practices %j', (roles, practices, message) => {
    expect(() => parseRoleRequests(roles, practices)).toThrow(message);
  });
});
