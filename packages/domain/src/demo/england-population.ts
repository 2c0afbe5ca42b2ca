import type { Random } from './random.js';

/** One five-year age band of England's population, in thousands of people. */
export interface AgeBand {
  /** The youngest age in the band; the last band is 90 and over. */
  readonly from: number;
  readonly males: number;
  readonly females: number;
}

/**
 * England's population by five-year age band and sex, in thousands: ONS mid-year population
 * estimates for England, mid-2021 (the estimates rebased on Census 2021; ONS, "Population
 * estimates for the UK, England, Wales, Scotland and Northern Ireland: mid-2021", table MYE2,
 * Open Government Licence v3.0). Written down here rounded to the nearest ten thousand: the
 * demo uses only the proportions, and these are within a few tenths of a percentage point of
 * the published shares (total 56.5 million; 49.2% male). Re-check against the ONS table before
 * quoting the figures for anything else.
 */
export const ENGLAND_POPULATION_MID_2021: readonly AgeBand[] = [
  { from: 0, males: 1_560, females: 1_490 },
  { from: 5, males: 1_710, females: 1_630 },
  { from: 10, males: 1_740, females: 1_660 },
  { from: 15, males: 1_660, females: 1_570 },
  { from: 20, males: 1_720, females: 1_680 },
  { from: 25, males: 1_850, females: 1_890 },
  { from: 30, males: 1_950, females: 2_010 },
  { from: 35, males: 1_870, females: 1_920 },
  { from: 40, males: 1_770, females: 1_800 },
  { from: 45, males: 1_790, females: 1_840 },
  { from: 50, males: 1_920, females: 1_980 },
  { from: 55, males: 1_870, females: 1_930 },
  { from: 60, males: 1_610, females: 1_670 },
  { from: 65, males: 1_340, females: 1_430 },
  { from: 70, males: 1_350, females: 1_480 },
  { from: 75, males: 940, females: 1_090 },
  { from: 80, males: 630, females: 790 },
  { from: 85, males: 340, females: 510 },
  { from: 90, males: 160, females: 350 },
];

/** The oldest age the demo gives anyone. */
export const OLDEST_DEMO_AGE = 104;

/** A recorded sex as the patient register stores it. */
export type DemoSex = 'female' | 'male';

interface Cell {
  readonly from: number;
  readonly sex: DemoSex;
  readonly cumulative: number;
}

const CELLS: readonly Cell[] = (() => {
  const total = ENGLAND_POPULATION_MID_2021.reduce((sum, b) => sum + b.males + b.females, 0);
  let running = 0;
  return ENGLAND_POPULATION_MID_2021.flatMap((band) => {
    const male = { from: band.from, sex: 'male' as const, cumulative: (running += band.males) };
    const female = {
      from: band.from,
      sex: 'female' as const,
      cumulative: (running += band.females),
    };
    return [male, female].map((c) => ({ ...c, cumulative: c.cumulative / total }));
  });
})();

// Within 90 and over, each year has about four fifths of the people of the year before.
const NINETY_PLUS: readonly number[] = (() => {
  const weights = Array.from({ length: OLDEST_DEMO_AGE - 89 }, (_, i) => 0.8 ** i);
  const sum = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  return weights.map((w) => (running += w / sum));
})();

/**
 * An age in whole years and a sex drawn from England's mix: a band by its share of the
 * population, then a year within it (evenly within five-year bands, tailing off after 90).
 */
export function drawAgeAndSex(random: Random): { age: number; sex: DemoSex } {
  const u = random.float();
  let low = 0;
  let high = CELLS.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((CELLS[middle]?.cumulative ?? 1) <= u) low = middle + 1;
    else high = middle;
  }
  const cell = CELLS[low] ?? { from: 0, sex: 'female' as const };
  if (cell.from < 90) return { age: cell.from + random.int(0, 4), sex: cell.sex };
  const v = random.float();
  const year = NINETY_PLUS.findIndex((c) => v < c);
  return { age: 90 + (year < 0 ? 0 : year), sex: cell.sex };
}
