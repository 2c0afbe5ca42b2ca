import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RotaSession, SessionAssignment } from './rota.js';
import {
  deploymentSessions,
  rankPractices,
  resilienceRag,
  resilienceScore,
  trendDates,
  type PracticeFacts,
  type ResilienceStaff,
} from './resilience.js';

const ON = '2027-03-01';

const gp = (id: string, born = '1980-06-01', sessions = 8): ResilienceStaff => ({
  id,
  name: `Person ${id}`,
  role: 'gp',
  contractedSessions: sessions,
  dateOfBirth: born,
  startedOn: '2010-01-01',
  leftOn: null,
});

/** A practice of `gps` GPs on 8 sessions each and `patientsPerGp` patients for each. */
function practice(gps: number, patientsPerGp = 2_000, born = '1980-06-01'): PracticeFacts {
  return {
    practiceId: `p${String(gps)}`,
    practiceName: `${String(gps)}-GP practice`,
    staff: Array.from({ length: gps }, (_, i) => gp(`g${String(i)}`, born)),
    visitors: {},
    sessions: [],
    assignments: [],
    absences: [],
    listSizes: [{ date: '2027-01-01', listSize: gps * patientsPerGp }],
  };
}

/** Weekday sessions for the next four weeks, `filled` of each ten assigned to g0. */
function withRota(facts: PracticeFacts, filledOfTen: number): PracticeFacts {
  const sessions: RotaSession[] = [];
  const assignments: SessionAssignment[] = [];
  for (let day = 0; day < 20; day += 1) {
    const date = new Date(Date.UTC(2027, 2, 1 + day, 9)).toISOString();
    const end = new Date(Date.UTC(2027, 2, 1 + day, 12)).toISOString();
    const id = `s${String(day)}`;
    sessions.push({
      id,
      siteId: 'site',
      startsAt: date,
      endsAt: end,
      requiredRole: 'gp',
      requiredSkills: [],
      staffNeeded: 1,
      urgency: 3,
      unpopular: false,
    });
    if (day % 10 < filledOfTen) assignments.push({ sessionId: id, staffId: 'g0' });
  }
  return { ...facts, sessions, assignments };
}

const componentOf = (facts: PracticeFacts, key: string) =>
  resilienceScore(facts, ON).components.find((c) => c.key === key);

describe('resilienceScore', () => {
  it('scores a single-handed practice worse than a 6-GP one', () => {
    const single = resilienceScore(practice(1), ON);
    const six = resilienceScore(practice(6), ON);
    expect(single.score).toBeLessThan(six.score);
    expect(six.rag).toBe('green');
    expect(single.reasons).toContain(
      '100% of contracted clinical sessions depend on Dr Person g0 alone',
    );
  });

  it('says who the practice depends on from the rota when there is one', () => {
    const facts = withRota(practice(2), 10);
    const result = resilienceScore(facts, ON);
    expect(result.reasons[0]).toBe('100% of clinical sessions depend on Dr Person g0 alone');
  });

  it('counts GPs within 3 years of 60, with the assumption in words', () => {
    const facts = practice(3);
    const older = {
      ...facts,
      staff: [gp('a', '1968-01-01'), gp('b', '1969-02-01'), gp('c', '1985-01-01')],
    };
    const part = componentOf(older, 'retirement');
    expect(part?.reason).toBe(
      '2 of 3 GPs are within 3 years of 60 (typical GP retirement age, an assumption)',
    );
    expect(resilienceScore(older, ON).score).toBeLessThan(resilienceScore(facts, ON).score);
  });

  it('counts unfilled sessions in the next 4 weeks and gives the reason', () => {
    const full = withRota(practice(4), 10);
    const holes = withRota(practice(4), 3);
    expect(componentOf(holes, 'unfilled-gaps')?.reason).toBe(
      '14 unfilled sessions of 20 planned in the next 4 weeks',
    );
    expect(componentOf(full, 'unfilled-gaps')?.reason).toBeNull();
    expect(resilienceScore(holes, ON).score).toBeLessThan(resilienceScore(full, ON).score);
  });

  it('compares patients per clinical WTE with the England figure it states', () => {
    const busy = practice(4, 2_450);
    const reason = componentOf(busy, 'patients-per-clinical-wte')?.reason;
    expect(reason).toMatch(/^2,450 patients per clinical WTE \(England average about 2,100/);
    expect(componentOf(practice(4, 1_800), 'patients-per-clinical-wte')?.reason).toBeNull();
  });

  it('ignores staff who have left and says when a practice has no GPs', () => {
    const facts = practice(1);
    const gone = { ...facts, staff: facts.staff.map((p) => ({ ...p, leftOn: '2026-12-31' })) };
    const result = resilienceScore(gone, ON);
    expect(result.rag).toBe('red');
    expect(result.reasons).toContain('The practice has no GPs on its staff');
  });

  it('keeps the score within 0-100 with weights summing to 100', () => {
    const result = resilienceScore(practice(3), ON);
    expect(result.components.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6_000 }), (n, per) => {
        const score = resilienceScore(practice(n, per), ON).score;
        return score >= 0 && score <= 100;
      }),
    );
  });

  it('never scores better for fewer GPs, older GPs, more gaps or more patients', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 500, max: 5_000 }),
        // From 2 filled, so that one fewer still leaves a rota to read dependency from.
        fc.integer({ min: 2, max: 9 }),
        (gps, per, filled) => {
          const base = resilienceScore(withRota(practice(gps, per), filled), ON).score;
          const moreGps = resilienceScore(withRota(practice(gps + 1, per), filled), ON).score;
          const older = resilienceScore(withRota(practice(gps, per, '1966-01-01'), filled), ON);
          const fewerFilled = resilienceScore(withRota(practice(gps, per), filled - 1), ON);
          const busier = resilienceScore(withRota(practice(gps, per + 500), filled), ON);
          return (
            moreGps >= base - 1 &&
            older.score <= base &&
            fewerFilled.score <= base &&
            busier.score <= base
          );
        },
      ),
    );
  });
});

describe('ranking, RAG and trend', () => {
  it('ranks worst first and keeps ties in order', () => {
    const ranked = rankPractices([
      { id: 'a', score: 80 },
      { id: 'b', score: 40 },
      { id: 'c', score: 80 },
      { id: 'd', score: 60 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('rates red below 50, amber below 70, green above', () => {
    expect([49, 50, 69, 70].map(resilienceRag)).toEqual(['red', 'amber', 'amber', 'green']);
  });

  it('gives eight weekly dates ending on the day', () => {
    expect(trendDates(ON)).toEqual([
      '2027-01-11',
      '2027-01-18',
      '2027-01-25',
      '2027-02-01',
      '2027-02-08',
      '2027-02-15',
      '2027-02-22',
      '2027-03-01',
    ]);
  });
});

describe('deploymentSessions', () => {
  it('covers weekday mornings and afternoons in England’s local time, across the clock change', () => {
    // 2027-03-26 is a Friday; the clocks go forward on Sunday 28 March.
    const sessions = deploymentSessions('2027-03-26', '2027-03-29');
    expect(sessions.map((s) => [s.date, s.period, s.startsAt])).toEqual([
      ['2027-03-26', 'am', '2027-03-26T08:00:00.000Z'],
      ['2027-03-26', 'pm', '2027-03-26T13:30:00.000Z'],
      ['2027-03-29', 'am', '2027-03-29T07:00:00.000Z'],
      ['2027-03-29', 'pm', '2027-03-29T12:30:00.000Z'],
    ]);
  });
});
