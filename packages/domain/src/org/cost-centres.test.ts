import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtscaleError } from '../errors.js';
import {
  assignCostCentre,
  centresReportedIn,
  costCentreCodeProblem,
  costCentreOn,
  costCentreStatusOn,
  mergeCostCentres,
  normaliseCostCentreCode,
  reportingCentreOn,
  sumByCostCentre,
  totalsByCostCentre,
  type CostCentreAssignment,
  type PracticeAmount,
} from './cost-centres.js';

// Five Sutton practices, each its own cost centre, become one cost centre (source 001).
const practices = ['P1', 'P2', 'P3', 'P4', 'P5'];
const start: CostCentreAssignment[] = practices.map((practiceId) => ({
  practiceId,
  costCentreId: `cc-${practiceId}`,
  effectiveFrom: '2020-04-01',
}));
const merged = mergeCostCentres(start, {
  from: practices.map((practiceId) => `cc-${practiceId}`),
  into: 'cc-sutton',
  effectiveFrom: '2024-04-01',
});

describe('cost centres', () => {
  it('keeps history: each practice is in its own centre before the merge, Sutton after', () => {
    expect(merged).toHaveLength(10);
    expect(costCentreOn(merged, 'P3', '2024-03-31')).toBe('cc-P3');
    expect(costCentreOn(merged, 'P3', '2024-04-01')).toBe('cc-sutton');
    expect(costCentreOn(merged, 'P3', '2019-01-01')).toBeNull();
  });

  it('attributes amounts before and after the merge to the centre in force on their date', () => {
    const amounts: PracticeAmount[] = practices.flatMap((practiceId, i) => [
      { practiceId, date: '2023-06-30', pence: 100_000 * (i + 1) },
      { practiceId, date: '2024-06-30', pence: 10_000 * (i + 1) },
    ]);
    const before = totalsByCostCentre(
      merged,
      amounts.filter((amount) => amount.date < '2024-04-01'),
    );
    expect(before).toEqual(
      practices.map((practiceId, i) => ({
        costCentreId: `cc-${practiceId}`,
        pence: 100_000 * (i + 1),
      })),
    );
    const after = totalsByCostCentre(
      merged,
      amounts.filter((amount) => amount.date >= '2024-04-01'),
    );
    expect(after).toEqual([{ costCentreId: 'cc-sutton', pence: 150_000 }]);
    const whole = totalsByCostCentre(merged, amounts);
    expect(whole.find((total) => total.costCentreId === 'cc-sutton')?.pence).toBe(150_000);
    expect(whole.find((total) => total.costCentreId === 'cc-P5')?.pence).toBe(500_000);
  });

  it('refuses an amount whose practice had no cost centre on its date, and fractional pence', () => {
    expect(() =>
      totalsByCostCentre(merged, [{ practiceId: 'P1', date: '2019-12-31', pence: 1 }]),
    ).toThrow(/no cost centre on 2019-12-31/);
    expect(() =>
      totalsByCostCentre(merged, [{ practiceId: 'P1', date: '2024-12-31', pence: 0.5 }]),
    ).toThrow(/whole number of pence/);
  });

  it('refuses a merge that moves nobody or rewrites history', () => {
    expect(() =>
      mergeCostCentres(start, { from: ['cc-none'], into: 'cc-x', effectiveFrom: '2024-04-01' }),
    ).toThrow(AtscaleError);
    const error = (() => {
      try {
        mergeCostCentres(merged, { from: ['cc-P1'], into: 'cc-x', effectiveFrom: '2023-01-01' });
      } catch (caught) {
        return caught as AtscaleError;
      }
      return null;
    })();
    expect(error?.code).toBe('conflict');
  });

  it('refuses two assignments of one practice on one date', () => {
    const clash = [
      ...start,
      { practiceId: 'P1', costCentreId: 'cc-x', effectiveFrom: '2020-04-01' },
    ];
    expect(() => costCentreOn(clash, 'P1', '2021-01-01')).toThrow(/2020-04-01/);
  });

  it('never changes the grand total, however merges are arranged', () => {
    const day = (offset: number) =>
      new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const arbitraryMerge = fc.record({
      from: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
      into: fc.integer({ min: 0, max: 9 }),
      offset: fc.integer({ min: 1, max: 2000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(arbitraryMerge, { maxLength: 6 }),
        fc.array(
          fc.record({
            practice: fc.nat(),
            offset: fc.integer({ min: 0, max: 2100 }),
            pence: fc.integer({ min: -1_000_000, max: 10_000_000 }),
          }),
          { maxLength: 60 },
        ),
        (practiceCount, merges, rawAmounts) => {
          let assignments: CostCentreAssignment[] = Array.from(
            { length: practiceCount },
            (_, i) => ({ practiceId: `P${i}`, costCentreId: `cc-${i}`, effectiveFrom: day(0) }),
          );
          // Merges are applied in date order; one that moves nobody or clashes is skipped, which
          // is what the caller would see refused.
          for (const merge of [...merges].sort((a, b) => a.offset - b.offset)) {
            try {
              assignments = mergeCostCentres(assignments, {
                from: merge.from.map((i) => `cc-${i}`),
                into: `cc-${merge.into}`,
                effectiveFrom: day(merge.offset),
              });
            } catch (error) {
              if (!(error instanceof AtscaleError)) throw error;
            }
          }
          const amounts = rawAmounts.map((raw) => ({
            practiceId: `P${raw.practice % practiceCount}`,
            date: day(raw.offset),
            pence: raw.pence,
          }));
          const expected = amounts.reduce((sum, amount) => sum + amount.pence, 0);
          const totals = totalsByCostCentre(assignments, amounts);
          const grand = totals.reduce((sum, total) => sum + total.pence, 0);
          // And amounts dated before every merge land exactly where they did without merges.
          const firstMerge = Math.min(Infinity, ...merges.map((merge) => merge.offset));
          const early = amounts.filter((_, i) => (rawAmounts[i]?.offset ?? 0) < firstMerge);
          const start = assignments.filter((assignment) => assignment.effectiveFrom === day(0));
          expect(grand).toBe(expected);
          expect(totalsByCostCentre(assignments, early)).toEqual(totalsByCostCentre(start, early));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sums of other quantities, assignments and status', () => {
  it('sums list sizes the same way, naming the unit when one is not whole', () => {
    const sizes = practices.map((practiceId, i) => ({
      practiceId,
      date: '2024-04-01',
      quantity: 1_000 * (i + 1),
    }));
    expect(sumByCostCentre(merged, sizes, 'patients')).toEqual([
      { costCentreId: 'cc-sutton', quantity: 15_000 },
    ]);
    const before = sumByCostCentre(
      merged,
      sizes.map((size) => ({ ...size, date: '2024-03-31' })),
    );
    expect(before.reduce((sum, total) => sum + total.quantity, 0)).toBe(15_000);
    expect(() =>
      sumByCostCentre(
        merged,
        [{ practiceId: 'P1', date: '2024-01-01', quantity: 1.5 }],
        'patients',
      ),
    ).toThrow(/1.5 is not a whole number of patients/);
  });

  it('names practices and cost centres in messages when told how', () => {
    const names = {
      practice: (id: string) => `Surgery ${id}`,
      costCentre: (id: string) => `CC ${id}`,
    };
    expect(() =>
      mergeCostCentres(merged, { from: ['cc-P1'], into: 'x', effectiveFrom: '2023-01-01' }, names),
    ).toThrow('Surgery P1 already has a cost centre change on or after 2023-01-01');
    expect(() =>
      mergeCostCentres(start, { from: ['none'], into: 'x', effectiveFrom: '2024-01-01' }, names),
    ).toThrow('No practice is in CC none on 2024-01-01');
  });

  it('appends an assignment only after the practice’s latest one', () => {
    const moved = assignCostCentre(start, {
      practiceId: 'P1',
      costCentreId: 'cc-P2',
      effectiveFrom: '2021-01-01',
    });
    expect(costCentreOn(moved, 'P1', '2021-01-01')).toBe('cc-P2');
    expect(costCentreOn(moved, 'P1', '2020-12-31')).toBe('cc-P1');
    const first = assignCostCentre(start, {
      practiceId: 'P9',
      costCentreId: 'cc-P1',
      effectiveFrom: '2019-01-01',
    });
    expect(first).toHaveLength(6);
    for (const effectiveFrom of ['2020-04-01', '2020-03-31']) {
      const attempt = () =>
        assignCostCentre(start, { practiceId: 'P1', costCentreId: 'cc-P2', effectiveFrom });
      expect(attempt).toThrow(/after that date/);
      expect(attempt).toThrow(expect.objectContaining({ code: 'conflict' }));
    }
    expect(() =>
      assignCostCentre(start, {
        practiceId: 'P1',
        costCentreId: 'cc-P1',
        effectiveFrom: '2021-01-01',
      }),
    ).toThrow(/already in cc-P1/);
    expect(() =>
      assignCostCentre(start, {
        practiceId: 'P1',
        costCentreId: 'cc-P2',
        effectiveFrom: '2021-02-30',
      }),
    ).toThrow(expect.objectContaining({ code: 'validation-failed' }));
  });

  it('says a merged-away cost centre is closed from the merge, and the survivor open', () => {
    const merges = [
      {
        id: 'm1',
        from: practices.map((practiceId) => `cc-${practiceId}`),
        into: 'cc-sutton',
        effectiveFrom: '2024-04-01',
      },
    ];
    expect(costCentreStatusOn(merged, merges, 'cc-P2', '2024-03-31')).toEqual({ kind: 'open' });
    expect(costCentreStatusOn(merged, merges, 'cc-P2', '2024-04-01')).toEqual({
      kind: 'merged',
      into: 'cc-sutton',
      effectiveFrom: '2024-04-01',
    });
    expect(costCentreStatusOn(merged, merges, 'cc-sutton', '2024-03-31')).toEqual({
      kind: 'empty',
    });
    expect(costCentreStatusOn(merged, merges, 'cc-sutton', '2024-04-01')).toEqual({
      kind: 'open',
    });
  });
});

describe('reporting merged cost centres', () => {
  const sutton = [
    {
      id: 'm1',
      from: practices.map((practiceId) => `cc-${practiceId}`),
      into: 'cc-sutton',
      effectiveFrom: '2024-04-01',
    },
  ];

  it('reports each centre as itself before the merge and in the survivor from it', () => {
    const before = reportingCentreOn(merged, sutton, '2024-03-31');
    const after = reportingCentreOn(merged, sutton, '2024-04-01');
    expect(practices.map((p) => before(`cc-${p}`))).toEqual(practices.map((p) => `cc-${p}`));
    expect(practices.map((p) => after(`cc-${p}`))).toEqual(practices.map(() => 'cc-sutton'));
    expect(after('cc-sutton')).toBe('cc-sutton');
    expect(centresReportedIn(merged, sutton, 'cc-sutton', '2024-04-01')).toEqual([
      'cc-sutton',
      ...practices.map((p) => `cc-${p}`),
    ]);
    expect(centresReportedIn(merged, sutton, 'cc-sutton', '2024-03-31')).toEqual(['cc-sutton']);
    // A closed centre's own report is its own lines only, never the survivor's.
    expect(centresReportedIn(merged, sutton, 'cc-P1', '2024-04-01')).toEqual(['cc-P1']);
  });

  it('follows a chain of merges, and every centre reports in exactly one place', () => {
    const later = mergeCostCentres(merged, {
      from: ['cc-sutton'],
      into: 'cc-south',
      effectiveFrom: '2025-04-01',
    });
    const merges = [
      ...sutton,
      { id: 'm2', from: ['cc-sutton'], into: 'cc-south', effectiveFrom: '2025-04-01' },
    ];
    const on = reportingCentreOn(later, merges, '2025-06-30');
    expect(on('cc-P3')).toBe('cc-south');
    expect(on('cc-sutton')).toBe('cc-south');
    const all = ['cc-south', 'cc-sutton', ...practices.map((p) => `cc-${p}`)];
    const reported = all.flatMap((id) =>
      centresReportedIn(later, merges, id, '2025-06-30').filter((member) => on(member) === id),
    );
    expect(reported.sort()).toEqual([...all].sort());
  });
});

describe('cost centre codes', () => {
  it('normalises to capitals and explains a code that cannot be used', () => {
    expect(normaliseCostCentreCode(' sutton-1 ')).toBe('SUTTON-1');
    expect(costCentreCodeProblem('SUTTON-1')).toBeNull();
    expect(costCentreCodeProblem('')).toBe('Enter a code');
    expect(costCentreCodeProblem('-SUTTON')).toMatch(/starting with a letter or digit/);
    expect(costCentreCodeProblem('A B')).toMatch(/letters, digits and hyphens/);
    expect(costCentreCodeProblem('A'.repeat(21))).toMatch(/at most 20/);
  });
});
