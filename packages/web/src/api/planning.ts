import type {
  AssumptionSource,
  Scenario,
  ScenarioPractice,
  SimulationSummary,
} from '@atscale/domain';
import { deleteJson, getJson, postJson, putJson } from './client';

/** How a run of the simulation is getting on. */
export interface PlanningRun {
  id: string;
  scenarioId: string;
  runs: number;
  seed: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  events: number | null;
  error: string | null;
}

/** A saved scenario in the organisation's list. */
export interface PlanningScenarioItem {
  id: string;
  name: string;
  practices: number;
  patients: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastRun: PlanningRun | null;
}

/** A saved scenario with its runs, newest first. */
export interface PlanningScenarioRecord {
  id: string;
  name: string;
  scenario: Scenario;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  runs: PlanningRun[];
}

/** A finished run: what it ran and what the replications say. */
export interface PlanningResult {
  run: PlanningRun;
  scenario: Scenario;
  summary: SimulationSummary;
}

export const fetchScenarios = async () =>
  ((await getJson('/api/planning/scenarios')) as { scenarios: PlanningScenarioItem[] }).scenarios;

export const fetchScenario = async (id: string) =>
  (await getJson(`/api/planning/scenarios/${encodeURIComponent(id)}`)) as PlanningScenarioRecord;

export const createScenario = async (name: string, scenario: Scenario) =>
  (await postJson('/api/planning/scenarios', { name, scenario })) as PlanningScenarioRecord;

export const updateScenario = async (id: string, name: string, scenario: Scenario) =>
  (await putJson(`/api/planning/scenarios/${encodeURIComponent(id)}`, {
    name,
    scenario,
  })) as PlanningScenarioRecord;

export const deleteScenario = async (id: string) => {
  await deleteJson(`/api/planning/scenarios/${encodeURIComponent(id)}`);
};

/** A scenario (not saved) from chosen practices of the organisation, with its sources. */
export const draftScenario = async (practiceIds: string[], name?: string) =>
  (await postJson('/api/planning/drafts', {
    practiceIds,
    ...(name ? { name } : {}),
  })) as { scenario: Scenario; sources: AssumptionSource[] };

/** Practices read from CSV; a bad file is an ApiError whose errors name line and column. */
export const readPracticesCsv = async (csv: string) =>
  ((await postJson('/api/planning/practices-csv', { csv })) as { practices: ScenarioPractice[] })
    .practices;

export const startRun = async (scenarioId: string, runs: number) =>
  (await postJson('/api/planning/runs', { scenarioId, runs })) as PlanningRun;

export const fetchRun = async (runId: string) =>
  (await getJson(`/api/planning/runs/${encodeURIComponent(runId)}`)) as PlanningRun;

export const fetchResult = async (runId: string) =>
  (await getJson(`/api/planning/runs/${encodeURIComponent(runId)}/result`)) as PlanningResult;

/** Where the standalone HTML report of a finished run is downloaded from. */
export const reportUrl = (runId: string) =>
  `/api/planning/runs/${encodeURIComponent(runId)}/report.html`;
