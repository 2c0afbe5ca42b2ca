import {
  accountOf,
  budgetForPeriod,
  financialYearDates,
  financialYearLabel,
  financialYearOf,
  isPence,
  MAX_AMOUNT_PENCE,
  notFound,
  type FinancialYear,
  type IsoDate,
  type Pence,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import {
  costCentresOfPractices,
  ensureChart,
  financeAccess,
  invalid,
  isoTime,
  type FinanceCostCentre,
} from './finance-access.js';

/** One line of a cost centre's budget: what it plans to earn or spend on an account in a year. */
export interface BudgetLine {
  readonly accountCode: string;
  readonly accountName: string;
  readonly kind: 'income' | 'expenditure';
  /** In the account's natural direction: income earned, or costs paid. */
  readonly amountPence: Pence;
}

/** A cost centre's budget for a financial year (FIN-1). */
export interface CostCentreBudget {
  readonly costCentre: FinanceCostCentre;
  readonly financialYear: FinancialYear;
  /** "2026/27". */
  readonly label: string;
  readonly lines: BudgetLine[];
  readonly totals: {
    readonly incomePence: Pence;
    readonly expenditurePence: Pence;
    readonly profitPence: Pence;
  };
  /** When and by whom it was last set; null while no budget is set. */
  readonly setAt: string | null;
  readonly setBy: string | null;
}

/** A budget to set: every line of one cost centre for one year (those left out are removed). */
export interface BudgetInput {
  readonly costCentreId: string;
  readonly financialYear: number;
  readonly lines: readonly { readonly accountCode: string; readonly amountPence: number }[];
}

/** One account's budget for a period, per cost centre: a year's budget prorated by days. */
export interface PeriodBudget {
  readonly costCentreId: string;
  readonly accountCode: string;
  readonly accountName: string;
  readonly kind: 'income' | 'expenditure';
  readonly budgetPence: Pence;
}

const MAX_LINES = 100;

/**
 * The budgets of a period per cost centre and account, each financial year's amount prorated
 * by its days in the period (the domain's budgetForPeriod). Only accounts with a budget for a
 * year the period touches appear. Null centres: every one of the organisation.
 */
export async function loadPeriodBudgets(
  q: Queryable,
  orgId: string,
  period: { from: IsoDate; to: IsoDate },
  costCentreIds: readonly string[] | null,
): Promise<PeriodBudget[]> {
  const { rows } = await q.query<{
    costCentreId: string;
    accountCode: string;
    accountName: string;
    kind: 'income' | 'expenditure';
    financialYear: number;
    amountPence: number;
  }>(
    `select b.cost_centre_id as "costCentreId", b.account_code as "accountCode",
            a.name as "accountName", a.kind, b.financial_year as "financialYear",
            b.amount_pence as "amountPence"
       from budget b join finance_account a on a.org_id = b.org_id and a.code = b.account_code
      where b.org_id = $1 and b.financial_year between $2 and $3
        and ($4::uuid[] is null or b.cost_centre_id = any($4::uuid[]))
      order by b.cost_centre_id, b.account_code`,
    [orgId, financialYearOf(period.from), financialYearOf(period.to), costCentreIds],
  );
  const grouped = new Map<string, { row: (typeof rows)[number]; years: Map<number, Pence> }>();
  for (const row of rows) {
    const key = `${row.costCentreId}/${row.accountCode}`;
    const group = grouped.get(key) ?? { row, years: new Map<number, Pence>() };
    group.years.set(row.financialYear, row.amountPence);
    grouped.set(key, group);
  }
  return [...grouped.values()].map(({ row, years }) => ({
    costCentreId: row.costCentreId,
    accountCode: row.accountCode,
    accountName: row.accountName,
    kind: row.kind,
    budgetPence: budgetForPeriod(years, period),
  }));
}

const checkedYear = (year: number, field: string): FinancialYear => {
  if (!Number.isSafeInteger(year) || year < 2000 || year > 2999) {
    throw invalid(field, 'A financial year such as 2026 (for 2026/27)');
  }
  return year;
};

/**
 * Budgets per cost centre and financial year for one caller: central finance sets them; anyone
 * who sees finances reads them, a practice's people only for the cost centres their practice
 * was in during the year.
 */
export function budgetRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;

  const load = async (
    q: Queryable,
    costCentreId: string,
    financialYear: FinancialYear,
  ): Promise<CostCentreBudget> => {
    const { rows: centres } = await q.query<FinanceCostCentre>(
      'select id, code, name from cost_centre where org_id = $1 and id = $2',
      [orgId, costCentreId],
    );
    const costCentre = centres[0];
    if (!costCentre) throw notFound('The cost centre');
    const { rows } = await q.query<BudgetLine & { setAt: string; setBy: string | null }>(
      `select b.account_code as "accountCode", a.name as "accountName", a.kind,
              b.amount_pence as "amountPence", ${isoTime('b.set_at')} as "setAt",
              u.display_name as "setBy"
         from budget b
         join finance_account a on a.org_id = b.org_id and a.code = b.account_code
         left join app_user u on u.org_id = b.org_id and u.id = b.set_by
        where b.org_id = $1 and b.cost_centre_id = $2 and b.financial_year = $3
        order by b.account_code`,
      [orgId, costCentreId, financialYear],
    );
    const sumOf = (kind: 'income' | 'expenditure') =>
      rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.amountPence, 0);
    const latest = [...rows].sort((a, b) => b.setAt.localeCompare(a.setAt))[0];
    return {
      costCentre,
      financialYear,
      label: financialYearLabel(financialYear),
      lines: rows.map(({ setAt: _at, setBy: _by, ...line }) => line),
      totals: {
        incomePence: sumOf('income'),
        expenditurePence: sumOf('expenditure'),
        profitPence: sumOf('income') - sumOf('expenditure'),
      },
      setAt: latest?.setAt ?? null,
      setBy: latest?.setBy ?? null,
    };
  };

  return {
    /** A cost centre's budget for a year; another practice's cost centre is not found. */
    async get(input: { costCentreId: string; financialYear: number }): Promise<CostCentreBudget> {
      const reach = access.reach('finance:read', 'see budgets');
      const year = checkedYear(input.financialYear, '/financialYear');
      if (reach.kind === 'practices') {
        const mine = await costCentresOfPractices(
          db,
          orgId,
          reach.practiceIds,
          financialYearDates(year),
        );
        if (!mine.has(input.costCentreId)) throw notFound('The cost centre');
      }
      return load(db, input.costCentreId, year);
    },

    /**
     * Sets a cost centre's budget for a year: the lines given replace those it had, in one
     * transaction, audited. Income and expenditure accounts only, each once, whole pence.
     */
    async set(input: BudgetInput): Promise<CostCentreBudget> {
      access.requireOrganisation('finance:manage', 'set budgets');
      const year = checkedYear(input.financialYear, '/financialYear');
      if (input.lines.length > MAX_LINES) {
        throw invalid('/lines', `At most ${String(MAX_LINES)} lines`);
      }
      const seen = new Set<string>();
      input.lines.forEach((line, i) => {
        const account = accountOf(line.accountCode);
        if (!account || (account.kind !== 'income' && account.kind !== 'expenditure')) {
          throw invalid(
            `/lines/${String(i)}/accountCode`,
            `${line.accountCode} is not an income or expenditure account of the chart`,
          );
        }
        if (seen.has(line.accountCode)) {
          throw invalid(`/lines/${String(i)}/accountCode`, `${line.accountCode} is given twice`);
        }
        seen.add(line.accountCode);
        if (!isPence(line.amountPence) || line.amountPence < 0) {
          throw invalid(`/lines/${String(i)}/amountPence`, 'Must be whole pence, not negative');
        }
        if (line.amountPence > MAX_AMOUNT_PENCE) {
          throw invalid(`/lines/${String(i)}/amountPence`, 'Must be at most £1,000,000,000.00');
        }
      });
      return db.transaction(async (tx) => {
        const { rows } = await tx.query('select 1 from cost_centre where org_id = $1 and id = $2', [
          orgId,
          input.costCentreId,
        ]);
        if (rows.length === 0) {
          throw invalid('/costCentreId', 'is not a cost centre of this organisation');
        }
        await ensureChart(tx, orgId);
        await tx.query(
          'delete from budget where org_id = $1 and cost_centre_id = $2 and financial_year = $3',
          [orgId, input.costCentreId, year],
        );
        await tx.query(
          `insert into budget (org_id, cost_centre_id, financial_year, account_code, amount_pence, set_by)
           select $1, $2, $3, l.code, l.amount, $4
             from unnest($5::text[], $6::bigint[]) as l(code, amount)`,
          [
            orgId,
            input.costCentreId,
            year,
            principal.userId,
            input.lines.map((l) => l.accountCode),
            input.lines.map((l) => l.amountPence),
          ],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'budget.set', 'cost-centre', input.costCentreId, {
            reason: `${financialYearLabel(year)}: ${String(input.lines.length)} lines`,
          }),
        ]);
        return load(tx, input.costCentreId, year);
      });
    },
  };
}

/** The budget repository a request handler is given. */
export type BudgetRepository = ReturnType<typeof budgetRepository>;
