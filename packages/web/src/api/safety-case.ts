import { getJson } from './client';

/** A severity and likelihood with the matrix's rating. */
export interface RatedRisk {
  severity: string;
  likelihood: string;
  rating: number;
}

/** One hazard of the safety case, from `GET /api/safety-case`. */
export interface SafetyHazard {
  id: string;
  title: string;
  causes: string[];
  effect: string;
  harm: string;
  initial: RatedRisk;
  residual: RatedRisk;
  status: string;
  owner: string;
  controls: {
    description: string;
    kind: string;
    tests: { file: string; test: string; status: string }[];
  }[];
}

/** The clinical safety case. */
export interface SafetyCase {
  generatedAt: string;
  version: string;
  testRunAt: string | null;
  hazards: SafetyHazard[];
}

/** Reads the safety case. */
export async function fetchSafetyCase(): Promise<SafetyCase> {
  return (await getJson('/api/safety-case')) as SafetyCase;
}
