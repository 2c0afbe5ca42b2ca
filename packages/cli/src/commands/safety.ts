import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AtscaleError, hazardLogProblems } from '@atscale/domain';
import { readHazardLog, readTestRun, safetyCaseMarkdown, testStatusIn } from '@atscale/server';

/** Options of `atscale safety check` and `atscale safety report`. */
export interface SafetyFlags {
  /** The hazard log (default safety/hazards.yaml). */
  readonly log?: string;
  /** The folder of this run's Vitest JSON reports (default .vitest-results). */
  readonly results?: string;
  /** Where the report goes (default safety/safety-case.md). */
  readonly out?: string;
  /** The repository root the log's test files are named from (default the working folder). */
  readonly root?: string;
}

async function load(flags: SafetyFlags) {
  const root = resolve(flags.root ?? '.');
  const logPath = resolve(root, flags.log ?? 'safety/hazards.yaml');
  const resultsPath = resolve(root, flags.results ?? '.vitest-results');
  const log = await readHazardLog(logPath);
  const run = existsSync(resultsPath) ? await readTestRun(resultsPath, root) : null;
  return { root, log, run, resultsPath, statusOf: testStatusIn(run, root) };
}

/**
 * Checks the hazard log against this run's test reports: every hazard controlled, residual risk
 * no higher than initial, every named test present and passing. Throws (exit 1) with every
 * problem listed.
 */
export async function safetyCheckCommand(flags: SafetyFlags): Promise<void> {
  const { log, run, resultsPath, statusOf } = await load(flags);
  if (!run) {
    throw new AtscaleError(
      'validation-failed',
      `No test reports in ${resultsPath}: run the tests with Vitest's JSON reporter first (as .ci/run does), or name the folder with --results`,
    );
  }
  const problems = hazardLogProblems(log, statusOf);
  const tests = log.hazards.flatMap((h) => h.controls.flatMap((c) => c.tests ?? []));
  if (problems.length > 0) {
    throw new AtscaleError(
      'validation-failed',
      `The clinical safety case does not stand: ${problems.length} problem(s)\n${problems
        .map((p) => `  ${p.hazardId}: ${p.message}`)
        .join('\n')}`,
    );
  }
  process.stdout.write(
    `Safety case: ${log.hazards.length} hazards, ${tests.length} control tests, all present and passing.\n`,
  );
}

/** Writes the safety case as Markdown, with each control test's status in this run. */
export async function safetyReportCommand(flags: SafetyFlags): Promise<void> {
  const { root, log, run, resultsPath, statusOf } = await load(flags);
  const pkg = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  const out = resolve(root, flags.out ?? 'safety/safety-case.md');
  const markdown = safetyCaseMarkdown(log, statusOf, {
    version: pkg.version ?? 'unknown',
    generatedAt: new Date().toISOString(),
    run: run ? `the test reports in ${resultsPath}` : 'no test run (every test shows as not run)',
  });
  await writeFile(out, markdown);
  process.stdout.write(`Wrote the safety case to ${out}\n`);
}
