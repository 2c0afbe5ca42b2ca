import {
  AtscaleError,
  financialYearDates,
  financialYearLabel,
  glidePath,
  parityMark,
  type Pence,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { financeAccess, invalid, type FinanceCostCentre } from './finance-access.js';
import { ledgerRepository } from './ledger.js';

/** One cost centre on the glide path: its actual year and its profit per partner each year. */
export interface ParityCentreRow {
  readonly costCentre: FinanceCostCentre;
  readonly partners: number;
  readonly profitPence: Pence;
  readonly profitPerPartnerPence: Pence;
  /** Year 0 (the actual year) then years 1 to N: what the convergence chart draws. */
  readonly profitPerPartnerByYearPence: Pence[];
}

/** A profit parity plan (FIN-6) from one financial year's actual profits over N years. */
export interface ParityPlan {
  readonly financialYear: number;
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly years: number;
  /** The common mark: the organisation's profit per equity partner. */
  readonly markPence: Pence;
  readonly centres: ParityCentreRow[];
  /** Each year's transfers between centres: positive receives, negative gives; sum zero. */
  readonly path: {
    readonly year: number;
    readonly sumPence: Pence;
    readonly transfers: {
      readonly costCentreId: string;
      readonly transferPence: Pence;
      readonly profitAfterPence: Pence;
      readonly profitPerPartnerAfterPence: Pence;
    }[];
  }[];
  /** Cost centres left out, and why (no equity partners: the central team's, say). */
  readonly excluded: { readonly costCentre: FinanceCostCentre; readonly reason: string }[];
}

/**
 * Profit parity for central finance: from the ledger's actual profit of each cost centre in a
 * financial year and its equity partners on the year's last day, the common mark and the glide
 * path over N years (the domain's glidePath: year k moves k/N of the way, transfers sum to zero).
 * Profits are held at the actual year's, so the path shows the transfers parity needs, not a
 * forecast. Changing N is the what-if.
 */
export function parityRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  return {
    async plan(input: { financialYear: number; years: number }): Promise<ParityPlan> {
      access.requireOrganisation('finance:manage', 'plan profit parity');
      if (!Number.isSafeInteger(input.financialYear) || input.financialYear < 2000) {
        throw invalid('/financialYear', 'A financial year such as 2026 (for 2026/27)');
      }
      if (!Number.isSafeInteger(input.years) || input.years < 1 || input.years > 20) {
        throw invalid('/years', 'A whole number of years from 1 to 20');
      }
      const period = financialYearDates(input.financialYear);
      const profits = await ledgerRepository(db, scope).profitByCostCentre(period);
      const inPlan = profits.filter((p) => p.partners > 0);
      const excluded = profits
        .filter((p) => p.partners <= 0)
        .map((p) => ({
          costCentre: p.costCentre,
          reason: 'No equity partners on the year’s last day',
        }));
      if (inPlan.length === 0) {
        throw new AtscaleError(
          'conflict',
          `No cost centre has equity partners at the end of ${financialYearLabel(input.financialYear)}: parity shares profit between partners`,
        );
      }
      const centres = inPlan.map((p) => ({
        costCentreId: p.costCentre.id,
        profitPence: p.totals.profitPence,
        partners: p.partners,
      }));
      const path = glidePath(centres, input.years);
      return {
        financialYear: input.financialYear,
        label: financialYearLabel(input.financialYear),
        from: period.from,
        to: period.to,
        years: input.years,
        markPence: parityMark(centres),
        centres: inPlan.map((p, i) => ({
          costCentre: p.costCentre,
          partners: p.partners,
          profitPence: p.totals.profitPence,
          profitPerPartnerPence: path[0]?.transfers[i]?.profitPerPartnerBeforePence ?? 0,
          profitPerPartnerByYearPence: [
            path[0]?.transfers[i]?.profitPerPartnerBeforePence ?? 0,
            ...path.map((y) => y.transfers[i]?.profitPerPartnerAfterPence ?? 0),
          ],
        })),
        path: path.map((y) => ({
          year: y.year,
          sumPence: y.transfers.reduce((s, t) => s + t.transferPence, 0),
          transfers: y.transfers.map((t) => ({
            costCentreId: t.costCentreId,
            transferPence: t.transferPence,
            profitAfterPence: t.profitAfterPence,
            profitPerPartnerAfterPence: t.profitPerPartnerAfterPence,
          })),
        })),
        excluded,
      };
    },
  };
}

/** The parity repository a request handler is given. */
export type ParityRepository = ReturnType<typeof parityRepository>;
