import { parseCsv } from '../common/csv-records.js';
import { AtscaleError, type FieldProblem } from '../errors.js';
import { MAX_AMOUNT_PENCE, parsePounds, type Pence } from '../finance/money.js';
import {
  RECHARGE_SERVICE_VAT_TREATMENTS,
  type RechargeServiceVatTreatment,
} from '../finance/recharge.js';
import { policyFor } from '../org/form-policy.js';
import { odsCodeProblem } from '../org/ods-code.js';
import { SESSIONS_PER_WTE } from '../workforce/resilience.js';

/**
 * The inputs of the planner (PLAN-1): a set of practices and the assumptions a year of them is
 * simulated under. Money is whole pence; rates are shares from 0 to 1.
 */
export interface ScenarioPractice {
  readonly odsCode: string;
  readonly name: string;
  readonly listSize: number;
  /** Whole-time equivalent GPs (and others who see undiagnosed problems: ANPs, PAs). */
  readonly gpWte: number;
  /** Whole-time equivalent practice nurses. */
  readonly nurseWte: number;
  readonly sites: number;
  /** A year's income and costs before locums, levy and shared services (pence). */
  readonly incomePence: Pence;
  readonly costsPence: Pence;
  readonly partners: number;
}

/** How many requests come in and how they vary. */
export interface DemandModel {
  /** Requests for a clinician per 1,000 registered patients on an average weekday. */
  readonly requestsPer1000PerWeekday: number;
  /** Monday to Friday multipliers; they average 1. */
  readonly dayOfWeek: readonly [number, number, number, number, number];
  /** Twelve monthly multipliers from April; they average 1. */
  readonly seasonal: readonly number[];
  /** Day-to-day variation beyond Poisson: the coefficient of variation of each day's mean. */
  readonly variation: number;
  /** Share of requests resolved at triage without an appointment (admin, self-care, pharmacy). */
  readonly resolvedWithoutAppointment: number;
  /** Share of appointments that are face to face when a practice triages its own requests. */
  readonly faceToFaceShare: number;
  /** Share of requests needing an appointment that must be seen the same day. */
  readonly sameDayShare: number;
  /** Working days a routine request may wait before it counts as unmet. */
  readonly routineWindowDays: number;
}

/** What a session of each role gives the request queue. */
export interface CapacityModel {
  readonly sessionsPerWte: number;
  readonly gpAppointmentsPerSession: number;
  readonly nurseAppointmentsPerSession: number;
  /** Share of nurse sessions available to requests (the rest is planned care). */
  readonly nurseShareForRequests: number;
}

/** Sickness and turnover of clinicians. */
export interface WorkforceModel {
  /** Share of clinician working days lost to sickness. */
  readonly sicknessRate: number;
  /** Mean length of a sickness spell, working days. */
  readonly sicknessSpellDays: number;
  /** Share of clinicians who leave in a year. */
  readonly turnoverPerYear: number;
  /** Mean working days a post stays vacant after someone leaves. */
  readonly vacancyDays: number;
  /** A day is "in crisis" when the capacity a practice's patients can reach is below this share of planned. */
  readonly crisisShare: number;
  /** "Cannot cover" a week: covered sessions below this share of planned. */
  readonly coverShare: number;
}

/** Money settings (pence). */
export interface MoneyModel {
  readonly levyPencePerPatient: number;
  readonly centralSavingsPencePerPatient: number;
  /** What the central team costs where profit is pooled (paid off the top, no levy). */
  readonly centralCostPencePerPatient: number;
  /** A year's running cost of the shared hub, split between members by list size. */
  readonly hubCostPencePerYear: Pence;
  /** Hub appointments a weekday. */
  readonly hubAppointmentsPerDay: number;
  /**
   * In a hub network a practice refers to the hub only after seeing this share of its planned
   * in-house appointments that day (the agreed threshold, ACC-4).
   */
  readonly hubThresholdShare: number;
  /** A federation's MOU costs per member a year (legal, governance, meetings). */
  readonly mouCostPencePerPractice: Pence;
  /** Whether services between separate businesses are taxable ('standard') or 'exempt'. */
  readonly sharedServiceVat: RechargeServiceVatTreatment;
  readonly vatBasisPoints: number;
  readonly externalLocumPencePerSession: Pence;
  readonly poolLocumPencePerSession: Pence;
  /** Share of lost sessions practices alone fill with external locums. */
  readonly externalCoverShare: number;
  /** Share of lost sessions a locum pool or pooled workforce fills, while it has sessions. */
  readonly poolCoverShare: number;
  /** The pool's sessions a day, as a share of the group's planned sessions. */
  readonly poolCapacityShare: number;
  /** Central telephone triage: share of clinical requests then seen face to face. */
  readonly pyramidalFaceToFaceConversion: number;
  /** A triage call's share of an appointment's clinician time. */
  readonly triageCallSlot: number;
  /** MCP: share of the budget top-sliced, and the same-day share that earns all of it back. */
  readonly mcpTopSlice: number;
  readonly mcpEarnBackTarget: number;
}

/** A scenario to simulate. */
export interface Scenario {
  readonly name: string;
  readonly practices: readonly ScenarioPractice[];
  readonly demand: DemandModel;
  readonly capacity: CapacityModel;
  readonly workforce: WorkforceModel;
  readonly money: MoneyModel;
}

/** The settings of a scenario other than its practices. */
export type ScenarioAssumptions = Omit<Scenario, 'name' | 'practices'>;

/** One default and where it comes from. */
export interface AssumptionSource {
  readonly field: string;
  readonly source: string;
}

/** Working days simulated: 52 weeks of Monday to Friday less England's 8 bank holidays. */
export const WORKING_DAYS_PER_YEAR = 252;

/** The defaults, each named in {@link DEFAULT_SOURCES}. */
export const DEFAULT_ASSUMPTIONS: ScenarioAssumptions = {
  demand: {
    requestsPer1000PerWeekday: 17,
    dayOfWeek: [1.3, 1.0, 0.93, 0.93, 0.84],
    seasonal: [0.95, 0.95, 0.92, 0.88, 0.9, 1.0, 1.05, 1.08, 1.12, 1.15, 1.02, 0.98],
    variation: 0.08,
    resolvedWithoutAppointment: 0.25,
    faceToFaceShare: 0.64,
    sameDayShare: 0.4,
    routineWindowDays: 10,
  },
  capacity: {
    sessionsPerWte: SESSIONS_PER_WTE,
    gpAppointmentsPerSession: 12,
    nurseAppointmentsPerSession: 12,
    nurseShareForRequests: 0.5,
  },
  workforce: {
    sicknessRate: 0.045,
    sicknessSpellDays: 5,
    turnoverPerYear: 0.1,
    vacancyDays: 60,
    crisisShare: 0.7,
    coverShare: 0.8,
  },
  money: {
    levyPencePerPatient: policyFor('autonomy-super-partnership').defaultLevy.pencePerPatientPerYear,
    centralSavingsPencePerPatient: 250,
    centralCostPencePerPatient: 200,
    hubCostPencePerYear: 15_000_000,
    hubAppointmentsPerDay: 40,
    hubThresholdShare: 0.9,
    mouCostPencePerPractice: 300_000,
    sharedServiceVat: 'standard',
    vatBasisPoints: 2_000,
    externalLocumPencePerSession: 90_000,
    poolLocumPencePerSession: 70_000,
    externalCoverShare: 0.5,
    poolCoverShare: 0.8,
    poolCapacityShare: 0.05,
    pyramidalFaceToFaceConversion: 0.3,
    triageCallSlot: 0.5,
    mcpTopSlice: 0.03,
    mcpEarnBackTarget: 0.9,
  },
};

/** Where each default comes from: a public figure (DOMAIN.md, sources) or an atscale assumption. */
export const DEFAULT_SOURCES: readonly AssumptionSource[] = [
  {
    field: 'demand.requestsPer1000PerWeekday',
    source:
      'About 0.5 GP appointments per patient a month in England (NHS England, 367 million in 2024) is ~24 per 1,000 a weekday; assumption: about 17 of those come through the request queue, the rest are planned care',
  },
  {
    field: 'demand.dayOfWeek',
    source: 'Assumption: Monday busiest, Friday quietest (the familiar Monday peak)',
  },
  {
    field: 'demand.seasonal',
    source: 'Assumption: winter peak about 15% above average, late summer trough, from April',
  },
  { field: 'demand.variation', source: 'Assumption: 8% day-to-day variation beyond Poisson' },
  {
    field: 'demand.resolvedWithoutAppointment',
    source: 'Assumption: a quarter of requests are admin, self-care or pharmacy',
  },
  {
    field: 'demand.faceToFaceShare',
    source:
      'NHS England "Appointments in General Practice" 2024-25: face to face about 63-65% of appointments',
  },
  {
    field: 'demand.sameDayShare',
    source: 'Assumption: 40% of requests needing an appointment are for the same day',
  },
  {
    field: 'demand.routineWindowDays',
    source: 'Within 2 weeks (the triage urgency window of 14 days) is 10 working days',
  },
  {
    field: 'capacity.sessionsPerWte',
    source: 'atscale workforce assumption: 8 clinical sessions a week is one WTE',
  },
  {
    field: 'capacity.gpAppointmentsPerSession',
    source: 'BMA safe working guidance: about 25 contacts a day, i.e. about 12 a session',
  },
  {
    field: 'capacity.nurseShareForRequests',
    source: 'Assumption: half of nurse sessions serve requests, half planned care',
  },
  {
    field: 'workforce.sicknessRate',
    source: 'NHS staff sickness absence about 4.5-5% (NHS Digital sickness absence rates)',
  },
  {
    field: 'workforce.turnoverPerYear',
    source: 'Assumption: 10% of clinicians leave a year; a post stays vacant about 3 months',
  },
  {
    field: 'workforce.crisisShare',
    source: 'Assumption: below 70% of planned capacity a practice is in crisis',
  },
  {
    field: 'money.levyPencePerPatient',
    source: 'OHP: "Levy of £2 per patient" (source 001)',
  },
  {
    field: 'money.centralSavingsPencePerPatient',
    source:
      'Assumption: central savings (accountancy, banking, indemnity, buyers group) slightly above the levy, as OHP expects the levy to be earned back (source 001)',
  },
  {
    field: 'money.centralCostPencePerPatient',
    source:
      'Assumption: the same central team as the £2 levy funds, paid off the top where profit is pooled',
  },
  {
    field: 'money.hubCostPencePerYear',
    source: 'Assumption: £150,000 a year for a hub of 40 appointments a weekday',
  },
  {
    field: 'money.hubThresholdShare',
    source:
      'Hubs: practices may refer only after an agreed number of patients were seen in-house (source 001); assumption: 90% of planned',
  },
  {
    field: 'money.sharedServiceVat',
    source:
      'Services one member provides to another are "liable to VAT" in a federation (source 001); 20% standard rate',
  },
  {
    field: 'money.externalLocumPencePerSession',
    source: 'Assumption: £900 a session for an external locum, £700 from an internal pool',
  },
  {
    field: 'money.poolCoverShare',
    source:
      "Assumption: practices alone fill half their lost sessions with external locums; an internal pool fills 80% while it has sessions, up to 5% of the group's planned sessions a day",
  },
  {
    field: 'money.pyramidalFaceToFaceConversion',
    source: 'Modality: about 30% of telephone-triaged requests then seen face to face (source 001)',
  },
  {
    field: 'money.mcpTopSlice',
    source: 'MCP contract: top slice 2.5-4% of the budget earned back on quality (source 001)',
  },
];

/** Why a scenario is not valid: every field that is wrong. */
function fail(problems: readonly FieldProblem[]): never {
  const first = problems[0];
  throw new AtscaleError(
    'validation-failed',
    first ? `${first.field}: ${first.message}` : 'The scenario is not valid',
    problems,
  );
}

/** Reads a scenario from parsed JSON: defaults for what is missing, field-naming errors for what is wrong. */
export function parseScenario(input: unknown): Scenario {
  const problems: FieldProblem[] = [];
  const root = isRecord(input) ? input : {};
  if (!isRecord(input)) problems.push({ field: '/', message: 'A scenario is a JSON object' });
  const name = typeof root['name'] === 'string' && root['name'].trim() ? root['name'] : 'Scenario';
  const practicesIn = root['practices'];
  const practices: ScenarioPractice[] = [];
  if (!Array.isArray(practicesIn) || practicesIn.length === 0) {
    problems.push({ field: '/practices', message: 'Give at least one practice' });
  } else {
    practicesIn.forEach((p: unknown, i) => {
      const at = `/practices/${i}`;
      const r = isRecord(p) ? p : {};
      const practice = {
        odsCode: str(r, 'odsCode'),
        name: str(r, 'name'),
        listSize: num(r, 'listSize'),
        gpWte: num(r, 'gpWte'),
        nurseWte: num(r, 'nurseWte'),
        sites: num(r, 'sites'),
        incomePence: num(r, 'incomePence'),
        costsPence: num(r, 'costsPence'),
        partners: num(r, 'partners'),
      };
      problems.push(...practiceProblems(practice, at));
      practices.push(practice);
    });
    const seen = new Set<string>();
    practices.forEach((p, i) => {
      if (seen.has(p.odsCode)) {
        problems.push({ field: `/practices/${i}/odsCode`, message: `${p.odsCode} is given twice` });
      }
      seen.add(p.odsCode);
    });
  }
  const sections = ['demand', 'capacity', 'workforce', 'money'] as const;
  const merged: Record<string, Record<string, unknown>> = {};
  for (const section of sections) {
    const given = root[section];
    if (given !== undefined && !isRecord(given)) {
      problems.push({ field: `/${section}`, message: 'An object of settings' });
    }
    const defaults = DEFAULT_ASSUMPTIONS[section] as unknown as Record<string, unknown>;
    const values: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(isRecord(given) ? given : {})) {
      if (!(key in defaults)) {
        problems.push({ field: `/${section}/${key}`, message: 'Not a setting of the planner' });
      } else values[key] = value;
    }
    merged[section] = values;
  }
  const assumptions = merged as unknown as ScenarioAssumptions;
  problems.push(...assumptionProblems(assumptions));
  if (problems.length > 0) fail(problems);
  return { name, practices, ...assumptions };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const str = (r: Record<string, unknown>, key: string) => (typeof r[key] === 'string' ? r[key] : '');
const num = (r: Record<string, unknown>, key: string) =>
  typeof r[key] === 'number' ? r[key] : Number.NaN;

/** What is wrong with one practice, fields under `at`. */
export function practiceProblems(p: ScenarioPractice, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ods = odsCodeProblem(p.odsCode);
  if (ods) problems.push({ field: `${at}/odsCode`, message: ods });
  if (!p.name.trim()) problems.push({ field: `${at}/name`, message: 'Give the practice a name' });
  const whole = (field: keyof ScenarioPractice, min: number, max: number) => {
    const v = p[field] as number;
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      problems.push({
        field: `${at}/${field}`,
        message: `A whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`,
      });
    }
  };
  const real = (field: keyof ScenarioPractice, min: number, max: number) => {
    const v = p[field] as number;
    if (!Number.isFinite(v) || v < min || v > max) {
      problems.push({ field: `${at}/${field}`, message: `A number from ${min} to ${max}` });
    }
  };
  whole('listSize', 1, 200_000);
  real('gpWte', 0, 200);
  real('nurseWte', 0, 200);
  whole('sites', 1, 50);
  whole('incomePence', 0, MAX_AMOUNT_PENCE);
  whole('costsPence', 0, MAX_AMOUNT_PENCE);
  whole('partners', 1, 200);
  if (Number.isFinite(p.gpWte) && Number.isFinite(p.nurseWte) && p.gpWte + p.nurseWte <= 0) {
    problems.push({ field: `${at}/gpWte`, message: 'A practice needs some clinicians' });
  }
  return problems;
}

/** What is wrong with the settings. */
export function assumptionProblems(a: ScenarioAssumptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: string, value: unknown, min: number, max: number, whole = false) => {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (whole && !Number.isSafeInteger(value))
    ) {
      problems.push({
        field,
        message: `${whole ? 'A whole number' : 'A number'} from ${min} to ${max}`,
      });
    }
  };
  const share = (field: string, value: unknown) => {
    check(field, value, 0, 1);
  };
  const d = a.demand;
  check('/demand/requestsPer1000PerWeekday', d.requestsPer1000PerWeekday, 0, 500);
  const shape = (field: string, list: unknown, length: number) => {
    if (!Array.isArray(list) || list.length !== length) {
      problems.push({ field, message: `A list of ${length} multipliers` });
      return;
    }
    list.forEach((v: unknown, i) => {
      check(`${field}/${i}`, v, 0, 5);
    });
  };
  shape('/demand/dayOfWeek', d.dayOfWeek, 5);
  shape('/demand/seasonal', d.seasonal, 12);
  check('/demand/variation', d.variation, 0, 1);
  share('/demand/resolvedWithoutAppointment', d.resolvedWithoutAppointment);
  share('/demand/faceToFaceShare', d.faceToFaceShare);
  share('/demand/sameDayShare', d.sameDayShare);
  check('/demand/routineWindowDays', d.routineWindowDays, 0, 60, true);
  const c = a.capacity;
  check('/capacity/sessionsPerWte', c.sessionsPerWte, 1, 11);
  check('/capacity/gpAppointmentsPerSession', c.gpAppointmentsPerSession, 0, 60);
  check('/capacity/nurseAppointmentsPerSession', c.nurseAppointmentsPerSession, 0, 60);
  share('/capacity/nurseShareForRequests', c.nurseShareForRequests);
  const w = a.workforce;
  check('/workforce/sicknessRate', w.sicknessRate, 0, 0.5);
  check('/workforce/sicknessSpellDays', w.sicknessSpellDays, 1, 120);
  check('/workforce/turnoverPerYear', w.turnoverPerYear, 0, 1);
  check('/workforce/vacancyDays', w.vacancyDays, 1, 252);
  share('/workforce/crisisShare', w.crisisShare);
  share('/workforce/coverShare', w.coverShare);
  const m = a.money;
  const pence = (field: string, value: unknown, max = MAX_AMOUNT_PENCE) => {
    check(field, value, 0, max, true);
  };
  pence('/money/levyPencePerPatient', m.levyPencePerPatient, 100_000);
  pence('/money/centralSavingsPencePerPatient', m.centralSavingsPencePerPatient, 100_000);
  pence('/money/centralCostPencePerPatient', m.centralCostPencePerPatient, 100_000);
  pence('/money/hubCostPencePerYear', m.hubCostPencePerYear);
  check('/money/hubAppointmentsPerDay', m.hubAppointmentsPerDay, 0, 10_000, true);
  share('/money/hubThresholdShare', m.hubThresholdShare);
  pence('/money/mouCostPencePerPractice', m.mouCostPencePerPractice);
  // Read from JSON, so it may be anything until checked.
  const vat: unknown = m.sharedServiceVat;
  if (!(RECHARGE_SERVICE_VAT_TREATMENTS as readonly unknown[]).includes(vat)) {
    problems.push({ field: '/money/sharedServiceVat', message: "Either 'standard' or 'exempt'" });
  }
  check('/money/vatBasisPoints', m.vatBasisPoints, 0, 10_000, true);
  pence('/money/externalLocumPencePerSession', m.externalLocumPencePerSession, 1_000_000);
  pence('/money/poolLocumPencePerSession', m.poolLocumPencePerSession, 1_000_000);
  share('/money/externalCoverShare', m.externalCoverShare);
  share('/money/poolCoverShare', m.poolCoverShare);
  share('/money/poolCapacityShare', m.poolCapacityShare);
  share('/money/pyramidalFaceToFaceConversion', m.pyramidalFaceToFaceConversion);
  check('/money/triageCallSlot', m.triageCallSlot, 0, 2);
  check('/money/mcpTopSlice', m.mcpTopSlice, 0, 0.2);
  share('/money/mcpEarnBackTarget', m.mcpEarnBackTarget);
  return problems;
}

/** The columns of a practices CSV, in any order, with a header row. */
export const PRACTICE_CSV_COLUMNS = [
  'ods_code',
  'name',
  'list_size',
  'gp_wte',
  'nurse_wte',
  'sites',
  'income',
  'costs',
  'partners',
] as const;

/**
 * Reads practices from CSV (ORG-4 style import for the planner): a header row naming the
 * columns above (any order, extra columns ignored), income and costs in pounds as people write
 * them ("£1,234,567.89"). Every problem is reported with its line number and column; nothing is
 * returned unless every row is good.
 */
export function parsePracticesCsv(text: string): ScenarioPractice[] {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) fail([{ field: 'line 1', message: 'The file is empty: a header row is needed' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = PRACTICE_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    fail([
      {
        field: `line ${header.row}`,
        message: `The header lacks ${missing.join(', ')} (columns: ${PRACTICE_CSV_COLUMNS.join(', ')})`,
      },
    ]);
  }
  const col = (c: (typeof PRACTICE_CSV_COLUMNS)[number]) => names.indexOf(c);
  const problems: FieldProblem[] = [];
  const practices: ScenarioPractice[] = [];
  for (const record of records.slice(1)) {
    const at = `line ${record.row}`;
    if (record.fields.length !== names.length) {
      problems.push({
        field: at,
        message: `${record.fields.length} fields where the header has ${names.length}`,
      });
      continue;
    }
    const get = (c: (typeof PRACTICE_CSV_COLUMNS)[number]) => (record.fields[col(c)] ?? '').trim();
    const number = (c: (typeof PRACTICE_CSV_COLUMNS)[number]) => {
      const raw = get(c);
      return raw === '' || !/^-?[\d.,]+$/.test(raw) ? Number.NaN : Number(raw.replace(/,/g, ''));
    };
    const money = (c: (typeof PRACTICE_CSV_COLUMNS)[number]) => parsePounds(get(c)) ?? Number.NaN;
    const practice: ScenarioPractice = {
      odsCode: get('ods_code'),
      name: get('name'),
      listSize: number('list_size'),
      gpWte: number('gp_wte'),
      nurseWte: number('nurse_wte'),
      sites: number('sites'),
      incomePence: money('income'),
      costsPence: money('costs'),
      partners: number('partners'),
    };
    const csvColumn: Record<string, string> = {
      odsCode: 'ods_code',
      listSize: 'list_size',
      gpWte: 'gp_wte',
      nurseWte: 'nurse_wte',
      incomePence: 'income',
      costsPence: 'costs',
    };
    for (const problem of practiceProblems(practice, '')) {
      const key = problem.field.slice(1);
      const column = csvColumn[key] ?? key;
      const message =
        column === 'income' || column === 'costs'
          ? 'An amount of pounds, for example 1234567.89'
          : problem.message;
      problems.push({ field: `${at}, ${column}`, message });
    }
    if (practices.some((p) => p.odsCode === practice.odsCode)) {
      problems.push({ field: `${at}, ods_code`, message: `${practice.odsCode} is given twice` });
    }
    practices.push(practice);
  }
  if (practices.length === 0 && problems.length === 0) {
    problems.push({ field: 'line 2', message: 'No practices: the file has only its header' });
  }
  if (problems.length > 0) fail(problems);
  return practices;
}

/** Planned sessions a weekday of each role, for one practice. */
export function plannedSessionsPerDay(
  p: ScenarioPractice,
  capacity: CapacityModel,
): { gp: number; nurse: number } {
  return {
    gp: (p.gpWte * capacity.sessionsPerWte) / 5,
    nurse: (p.nurseWte * capacity.sessionsPerWte) / 5,
  };
}
