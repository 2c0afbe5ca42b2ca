import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { safetyCheckCommand, safetyReportCommand } from './safety.js';

// A constructed repository: one test file, a Vitest JSON report of a run, and a hazard log.
let root: string;

const hazard = (overrides: Record<string, unknown> = {}) => ({
  id: 'H-001',
  title: 'A double-booked slot',
  causes: ['two people book at once'],
  effect: 'two patients for one appointment',
  harm: 'delayed care',
  initial: { severity: 'considerable', likelihood: 'high' },
  controls: [
    {
      description: 'capacity in the database',
      kind: 'software',
      tests: [{ file: 'pkg/slot.test.ts', test: 'slots > never overbook' }],
    },
  ],
  residual: { severity: 'considerable', likelihood: 'very-low' },
  status: 'controlled',
  owner: 'CSO',
  ...overrides,
});

async function writeLog(hazards: unknown[]): Promise<void> {
  // JSON is YAML, so the constructed log can be written without a YAML writer.
  await writeFile(join(root, 'safety', 'hazards.yaml'), JSON.stringify({ hazards }));
}

async function writeRun(status: 'passed' | 'failed' | 'skipped'): Promise<void> {
  await writeFile(
    join(root, '.vitest-results', 'unit.json'),
    JSON.stringify({
      testResults: [
        {
          name: join(root, 'pkg', 'slot.test.ts'),
          assertionResults: [{ ancestorTitles: ['slots'], title: 'never overbook', status }],
        },
      ],
    }),
  );
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'atscale-safety-'));
  await mkdir(join(root, 'safety'));
  await mkdir(join(root, 'pkg'));
  await mkdir(join(root, '.vitest-results'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ version: '9.9.9' }));
  await writeFile(
    join(root, 'pkg', 'slot.test.ts'),
    "describe('slots', () => { it('never overbook', () => {}); });",
  );
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('atscale safety check', () => {
  it('passes a log whose controls are proved by tests that passed in this run', async () => {
    await writeLog([hazard()]);
    await writeRun('passed');
    await expect(safetyCheckCommand({ root })).resolves.toBeUndefined();
  });

  it('fails a control that names a test that does not exist', async () => {
    await writeLog([
      hazard({
        controls: [
          {
            description: 'capacity',
            kind: 'software',
            tests: [{ file: 'pkg/slot.test.ts', test: 'slots > is never there' }],
          },
        ],
      }),
    ]);
    await writeRun('passed');
    await expect(safetyCheckCommand({ root })).rejects.toThrow(
      /H-001: control 1 \("capacity"\) names a test that does not exist/,
    );
  });

  it('fails a control whose test failed in this run', async () => {
    await writeLog([hazard()]);
    await writeRun('failed');
    await expect(safetyCheckCommand({ root })).rejects.toThrow(/failed in this run/);
  });

  it('fails a hazard with no control, and a residual rating above the initial one', async () => {
    await writeLog([
      hazard({ controls: [] }),
      hazard({
        id: 'H-002',
        initial: { severity: 'minor', likelihood: 'low' },
        residual: { severity: 'major', likelihood: 'medium' },
      }),
    ]);
    await writeRun('passed');
    const failure = safetyCheckCommand({ root });
    await expect(failure).rejects.toThrow(/H-001: has no control/);
    await expect(safetyCheckCommand({ root })).rejects.toThrow(
      /H-002: its residual risk \(3\) is higher than its initial risk \(1\)/,
    );
  });

  it('fails a log that does not match the schema, saying where', async () => {
    await writeLog([hazard({ residual: { severity: 'tiny', likelihood: 'low' } })]);
    await writeRun('passed');
    await expect(safetyCheckCommand({ root })).rejects.toThrow(/\/hazards\/0\/residual\/severity/);
  });

  it('fails when there is no test run to check against', async () => {
    await writeLog([hazard()]);
    await rm(join(root, '.vitest-results'), { recursive: true });
    await expect(safetyCheckCommand({ root })).rejects.toThrow(/No test reports/);
  });
});

describe('atscale safety report', () => {
  it('writes the safety case with each test’s result and the version', async () => {
    await writeLog([hazard()]);
    await writeRun('passed');
    await safetyReportCommand({ root });
    const report = await readFile(join(root, 'safety', 'safety-case.md'), 'utf8');
    expect(report).toContain('atscale 9.9.9');
    expect(report).toMatch(
      /\| H-001 \| A double-booked slot \| 3 \| 2 \| controlled \| 1 \| 1 of 1 \|/,
    );
    expect(report).toMatch(/slots > never overbook \| passed \|/);
  });
});
