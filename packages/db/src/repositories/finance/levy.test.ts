import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { financeSettingsRepository, type FinanceSettingsInput } from './finance-settings.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { ledgerRepository } from './ledger.js';
import { levyRepository } from './levy.js';
import { savingsRepository } from './savings.js';

let t: TestDatabase;
let org: FinanceTestOrganisation;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_001, 5_000] });
});
afterAll(() => t.dispose());

const scope = (principal: Principal) => ({ principal, requestId: 'r' });
const settingsFor = (o: FinanceTestOrganisation, change: Partial<FinanceSettingsInput> = {}) =>
  financeSettingsRepository(t.db, scope(o.finance)).save({
    pencePerPatientPerYear: 200,
    basis: 'registered-list',
    frequency: 'quarterly',
    vatTreatment: 'outside-scope',
    paymentTermsDays: 30,
    standardVatBasisPoints: 2_000,
    invoicePrefix: 'LEVY',
    centralCostCentreId: o.centralCostCentreId,
    ...change,
  });

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('finance settings', () => {
  it('defaults to the form’s levy (£2.00 for the autonomy form) until saved', async () => {
    const settings = await financeSettingsRepository(t.db, scope(org.manager)).get();
    expect(settings).toMatchObject({
      pencePerPatientPerYear: 200,
      saved: false,
      vatTreatment: 'outside-scope',
      centralCostCentre: null,
    });
    expect(settings.defaultLevyWhy).toContain('£2');
  });

  it('saves central finance’s settings and refuses bad ones by field', async () => {
    const saved = await settingsFor(org);
    expect(saved).toMatchObject({ saved: true, centralCostCentre: { code: 'CENTRAL' } });
    expect((await refusal(settingsFor(org, { basis: 'guess' }))).errors[0]?.field).toBe('/basis');
    expect(
      (await refusal(settingsFor(org, { pencePerPatientPerYear: 2.5 }))).errors[0]?.field,
    ).toBe('/pencePerPatientPerYear');
    expect(
      (
        await refusal(
          settingsFor(org, { centralCostCentreId: '00000000-0000-4000-8000-000000000000' }),
        )
      ).errors[0]?.field,
    ).toBe('/centralCostCentreId');
    const manager = financeSettingsRepository(t.db, scope(org.manager));
    expect(
      (await refusal(manager.save({ ...saved, centralCostCentreId: null, invoicePrefix: 'X' })))
        .code,
    ).toBe('forbidden');
  });
});

describe('the levy run', () => {
  it('invoices each practice its quarter, numbered without gaps, in both ledgers; once', async () => {
    const levy = levyRepository(t.db, scope(org.finance));
    const first = await levy.run({ financialYear: 2026, periodNumber: 1, issuedOn: '2026-04-01' });
    expect(first.created).toBe(true);
    expect(first.run).toMatchObject({ from: '2026-04-01', to: '2026-06-30', label: 'Q1 2026/27' });
    // 12,001 x 200p = 2,400,200p a year: quarters of 600,050p.
    expect(
      first.invoices.map((i) => [i.practice.name, i.netPence, i.invoiceNumber, i.dueOn]),
    ).toEqual([
      ['Practice 1', 400_000, 'LEVY-2026-00001', '2026-05-01'],
      ['Practice 2', 600_050, 'LEVY-2026-00002', '2026-05-01'],
      ['Practice 3', 250_000, 'LEVY-2026-00003', '2026-05-01'],
    ]);
    expect(first.totals.netPence).toBe(1_250_050);
    const again = await levy.run({ financialYear: 2026, periodNumber: 1, issuedOn: '2026-04-02' });
    expect(again.created).toBe(false);
    expect(again.invoices.map((i) => i.id)).toEqual(first.invoices.map((i) => i.id));
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from levy_invoice where org_id = $1',
      [org.orgId],
    );
    expect(rows[0]?.n).toBe(3);
    const second = await levy.run({ financialYear: 2026, periodNumber: 2, issuedOn: '2026-07-01' });
    expect(second.invoices.map((i) => i.invoiceNumber)).toEqual([
      'LEVY-2026-00004',
      'LEVY-2026-00005',
      'LEVY-2026-00006',
    ]);
    const ledger = ledgerRepository(t.db, scope(org.finance));
    const year = { from: '2026-04-01', to: '2027-03-31' };
    const practice = await ledger.profitAndLoss({ costCentreId: org.costCentreIds[1], ...year });
    expect(practice.totals.expenditurePence).toBe(1_200_100);
    const centre = await ledger.profitAndLoss({ costCentreId: org.centralCostCentreId, ...year });
    expect(centre.totals.incomePence).toBe(2_500_100);
  });

  it('refuses a period of another frequency that overlaps a run, and a bad period number', async () => {
    await settingsFor(org, { frequency: 'monthly' });
    const levy = levyRepository(t.db, scope(org.finance));
    expect((await refusal(levy.run({ financialYear: 2026, periodNumber: 2 }))).code).toBe(
      'conflict',
    );
    expect(
      (await refusal(levy.run({ financialYear: 2026, periodNumber: 13 }))).errors[0]?.field,
    ).toBe('/periodNumber');
    await settingsFor(org);
  });

  it('charges VAT per the settings, shown separately, and records payment in both ledgers', async () => {
    const vat = await createFinanceTestOrganisation(t.db, { listSizes: [10_001] });
    await settingsFor(vat, { vatTreatment: 'standard', frequency: 'annually' });
    const levy = levyRepository(t.db, scope(vat.finance));
    const run = await levy.run({ financialYear: 2026, periodNumber: 1, issuedOn: '2026-04-10' });
    const [invoice] = run.invoices;
    expect(invoice).toMatchObject({
      netPence: 2_000_200,
      vatPence: 400_040,
      grossPence: 2_400_240,
    });
    const paid = await levy.markPaid(invoice?.id ?? '', { paidOn: '2026-05-01' });
    expect(paid).toMatchObject({ status: 'paid', paidOn: '2026-05-01' });
    expect((await refusal(levy.markPaid(invoice?.id ?? '', { paidOn: '2026-05-02' }))).code).toBe(
      'conflict',
    );
    const { rows } = await t.db.query<{ account: string; balance: number }>(
      `select account_code as account, sum(debit_pence - credit_pence)::bigint as balance
         from journal_line where org_id = $1 group by account_code order by account_code`,
      [vat.orgId],
    );
    // Debtors and creditors settled; the bank moved the gross from practice to centre.
    expect(Object.fromEntries(rows.map((r) => [r.account, r.balance]))).toEqual({
      '1000': 0,
      '1100': 0,
      '1200': 400_040,
      '2100': 0,
      '2200': -400_040,
      '4060': -2_000_200,
      '6030': 2_000_200,
    });
    const detail = await levy.invoice(invoice?.id ?? '');
    expect(detail.lines).toEqual([
      expect.objectContaining({ quantity: 10_001, netPence: 2_000_200, vatPence: 400_040 }),
    ]);
  });

  it('shows a practice manager only their practice’s invoices', async () => {
    const mine = await levyRepository(t.db, scope(org.manager)).invoices();
    expect(new Set(mine.map((i) => i.practice.id))).toEqual(new Set([org.practiceIds[0]]));
    const theirs = (await levyRepository(t.db, scope(org.finance)).invoices()).find(
      (i) => i.practice.id === org.practiceIds[1],
    );
    expect(
      (await refusal(levyRepository(t.db, scope(org.manager)).invoice(theirs?.id ?? ''))).code,
    ).toBe('not-found');
    expect(
      (
        await refusal(
          levyRepository(t.db, scope(org.manager)).run({ financialYear: 2026, periodNumber: 3 }),
        )
      ).code,
    ).toBe('forbidden');
  });

  it('refuses a run while a member practice has no cost centre, charging nothing', async () => {
    const gap = await createFinanceTestOrganisation(t.db, { listSizes: [100, 200] });
    await settingsFor(gap);
    await t.db.query(
      `insert into practice (org_id, ods_code, name) values ($1, 'Y90001', 'Newcomer Surgery')`,
      [gap.orgId],
    );
    const error = await refusal(
      levyRepository(t.db, scope(gap.finance)).run({ financialYear: 2026, periodNumber: 1 }),
    );
    expect(error.code).toBe('conflict');
    expect(error.detail).toContain('Newcomer Surgery');
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from journal_entry where org_id = $1',
      [gap.orgId],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('totals rate x list over a year for random lists and rates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.constantFrom('monthly', 'quarterly', 'annually'),
        async (lists, rate, frequency) => {
          const o = await createFinanceTestOrganisation(t.db, { listSizes: lists });
          await settingsFor(o, { pencePerPatientPerYear: rate, frequency });
          const levy = levyRepository(t.db, scope(o.finance));
          const periods = frequency === 'monthly' ? 12 : frequency === 'quarterly' ? 4 : 1;
          let total = 0;
          for (let n = 1; n <= periods; n += 1) {
            total += (
              await levy.run({ financialYear: 2026, periodNumber: n, issuedOn: '2026-04-01' })
            ).totals.netPence;
          }
          expect(total).toBe(rate * lists.reduce((a, b) => a + b, 0));
          const { rows } = await t.db.query<{ n: number; max: number }>(
            `select count(*)::int as n, coalesce(max(sequence), 0)::int as max
               from levy_invoice where org_id = $1`,
            [o.orgId],
          );
          expect(rows[0]?.max).toBe(rows[0]?.n);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('bills the ohp-scale list of 340,000 patients £680,000 a year at £2', async () => {
    // 34 practices of 10,000 patients: the size of the ohp demo, from list sizes in the data.
    const ohp = await createFinanceTestOrganisation(t.db, {
      listSizes: Array.from({ length: 34 }, () => 10_000),
    });
    const settings = await settingsFor(ohp, { frequency: 'annually' });
    expect(settings.pencePerPatientPerYear).toBe(200);
    const run = await levyRepository(t.db, scope(ohp.finance)).run({
      financialYear: 2026,
      periodNumber: 1,
      issuedOn: '2026-04-01',
    });
    expect(run.totals.listSize).toBe(340_000);
    expect(run.totals.netPence).toBe(68_000_000);
    const report = await savingsRepository(t.db, scope(ohp.finance)).levyVsSavings({
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(report.total.levyPence).toBe(68_000_000);
  });
});

describe('savings against the levy', () => {
  it('records savings per practice and reports levy against them with the total', async () => {
    const savings = savingsRepository(t.db, scope(org.finance));
    await savings.record({
      practiceId: org.practiceIds[0] ?? '',
      service: 'indemnity-group-deal',
      periodFrom: '2026-04-01',
      periodTo: '2027-03-31',
      amountPence: 1_000_000,
      note: 'MDO group rate',
    });
    await savings.record({
      practiceId: org.practiceIds[1] ?? '',
      service: 'banking',
      periodFrom: '2026-05-01',
      periodTo: '2026-05-31',
      amountPence: 250_000,
    });
    expect(
      (
        await refusal(
          savings.record({
            practiceId: org.practiceIds[1] ?? '',
            service: 'banking',
            periodFrom: '2026-05-01',
            periodTo: '2026-05-31',
            amountPence: 12.5,
          }),
        )
      ).errors[0]?.field,
    ).toBe('/amountPence');
    const report = await savings.levyVsSavings({ from: '2026-04-01', to: '2027-03-31' });
    const first = report.practices.find((p) => p.practice.id === org.practiceIds[0]);
    expect(first).toMatchObject({
      levyPence: 800_000,
      savingsPence: 1_000_000,
      netBenefitPence: 200_000,
    });
    expect(first?.savingsByService['indemnity-group-deal']).toBe(1_000_000);
    expect(report.total.levyPence).toBe(2_500_100);
    expect(report.total.savingsPence).toBe(1_250_000);
    expect(report.total.netBenefitPence).toBe(1_250_000 - 2_500_100);
    const mine = await savingsRepository(t.db, scope(org.manager)).levyVsSavings({
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(mine.practices.map((p) => p.practice.id)).toEqual([org.practiceIds[0]]);
    expect(mine.total.savingsPence).toBe(1_000_000);
    expect(
      (
        await refusal(
          savingsRepository(t.db, scope(org.manager)).record({
            practiceId: org.practiceIds[0] ?? '',
            service: 'banking',
            periodFrom: '2026-04-01',
            periodTo: '2026-04-30',
            amountPence: 1,
          }),
        )
      ).code,
    ).toBe('forbidden');
  });

  it('works the locum pool’s saving out from the rota, and refuses it by hand', async () => {
    const practiceId = org.practiceIds[2] ?? '';
    const { rows: sites } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, is_main) values ($1, $2, 'Pool test site', true)
       returning id`,
      [org.orgId, practiceId],
    );
    const { rows: staff } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, grade, employing_body)
       values ($1, 'Dr Pool', 'gp', 'salaried-gp', 'organisation') returning id`,
      [org.orgId],
    );
    const staffId = staff[0]?.id ?? '';
    await t.db.query(
      `insert into pool_member (org_id, staff_id, pool, max_sessions_per_week, pence_per_session, joined_on)
       values ($1, $2, 'locum', 6, 62000, '2026-01-01')`,
      [org.orgId, staffId],
    );
    // Two sessions filled from the pool in the year, one outside it, one rostered normally.
    for (const [day, source] of [
      ['2026-06-01', 'pool'],
      ['2026-09-14', 'pool'],
      ['2027-06-01', 'pool'],
      ['2026-10-05', 'rota'],
    ] as const) {
      const { rows: sessions } = await t.db.query<{ id: string }>(
        `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
         values ($1, $2, $3::date + time '08:30', $3::date + time '12:30', 'am', 'gp')
         returning id`,
        [org.orgId, sites[0]?.id, day],
      );
      await t.db.query(
        `insert into session_assignment (org_id, session_id, staff_id, source)
         values ($1, $2, $3, $4)`,
        [org.orgId, sessions[0]?.id, staffId, source],
      );
    }
    const savings = savingsRepository(t.db, scope(org.finance));
    const report = await savings.levyVsSavings({ from: '2026-04-01', to: '2027-03-31' });
    const row = report.practices.find((p) => p.practice.id === practiceId);
    // Two sessions at the default external rate (£900) less the pool rate (£620).
    expect(row?.savingsByService['locum-pool']).toBe(2 * (90_000 - 62_000));
    expect(report.total.savingsByService['locum-pool']).toBe(56_000);
    const refused = await refusal(
      savings.record({
        practiceId,
        service: 'locum-pool',
        periodFrom: '2026-04-01',
        periodTo: '2026-04-30',
        amountPence: 100,
      }),
    );
    expect(refused.errors[0]?.field).toBe('/service');
  });
});
