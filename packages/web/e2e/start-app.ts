import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so the app is started the way a user starts it. */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The built command-line entry point (`npm run build` makes it). */
const main = join(root, 'packages/cli/dist/main.js');

/** An atscale server started for a test run. */
export interface RunningApp {
  /** The origin to open in the browser, e.g. `http://localhost:41234`. */
  url: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  /** Stops the server (SIGTERM) and deletes its data directory. */
  stop: () => Promise<void>;
}

/** Asks the OS for a port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const healthy = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
};

/** Options of {@link startApp}. */
export interface StartOptions {
  /**
   * Runs on the fresh data folder before the server starts, e.g. `atscale demo` and
   * `atscale user add` through {@link runAtscale}; `start` then serves what it made.
   */
  prepare?: (data: string) => Promise<void>;
  /** Called with the data folder after the server stops, before the folder is deleted. */
  keepData?: (data: string) => Promise<void>;
}

/**
 * The environment variable naming a data folder already migrated and seeded by a first
 * `atscale start` (see global-setup.ts); apps without a `prepare` start on a copy of it.
 */
export const TEMPLATE_ENV = 'ATSCALE_E2E_TEMPLATE';

/**
 * Runs `node packages/cli/dist/main.js ...args` to the end, with `input` on its standard input,
 * and resolves to its output; rejects with the output if it exits with an error.
 */
export function runAtscale(args: readonly string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`atscale ${args.join(' ')} exited with ${String(code)}:\n${output}`));
    });
    child.stdin.end(input);
  });
}

/**
 * Starts `node packages/cli/dist/main.js start --data <fresh tmp dir> --port <free port>`
 * and resolves once `GET /healthz` answers 200. Rejects with the server's output if it
 * exits first or is not healthy within `timeoutMs`.
 */
export async function startApp(
  timeoutMs = 90_000,
  options: StartOptions = {},
): Promise<RunningApp> {
  if (!existsSync(main)) throw new Error(`${main} does not exist: run \`npm run build\` first.`);
  const data = await mkdtemp(join(tmpdir(), 'atscale-e2e-'));
  const template = process.env[TEMPLATE_ENV];
  try {
    if (options.prepare) await options.prepare(data);
    else if (template && existsSync(template)) await cp(template, data, { recursive: true });
  } catch (error) {
    await rm(data, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [main, 'start', '--data', data, '--port', String(port)], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited(child).then(() => true), sleep(10_000)]);
      if (!killed) child.kill('SIGKILL');
      await exited(child);
    }
    await options.keepData?.(data);
    await rm(data, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      const why =
        child.exitCode === null
          ? `not healthy after ${timeoutMs} ms`
          : `exited with ${child.exitCode}`;
      throw new Error(`atscale start ${why}. Output:\n${output}`);
    }
    await sleep(250);
  }
  return { url, output: () => output, stop };
}
