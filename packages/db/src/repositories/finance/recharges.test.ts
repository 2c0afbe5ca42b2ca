import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance-test-fixtures.js';
import { ledgerRepository } from './ledger.js';
import { rechargeRepository } from './recharges.js';

let t: TestDatabase;
let federation: FinanceTestOrganisation;
let partnership: FinanceTestOrganisation;

beforeAll(async () => {
  t = await createTestDatabase();
  federation = await createFinanceTestOrganisation(t.db, {
    listSizes: [8_000, 12_000, 5_000],
    form: 'federation',
  });
  partnership = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 12_000] });
});
afterAll(() => t.dispose());

const repo = (org: FinanceTestOrganisation, principal = org.finance) =>
  rechargeRepository(t.db, { principal, requestId: 'r' });
const practice = (org: FinanceTestOrganisation, i: number) => org.practiceIds[i] ?? '';

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const agreementInput = (org: FinanceTestOrganisation, change: object = {}) => ({
  providerPracticeId: practice(org, 1),
  recipientPracticeId: practice(org, 0),
  serviceName: 'Anticoagulation clinic',
  unit: 'appointment',
  unitPricePence: 2_503,
  vatTreatment: 'standard',
  startsOn: '2026-04-01',
  ...change,
});

describe('recharges in the database (FIN-5)', () => {
  it('makes agreements between two of its practices and names a bad field', async () => {
    const made = await repo(federation).createAgreement(agreementInput(federation));
    expect(made).toMatchObject({
      provider: { id: practice(federation, 1) },
      recipient: { id: practice(federation, 0) },
      unit: 'appointment',
      unitPricePence: 2_503,
      endsOn: null,
    });
    const bad: [object, string][] = [
      [{ recipientPracticeId: practice(federation, 1) }, '/recipientPracticeId'],
      [{ recipientPracticeId: practice(partnership, 0) }, '/recipientPracticeId'],
      [{ unitPricePence: 0 }, '/unitPricePence'],
      [{ unitPricePence: 12.5 }, '/unitPricePence'],
      [{ unit: 'Appointments!' }, '/unit'],
      [{ vatTreatment: 'outside-scope' }, '/vatTreatment'],
      [{ serviceName: '  ' }, '/serviceName'],
      [{ startsOn: '2026-02-30' }, '/startsOn'],
      [{ endsOn: '2026-03-31' }, '/endsOn'],
    ];
    for (const [change, field] of bad) {
      const error = await refusal(
        repo(federation).createAgreement(agreementInput(federation, change)),
      );
      expect(error.errors[0]?.field, JSON.stringify(change)).toBe(field);
    }
    const manager = await refusal(
      repo(federation, federation.manager).createAgreement(agreementInput(federation)),
    );
    expect(manager.code).toBe('forbidden');
  });

  it('invoices a month once, numbered, VAT per line, in both practices’ ledgers', async () => {
    const r = repo(federation);
    const clinic = await r.createAgreement(
      agreementInput(federation, { serviceName: 'Warfarin clinic', startsOn: '2026-05-01' }),
    );
    const pharmacist = await r.createAgreement(
      agreementInput(federation, {
        serviceName: 'Shared pharmacist',
        unit: 'session',
        unitPricePence: 18_001,
        vatTreatment: 'exempt',
        startsOn: '2026-05-01',
      }),
    );
    await r.recordUsage(clinic.id, { usedOn: '2026-05-04', quantity: 3 });
    await r.recordUsage(clinic.id, { usedOn: '2026-05-28', quantity: 4, note: 'Extra session' });
    await r.recordUsage(pharmacist.id, { usedOn: '2026-05-10', quantity: 2 });
    await r.recordUsage(clinic.id, { usedOn: '2026-06-01', quantity: 9 }); // next month
    // A mistake is removed before the run, and never charged.
    const typo = await r.recordUsage(clinic.id, { usedOn: '2026-05-05', quantity: 300 });
    await r.removeUsage(clinic.id, typo.id);
    expect((await refusal(r.removeUsage(clinic.id, typo.id))).code).toBe('not-found');
    const outside = await refusal(r.recordUsage(clinic.id, { usedOn: '2026-04-30', quantity: 1 }));
    expect(outside.errors[0]?.field).toBe('/usedOn');
    expect(
      (await refusal(r.recordUsage(clinic.id, { usedOn: '2026-05-04', quantity: 0 }))).errors[0]
        ?.field,
    ).toBe('/quantity');

    const run = await r.run({ month: '2026-05', issuedOn: '2026-06-02' });
    expect(run.created).toBe(1);
    expect(run.invoices).toHaveLength(1);
    const invoice = run.invoices[0];
    // 7 x £25.03 = £175.21, VAT 3,504.2p -> 3,504p; 2 x £180.01 exempt.
    expect(invoice).toMatchObject({
      invoiceNumber: 'RCH-2026-00001',
      periodLabel: 'May 2026',
      netPence: 17_521 + 36_002,
      vatPence: 3_504,
      grossPence: 17_521 + 36_002 + 3_504,
      dueOn: '2026-07-02',
      status: 'unpaid',
    });
    const detail = await r.invoice(invoice?.id ?? '');
    expect(detail.lines.map((l) => [l.quantity, l.netPence, l.vatTreatment, l.vatPence])).toEqual([
      // Lines by service name: "Shared pharmacist", then "Warfarin clinic".
      [2, 36_002, 'exempt', 0],
      [7, 17_521, 'standard', 3_504],
    ]);
    expect(detail.standardVatBasisPoints).toBe(2_000);

    // The provider earns the net, the recipient bears it as a cost.
    const pl = (centre: number) =>
      ledgerRepository(t.db, { principal: federation.finance, requestId: 'r' }).profitAndLoss({
        costCentreId: federation.costCentreIds[centre],
        from: '2026-06-01',
        to: '2026-06-30',
      });
    expect((await pl(1)).lines.find((l) => l.accountCode === '4070')?.amountPence).toBe(53_523);
    expect((await pl(0)).lines.find((l) => l.accountCode === '6050')?.amountPence).toBe(53_523);

    // Again: nothing new is charged, and the month's invoices come back.
    const again = await r.run({ month: '2026-05', issuedOn: '2026-06-03' });
    expect(again.created).toBe(0);
    expect(again.invoices.map((i) => i.id)).toEqual([invoice?.id]);
    // Usage recorded late is charged on a supplementary invoice, never the old usage again.
    await r.recordUsage(clinic.id, { usedOn: '2026-05-30', quantity: 1 });
    const late = await r.run({ month: '2026-05', issuedOn: '2026-06-05' });
    expect(late.created).toBe(1);
    expect(late.invoices.map((i) => [i.invoiceNumber, i.netPence])).toEqual([
      ['RCH-2026-00001', 53_523],
      ['RCH-2026-00002', 2_503],
    ]);
    const usage = await r.usage(clinic.id);
    expect(usage.map((u) => [u.usedOn, u.invoiceNumber])).toEqual([
      ['2026-05-04', 'RCH-2026-00001'],
      ['2026-05-28', 'RCH-2026-00001'],
      ['2026-05-30', 'RCH-2026-00002'],
      ['2026-06-01', null],
    ]);

    // Invoiced usage stays: the repository and the database both refuse to remove it.
    expect((await refusal(r.removeUsage(clinic.id, usage[0]?.id ?? ''))).code).toBe('conflict');
    await expect(
      t.db.query('delete from recharge_usage where id = $1', [usage[0]?.id]),
    ).rejects.toThrow(/invoiced/);
    await expect(
      t.db.query('update recharge_usage set quantity = 1 where id = $1', [usage[3]?.id]),
    ).rejects.toThrow(/never changed/);
    // The database refuses the same usage on a second invoice, whoever writes it.
    const first = usage[0]?.id ?? '';
    const sneaky = t.db.query(
      `insert into recharge_invoice_usage (usage_id, org_id, invoice_id, line_number)
       values ($1, $2, $3, 1)`,
      [first, federation.orgId, late.invoices[1]?.id],
    );
    await expect(sneaky).rejects.toThrow(/duplicate key|unique/);
    await expect(
      t.db.query('update recharge_invoice_line set net_pence = 1 where invoice_id = $1', [
        invoice?.id,
      ]),
    ).rejects.toThrow(/append-only/);

    // Paid once, in both ledgers.
    const paid = await r.markPaid(invoice?.id ?? '', { paidOn: '2026-06-20' });
    expect(paid).toMatchObject({ status: 'paid', paidOn: '2026-06-20' });
    expect((await refusal(r.markPaid(invoice?.id ?? '', { paidOn: '2026-06-21' }))).code).toBe(
      'conflict',
    );
    expect(
      (await refusal(r.markPaid(late.invoices[1]?.id ?? '', { paidOn: '2026-01-01' }))).errors[0]
        ?.field,
    ).toBe('/paidOn');
  });

  it('charges no VAT between cost centres of one super-partnership', async () => {
    const r = repo(partnership);
    const shared = await r.createAgreement(
      agreementInput(partnership, { serviceName: 'Shared HCA', unitPricePence: 1_000 }),
    );
    await r.recordUsage(shared.id, { usedOn: '2026-07-15', quantity: 5 });
    const run = await r.run({ month: '2026-07', issuedOn: '2026-08-01' });
    expect(run.invoices[0]).toMatchObject({ netPence: 5_000, vatPence: 0, grossPence: 5_000 });
    const detail = await r.invoice(run.invoices[0]?.id ?? '');
    expect(detail.lines[0]?.vatTreatment).toBe('outside-scope');
  });

  it('shows a practice only the recharges it is party to, and ends agreements once', async () => {
    const r = repo(federation);
    const between = await r.createAgreement(
      agreementInput(federation, {
        providerPracticeId: practice(federation, 1),
        recipientPracticeId: practice(federation, 2),
        serviceName: 'Not the manager’s',
      }),
    );
    await r.recordUsage(between.id, { usedOn: '2026-09-01', quantity: 1 });
    await r.run({ month: '2026-09', issuedOn: '2026-10-01' });
    const manager = repo(federation, federation.manager);
    const seen = await manager.agreements();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((a) => a.recipient.id === practice(federation, 0))).toBe(true);
    expect((await refusal(manager.usage(between.id))).code).toBe('not-found');
    const invoices = await manager.invoices();
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices.every((i) => i.recipient.id === practice(federation, 0))).toBe(true);
    const theirs = (await r.invoices({ month: '2026-09' }))[0]?.id ?? '';
    expect((await refusal(manager.invoice(theirs))).code).toBe('not-found');
    expect((await refusal(manager.run({ month: '2026-09' }))).code).toBe('forbidden');
    expect((await refusal(repo(partnership).invoice(theirs))).code).toBe('not-found');

    expect(
      (await refusal(r.endAgreement(between.id, { endsOn: '2026-08-31' }))).errors[0]?.field,
    ).toBe('/endsOn');
    const ended = await r.endAgreement(between.id, { endsOn: '2026-09-30' });
    expect(ended.endsOn).toBe('2026-09-30');
    expect((await refusal(r.endAgreement(between.id, { endsOn: '2026-10-31' }))).code).toBe(
      'conflict',
    );
    expect(
      (await refusal(r.recordUsage(between.id, { usedOn: '2026-10-01', quantity: 1 }))).errors[0]
        ?.field,
    ).toBe('/usedOn');
    expect((await r.agreements({ on: '2026-10-01' })).map((a) => a.id)).not.toContain(between.id);
  });

  it('refuses a month that is not one and an invoice date before the month', async () => {
    expect((await refusal(repo(federation).run({ month: '2026-13' }))).errors[0]?.field).toBe(
      '/month',
    );
    expect(
      (await refusal(repo(federation).run({ month: '2026-05', issuedOn: '2026-04-30' }))).errors[0]
        ?.field,
    ).toBe('/issuedOn');
  });
});
