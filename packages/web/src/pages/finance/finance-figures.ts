import { AGEING_BUCKETS, ageingBucket, type AgeingBucket } from '@atscale/domain';
import type { LevyInvoice } from '../../api/finance';

/** Whole pounds for a chart's axis: charts compare, the tables beside them give the pence. */
export const chartPounds = (pence: number): number => Math.round(pence / 100);

/** How far an unpaid invoice is past its due date on `today`; null once it is paid. */
export function invoiceAgeing(
  invoice: Pick<LevyInvoice, 'status' | 'dueOn'>,
  today: string,
): AgeingBucket | null {
  return invoice.status === 'paid' ? null : ageingBucket(invoice.dueOn, today);
}

/** True when an invoice is unpaid after its due date. */
export const isOverdue = (
  invoice: Pick<LevyInvoice, 'status' | 'dueOn'>,
  today: string,
): boolean => {
  const bucket = invoiceAgeing(invoice, today);
  return bucket !== null && bucket !== 'not-due';
};

/** One row of an ageing table: how many unpaid invoices, and how much, in a bucket. */
export interface AgeingRow {
  bucket: AgeingBucket;
  count: number;
  grossPence: number;
}

/** The unpaid invoices by how overdue they are, every bucket present, oldest debt last. */
export function ageingOf(invoices: readonly LevyInvoice[], today: string): AgeingRow[] {
  const rows = new Map<AgeingBucket, AgeingRow>(
    AGEING_BUCKETS.map((bucket) => [bucket, { bucket, count: 0, grossPence: 0 }]),
  );
  for (const invoice of invoices) {
    const bucket = invoiceAgeing(invoice, today);
    const row = bucket === null ? undefined : rows.get(bucket);
    if (!row) continue;
    row.count += 1;
    row.grossPence += invoice.grossPence;
  }
  return [...rows.values()];
}

/**
 * A VAT rate as people write it ("20", "17.5", "5%") in basis points (2000 is 20%), exactly;
 * null when it is not a rate from 0 to 100 with at most two decimal places.
 */
export function percentToBasisPoints(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const points = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return points > 10_000 ? null : points;
}

/** Basis points as a percentage for a form's field: 2000 is "20", 1750 is "17.5". */
export function basisPointsToPercent(points: number): string {
  const whole = Math.floor(points / 100);
  const fraction = String(points % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${String(whole)}.${fraction}`;
}

/** Pence as a form field's pounds, without the sign or separators: 200 is "2.00". */
export function penceToPoundsField(pence: number): string {
  return `${String(Math.floor(pence / 100))}.${String(pence % 100).padStart(2, '0')}`;
}
