import type { IsoDate } from '../org/iso-date.js';
import { financialYearDates, financialYearOf, type FinancialYear } from './financial-year.js';
import { divideRoundHalfUp, type Pence } from './money.js';

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/**
 * The part of a year's budget that falls in a period (FIN-1): each financial year the period
 * touches contributes its annual amount times the share of that year's days inside the period,
 * half up in whole pence. A whole financial year gets exactly its budget; months get their
 * share by days, so a 31-day month gets a little more than a 30-day one.
 */
export function budgetForPeriod(
  annualByYear: ReadonlyMap<FinancialYear, Pence>,
  period: { readonly from: IsoDate; readonly to: IsoDate },
): Pence {
  let total = 0;
  for (let year = financialYearOf(period.from); year <= financialYearOf(period.to); year += 1) {
    const annual = annualByYear.get(year);
    if (annual === undefined || annual === 0) continue;
    const fy = financialYearDates(year);
    const from = period.from > fy.from ? period.from : fy.from;
    const to = period.to < fy.to ? period.to : fy.to;
    const inPeriod = dayNumber(to) - dayNumber(from) + 1;
    const inYear = dayNumber(fy.to) - dayNumber(fy.from) + 1;
    total += inPeriod === inYear ? annual : divideRoundHalfUp(annual * inPeriod, inYear);
  }
  return total;
}

/**
 * How an account's actual figure stands against its budget, signed so that positive is
 * favourable: income above budget, or costs below it.
 */
export function budgetVariance(
  kind: 'income' | 'expenditure',
  actualPence: Pence,
  budgetPence: Pence,
): Pence {
  return kind === 'income' ? actualPence - budgetPence : budgetPence - actualPence;
}
