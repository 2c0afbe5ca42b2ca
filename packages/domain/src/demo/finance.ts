import type { AccountCode } from '../finance/accounts.js';
import {
  billingPeriods,
  financialYearDates,
  financialYearOf,
  type BillingFrequency,
  type FinancialYear,
} from '../finance/financial-year.js';
import { dueDate } from '../finance/levy.js';
import type { Pence } from '../finance/money.js';
import type { VatTreatment } from '../finance/vat.js';
import { policyFor } from '../org/form-policy.js';
import { MONTH_NAMES, type IsoDate } from '../org/iso-date.js';
import { addDays, addMonths, epochDay } from './dates.js';
import { createRandom, type Random } from './random.js';
import type { DemoPlan, DemoPractice } from './types.js';

/**
 * The public figures the demo's income is sized by, per financial year (FIN-1).
 *
 * - 2024/25: global sum £112.50 per weighted patient (after the autumn 2024 uplift) and a QOF
 *   point worth £220.62, 635 QOF points: NHS England, "Implementing the 2025/26 GP Contract
 *   changes to PMS and APMS contracts" (14 April 2025), paragraphs 6-7, and the 2024/25 QOF
 *   guidance.
 * - 2025/26: global sum £121.79 per weighted patient and a QOF point worth £225.49, 564 QOF
 *   points (212 retired, 141 of them redistributed to CVD prevention): the same NHS England
 *   document, and the BMA's "GP contract changes England 2025/26".
 * - Later years: no figure was published when this was written, so 2025/26's are carried
 *   forward (a demo assumption, not a forecast); earlier years take 2024/25's.
 *
 * QOF pays by list size against England's average practice list, 9,964 patients in 2024/25
 * (same 2024/25 contract summary); the demo leaves out the prevalence adjustment.
 */
export const DEMO_PUBLIC_FIGURES: Readonly<
  Record<
    number,
    {
      readonly globalSumPencePerWeightedPatient: number;
      readonly qofPencePerPoint: number;
      readonly qofPoints: number;
    }
  >
> = {
  2024: { globalSumPencePerWeightedPatient: 11_250, qofPencePerPoint: 22_062, qofPoints: 635 },
  2025: { globalSumPencePerWeightedPatient: 12_179, qofPencePerPoint: 22_549, qofPoints: 564 },
};

/** England's average practice list in 2024/25: what QOF's list-size adjustment divides by. */
export const ENGLAND_AVERAGE_LIST = 9_964;

/** The figures of a financial year: its own, else the nearest year's (see above). */
export function publicFiguresFor(year: FinancialYear) {
  const years = Object.keys(DEMO_PUBLIC_FIGURES).map(Number);
  const nearest = Math.max(Math.min(year, Math.max(...years)), Math.min(...years));
  const figures = DEMO_PUBLIC_FIGURES[nearest];
  if (!figures) throw new Error(`no public figures for ${String(nearest)}`);
  return figures;
}

/** One line of a demo journal entry, its cost centre by code. */
export interface DemoLedgerLine {
  readonly costCentreCode: string;
  readonly accountCode: AccountCode;
  readonly debitPence: Pence;
  readonly creditPence: Pence;
  readonly memo: string | null;
}

/** A demo journal entry: balanced, dated, on cost centres by code. */
export interface DemoJournalEntry {
  readonly entryDate: IsoDate;
  readonly description: string;
  readonly lines: readonly DemoLedgerLine[];
}

/** The organisation's finance settings, as central finance would have saved them. */
export interface DemoFinanceSettings {
  readonly pencePerPatientPerYear: number;
  readonly basis: 'registered-list';
  readonly frequency: BillingFrequency;
  readonly vatTreatment: VatTreatment;
  readonly paymentTermsDays: number;
  readonly invoicePrefix: string;
  /** The central team's cost centre (made for it), where the form keeps cost centres. */
  readonly centralCostCentre: { readonly code: string; readonly name: string } | null;
}

/** A levy period to run, the practices it should invoice, and when each paid (null: unpaid). */
export interface DemoLevyRun {
  readonly financialYear: FinancialYear;
  readonly periodNumber: number;
  readonly issuedOn: IsoDate;
  readonly invoices: readonly {
    readonly practiceIndex: number;
    readonly paidOn: IsoDate | null;
  }[];
}

/** A central service's saving for a practice over a period (FIN-3). */
export interface DemoCentralSaving {
  readonly practiceIndex: number;
  readonly service:
    'accountancy' | 'banking' | 'indemnity-group-deal' | 'buyers-group' | 'locum-pool';
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly amountPence: Pence;
  readonly note: string;
}

/** A payment a practice expects (FIN-4). */
export interface DemoExpectedPayment {
  readonly practiceIndex: number;
  readonly kind:
    'global-sum' | 'qof-aspiration' | 'qof-achievement' | 'enhanced-service' | 'training-grant';
  readonly payer: string;
  readonly reference: string;
  readonly description: string;
  readonly amountPence: Pence;
  readonly dueOn: IsoDate;
  /** Who chases it (a plan user key), when it is overdue. */
  readonly ownerKey: string | null;
}

/** A row of an imported bank statement, and the expected payment it settles (by index). */
export interface DemoReceivedPayment {
  /** Which statement (index in {@link DemoFinance.imports}). */
  readonly importIndex: number;
  readonly rowNumber: number;
  readonly receivedOn: IsoDate;
  readonly payer: string;
  readonly reference: string;
  readonly amountPence: Pence;
  readonly practiceIndex: number | null;
  readonly match: {
    readonly expectedIndex: number;
    readonly rule: 'reference' | 'amount-payer-date' | 'manual';
  } | null;
}

/** A chase of an overdue expected payment. */
export interface DemoPaymentChase {
  readonly expectedIndex: number;
  readonly chasedOn: IsoDate;
  readonly method: 'email' | 'phone' | 'letter' | 'portal';
  readonly note: string;
  readonly nextActionOn: IsoDate | null;
  readonly chasedByKey: string;
}

/** The finance data of a demo organisation (FIN-1 to FIN-4), pure and seeded. */
export interface DemoFinance {
  /** The first day of the earlier of the two financial years, and the demo's today. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly settings: DemoFinanceSettings;
  /** The weighted list of each of the plan's list size counts, in the same order. */
  readonly weightedListSizes: readonly {
    readonly practiceIndex: number;
    readonly date: IsoDate;
    readonly weightedListSize: number;
  }[];
  readonly journal: readonly DemoJournalEntry[];
  readonly levyRuns: readonly DemoLevyRun[];
  readonly savings: readonly DemoCentralSaving[];
  readonly expectedPayments: readonly DemoExpectedPayment[];
  /** Bank statements imported, one a month: their file names. */
  readonly imports: readonly { readonly fileName: string }[];
  readonly receivedPayments: readonly DemoReceivedPayment[];
  readonly chases: readonly DemoPaymentChase[];
}

/** The central team's cost centre in forms that keep profit per cost centre. */
export const DEMO_CENTRAL_COST_CENTRE = { code: 'CENTRAL', name: 'Central team' } as const;

const pence = (pounds: number) => Math.max(1, Math.round(pounds * 100));

/** The first days of the months from `from` to `to`, inclusive of to's month. */
function monthsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const months: IsoDate[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

const monthLabel = (first: IsoDate) =>
  `${MONTH_NAMES[Number(first.slice(5, 7)) - 1] ?? ''} ${first.slice(0, 4)}`;

/** The latest count of a practice's list on or before a date (else its first count). */
function countOn<T extends { date: IsoDate }>(counts: readonly T[], date: IsoDate): T | undefined {
  let found: T | undefined = counts[0];
  for (const c of counts) if (c.date <= date) found = c;
  return found;
}

/** What one practice earns and spends a year, per patient, before monthly noise. */
interface PracticeEconomics {
  readonly weightFactor: number;
  readonly qofAchievement: number;
  readonly enhancedPerPatient: number;
  readonly arrsPerPatient: number;
  readonly registrars: number;
  readonly privatePerPatient: number;
  readonly staffPerPatient: number;
  readonly locumPerPatient: number;
  readonly premisesPerPatient: number;
  readonly indemnityPerPatient: number;
  readonly suppliesPerPatient: number;
  readonly rechargePerPatient: number;
}

function economicsOf(random: Random, practice: DemoPractice): PracticeEconomics {
  const rural = practice.setting === 'rural';
  const f = (mean: number, sd: number) => Math.max(mean * 0.3, random.normal(mean, sd));
  return {
    // The Carr-Hill weighting: rural and older lists weigh more than their heads.
    weightFactor: rural ? f(1.08, 0.04) : f(0.99, 0.05),
    qofAchievement: Math.min(0.995, f(0.93, 0.04)),
    enhancedPerPatient: f(9, 2),
    arrsPerPatient: f(18, 5),
    // Training practices host GP registrars; about four in ten practices do.
    registrars: random.chance(0.4) ? Math.max(1, Math.round(practice.listSize / 6_000)) : 0,
    privatePerPatient: f(3.5, 1),
    staffPerPatient: f(82, 7),
    locumPerPatient: f(7, 3),
    premisesPerPatient: rural ? f(12, 2) : f(10, 2),
    indemnityPerPatient: f(1.5, 0.3),
    suppliesPerPatient: f(5, 1),
    rechargePerPatient: f(3, 0.5),
  };
}

/** The trainer's grant per GP registrar placement a year (an approximation for the demo). */
const TRAINING_GRANT_POUNDS_A_YEAR = 9_000;
/** QOF aspiration: a share of the year's expected achievement, paid monthly through it. */
const QOF_ASPIRATION_SHARE = 0.7;

const NHS_ENGLAND = 'NHS England';

/**
 * The finance data of a plan, pure and seeded: the financial year containing the plan's today
 * (from 1 April to today) and the full year before it. Where the form keeps profit per cost
 * centre, monthly journal entries per practice (income: global sum on the weighted list, QOF
 * aspiration and achievement by points and point value, enhanced services, PCN/ARRS
 * reimbursements, training grants, private fees; costs: staff, locums, premises, indemnity,
 * supplies, central recharges) from the public figures above, sized by list with seeded
 * variation; the central team's payroll; the levy periods already begun, with who paid them
 * (a few unpaid); and central savings. For every form, expected payments and a monthly bank
 * statement of received ones: most matched, some late, a few missing (overdue, owned and
 * chased), and a couple that match nothing (for review).
 */
export function demoFinance(plan: DemoPlan): DemoFinance {
  const stream = (...key: (string | number)[]) =>
    createRandom(plan.seed, plan.form, plan.scale, 'finance', ...key);
  const today = plan.today;
  const thisYear = financialYearOf(today);
  const years = [thisYear - 1, thisYear];
  const from = financialYearDates(thisYear - 1).from;
  const policy = policyFor(plan.form);
  const members = plan.practices.slice(0, plan.totals.memberPractices);
  const perCentre = plan.costCentres.length > 0;
  const userKeys = new Set(plan.users.map((u) => u.key));
  const financeKey = userKeys.has('finance') ? 'finance' : 'admin';
  const settings: DemoFinanceSettings = {
    pencePerPatientPerYear: policy.defaultLevy.pencePerPatientPerYear,
    basis: 'registered-list',
    frequency: 'quarterly',
    vatTreatment: policy.vatOnServicesBetweenMembers ? 'standard' : 'outside-scope',
    paymentTermsDays: 30,
    invoicePrefix: 'LEVY',
    centralCostCentre: perCentre ? DEMO_CENTRAL_COST_CENTRE : null,
  };

  const economics = members.map((p) => economicsOf(stream('economics', p.index), p));
  const weightedListSizes = members.flatMap((p) =>
    p.listSizes.map((c) => ({
      practiceIndex: p.index,
      date: c.date,
      weightedListSize: Math.round(c.listSize * (economics[p.index]?.weightFactor ?? 1)),
    })),
  );
  const weightedOf = (p: DemoPractice) =>
    weightedListSizes.filter((w) => w.practiceIndex === p.index);
  /** The day a practice became a member (its cost centre starts then). */
  const joinedOn = (p: DemoPractice): IsoDate =>
    p.membership.history.find((c) => c.to === 'member')?.on ?? p.membership.stageSince;
  const centreOn = (practiceIndex: number, date: IsoDate): string | null => {
    let code: string | null = null;
    let since = '';
    for (const a of plan.costCentreAssignments) {
      if (
        a.practiceIndex === practiceIndex &&
        a.effectiveFrom <= date &&
        a.effectiveFrom >= since
      ) {
        code = a.costCentreCode;
        since = a.effectiveFrom;
      }
    }
    return code;
  };

  const months = monthsBetween(from, today);
  const journal: DemoJournalEntry[] = [];
  const expected: DemoExpectedPayment[] = [];
  /** A year's QOF for a practice: points achieved times point value, list-adjusted. */
  const qofValue = (p: DemoPractice, year: FinancialYear, listSize: number) => {
    const figures = publicFiguresFor(year);
    const points = figures.qofPoints * (economics[p.index]?.qofAchievement ?? 0.9);
    return Math.round((points * figures.qofPencePerPoint * listSize) / ENGLAND_AVERAGE_LIST);
  };

  for (const p of members) {
    const e = economics[p.index];
    if (!e) continue;
    const random = stream('ledger', p.index);
    const joined = joinedOn(p);
    const weighted = weightedOf(p);
    // And next month: payments expected but not yet due.
    const next = addMonths(`${today.slice(0, 7)}-01`, 1);
    for (const month of [...months, next]) {
      if (month < joined) continue;
      const year = financialYearOf(month);
      const figures = publicFiguresFor(year);
      const list = countOn(p.listSizes, month)?.listSize ?? p.listSize;
      const weightedList = countOn(weighted, month)?.weightedListSize ?? list;
      const noise = () => random.normal(1, 0.03);
      const globalSum = Math.round((weightedList * figures.globalSumPencePerWeightedPatient) / 12);
      const aspiration = Math.round((qofValue(p, year, list) * QOF_ASPIRATION_SHARE) / 12);
      const enhanced = pence(((list * e.enhancedPerPatient) / 12) * noise());
      const arrs = pence(((list * e.arrsPerPatient) / 12) * noise());
      const training =
        e.registrars > 0 ? pence((e.registrars * TRAINING_GRANT_POUNDS_A_YEAR) / 12) : 0;
      const privateFees = pence(((list * e.privatePerPatient) / 12) * random.normal(1, 0.15));
      // QOF achievement for the year before is paid with June's payment, less its aspiration.
      const achievement =
        month.slice(5, 7) === '06'
          ? Math.round(qofValue(p, year - 1, list) * (1 - QOF_ASPIRATION_SHARE))
          : 0;
      const label = monthLabel(month);
      const ref = (kind: string) => `${kind}-${p.odsCode}-${month.slice(0, 7).replace('-', '')}`;
      const incomeDate = month;
      const centre = perCentre && incomeDate <= today ? centreOn(p.index, incomeDate) : null;
      const income: [AccountCode, Pence, string][] = [
        ['4000', globalSum, `Global sum ${label}`],
        [
          '4010',
          aspiration + achievement,
          achievement > 0 ? 'QOF aspiration and achievement' : 'QOF aspiration',
        ],
        ['4020', enhanced, 'Enhanced services'],
        ['4030', arrs, 'ARRS reimbursement from the PCN'],
        ['4040', training, 'GP registrar trainer grant'],
        ['4050', privateFees, 'Private fees (reports, medicals)'],
      ];
      if (centre !== null) {
        const lines = income.filter(([, amount]) => amount > 0);
        const total = lines.reduce((s, [, amount]) => s + amount, 0);
        journal.push({
          entryDate: incomeDate,
          description: `Income ${label}, ${p.name}`,
          lines: [
            {
              costCentreCode: centre,
              accountCode: '1000',
              debitPence: total,
              creditPence: 0,
              memo: null,
            },
            ...lines.map(([accountCode, amount, memo]) => ({
              costCentreCode: centre,
              accountCode,
              debitPence: 0,
              creditPence: amount,
              memo,
            })),
          ],
        });
      }
      const costDate = addDays(month, 27);
      const costCentre = perCentre ? centreOn(p.index, costDate) : null;
      if (costCentre !== null && costDate <= today) {
        // Locums run higher in the winter months, when sickness and demand peak.
        const winter = ['12', '01', '02'].includes(month.slice(5, 7)) ? 1.6 : 1;
        const costs: [AccountCode, Pence, string][] = [
          ['5000', pence(((list * e.staffPerPatient) / 12) * noise()), 'Payroll'],
          [
            '5010',
            pence(((list * e.locumPerPatient) / 12) * winter * random.normal(1, 0.25)),
            'Locum sessions',
          ],
          ['6000', pence((list * e.premisesPerPatient) / 12), 'Rent, rates and service charge'],
          ['6010', pence((list * e.indemnityPerPatient) / 12), 'Indemnity beyond the state scheme'],
          [
            '6020',
            pence(((list * e.suppliesPerPatient) / 12) * noise()),
            'Clinical and office supplies',
          ],
          [
            '6040',
            pence((list * e.rechargePerPatient) / 12),
            'Central recharges (IT, HR, payroll)',
          ],
        ];
        const total = costs.reduce((s, [, amount]) => s + amount, 0);
        const recharge = costs[5]?.[1] ?? 0;
        journal.push({
          entryDate: costDate,
          description: `Costs ${label}, ${p.name}`,
          lines: [
            ...costs.map(([accountCode, amount, memo]) => ({
              costCentreCode: costCentre,
              accountCode,
              debitPence: amount,
              creditPence: 0,
              memo,
            })),
            {
              costCentreCode: costCentre,
              accountCode: '1000',
              debitPence: 0,
              creditPence: total,
              memo: null,
            },
            // The recharge is the central team's income.
            {
              costCentreCode: DEMO_CENTRAL_COST_CENTRE.code,
              accountCode: '1000',
              debitPence: recharge,
              creditPence: 0,
              memo: null,
            },
            {
              costCentreCode: DEMO_CENTRAL_COST_CENTRE.code,
              accountCode: '4090',
              debitPence: 0,
              creditPence: recharge,
              memo: `Central recharges from ${p.name}`,
            },
          ],
        });
      }

      // What the practice expects to be paid: the global sum and QOF monthly, enhanced
      // services and training grants by the quarter (ICB and NHS England's workforce arm).
      const due = addDays(month, random.int(0, 2));
      expected.push({
        practiceIndex: p.index,
        kind: 'global-sum',
        payer: NHS_ENGLAND,
        reference: ref('GS'),
        description: `Global sum ${label}`,
        amountPence: globalSum,
        dueOn: due,
        ownerKey: null,
      });
      expected.push({
        practiceIndex: p.index,
        kind: 'qof-aspiration',
        payer: NHS_ENGLAND,
        reference: ref('QA'),
        description: `QOF aspiration ${label}`,
        amountPence: aspiration,
        dueOn: due,
        ownerKey: null,
      });
      if (achievement > 0) {
        expected.push({
          practiceIndex: p.index,
          kind: 'qof-achievement',
          payer: NHS_ENGLAND,
          reference: ref('QACH'),
          description: `QOF achievement ${String(year - 1)}/${String(year % 100).padStart(2, '0')}`,
          amountPence: achievement,
          dueOn: addDays(month, 24),
          ownerKey: null,
        });
      }
      if (['06', '09', '12', '03'].includes(month.slice(5, 7))) {
        expected.push({
          practiceIndex: p.index,
          kind: 'enhanced-service',
          payer: `${p.region} ICB`,
          reference: ref('ES'),
          description: `Enhanced services, quarter to ${label}`,
          amountPence: enhanced * 3,
          dueOn: addDays(month, 14),
          ownerKey: null,
        });
        if (training > 0) {
          expected.push({
            practiceIndex: p.index,
            kind: 'training-grant',
            payer: 'NHS England Workforce, Training and Education',
            reference: ref('TG'),
            description: `Trainer grant, quarter to ${label}`,
            amountPence: training * 3,
            dueOn: addDays(month, 20),
            ownerKey: null,
          });
        }
      }
    }
  }

  // The central team: its payroll from the levy and recharges, monthly.
  if (perCentre) {
    const random = stream('central');
    const patients = plan.totals.patients;
    for (const month of months) {
      const date = addDays(month, 27);
      if (date > today) continue;
      const payroll = pence(((patients * 1.6) / 12) * random.normal(1, 0.02));
      journal.push({
        entryDate: date,
        description: `Central team payroll ${monthLabel(month)}`,
        lines: [
          {
            costCentreCode: DEMO_CENTRAL_COST_CENTRE.code,
            accountCode: '5000',
            debitPence: payroll,
            creditPence: 0,
            memo: null,
          },
          {
            costCentreCode: DEMO_CENTRAL_COST_CENTRE.code,
            accountCode: '1000',
            debitPence: 0,
            creditPence: payroll,
            memo: null,
          },
        ],
      });
    }
  }

  const levyRuns =
    perCentre && settings.pencePerPatientPerYear > 0
      ? demoLevyRuns(stream('levy'), members, years, today, settings, joinedOn)
      : [];
  const savings =
    perCentre && settings.pencePerPatientPerYear > 0
      ? demoSavings(stream('savings'), members, years, today, joinedOn)
      : [];

  const statements = receivedOf(stream('received'), expected, members, today, financeKey);
  return {
    from,
    to: today,
    settings,
    weightedListSizes,
    journal,
    levyRuns,
    savings,
    expectedPayments: statements.expected,
    imports: statements.imports,
    receivedPayments: statements.received,
    chases: statements.chases,
  };
}

/**
 * The levy periods begun by today, issued on their first day: every practice that was a member
 * by then is invoiced (as the levy run decides); most pay 5-28 days after the invoice, by
 * today; a few of the periods already due stay unpaid.
 */
function demoLevyRuns(
  random: Random,
  members: readonly DemoPractice[],
  years: readonly FinancialYear[],
  today: IsoDate,
  settings: DemoFinanceSettings,
  joinedOn: (p: DemoPractice) => IsoDate,
): DemoLevyRun[] {
  const runs: DemoLevyRun[] = [];
  for (const year of years) {
    for (const period of billingPeriods(year, settings.frequency)) {
      if (period.from > today) continue;
      const issuedOn = period.from;
      const due = dueDate(issuedOn, settings.paymentTermsDays);
      const invoiced = members.filter((p) => joinedOn(p) <= period.from && p.listSize > 0);
      // Unpaid: about one invoice in fifteen of those already due (at least one in the
      // latest period due), and every one not yet due.
      const unpaid = new Set(
        due < today
          ? invoiced.filter(() => random.chance(1 / 15)).map((p) => p.index)
          : invoiced.map((p) => p.index),
      );
      const latestDue =
        due < today && dueDate(addMonths(issuedOn, 3), settings.paymentTermsDays) >= today;
      const last = invoiced[invoiced.length - 1];
      if (latestDue && unpaid.size === 0 && last) unpaid.add(last.index);
      runs.push({
        financialYear: year,
        periodNumber: period.number,
        issuedOn,
        invoices: invoiced.map((p) => {
          const paidOn = addDays(issuedOn, random.int(5, 28));
          return {
            practiceIndex: p.index,
            paidOn: unpaid.has(p.index) || paidOn > today ? null : paidOn,
          };
        }),
      });
    }
  }
  return runs;
}

/** Savings per patient a year by service, in pounds (what the levy is earned back by). */
const SAVINGS_PER_PATIENT: readonly [DemoCentralSaving['service'], number, string][] = [
  ['accountancy', 0.6, 'One firm of accountants for every cost centre'],
  ['banking', 0.25, 'Group banking tariff'],
  ['indemnity-group-deal', 0.7, 'MDO group scheme for every clinician'],
  ['buyers-group', 0.5, 'Consumables and equipment through the buyers group'],
  // The locum pool's saving is not recorded: the report works it out from the rota.
];

/** Each member's savings by service per half-year begun by today (cut at today). */
function demoSavings(
  random: Random,
  members: readonly DemoPractice[],
  years: readonly FinancialYear[],
  today: IsoDate,
  joinedOn: (p: DemoPractice) => IsoDate,
): DemoCentralSaving[] {
  const savings: DemoCentralSaving[] = [];
  for (const year of years) {
    const halves = [
      { from: `${String(year)}-04-01`, to: `${String(year)}-09-30` },
      { from: `${String(year)}-10-01`, to: `${String(year + 1)}-03-31` },
    ];
    for (const half of halves) {
      if (half.from > today) continue;
      const to = half.to < today ? half.to : today;
      const share = (epochDay(to) - epochDay(half.from) + 1) / 365;
      for (const p of members) {
        if (joinedOn(p) > half.from) continue;
        // Some practices use the services more than others: a few fall short of the levy.
        const use = Math.max(0.2, random.normal(1.05, 0.3));
        for (const [service, perPatient, note] of SAVINGS_PER_PATIENT) {
          const amount = pence(p.listSize * perPatient * share * use * random.normal(1, 0.15));
          savings.push({
            practiceIndex: p.index,
            service,
            periodFrom: half.from,
            periodTo: to,
            amountPence: amount,
            note,
          });
        }
      }
    }
  }
  return savings;
}

/**
 * The bank's view of the expected payments: a statement a month of what arrived. Most arrive
 * on the day due or within three days (matched by reference); about one in twenty arrives 20
 * to 70 days late (matched on amount, payer and date, or by hand when past the matching
 * window); a few due in the last four months never arrive (overdue: owned, some chased); and
 * two rows match nothing and wait for review.
 */
function receivedOf(
  random: Random,
  expected: readonly DemoExpectedPayment[],
  members: readonly DemoPractice[],
  today: IsoDate,
  ownerKey: string,
): {
  expected: DemoExpectedPayment[];
  imports: { fileName: string }[];
  received: DemoReceivedPayment[];
  chases: DemoPaymentChase[];
} {
  const recentFrom = addDays(today, -120);
  const rows: Omit<DemoReceivedPayment, 'importIndex' | 'rowNumber'>[] = [];
  const owned: DemoExpectedPayment[] = [];
  const missing: number[] = [];
  // At least one missing payment in each ageing bucket (1-30, 31-60, 61-90, over 90 days).
  const forced = new Set<number>();
  for (const [early, late] of [
    [1, 30],
    [31, 60],
    [61, 90],
    [91, 120],
  ] as const) {
    const candidates = expected.flatMap((e, index) => {
      const overdue = epochDay(today) - epochDay(e.dueOn);
      return overdue >= early && overdue <= late ? [index] : [];
    });
    if (candidates.length > 0) forced.add(candidates[random.int(0, candidates.length - 1)] ?? -1);
  }
  expected.forEach((e, index) => {
    if (e.dueOn > today) {
      owned.push(e);
      return;
    }
    const roll = random.float();
    const recent = e.dueOn >= recentFrom;
    if (forced.has(index) || (recent && roll < 0.05) || (!recent && roll < 0.004)) {
      missing.push(index);
      owned.push({ ...e, ownerKey });
      return;
    }
    owned.push(e);
    const late = roll > 0.94;
    const receivedOn = addDays(e.dueOn, late ? random.int(20, 70) : random.int(0, 3));
    if (receivedOn > today) {
      // Not here yet: still within the month the statement covers, so not missing.
      return;
    }
    const days = epochDay(receivedOn) - epochDay(e.dueOn);
    rows.push({
      receivedOn,
      payer: e.payer,
      // Late payments often come with a batch reference rather than the remittance's own.
      reference: late
        ? `BACS ${String(random.int(100_000, 999_999))}`
        : `${e.reference} ${e.description}`,
      amountPence: e.amountPence,
      practiceIndex: e.practiceIndex,
      match: {
        expectedIndex: index,
        rule: !late ? 'reference' : days <= 60 ? 'amount-payer-date' : 'manual',
      },
    });
  });
  // Two rows nobody expected: a refund of a prior-year overpayment and an unknown credit.
  const first = members[0];
  if (first) {
    rows.push({
      receivedOn: addDays(today, -9),
      payer: NHS_ENGLAND,
      reference: 'PRIOR YEAR ADJ',
      amountPence: 184_250,
      practiceIndex: first.index,
      match: null,
    });
    rows.push({
      receivedOn: addDays(today, -4),
      payer: 'Unknown remitter',
      reference: `FPS ${String(random.int(10_000, 99_999))}`,
      amountPence: 42_000,
      practiceIndex: null,
      match: null,
    });
  }
  rows.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
  const imports: { fileName: string }[] = [];
  const received: DemoReceivedPayment[] = [];
  const importOf = new Map<string, number>();
  let rowNumber = 0;
  for (const row of rows) {
    const month = row.receivedOn.slice(0, 7);
    let at = importOf.get(month);
    if (at === undefined) {
      at = imports.length;
      importOf.set(month, at);
      imports.push({ fileName: `bank-statement-${month}.csv` });
      rowNumber = 0;
    }
    rowNumber += 1;
    received.push({ ...row, importIndex: at, rowNumber });
  }
  // The oldest overdue payments have been chased, once or twice.
  const chases: DemoPaymentChase[] = [];
  const oldest = [...missing]
    .filter((i) => (expected[i]?.dueOn ?? today) >= recentFrom)
    .sort((a, b) => ((expected[a]?.dueOn ?? '') < (expected[b]?.dueOn ?? '') ? -1 : 1))
    .slice(0, 4);
  oldest.forEach((index, n) => {
    const e = expected[index];
    if (!e) return;
    const first = addDays(e.dueOn, 14);
    if (first > today) return;
    chases.push({
      expectedIndex: index,
      chasedOn: first,
      method: 'email',
      note: `Asked ${e.payer} for remittance of ${e.reference}`,
      nextActionOn: addDays(first, 14),
      chasedByKey: ownerKey,
    });
    const second = addDays(first, 21);
    if (n % 2 === 0 && second <= today) {
      chases.push({
        expectedIndex: index,
        chasedOn: second,
        method: 'phone',
        note: 'Promised in the next payment run',
        nextActionOn: addDays(second, 10),
        chasedByKey: ownerKey,
      });
    }
  });
  return { expected: owned, imports, received, chases };
}
