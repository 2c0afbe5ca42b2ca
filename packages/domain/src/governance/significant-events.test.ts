import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import {
  addWorkingDays,
  assertTransition,
  complaintDueDates,
  complaintOverdue,
  englandBankHolidays,
  patientIdentifierProblem,
  significantEventThemes,
  transitionProblems,
  type SignificantEventState,
  type ThemeEventRow,
} from './significant-events.js';

const reported: SignificantEventState = {
  kind: 'significant-event',
  status: 'reported',
  investigatorId: null,
  findings: null,
  learning: null,
  actionsAgreed: null,
  acknowledgedOn: null,
  respondedOn: null,
};
const complete: SignificantEventState = {
  ...reported,
  investigatorId: 'u1',
  findings: 'The fridge alarm was switched off.',
  learning: 'Alarms are checked daily.',
  actionsAgreed: 'Daily check on the opening list.',
};

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('significant event lifecycle', () => {
  it('moves reported → investigating → learning → closed and no other way', () => {
    expect(transitionProblems('reported', complete, 'investigating')).toEqual([]);
    expect(transitionProblems('investigating', complete, 'learning')).toEqual([]);
    expect(transitionProblems('learning', complete, 'closed')).toEqual([]);
    expect(transitionProblems('learning', complete, 'investigating')).toEqual([]);
    expect(fields(transitionProblems('reported', complete, 'closed'))).toEqual(['/status']);
    expect(fields(transitionProblems('reported', complete, 'learning'))).toEqual(['/status']);
    expect(fields(transitionProblems('closed', complete, 'learning'))).toEqual(['/status']);
    expect(fields(transitionProblems('investigating', complete, 'reported'))).toEqual(['/status']);
  });

  it('needs an investigator to investigate and findings to move to learning', () => {
    expect(fields(transitionProblems('reported', reported, 'investigating'))).toEqual([
      '/investigatorId',
    ]);
    const investigating = { ...reported, investigatorId: 'u1', findings: '   ' };
    expect(fields(transitionProblems('investigating', investigating, 'learning'))).toEqual([
      '/findings',
    ]);
  });

  it('needs learning and agreed actions to close, and a complaint its letters', () => {
    const noLearning = { ...complete, learning: null, actionsAgreed: '' };
    expect(fields(transitionProblems('learning', noLearning, 'closed'))).toEqual([
      '/learning',
      '/actionsAgreed',
    ]);
    const complaint = { ...complete, kind: 'complaint' as const };
    expect(fields(transitionProblems('learning', complaint, 'closed'))).toEqual([
      '/acknowledgedOn',
      '/respondedOn',
    ]);
    const answered = { ...complaint, acknowledgedOn: '2026-01-08', respondedOn: '2026-02-01' };
    expect(transitionProblems('learning', answered, 'closed')).toEqual([]);
  });

  it('throws 422 for a move the lifecycle lacks and 400 naming the missing field', () => {
    const codeOf = (work: () => void) => {
      try {
        work();
        return null;
      } catch (error) {
        return error instanceof AtscaleError ? [error.code, error.detail] : null;
      }
    };
    expect(
      codeOf(() => {
        assertTransition('reported', complete, 'closed');
      })?.[0],
    ).toBe('business-rule');
    const missing = codeOf(() => {
      assertTransition('learning', reported, 'closed');
    });
    expect(missing?.[0]).toBe('validation-failed');
    expect(missing?.[1]).toMatch(/^investigatorId: /);
    expect(
      codeOf(() => {
        assertTransition('learning', complete, 'closed');
      }),
    ).toBeNull();
  });
});

describe('complaint dates (NHS complaints regulations 2009)', () => {
  it("knows England's bank holidays, with substitute days", () => {
    expect(englandBankHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    // Christmas 2027 is a Saturday: Monday 27 and Tuesday 28 instead.
    expect(englandBankHolidays(2027).slice(-2)).toEqual(['2027-12-27', '2027-12-28']);
    // New Year's Day 2022 was a Saturday; Easter 2025 was 20 April.
    expect(englandBankHolidays(2022)[0]).toBe('2022-01-03');
    expect(englandBankHolidays(2025).slice(1, 3)).toEqual(['2025-04-18', '2025-04-21']);
  });

  it('acknowledges within 3 working days, skipping weekends and bank holidays', () => {
    // Monday → Thursday.
    expect(complaintDueDates('2026-01-05').acknowledgementDueOn).toBe('2026-01-08');
    // Friday → Wednesday.
    expect(addWorkingDays('2026-01-09', 3)).toBe('2026-01-14');
    // Thursday before Easter 2026: Good Friday and Easter Monday do not count.
    expect(addWorkingDays('2026-04-02', 3)).toBe('2026-04-09');
    // Christmas Eve 2026 (Thursday): 25th, weekend and the 28th substitute are skipped.
    expect(addWorkingDays('2026-12-24', 3)).toBe('2026-12-31');
  });

  it('responds within six months beginning with the day received, unless agreed', () => {
    expect(complaintDueDates('2026-01-05').responseDueOn).toBe('2026-07-04');
    expect(complaintDueDates('2026-08-31').responseDueOn).toBe('2027-02-27');
    expect(complaintDueDates('2026-01-05', '2026-02-01').responseDueOn).toBe('2026-02-01');
  });

  it('says which letter is late', () => {
    const c = {
      acknowledgementDueOn: '2026-01-08',
      acknowledgedOn: null,
      responseDueOn: '2026-03-01',
      respondedOn: null,
    };
    expect(complaintOverdue(c, '2026-01-08')).toBeNull();
    expect(complaintOverdue(c, '2026-01-09')).toBe('acknowledgement');
    expect(complaintOverdue({ ...c, acknowledgedOn: '2026-01-07' }, '2026-03-02')).toBe('response');
    expect(
      complaintOverdue(
        { ...c, acknowledgedOn: '2026-01-07', respondedOn: '2026-02-01' },
        '2027-01-01',
      ),
    ).toBeNull();
  });
});

describe('patient identifiers in free text', () => {
  it('refuses a valid NHS number, spaced or not, and lets other numbers through', () => {
    expect(
      patientIdentifierProblem('Patient 943 476 5919 was given the wrong dose'),
    ).not.toBeNull();
    expect(patientIdentifierProblem('NHS no 9434765919')).not.toBeNull();
    // Fails the modulus-11 check: a phone number, say, not an NHS number.
    expect(patientIdentifierProblem('Call 943 476 5918 back')).toBeNull();
    expect(patientIdentifierProblem('Two vaccines out of the fridge for 3 hours')).toBeNull();
  });
});

describe('anonymised themes', () => {
  const many = (category: ThemeEventRow['category'], occurredOn: string, n: number) =>
    Array.from({ length: n }, () => ({ category, occurredOn }));

  it('counts by category and financial-year quarter, suppressing 1 and 2 but not 0 or 3', () => {
    const themes = significantEventThemes(
      [
        ...many('prescribing', '2026-04-10', 3), // Q1 2026/27
        ...many('prescribing', '2026-07-01', 2), // Q2
        ...many('safeguarding', '2026-10-31', 1), // Q3
        ...many('access', '2026-10-01', 4),
        ...many('access', '2025-01-01', 9), // before the window
      ],
      '2026-11-23',
      4,
    );
    expect(themes.quarters.map((q) => q.key)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    const row = (c: string) => themes.rows.find((r) => r.category === c)?.counts;
    expect(row('prescribing')).toEqual([0, 3, null, 0]);
    expect(row('safeguarding')).toEqual([0, 0, 0, null]);
    expect(row('access')).toEqual([0, 0, 0, 4]);
    expect(row('other')).toEqual([0, 0, 0, 0]);
    expect(themes.suppressed).toBe(2);
    expect(themes.rows).toHaveLength(8);
  });

  it('names no practice: rows carry only a category and counts', () => {
    const themes = significantEventThemes(many('clinical', '2026-10-01', 5), '2026-11-23', 1);
    expect(Object.keys(themes.rows[0] ?? {}).sort()).toEqual(['category', 'counts']);
  });
});
