import {
  OVERDUE_BUCKETS,
  PAYMENT_CHASE_METHODS,
  type ExpectedPaymentKind,
  type OverdueBucket,
  type PaymentChaseMethod,
  type GivenPayment,
  type IsoDate,
  type Pence,
} from '@atscale/domain';
import type { FinancePractice } from './finance-access.js';

/** A person named on a payment: its owner, or who chased it. */
export interface PaymentPerson {
  readonly id: string;
  readonly name: string;
}

/** How a received payment settled an expected one. */
export interface PaymentMatch {
  readonly id: string;
  readonly receivedPaymentId: string;
  readonly expectedPaymentId: string;
  readonly rule: 'reference' | 'amount-payer-date' | 'manual';
  readonly receivedOn: IsoDate;
  readonly matchedAt: string;
}

/** A payment a practice expects (FIN-4), with who owns chasing it and what settled it. */
export interface ExpectedPaymentRecord {
  readonly id: string;
  readonly practice: FinancePractice;
  readonly kind: ExpectedPaymentKind;
  readonly payer: string;
  readonly reference: string | null;
  readonly description: string;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
  readonly owner: PaymentPerson | null;
  readonly match: PaymentMatch | null;
  readonly createdAt: string;
}

/** A payment added by hand. */
export interface ExpectedPaymentInput {
  readonly practiceId: string;
  readonly kind: string;
  readonly payer: string;
  readonly reference?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly amountPence: number;
  readonly dueOn: string;
}

/** What a practice's schedule for a year is made from; what is left out is looked up. */
export interface ScheduleRequest {
  readonly practiceId: string;
  readonly financialYear: number;
  /** Who pays the global sum and QOF; NHS England when not given. */
  readonly commissioner?: string | undefined;
  /** The weighted list; the latest recorded on or before 1 April when not given. */
  readonly weightedListSize?: number | undefined;
  /** Pence per weighted patient; the published figure for the year when not given. */
  readonly globalSumPencePerWeightedPatient?: number | undefined;
  readonly qofLastYearAchievementPence?: number | null | undefined;
  readonly qofAchievementPence?: number | null | undefined;
  readonly enhancedServices?: readonly GivenPayment[] | undefined;
  readonly trainingGrants?: readonly GivenPayment[] | undefined;
}

/** What generating a schedule did: how many payments it added, how many were there already. */
export interface ScheduleResult {
  readonly practice: FinancePractice;
  readonly financialYear: number;
  readonly created: number;
  readonly existing: number;
  /** The practice's expected payments of the schedule, as stored. */
  readonly payments: ExpectedPaymentRecord[];
}

/** One imported statement. */
export interface PaymentImport {
  readonly id: string;
  readonly fileName: string | null;
  readonly rowCount: number;
  readonly importedAt: string;
}

/** What importing a statement did. */
export interface ImportResult {
  readonly import: PaymentImport;
  readonly matched: number;
  readonly forReview: number;
  readonly matches: {
    readonly row: number;
    readonly receivedPaymentId: string;
    readonly expectedPaymentId: string;
    readonly rule: 'reference' | 'amount-payer-date';
  }[];
}

/** An expected payment as a candidate for a received one. */
export interface CandidatePayment {
  readonly id: string;
  readonly practice: FinancePractice;
  readonly kind: ExpectedPaymentKind;
  readonly payer: string;
  readonly reference: string | null;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
}

/** A received payment nobody has matched, with what it might settle and why it was not. */
export interface ReviewItem {
  readonly id: string;
  readonly importId: string;
  readonly fileName: string | null;
  readonly row: number;
  readonly receivedOn: IsoDate;
  readonly payer: string;
  readonly reference: string;
  readonly amountPence: Pence;
  readonly candidates: CandidatePayment[];
  readonly reason: string;
}

export { OVERDUE_BUCKETS, type OverdueBucket };

/** One chase of an overdue payment. */
export interface PaymentChase {
  readonly id: number;
  readonly expectedPaymentId: string;
  readonly chasedOn: IsoDate;
  readonly method: PaymentChaseMethod;
  readonly note: string;
  readonly nextActionOn: IsoDate | null;
  readonly chasedBy: PaymentPerson | null;
  readonly recordedAt: string;
}

/** An overdue payment on the ageing list. */
export interface AgeingItem extends ExpectedPaymentRecord {
  readonly daysOverdue: number;
  readonly bucket: OverdueBucket;
  readonly lastChase: PaymentChase | null;
  readonly nextActionOn: IsoDate | null;
}

/** Overdue amounts by bucket. */
export interface AgeingTotals {
  readonly buckets: Readonly<Record<OverdueBucket, Pence>>;
  readonly totalPence: Pence;
  readonly count: number;
}

/** The ageing list: overdue payments, with totals per practice and overall. */
export interface AgeingReport {
  readonly on: IsoDate;
  readonly items: AgeingItem[];
  readonly practices: (AgeingTotals & { readonly practice: FinancePractice })[];
  readonly total: AgeingTotals;
}

// The ways of chasing live in the domain, where the web app reads their names too.
export { PAYMENT_CHASE_METHODS, type PaymentChaseMethod };
