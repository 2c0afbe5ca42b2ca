import { roundToSum } from '../common/apportion.js';
import type { Pence } from './money.js';

/** A profit centre as parity needs it: its profit for the year and its partners. */
export interface ParityCentre {
  readonly costCentreId: string;
  readonly profitPence: Pence;
  /** Partner shares (full-time equity partners count 1; part shares count their fraction). */
  readonly partners: number;
}

/** One centre's transfer in a year of the glide path: positive receives, negative gives. */
export interface ParityTransfer {
  readonly costCentreId: string;
  readonly transferPence: Pence;
  readonly profitAfterPence: Pence;
  readonly profitPerPartnerBeforePence: Pence;
  readonly profitPerPartnerAfterPence: Pence;
}

/** The common mark: the organisation's profit per partner share, in pence (rounded). */
export function parityMark(centres: readonly ParityCentre[]): Pence {
  const partners = centres.reduce((sum, c) => sum + c.partners, 0);
  if (partners <= 0) throw new RangeError('parity needs at least one partner');
  return Math.round(centres.reduce((sum, c) => sum + c.profitPence, 0) / partners);
}

/**
 * The transfers of one year of a glide path (FIN-6): each centre moves `fraction` of the way
 * from its own profit per partner to the common mark (1 in the final year). The transfers are
 * rounded to pence so that they always add up to exactly zero: money moves between centres,
 * it is never made or lost.
 */
export function parityTransfers(
  centres: readonly ParityCentre[],
  fraction: number,
): ParityTransfer[] {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError('the fraction is between 0 and 1');
  const partners = centres.reduce((sum, c) => sum + c.partners, 0);
  if (partners <= 0) throw new RangeError('parity needs at least one partner');
  if (centres.some((c) => !(c.partners > 0))) {
    throw new RangeError('every centre in parity needs partners');
  }
  const profit = centres.reduce((sum, c) => sum + c.profitPence, 0);
  const exact = centres.map((c) => ((profit * c.partners) / partners - c.profitPence) * fraction);
  const transfers = roundToSum(exact, 0);
  return centres.map((c, i) => {
    const transfer = transfers[i] ?? 0;
    const after = c.profitPence + transfer;
    return {
      costCentreId: c.costCentreId,
      transferPence: transfer,
      profitAfterPence: after,
      profitPerPartnerBeforePence: Math.round(c.profitPence / c.partners),
      profitPerPartnerAfterPence: Math.round(after / c.partners),
    };
  });
}

/**
 * A glide path over `years` years on the given profits: year k (1..years) moves k/years of the
 * way to the mark, so the last year reaches it. For the planner's what-if on N.
 */
export function glidePath(
  centres: readonly ParityCentre[],
  years: number,
): { year: number; transfers: ParityTransfer[] }[] {
  if (!Number.isInteger(years) || years < 1 || years > 20) {
    throw new RangeError('a glide path takes 1 to 20 years');
  }
  return Array.from({ length: years }, (_, k) => ({
    year: k + 1,
    transfers: parityTransfers(centres, (k + 1) / years),
  }));
}
