import { describe, expect, it } from 'vitest';
import { accountOf } from '../finance/accounts.js';
import { ageingBucket } from '../finance/ageing.js';
import { RECORDED_SAVING_SERVICES } from '../finance/central-savings.js';
import { journalProblems } from '../finance/journal.js';
import { annualLevy } from '../finance/levy.js';
import { demoFinance, publicFiguresFor } from './finance.js';
import { demoPlan } from './plan.js';

describe('the demo finance data', () => {
  const plan = demoPlan({ scale: 'small', today: '2026-11-23' });
  const finance = demoFinance(plan);

  it('covers the financial year to today and the full year before', () => {
    expect(finance.from).toBe('2025-04-01');
    expect(finance.to).toBe('2026-11-23');
    const dates = finance.journal.map((e) => e.entryDate).sort();
    expect(dates[0]).toBe('2025-04-01');
    expect(dates.at(-1)?.localeCompare('2026-11-23')).toBeLessThanOrEqual(0);
  });

  it('balances every entry, on accounts of the chart', () => {
    expect(finance.journal.length).toBeGreaterThan(100);
    for (const entry of finance.journal) {
      const problems = journalProblems(
        entry.lines.map((l) => ({ ...l, costCentreId: l.costCentreCode })),
      );
      expect(problems).toEqual([]);
      expect(entry.lines.every((l) => accountOf(l.accountCode) !== undefined)).toBe(true);
    }
  });

  it('pays the global sum on the weighted list at the year’s public figure', () => {
    const first = plan.practices[0];
    const entry = finance.journal.find(
      (e) => e.entryDate === '2025-05-01' && e.description.endsWith(first?.name ?? '?'),
    );
    const globalSum = entry?.lines.find((l) => l.accountCode === '4000')?.creditPence ?? 0;
    const weighted = finance.weightedListSizes
      .filter((w) => w.practiceIndex === 0 && w.date <= '2025-05-01')
      .at(-1)?.weightedListSize;
    expect(weighted).toBeGreaterThan(0);
    expect(globalSum).toBe(Math.round(((weighted ?? 0) * 12_179) / 12));
    expect(publicFiguresFor(2026).globalSumPencePerWeightedPatient).toBe(12_179);
    expect(publicFiguresFor(2024).qofPencePerPoint).toBe(22_062);
  });

  it('keeps each practice profitable but not implausibly so', () => {
    const byCentre = new Map<string, { income: number; costs: number }>();
    for (const e of finance.journal) {
      for (const l of e.lines) {
        const kind = accountOf(l.accountCode)?.kind;
        const sums = byCentre.get(l.costCentreCode) ?? { income: 0, costs: 0 };
        if (kind === 'income') sums.income += l.creditPence - l.debitPence;
        if (kind === 'expenditure') sums.costs += l.debitPence - l.creditPence;
        byCentre.set(l.costCentreCode, sums);
      }
    }
    for (const p of plan.practices.slice(0, plan.totals.memberPractices)) {
      const sums = byCentre.get(p.odsCode);
      const margin = sums ? (sums.income - sums.costs) / sums.income : 0;
      expect(margin).toBeGreaterThan(0.1);
      expect(margin).toBeLessThan(0.5);
    }
  });

  it('runs the £2 levy quarterly with a central cost centre, some invoices unpaid', () => {
    expect(finance.settings).toMatchObject({
      pencePerPatientPerYear: 200,
      basis: 'registered-list',
      centralCostCentre: { code: 'CENTRAL' },
    });
    expect(
      finance.levyRuns.map((r) => `${String(r.financialYear)}/${String(r.periodNumber)}`),
    ).toEqual(['2025/1', '2025/2', '2025/3', '2025/4', '2026/1', '2026/2', '2026/3']);
    const invoices = finance.levyRuns.flatMap((r) => r.invoices);
    expect(invoices.some((i) => i.paidOn === null)).toBe(true);
    expect(invoices.filter((i) => i.paidOn !== null).length).toBeGreaterThan(invoices.length / 2);
    // Every service recorded by hand (the locum pool's saving comes from the rota).
    expect(new Set(finance.savings.map((s) => s.service)).size).toBe(
      RECORDED_SAVING_SERVICES.length,
    );
  });

  it('has payments matched, late, missing in every ageing bucket, and two for review', () => {
    const received = finance.receivedPayments;
    const matched = new Set(received.flatMap((r) => (r.match ? [r.match.expectedIndex] : [])));
    expect(matched.size).toBeGreaterThan(finance.expectedPayments.length * 0.8);
    expect(received.filter((r) => r.match === null)).toHaveLength(2);
    const late = received.filter((r) => {
      const e = r.match ? finance.expectedPayments[r.match.expectedIndex] : undefined;
      return (
        e !== undefined &&
        r.receivedOn > e.dueOn &&
        Date.parse(r.receivedOn) - Date.parse(e.dueOn) >= 20 * 86_400_000
      );
    });
    expect(late.length).toBeGreaterThan(0);
    const outstanding = finance.expectedPayments.filter((_, i) => !matched.has(i));
    const buckets = new Set(outstanding.map((e) => ageingBucket(e.dueOn, finance.to)));
    for (const b of ['not-due', '1-30', '31-60', '61-90', 'over-90']) expect(buckets).toContain(b);
    expect(outstanding.some((e) => e.ownerKey === 'finance')).toBe(true);
    expect(finance.chases.length).toBeGreaterThan(0);
  });

  it('charges the ohp demo £2 x 340,000 = £680,000 a year on its latest count', () => {
    const ohp = demoPlan({ scale: 'ohp' });
    const latest = demoFinance(ohp).levyRuns.at(-1);
    const listOn = (index: number, date: string) =>
      ohp.practices[index]?.listSizes.filter((c) => c.date <= date).at(-1)?.listSize ?? 0;
    const patients = (latest?.invoices ?? []).reduce(
      (sum, i) => sum + listOn(i.practiceIndex, latest?.issuedOn ?? ''),
      0,
    );
    expect(latest?.issuedOn).toBe('2026-10-01');
    expect(latest?.invoices).toHaveLength(40);
    expect(patients).toBe(340_000);
    expect(annualLevy(200, patients)).toBe(68_000_000);
  });

  it('is the same from the same seed, and keeps no ledger where there are no cost centres', () => {
    expect(demoFinance(demoPlan({ scale: 'small', today: '2026-11-23' }))).toEqual(finance);
    const federation = demoFinance(demoPlan({ scale: 'tiny', form: 'federation' }));
    expect(federation.journal).toEqual([]);
    expect(federation.levyRuns).toEqual([]);
    expect(federation.expectedPayments.length).toBeGreaterThan(0);
  });
});
