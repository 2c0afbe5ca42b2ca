import type { IsoDate } from '../org/iso-date.js';
import { daysBetween } from './ageing.js';
import type { Pence } from './money.js';

/** A payment a practice expects (FIN-4), still outstanding. */
export interface ExpectedPayment {
  readonly id: string;
  readonly payer: string;
  /** The remittance reference it should carry, when known. */
  readonly reference: string | null;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
}

/** A payment received, from an imported bank or remittance statement. */
export interface ReceivedPayment {
  readonly receivedOn: IsoDate;
  readonly payer: string;
  readonly reference: string;
  readonly amountPence: Pence;
}

/** What matching decided for a received payment. */
export type MatchResult =
  | {
      readonly kind: 'matched';
      readonly expectedId: string;
      readonly rule: 'reference' | 'amount-payer-date';
    }
  | { readonly kind: 'review'; readonly candidateIds: readonly string[]; readonly reason: string };

/** How early or late a payment may arrive and still be matched on amount, payer and date. */
export const MATCH_WINDOW_DAYS = { early: 15, late: 60 } as const;

const fold = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Matches a received payment to one expected payment, or sends it for review (never guesses):
 * first by reference and exact amount; else by exact amount, the same payer, and a date from
 * 15 days before to 60 days after it was due, when exactly one expected payment fits.
 */
export function matchPayment(
  received: ReceivedPayment,
  expected: readonly ExpectedPayment[],
): MatchResult {
  const reference = fold(received.reference);
  const byReference = expected.filter(
    (e) =>
      e.reference !== null &&
      fold(e.reference).length > 0 &&
      reference.includes(fold(e.reference)) &&
      e.amountPence === received.amountPence,
  );
  const [onlyByReference] = byReference;
  if (onlyByReference && byReference.length === 1) {
    return { kind: 'matched', expectedId: onlyByReference.id, rule: 'reference' };
  }
  if (byReference.length > 1) {
    return {
      kind: 'review',
      candidateIds: byReference.map((e) => e.id),
      reason: 'More than one expected payment has this reference and amount',
    };
  }
  const payer = fold(received.payer);
  const candidates = expected.filter((e) => {
    const late = daysBetween(e.dueOn, received.receivedOn);
    return (
      e.amountPence === received.amountPence &&
      fold(e.payer) === payer &&
      late >= -MATCH_WINDOW_DAYS.early &&
      late <= MATCH_WINDOW_DAYS.late
    );
  });
  const [onlyCandidate] = candidates;
  if (onlyCandidate && candidates.length === 1) {
    return { kind: 'matched', expectedId: onlyCandidate.id, rule: 'amount-payer-date' };
  }
  if (candidates.length > 1) {
    return {
      kind: 'review',
      candidateIds: candidates.map((e) => e.id),
      reason: 'More than one expected payment from this payer has this amount around this date',
    };
  }
  return {
    kind: 'review',
    candidateIds: [],
    reason:
      'No expected payment has this reference, or this amount from this payer around this date',
  };
}
