import { apportion } from '../common/apportion.js';
import { demoFinance } from '../demo/finance.js';
import type { DemoPlan } from '../demo/types.js';
import { accountOf } from '../finance/accounts.js';
import { financialYearDates, financialYearOf } from '../finance/financial-year.js';
import { isPartnerGrade } from '../workforce/staff.js';
import { SESSIONS_PER_WTE } from '../workforce/resilience.js';
import { DEFAULT_ASSUMPTIONS, type Scenario, type ScenarioPractice } from './scenario.js';

/**
 * Accounts the simulation prices itself (locums, levy, recharges between members, the levy
 * received by the centre), so they are left out of a practice's starting income and costs.
 */
const SIMULATED_ACCOUNTS = new Set(['4060', '4070', '5010', '6030', '6040', '6050']);

/** Roles whose sessions count as GP capacity (those who see undiagnosed problems). */
const GP_LIKE = new Set(['gp', 'anp', 'physician-associate']);

/**
 * A scenario from a demo organisation's member practices, without a database: list sizes,
 * sites, partners and sessions from the plan; income and costs from its last full financial
 * year of ledger (a cost centre shared by merged practices is split by list size); the
 * default assumptions. What `npm run bench -- simulate` runs on the `ohp` demo.
 */
export function scenarioFromDemoPlan(plan: DemoPlan, name = plan.organisation.name): Scenario {
  const members = plan.practices.slice(0, plan.totals.memberPractices);
  const finance = demoFinance(plan);
  const year = financialYearOf(plan.today) - 1;
  const { from, to } = financialYearDates(year);
  const byCentre = new Map<string, { income: number; costs: number }>();
  for (const entry of finance.journal) {
    if (entry.entryDate < from || entry.entryDate > to) continue;
    for (const line of entry.lines) {
      const account = accountOf(line.accountCode);
      if (!account || SIMULATED_ACCOUNTS.has(account.code)) continue;
      const totals = byCentre.get(line.costCentreCode) ?? { income: 0, costs: 0 };
      if (account.kind === 'income') totals.income += line.creditPence - line.debitPence;
      if (account.kind === 'expenditure') totals.costs += line.debitPence - line.creditPence;
      byCentre.set(line.costCentreCode, totals);
    }
  }
  const centreOf = (practiceIndex: number): string | null => {
    let code: string | null = null;
    let since = '';
    for (const a of plan.costCentreAssignments) {
      if (a.practiceIndex === practiceIndex && a.effectiveFrom <= to && a.effectiveFrom >= since) {
        code = a.costCentreCode;
        since = a.effectiveFrom;
      }
    }
    return code;
  };
  const centres = members.map((p) => centreOf(p.index));
  const money = members.map(() => ({ income: 0, costs: 0 }));
  for (const code of new Set(centres)) {
    if (code === null) continue;
    const sharing = members.map((p, i) => (centres[i] === code ? p.listSize : 0));
    const totals = byCentre.get(code) ?? { income: 0, costs: 0 };
    const income = apportion(totals.income, sharing);
    const costs = apportion(totals.costs, sharing);
    members.forEach((_, i) => {
      if (centres[i] !== code) return;
      money[i] = { income: income[i] ?? 0, costs: costs[i] ?? 0 };
    });
  }
  const practices: ScenarioPractice[] = members.map((p, i) => {
    const staff = plan.staff.filter((s) => s.homePracticeIndex === p.index);
    const sessions = (roles: (role: string) => boolean) =>
      staff.filter((s) => roles(s.staffRole)).reduce((n, s) => n + s.contractedSessions, 0);
    const wte = (n: number) => Math.round((n / SESSIONS_PER_WTE) * 100) / 100;
    // Where a practice has no ledger (a form that keeps no cost centres), income and costs are
    // 0: the simulation's money then shows only what each form changes.
    const own = money[i] ?? { income: 0, costs: 0 };
    return {
      odsCode: p.odsCode,
      name: p.name,
      listSize: p.listSize,
      gpWte: wte(sessions((r) => GP_LIKE.has(r))),
      nurseWte: wte(sessions((r) => r === 'practice-nurse')),
      sites: p.sites.length,
      incomePence: own.income,
      costsPence: own.costs,
      partners: Math.max(
        1,
        staff.filter((s) => s.grade !== null && isPartnerGrade(s.grade)).length,
      ),
    };
  });
  return { name, practices, ...DEFAULT_ASSUMPTIONS };
}
