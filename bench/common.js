// Shared helpers of the benchmarks: where the databases live, HTTP without a framework,
// progress on stderr and plain-text tables on stdout.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { migrate, openPglite, openPostgres } from '@atscale/db';

/**
 * The databases every suite runs on: PGlite always, and the DATABASE_URL server when set;
 * `BENCH_DATABASES` (e.g. `postgres`) keeps only those named.
 */
export function benchTargets() {
  const serverUrl = process.env.DATABASE_URL?.trim();
  const all = [
    { kind: 'pglite', label: 'pglite' },
    ...(serverUrl ? [{ kind: 'postgres', label: 'postgres', serverUrl }] : []),
  ];
  const only = process.env.BENCH_DATABASES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!only?.length) return all;
  const unknown = only.filter((name) => !all.some((t) => t.label === name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_DATABASES names ${unknown.join(', ')}; this run has ${all.map((t) => t.label).join(' and ')}` +
        (serverUrl ? '' : ' (set DATABASE_URL for postgres)'),
    );
  }
  return all.filter((t) => only.includes(t.label));
}

/**
 * Runs `fn` for each database in turn. A failure is recorded in `ctx.failures` (so the run
 * exits non-zero) and reported, and the next database still runs.
 */
export async function eachTarget(ctx, suite, fn) {
  for (const target of benchTargets()) {
    try {
      await fn(target);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      ctx.failures.push({ suite, database: target.label, error: message });
      progress(`${suite}/${target.label} failed: ${message}`);
    }
  }
}

/**
 * A new database for one measurement: a temp data folder for PGlite (a copy of one initialised
 * and migrated once per run, or with `fresh` a folder not even initialised, as on a first
 * `atscale start`), or an empty database created on the server and dropped by `dispose`.
 * Returns where it is, as the CLI would be told: `{ dataDir }` or `{ databaseUrl }`.
 */
export async function throwawayDatabase(target, { fresh = false } = {}) {
  if (target.kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'atscale-bench-'));
    // Creating a PGlite data folder (initdb in WebAssembly) takes seconds; a copy of one made
    // and migrated once per run opens in well under one.
    if (!fresh) await cp(await pgliteTemplate(), dataDir, { recursive: true });
    return {
      location: { dataDir },
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `atscale_bench_${randomBytes(6).toString('hex')}`;
  await withServer(target.serverUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  return {
    location: { databaseUrl: url.toString() },
    dispose: () =>
      withServer(target.serverUrl, (admin) =>
        admin.query(`drop database if exists ${name} with (force)`),
      ),
  };
}

let template;

/** A migrated PGlite data folder, made on first use and removed by `disposeTemplates`. */
function pgliteTemplate() {
  template ??= (async () => {
    progress('pglite: creating and migrating a data folder to copy');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'atscale-bench-template-'));
    const db = await openPglite({ dataDir });
    await migrate(db).finally(() => db.close());
    return dataDir;
  })();
  return template;
}

/** Removes the PGlite template folder, if one was made. */
export async function disposeTemplates() {
  if (!template) return;
  const dataDir = await template.catch(() => undefined);
  template = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

async function withServer(serverUrl, fn) {
  const admin = await openPostgres({ connectionString: serverUrl, maxConnections: 1 });
  try {
    await fn(admin);
  } finally {
    await admin.close();
  }
}

/** Opens the database at a location made by `throwawayDatabase`. */
export function openLocation(location) {
  return location.databaseUrl
    ? openPostgres({ connectionString: location.databaseUrl })
    : openPglite({ dataDir: location.dataDir });
}

const benchStart = process.hrtime.bigint();

/** One line of progress on stderr (seconds since the start, then the step); stdout keeps the results. */
export function progress(message) {
  const seconds = (msSince(benchStart) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`bench ${seconds} s: ${message}\n`);
}

/** Elapsed milliseconds since `start` (a process.hrtime.bigint()). */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A port free on 127.0.0.1 at the moment of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

/** One HTTP request with node:http, resolving to its status, headers and body text. */
export function httpRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs in through the API and returns the `atscale_session=...` cookie to send back. */
export async function signIn(baseUrl, email, password) {
  const response = await httpRequest(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    // Sent as the web app in a browser would send it, with its own Origin.
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in as ${email} answered ${response.status}: ${response.body}`);
  }
  const cookies = [response.headers['set-cookie'] ?? []].flat();
  const session = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('atscale_session='));
  if (!session) throw new Error('sign-in set no atscale_session cookie');
  return session;
}

/** Polls a URL until it answers 200, or throws after `timeoutMs`. */
export async function waitForOk(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`the process behind ${url} ended before it answered`);
    try {
      const response = await httpRequest(url);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Bytes as MiB with one decimal. */
export const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/** A whole number with thousands separators. */
export const whole = (n) => Math.round(n).toLocaleString('en-GB');

/** A ratio as e.g. "0.42x". */
export const times = (ratio) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-');

/**
 * A plain-text table: the first two columns left-aligned, the others right-aligned.
 * `rows` are arrays of strings (or numbers) as wide as `headers`.
 */
export function table(title, headers, rows, notes = []) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row) =>
    row
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    '',
    title,
    '',
    line(cells[0]),
    rule,
    ...cells.slice(1).map(line),
    ...notes.map((n) => `  ${n}`),
    '',
  ].join('\n');
}

/**
 * Forks bench/server-child.js (or another server script of the same protocol) on a database
 * location and waits until it serves. The result holds what the child reported, `memory()` to
 * ask for its memory now, and `stop()`.
 */
export function startServerChild(location, script = './server-child.js') {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(location)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message?.type !== type) return;
        cleanup();
        resolve(message);
      };
      const onExit = (code, signal) => {
        cleanup();
        reject(
          new Error(`the bench server ended (${signal ?? `exit code ${code}`}) before "${type}"`),
        );
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next('ready').then(
    (ready) => ({
      ...ready,
      pid: child.pid,
      memory: async () => {
        const answer = next('memory');
        child.send({ type: 'memory' });
        return (await answer).memory;
      },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const [code, signal] = await exited;
        clearTimeout(timer);
        if (code !== 0) throw new Error(`the bench server stopped badly (${signal ?? code})`);
      },
    }),
    (error) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
}
