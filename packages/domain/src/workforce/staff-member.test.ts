import { describe, expect, it } from 'vitest';
import { checkStaffMember, roleMayHoldGrade, type StaffMemberDetails } from './staff-member.js';

const gp: StaffMemberDetails = {
  fullName: '  Dr  Asha Patel ',
  staffRole: 'gp',
  grade: 'salaried-gp',
  employingBody: 'practice',
  homePracticeId: 'p1',
  contractedSessions: 6,
  dateOfBirth: '1980-05-02',
  startedOn: '2015-08-01',
  leftOn: null,
  registrationNumber: '1234567',
  skills: ['triage', 'minor-surgery', 'triage'],
};
const today = '2026-11-23';

const fieldsOf = (details: Partial<StaffMemberDetails>): string[] => {
  try {
    checkStaffMember({ ...gp, ...details }, today);
    return [];
  } catch (error) {
    return (error as { errors: { field: string }[] }).errors.map((e) => e.field);
  }
};

describe('a staff member’s details', () => {
  it('writes them the standard way', () => {
    expect(checkStaffMember(gp, today)).toMatchObject({
      fullName: 'Dr Asha Patel',
      staffRole: 'gp',
      grade: 'salaried-gp',
      skills: ['minor-surgery', 'triage'],
    });
  });

  it('names the field of each problem', () => {
    expect(fieldsOf({ fullName: ' ' })).toEqual(['/fullName']);
    expect(fieldsOf({ staffRole: 'surgeon' })).toEqual(['/staffRole']);
    expect(fieldsOf({ employingBody: 'practice', homePracticeId: null })).toEqual([
      '/homePracticeId',
    ]);
    expect(fieldsOf({ contractedSessions: 15 })).toEqual(['/contractedSessions']);
    expect(fieldsOf({ contractedSessions: 2.25 })).toEqual(['/contractedSessions']);
    expect(fieldsOf({ registrationNumber: '12A3456E' })).toEqual(['/registrationNumber']);
    expect(fieldsOf({ skills: ['juggling'] })).toEqual(['/skills']);
  });

  it('allows a grade only for doctors, and partner grades for partner-capable roles', () => {
    expect(fieldsOf({ staffRole: 'hca', grade: 'salaried-gp', registrationNumber: null })).toEqual([
      '/grade',
    ]);
    expect(
      fieldsOf({ staffRole: 'practice-nurse', grade: 'equity-partner', registrationNumber: null }),
    ).toEqual([]);
    expect(
      fieldsOf({ staffRole: 'practice-nurse', grade: 'salaried-gp', registrationNumber: null }),
    ).toEqual(['/grade']);
    expect(roleMayHoldGrade('practice-manager', 'fixed-share-partner')).toBe(true);
    expect(roleMayHoldGrade('care-navigator', 'equity-partner')).toBe(false);
  });

  it('checks the dates make sense', () => {
    expect(fieldsOf({ dateOfBirth: '2027-01-01' })).toEqual(['/dateOfBirth']);
    expect(fieldsOf({ dateOfBirth: '1980-02-30' })).toEqual(['/dateOfBirth']);
    expect(fieldsOf({ dateOfBirth: '2000-09-01', startedOn: '2016-08-31' })).toEqual([
      '/startedOn',
    ]);
    expect(fieldsOf({ dateOfBirth: '2000-09-01', startedOn: '2016-09-01' })).toEqual([]);
    expect(fieldsOf({ leftOn: '2015-07-31' })).toEqual(['/leftOn']);
  });

  it('never repeats the date of birth in a message', () => {
    try {
      checkStaffMember({ ...gp, dateOfBirth: '2030-01-01' }, today);
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('2030-01-01');
    }
  });
});
