import { describe, expect, it } from 'vitest';
import { CAREER_GRADES, type CareerGrade } from './staff.js';
import { checkCareerLadder, directionOf, gradeOn, ladderMove } from './ladder.js';

const ladder: readonly CareerGrade[] = CAREER_GRADES;
const details = { on: '2025-04-01', reason: 'Bought into the partnership' };

describe('moves on the career ladder', () => {
  it('says a move is up or down', () => {
    expect(ladderMove(ladder, 'salaried-gp', 'equity-partner', details)).toEqual({
      from: 'salaried-gp',
      to: 'equity-partner',
      direction: 'up',
      on: '2025-04-01',
      reason: 'Bought into the partnership',
    });
    expect(
      ladderMove(ladder, 'equity-partner', 'salaried-gp', { on: '2025-05-01', reason: ' Back ' }),
    ).toMatchObject({ direction: 'down', reason: 'Back' });
    expect(ladderMove(ladder, null, 'associate-gp', details).direction).toBe('up');
  });

  it('follows the organisation’s own order', () => {
    const own: CareerGrade[] = ['associate-gp', 'salaried-gp', 'equity-partner'];
    expect(ladderMove(own, 'salaried-gp', 'associate-gp', details).direction).toBe('down');
    expect(directionOf(own, 'associate-gp', 'salaried-gp')).toBe('up');
  });

  it('refuses a grade not on the ladder, the same grade, a bad date and a blank reason', () => {
    const own: CareerGrade[] = ['salaried-gp', 'equity-partner'];
    expect(() => ladderMove(own, 'salaried-gp', 'associate-gp', details)).toThrow(
      /not a grade on the organisation’s ladder/,
    );
    expect(() => ladderMove(own, 'salaried-gp', 'salaried-gp', details)).toThrow(/already/);
    try {
      ladderMove(own, 'salaried-gp', 'equity-partner', { on: '2025-02-30', reason: ' ' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'validation-failed',
        errors: [
          { field: '/on', message: expect.any(String) as string },
          { field: '/reason', message: 'Say why they move' },
        ],
      });
    }
  });
});

describe('grade history', () => {
  const moves = [
    { from: 'equity-partner' as const, to: 'salaried-gp' as const, on: '2024-01-01' },
    { from: 'salaried-gp' as const, to: 'associate-gp' as const, on: '2020-01-01' },
    { from: 'associate-gp' as const, to: 'equity-partner' as const, on: '2022-06-01' },
  ];

  it('answers the grade held on a date, from the moves in any order', () => {
    expect(gradeOn(moves, '2019-12-31')).toBe('salaried-gp');
    expect(gradeOn(moves, '2020-01-01')).toBe('associate-gp');
    expect(gradeOn(moves, '2023-01-01')).toBe('equity-partner');
    expect(gradeOn(moves, '2030-01-01')).toBe('salaried-gp');
    expect(gradeOn([], '2030-01-01')).toBeNull();
  });
});

describe('the organisation’s ladder', () => {
  it('takes known grades once each', () => {
    expect(checkCareerLadder(['salaried-gp', 'equity-partner'])).toEqual([
      'salaried-gp',
      'equity-partner',
    ]);
    expect(() => checkCareerLadder([])).toThrow(/at least one/);
    expect(() => checkCareerLadder(['salaried-gp', 'salaried-gp'])).toThrow(/twice/);
    expect(() => checkCareerLadder(['consultant'])).toThrow(/not a grade/);
  });
});
