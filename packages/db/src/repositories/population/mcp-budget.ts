import {
  applyMcpWhatIf,
  computeMcpYear,
  dateInEngland,
  financialYearDates,
  financialYearLabel,
  FRAILTY_REGISTER_KEY,
  notFound,
  parseMcpWhatIf,
  parseMcpYear,
  type IsoDate,
  type McpContributor,
  type McpForm,
  type McpMetric,
  type McpYearInput,
  type McpYearOutcome,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { financeAccess, invalid, isoTime } from '../finance/finance-access.js';
import { latestFrailtyRunId } from './frailty-scoring.js';

/** Frailty care-plan coverage worked out from the registers (0011/0015), an aggregate. */
export interface FrailtyCarePlanCoverage {
  /** The day it is taken on: the year's end, or today while the year runs. */
  readonly on: IsoDate;
  /** Moderately and severely frail patients of the latest scoring run, registered on the day. */
  readonly members: number;
  /** Of them, with a care plan done within the 12 months up to the day. */
  readonly current: number;
  /** current / members as a percentage (one decimal place); null with no members. */
  readonly percent: number | null;
}

/** An MCP year as stored, worked out. */
export interface McpBudgetYear {
  readonly financialYear: number;
  readonly label: string;
  /** What was set, with computed metrics' achieved values filled in from atscale's data. */
  readonly input: McpYearInput;
  readonly outcome: McpYearOutcome;
  readonly frailtyCarePlans: FrailtyCarePlanCoverage;
  readonly setAt: string;
  readonly setBy: string | null;
}

/** A year listed. */
export interface McpBudgetYearSummary {
  readonly financialYear: number;
  readonly label: string;
  readonly form: McpForm;
  readonly setAt: string;
}

const checkedYear = (year: number, field: string): number => {
  if (!Number.isSafeInteger(year) || year < 2000 || year > 2999) {
    throw invalid(field, 'A financial year such as 2026 (for 2026/27)');
  }
  return year;
};

/** Frailty care-plan coverage of an organisation on a day: counts only, no patient. */
export async function frailtyCarePlanCoverage(
  q: Queryable,
  orgId: string,
  on: IsoDate,
): Promise<FrailtyCarePlanCoverage> {
  const runId = await latestFrailtyRunId(q, orgId);
  if (runId === null) return { on, members: 0, current: 0, percent: null };
  const { rows } = await q.query<{ members: number; current: number }>(
    `select count(*)::int as members,
            count(*) filter (where exists (
              select 1 from register_review r
               where r.org_id = $1 and r.register_key = $4 and r.patient_id = p.id
                 and r.kind = 'care-plan' and r.done_on <= $2::date
                 and (r.done_on + interval '12 months')::date > $2::date))::int as current
       from frailty_score s
       join patient p on p.org_id = s.org_id and p.id = s.patient_id
      where s.org_id = $1 and s.run_id = $3::uuid and s.category in ('moderate', 'severe')
        and (p.deregistered_on is null or p.deregistered_on > $2::date)`,
    [orgId, on, runId, FRAILTY_REGISTER_KEY],
  );
  const members = rows[0]?.members ?? 0;
  const current = rows[0]?.current ?? 0;
  return {
    on,
    members,
    current,
    percent: members === 0 ? null : Math.round((current / members) * 1000) / 10,
  };
}

/**
 * Writes a checked year (parseMcpYear) for an organisation: its settings, spend lines, metrics
 * (a computed metric's achieved value is not stored) and actual spend. The caller deletes any
 * year it replaces and writes the audit row; the demo writer uses it too.
 */
export async function insertMcpYear(
  tx: Queryable,
  orgId: string,
  input: McpYearInput,
  setBy: string | null,
): Promise<void> {
  const s = input.settings;
  await tx.query(
    `insert into mcp_budget_year (org_id, financial_year, form, uplift_bp, top_slice_bp,
         earn_back_rule, provider_gain_share_bp, provider_loss_share_bp, provider_gain_cap_bp,
         provider_gain_cap_pence, provider_loss_cap_bp, provider_loss_cap_pence, set_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      orgId,
      input.financialYear,
      s.form,
      s.upliftBasisPoints,
      s.topSliceBasisPoints,
      s.earnBackRule,
      s.providerGainShareBasisPoints,
      s.providerLossShareBasisPoints,
      s.providerGainCapBasisPoints,
      s.providerGainCapPence,
      s.providerLossCapBasisPoints,
      s.providerLossCapPence,
      setBy,
    ],
  );
  await tx.query(
    `insert into mcp_spend_line (org_id, financial_year, position, contributor, service_line,
         base_year, amount_pence, aligned)
       select $1, $2, l.position - 1, l.contributor, l.service_line, l.base_year, l.amount,
              l.aligned
         from unnest($3::text[], $4::text[], $5::int[], $6::bigint[], $7::boolean[])
              with ordinality as l(contributor, service_line, base_year, amount, aligned, position)`,
    [
      orgId,
      input.financialYear,
      input.lines.map((l) => l.contributor),
      input.lines.map((l) => l.serviceLine),
      input.lines.map((l) => l.baseYear),
      input.lines.map((l) => l.amountPence),
      input.lines.map((l) => l.aligned),
    ],
  );
  await tx.query(
    `insert into mcp_quality_metric (org_id, financial_year, position, key, name, direction,
         floor_value, target_value, weight_percent, achieved, source)
       select $1, $2, m.position - 1, m.key, m.name, m.direction, m.floor, m.target, m.weight,
              m.achieved, m.source
         from unnest($3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::int[],
                     $9::float8[], $10::text[])
              with ordinality as m(key, name, direction, floor, target, weight, achieved, source,
                                   position)`,
    [
      orgId,
      input.financialYear,
      input.metrics.map((m) => m.key),
      input.metrics.map((m) => m.name),
      input.metrics.map((m) => m.direction),
      input.metrics.map((m) => m.floor),
      input.metrics.map((m) => m.target),
      input.metrics.map((m) => m.weightPercent),
      input.metrics.map((m) => (m.source === 'manual' ? m.achieved : null)),
      input.metrics.map((m) => m.source),
    ],
  );
  const actuals = Object.entries(input.actualPence);
  await tx.query(
    `insert into mcp_actual_spend (org_id, financial_year, contributor, amount_pence)
       select $1, $2, a.contributor, a.amount
         from unnest($3::text[], $4::bigint[]) as a(contributor, amount)`,
    [orgId, input.financialYear, actuals.map(([c]) => c), actuals.map(([, a]) => a)],
  );
}

interface YearRow {
  form: McpForm;
  upliftBp: number;
  topSliceBp: number;
  earnBackRule: 'linear' | 'all-or-nothing';
  gainBp: number;
  lossBp: number;
  gainCapBp: number | null;
  gainCapPence: number | null;
  lossCapBp: number | null;
  lossCapPence: number | null;
  setAt: string;
  setBy: string | null;
}

/**
 * MCP finance per organisation and financial year (POP-2): central finance and the
 * organisation's admin set the year (audited); those who may read it see the budget, pool,
 * earn-back and gain/loss share worked out by the domain, and may try what-ifs without saving.
 */
export function mcpBudgetRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;

  const load = async (q: Queryable, financialYear: number): Promise<McpBudgetYear> => {
    const { rows } = await q.query<YearRow>(
      `select y.form, y.uplift_bp as "upliftBp", y.top_slice_bp as "topSliceBp",
              y.earn_back_rule as "earnBackRule", y.provider_gain_share_bp as "gainBp",
              y.provider_loss_share_bp as "lossBp", y.provider_gain_cap_bp as "gainCapBp",
              y.provider_gain_cap_pence as "gainCapPence", y.provider_loss_cap_bp as "lossCapBp",
              y.provider_loss_cap_pence as "lossCapPence", ${isoTime('y.set_at')} as "setAt",
              u.display_name as "setBy"
         from mcp_budget_year y
         left join app_user u on u.org_id = y.org_id and u.id = y.set_by
        where y.org_id = $1 and y.financial_year = $2`,
      [orgId, financialYear],
    );
    const year = rows[0];
    if (!year) throw notFound(`The MCP budget for ${financialYearLabel(financialYear)}`);
    const { rows: lines } = await q.query<McpYearInput['lines'][number]>(
      `select contributor, service_line as "serviceLine", base_year as "baseYear",
              amount_pence as "amountPence", aligned
         from mcp_spend_line where org_id = $1 and financial_year = $2 order by position`,
      [orgId, financialYear],
    );
    const { rows: metrics } = await q.query<McpMetric>(
      `select key, name, direction, floor_value as floor, target_value as target,
              weight_percent as "weightPercent", achieved, source
         from mcp_quality_metric where org_id = $1 and financial_year = $2 order by position`,
      [orgId, financialYear],
    );
    const { rows: actuals } = await q.query<{ contributor: McpContributor; amountPence: number }>(
      `select contributor, amount_pence as "amountPence"
         from mcp_actual_spend where org_id = $1 and financial_year = $2`,
      [orgId, financialYear],
    );
    const today = dateInEngland(new Date());
    const end = financialYearDates(financialYear).to;
    const frailtyCarePlans = await frailtyCarePlanCoverage(q, orgId, today < end ? today : end);
    const input: McpYearInput = {
      financialYear,
      settings: {
        form: year.form,
        upliftBasisPoints: year.upliftBp,
        topSliceBasisPoints: year.topSliceBp,
        earnBackRule: year.earnBackRule,
        providerGainShareBasisPoints: year.gainBp,
        providerLossShareBasisPoints: year.lossBp,
        providerGainCapBasisPoints: year.gainCapBp,
        providerGainCapPence: year.gainCapPence,
        providerLossCapBasisPoints: year.lossCapBp,
        providerLossCapPence: year.lossCapPence,
      },
      lines,
      // A metric worked out from the registers takes its value from them, not from what was typed.
      metrics: metrics.map((m) =>
        m.source === 'frailty-care-plans' ? { ...m, achieved: frailtyCarePlans.percent } : m,
      ),
      actualPence: Object.fromEntries(actuals.map((a) => [a.contributor, a.amountPence])),
    };
    return {
      financialYear,
      label: financialYearLabel(financialYear),
      input,
      outcome: computeMcpYear(input),
      frailtyCarePlans,
      setAt: year.setAt,
      setBy: year.setBy,
    };
  };

  return {
    /** The years with an MCP budget set, latest first. */
    async years(): Promise<McpBudgetYearSummary[]> {
      access.reach('mcp-budget:read', 'see the MCP budget');
      const { rows } = await db.query<Omit<McpBudgetYearSummary, 'label'>>(
        `select financial_year as "financialYear", form, ${isoTime('set_at')} as "setAt"
           from mcp_budget_year where org_id = $1 order by financial_year desc`,
        [orgId],
      );
      return rows.map((r) => ({ ...r, label: financialYearLabel(r.financialYear) }));
    },

    /** A year worked out; 404 when none is set. */
    async get(financialYear: number): Promise<McpBudgetYear> {
      access.reach('mcp-budget:read', 'see the MCP budget');
      return load(db, checkedYear(financialYear, '/financialYear'));
    },

    /** The year with the what-if's changes, worked out and never saved. */
    async whatIf(
      financialYear: number,
      changes: unknown,
    ): Promise<{ input: McpYearInput; outcome: McpYearOutcome }> {
      access.reach('mcp-budget:read', 'see the MCP budget');
      const year = await load(db, checkedYear(financialYear, '/financialYear'));
      const whatIf = parseMcpWhatIf(
        changes,
        year.input.metrics.map((m) => m.key),
      );
      const input = applyMcpWhatIf(year.input, whatIf);
      return { input, outcome: computeMcpYear(input) };
    },

    /**
     * Sets a year: settings, spend lines, metrics and actual spend replace what it had, in one
     * transaction, audited. Only with the permission for the whole organisation.
     */
    async set(financialYear: number, body: unknown): Promise<McpBudgetYear> {
      access.requireOrganisation('mcp-budget:manage', 'set the MCP budget');
      const year = checkedYear(financialYear, '/financialYear');
      const input = parseMcpYear({ ...(body as object), financialYear: year });
      const s = input.settings;
      return db.transaction(async (tx) => {
        await tx.query('delete from mcp_budget_year where org_id = $1 and financial_year = $2', [
          orgId,
          year,
        ]);
        await insertMcpYear(tx, orgId, input, principal.userId);
        await writeAudit(tx, [
          access.audit('mcp-budget:manage', 'mcp-budget.set', 'mcp-budget-year', null, {
            reason:
              `${financialYearLabel(year)} ${s.form}: ${String(input.lines.length)} lines, ` +
              `${String(input.metrics.length)} metrics, top slice ${String(s.topSliceBasisPoints)} bp`,
          }),
        ]);
        return load(tx, year);
      });
    },
  };
}

/** The MCP budget repository a request handler is given. */
export type McpBudgetRepository = ReturnType<typeof mcpBudgetRepository>;
