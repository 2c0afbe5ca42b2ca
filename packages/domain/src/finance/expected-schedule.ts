import { apportion } from '../common/apportion.js';
import { AtscaleError, type FieldProblem } from '../errors.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';
import { billingPeriods, financialYearLabel, type FinancialYear } from './financial-year.js';
import { MAX_AMOUNT_PENCE, divideRoundHalfUp, isPence, type Pence } from './money.js';

/** What a payment a practice expects is for (FIN-4). */
export const EXPECTED_PAYMENT_KINDS = [
  'global-sum',
  'qof-aspiration',
  'qof-achievement',
  'enhanced-service',
  'training-grant',
  'other',
] as const;
/** A kind of expected payment. */
export type ExpectedPaymentKind = (typeof EXPECTED_PAYMENT_KINDS)[number];

/** Human-readable names of the kinds. */
export const EXPECTED_PAYMENT_KIND_LABELS: Readonly<Record<ExpectedPaymentKind, string>> = {
  'global-sum': 'Global sum',
  'qof-aspiration': 'QOF aspiration',
  'qof-achievement': 'QOF achievement',
  'enhanced-service': 'Enhanced service',
  'training-grant': 'Training grant',
  other: 'Other',
};

/** QOF aspiration: 70% of the previous year's achievement, paid monthly (SFE). */
export const QOF_ASPIRATION_PERCENT = 70;

/**
 * The published global sum per weighted patient per year, by financial year, in pence: £112.50
 * by the end of 2024/25 and £121.79 in 2025/26. Other years must be given.
 */
export const GLOBAL_SUM_PENCE_PER_WEIGHTED_PATIENT: Readonly<Record<number, Pence>> = {
  2024: 11_250,
  2025: 12_179,
};

/** Who pays the contract's money when nobody says otherwise. */
export const DEFAULT_COMMISSIONER = 'NHS England';

/** A payment given as it is (an enhanced service, a training grant): what, who, how much, when. */
export interface GivenPayment {
  readonly description: string;
  readonly payer: string;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
  readonly reference?: string | null | undefined;
}

/** What a practice's schedule of expected payments for a year is worked out from. */
export interface ScheduleInputs {
  readonly financialYear: FinancialYear;
  /** The practice's ODS code: the contract payments' references carry it. */
  readonly odsCode: string;
  /** Who pays the global sum and QOF (NHS England, or the ICB that commissions the contract). */
  readonly commissioner: string;
  /** The weighted list (the global sum formula's count) for the year. */
  readonly weightedListSize: number;
  /** The global sum per weighted patient per year, in pence (12179 is £121.79). */
  readonly globalSumPencePerWeightedPatient: Pence;
  /** Last year's QOF achievement: this year's aspiration is 70% of it. None: no aspiration. */
  readonly qofLastYearAchievementPence?: Pence | null | undefined;
  /** This year's expected QOF achievement: the balance after aspiration comes next June. */
  readonly qofAchievementPence?: Pence | null | undefined;
  readonly enhancedServices?: readonly GivenPayment[] | undefined;
  readonly trainingGrants?: readonly GivenPayment[] | undefined;
}

/** One payment a practice should receive, as the schedule works it out. */
export interface ScheduledPayment {
  readonly kind: ExpectedPaymentKind;
  readonly payer: string;
  readonly reference: string;
  readonly description: string;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
}

const MAX_TEXT = 200;

/**
 * A practice's expected payments for a financial year: the global sum (weighted list times the
 * rate per weighted patient, split into twelve monthly payments that add up to the year's
 * exactly, due on each month's last day); QOF aspiration (70% of last year's achievement, split
 * the same way, paid with the global sum); the QOF achievement balance (this year's achievement
 * less the aspiration paid, due on 30 June after the year ends; nothing when the aspiration
 * already covers it); and the enhanced services and training grants as given. Nil amounts are
 * left out: nobody chases nothing. References carry the ODS code and the month, so a statement
 * that quotes them matches by reference.
 */
export function expectedSchedule(inputs: ScheduleInputs): ScheduledPayment[] {
  checkInputs(inputs);
  const year = inputs.financialYear;
  const months = billingPeriods(year, 'monthly');
  const ods = inputs.odsCode.trim().toUpperCase();
  const payer = inputs.commissioner.trim();
  const monthly = (
    kind: ExpectedPaymentKind,
    code: string,
    label: string,
    yearly: Pence,
  ): ScheduledPayment[] => {
    const parts = apportion(
      yearly,
      months.map(() => 1),
    );
    return months.flatMap((month, i) => {
      const amountPence = parts[i] ?? 0;
      if (amountPence === 0) return [];
      return [
        {
          kind,
          payer,
          reference: `${ods}-${code}-${month.from.slice(0, 7).replace('-', '')}`,
          description: `${label}, ${month.label}`,
          amountPence,
          dueOn: month.to,
        },
      ];
    });
  };
  const globalSum = inputs.weightedListSize * inputs.globalSumPencePerWeightedPatient;
  const aspiration = divideRoundHalfUp(
    (inputs.qofLastYearAchievementPence ?? 0) * QOF_ASPIRATION_PERCENT,
    100,
  );
  const payments = [
    ...monthly('global-sum', 'GS', 'Global sum', globalSum),
    ...monthly('qof-aspiration', 'QOFASP', 'QOF aspiration', aspiration),
  ];
  const achievement = inputs.qofAchievementPence ?? 0;
  if (achievement - aspiration > 0) {
    payments.push({
      kind: 'qof-achievement',
      payer,
      reference: `${ods}-QOFACH-${year}`,
      description: `QOF achievement ${financialYearLabel(year)}, less aspiration paid`,
      amountPence: achievement - aspiration,
      dueOn: `${year + 1}-06-30`,
    });
  }
  const given = (kind: ExpectedPaymentKind, code: string, list: readonly GivenPayment[]) =>
    list.map((p, i): ScheduledPayment => ({
      kind,
      payer: p.payer.trim(),
      reference: p.reference?.trim() || `${ods}-${code}-${year}-${String(i + 1)}`,
      description: p.description.trim(),
      amountPence: p.amountPence,
      dueOn: p.dueOn,
    }));
  payments.push(
    ...given('enhanced-service', 'ES', inputs.enhancedServices ?? []),
    ...given('training-grant', 'TG', inputs.trainingGrants ?? []),
  );
  return payments.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

function checkInputs(inputs: ScheduleInputs): void {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (
    !Number.isSafeInteger(inputs.financialYear) ||
    inputs.financialYear < 2000 ||
    inputs.financialYear > 2998
  ) {
    add('/financialYear', 'A financial year such as 2026 (for 2026/27)');
  }
  if (inputs.odsCode.trim().length === 0) add('/odsCode', 'The practice has no ODS code');
  const text = (field: string, value: string, required: boolean) => {
    if (required && value.trim().length === 0) add(field, 'Must not be empty');
    else if (value.trim().length > MAX_TEXT) add(field, `At most ${MAX_TEXT} characters`);
  };
  text('/commissioner', inputs.commissioner, true);
  if (!Number.isSafeInteger(inputs.weightedListSize) || inputs.weightedListSize < 0) {
    add('/weightedListSize', 'A whole number of weighted patients, 0 or more');
  }
  const money = (field: string, value: number | null | undefined, positive: boolean) => {
    if (value === null || value === undefined) return;
    if (!isPence(value) || value < (positive ? 1 : 0) || value > MAX_AMOUNT_PENCE) {
      add(field, `Whole pence${positive ? ' above nil' : ', 0 or more'}, at most £1,000,000,000`);
    }
  };
  money('/globalSumPencePerWeightedPatient', inputs.globalSumPencePerWeightedPatient, false);
  money('/qofLastYearAchievementPence', inputs.qofLastYearAchievementPence, false);
  money('/qofAchievementPence', inputs.qofAchievementPence, false);
  if (
    problems.length === 0 &&
    inputs.weightedListSize * inputs.globalSumPencePerWeightedPatient > MAX_AMOUNT_PENCE
  ) {
    add('/weightedListSize', 'The year’s global sum would be more than £1,000,000,000');
  }
  const list = (name: string, payments: readonly GivenPayment[] | undefined) => {
    (payments ?? []).forEach((p, i) => {
      const at = `/${name}/${String(i)}`;
      text(`${at}/description`, p.description, true);
      text(`${at}/payer`, p.payer, true);
      text(`${at}/reference`, p.reference ?? '', false);
      money(`${at}/amountPence`, p.amountPence, true);
      if (!isIsoDate(p.dueOn)) add(`${at}/dueOn`, `${p.dueOn} is not a date written YYYY-MM-DD`);
    });
  };
  list('enhancedServices', inputs.enhancedServices);
  list('trainingGrants', inputs.trainingGrants);
  const [first] = problems;
  if (first) {
    throw new AtscaleError('validation-failed', `${first.field}: ${first.message}`, problems);
  }
}
