import { fairShares, thresholdProblem } from '../access/hub.js';
import { OUTCOME_RULES } from '../access/triage.js';
import { createRandom, type Random } from '../demo/random.js';
import {
  PLANNING_FORMS,
  formMoney,
  planningFormRules,
  type PlanningForm,
  type PlanningFormRules,
} from './planning-forms.js';
import { WORKING_DAYS_PER_YEAR, type Scenario } from './scenario.js';

/**
 * A year of a set of practices, simulated day by day (PLAN-1). Time moves in working days;
 * each day, for each practice, requests arrive (Poisson around the day's shaped mean, itself
 * varied day to day), are triaged (some resolved without an appointment, the rest needing one,
 * same day or routine), and are served from the day's capacity: sessions times appointments per
 * session, less sessions lost to sickness spells and to vacancies after someone leaves, plus
 * what locums or a pool cover. Same-day requests not met that day are unmet (or go to the hub
 * where the form has one); routine ones wait, oldest first, and are unmet after their window.
 *
 * Requests are counted, not simulated one by one: 340,000 patients make about 1.5 million
 * requests a year, so 1,000 replications of 7 forms would be 10 billion request events, far
 * beyond a minute's budget. Within a day the triage split is by expected share, which is
 * exact for the rates and waits this reports. Sickness and vacancies are per clinician post.
 *
 * Every form sees the same arrivals and the same absences in a replication (common random
 * numbers), so the differences between forms are not noise between draws.
 */

/** Columns of the per-practice results of one form in one replication. */
export const YEAR_COLUMNS = [
  'requests',
  'resolvedOnTheDay',
  'appointmentsNeeded',
  'seenSameDay',
  'seen',
  'unmet',
  'faceToFace',
  'hub',
  'crisisDays',
  'cannotCover',
  'plannedSessions',
  'lostSessions',
  'coveredSessions',
  'poolSessions',
  'levy',
  'savings',
  'vat',
  'hubCost',
  'mouCost',
  'centralCost',
  'locumCost',
  'topSlice',
  'earnBack',
  'profit',
  'profitPerPartner',
] as const;
/** A column of the results. */
export type YearColumn = (typeof YEAR_COLUMNS)[number];
/** The index of each column. */
export const YEAR_COL: Readonly<Record<YearColumn, number>> = Object.fromEntries(
  YEAR_COLUMNS.map((c, i) => [c, i]),
) as Record<YearColumn, number>;

/** What does not change between replications: the scenario turned into arrays. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly forms: readonly PlanningFormRules[];
  readonly practices: number;
  readonly days: number;
  /** Routine window in working days: waits are 0..window, so window + 1 bins. */
  readonly window: number;
  /** Columns per practice per form: the named columns and then the wait bins. */
  readonly width: number;
  /** Expected requests of practice p on day d at [p * days + d]. */
  readonly dayMean: Float64Array;
  readonly plannedSessions: Float64Array;
  readonly plannedAppointments: Float64Array;
  readonly totalPlannedAppointments: number;
  readonly totalPlannedSessions: number;
  readonly postPractice: Int32Array;
  readonly postSessions: Float64Array;
  /** Hub fair shares (whole appointments a day) by practice. */
  readonly hubShares: Int32Array;
  /** Appointments a practice must see in house before it may refer to the hub. */
  readonly hubThresholds: Float64Array;
}

/** Prepares a valid scenario for simulation. */
export function prepareScenario(
  scenario: Scenario,
  forms: readonly PlanningForm[] = PLANNING_FORMS,
): PreparedScenario {
  const P = scenario.practices.length;
  const D = WORKING_DAYS_PER_YEAR;
  const { demand, capacity } = scenario;
  const dayMean = new Float64Array(P * D);
  const plannedSessions = new Float64Array(P);
  const plannedAppointments = new Float64Array(P);
  const posts: { practice: number; sessions: number }[] = [];
  scenario.practices.forEach((p, i) => {
    for (let d = 0; d < D; d++) {
      const month = Math.floor((d * 12) / D);
      dayMean[i * D + d] =
        (p.listSize / 1000) *
        demand.requestsPer1000PerWeekday *
        (demand.dayOfWeek[d % 5] ?? 1) *
        (demand.seasonal[month] ?? 1);
    }
    const gpSessions = (p.gpWte * capacity.sessionsPerWte) / 5;
    const nurseSessions = (p.nurseWte * capacity.sessionsPerWte) / 5;
    plannedSessions[i] = gpSessions + nurseSessions;
    plannedAppointments[i] =
      gpSessions * capacity.gpAppointmentsPerSession +
      nurseSessions * capacity.nurseAppointmentsPerSession * capacity.nurseShareForRequests;
    // One post per whole-time equivalent (at least one), sharing the role's sessions.
    for (const [wte, sessions] of [
      [p.gpWte, gpSessions],
      [p.nurseWte, nurseSessions],
    ] as const) {
      if (wte <= 0) continue;
      const n = Math.max(1, Math.round(wte));
      for (let k = 0; k < n; k++) posts.push({ practice: i, sessions: sessions / n });
    }
  });
  const shares = fairShares(
    scenario.money.hubAppointmentsPerDay,
    scenario.practices.map((p) => ({ practiceId: p.odsCode, listSize: p.listSize })),
  );
  const window = demand.routineWindowDays;
  return {
    scenario,
    forms: forms.map(planningFormRules),
    practices: P,
    days: D,
    window,
    width: YEAR_COLUMNS.length + window + 1,
    dayMean,
    plannedSessions,
    plannedAppointments,
    totalPlannedAppointments: plannedAppointments.reduce((a, b) => a + b, 0),
    totalPlannedSessions: plannedSessions.reduce((a, b) => a + b, 0),
    postPractice: Int32Array.from(posts.map((p) => p.practice)),
    postSessions: Float64Array.from(posts.map((p) => p.sessions)),
    hubShares: Int32Array.from(scenario.practices.map((p) => shares.get(p.odsCode) ?? 0)),
    hubThresholds: plannedAppointments.map((a) => a * scenario.money.hubThresholdShare),
  };
}

/** A Poisson variate: Knuth's product of uniforms for small means, the normal approximation above. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(random.normal(mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random.float();
  while (product > limit) {
    k += 1;
    product *= random.float();
  }
  return k;
}

/** The draws of one replication that every form shares. */
interface YearDraws {
  readonly arrivals: Float64Array;
  readonly lostSessions: Float64Array;
  events: number;
}

function drawYear(prep: PreparedScenario, random: Random): YearDraws {
  const { practices: P, days: D } = prep;
  const { demand, workforce } = prep.scenario;
  const arrivals = new Float64Array(P * D);
  const lostSessions = new Float64Array(P * D);
  let events = 0;
  for (let i = 0; i < P * D; i++) {
    const factor = demand.variation > 0 ? Math.max(0, random.normal(1, demand.variation)) : 1;
    arrivals[i] = poisson(random, (prep.dayMean[i] as number) * factor);
  }
  // Sickness: a spell starts with probability p on a working day and lasts D days on average,
  // so the share of days lost is pD / (1 + pD); p is set to give the scenario's rate.
  const r = workforce.sicknessRate;
  const pSick = r > 0 ? r / (workforce.sicknessSpellDays * (1 - r)) : 0;
  const pLeave = workforce.turnoverPerYear / D;
  const posts = prep.postPractice.length;
  for (let k = 0; k < posts; k++) {
    const practice = prep.postPractice[k] as number;
    const sessions = prep.postSessions[k] as number;
    let away = 0;
    for (let d = 0; d < D; d++) {
      if (away === 0) {
        const u = random.float();
        if (u < pSick) {
          away = Math.max(
            1,
            Math.round(-Math.log(1 - random.float()) * workforce.sicknessSpellDays),
          );
          events += 1;
        } else if (u < pSick + pLeave) {
          away = Math.max(1, Math.round(-Math.log(1 - random.float()) * workforce.vacancyDays));
          events += 1;
        }
      }
      if (away > 0) {
        const at = practice * D + d;
        lostSessions[at] = (lostSessions[at] as number) + sessions;
        away -= 1;
      }
    }
    events += D;
  }
  events += P * D;
  return { arrivals, lostSessions, events };
}

/** Reusable working arrays of one form's run, so the daily loop allocates nothing. */
interface Scratch {
  readonly backlog: Float64Array;
  readonly capacity: Float64Array;
  readonly urgentLeft: Float64Array;
}

/**
 * Serves one queue (a practice, or the pool) for one day: same-day requests first, then
 * routine ones oldest first; returns the same-day requests left unmet. `backlog` is a ring of
 * routine requests by the day they came, window + 1 days at [base .. base + window]: today's
 * slot is `today`, and the one after it holds the oldest, which expire tonight. Waits go to
 * `out` bins; nothing moves from slot to slot as days pass.
 */
function serveDay(
  capacity: number,
  urgent: number,
  routine: number,
  backlog: Float64Array,
  base: number,
  window: number,
  today: number,
  out: Float64Array,
  row: number,
  faceToFaceShare: number,
): number {
  const size = window + 1;
  const waitBins = row + YEAR_COLUMNS.length;
  let cap = capacity;
  const seenUrgent = Math.min(urgent, cap);
  cap -= seenUrgent;
  let seen = seenUrgent;
  out[waitBins] = (out[waitBins] as number) + seenUrgent;
  backlog[base + today] = routine;
  const oldest = today + 1 === size ? 0 : today + 1;
  let slot = oldest;
  for (let age = window; age >= 0 && cap > 0; age--) {
    const at = base + slot;
    const waiting = backlog[at] as number;
    if (waiting > 0) {
      const take = waiting < cap ? waiting : cap;
      backlog[at] = waiting - take;
      cap -= take;
      seen += take;
      out[waitBins + age] = (out[waitBins + age] as number) + take;
    }
    slot = slot + 1 === size ? 0 : slot + 1;
  }
  // Routine requests at the end of their window are unmet; their slot is tomorrow's.
  out[row + YEAR_COL.unmet] =
    (out[row + YEAR_COL.unmet] as number) + (backlog[base + oldest] as number);
  backlog[base + oldest] = 0;
  out[row + YEAR_COL.seen] = (out[row + YEAR_COL.seen] as number) + seen;
  out[row + YEAR_COL.faceToFace] =
    (out[row + YEAR_COL.faceToFace] as number) + seen * faceToFaceShare;
  return urgent - seenUrgent;
}

function runForm(
  prep: PreparedScenario,
  rules: PlanningFormRules,
  draws: YearDraws,
  out: Float64Array,
  offset: number,
  scratch: Scratch,
): void {
  const { practices: P, days: D, window, width } = prep;
  const { demand, workforce, money } = prep.scenario;
  const pooled = rules.capacity === 'pooled';
  const central = rules.triage === 'central-telephone';
  // Central telephone triage: every clinical request gets a call; a share converts to face to face.
  const needShare = central ? money.pyramidalFaceToFaceConversion : 1;
  const callSlot = central ? money.triageCallSlot : 0;
  const faceToFaceShare = central ? 1 : demand.faceToFaceShare;
  const hubFaceToFace = OUTCOME_RULES.hub.faceToFace ? 1 : 0;
  const clinicalShare = 1 - demand.resolvedWithoutAppointment;
  const units = pooled ? 1 : P;
  const { backlog, capacity, urgentLeft } = scratch;
  backlog.fill(0, 0, units * (window + 1));
  const weekPlanned = new Float64Array(units);
  const weekCovered = new Float64Array(units);
  const unitCrisis = new Float64Array(units);
  const unitCannotCover = new Uint8Array(units);
  const pool = rules.cover === 'pool';
  const poolSessions = money.poolCapacityShare * prep.totalPlannedSessions;
  for (let d = 0; d < D; d++) {
    const today = d % (window + 1);
    capacity.fill(0, 0, units);
    // A pool has so many sessions a day: it fills its share of what was lost while it has
    // them; external locums then fill their share of the rest.
    let fromPoolShare = 0;
    if (pool) {
      let lostToday = 0;
      for (let p = 0; p < P; p++) lostToday += draws.lostSessions[p * D + d] as number;
      fromPoolShare =
        lostToday * money.poolCoverShare > poolSessions
          ? poolSessions / lostToday
          : money.poolCoverShare;
    }
    // Capacity of the day: planned less lost sessions, plus what the pool and locums fill.
    for (let p = 0; p < P; p++) {
      const at = p * D + d;
      const row = offset + p * width;
      const planned = prep.plannedSessions[p] as number;
      const lost = Math.min(planned, draws.lostSessions[at] as number);
      const fromPool = lost * fromPoolShare;
      const covered = fromPool + (lost - fromPool) * money.externalCoverShare;
      out[row + YEAR_COL.poolSessions] = (out[row + YEAR_COL.poolSessions] as number) + fromPool;
      const available = planned - lost + covered;
      out[row + YEAR_COL.plannedSessions] =
        (out[row + YEAR_COL.plannedSessions] as number) + planned;
      out[row + YEAR_COL.lostSessions] = (out[row + YEAR_COL.lostSessions] as number) + lost;
      out[row + YEAR_COL.coveredSessions] =
        (out[row + YEAR_COL.coveredSessions] as number) + covered;
      const unit = pooled ? 0 : p;
      const perSession = planned > 0 ? (prep.plannedAppointments[p] as number) / planned : 0;
      capacity[unit] = (capacity[unit] as number) + available * perSession;
      weekPlanned[unit] = (weekPlanned[unit] as number) + planned;
      weekCovered[unit] = (weekCovered[unit] as number) + available;
    }
    // Crisis: the capacity a practice's patients can reach below a share of planned.
    for (let u = 0; u < units; u++) {
      const plannedAppointments = pooled
        ? prep.totalPlannedAppointments
        : (prep.plannedAppointments[u] as number);
      if ((capacity[u] as number) < plannedAppointments * workforce.crisisShare) {
        unitCrisis[u] = (unitCrisis[u] as number) + 1;
      }
    }
    if (d % 5 === 4) {
      for (let u = 0; u < units; u++) {
        if ((weekCovered[u] as number) < (weekPlanned[u] as number) * workforce.coverShare) {
          unitCannotCover[u] = 1;
        }
        weekCovered[u] = 0;
        weekPlanned[u] = 0;
      }
    }
    // Arrivals and triage.
    let poolUrgent = 0;
    let poolRoutine = 0;
    for (let p = 0; p < P; p++) {
      const at = p * D + d;
      const row = offset + p * width;
      const requests = draws.arrivals[at] as number;
      const clinical = requests * clinicalShare;
      const needing = clinical * needShare;
      out[row + YEAR_COL.requests] = (out[row + YEAR_COL.requests] as number) + requests;
      out[row + YEAR_COL.resolvedOnTheDay] =
        (out[row + YEAR_COL.resolvedOnTheDay] as number) + requests - needing;
      out[row + YEAR_COL.appointmentsNeeded] =
        (out[row + YEAR_COL.appointmentsNeeded] as number) + needing;
      const urgent = needing * demand.sameDayShare;
      const unit = pooled ? 0 : p;
      // The calls take clinician time from the day first.
      capacity[unit] = Math.max(0, (capacity[unit] as number) - clinical * callSlot);
      if (pooled) {
        poolUrgent += urgent;
        poolRoutine += needing - urgent;
      } else {
        urgentLeft[p] = serveDay(
          capacity[p] as number,
          urgent,
          needing - urgent,
          backlog,
          p * (window + 1),
          window,
          today,
          out,
          row,
          faceToFaceShare,
        );
      }
    }
    if (pooled) {
      // The pool is accounted on the first practice's row and shared out after the year.
      const left = serveDay(
        capacity[0] as number,
        poolUrgent,
        poolRoutine,
        backlog,
        0,
        window,
        today,
        out,
        offset,
        faceToFaceShare,
      );
      out[offset + YEAR_COL.unmet] = (out[offset + YEAR_COL.unmet] as number) + left;
      continue;
    }
    if (rules.hub === 'none') {
      for (let p = 0; p < P; p++) {
        const row = offset + p * width;
        out[row + YEAR_COL.unmet] =
          (out[row + YEAR_COL.unmet] as number) + (urgentLeft[p] as number);
      }
      continue;
    }
    // The hub: fair shares first (hub network), then what is left to whoever still needs it.
    let hubLeft = money.hubAppointmentsPerDay;
    let stillNeeding = 0;
    for (let p = 0; p < P; p++) {
      const need = urgentLeft[p] as number;
      if (need <= 0) continue;
      if (rules.hub === 'fair-shares-with-threshold') {
        // A practice with same-day requests left has used all its capacity in house.
        const seenInHouse = capacity[p] as number;
        const threshold = prep.hubThresholds[p] as number;
        // The practice may refer once it has seen its agreed number in house (ACC-4).
        if (
          seenInHouse < threshold &&
          thresholdProblem({ seenInHouse, dailyThreshold: threshold })
        ) {
          continue;
        }
        const take = Math.min(need, prep.hubShares[p] as number, hubLeft);
        urgentLeft[p] = need - take;
        hubLeft -= take;
        addHub(out, offset + p * width, take, hubFaceToFace);
      }
      stillNeeding += urgentLeft[p] as number;
    }
    const release = stillNeeding > 0 ? Math.min(1, hubLeft / stillNeeding) : 0;
    for (let p = 0; p < P; p++) {
      const row = offset + p * width;
      let need = urgentLeft[p] as number;
      if (need > 0 && release > 0) {
        const eligible =
          rules.hub !== 'fair-shares-with-threshold' ||
          (capacity[p] as number) >= (prep.hubThresholds[p] as number);
        if (eligible) {
          const take = need * release;
          need -= take;
          addHub(out, row, take, hubFaceToFace);
        }
      }
      out[row + YEAR_COL.unmet] = (out[row + YEAR_COL.unmet] as number) + need;
      hubLeft -= (urgentLeft[p] as number) - need;
    }
    // Hub appointments left after the same-day overflow see routine requests, oldest first:
    // those still waiting came 0 to window - 1 days ago.
    const thresholds = rules.hub === 'fair-shares-with-threshold';
    for (let age = window - 1; age >= 0 && hubLeft > 1e-9; age--) {
      const slot = (today - age + window + 1) % (window + 1);
      let waiting = 0;
      for (let p = 0; p < P; p++) {
        if (thresholds && (capacity[p] as number) < (prep.hubThresholds[p] as number)) continue;
        waiting += backlog[p * (window + 1) + slot] as number;
      }
      if (waiting <= 0) continue;
      const fraction = Math.min(1, hubLeft / waiting);
      hubLeft -= waiting * fraction;
      for (let p = 0; p < P; p++) {
        if (thresholds && (capacity[p] as number) < (prep.hubThresholds[p] as number)) continue;
        const at = p * (window + 1) + slot;
        const take = (backlog[at] as number) * fraction;
        if (take <= 0) continue;
        backlog[at] = (backlog[at] as number) - take;
        addHub(out, offset + p * width, take, hubFaceToFace, age);
      }
    }
  }
  // Routine requests still waiting at the end of the year are not counted either way.
  for (let u = 0; u < units; u++) {
    const rows = pooled ? P : 1;
    for (let k = 0; k < rows; k++) {
      const p = pooled ? k : u;
      const row = offset + p * width;
      out[row + YEAR_COL.crisisDays] = unitCrisis[u] as number;
      out[row + YEAR_COL.cannotCover] = unitCannotCover[u] as number;
    }
  }
  if (pooled) shareOutPool(prep, out, offset);
  // Dealt with the same day: every appointment with a wait of 0 days, the hub's included.
  for (let p = 0; p < P; p++) {
    const row = offset + p * width;
    out[row + YEAR_COL.seenSameDay] = out[row + YEAR_COLUMNS.length] as number;
  }
}

function addHub(out: Float64Array, row: number, take: number, faceToFace: number, wait = 0): void {
  out[row + YEAR_COL.hub] = (out[row + YEAR_COL.hub] as number) + take;
  out[row + YEAR_COL.seen] = (out[row + YEAR_COL.seen] as number) + take;
  out[row + YEAR_COL.faceToFace] = (out[row + YEAR_COL.faceToFace] as number) + take * faceToFace;
  const bin = row + YEAR_COLUMNS.length + wait;
  out[bin] = (out[bin] as number) + take;
}

/** Pooled forms: the pool's outcomes, kept on the first row, shared by appointments needed. */
function shareOutPool(prep: PreparedScenario, out: Float64Array, offset: number): void {
  const { practices: P, width, window } = prep;
  const shared = [YEAR_COL.seen, YEAR_COL.unmet, YEAR_COL.faceToFace, YEAR_COL.hub];
  const bins = Array.from({ length: window + 1 }, (_, a) => YEAR_COLUMNS.length + a);
  let needed = 0;
  for (let p = 0; p < P; p++)
    needed += out[offset + p * width + YEAR_COL.appointmentsNeeded] as number;
  const totals = [...shared, ...bins].map((c) => out[offset + c] as number);
  for (let p = 0; p < P; p++) {
    const row = offset + p * width;
    const share = needed > 0 ? (out[row + YEAR_COL.appointmentsNeeded] as number) / needed : 0;
    [...shared, ...bins].forEach((c, k) => {
      out[row + c] = (totals[k] as number) * share;
    });
  }
}

/** One replication's results: [form][practice][column] in one array, as `layout` describes. */
export interface ReplicationResult {
  readonly values: Float64Array;
  /** Events the engine processed (practice-days per form, post-days, spells started). */
  readonly events: number;
}

/** The seed of a replication: the scenario seed and its number, so any split of the work gives the same draws. */
export function replicationRandom(seed: number, replication: number): Random {
  return createRandom('planner-year', seed, replication);
}

/** Simulates one replication of a year under every form, with the money of each. */
export function simulateReplication(
  prep: PreparedScenario,
  seed: number,
  replication: number,
): ReplicationResult {
  const random = replicationRandom(seed, replication);
  const draws = drawYear(prep, random);
  const { practices: P, width, window } = prep;
  const values = new Float64Array(prep.forms.length * P * width);
  const scratch: Scratch = {
    backlog: new Float64Array(P * (window + 1)),
    capacity: new Float64Array(P),
    urgentLeft: new Float64Array(P),
  };
  let events = draws.events;
  prep.forms.forEach((rules, f) => {
    const offset = f * P * width;
    runForm(prep, rules, draws, values, offset, scratch);
    events += P * prep.days;
    addMoney(prep, rules, values, offset);
  });
  return { values, events };
}

function addMoney(
  prep: PreparedScenario,
  rules: PlanningFormRules,
  values: Float64Array,
  offset: number,
): void {
  const { width } = prep;
  let requests = 0;
  let unmet = 0;
  const years = prep.scenario.practices.map((p, i) => {
    const row = offset + i * width;
    requests += values[row + YEAR_COL.requests] as number;
    unmet += values[row + YEAR_COL.unmet] as number;
    return {
      ...p,
      coveredSessions: values[row + YEAR_COL.coveredSessions] as number,
      poolSessions: values[row + YEAR_COL.poolSessions] as number,
    };
  });
  const metShare = requests > 0 ? 1 - unmet / requests : 1;
  formMoney(rules, prep.scenario, years, metShare).forEach((m, i) => {
    const row = offset + i * width;
    values[row + YEAR_COL.levy] = m.levy;
    values[row + YEAR_COL.savings] = m.savings;
    values[row + YEAR_COL.vat] = m.vat;
    values[row + YEAR_COL.hubCost] = m.hubCost;
    values[row + YEAR_COL.mouCost] = m.mouCost;
    values[row + YEAR_COL.centralCost] = m.centralCost;
    values[row + YEAR_COL.locumCost] = m.locumCost;
    values[row + YEAR_COL.topSlice] = m.topSlice;
    values[row + YEAR_COL.earnBack] = m.earnBack;
    values[row + YEAR_COL.profit] = m.profit;
    values[row + YEAR_COL.profitPerPartner] = m.profitPerPartner;
  });
}
