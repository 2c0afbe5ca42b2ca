import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  budgetVariance,
  centresReportedIn,
  costCentreStatusOn,
  divideRoundHalfUp,
  forbidden,
  journalProblems,
  naturalBalance,
  notFound,
  reportingCentreOn,
  reversingLines,
  type AccountKind,
  type IsoDate,
  type JournalLine,
  type Pence,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { sqlState, UNIQUE_VIOLATION } from '../../sql-errors.js';
import { writeAudit } from '../audit.js';
import { costCentreHistory } from '../cost-centres.js';
import { loadPeriodBudgets, type PeriodBudget } from './budgets.js';
import {
  checkedDate,
  checkedPeriod,
  costCentreOfPracticesOn,
  costCentresOfPractices,
  ensureChart,
  financeAccess,
  invalid,
  isoTime,
  type FinanceCostCentre,
} from './finance-access.js';

/** A journal entry to post: a date, what it is for, and balanced lines. */
export interface JournalEntryInput {
  readonly entryDate: string;
  readonly description: string;
  readonly lines: readonly JournalLine[];
}

/** One line of a posted entry. */
export interface JournalLineRecord {
  readonly lineNumber: number;
  readonly costCentre: FinanceCostCentre;
  readonly accountCode: string;
  readonly accountName: string;
  readonly debitPence: Pence;
  readonly creditPence: Pence;
  readonly memo: string | null;
}

/** A posted journal entry with its lines. */
export interface JournalEntryRecord {
  readonly id: string;
  readonly entryDate: IsoDate;
  readonly description: string;
  readonly source: string;
  readonly reversesEntryId: string | null;
  readonly reversedByEntryId: string | null;
  readonly postedAt: string;
  readonly lines: JournalLineRecord[];
}

/** One account's figure in a profit and loss statement, this period and last year's. */
export interface ProfitAndLossLine {
  readonly accountCode: string;
  readonly accountName: string;
  readonly kind: 'income' | 'expenditure';
  readonly amountPence: Pence;
  readonly lastYearPence: Pence;
  /** The budget for the period (the year's prorated by days); null when none is set. */
  readonly budgetPence: Pence | null;
  /** Actual against budget, positive when favourable; null without a budget. */
  readonly varianceToBudgetPence: Pence | null;
}

/** Income, expenditure and profit. */
export interface ProfitAndLossTotals {
  readonly incomePence: Pence;
  readonly expenditurePence: Pence;
  readonly profitPence: Pence;
}

/** A cost centre's (or the whole organisation's) profit and loss for a period (FIN-1). */
export interface ProfitAndLoss {
  /** Null: the whole organisation, one pool. */
  readonly costCentre: FinanceCostCentre | null;
  /**
   * Cost centres merged into this one by the period's last day, whose lines (this year and
   * last) the statement includes, so that it compares like with like across a merge.
   */
  readonly includes: FinanceCostCentre[];
  /** When a merge had closed this cost centre by the period's last day: into which, from when. */
  readonly mergedInto: { readonly costCentre: FinanceCostCentre; readonly on: IsoDate } | null;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly lastYear: { readonly from: IsoDate; readonly to: IsoDate };
  readonly lines: ProfitAndLossLine[];
  readonly totals: ProfitAndLossTotals;
  readonly lastYearTotals: ProfitAndLossTotals;
  /** The budget's totals for the period; null when no budget touches it. */
  readonly budgetTotals: ProfitAndLossTotals | null;
  /** Equity partners of the cost centre's practices on the last day, sharing profit equally. */
  readonly partners: number;
  /** Null when there are no partners to share it. */
  readonly profitPerPartnerPence: Pence | null;
  readonly lastYearProfitPerPartnerPence: Pence | null;
}

/** One cost centre's figures in the all-centres profit summary. */
export interface CostCentreProfit {
  readonly costCentre: FinanceCostCentre;
  readonly totals: ProfitAndLossTotals;
  readonly lastYearTotals: ProfitAndLossTotals;
  /** The budget's totals for the period; null when no budget touches it. */
  readonly budgetTotals: ProfitAndLossTotals | null;
  readonly partners: number;
  readonly profitPerPartnerPence: Pence | null;
  readonly lastYearProfitPerPartnerPence: Pence | null;
}

/** One ledger line as an accountant's journal import reads it. */
export interface LedgerExportRow {
  readonly date: IsoDate;
  readonly entryId: string;
  readonly accountCode: string;
  readonly accountName: string;
  readonly costCentreCode: string;
  readonly costCentreName: string;
  readonly debitPence: Pence;
  readonly creditPence: Pence;
  readonly description: string;
}

const DESCRIPTION_MAX = 500;
const MAX_LINES = 200;

/** The same period a year earlier (29 February becomes the 28th). */
export function yearBefore(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

/** Income, expenditure and profit of a set of budget lines; null when there are none. */
function budgetTotalsOf(budgets: readonly PeriodBudget[]): ProfitAndLossTotals | null {
  if (budgets.length === 0) return null;
  const sum = (kind: 'income' | 'expenditure') =>
    budgets.filter((b) => b.kind === kind).reduce((s, b) => s + b.budgetPence, 0);
  return {
    incomePence: sum('income'),
    expenditurePence: sum('expenditure'),
    profitPence: sum('income') - sum('expenditure'),
  };
}

interface NewEntry {
  readonly entryDate: IsoDate;
  readonly description: string;
  readonly source: string;
  readonly reversesEntryId: string | null;
  readonly lines: readonly JournalLine[];
}

/**
 * Writes journal entries with their lines, a few statements for any number of entries. The
 * caller has run the domain's checks; the database checks the balance again at commit.
 */
export async function insertJournalEntries(
  tx: Queryable,
  orgId: string,
  postedBy: string | null,
  entries: readonly NewEntry[],
): Promise<string[]> {
  if (entries.length === 0) return [];
  await ensureChart(tx, orgId);
  const ids = entries.map(() => randomUUID());
  await tx.query(
    `insert into journal_entry (id, org_id, entry_date, description, source, reverses_entry_id, posted_by)
     select e.id, $1, e.entry_date, e.description, e.source, e.reverses, $2
       from unnest($3::uuid[], $4::date[], $5::text[], $6::text[], $7::uuid[])
              as e(id, entry_date, description, source, reverses)`,
    [
      orgId,
      postedBy,
      ids,
      entries.map((e) => e.entryDate),
      entries.map((e) => e.description),
      entries.map((e) => e.source),
      entries.map((e) => e.reversesEntryId),
    ],
  );
  const lines = entries.flatMap((entry, i) =>
    entry.lines.map((line, n) => ({
      entryId: ids[i] ?? '',
      entryDate: entry.entryDate,
      lineNumber: n + 1,
      ...line,
    })),
  );
  await tx.query(
    `insert into journal_line
       (org_id, entry_id, entry_date, line_number, cost_centre_id, account_code, debit_pence,
        credit_pence, memo)
     select $1, l.entry_id, l.entry_date, l.line_number, l.cost_centre_id, l.account_code, l.debit,
            l.credit, l.memo
       from unnest($2::uuid[], $9::date[], $3::int[], $4::uuid[], $5::text[], $6::bigint[],
                   $7::bigint[], $8::text[])
              as l(entry_id, entry_date, line_number, cost_centre_id, account_code, debit, credit, memo)`,
    [
      orgId,
      lines.map((l) => l.entryId),
      lines.map((l) => l.lineNumber),
      lines.map((l) => l.costCentreId),
      lines.map((l) => l.accountCode),
      lines.map((l) => l.debitPence),
      lines.map((l) => l.creditPence),
      lines.map((l) => l.memo ?? null),
      lines.map((l) => l.entryDate),
    ],
  );
  return ids;
}

/** Posted entries with their lines, in the order of the ids. */
export async function loadJournalEntries(
  q: Queryable,
  orgId: string,
  ids: readonly string[],
): Promise<JournalEntryRecord[]> {
  const { rows } = await q.query<Omit<JournalEntryRecord, 'lines'>>(
    `select e.id, e.entry_date as "entryDate", e.description, e.source,
            e.reverses_entry_id as "reversesEntryId",
            (select r.id from journal_entry r
              where r.org_id = e.org_id and r.reverses_entry_id = e.id) as "reversedByEntryId",
            ${isoTime('e.created_at')} as "postedAt"
       from journal_entry e where e.org_id = $1 and e.id = any($2::uuid[])`,
    [orgId, ids],
  );
  const { rows: lines } = await q.query<
    Omit<JournalLineRecord, 'costCentre'> & {
      entryId: string;
      costCentreId: string;
      costCentreCode: string;
      costCentreName: string;
    }
  >(
    `select l.entry_id as "entryId", l.line_number as "lineNumber", l.account_code as "accountCode",
            a.name as "accountName", l.debit_pence as "debitPence", l.credit_pence as "creditPence",
            l.memo, c.id as "costCentreId", c.code as "costCentreCode", c.name as "costCentreName"
       from journal_line l
       join finance_account a on a.org_id = l.org_id and a.code = l.account_code
       join cost_centre c on c.org_id = l.org_id and c.id = l.cost_centre_id
      where l.org_id = $1 and l.entry_id = any($2::uuid[])
      order by l.entry_id, l.line_number`,
    [orgId, ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const entry = byId.get(id);
    if (!entry) return [];
    return [
      {
        ...entry,
        lines: lines
          .filter((l) => l.entryId === id)
          .map((l) => ({
            lineNumber: l.lineNumber,
            costCentre: { id: l.costCentreId, code: l.costCentreCode, name: l.costCentreName },
            accountCode: l.accountCode,
            accountName: l.accountName,
            debitPence: l.debitPence,
            creditPence: l.creditPence,
            memo: l.memo,
          })),
      },
    ];
  });
}

/**
 * The ledger (FIN-1) for one caller: posting entries, reversing them, profit and loss per cost
 * centre and the journal export. Central finance reaches every cost centre; a practice's people
 * only the cost centres their practice was in over the period they ask about.
 */
export function ledgerRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;

  /** The cost centres the caller may see over a period, or null for every one. */
  const visibleCentres = async (
    q: Queryable,
    permission: 'finance:read' | 'finance:post',
    period: { from: IsoDate; to: IsoDate },
    what: string,
  ): Promise<Set<string> | null> => {
    const reach = access.reach(permission, what);
    if (reach.kind === 'organisation') return null;
    return costCentresOfPractices(q, orgId, reach.practiceIds, period);
  };

  const centreOf = async (q: Queryable, costCentreId: string): Promise<FinanceCostCentre> => {
    const { rows } = await q.query<FinanceCostCentre>(
      'select id, code, name from cost_centre where org_id = $1 and id = $2',
      [orgId, costCentreId],
    );
    const centre = rows[0];
    if (!centre) throw notFound('The cost centre');
    return centre;
  };

  /** Sums of one cost centre's (or every one's) income and expenditure accounts in two periods. */
  const sums = async (
    costCentreIds: readonly string[] | null,
    period: { from: IsoDate; to: IsoDate },
    last: { from: IsoDate; to: IsoDate },
  ) => {
    const { rows } = await db.query<{
      accountCode: string;
      accountName: string;
      kind: 'income' | 'expenditure';
      debit: number;
      credit: number;
      lastDebit: number;
      lastCredit: number;
    }>(
      // Lines carry their entry's date, so this is one index range per period; the accounts
      // are joined after summing.
      `select s.account_code as "accountCode", a.name as "accountName", a.kind,
              s.debit, s.credit, s.last_debit as "lastDebit", s.last_credit as "lastCredit"
         from (select l.account_code,
                 coalesce(sum(l.debit_pence) filter (where l.entry_date between $3 and $4), 0)::bigint as debit,
                 coalesce(sum(l.credit_pence) filter (where l.entry_date between $3 and $4), 0)::bigint as credit,
                 coalesce(sum(l.debit_pence) filter (where l.entry_date between $5 and $6), 0)::bigint as last_debit,
                 coalesce(sum(l.credit_pence) filter (where l.entry_date between $5 and $6), 0)::bigint as last_credit
                 from journal_line l
                where l.org_id = $1 ${costCentreIds === null ? 'and $2::uuid[] is null' : 'and l.cost_centre_id = any($2::uuid[])'}
                  and (l.entry_date between $3 and $4 or l.entry_date between $5 and $6)
                group by l.account_code) s
         join finance_account a on a.org_id = $1 and a.code = s.account_code
        where a.kind in ('income', 'expenditure')
        order by s.account_code`,
      [orgId, costCentreIds, period.from, period.to, last.from, last.to],
    );
    return rows;
  };

  /**
   * Equity partners on a date by the cost centre their practice was in then (counted where that
   * centre reports, `reportingOf`, so last year's partners of merged centres count in the
   * survivor), and in all.
   */
  const partnersOn = async (date: IsoDate, reportingOf: (id: string) => string = (id) => id) => {
    const { rows } = await db.query<{ practiceId: string; n: number }>(
      `select home_practice_id as "practiceId", count(*)::int as n from staff_member
        where org_id = $1 and grade = 'equity-partner' and home_practice_id is not null
          and (started_on is null or started_on <= $2)
          and (left_on is null or left_on > $2)
        group by home_practice_id`,
      [orgId, date],
    );
    const centres = await costCentreOfPracticesOn(db, orgId, date);
    const byCentre = new Map<string, number>();
    let total = 0;
    for (const row of rows) {
      total += row.n;
      const own = centres.get(row.practiceId);
      const centre = own === undefined ? undefined : reportingOf(own);
      if (centre !== undefined) byCentre.set(centre, (byCentre.get(centre) ?? 0) + row.n);
    }
    return (costCentreId: string | null) =>
      costCentreId === null ? total : (byCentre.get(costCentreId) ?? 0);
  };

  const perPartner = (profit: Pence, partners: number): Pence | null =>
    partners > 0 ? divideRoundHalfUp(profit, partners) : null;

  return {
    /**
     * Posts a balanced journal entry in one transaction, after the domain's checks. A practice
     * manager may post only to the cost centre their practice is in on the entry's date.
     */
    async post(input: JournalEntryInput): Promise<JournalEntryRecord> {
      const reach = access.reach('finance:post', 'post journal entries');
      const entryDate = checkedDate(input.entryDate, '/entryDate');
      const description = input.description.trim();
      if (description === '' || description.length > DESCRIPTION_MAX) {
        throw invalid(
          '/description',
          description === ''
            ? 'Say what the entry is for'
            : `At most ${DESCRIPTION_MAX} characters`,
        );
      }
      if (input.lines.length > MAX_LINES) {
        throw invalid('/lines', `At most ${MAX_LINES} lines in one entry`);
      }
      const problems = journalProblems(input.lines);
      const first = problems[0];
      if (first) {
        throw new AtscaleError('validation-failed', `${first.field}: ${first.message}`, problems);
      }
      return db.transaction(async (tx) => {
        const wanted = [...new Set(input.lines.map((l) => l.costCentreId))];
        const { rows: known } = await tx.query<{ id: string }>(
          'select id from cost_centre where org_id = $1 and id = any($2::uuid[])',
          [orgId, wanted],
        );
        const knownIds = new Set(known.map((r) => r.id));
        input.lines.forEach((line, i) => {
          if (!knownIds.has(line.costCentreId)) {
            throw invalid(`/lines/${i}/costCentreId`, 'is not a cost centre of this organisation');
          }
        });
        // A merge closes a cost centre from its date: later entries belong to the survivor.
        const history = await costCentreHistory(tx, orgId);
        for (const [i, line] of input.lines.entries()) {
          const status = costCentreStatusOn(
            history.assignments,
            history.merges,
            line.costCentreId,
            entryDate,
          );
          if (status.kind === 'merged') {
            const into = await centreOf(tx, status.into);
            throw invalid(
              `/lines/${i}/costCentreId`,
              `was merged into ${into.name} (${into.code}) on ${status.effectiveFrom}: post to that cost centre`,
            );
          }
        }
        let practiceId: string | null = null;
        if (reach.kind === 'practices') {
          const centres = await costCentreOfPracticesOn(tx, orgId, entryDate);
          const mine = new Set(reach.practiceIds.flatMap((p) => centres.get(p) ?? []));
          if (!input.lines.every((l) => mine.has(l.costCentreId))) {
            throw forbidden('post to a cost centre your practice is not in');
          }
          practiceId =
            reach.practiceIds.find((p) => centres.get(p) === input.lines[0]?.costCentreId) ?? null;
        }
        const [id = ''] = await insertJournalEntries(tx, orgId, principal.userId, [
          { entryDate, description, source: 'manual', reversesEntryId: null, lines: input.lines },
        ]);
        await writeAudit(tx, [
          access.audit('finance:post', 'journal-entry.post', 'journal-entry', id, { practiceId }),
        ]);
        const [entry] = await loadJournalEntries(tx, orgId, [id]);
        if (!entry) throw new Error('posted entry not found');
        return entry;
      });
    },

    /**
     * Reverses a posted entry with a new one dated `entryDate` (default the original's date):
     * every debit a credit and every credit a debit. An entry is reversed once (conflict after).
     */
    async reverse(
      entryId: string,
      input: { reason: string; entryDate?: string | undefined },
    ): Promise<JournalEntryRecord> {
      access.requireOrganisation('finance:manage', 'reverse journal entries');
      const reason = input.reason.trim();
      if (reason === '' || reason.length > DESCRIPTION_MAX) {
        throw invalid(
          '/reason',
          reason === '' ? 'Say why the entry is reversed' : `At most ${DESCRIPTION_MAX} characters`,
        );
      }
      const date =
        input.entryDate === undefined ? null : checkedDate(input.entryDate, '/entryDate');
      try {
        return await db.transaction(async (tx) => {
          const [original] = await loadJournalEntries(tx, orgId, [entryId]);
          if (!original) throw notFound('The journal entry');
          if (original.reversedByEntryId !== null) {
            throw new AtscaleError('conflict', 'This entry has already been reversed');
          }
          const lines: JournalLine[] = original.lines.map((l) => ({
            costCentreId: l.costCentre.id,
            accountCode: l.accountCode,
            debitPence: l.debitPence,
            creditPence: l.creditPence,
            memo: l.memo,
          }));
          const [id = ''] = await insertJournalEntries(tx, orgId, principal.userId, [
            {
              entryDate: date ?? original.entryDate,
              description: `Reversal of "${original.description}": ${reason}`.slice(
                0,
                DESCRIPTION_MAX,
              ),
              source: 'reversal',
              reversesEntryId: original.id,
              lines: reversingLines(lines),
            },
          ]);
          await writeAudit(tx, [
            access.audit('finance:manage', 'journal-entry.reverse', 'journal-entry', original.id, {
              reason,
            }),
          ]);
          const [entry] = await loadJournalEntries(tx, orgId, [id]);
          if (!entry) throw new Error('reversal not found');
          return entry;
        });
      } catch (error) {
        // Two people reversing at once: the unique index lets one through.
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw new AtscaleError('conflict', 'This entry has already been reversed');
        }
        throw error;
      }
    },

    /** One posted entry, when the caller may see a cost centre it touches (only those lines). */
    async entry(entryId: string): Promise<JournalEntryRecord> {
      access.reach('finance:read', 'see the ledger');
      const [entry] = await loadJournalEntries(db, orgId, [entryId]);
      if (!entry) throw notFound('The journal entry');
      const visible = await visibleCentres(
        db,
        'finance:read',
        { from: entry.entryDate, to: entry.entryDate },
        'see the ledger',
      );
      if (visible === null) return entry;
      const lines = entry.lines.filter((l) => visible.has(l.costCentre.id));
      if (lines.length === 0) throw notFound('The journal entry');
      return { ...entry, lines };
    },

    /**
     * Profit and loss of a cost centre for a period, against the same period last year, summed
     * in SQL from the lines. Without a cost centre: the whole organisation as one pool (central
     * reach only). Profit per partner shares profit equally between the equity partners of the
     * cost centre's practices on the last day (the register holds no other shares).
     */
    async profitAndLoss(input: {
      costCentreId?: string | undefined;
      from: string;
      to: string;
    }): Promise<ProfitAndLoss> {
      const period = checkedPeriod(input.from, input.to);
      const last = { from: yearBefore(period.from), to: yearBefore(period.to) };
      const costCentreId = input.costCentreId ?? null;
      const visible = await visibleCentres(db, 'finance:read', period, 'see profit and loss');
      if (visible !== null) {
        if (costCentreId === null) throw invalid('/costCentreId', 'Choose your cost centre');
        if (!visible.has(costCentreId)) throw notFound('The cost centre');
      }
      const costCentre = costCentreId === null ? null : await centreOf(db, costCentreId);
      // Lines are attributed as at the period's last day: a merged centre's statement carries
      // the centres merged into it (this year and last), a closed one only its own lines.
      const history = await costCentreHistory(db, orgId);
      const reportingOf = reportingCentreOn(history.assignments, history.merges, period.to);
      const members =
        costCentreId === null
          ? null
          : centresReportedIn(history.assignments, history.merges, costCentreId, period.to);
      const status =
        costCentreId === null
          ? null
          : costCentreStatusOn(history.assignments, history.merges, costCentreId, period.to);
      const includes = await Promise.all(
        (members ?? []).filter((id) => id !== costCentreId).map((id) => centreOf(db, id)),
      );
      const mergedInto =
        status?.kind === 'merged'
          ? { costCentre: await centreOf(db, status.into), on: status.effectiveFrom }
          : null;
      const rows = await sums(members, period, last);
      // The budgets of the centre (or of every centre, for the whole organisation) by account.
      const budgets = await loadPeriodBudgets(
        db,
        orgId,
        period,
        costCentreId === null ? null : [costCentreId],
      );
      const budgetByAccount = new Map<string, number>();
      for (const b of budgets) {
        budgetByAccount.set(
          b.accountCode,
          (budgetByAccount.get(b.accountCode) ?? 0) + b.budgetPence,
        );
      }
      const withBudget = (
        line: Omit<ProfitAndLossLine, 'budgetPence' | 'varianceToBudgetPence'>,
      ) => {
        const budget = budgets.length === 0 ? null : (budgetByAccount.get(line.accountCode) ?? 0);
        return {
          ...line,
          budgetPence: budget,
          varianceToBudgetPence:
            budget === null ? null : budgetVariance(line.kind, line.amountPence, budget),
        };
      };
      const lines: ProfitAndLossLine[] = rows.map((r) => {
        const kind: AccountKind = r.kind;
        return withBudget({
          accountCode: r.accountCode,
          accountName: r.accountName,
          kind: r.kind,
          amountPence: naturalBalance(kind, r.debit, r.credit),
          lastYearPence: naturalBalance(kind, r.lastDebit, r.lastCredit),
        });
      });
      // Budgeted accounts with nothing posted yet still show, at nil, against their budget.
      const budgetOnly = new Map(
        budgets
          .filter((b) => !rows.some((r) => r.accountCode === b.accountCode))
          .map((b) => [b.accountCode, b]),
      );
      for (const b of budgetOnly.values()) {
        lines.push(
          withBudget({
            accountCode: b.accountCode,
            accountName: b.accountName,
            kind: b.kind,
            amountPence: 0,
            lastYearPence: 0,
          }),
        );
      }
      lines.sort((a, b) => a.accountCode.localeCompare(b.accountCode));
      const total = (pick: (l: ProfitAndLossLine) => Pence): ProfitAndLossTotals => {
        const incomePence = lines
          .filter((l) => l.kind === 'income')
          .reduce((s, l) => s + pick(l), 0);
        const expenditurePence = lines
          .filter((l) => l.kind === 'expenditure')
          .reduce((s, l) => s + pick(l), 0);
        return { incomePence, expenditurePence, profitPence: incomePence - expenditurePence };
      };
      const totals = total((l) => l.amountPence);
      const lastYearTotals = total((l) => l.lastYearPence);
      const partners = (await partnersOn(period.to, reportingOf))(costCentreId);
      const lastPartners = (await partnersOn(last.to, reportingOf))(costCentreId);
      return {
        costCentre,
        includes,
        mergedInto,
        from: period.from,
        to: period.to,
        lastYear: last,
        lines,
        totals,
        lastYearTotals,
        budgetTotals: budgetTotalsOf(budgets),
        partners,
        profitPerPartnerPence: perPartner(totals.profitPence, partners),
        lastYearProfitPerPartnerPence: perPartner(lastYearTotals.profitPence, lastPartners),
      };
    },

    /**
     * Every cost centre the caller may see with its income, expenditure, profit and profit per
     * partner for a period against last year, in one pass over the lines: the central finance
     * dashboard, and what parity starts from. Cost centres with no lines show zeros.
     */
    async profitByCostCentre(input: { from: string; to: string }): Promise<CostCentreProfit[]> {
      const period = checkedPeriod(input.from, input.to);
      const last = { from: yearBefore(period.from), to: yearBefore(period.to) };
      const visible = await visibleCentres(db, 'finance:read', period, 'see profit and loss');
      const { rows: centres } = await db.query<FinanceCostCentre>(
        'select id, code, name from cost_centre where org_id = $1 order by code',
        [orgId],
      );
      const { rows } = await db.query<{
        costCentreId: string;
        kind: 'income' | 'expenditure';
        debit: number;
        credit: number;
        lastDebit: number;
        lastCredit: number;
      }>(
        `select l.cost_centre_id as "costCentreId", a.kind,
                coalesce(sum(l.debit_pence) filter (where l.entry_date between $2 and $3), 0)::bigint as debit,
                coalesce(sum(l.credit_pence) filter (where l.entry_date between $2 and $3), 0)::bigint as credit,
                coalesce(sum(l.debit_pence) filter (where l.entry_date between $4 and $5), 0)::bigint as "lastDebit",
                coalesce(sum(l.credit_pence) filter (where l.entry_date between $4 and $5), 0)::bigint as "lastCredit"
           from journal_line l
           join finance_account a on a.org_id = l.org_id and a.code = l.account_code
          where l.org_id = $1 and a.kind in ('income', 'expenditure')
            and (l.entry_date between $2 and $3 or l.entry_date between $4 and $5)
          group by l.cost_centre_id, a.kind`,
        [orgId, period.from, period.to, last.from, last.to],
      );
      // Each line counts where its centre reports at the period's end: a centre merged away by
      // then is in its survivor's figures (this year and last), and not listed on its own.
      const history = await costCentreHistory(db, orgId);
      const reportingOf = reportingCentreOn(history.assignments, history.merges, period.to);
      const partners = await partnersOn(period.to, reportingOf);
      const lastPartners = await partnersOn(last.to, reportingOf);
      const budgets = await loadPeriodBudgets(
        db,
        orgId,
        period,
        visible === null ? null : [...visible],
      );
      const totalsOf = (id: string, lastYear: boolean): ProfitAndLossTotals => {
        let incomePence = 0;
        let expenditurePence = 0;
        for (const r of rows.filter((row) => reportingOf(row.costCentreId) === id)) {
          const amount = lastYear
            ? naturalBalance(r.kind, r.lastDebit, r.lastCredit)
            : naturalBalance(r.kind, r.debit, r.credit);
          if (r.kind === 'income') incomePence += amount;
          else expenditurePence += amount;
        }
        return { incomePence, expenditurePence, profitPence: incomePence - expenditurePence };
      };
      return centres
        .filter((c) => reportingOf(c.id) === c.id && (visible === null || visible.has(c.id)))
        .map((costCentre) => {
          const totals = totalsOf(costCentre.id, false);
          const lastYearTotals = totalsOf(costCentre.id, true);
          return {
            costCentre,
            totals,
            lastYearTotals,
            budgetTotals: budgetTotalsOf(budgets.filter((b) => b.costCentreId === costCentre.id)),
            partners: partners(costCentre.id),
            profitPerPartnerPence: perPartner(totals.profitPence, partners(costCentre.id)),
            lastYearProfitPerPartnerPence: perPartner(
              lastYearTotals.profitPence,
              lastPartners(costCentre.id),
            ),
          };
        });
    },

    /**
     * Every ledger line of a period the caller may see, as a generic journal (date, entry,
     * account, cost centre, debit, credit, description), oldest first; the export is audited.
     */
    async exportJournal(input: {
      from: string;
      to: string;
      costCentreId?: string | undefined;
    }): Promise<LedgerExportRow[]> {
      const period = checkedPeriod(input.from, input.to);
      const visible = await visibleCentres(db, 'finance:read', period, 'export the ledger');
      const centres =
        visible === null ? null : [...visible].filter((c) => (input.costCentreId ?? c) === c);
      const { rows } = await db.query<LedgerExportRow>(
        `select e.entry_date as date, e.id as "entryId", l.account_code as "accountCode",
                a.name as "accountName", c.code as "costCentreCode", c.name as "costCentreName",
                l.debit_pence as "debitPence", l.credit_pence as "creditPence",
                coalesce(e.description || nullif(' - ' || l.memo, ' - '), e.description) as description
           from journal_line l
           join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
           join finance_account a on a.org_id = l.org_id and a.code = l.account_code
           join cost_centre c on c.org_id = l.org_id and c.id = l.cost_centre_id
          where l.org_id = $1 and l.entry_date between $2 and $3
            and ($4::uuid is null or l.cost_centre_id = $4)
            and ($5::uuid[] is null or l.cost_centre_id = any($5::uuid[]))
          order by e.entry_date, e.created_at, e.id, l.line_number`,
        [orgId, period.from, period.to, input.costCentreId ?? null, centres],
      );
      await writeAudit(db, [
        access.audit('finance:read', 'ledger.export', 'ledger', null, {
          reason: `${period.from} to ${period.to}`,
        }),
      ]);
      return rows;
    },
  };
}

/** The ledger repository a request handler is given. */
export type LedgerRepository = ReturnType<typeof ledgerRepository>;
