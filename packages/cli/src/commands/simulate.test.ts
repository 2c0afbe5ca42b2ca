import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PLANNING_FORMS, planningFormRules } from '@atscale/domain';
import { runCli } from '../run.js';
import { runReplications } from '@atscale/server';
import { readScenarioFile } from './simulate.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/three-practices.json', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atscale-simulate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI, returning its exit code and what it wrote. */
async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'atscale', ...args]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('atscale simulate', () => {
  it('runs the example scenario and writes a standalone report of every form', async () => {
    const report = path.join(dir, 'report.html');
    const result = await cli('simulate', EXAMPLE, '--runs', '6', '--workers', '2', '--out', report);
    expect(result.err).toContain('Simulating 3 practices');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Wrote the report to ${report}`);
    const html = await readFile(report, 'utf8');
    for (const form of PLANNING_FORMS) expect(html).toContain(planningFormRules(form).label);
    expect(html).toContain('<svg');
    expect(html).toContain('@media print');
    // Valid numbers only, and nothing fetched from elsewhere.
    expect(html).not.toMatch(/NaN|undefined|Infinity|null/);
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    // Every percentage a share, every interval in order.
    const percents = [...html.matchAll(/>(-?\d+\.\d)%</g)].map((m) => Number(m[1]));
    expect(percents.length).toBeGreaterThan(20);
    for (const p of percents) expect(p >= 0 && p <= 100).toBe(true);
    expect(html).toContain('Riverside Surgery');
    expect(html).toContain('OHP: &#34;Levy of £2 per patient&#34; (source 001)');
  });

  it("takes the practices from a CSV in place of the scenario's", async () => {
    const csv = path.join(dir, 'two.csv');
    await writeFile(
      csv,
      'name,ods_code,list_size,gp_wte,nurse_wte,sites,income,costs,partners\n' +
        '"Riverside Surgery, Upper Town",Y90001,6044,3.4,1.1,3,"£999,328.24",642695.21,2\n' +
        'Hillview,Y90002,4212,2.5,0.75,2,702984.33,466004.58,1\n',
    );
    const scenario = await readScenarioFile(EXAMPLE, csv);
    expect(scenario.practices.map((p) => p.name)).toEqual([
      'Riverside Surgery, Upper Town',
      'Hillview',
    ]);
    expect(scenario.money.hubAppointmentsPerDay).toBe(10);
  });

  it('gives the same results with one worker or two', async () => {
    const scenario = await readScenarioFile(EXAMPLE);
    const one = await runReplications(scenario, { runs: 5, seed: 3, workers: 1, batch: 2 });
    const two = await runReplications(scenario, { runs: 5, seed: 3, workers: 2, batch: 1 });
    expect(two.summary).toEqual(one.summary);
    expect(two.events).toBe(one.events);
    const other = await runReplications(scenario, { runs: 5, seed: 4, workers: 2 });
    expect(other.summary).not.toEqual(one.summary);
  });

  it('refuses bad input with a message naming the field, and writes nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ practices: [{ odsCode: 'Y90001', name: 'A', listSize: 'many' }] }),
    );
    const report = path.join(dir, 'never.html');
    const invalid = await cli('simulate', bad, '--runs', '3', '--out', report);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('/practices/0/listSize');
    await expect(readFile(report)).rejects.toThrow();
    const runs = await cli('simulate', EXAMPLE, '--runs', '1', '--out', report);
    expect(runs.code).toBe(1);
    expect(runs.err).toContain('--runs must be a whole number from 2');
    const csv = path.join(dir, 'practices.csv');
    await writeFile(
      csv,
      'ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners\n' +
        'Y90001,Riverside,6044,3.4,1.1,3,999328.24,642695.21,2\n' +
        'Y90002,Hillview,4212,2.5,0.75,two,702984.33,466004.58,1\n',
    );
    const badCsv = await cli('simulate', EXAMPLE, '--practices', csv, '--out', report);
    expect(badCsv.code).toBe(1);
    expect(badCsv.err).toContain(`${csv} is not valid`);
    expect(badCsv.err).toContain('line 3, sites');
    const notJson = path.join(dir, 'not.json');
    await writeFile(notJson, '{ practices: ');
    expect((await cli('simulate', notJson)).err).toContain('is not valid JSON');
    expect((await cli('simulate', path.join(dir, 'missing.json'))).err).toContain('Cannot read');
  });
});
