import type { AgeingBucket, ExpectedPaymentKind } from '@atscale/domain';
import { deleteJson, getJson, postJson, putJson } from './client';
import { query, type FinancePeriod, type FinancePractice } from './finance';

/** A person named on a payment: who chases it, or who recorded a chase. */
export interface PaymentPerson {
  id: string;
  name: string;
}

/** How a received payment settled an expected one. */
export interface PaymentMatch {
  id: string;
  receivedPaymentId: string;
  expectedPaymentId: string;
  rule: 'reference' | 'amount-payer-date' | 'manual';
  receivedOn: string;
  matchedAt: string;
}

/** A payment a practice expects (FIN-4). */
export interface ExpectedPayment {
  id: string;
  practice: FinancePractice;
  kind: ExpectedPaymentKind;
  payer: string;
  reference: string | null;
  description: string;
  amountPence: number;
  dueOn: string;
  owner: PaymentPerson | null;
  /** Null while nothing received has settled it. */
  match: PaymentMatch | null;
  createdAt: string;
}

/** What `POST /api/finance/expected-payments` takes. */
export interface ExpectedPaymentInput {
  practiceId: string;
  kind: string;
  payer: string;
  amountPence: number;
  dueOn: string;
  reference: string | null;
  description: string | null;
}

/** What generating a practice's schedule for a year did. */
export interface ScheduleResult {
  practice: FinancePractice;
  financialYear: number;
  created: number;
  existing: number;
  payments: ExpectedPayment[];
}

/** How a payment was chased. */
export type ChaseMethod = 'email' | 'phone' | 'letter' | 'portal' | 'other';

/** One chase of an overdue payment. */
export interface PaymentChase {
  id: number;
  expectedPaymentId: string;
  chasedOn: string;
  method: ChaseMethod;
  note: string;
  nextActionOn: string | null;
  chasedBy: PaymentPerson | null;
  recordedAt: string;
}

/** What `POST .../chases` takes. */
export interface ChaseInput {
  method: string;
  note: string | null;
  chasedOn: string;
  nextActionOn: string | null;
}

/** What importing a statement did. */
export interface ImportResult {
  import: { id: string; fileName: string | null; rowCount: number; importedAt: string };
  matched: number;
  forReview: number;
  matches: {
    row: number;
    receivedPaymentId: string;
    expectedPaymentId: string;
    rule: 'reference' | 'amount-payer-date';
  }[];
}

/** An expected payment offered as what a received one might settle. */
export interface CandidatePayment {
  id: string;
  practice: FinancePractice;
  kind: ExpectedPaymentKind;
  payer: string;
  reference: string | null;
  amountPence: number;
  dueOn: string;
}

/** A received payment nobody has matched, with its candidates and why it was not matched. */
export interface ReviewItem {
  id: string;
  importId: string;
  fileName: string | null;
  row: number;
  receivedOn: string;
  payer: string;
  reference: string;
  /** Negative for money paid back. */
  amountPence: number;
  candidates: CandidatePayment[];
  reason: string;
}

/** What `GET /api/finance/received-payments/review` answers. */
export interface ReviewQueue {
  /** All waiting; the server lists at most 500, oldest first. */
  total: number;
  payments: ReviewItem[];
}

/** An overdue bucket: every ageing bucket but not-due. */
export type OverdueBucket = Exclude<AgeingBucket, 'not-due'>;

/** Amounts by overdue bucket, their total and how many payments. */
export interface OverdueTotals {
  buckets: Record<OverdueBucket, number>;
  totalPence: number;
  count: number;
}

/** An overdue payment on the ageing list. */
export interface AgeingItem extends ExpectedPayment {
  daysOverdue: number;
  bucket: OverdueBucket;
  lastChase: PaymentChase | null;
  nextActionOn: string | null;
}

/** What `GET /api/finance/payment-ageing` answers. */
export interface PaymentAgeing {
  on: string;
  items: AgeingItem[];
  practices: (OverdueTotals & { practice: FinancePractice })[];
  total: OverdueTotals;
}

/** Which expected payments a list shows. */
export type ExpectedStatus = 'outstanding' | 'received' | 'all';

const paymentPath = (id: string, rest: string) =>
  `/api/finance/expected-payments/${encodeURIComponent(id)}/${rest}`;

/** Expected payments due in a period, optionally of one practice and by whether received. */
export async function fetchExpectedPayments(
  period: FinancePeriod,
  filter: { practiceId?: string; status?: ExpectedStatus } = {},
): Promise<ExpectedPayment[]> {
  const answer = (await getJson(
    `/api/finance/expected-payments${query({
      from: period.from,
      to: period.to,
      practiceId: filter.practiceId,
      status: filter.status,
    })}`,
  )) as { payments: ExpectedPayment[] };
  return answer.payments;
}

/** Adds a payment a practice expects, by hand. */
export async function addExpectedPayment(input: ExpectedPaymentInput): Promise<ExpectedPayment> {
  return (await postJson('/api/finance/expected-payments', input)) as ExpectedPayment;
}

/** Generates a practice's schedule for a financial year from its list and the published rates. */
export async function generateSchedule(input: {
  practiceId: string;
  financialYear: number;
}): Promise<ScheduleResult> {
  return (await postJson('/api/finance/expected-payments/schedule', input)) as ScheduleResult;
}

/** Names who chases a payment, or nobody. */
export async function setPaymentOwner(
  expectedPaymentId: string,
  ownerId: string | null,
): Promise<ExpectedPayment> {
  return (await putJson(paymentPath(expectedPaymentId, 'owner'), { ownerId })) as ExpectedPayment;
}

/** Records a chase of a payment not yet received. */
export async function recordChase(
  expectedPaymentId: string,
  input: ChaseInput,
): Promise<PaymentChase> {
  return (await postJson(paymentPath(expectedPaymentId, 'chases'), input)) as PaymentChase;
}

/** The chases of a payment, newest first. */
export async function fetchChases(expectedPaymentId: string): Promise<PaymentChase[]> {
  const answer = (await getJson(paymentPath(expectedPaymentId, 'chases'))) as {
    chases: PaymentChase[];
  };
  return answer.chases;
}

/** Imports a statement all or nothing; rejects with an ApiError listing each bad row. */
export async function importStatement(csv: string, fileName: string | null): Promise<ImportResult> {
  return (await postJson('/api/finance/payment-imports', { csv, fileName })) as ImportResult;
}

/** Received payments waiting for a person to match them. */
export async function fetchReviewQueue(): Promise<ReviewQueue> {
  return (await getJson('/api/finance/received-payments/review')) as ReviewQueue;
}

/** Matches a received payment to an expected one of the same amount. */
export async function matchPayment(input: {
  receivedPaymentId: string;
  expectedPaymentId: string;
}): Promise<PaymentMatch> {
  return (await postJson('/api/finance/payment-matches', input)) as PaymentMatch;
}

/** Undoes a match: both payments wait again. */
export async function unmatchPayment(matchId: string): Promise<void> {
  await deleteJson(`/api/finance/payment-matches/${encodeURIComponent(matchId)}`);
}

/** Overdue payments by age on a day (today in England when not given), optionally of one practice. */
export async function fetchPaymentAgeing(
  filter: { on?: string; practiceId?: string } = {},
): Promise<PaymentAgeing> {
  return (await getJson(
    `/api/finance/payment-ageing${query({ on: filter.on, practiceId: filter.practiceId })}`,
  )) as PaymentAgeing;
}
