import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPglite, type PostgresDatabase } from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { runCli } from '../run.js';
import { captureTerminal } from '../testing/capture-terminal.js';
import { demoCommand, planDemo, type DemoFlags } from './demo.js';
import { demoSignIns } from './serve.js';

const serverUrl = process.env.DATABASE_URL?.trim();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'atscale-demo-test-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Runs the CLI with stdout and stderr captured; returns the exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(['node', 'atscale', ...args]);
    const text = (spy: typeof out) => spy.mock.calls.map((c) => String(c[0])).join('');
    return { code, out: text(out), err: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('atscale demo refuses what it cannot build, before opening any database', () => {
  const nowhere = ['--data', '/nonexistent/atscale-demo-data'];
  it.each([
    [['--scale', 'huge'], /atscale: Unknown scale "huge": choose tiny, small, ohp\n$/],
    [
      ['--seed', '-3'],
      /atscale: The seed must be a whole number from 0 to 4294967295, not "-3"\n$/,
    ],
    [['--seed', 'abc'], /not "abc"/],
    [
      ['--form', 'cooperative'],
      /atscale: Unknown form "cooperative": choose one of .*federation.*, or all\n$/,
    ],
  ])('%j', async (args, message) => {
    const result = await cli('demo', ...args, ...nowhere);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
  });

  it('plans one organisation of every form with --form all, the autonomy one first', () => {
    const { plans } = planDemo({ scale: 'tiny', form: 'all' });
    expect(plans).toHaveLength(8);
    expect(plans[0]?.form).toBe('autonomy-super-partnership');
  });

  it('lists every form’s sign-in in the start banner, the autonomy demo first', () => {
    const lines = demoSignIns(true).trimEnd().split('\n');
    expect(lines[0]).toBe('Demo sign-ins, password atscale-demo:');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(
      /^ {2}demo@atscale\.test, clinician@atscale\.test, navigator@atscale\.test, workforce@atscale\.test, finance@atscale\.test {2}Demo Health Partnership \(autonomy super-partnership\)$/,
    );
    expect(lines.at(-1)).toMatch(
      /mcp-full@atscale\.test +Tamar Community Provider \(MCP contract \(fully integrated\)\)$/,
    );
    expect(demoSignIns(false)).toMatch(/\(if the demo organisations are still there\)/);
  });

  // With DATABASE_URL set the command would build into that server instead of the folder.
  it.skipIf(serverUrl)('refuses a folder that holds something other than a database', async () => {
    const folder = path.join(work, 'not-a-database');
    await rm(folder, { recursive: true, force: true });
    await writeFile(path.join(work, 'stray.txt'), 'x');
    const result = await cli('demo', '--scale', 'tiny', '--data', work);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/holds other files, not an atscale database/);
  });
});

// Into a new PGlite folder, or a new database on the server when DATABASE_URL is set.
describe('atscale demo builds into a database', () => {
  let server: TestDatabase | undefined;
  let flags: DemoFlags;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(work, 'data');
    if (serverUrl) {
      server = await createTestDatabase();
      env = { DATABASE_URL: (server.db as PostgresDatabase).connectionString };
      flags = {};
    } else {
      env = {};
      flags = { data: dataDir };
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('builds the tiny demo, says what it built and how to sign in, with progress on stderr', async () => {
    const terminal = captureTerminal();
    const summary = await demoCommand({ ...flags, scale: 'tiny', seed: '3' }, env, terminal);
    expect(summary.organisations).toHaveLength(1);
    expect(summary.organisations[0]?.totals.patients).toBe(300);
    expect(terminal.out()).toMatch(
      /^Built the tiny demo \(seed 3\): [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)\n {2}Demo Health Partnership \(autonomy super-partnership\): 3 member practices, 300 patients, \d+ staff \(\d+ partners\), \d+ sites\n {4}sign in as demo@atscale\.test, clinician@atscale\.test, navigator@atscale\.test, workforce@atscale\.test, finance@atscale\.test\nEvery demo sign-in has the password atscale-demo\.\n$/,
    );
    expect(terminal.err()).toMatch(/^Building the tiny demo: [\d,]+ rows to go\n/);
    expect(terminal.err()).toMatch(/Building the tiny demo: done, [\d,]+ rows in/);
  }, 60_000);

  it('refuses to build the same demo again into that database', async () => {
    const terminal = captureTerminal();
    await expect(demoCommand({ ...flags, scale: 'tiny' }, env, terminal)).rejects.toThrow(
      /already has the demo sign-ins clinician@atscale\.test, demo@atscale\.test, finance@atscale\.test, navigator@atscale\.test/,
    );
    expect(terminal.err()).not.toMatch(/rows to go/);
  });

  it('adds a demo of another form beside it, with its own sign-in', async () => {
    const terminal = captureTerminal();
    const summary = await demoCommand(
      { ...flags, scale: 'tiny', form: 'federation' },
      env,
      terminal,
    );
    expect(summary.organisations[0]?.name).toBe('Avon Vale GP Federation');
    expect(terminal.out()).toMatch(/sign in as federation@atscale\.test\n/);
  });

  it.skipIf(serverUrl)(
    'answers through runCli with exit code 1 and one line when the demo is there',
    async () => {
      const result = await cli(
        'demo',
        '--scale',
        'tiny',
        '--form',
        'federation',
        '--data',
        dataDir,
      );
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^atscale: This database already has the demo sign-ins federation@atscale\.test/,
      );
      const db = await openPglite({ dataDir });
      try {
        const { rows } = await db.query<{ n: number }>(
          'select count(*)::int as n from organisation',
        );
        expect(rows[0]?.n).toBe(2);
      } finally {
        await db.close();
      }
    },
  );
});
