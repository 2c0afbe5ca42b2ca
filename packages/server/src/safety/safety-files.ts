import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HazardLog, TestReference, TestStatus } from '@atscale/domain';
import { readHazardLog } from './hazard-log-file.js';
import { readTestRun, testStatusIn } from './test-results.js';

/**
 * The repository this server runs from: the nearest folder above this module that holds
 * `safety/hazards.yaml` (the same from `src/` under the tests and from `dist/` when built).
 */
export function repositoryRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'safety', 'hazards.yaml'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** The hazard log, and how each named test fared in the last recorded test run. */
export interface LoadedSafetyCase {
  readonly root: string;
  /** The version of atscale in the repository's package.json. */
  readonly version: string;
  readonly log: HazardLog;
  /** When the test reports were written; null when there are none. */
  readonly runAt: Date | null;
  readonly statusOf: (test: TestReference) => TestStatus;
}

/**
 * Reads `safety/hazards.yaml` and the test reports in `.vitest-results` (as CI writes them), both
 * under the repository root; the reports are optional.
 */
export async function loadSafetyCase(root: string): Promise<LoadedSafetyCase> {
  const log = await readHazardLog(join(root, 'safety', 'hazards.yaml'));
  const results = resolve(root, '.vitest-results');
  const run = existsSync(results) ? await readTestRun(results, root) : null;
  const runAt = run && run.size > 0 ? (await stat(results)).mtime : null;
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return { root, version: pkg.version ?? 'unknown', log, runAt, statusOf: testStatusIn(run, root) };
}
