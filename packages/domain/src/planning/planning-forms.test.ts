import { describe, expect, it } from 'vitest';
import {
  PLANNING_FORMS,
  formMoney,
  planningFormRules,
  type PlanningForm,
} from './planning-forms.js';
import { DEFAULT_ASSUMPTIONS, type MoneyModel } from './scenario.js';

// A constructed case, worked by hand below: two practices, round numbers (pence).
const money: MoneyModel = {
  ...DEFAULT_ASSUMPTIONS.money,
  levyPencePerPatient: 200,
  centralSavingsPencePerPatient: 250,
  centralCostPencePerPatient: 200,
  hubCostPencePerYear: 10_000_000,
  mouCostPencePerPractice: 300_000,
  sharedServiceVat: 'standard',
  vatBasisPoints: 2_000,
  externalLocumPencePerSession: 90_000,
  poolLocumPencePerSession: 70_000,
  mcpTopSlice: 0.03,
  mcpEarnBackTarget: 0.9,
};
const practices = [
  {
    listSize: 6_000,
    incomePence: 90_000_000,
    costsPence: 60_000_000,
    partners: 3,
    coveredSessions: 10,
    poolSessions: 6,
  },
  {
    listSize: 4_000,
    incomePence: 60_000_000,
    costsPence: 40_000_000,
    partners: 2,
    coveredSessions: 5,
    poolSessions: 3,
  },
];
const run = (form: PlanningForm, metShare = 1, m: MoneyModel = money) =>
  formMoney(planningFormRules(form), { money: m }, practices, metShare);

describe('the money of each form on a constructed case', () => {
  it('status quo: income less costs less external locums', () => {
    const [a, b] = run('status-quo');
    // 90m - 60m - 10 x 90,000; 60m - 40m - 5 x 90,000
    expect(a).toMatchObject({ profit: 29_100_000, profitPerPartner: 9_700_000, levy: 0, vat: 0 });
    expect(b).toMatchObject({ profit: 19_550_000, profitPerPartner: 9_775_000 });
  });

  it('federation: hub split by list, MOU costs, and VAT on both between separate businesses', () => {
    const [a, b] = run('federation');
    // Hub £100,000 split 6:4; VAT 20% on the hub share and on the £3,000 MOU.
    expect(a).toMatchObject({ hubCost: 6_000_000, mouCost: 300_000, vat: 1_260_000 });
    expect(a?.profit).toBe(30_000_000 - 900_000 - 6_000_000 - 300_000 - 1_260_000);
    expect(b).toMatchObject({ hubCost: 4_000_000, vat: 860_000, profit: 14_390_000 });
    // Exempt services bear no VAT.
    const [exempt] = run('federation', 1, { ...money, sharedServiceVat: 'exempt' });
    expect(exempt?.vat).toBe(0);
  });

  it('hub network: the hub and its VAT, no MOU', () => {
    const [a, b] = run('hub-network');
    expect(a).toMatchObject({ mouCost: 0, vat: 1_200_000, profit: 21_900_000 });
    expect(b).toMatchObject({ vat: 800_000, profit: 14_750_000 });
  });

  it('autonomy: each keeps its profit less the levy plus savings, pool then locums', () => {
    const [a, b] = run('autonomy-super-partnership');
    // 30m - levy 1.2m + savings 1.5m - (6 pool sessions x 70,000 + 4 locum x 90,000); no VAT
    // inside one partnership
    expect(a).toMatchObject({ levy: 1_200_000, savings: 1_500_000, locumCost: 780_000, vat: 0 });
    expect(a).toMatchObject({ profit: 29_520_000, profitPerPartner: 9_840_000 });
    expect(b).toMatchObject({ levy: 800_000, profit: 19_810_000, profitPerPartner: 9_905_000 });
  });

  it('integrated and pyramidal: central team off the top, profit pooled per partner', () => {
    for (const form of ['integrated-super-partnership', 'pyramidal-super-partnership'] as const) {
      const [a, b] = run(form);
      // (29.52m + 19.81m) / 5 partners
      expect(a).toMatchObject({ centralCost: 1_200_000, levy: 0, profitPerPartner: 9_866_000 });
      expect(a?.profit).toBe(3 * 9_866_000);
      expect(b?.profit).toBe(2 * 9_866_000);
    }
  });

  it('MCP: 3% top slice earned back in proportion to access against the target', () => {
    // Met 81% against a 90% target: 90% of the £45,000 top slice comes back.
    const [a, b] = run('mcp-fully-integrated', 0.81);
    expect(a).toMatchObject({ topSlice: 2_700_000, earnBack: 2_430_000 });
    expect(b).toMatchObject({ topSlice: 1_800_000, earnBack: 1_620_000 });
    expect(a?.profitPerPartner).toBe((49_330_000 - 4_500_000 + 4_050_000) / 5);
    // At or above the target all of it comes back.
    const [full] = run('mcp-fully-integrated', 0.95);
    expect(full?.earnBack).toBe(full?.topSlice);
  });

  it('pools capacity exactly where the form books at any site', () => {
    const pooled = PLANNING_FORMS.filter((f) => planningFormRules(f).capacity === 'pooled');
    expect(pooled).toEqual([
      'integrated-super-partnership',
      'pyramidal-super-partnership',
      'mcp-fully-integrated',
    ]);
  });
});
