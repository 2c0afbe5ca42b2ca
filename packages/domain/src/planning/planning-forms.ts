import { apportion } from '../common/apportion.js';
import { annualLevy } from '../finance/levy.js';
import type { Pence } from '../finance/money.js';
import { rechargeVatTreatment } from '../finance/recharge.js';
import { vatOnLine } from '../finance/vat.js';
import { policyFor, type FormPolicy } from '../org/form-policy.js';
import { ORGANISATION_FORM_LABELS } from '../org/organisation-forms.js';
import type { Scenario } from './scenario.js';

/** The forms the planner compares (PLAN-1): each practice alone, then the forms of DOMAIN.md. */
export const PLANNING_FORMS = [
  'status-quo',
  'federation',
  'hub-network',
  'integrated-super-partnership',
  'autonomy-super-partnership',
  'pyramidal-super-partnership',
  'mcp-fully-integrated',
] as const;
/** A form the planner compares. */
export type PlanningForm = (typeof PLANNING_FORMS)[number];

/** How a form works, as the simulation and the money need it. */
export interface PlanningFormRules {
  readonly form: PlanningForm;
  readonly label: string;
  /** The organisation form's policy (null for the status quo, which is no organisation). */
  readonly policy: FormPolicy | null;
  /** Capacity pooled across practices (any-site booking) or each practice's own. */
  readonly capacity: 'pooled' | 'per-practice';
  /** Same-day requests a practice cannot meet overflow to a shared hub. */
  readonly hub: 'none' | 'shared' | 'fair-shares-with-threshold';
  /** Who triages: each practice, or a central telephone-first call centre. */
  readonly triage: 'practice' | 'central-telephone';
  /** Who fills lost sessions: external locums, or a pool (then external locums) . */
  readonly cover: 'external-locums' | 'pool';
  /** Money: levy per patient to the centre, central savings, central team paid off the top. */
  readonly levy: boolean;
  readonly centralSavings: boolean;
  readonly centralCostOffTheTop: boolean;
  readonly mouCosts: boolean;
  readonly hubCosts: boolean;
  /** MCP: the budget is top-sliced and earned back on quality. */
  readonly topSlice: boolean;
  /** What the form assumes, in a sentence for the report. */
  readonly summary: string;
}

/** The rules of every form. Pooling follows the form's own any-site booking rule (FormPolicy). */
export function planningFormRules(form: PlanningForm): PlanningFormRules {
  if (form === 'status-quo') {
    return {
      form,
      label: 'Status quo (each practice alone)',
      policy: null,
      capacity: 'per-practice',
      hub: 'none',
      triage: 'practice',
      cover: 'external-locums',
      levy: false,
      centralSavings: false,
      centralCostOffTheTop: false,
      mouCosts: false,
      hubCosts: false,
      topSlice: false,
      summary:
        'Each practice triages and books its own patients into its own sessions; lost sessions are partly filled by external locums.',
    };
  }
  const policy = policyFor(form);
  const pooled = policy.bookAtAnySite;
  const base = {
    form,
    label: ORGANISATION_FORM_LABELS[form],
    policy,
    capacity: pooled ? ('pooled' as const) : ('per-practice' as const),
    hub: 'none' as const,
    triage: 'practice' as const,
    cover: 'pool' as const,
    levy: false,
    centralSavings: false,
    centralCostOffTheTop: policy.profit === 'pooled',
    mouCosts: false,
    hubCosts: false,
    topSlice: false,
  };
  switch (form) {
    case 'federation':
      return {
        ...base,
        hub: 'shared',
        cover: 'external-locums',
        mouCosts: true,
        hubCosts: true,
        summary:
          'Practices keep their own sessions and share a hub for same-day overflow under an MOU; the hub is a service between separate businesses, so VAT applies.',
      };
    case 'hub-network':
      return {
        ...base,
        hub: 'fair-shares-with-threshold',
        cover: 'external-locums',
        hubCosts: true,
        summary:
          'Same-day overflow goes to a hub, each practice first within its fair share by list size and only after its agreed in-house threshold; unused shares are released.',
      };
    case 'integrated-super-partnership':
      return {
        ...base,
        centralSavings: true,
        summary:
          'One partnership: capacity pooled across every site (any patient, any site), profit pooled after the central team; the pooled workforce covers absences.',
      };
    case 'autonomy-super-partnership':
      return {
        ...base,
        levy: true,
        centralSavings: true,
        summary:
          'Each practice keeps its own sessions and profit, pays the per-patient levy and gets the central savings back; the internal locum pool covers absences.',
      };
    case 'pyramidal-super-partnership':
      return {
        ...base,
        triage: 'central-telephone',
        centralSavings: true,
        summary:
          'Every clinical request is triaged first by telephone from a central call centre; a share converts to face to face, booked at any site; profit pooled.',
      };
    case 'mcp-fully-integrated':
      return {
        ...base,
        centralSavings: true,
        topSlice: true,
        summary:
          'One MCP contract: capacity pooled, the budget top-sliced and earned back on access (simplified: earn-back in proportion to requests met within their window against a target).',
      };
  }
}

/** What a practice used and was, for the money of one simulated year. */
export interface PracticeYear {
  readonly listSize: number;
  readonly incomePence: Pence;
  readonly costsPence: Pence;
  readonly partners: number;
  /** Sessions filled by locums or the pool in the year. */
  readonly coveredSessions: number;
  /** Of those, sessions the pool filled (the rest were external locums). */
  readonly poolSessions: number;
}

/** One practice's money under a form for a year (pence). */
export interface PracticeMoney {
  readonly levy: Pence;
  readonly savings: Pence;
  readonly vat: Pence;
  readonly hubCost: Pence;
  readonly mouCost: Pence;
  readonly centralCost: Pence;
  readonly locumCost: Pence;
  readonly topSlice: Pence;
  readonly earnBack: Pence;
  /** Its partners' profit: its own where profit is per practice, its partners' share where pooled. */
  readonly profit: Pence;
  readonly profitPerPartner: Pence;
}

/**
 * The money of a year under a form (PLAN-1), per practice, from the same rules the finance
 * capability uses: the levy is `annualLevy` on the list; shared costs are split by list with
 * `apportion` (to the penny); VAT on a service between members follows `rechargeVatTreatment`
 * (taxable only between separate businesses) at `vatOnLine`'s half-up rounding. Where profit is
 * pooled the central team comes off the top and the pool is shared per partner.
 *
 * `metShare` is the share of requests dealt with within their window, which the MCP's earn-back
 * is scored on (a simplification: real MCP contracts score a basket of quality metrics).
 */
export function formMoney(
  rules: PlanningFormRules,
  scenario: Pick<Scenario, 'money'>,
  practices: readonly PracticeYear[],
  metShare: number,
): PracticeMoney[] {
  const m = scenario.money;
  const lists = practices.map((p) => p.listSize);
  const separateBusinesses = rules.policy?.vatOnServicesBetweenMembers ?? false;
  const vatTreatment = rechargeVatTreatment(separateBusinesses, m.sharedServiceVat);
  const hubShares = rules.hubCosts ? apportion(m.hubCostPencePerYear, lists) : lists.map(() => 0);
  const budget = practices.reduce((s, p) => s + p.incomePence, 0);
  const topSliceTotal = rules.topSlice ? Math.round(budget * m.mcpTopSlice) : 0;
  const earnBackShare =
    m.mcpEarnBackTarget > 0 ? Math.min(1, Math.max(0, metShare / m.mcpEarnBackTarget)) : 1;
  const earnBackTotal = Math.round(topSliceTotal * earnBackShare);
  // The top slice is taken from, and earned back to, practices in proportion to their income.
  const incomes = practices.map((p) => p.incomePence);
  const topSlices = rules.topSlice ? apportion(topSliceTotal, incomes) : lists.map(() => 0);
  const earnBacks = rules.topSlice ? apportion(earnBackTotal, incomes) : lists.map(() => 0);

  const own = practices.map((p, i) => {
    // Only a form with a pool has pool sessions; the rest were external locums.
    const pooled = rules.cover === 'pool' ? Math.min(p.poolSessions, p.coveredSessions) : 0;
    const hubNet = hubShares[i] ?? 0;
    const hubVat = vatOnLine(hubNet, vatTreatment, m.vatBasisPoints);
    const mouNet = rules.mouCosts ? m.mouCostPencePerPractice : 0;
    const mouVat = vatOnLine(mouNet, vatTreatment, m.vatBasisPoints);
    const parts = {
      levy: rules.levy ? annualLevy(m.levyPencePerPatient, p.listSize) : 0,
      savings: rules.centralSavings ? m.centralSavingsPencePerPatient * p.listSize : 0,
      vat: hubVat + mouVat,
      hubCost: hubNet,
      mouCost: mouNet,
      centralCost: rules.centralCostOffTheTop ? m.centralCostPencePerPatient * p.listSize : 0,
      locumCost: Math.round(
        pooled * m.poolLocumPencePerSession +
          (p.coveredSessions - pooled) * m.externalLocumPencePerSession,
      ),
      topSlice: topSlices[i] ?? 0,
      earnBack: earnBacks[i] ?? 0,
    };
    const profit =
      p.incomePence -
      p.costsPence -
      parts.levy +
      parts.savings -
      parts.vat -
      parts.hubCost -
      parts.mouCost -
      parts.centralCost -
      parts.locumCost -
      parts.topSlice +
      parts.earnBack;
    return { ...parts, profit };
  });
  if (rules.policy?.profit !== 'pooled') {
    return own.map((o, i) => ({
      ...o,
      profitPerPartner: Math.round(o.profit / (practices[i]?.partners ?? 1)),
    }));
  }
  // Pooled: one profit, shared equally per partner (parity; the glide path is left out).
  const pool = own.reduce((s, o) => s + o.profit, 0);
  const partners = practices.reduce((s, p) => s + p.partners, 0);
  const perPartner = Math.round(pool / partners);
  return own.map((o, i) => ({
    ...o,
    profit: perPartner * (practices[i]?.partners ?? 0),
    profitPerPartner: perPartner,
  }));
}
