import {
  AtscaleError,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SOURCES,
  PRACTICE_DEFAULT_SOURCES,
  can,
  financialYearDates,
  financialYearLabel,
  financialYearOf,
  forbidden,
  notFound,
  observedRequestRate,
  parsePracticesCsv,
  parseScenario,
  practiceFromFacts,
  reachOf,
  type AssumptionSource,
  type Scenario,
  type ScenarioPractice,
  type SimulationSummary,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { costCentreOfPracticesOn } from './finance/finance-access.js';
import { ledgerRepository } from './finance/ledger.js';
import { todayInEngland } from './organisation-today.js';

/** The most simulated years one run may ask for: a run of 2,000 takes a few minutes. */
export const MAX_PLANNING_RUNS = 2000;

/**
 * Runs an organisation may have queued or running at once. Runs go one at a time per server,
 * so a long queue only makes everyone wait; this keeps one organisation from filling it.
 */
export const MAX_WAITING_PLANNING_RUNS = 3;

/** A saved scenario in the organisation's list. */
export interface PlanningScenarioListItem {
  readonly id: string;
  readonly name: string;
  readonly practices: number;
  readonly patients: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastRun: PlanningRunStatus | null;
}

/** A saved scenario with its inputs and its runs, newest first. */
export interface PlanningScenarioRecord {
  readonly id: string;
  readonly name: string;
  readonly scenario: Scenario;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly runs: PlanningRunStatus[];
}

export type PlanningRunState = 'queued' | 'running' | 'done' | 'failed';

/** How a run is getting on. */
export interface PlanningRunStatus {
  readonly id: string;
  readonly scenarioId: string;
  readonly runs: number;
  readonly seed: number;
  readonly status: PlanningRunState;
  readonly progress: number;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly seconds: number | null;
  readonly events: number | null;
  readonly error: string | null;
}

/** A finished run: the scenario as it was run and what the replications say. */
export interface PlanningRunResult extends PlanningRunStatus {
  readonly scenario: Scenario;
  readonly summary: SimulationSummary;
}

/** A scenario built from the organisation's practices, and where each number came from. */
export interface PlanningDraft {
  readonly scenario: Scenario;
  readonly sources: AssumptionSource[];
}

/** What a save gives: a name and the scenario as JSON, checked by the domain. */
export interface PlanningScenarioInput {
  readonly name: string;
  readonly scenario: unknown;
}

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);

/** Checks a save: the name, then the scenario by the domain's rules (fields under /scenario). */
function checked(input: PlanningScenarioInput): Scenario {
  const name = input.name.trim();
  if (!name || name.length > 200) throw invalid('/name', 'Give a name of 1 to 200 characters');
  try {
    return { ...parseScenario(input.scenario), name };
  } catch (error) {
    if (!(error instanceof AtscaleError) || error.errors.length === 0) throw error;
    const errors = error.errors.map((e) => ({
      field: `/scenario${e.field === '/' ? '' : e.field}`,
      message: e.message,
    }));
    const first = errors[0];
    throw new AtscaleError(
      'validation-failed',
      first ? `${first.field}: ${first.message}` : error.detail,
      errors,
    );
  }
}

const RUN_COLUMNS = `r.id, r.scenario_id as "scenarioId", r.runs, r.seed::float8 as seed, r.status,
  r.progress, r.requested_at as "requestedAt", r.started_at as "startedAt",
  r.finished_at as "finishedAt", r.seconds, r.events::float8 as events, r.error`;

interface RunRow extends Omit<PlanningRunStatus, 'requestedAt' | 'startedAt' | 'finishedAt'> {
  requestedAt: Date | string;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

const toStatus = (row: RunRow): PlanningRunStatus => ({
  id: row.id,
  scenarioId: row.scenarioId,
  runs: row.runs,
  seed: row.seed,
  status: row.status,
  progress: row.progress,
  requestedAt: iso(row.requestedAt) ?? '',
  startedAt: iso(row.startedAt),
  finishedAt: iso(row.finishedAt),
  seconds: row.seconds,
  events: row.events,
  error: row.error,
});

/** A jsonb column as the driver gives it: parsed already, or text (kept as it is stored). */
const asJson = (value: unknown): unknown =>
  typeof value === 'string' ? (JSON.parse(value) as unknown) : value;

/** Weekdays from one date to another, both included. */
function weekdaysBetween(from: Date, to: Date): number {
  let n = 0;
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (day <= to) {
    const d = day.getUTCDay();
    if (d !== 0 && d !== 6) n++;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return n;
}

/**
 * Planning (PLAN-1) for one caller: the organisation's saved scenarios, scenarios built from
 * its practices, and simulation runs. Central roles and a practice's partners and manager
 * ('planning:use'); scenarios are the organisation's, shared by everyone who plans in it, and
 * another organisation's are not found. They hold aggregates only (list sizes, staff
 * numbers, whole-practice money), never a patient, so reading them is not audited.
 */
export function planningRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const allowed = () => {
    if (!can(principal, 'planning:use')) throw forbidden('use the planner');
  };

  /**
   * Income and costs of each practice from the ledger (FIN-1) for the last complete financial
   * year, through the finance P&L's own query (profitByCostCentre), so the planner and the
   * finance pages cannot disagree. Only for a caller who may read finance, and only what that
   * caller may see of it; only where the practice's cost centre holds that practice alone (a
   * shared centre's figures are not one practice's) and has lines; the per-patient defaults
   * otherwise, and the sources say which practices got which.
   */
  async function ledgerMoney(practices: readonly { id: string; odsCode: string }[]): Promise<{
    byPractice: Map<string, { incomePence: number; costsPence: number }>;
    sources: Map<string, AssumptionSource>;
  }> {
    const byPractice = new Map<string, { incomePence: number; costsPence: number }>();
    const sources = new Map<string, AssumptionSource>();
    const defaults = new Map(PRACTICE_DEFAULT_SOURCES.map((s) => [s.field, s.source]));
    const year = financialYearOf(todayInEngland()) - 1;
    const label = `ledger, financial year ${financialYearLabel(year)}`;
    const fields = ['practices.incomePence', 'practices.costsPence'] as const;
    if (reachOf(principal, 'finance:read').kind === 'none') {
      for (const field of fields) {
        const source = `${defaults.get(field) ?? ''} (the ledger is not read: you may not read finance)`;
        sources.set(field, { field, source });
      }
      return { byPractice, sources };
    }
    const period = financialYearDates(year);
    const centres = await ledgerRepository(db, scope).profitByCostCentre(period);
    const centreOf = await costCentreOfPracticesOn(db, orgId, period.to);
    const practicesIn = new Map<string, number>();
    for (const centre of centreOf.values()) {
      practicesIn.set(centre, (practicesIn.get(centre) ?? 0) + 1);
    }
    const fromLedger: string[] = [];
    for (const practice of practices) {
      const centreId = centreOf.get(practice.id);
      if (centreId === undefined || practicesIn.get(centreId) !== 1) continue;
      const totals = centres.find((c) => c.costCentre.id === centreId)?.totals;
      if (!totals || (totals.incomePence === 0 && totals.expenditurePence === 0)) continue;
      byPractice.set(practice.id, {
        incomePence: totals.incomePence,
        costsPence: totals.expenditurePence,
      });
      fromLedger.push(practice.odsCode);
    }
    if (fromLedger.length === 0) return { byPractice, sources };
    const rest = fromLedger.length < practices.length;
    for (const field of fields) {
      const what = field === 'practices.incomePence' ? 'Income' : 'Expenditure';
      const source =
        `${what} in the ${label} (${period.from} to ${period.to}) of the practice's own cost ` +
        `centre for ${fromLedger.join(', ')}` +
        (rest ? `; the other practices: ${defaults.get(field) ?? ''}` : '');
      sources.set(field, { field, source });
    }
    return { byPractice, sources };
  }

  async function runsOf(q: Queryable, scenarioId: string): Promise<PlanningRunStatus[]> {
    const { rows } = await q.query<RunRow>(
      `select ${RUN_COLUMNS} from planning_run r
        where r.org_id = $1 and r.scenario_id = $2 order by r.requested_at desc, r.id`,
      [orgId, scenarioId],
    );
    return rows.map(toStatus);
  }

  async function read(q: Queryable, id: string): Promise<PlanningScenarioRecord> {
    const { rows } = await q.query<{
      id: string;
      name: string;
      scenario: unknown;
      createdBy: string | null;
      createdAt: Date | string;
      updatedAt: Date | string;
    }>(
      `select s.id, s.name, s.scenario, u.display_name as "createdBy",
              s.created_at as "createdAt", s.updated_at as "updatedAt"
         from planning_scenario s left join app_user u on u.id = s.created_by
        where s.org_id = $1 and s.id = $2`,
      [orgId, id],
    );
    const row = rows[0];
    if (!row) throw notFound('The scenario');
    return {
      id: row.id,
      name: row.name,
      scenario: asJson(row.scenario) as Scenario,
      createdBy: row.createdBy,
      createdAt: iso(row.createdAt) ?? '',
      updatedAt: iso(row.updatedAt) ?? '',
      runs: await runsOf(q, id),
    };
  }

  async function runRow(id: string): Promise<RunRow & { scenario: unknown; summary: unknown }> {
    const { rows } = await db.query<RunRow & { scenario: unknown; summary: unknown }>(
      `select ${RUN_COLUMNS}, r.scenario, r.summary from planning_run r
        where r.org_id = $1 and r.id = $2`,
      [orgId, id],
    );
    const row = rows[0];
    if (!row) throw notFound('The run');
    return row;
  }

  return {
    /** The organisation's saved scenarios, most recently changed first, with their last run. */
    async list(): Promise<PlanningScenarioListItem[]> {
      allowed();
      const { rows } = await db.query<{
        id: string;
        name: string;
        practices: number;
        patients: number;
        createdBy: string | null;
        createdAt: Date | string;
        updatedAt: Date | string;
        lastRunId: string | null;
      }>(
        `select s.id, s.name, jsonb_array_length(s.scenario->'practices') as practices,
                (select coalesce(sum((p->>'listSize')::numeric), 0)::int
                   from jsonb_array_elements(s.scenario->'practices') p) as patients,
                u.display_name as "createdBy", s.created_at as "createdAt",
                s.updated_at as "updatedAt",
                (select r.id from planning_run r where r.org_id = s.org_id and r.scenario_id = s.id
                  order by r.requested_at desc, r.id limit 1) as "lastRunId"
           from planning_scenario s left join app_user u on u.id = s.created_by
          where s.org_id = $1 order by s.updated_at desc, s.name`,
        [orgId],
      );
      const last = new Map<string, PlanningRunStatus>();
      const ids = rows.flatMap((r) => (r.lastRunId ? [r.lastRunId] : []));
      if (ids.length > 0) {
        const { rows: runs } = await db.query<RunRow>(
          `select ${RUN_COLUMNS} from planning_run r where r.org_id = $1 and r.id = any($2::uuid[])`,
          [orgId, ids],
        );
        for (const run of runs) last.set(run.id, toStatus(run));
      }
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        practices: r.practices,
        patients: r.patients,
        createdBy: r.createdBy,
        createdAt: iso(r.createdAt) ?? '',
        updatedAt: iso(r.updatedAt) ?? '',
        lastRun: r.lastRunId ? (last.get(r.lastRunId) ?? null) : null,
      }));
    },

    /** One scenario with its runs; another organisation's is not found. */
    async get(id: string): Promise<PlanningScenarioRecord> {
      allowed();
      return read(db, id);
    },

    /** Saves a new scenario, checked by the domain's rules. */
    async create(input: PlanningScenarioInput): Promise<PlanningScenarioRecord> {
      allowed();
      const scenario = checked(input);
      const { rows } = await db.query<{ id: string }>(
        `insert into planning_scenario (org_id, name, scenario, created_by)
         values ($1, $2, $3::jsonb, $4) returning id`,
        [orgId, scenario.name, JSON.stringify(scenario), principal.userId],
      );
      const row = rows[0];
      if (!row) throw new Error('the scenario was not saved');
      return read(db, row.id);
    },

    /** Replaces a scenario's name and inputs; runs already made keep what they ran. */
    async update(id: string, input: PlanningScenarioInput): Promise<PlanningScenarioRecord> {
      allowed();
      const scenario = checked(input);
      const { rowCount } = await db.query(
        `update planning_scenario set name = $3, scenario = $4::jsonb, updated_at = now()
          where org_id = $1 and id = $2`,
        [orgId, id, scenario.name, JSON.stringify(scenario)],
      );
      if (!rowCount) throw notFound('The scenario');
      return read(db, id);
    },

    /** Deletes a scenario and its runs. */
    async remove(id: string): Promise<void> {
      allowed();
      const { rowCount } = await db.query(
        'delete from planning_scenario where org_id = $1 and id = $2',
        [orgId, id],
      );
      if (!rowCount) throw notFound('The scenario');
    },

    /**
     * A scenario from chosen practices of the organisation: latest list sizes, contracted
     * sessions of the staff register, sites and partners where recorded, stated defaults where
     * not; demand from the organisation's own requests of the last 13 weeks when there are
     * enough of them, else the domain's default; every source listed.
     */
    async draft(practiceIds: readonly string[], name = 'New scenario'): Promise<PlanningDraft> {
      allowed();
      const ids = [...new Set(practiceIds)];
      if (ids.length === 0) throw invalid('/practiceIds', 'Choose at least one practice');
      const { rows } = await db.query<{
        id: string;
        odsCode: string;
        name: string;
        listSize: number | null;
        gpSessions: string | null;
        nurseSessions: string | null;
        sites: number;
        partners: number;
      }>(
        `select p.id, p.ods_code as "odsCode", p.name,
                (select l.list_size from practice_list_size l
                  where l.org_id = p.org_id and l.practice_id = p.id
                  order by l.date desc limit 1) as "listSize",
                (select sum(s.contracted_sessions) from staff_member s
                  where s.org_id = p.org_id and s.home_practice_id = p.id and s.left_on is null
                    and s.staff_role in ('gp', 'anp', 'physician-associate')) as "gpSessions",
                (select sum(s.contracted_sessions) from staff_member s
                  where s.org_id = p.org_id and s.home_practice_id = p.id and s.left_on is null
                    and s.staff_role = 'practice-nurse') as "nurseSessions",
                (select count(*)::int from site t
                  where t.org_id = p.org_id and t.practice_id = p.id) as sites,
                (select count(*)::int from staff_member s
                  where s.org_id = p.org_id and s.home_practice_id = p.id and s.left_on is null
                    and s.grade in ('salaried-partner', 'fixed-share-partner', 'equity-partner'))
                  as partners
           from practice p where p.org_id = $1 and p.id = any($2::uuid[])
          order by p.name`,
        [orgId, ids],
      );
      if (rows.length !== ids.length) {
        const missing = ids.findIndex((id) => !rows.some((r) => r.id === id));
        throw invalid(`/practiceIds/${missing}`, 'is not a practice of this organisation');
      }
      const practicesByDefault = rows.map((r) =>
        practiceFromFacts(
          {
            odsCode: r.odsCode,
            name: r.name,
            listSize: r.listSize,
            gpSessions: r.gpSessions === null ? null : Number(r.gpSessions),
            nurseSessions: r.nurseSessions === null ? null : Number(r.nurseSessions),
            sites: r.sites,
            partners: r.partners > 0 ? r.partners : null,
          },
          DEFAULT_ASSUMPTIONS.capacity.sessionsPerWte,
        ),
      );
      const money = await ledgerMoney(rows);
      const practices = practicesByDefault.map((p, i) => {
        const own = money.byPractice.get(rows[i]?.id ?? '');
        return own ? { ...p, ...own } : p;
      });
      const { rows: demand } = await db.query<{
        requests: number;
        first: Date | string | null;
        last: Date | string | null;
      }>(
        `select count(*)::int as requests, min(received_at) as first, max(received_at) as last
           from patient_request
          where org_id = $1 and practice_id = any($2::uuid[])
            and received_at >= now() - interval '91 days'
            and extract(isodow from received_at) < 6`,
        [orgId, ids],
      );
      const seen = demand[0];
      const listSize = practices.reduce((n, p) => n + p.listSize, 0);
      const observed =
        seen && seen.first !== null && seen.last !== null
          ? {
              requests: seen.requests,
              weekdays: weekdaysBetween(new Date(seen.first), new Date(seen.last)),
              listSize,
              from: (iso(seen.first) ?? '').slice(0, 10),
              to: (iso(seen.last) ?? '').slice(0, 10),
            }
          : null;
      const rate = observed ? observedRequestRate(observed) : null;
      const sources: AssumptionSource[] = [
        ...PRACTICE_DEFAULT_SOURCES.map((s) => money.sources.get(s.field) ?? s),
        ...DEFAULT_SOURCES.filter(
          (s) => rate === null || s.field !== 'demand.requestsPer1000PerWeekday',
        ),
      ];
      if (rate !== null && observed) {
        sources.unshift({
          field: 'demand.requestsPer1000PerWeekday',
          source: `This organisation's own requests: ${observed.requests.toLocaleString('en-GB')} from these practices over ${observed.weekdays} weekdays (${observed.from} to ${observed.to}) for ${listSize.toLocaleString('en-GB')} patients`,
        });
      }
      const scenario: Scenario = {
        name: name.trim() || 'New scenario',
        practices,
        ...DEFAULT_ASSUMPTIONS,
        demand: {
          ...DEFAULT_ASSUMPTIONS.demand,
          ...(rate !== null ? { requestsPer1000PerWeekday: rate } : {}),
        },
      };
      return { scenario: parseScenario(scenario), sources };
    },

    /**
     * Practices read from CSV for the editor (nothing saved): errors name the line and the
     * column, as the domain's reader gives them ("line 3, list_size").
     */
    readPracticesCsv(csv: string): ScenarioPractice[] {
      allowed();
      return parsePracticesCsv(csv);
    },

    /** Queues a run of a saved scenario: its inputs as they are now, N simulated years. */
    async startRun(
      scenarioId: string,
      input: { readonly runs: number; readonly seed?: number | undefined },
    ): Promise<PlanningRunStatus> {
      allowed();
      if (!Number.isInteger(input.runs) || input.runs < 1 || input.runs > MAX_PLANNING_RUNS) {
        throw invalid('/runs', `A whole number from 1 to ${MAX_PLANNING_RUNS}`);
      }
      const seed = input.seed ?? 1;
      if (!Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295) {
        throw invalid('/seed', 'A whole number from 0 to 4294967295');
      }
      const { rows } = await db.query<{ id: string | null; waiting: number }>(
        `with waiting as (
           select count(*)::int as n from planning_run
            where org_id = $1 and status in ('queued', 'running')
         ), started as (
           insert into planning_run (org_id, scenario_id, scenario, runs, seed, requested_by)
           select s.org_id, s.id, s.scenario, $3, $4, $5 from planning_scenario s, waiting w
            where s.org_id = $1 and s.id = $2 and w.n < $6
           returning id
         )
         select (select id from started) as id, (select n from waiting) as waiting`,
        [orgId, scenarioId, input.runs, seed, principal.userId, MAX_WAITING_PLANNING_RUNS],
      );
      const row = rows[0];
      if (row?.id == null) {
        if ((row?.waiting ?? 0) >= MAX_WAITING_PLANNING_RUNS) {
          throw new AtscaleError(
            'conflict',
            `${String(row?.waiting)} planning runs are already queued or running for this ` +
              'organisation: start another when one has finished',
          );
        }
        throw notFound('The scenario');
      }
      return toStatus(await runRow(row.id));
    },

    /** How a run is getting on. */
    async run(id: string): Promise<PlanningRunStatus> {
      allowed();
      return toStatus(await runRow(id));
    },

    /** A finished run's result; a run not finished is a conflict that says how far it got. */
    async result(id: string): Promise<PlanningRunResult> {
      allowed();
      const row = await runRow(id);
      const status = toStatus(row);
      if (status.status !== 'done' || row.summary === null) {
        throw new AtscaleError(
          'conflict',
          status.status === 'failed'
            ? `The run failed: ${status.error ?? 'no reason recorded'}`
            : `The run is ${status.status} (${status.progress} of ${status.runs} simulated years)`,
        );
      }
      return {
        ...status,
        scenario: asJson(row.scenario) as Scenario,
        summary: asJson(row.summary) as SimulationSummary,
      };
    },
  };
}

/** A run taken off the queue to simulate. */
export interface ClaimedPlanningRun {
  readonly id: string;
  readonly scenario: unknown;
  readonly runs: number;
  readonly seed: number;
}

/**
 * The queue of runs, for the server's background runner only (not a caller's repository: it
 * works across organisations, one run at a time, and nothing it returns goes to a user).
 */
export function planningRunQueue(db: Database) {
  return {
    /** Runs left running when the server stopped go back on the queue, from the start. */
    async requeueInterrupted(): Promise<number> {
      const { rowCount } = await db.query(
        `update planning_run set status = 'queued', progress = 0, started_at = null
          where status = 'running'`,
      );
      return rowCount;
    },

    /** Puts one run back on the queue, from the start (its server is stopping). */
    async requeue(id: string): Promise<void> {
      await db.query(
        `update planning_run set status = 'queued', progress = 0, started_at = null
          where id = $1 and status = 'running'`,
        [id],
      );
    },

    /** Takes the oldest queued run and marks it running; null when none is waiting. */
    async claimNext(): Promise<ClaimedPlanningRun | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{
          id: string;
          scenario: unknown;
          runs: number;
          seed: string | number;
        }>(
          `update planning_run set status = 'running', started_at = now(), progress = 0
            where id = (select id from planning_run where status = 'queued'
                         order by requested_at, id limit 1)
              and status = 'queued'
            returning id, scenario, runs, seed`,
        );
        const row = rows[0];
        return row
          ? { id: row.id, scenario: asJson(row.scenario), runs: row.runs, seed: Number(row.seed) }
          : null;
      });
    },

    async progress(id: string, done: number): Promise<void> {
      await db.query(
        `update planning_run set progress = least($2, runs) where id = $1 and status = 'running'`,
        [id, done],
      );
    },

    async finish(
      id: string,
      result: { summary: SimulationSummary; events: number; seconds: number },
    ): Promise<void> {
      await db.query(
        `update planning_run set status = 'done', progress = runs, finished_at = now(),
                summary = $2::jsonb, events = $3, seconds = $4
          where id = $1 and status = 'running'`,
        [id, JSON.stringify(result.summary), Math.round(result.events), result.seconds],
      );
    },

    async fail(id: string, message: string): Promise<void> {
      await db.query(
        `update planning_run set status = 'failed', finished_at = now(), error = $2
          where id = $1 and status = 'running'`,
        [id, message.slice(0, 1000) || 'The simulation failed'],
      );
    },
  };
}
