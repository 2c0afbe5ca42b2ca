import { MONTH_NAMES, type IsoDate } from '../org/iso-date.js';

/** A financial year, April to March, named by its first calendar year: 2026 is 2026/27. */
export type FinancialYear = number;

/** The financial year a date falls in. */
export function financialYearOf(date: IsoDate): FinancialYear {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

/** "2026/27". */
export function financialYearLabel(year: FinancialYear): string {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** The first and last dates of a financial year. */
export function financialYearDates(year: FinancialYear): { from: IsoDate; to: IsoDate } {
  return { from: `${year}-04-01`, to: `${year + 1}-03-31` };
}

/** How often a charge is made in a year. */
export const BILLING_FREQUENCIES = ['monthly', 'quarterly', 'annually'] as const;
/** A billing frequency. */
export type BillingFrequency = (typeof BILLING_FREQUENCIES)[number];

/** One billing period of a financial year: its number (from 1), first and last dates. */
export interface BillingPeriod {
  readonly year: FinancialYear;
  readonly number: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** "April 2026", "Q1 2026/27", "2026/27". */
  readonly label: string;
}

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The billing periods of a financial year at a frequency, in order. */
export function billingPeriods(year: FinancialYear, frequency: BillingFrequency): BillingPeriod[] {
  const months = frequency === 'monthly' ? 1 : frequency === 'quarterly' ? 3 : 12;
  const periods: BillingPeriod[] = [];
  for (let n = 0; n < 12 / months; n += 1) {
    const startIndex = 3 + n * months; // April is month index 3
    const endIndex = startIndex + months - 1;
    const start = { year: year + Math.floor(startIndex / 12), month: (startIndex % 12) + 1 };
    const end = { year: year + Math.floor(endIndex / 12), month: (endIndex % 12) + 1 };
    const label =
      frequency === 'monthly'
        ? `${MONTH_NAMES[start.month - 1] ?? ''} ${start.year}`
        : frequency === 'quarterly'
          ? `Q${n + 1} ${financialYearLabel(year)}`
          : financialYearLabel(year);
    periods.push({
      year,
      number: n + 1,
      from: iso(start.year, start.month, 1),
      to: iso(end.year, end.month, lastDayOf(end.year, end.month)),
      label,
    });
  }
  return periods;
}
