import { describe, expect, it } from 'vitest';
import type { RechargeInvoice } from '../../api/recharges';
import {
  agreementState,
  lastMonth,
  monthChoices,
  practiceRecharges,
  rechargesByPractice,
  rechargeTotals,
} from './recharge-figures';

const practice = (id: string) => ({ id, odsCode: id.toUpperCase(), name: `Practice ${id}` });

const invoice = (over: Partial<RechargeInvoice>): RechargeInvoice => ({
  id: 'i',
  invoiceNumber: 'RCH-2026-00001',
  provider: practice('a'),
  recipient: practice('b'),
  financialYear: 2026,
  periodFrom: '2026-05-01',
  periodTo: '2026-05-31',
  periodLabel: 'May 2026',
  issuedOn: '2026-06-01',
  dueOn: '2026-07-01',
  netPence: 10_000,
  vatPence: 2_000,
  grossPence: 12_000,
  status: 'unpaid',
  paidOn: null,
  journalEntryId: 'j',
  paymentEntryId: null,
  ...over,
});

describe('recharge totals', () => {
  it('sums net, VAT and gross apart, and the unpaid gross', () => {
    const totals = rechargeTotals([
      invoice({}),
      invoice({ netPence: 500, vatPence: 0, grossPence: 500, status: 'paid' }),
    ]);
    expect(totals).toEqual({
      count: 2,
      netPence: 10_500,
      vatPence: 2_000,
      grossPence: 12_500,
      unpaidPence: 12_000,
    });
    expect(rechargeTotals([])).toEqual({
      count: 0,
      netPence: 0,
      vatPence: 0,
      grossPence: 0,
      unpaidPence: 0,
    });
  });

  it('splits a practice’s invoices into what it provided and what it received', () => {
    const invoices = [
      invoice({}),
      invoice({
        provider: practice('c'),
        recipient: practice('a'),
        netPence: 300,
        grossPence: 300,
      }),
      invoice({ provider: practice('b'), recipient: practice('c'), netPence: 7, grossPence: 7 }),
    ];
    const a = practiceRecharges(invoices, 'a');
    expect(a.provided.count).toBe(1);
    expect(a.provided.netPence).toBe(10_000);
    expect(a.received.count).toBe(1);
    expect(a.received.grossPence).toBe(300);
    const c = practiceRecharges(invoices, 'c');
    expect(c.provided.grossPence).toBe(300);
    expect(c.received.grossPence).toBe(7);
  });
});

describe('recharge months', () => {
  it('lists the twelve months of a financial year from April', () => {
    const months = monthChoices(2026);
    expect(months).toHaveLength(12);
    expect(months[0]?.value).toBe('2026-04');
    expect(months[11]?.value).toBe('2027-03');
    expect(months[1]?.label).toContain('May');
  });

  it('finds the month before today’s, across a new year', () => {
    expect(lastMonth('2026-06-15')).toBe('2026-05');
    expect(lastMonth('2027-01-01')).toBe('2026-12');
    expect(lastMonth('2026-11-30')).toBe('2026-10');
  });
});

describe('recharges by practice', () => {
  it('gives each practice its gross provided and received, by name', () => {
    const rows = rechargesByPractice([
      invoice({}),
      invoice({ provider: practice('b'), recipient: practice('a'), grossPence: 500 }),
      invoice({ provider: practice('a'), recipient: practice('c'), grossPence: 40 }),
    ]);
    expect(rows.map((r) => [r.practice.id, r.providedPence, r.receivedPence])).toEqual([
      ['a', 12_040, 500],
      ['b', 500, 12_000],
      ['c', 0, 40],
    ]);
    expect(rechargesByPractice([])).toEqual([]);
  });
});

describe('agreement state', () => {
  it('is in force from its first day through its last, ended after, and to start before', () => {
    const agreement = { startsOn: '2026-05-01', endsOn: '2026-08-31' };
    expect(agreementState(agreement, '2026-04-30')).toMatch(/^Starts /);
    expect(agreementState(agreement, '2026-05-01')).toBe('In force');
    expect(agreementState(agreement, '2026-08-31')).toBe('In force');
    expect(agreementState(agreement, '2026-09-01')).toBe('Ended');
    expect(agreementState({ startsOn: '2026-05-01', endsOn: null }, '2030-01-01')).toBe('In force');
  });
});
