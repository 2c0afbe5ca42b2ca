import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { AtscaleError, parsePracticesCsv, parseScenario, type Scenario } from '@atscale/domain';
import { renderReport, runReplications, type ReplicationRun } from '@atscale/server';
import { withProgressBar } from '../terminal/progress-bar.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Options of `atscale simulate`. */
export interface SimulateFlags {
  readonly runs?: string | undefined;
  readonly out?: string | undefined;
  readonly workers?: string | undefined;
  readonly seed?: string | undefined;
  /** A CSV of practices that replaces the scenario's own. */
  readonly practices?: string | undefined;
}

function wholeFlag(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new AtscaleError(
      'validation-failed',
      `${flag} must be a whole number from ${min} to ${max}, not "${text}"`,
      [{ field: flag, message: `A whole number from ${min} to ${max}` }],
    );
  }
  return value;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new AtscaleError('validation-failed', `Cannot read ${file}${code ? ` (${code})` : ''}`);
  }
}

/** Errors that name the file, then each field. */
function inFile(file: string, error: unknown): unknown {
  if (error instanceof AtscaleError && error.errors.length > 0) {
    return new AtscaleError(
      'validation-failed',
      `${file} is not valid:\n${error.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`,
      error.errors,
    );
  }
  return error;
}

/**
 * Reads and checks a scenario file (JSON), and the practices of a CSV file in place of its own
 * when one is given; errors name the file and the field (or the CSV's line and column).
 */
export async function readScenarioFile(file: string, practicesCsv?: string): Promise<Scenario> {
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AtscaleError(
      'validation-failed',
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (practicesCsv !== undefined) {
    const csv = await readText(practicesCsv);
    try {
      const practices = parsePracticesCsv(csv);
      json = { ...(typeof json === 'object' && json !== null ? json : {}), practices };
    } catch (error) {
      throw inFile(practicesCsv, error);
    }
  }
  try {
    return parseScenario(json);
  } catch (error) {
    throw inFile(file, error);
  }
}

/**
 * `atscale simulate SCENARIO.json --runs N --out report.html [--workers K] [--seed S]`:
 * simulates N years of the scenario under every form on K worker threads, with a progress
 * bar, and writes the comparison as a standalone HTML report.
 */
export async function simulateCommand(
  file: string,
  flags: SimulateFlags,
  terminal: Terminal = processTerminal(),
): Promise<ReplicationRun> {
  const runs = wholeFlag(flags.runs, '--runs', 200, 2, 100_000);
  const workers = wholeFlag(flags.workers, '--workers', Math.min(4, availableParallelism()), 1, 64);
  const seed = wholeFlag(flags.seed, '--seed', 1, 0, 4_294_967_295);
  const out = flags.out ?? 'report.html';
  const scenario = await readScenarioFile(file, flags.practices);
  const run = await withProgressBar(
    terminal.stderr,
    `Simulating ${scenario.practices.length} practices, 7 forms`,
    runs,
    (update) => runReplications(scenario, { runs, seed, workers, onProgress: update }),
    { unit: 'years' },
  );
  const html = renderReport(scenario, run.summary, {
    seed,
    workers,
    seconds: run.seconds,
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  });
  await writeFile(out, html);
  const lines = run.summary.forms.map((f) => {
    const g = f.group;
    return `  ${f.label.padEnd(40)} same day ${(g.sameDayShare.mean * 100).toFixed(1)}%  p90 wait ${g.p90Wait.mean.toFixed(1)} d  unmet ${(g.unmetShare.mean * 100).toFixed(2)}%  profit/partner £${Math.round(g.profitPerPartner.mean / 100).toLocaleString('en-GB')}`;
  });
  terminal.stdout.write(
    `${lines.join('\n')}\nWrote the report to ${out} (${runs} simulated years per form, ${Math.round(run.events).toLocaleString('en-GB')} events in ${run.seconds.toFixed(1)} s)\n`,
  );
  return run;
}
