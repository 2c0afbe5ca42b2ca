import { divideRoundHalfUp, type Pence } from './money.js';

/**
 * How VAT applies to a charge: outside its scope (a levy within one partnership), exempt (most
 * medical services), or at the standard rate. Between members of a federation, who are separate
 * businesses, services can be taxable (source 001).
 */
export const VAT_TREATMENTS = ['outside-scope', 'exempt', 'standard'] as const;
/** A VAT treatment. */
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** Human-readable names of the treatments. */
export const VAT_TREATMENT_LABELS: Readonly<Record<VatTreatment, string>> = {
  'outside-scope': 'Outside the scope of VAT',
  exempt: 'Exempt from VAT',
  standard: 'Standard rate VAT',
};

/** The UK standard rate in basis points (20%); configurable per organisation. */
export const STANDARD_VAT_BASIS_POINTS = 2_000;

/** VAT on one line's net amount: per line, half up, in whole pence. */
export function vatOnLine(
  net: Pence,
  treatment: VatTreatment,
  standardBasisPoints: number = STANDARD_VAT_BASIS_POINTS,
): Pence {
  if (treatment !== 'standard') return 0;
  return divideRoundHalfUp(net * standardBasisPoints, 10_000);
}

/** An invoice line as the totals need it. */
export interface InvoiceLine {
  readonly netPence: Pence;
  readonly vatTreatment: VatTreatment;
}

/** Net, VAT and gross of an invoice, VAT worked out line by line and shown separately. */
export function invoiceTotals(
  lines: readonly InvoiceLine[],
  standardBasisPoints: number = STANDARD_VAT_BASIS_POINTS,
): { netPence: Pence; vatPence: Pence; grossPence: Pence } {
  let net = 0;
  let vat = 0;
  for (const line of lines) {
    net += line.netPence;
    vat += vatOnLine(line.netPence, line.vatTreatment, standardBasisPoints);
  }
  return { netPence: net, vatPence: vat, grossPence: net + vat };
}
