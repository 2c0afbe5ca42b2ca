import type { ErrorSummaryItem } from '../../components/error-summary';
import { refusedItems } from '../organisation/site-form-values';

/**
 * How a finance form shows a refused request: each field the server named (`body/amountPence`
 * or `amountPence`) linked to its control in `ids`, anything else to `fallbackId`.
 */
export const refusedFinanceForm = (
  ids: Readonly<Record<string, string>>,
  fallbackId: string,
): ((error: unknown) => ErrorSummaryItem[]) =>
  refusedItems(
    (field) => ids[field.replace(/^body\//, '').split('/')[0] ?? ''] ?? fallbackId,
    fallbackId,
  );

/** A whole number typed into a field, or null when it is not one. */
export const wholeNumber = (text: string): number | null =>
  /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : null;
