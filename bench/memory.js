// Suite `memory`: the server's memory after start and after the api load, and the peak
// memory of a real `atscale start` process once it answers /healthz.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { URL, fileURLToPath } from 'node:url';
import { DEMO_SIGN_IN } from '@atscale/db';
import { apiTargets, load } from './api.js';
import {
  eachTarget,
  freePort,
  mib,
  msSince,
  progress,
  signIn,
  startServerChild,
  table,
  throwawayDatabase,
  waitForOk,
  whole,
} from './common.js';

const CLI = fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url));
/** Seconds per route of the load run here when the api suite did not run before. */
const OWN_LOAD_SECONDS = 2;

/** The server's memory after start and after load: from the api suite, or measured here. */
async function serverMemory(ctx, target) {
  const known = ctx.serverMemory[target.label];
  if (known) return { ...known, source: 'api suite' };
  progress(
    `memory/${target.label}: starting a server and loading it (${OWN_LOAD_SECONDS} s per route)`,
  );
  const database = await throwawayDatabase(target);
  let server;
  try {
    server = await startServerChild(database.location);
    const afterStart = await server.memory();
    const cookie = await signIn(server.url, 'clinician@atscale.test', DEMO_SIGN_IN.password);
    for (const route of apiTargets(server, cookie)) {
      if (!route.baseline) await load(route, { seconds: OWN_LOAD_SECONDS, warmupSeconds: 0 });
    }
    return {
      afterStart,
      afterLoad: await server.memory(),
      source: `${OWN_LOAD_SECONDS} s per route`,
    };
  } finally {
    await server?.stop();
    await database.dispose();
  }
}

/** Fields of /proc/PID/status in bytes, e.g. VmRSS and VmHWM (the peak resident set). */
async function procStatus(pid) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : NaN;
  };
  return { rss: field('VmRSS'), peakRss: field('VmHWM') };
}

/**
 * Runs `atscale start` on a database location, waits until /healthz answers, reads its memory,
 * then stops it with SIGTERM (it must exit 0).
 */
async function cliStart(location) {
  const port = await freePort();
  const env = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.ATSCALE_DATA;
  delete env.DATABASE_URL;
  const args = [CLI, 'start', '--port', String(port), '--host', '127.0.0.1'];
  if (location.databaseUrl) env.DATABASE_URL = location.databaseUrl;
  else args.push('--data', location.dataDir);
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = once(child, 'exit');
  try {
    const alive = () => child.exitCode === null && child.signalCode === null;
    await waitForOk(`http://127.0.0.1:${port}/healthz`, 60_000, alive);
    const readyMs = msSince(start);
    const status = await procStatus(child.pid);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`atscale start ended with ${signal ?? code} on SIGTERM`);
    return { ...status, readyMs };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`, {
      cause: error,
    });
  }
}

/** Runs the suite on every database. */
export async function memorySuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'memory', async (target) => {
    const server = await serverMemory(ctx, target);
    rows.push(
      { database: target.label, what: 'server after start', ...server.afterStart },
      {
        database: target.label,
        what: `server after api load (${server.source})`,
        ...server.afterLoad,
      },
    );
    // First on a new database (initialise, migrate, create the demo organisation), then again
    // on the same one, as every later start would be.
    const database = await throwawayDatabase(target, { fresh: true });
    try {
      for (const when of ['new database', 'existing data']) {
        progress(`memory/${target.label}: atscale start on ${when}`);
        const cli = await cliStart(database.location);
        rows.push({
          database: target.label,
          what: `atscale start, ${when}: ready in ${whole(cli.readyMs)} ms`,
          ...cli,
        });
      }
    } finally {
      await database.dispose();
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function memoryTable(rows) {
  const or = (value, format) => (value === undefined || Number.isNaN(value) ? '-' : format(value));
  return table(
    'memory (MiB): server after a full GC, and the peak RSS of an `atscale start` process',
    ['database', 'process', 'RSS', 'peak RSS', 'heap used', 'heap total'],
    rows.map((r) => [
      r.database,
      r.what,
      or(r.rss, mib),
      or(r.peakRss, mib),
      or(r.heapUsed, mib),
      or(r.heapTotal, mib),
    ]),
    [
      'server: the bench server process (buildApp + listen + the baseline), process.memoryUsage()',
      'atscale start: node packages/cli/dist/main.js start --port P (--data DIR or DATABASE_URL); VmRSS, VmHWM',
    ],
  );
}
