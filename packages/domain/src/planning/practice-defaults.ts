import type { AssumptionSource, ScenarioPractice } from './scenario.js';
import { WORKING_DAYS_PER_YEAR } from './scenario.js';

/**
 * Filling in a scenario's practice from what an organisation holds about it (PLAN-1): the list
 * size, staff sessions and partners where they are recorded, and a stated default where they
 * are not, so the planner can start from the organisation's own practices and say which
 * numbers are its own and which are assumed.
 */

/** What an organisation knows about one practice; null where it holds nothing. */
export interface PlanningPracticeFacts {
  readonly odsCode: string;
  readonly name: string;
  readonly listSize: number | null;
  /** Contracted sessions a week of GPs, ANPs and physician associates on its staff register. */
  readonly gpSessions: number | null;
  readonly nurseSessions: number | null;
  readonly sites: number;
  readonly partners: number | null;
}

/** Defaults for a practice, each named in {@link PRACTICE_DEFAULT_SOURCES}. */
export const PRACTICE_DEFAULTS = {
  listSize: 8_000,
  patientsPerGpWte: 2_100,
  patientsPerNurseWte: 4_000,
  incomePencePerPatient: 15_500,
  costShareOfIncome: 0.7,
  patientsPerPartner: 2_500,
} as const;

export const PRACTICE_DEFAULT_SOURCES: readonly AssumptionSource[] = [
  {
    field: 'practices.listSize',
    source:
      'Latest list size recorded for the practice; otherwise 8,000 (about the average in England)',
  },
  {
    field: 'practices.gpWte',
    source:
      'Contracted sessions of GPs, ANPs and physician associates on the staff register over 8; otherwise one WTE per 2,100 patients (NHS Digital GP workforce, about 2,100-2,300 patients per qualified GP FTE)',
  },
  {
    field: 'practices.nurseWte',
    source:
      'Contracted sessions of practice nurses on the staff register over 8; otherwise one WTE per 4,000 patients (NHS Digital GP workforce)',
  },
  {
    field: 'practices.incomePence',
    source:
      'Assumption: £155 a patient a year (global sum, QOF and enhanced services); replace with the practice accounts',
  },
  {
    field: 'practices.costsPence',
    source: 'Assumption: costs 70% of income before partners’ drawings; replace with the accounts',
  },
  {
    field: 'practices.partners',
    source: 'Partners on the staff register; otherwise one per 2,500 patients (assumption)',
  },
];

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A scenario practice from what is known of it, defaults for the rest. */
export function practiceFromFacts(
  facts: PlanningPracticeFacts,
  sessionsPerWte: number,
): ScenarioPractice {
  const listSize = facts.listSize ?? PRACTICE_DEFAULTS.listSize;
  const wte = (sessions: number | null, perWte: number) =>
    sessions !== null && sessions > 0
      ? round2(sessions / sessionsPerWte)
      : round2(Math.max(0.5, listSize / perWte));
  const incomePence = Math.round(listSize * PRACTICE_DEFAULTS.incomePencePerPatient);
  return {
    odsCode: facts.odsCode,
    name: facts.name,
    listSize,
    gpWte: wte(facts.gpSessions, PRACTICE_DEFAULTS.patientsPerGpWte),
    nurseWte: wte(facts.nurseSessions, PRACTICE_DEFAULTS.patientsPerNurseWte),
    sites: Math.max(1, facts.sites),
    incomePence,
    costsPence: Math.round(incomePence * PRACTICE_DEFAULTS.costShareOfIncome),
    partners:
      facts.partners !== null && facts.partners > 0
        ? facts.partners
        : Math.max(1, Math.round(listSize / PRACTICE_DEFAULTS.patientsPerPartner)),
  };
}

/** Requests received by an organisation's practices over a period of weekdays. */
export interface ObservedDemand {
  readonly requests: number;
  readonly weekdays: number;
  readonly listSize: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Requests per 1,000 patients per weekday seen in the organisation's own access data, or null
 * when there is too little of it (fewer than 5 weekdays or 50 requests) to go on.
 */
export function observedRequestRate(observed: ObservedDemand): number | null {
  if (observed.weekdays < 5 || observed.requests < 50 || observed.listSize <= 0) return null;
  const rate = (observed.requests / observed.weekdays / observed.listSize) * 1000;
  // A rate above a year of a patient's requests each working day is not believable data.
  if (!Number.isFinite(rate) || rate <= 0 || rate > (1000 * 365) / WORKING_DAYS_PER_YEAR) {
    return null;
  }
  return Math.round(rate * 100) / 100;
}
