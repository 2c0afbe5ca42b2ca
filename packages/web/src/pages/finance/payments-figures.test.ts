import { describe, expect, it } from 'vitest';
import type { AgeingItem, ExpectedPayment, ReviewItem } from '../../api/finance-payments';
import {
  bucketCells,
  chaseMethodLabel,
  matchChoices,
  nextDue,
  overdueRows,
  ownerChoices,
  paymentStatusText,
  paymentText,
} from './payments-figures';

const practice = { id: 'p1', odsCode: 'Y00001', name: 'Riverside Surgery' };

const payment = (
  id: string,
  dueOn: string,
  amountPence: number,
  extra: Partial<ExpectedPayment> = {},
): ExpectedPayment => ({
  id,
  practice,
  kind: 'global-sum',
  payer: 'NHS England',
  reference: `REF-${id}`,
  description: `Payment ${id}`,
  amountPence,
  dueOn,
  owner: null,
  match: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const overdue = (id: string, bucket: AgeingItem['bucket'], amountPence: number): AgeingItem => ({
  ...payment(id, '2026-01-01', amountPence),
  daysOverdue: 10,
  bucket,
  lastChase: null,
  nextActionOn: null,
});

const received = {
  id: 'm1',
  receivedPaymentId: 'r1',
  expectedPaymentId: 'x',
  rule: 'reference' as const,
  receivedOn: '2026-05-03',
  matchedAt: '2026-05-04T09:00:00Z',
};

describe('payment figures', () => {
  it('counts and sums the overdue items by bucket, every bucket present in age order', () => {
    const rows = overdueRows([
      overdue('a', '31-60', 1_000),
      overdue('b', '1-30', 250),
      overdue('c', '31-60', 2_000),
    ]);
    expect(rows.map((r) => [r.bucket, r.count, r.pence])).toEqual([
      ['1-30', 1, 250],
      ['31-60', 2, 3_000],
      ['61-90', 0, 0],
      ['over-90', 0, 0],
    ]);
    expect(rows[3]?.label).toBe('More than 90 days overdue');
  });

  it('gives a totals row its buckets then its total, as pounds', () => {
    expect(
      bucketCells({
        buckets: { '1-30': 100, '31-60': 0, '61-90': 123_456, 'over-90': 5 },
        totalPence: 123_561,
        count: 3,
      }),
    ).toEqual(['£1.00', '£0.00', '£1,234.56', '£0.05', '£1,235.61']);
  });

  it('lists the next payments due from today, soonest first, leaving out received and past ones', () => {
    const list = [
      payment('late', '2026-05-31', 1),
      payment('june', '2026-06-30', 1),
      payment('today', '2026-06-01', 1),
      payment('paid', '2026-06-02', 1, { match: received }),
      payment('july', '2026-07-31', 1),
    ];
    expect(nextDue(list, '2026-06-01', 2).map((p) => p.id)).toEqual(['today', 'june']);
    expect(nextDue(list, '2026-06-01', 10).map((p) => p.id)).toEqual(['today', 'june', 'july']);
  });

  it('says whether a payment was received, is not yet due, or how overdue it is', () => {
    expect(paymentStatusText(payment('a', '2026-06-30', 1), '2026-06-30')).toBe('Not yet due');
    expect(paymentStatusText(payment('a', '2026-06-30', 1), '2026-08-01')).toBe(
      'Overdue: 31 to 60 days overdue',
    );
    expect(
      paymentStatusText(payment('a', '2026-04-30', 1, { match: received }), '2026-08-01'),
    ).toBe('Received 3 May 2026, matched by reference');
  });

  it('offers the signed-in user first, then each named owner once, by name', () => {
    const me = { id: 'u1', name: 'Zoe Finance' };
    const owners = ownerChoices(me, [
      { owner: { id: 'u3', name: 'Bob' } },
      { owner: null },
      { owner: { id: 'u1', name: 'Zoe Finance' } },
      { owner: { id: 'u2', name: 'Alice' } },
      { owner: { id: 'u3', name: 'Bob' } },
    ]);
    expect(owners.map((o) => o.id)).toEqual(['u1', 'u2', 'u3']);
  });

  it('offers the server’s candidates, then other outstanding payments of the same amount only', () => {
    const item: ReviewItem = {
      id: 'r1',
      importId: 'i1',
      fileName: 'may.csv',
      row: 3,
      receivedOn: '2026-05-03',
      payer: 'NHSE',
      reference: 'unclear',
      amountPence: 5_000,
      candidates: [{ ...payment('c1', '2026-04-30', 5_000) }],
      reason: 'More than one',
    };
    const choices = matchChoices(item, [
      payment('c1', '2026-04-30', 5_000),
      payment('later', '2026-06-30', 5_000),
      payment('earlier', '2026-03-31', 5_000),
      payment('other-amount', '2026-04-30', 5_001),
      payment('settled', '2026-04-30', 5_000, { match: received }),
    ]);
    expect(choices.suggested.map((c) => c.id)).toEqual(['c1']);
    expect(choices.others.map((c) => c.id)).toEqual(['earlier', 'later']);
  });

  it('names a payment by its description, adding its kind unless the description starts with it', () => {
    expect(paymentText({ description: 'Global sum May 2026', kind: 'global-sum' })).toBe(
      'Global sum May 2026',
    );
    expect(paymentText({ description: 'Flu vaccines', kind: 'enhanced-service' })).toBe(
      'Flu vaccines (Enhanced service)',
    );
  });

  it('names the chase methods, and an unknown one by its words', () => {
    expect(chaseMethodLabel('phone')).toBe('Phone call');
    expect(chaseMethodLabel('carrier-pigeon')).toBe('Carrier pigeon');
  });
});
