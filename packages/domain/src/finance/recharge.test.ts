import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORM_POLICIES } from '../org/form-policy.js';
import type { OrganisationForm } from '../org/organisation-forms.js';
import { invoiceChargeLines, invoicePaymentLines } from './invoice-journal.js';
import { journalProblems } from './journal.js';
import {
  rechargeInvoiceDrafts,
  rechargeMonth,
  rechargeVatTreatment,
  type RechargeAgreementTerms,
} from './recharge.js';

const agreement = (
  id: string,
  provider: string,
  recipient: string,
  unitPricePence: number,
  vatTreatment: 'exempt' | 'standard' = 'standard',
): RechargeAgreementTerms => ({
  id,
  providerPracticeId: provider,
  recipientPracticeId: recipient,
  serviceName: `Service ${id}`,
  unit: 'appointment',
  unitPricePence,
  vatTreatment,
});

describe('which VAT a recharge bears', () => {
  it('is outside the scope inside one partnership and the service’s own between separate businesses', () => {
    expect(rechargeVatTreatment(false, 'standard')).toBe('outside-scope');
    expect(rechargeVatTreatment(false, 'exempt')).toBe('outside-scope');
    expect(rechargeVatTreatment(true, 'standard')).toBe('standard');
    expect(rechargeVatTreatment(true, 'exempt')).toBe('exempt');
  });

  it('follows each form’s policy: a federation charges VAT, a super-partnership does not', () => {
    const of = (form: OrganisationForm) =>
      rechargeVatTreatment(FORM_POLICIES[form].vatOnServicesBetweenMembers, 'standard');
    expect(of('federation')).toBe('standard');
    expect(of('hub-network')).toBe('standard');
    expect(of('autonomy-super-partnership')).toBe('outside-scope');
    expect(of('integrated-super-partnership')).toBe('outside-scope');
    expect(of('mcp-fully-integrated')).toBe('outside-scope');
  });
});

describe('recharge months', () => {
  it('run from the first to the last day, in the financial year of their first day', () => {
    expect(rechargeMonth('2027-02')).toEqual({
      month: '2027-02',
      from: '2027-02-01',
      to: '2027-02-28',
      label: 'February 2027',
      financialYear: 2026,
    });
    expect(rechargeMonth('2028-02').to).toBe('2028-02-29');
    expect(rechargeMonth('2026-04').financialYear).toBe(2026);
  });

  it('refuses what is not a month, naming the field', () => {
    for (const bad of ['2026-13', '2026-00', '2026-5', 'May 2026', '1999-12']) {
      expect(() => rechargeMonth(bad, '/month')).toThrow(/\/month/);
    }
  });
});

describe('recharge invoice arithmetic', () => {
  it('groups usage per agreement into lines, one invoice per pair, VAT per line half up', () => {
    const agreements = [
      agreement('anticoag', 'p1', 'p2', 1_251), // £12.51 an appointment, standard rated
      agreement('pharmacist', 'p1', 'p2', 10_003, 'exempt'),
      agreement('phlebotomy', 'p3', 'p2', 333),
    ];
    const drafts = rechargeInvoiceDrafts(
      agreements,
      [
        { id: 'u1', agreementId: 'anticoag', quantity: 3 },
        { id: 'u2', agreementId: 'anticoag', quantity: 4 },
        { id: 'u3', agreementId: 'pharmacist', quantity: 2 },
        { id: 'u4', agreementId: 'phlebotomy', quantity: 1 },
      ],
      (a) => rechargeVatTreatment(true, a.vatTreatment),
      2_000,
    );
    expect(drafts).toHaveLength(2);
    const [first, second] = drafts;
    // 7 x 1,251p = 8,757p; VAT 1,751.4p rounds to 1,751p.
    expect(first?.lines[0]).toMatchObject({
      lineNumber: 1,
      quantity: 7,
      netPence: 8_757,
      vatTreatment: 'standard',
      vatPence: 1_751,
      usageIds: ['u1', 'u2'],
    });
    expect(first?.lines[1]).toMatchObject({ lineNumber: 2, netPence: 20_006, vatPence: 0 });
    expect(first).toMatchObject({ netPence: 28_763, vatPence: 1_751, grossPence: 30_514 });
    // 333p: VAT 66.6p rounds half up to 67p.
    expect(second).toMatchObject({
      providerPracticeId: 'p3',
      recipientPracticeId: 'p2',
      netPence: 333,
      vatPence: 67,
      grossPence: 400,
    });
  });

  it('rounds VAT per line, half up, never on the total', () => {
    const twoLines = (price: number, basisPoints: number) =>
      rechargeInvoiceDrafts(
        [agreement('a', 'p1', 'p2', price), agreement('b', 'p1', 'p2', price)],
        [
          { id: 'u1', agreementId: 'a', quantity: 1 },
          { id: 'u2', agreementId: 'b', quantity: 1 },
        ],
        () => 'standard',
        basisPoints,
      )[0];
    // 3p at 20% is 0.6p: 1p on each line, 2p in all, where the total's 6p would give 1p.
    const twenty = twoLines(3, 2_000);
    expect(twenty?.lines.map((l) => l.vatPence)).toEqual([1, 1]);
    expect(twenty?.vatPence).toBe(2);
    // At 20% VAT is never exactly half a penny; at 17.5% 20p gives 3.5p, which goes up to 4p.
    const half = twoLines(20, 1_750);
    expect(half?.lines.map((l) => l.vatPence)).toEqual([4, 4]);
    expect(half).toMatchObject({ netPence: 40, vatPence: 8, grossPence: 48 });
  });

  it('uses the configured standard rate', () => {
    const [draft] = rechargeInvoiceDrafts(
      [agreement('a', 'p1', 'p2', 1_000)],
      [{ id: 'u', agreementId: 'a', quantity: 1 }],
      () => 'standard',
      1_750,
    );
    expect(draft?.vatPence).toBe(175);
  });

  it('always has totals equal to its lines, gross = net + VAT, and every usage once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            price: fc.integer({ min: 1, max: 1_000_000 }),
            provider: fc.constantFrom('p1', 'p2', 'p3'),
            standard: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 1, max: 500 })), { maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000 }),
        (terms, uses, basisPoints) => {
          const agreements = terms.map((t, i) =>
            agreement(
              `a${String(i)}`,
              t.provider,
              'p9',
              t.price,
              t.standard ? 'standard' : 'exempt',
            ),
          );
          const usage = uses.map(([n, quantity], i) => ({
            id: `u${String(i)}`,
            agreementId: `a${String(n % agreements.length)}`,
            quantity,
          }));
          const drafts = rechargeInvoiceDrafts(
            agreements,
            usage,
            (a) => rechargeVatTreatment(true, a.vatTreatment),
            basisPoints,
          );
          const invoiced = drafts.flatMap((d) => d.lines.flatMap((l) => l.usageIds));
          expect([...invoiced].sort()).toEqual(usage.map((u) => u.id).sort());
          for (const draft of drafts) {
            expect(draft.netPence).toBe(draft.lines.reduce((s, l) => s + l.netPence, 0));
            expect(draft.vatPence).toBe(draft.lines.reduce((s, l) => s + l.vatPence, 0));
            expect(draft.grossPence).toBe(draft.netPence + draft.vatPence);
            for (const line of draft.lines) {
              expect(line.netPence).toBe(line.quantity * line.unitPricePence);
              const exact = (line.netPence * basisPoints) / 10_000;
              const expected = line.vatTreatment === 'standard' ? exact : 0;
              expect(Math.abs(line.vatPence - expected)).toBeLessThanOrEqual(0.5);
            }
          }
        },
      ),
    );
  });
});

describe('invoice journal lines', () => {
  const parties = {
    payer: { costCentreId: 'recipient', expenditureAccount: '6050' },
    payee: { costCentreId: 'provider', incomeAccount: '4070' },
  };

  it('charge the payer’s costs and the payee’s income, VAT apart, and balance', () => {
    const lines = invoiceChargeLines(parties, { netPence: 1_000, vatPence: 200 });
    expect(lines.map((l) => [l.costCentreId, l.accountCode, l.debitPence, l.creditPence])).toEqual([
      ['recipient', '6050', 1_000, 0],
      ['recipient', '1200', 200, 0],
      ['recipient', '2100', 0, 1_200],
      ['provider', '1100', 1_200, 0],
      ['provider', '4070', 0, 1_000],
      ['provider', '2200', 0, 200],
    ]);
    expect(journalProblems(lines)).toEqual([]);
    expect(invoiceChargeLines(parties, { netPence: 1_000, vatPence: 0 })).toHaveLength(4);
    expect(journalProblems(invoicePaymentLines('recipient', 'provider', 1_200))).toEqual([]);
  });
});
