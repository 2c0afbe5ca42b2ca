import { describe, expect, it } from 'vitest';
import { parsePounds } from '@atscale/domain';
import type { LevyInvoice } from '../../api/finance';
import {
  ageingOf,
  basisPointsToPercent,
  chartPounds,
  isOverdue,
  penceToPoundsField,
  percentToBasisPoints,
} from './finance-figures';

const invoice = (over: Partial<LevyInvoice>): LevyInvoice => ({
  id: 'i',
  invoiceNumber: 'LEVY-2026-0001',
  practice: { id: 'p', odsCode: 'Y90001', name: 'Riverside Surgery' },
  levyRunId: 'r',
  financialYear: 2026,
  issuedOn: '2026-04-01',
  dueOn: '2026-04-30',
  periodFrom: '2026-04-01',
  periodTo: '2026-06-30',
  periodLabel: 'Q1 2026/27',
  basis: 'registered-list',
  listSize: 6000,
  listCountedOn: '2026-04-01',
  pencePerPatientPerYear: 200,
  vatTreatment: 'outside-scope',
  netPence: 300_000,
  vatPence: 0,
  grossPence: 300_000,
  status: 'unpaid',
  paidOn: null,
  journalEntryId: 'j',
  paymentEntryId: null,
  ...over,
});

describe('finance figures', () => {
  it('calls an unpaid invoice overdue only after its due date, and a paid one never', () => {
    expect(isOverdue(invoice({}), '2026-04-30')).toBe(false);
    expect(isOverdue(invoice({}), '2026-05-01')).toBe(true);
    expect(isOverdue(invoice({ status: 'paid', paidOn: '2026-05-02' }), '2026-06-01')).toBe(false);
  });

  it('sums unpaid invoices by how overdue they are, leaving paid ones out', () => {
    const rows = ageingOf(
      [
        invoice({ id: 'a', grossPence: 100 }),
        invoice({ id: 'b', dueOn: '2026-03-01', grossPence: 250 }),
        invoice({ id: 'c', dueOn: '2026-03-01', grossPence: 5, status: 'paid' }),
        invoice({ id: 'd', dueOn: '2026-01-01', grossPence: 7 }),
      ],
      '2026-04-15',
    );
    expect(rows.map((row) => [row.bucket, row.count, row.grossPence])).toEqual([
      ['not-due', 1, 100],
      ['1-30', 0, 0],
      ['31-60', 1, 250],
      ['61-90', 0, 0],
      ['over-90', 1, 7],
    ]);
  });

  it('reads VAT rates into basis points exactly and back', () => {
    expect(percentToBasisPoints('20')).toBe(2000);
    expect(percentToBasisPoints('17.5%')).toBe(1750);
    expect(percentToBasisPoints('0.01')).toBe(1);
    expect(percentToBasisPoints('100')).toBe(10_000);
    expect(percentToBasisPoints('100.01')).toBeNull();
    expect(percentToBasisPoints('twenty')).toBeNull();
    expect(percentToBasisPoints('1.234')).toBeNull();
    expect(basisPointsToPercent(2000)).toBe('20');
    expect(basisPointsToPercent(1750)).toBe('17.5');
    expect(basisPointsToPercent(505)).toBe('5.05');
  });

  it('writes pence as a pounds field the money parser reads back to the same pence', () => {
    for (const pence of [0, 5, 200, 123_456, 100_000]) {
      expect(parsePounds(penceToPoundsField(pence))).toBe(pence);
    }
    expect(penceToPoundsField(200)).toBe('2.00');
  });

  it('rounds pence to whole pounds for a chart', () => {
    expect(chartPounds(123_456)).toBe(1235);
    expect(chartPounds(-5_049)).toBe(-50);
  });
});
