import {
  AGEING_LABELS,
  EXPECTED_PAYMENT_KIND_LABELS,
  OVERDUE_BUCKETS,
  PAYMENT_CHASE_METHOD_LABELS,
  ageingBucket,
} from '@atscale/domain';
import type {
  AgeingItem,
  CandidatePayment,
  ChaseMethod,
  ExpectedPayment,
  OverdueBucket,
  OverdueTotals,
  PaymentPerson,
  ReviewItem,
} from '../../api/finance-payments';
import { formatDate, formatPence, idAsWords } from '../../format/format';

export { OVERDUE_BUCKETS } from '@atscale/domain';

/** The ways of chasing a payment the server takes, with their names (one list, the domain's). */
export const CHASE_METHOD_LABELS: Readonly<Record<ChaseMethod, string>> =
  PAYMENT_CHASE_METHOD_LABELS;

/** The chase methods as select options. */
export const chaseMethodChoices = Object.entries(CHASE_METHOD_LABELS).map(([value, label]) => ({
  value,
  label,
}));

/** The name of a chase method; one this version does not know is shown as its words. */
export const chaseMethodLabel = (method: string): string =>
  (CHASE_METHOD_LABELS as Readonly<Record<string, string>>)[method] ?? idAsWords(method);

/** The name of a kind of expected payment. */
export const paymentKindLabel = (kind: string): string =>
  (EXPECTED_PAYMENT_KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? idAsWords(kind);

/** A payment's description, with its kind after it unless the description already starts so. */
export function paymentText(payment: { description: string; kind: string }): string {
  const kind = paymentKindLabel(payment.kind);
  return payment.description.toLowerCase().startsWith(kind.toLowerCase())
    ? payment.description
    : `${payment.description} (${kind})`;
}

/** The expected payment kinds as select options. */
export const paymentKindChoices = Object.entries(EXPECTED_PAYMENT_KIND_LABELS).map(
  ([value, label]) => ({ value, label }),
);

/** How each rule settled a payment, in words. */
const RULE_LABELS: Readonly<Record<string, string>> = {
  reference: 'by reference',
  'amount-payer-date': 'by amount, payer and date',
  manual: 'by hand',
};
export const matchRuleLabel = (rule: string): string => RULE_LABELS[rule] ?? idAsWords(rule);

/** One row of an overdue table: how many payments, and how much, in a bucket. */
export interface OverdueRow {
  bucket: OverdueBucket;
  label: string;
  count: number;
  pence: number;
}

/** The overdue items by bucket, every bucket present, oldest debt last. */
export function overdueRows(items: readonly AgeingItem[]): OverdueRow[] {
  return OVERDUE_BUCKETS.map((bucket) => {
    const inBucket = items.filter((item) => item.bucket === bucket);
    return {
      bucket,
      label: AGEING_LABELS[bucket],
      count: inBucket.length,
      pence: inBucket.reduce((sum, item) => sum + item.amountPence, 0),
    };
  });
}

/** The cells of a totals row: each bucket's amount, then the total, as pounds. */
export const bucketCells = (totals: OverdueTotals): string[] => [
  ...OVERDUE_BUCKETS.map((bucket) => formatPence(totals.buckets[bucket])),
  formatPence(totals.totalPence),
];

/** The next `count` payments not yet received and due on or after `today`, soonest first. */
export function nextDue(
  payments: readonly ExpectedPayment[],
  today: string,
  count: number,
): ExpectedPayment[] {
  return payments
    .filter((payment) => payment.match === null && payment.dueOn >= today)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id))
    .slice(0, count);
}

/** Where an expected payment stands on `today`: received (and how), not yet due, or overdue. */
export function paymentStatusText(payment: ExpectedPayment, today: string): string {
  if (payment.match) {
    return `Received ${formatDate(payment.match.receivedOn)}, matched ${matchRuleLabel(payment.match.rule)}`;
  }
  const bucket = ageingBucket(payment.dueOn, today);
  return bucket === 'not-due' ? 'Not yet due' : `Overdue: ${AGEING_LABELS[bucket]}`;
}

/**
 * Who may be named to chase payments, as the page knows them: the signed-in user first, then
 * everyone already named on a payment, each once, by name.
 */
export function ownerChoices(
  me: PaymentPerson,
  payments: readonly { owner: PaymentPerson | null }[],
): PaymentPerson[] {
  const others = new Map<string, PaymentPerson>();
  for (const { owner } of payments) {
    if (owner && owner.id !== me.id) others.set(owner.id, owner);
  }
  return [me, ...[...others.values()].sort((a, b) => a.name.localeCompare(b.name))];
}

/** A candidate or an expected payment in one line, for a list to choose from. */
export const candidateText = (payment: CandidatePayment): string =>
  [
    payment.practice.name,
    paymentKindLabel(payment.kind),
    payment.reference ?? 'no reference',
    `due ${formatDate(payment.dueOn)}`,
    formatPence(payment.amountPence),
  ].join(', ');

/**
 * What a received payment could be matched to: the server's candidates first, then every other
 * outstanding expected payment of the same amount (only the same amount settles a payment), by
 * due date.
 */
export function matchChoices(
  item: ReviewItem,
  outstanding: readonly ExpectedPayment[],
): { suggested: CandidatePayment[]; others: CandidatePayment[] } {
  const suggestedIds = new Set(item.candidates.map((c) => c.id));
  const others = outstanding
    .filter(
      (payment) =>
        payment.match === null &&
        payment.amountPence === item.amountPence &&
        !suggestedIds.has(payment.id),
    )
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  return { suggested: item.candidates, others };
}
