import { apportion } from '../common/apportion.js';
import type { IsoDate } from '../org/iso-date.js';
import type { BillingFrequency } from './financial-year.js';
import type { Pence } from './money.js';
import type { VatTreatment } from './vat.js';

/** What the levy is charged on: the registered list on a date, or the weighted list. */
export const LEVY_BASES = ['registered-list', 'weighted-list'] as const;
/** A levy basis. */
export type LevyBasis = (typeof LEVY_BASES)[number];

/** An organisation's levy settings (FIN-2). */
export interface LevySettings {
  /** Pence per patient per year: 200 (£2.00) by default for the autonomy form. */
  readonly pencePerPatientPerYear: number;
  readonly basis: LevyBasis;
  readonly frequency: BillingFrequency;
  readonly vatTreatment: VatTreatment;
  /** Days after the invoice date that payment is due. */
  readonly paymentTermsDays: number;
}

/** A practice's levy for a year: rate times its list, in pence. */
export function annualLevy(pencePerPatientPerYear: number, patients: number): Pence {
  if (!Number.isSafeInteger(pencePerPatientPerYear) || pencePerPatientPerYear < 0) {
    throw new RangeError('the levy rate must be whole pence, not negative');
  }
  if (!Number.isSafeInteger(patients) || patients < 0) {
    throw new RangeError('a list size must be a whole number, not negative');
  }
  return pencePerPatientPerYear * patients;
}

/**
 * A year's levy split into its billing periods: equal parts in whole pence that add up to the
 * annual levy exactly (the odd pence go to the earliest periods).
 */
export function levyInstalments(annual: Pence, periods: number): Pence[] {
  return apportion(
    annual,
    Array.from({ length: periods }, () => 1),
  );
}

/** An invoice number: the organisation's prefix, the financial year and a running number. */
export function invoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The date payment of an invoice is due. */
export function dueDate(invoiceDate: IsoDate, termsDays: number): IsoDate {
  const date = new Date(`${invoiceDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + termsDays);
  return date.toISOString().slice(0, 10);
}
