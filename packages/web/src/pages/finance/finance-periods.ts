import {
  billingPeriods,
  financialYearLabel,
  financialYearOf,
  type FinancialYear,
} from '@atscale/domain';

/** A period a finance page can show: a financial year (April to March), a quarter or a month. */
export interface PeriodChoice {
  /** `year`, `q1`..`q4` or `m1`..`m12` (months counted from April). */
  value: string;
  label: string;
  from: string;
  to: string;
}

/**
 * The periods of a financial year to choose from: the whole year, its quarters, then its months,
 * with the same dates as the levy's billing periods so that a levy period reads the same here.
 */
export function periodChoices(year: FinancialYear): PeriodChoice[] {
  const [whole] = billingPeriods(year, 'annually');
  const quarters = billingPeriods(year, 'quarterly');
  const months = billingPeriods(year, 'monthly');
  return [
    ...(whole
      ? [{ value: 'year', label: `The whole year ${whole.label}`, from: whole.from, to: whole.to }]
      : []),
    ...quarters.map((q) => ({
      value: `q${String(q.number)}`,
      label: q.label,
      from: q.from,
      to: q.to,
    })),
    ...months.map((m) => ({
      value: `m${String(m.number)}`,
      label: m.label,
      from: m.from,
      to: m.to,
    })),
  ];
}

/** The period `value` of a financial year; the whole year when `value` is not one of its periods. */
export function periodOf(year: FinancialYear, value: string): PeriodChoice {
  const choices = periodChoices(year);
  const found = choices.find((choice) => choice.value === value) ?? choices[0];
  if (!found) throw new RangeError(`no periods in financial year ${String(year)}`);
  return found;
}

/** The financial years a page offers, newest first: the one `today` is in and `count - 1` before. */
export function recentFinancialYears(today: string, count = 5): FinancialYear[] {
  const current = financialYearOf(today);
  return Array.from({ length: count }, (_, index) => current - index);
}

/** The financial years as select options, newest first. */
export const yearChoices = (years: readonly FinancialYear[]) =>
  years.map((year) => ({ value: String(year), label: financialYearLabel(year) }));
