import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import { expectedSchedule, type ScheduleInputs } from './expected-schedule.js';

const base: ScheduleInputs = {
  financialYear: 2026,
  odsCode: 'y01234',
  commissioner: 'NHS England',
  weightedListSize: 10_001,
  globalSumPencePerWeightedPatient: 12_179,
};

const total = (payments: readonly { amountPence: number }[]) =>
  payments.reduce((s, p) => s + p.amountPence, 0);

function refusal(work: () => unknown): AtscaleError {
  try {
    work();
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a practice’s expected payments for a year', () => {
  it('pays the global sum monthly on each month’s last day, adding up to the year exactly', () => {
    const schedule = expectedSchedule(base);
    expect(schedule).toHaveLength(12);
    // 10,001 x £121.79 = £1,218,021.79 a year: not a whole number of pence a month.
    expect(total(schedule)).toBe(121_802_179);
    expect(schedule.map((p) => p.dueOn)).toEqual([
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
    ]);
    const amounts = schedule.map((p) => p.amountPence);
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
    expect(schedule[0]).toEqual({
      kind: 'global-sum',
      payer: 'NHS England',
      reference: 'Y01234-GS-202604',
      description: 'Global sum, April 2026',
      amountPence: expect.any(Number) as number,
      dueOn: '2026-04-30',
    });
  });

  it('pays 70% of last year’s QOF monthly and the balance of this year’s the June after', () => {
    const schedule = expectedSchedule({
      ...base,
      weightedListSize: 0,
      qofLastYearAchievementPence: 10_000_001,
      qofAchievementPence: 12_000_000,
    });
    const aspiration = schedule.filter((p) => p.kind === 'qof-aspiration');
    expect(aspiration).toHaveLength(12);
    // 70% of £100,000.01 is £70,000.007, which rounds to £70,000.01.
    expect(total(aspiration)).toBe(7_000_001);
    const achievement = schedule.filter((p) => p.kind === 'qof-achievement');
    expect(achievement).toEqual([
      expect.objectContaining({
        amountPence: 4_999_999,
        dueOn: '2027-06-30',
        reference: 'Y01234-QOFACH-2026',
      }),
    ]);
    // Aspiration plus the balance is the year's achievement, to the penny.
    expect(total(aspiration) + total(achievement)).toBe(12_000_000);
    // An achievement below the aspiration paid leaves nothing to chase.
    const lower = expectedSchedule({
      ...base,
      qofLastYearAchievementPence: 1_000,
      qofAchievementPence: 500,
    });
    expect(lower.some((p) => p.kind === 'qof-achievement')).toBe(false);
  });

  it('takes enhanced services and training grants as given, numbering references it has to make', () => {
    const schedule = expectedSchedule({
      ...base,
      weightedListSize: 0,
      enhancedServices: [
        {
          description: 'Flu vaccination',
          payer: 'Sometown ICB',
          amountPence: 250_000,
          dueOn: '2027-01-15',
        },
      ],
      trainingGrants: [
        {
          description: 'GP registrar grant',
          payer: 'NHS England WT&E',
          amountPence: 90_000,
          dueOn: '2026-09-01',
          reference: 'TRN-42',
        },
      ],
    });
    expect(schedule.map((p) => [p.kind, p.reference, p.amountPence, p.dueOn])).toEqual([
      ['training-grant', 'TRN-42', 90_000, '2026-09-01'],
      ['enhanced-service', 'Y01234-ES-2026-1', 250_000, '2027-01-15'],
    ]);
  });

  it('adds up exactly and pays twelve months, whatever the list, rate and QOF', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 200_000_000 }),
        fc.integer({ min: 2000, max: 2100 }),
        (list, rate, lastQof, year) => {
          const schedule = expectedSchedule({
            ...base,
            financialYear: year,
            weightedListSize: list,
            globalSumPencePerWeightedPatient: rate,
            qofLastYearAchievementPence: lastQof,
          });
          const gs = schedule.filter((p) => p.kind === 'global-sum');
          expect(total(gs)).toBe(list * rate);
          expect(gs.length).toBe(list * rate >= 12 ? 12 : list * rate);
          const asp = schedule.filter((p) => p.kind === 'qof-aspiration');
          // Within half a penny of 70%, a half rounded up.
          expect(total(asp) * 100 - lastQof * 70).toBeGreaterThan(-50);
          expect(total(asp) * 100 - lastQof * 70).toBeLessThanOrEqual(50);
          for (const p of schedule) {
            expect(Number.isSafeInteger(p.amountPence) && p.amountPence > 0).toBe(true);
            expect(p.dueOn >= `${year}-04-01` && p.dueOn <= `${year + 1}-03-31`).toBe(true);
          }
          expect(new Set(schedule.map((p) => p.reference)).size).toBe(schedule.length);
        },
      ),
    );
  });

  it('refuses bad inputs, naming each field', () => {
    const error = refusal(() =>
      expectedSchedule({
        ...base,
        weightedListSize: -1,
        globalSumPencePerWeightedPatient: 1.5,
        commissioner: ' ',
        enhancedServices: [{ description: 'x', payer: 'ICB', amountPence: 0, dueOn: '2026-02-30' }],
      }),
    );
    expect(error.errors.map((e) => e.field)).toEqual([
      '/commissioner',
      '/weightedListSize',
      '/globalSumPencePerWeightedPatient',
      '/enhancedServices/0/amountPence',
      '/enhancedServices/0/dueOn',
    ]);
    expect(
      refusal(() =>
        expectedSchedule({
          ...base,
          weightedListSize: 10_000_000,
          globalSumPencePerWeightedPatient: 100_000,
        }),
      ).errors[0]?.field,
    ).toBe('/weightedListSize');
  });
});
