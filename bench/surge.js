// Suite `surge`: a Monday morning at 8:00 for the `ohp` demo (issue 4, ACC-1 and ACC-2).
// Requests arrive over a simulated hour, compressed in time, most of them at the start; care
// navigators record phone and walk-in requests, patients send the online form, and triaging
// clinicians claim and decide them as they come. Then a step test raises the offered intake
// rate until the server no longer holds it, and a baseline inserts the same request row
// straight to the database at the same concurrency. Afterwards SQL must find every recorded
// request in the queue or triaged.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { DEMO_SIGN_IN } from '@atscale/db';
import { ADMIN_REQUEST_TYPES } from '@atscale/domain';
import { Pool } from 'undici';
import {
  eachTarget,
  msSince,
  progress,
  signIn,
  table,
  throwawayDatabase,
  times,
  whole,
} from './common.js';

const env = process.env;
const list = (text) =>
  text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);

/** The morning and the load; the BENCH_SURGE_* variables change them (see bench/README.md). */
export const SURGE = {
  scale: env.BENCH_SURGE_SCALE ?? 'ohp',
  requests: Number(env.BENCH_SURGE_REQUESTS ?? 6000),
  /** Simulated seconds per real second: 30 plays the hour in two minutes. */
  speedUp: Number(env.BENCH_SURGE_SPEEDUP ?? 30),
  /** Minutes for the arrival rate to fall by e (about 2.7 times): the 8:00 peak. */
  decayMinutes: 20,
  /** Share of requests sent by patients through the online form. */
  online: 0.25,
  navigators: Number(env.BENCH_SURGE_NAVIGATORS ?? 40),
  triagers: Number(env.BENCH_SURGE_TRIAGERS ?? 20),
  /** Requests a clinician claims from one look at the queue, most urgent first. */
  claimsPerRead: 10,
  /** Seconds triage may go on after the last arrival to empty the queues. */
  triageGraceSeconds: Number(env.BENCH_SURGE_TRIAGE_GRACE ?? 30),
  patientsPerPractice: 300,
  /** Offered intake rates of the step test, requests/s. */
  steps: list(env.BENCH_SURGE_STEPS ?? '25,50,100,200,400,600,800,1000,1200,1500,2000'),
  stepSeconds: Number(env.BENCH_SURGE_STEP_SECONDS ?? 5),
  /** A step is held when p99 stays under this, nothing errs, and 95% of the rate is served. */
  p99BoundMs: Number(env.BENCH_SURGE_P99_MS ?? 250),
  /** Sockets the clients share, and the bare baseline's concurrent inserts. */
  connections: Number(env.BENCH_SURGE_CONNECTIONS ?? 32),
  /** The target of issue 4 on 2 cores. */
  targetPerSecond: 1000,
};

const HOUR_SECONDS = 3600;
const CHILD = fileURLToPath(new URL('./surge-child.js', import.meta.url));

/**
 * Arrival times in real ms for `n` requests over the simulated hour, the rate decaying
 * exponentially from 8:00 (inverse of the cumulative arrivals, so the shape is exact).
 */
export function arrivals(n, speedUp, decayMinutes = SURGE.decayMinutes) {
  const tau = decayMinutes * 60;
  const share = 1 - Math.exp(-HOUR_SECONDS / tau);
  return Array.from({ length: n }, (_, i) => {
    const simulated = -tau * Math.log(1 - ((i + 0.5) / n) * share);
    return (simulated / speedUp) * 1000;
  });
}

/** The arrival rate at 8:00, in real requests/s. */
const peakRate = (n, speedUp) =>
  (n / (SURGE.decayMinutes * 60 * (1 - Math.exp(-HOUR_SECONDS / (SURGE.decayMinutes * 60))))) *
  speedUp;

/** CPU seconds a process (all its threads) has used, from /proc/PID/stat (Linux). */
function processCpu(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by this process: the simulated clients, the load generator. */
const clientCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * CPU seconds used so far by the server process and, on a PostgreSQL server, by the backends
 * connected to its database: what a request costs whatever else the machine is doing. NaN
 * where /proc cannot say.
 */
function cpuNow(pid, databaseName) {
  try {
    let database = 0;
    if (databaseName) {
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
          if (command.startsWith('postgres:') && command.includes(` ${databaseName} `)) {
            database += processCpu(entry);
          }
        } catch {
          // The process ended while we looked.
        }
      }
    }
    return { server: processCpu(pid), database, clients: clientCpu() };
  } catch {
    return { server: NaN, database: NaN, clients: clientCpu() };
  }
}

/**
 * CPU ms per request between two `cpuNow` readings, and the rate those would allow on two
 * otherwise idle cores: the server's JavaScript (and PGlite, in the same thread) uses at most
 * one; a PostgreSQL server's backends the rest.
 */
function cpuPerRequest(before, after, requests, kind) {
  const server = ((after.server - before.server) * 1000) / requests;
  const database = ((after.database - before.database) * 1000) / requests;
  const clients = ((after.clients - before.clients) * 1000) / requests;
  const ceiling =
    kind === 'pglite' ? 1000 / server : Math.min(1000 / server, 2000 / (server + database));
  return { serverMs: server, databaseMs: database, clientMs: clients, ceiling };
}

const quantile = (sorted, q) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const pick = (items) => items[Math.floor(Math.random() * items.length)];

/**
 * JSON over keep-alive HTTP; resolves to { status, body } and never throws for a status.
 * undici rather than node:http: the clients share the server's two cores, and it takes about
 * half the CPU per request, which the server then has.
 */
function client(baseUrl, connections) {
  const pool = new Pool(baseUrl, { connections });
  const send = async (method, path, { body, headers = {} } = {}) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const answer = await pool.request({
      method,
      path,
      headers: {
        origin: baseUrl,
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: text,
    });
    return { status: answer.statusCode, body: await answer.body.text() };
  };
  return { send, close: () => pool.destroy() };
}

/**
 * Fires `fire(i)` at each of `at` (ms from now) without waiting for earlier answers (an open
 * loop, as patients do not wait for each other), and times each answer from its scheduled
 * moment, so that a backlog shows in the latency. Stops sending, and counts the rest as not
 * sent, once more than `maxInFlight` are unanswered.
 */
async function openLoop(at, fire, { maxInFlight = Infinity } = {}) {
  const latencies = [];
  const statuses = new Map();
  let inFlight = 0;
  let notSent = 0;
  let lastDone = 0;
  const pending = [];
  const start = performance.now();
  for (let i = 0; i < at.length;) {
    const now = performance.now() - start;
    while (i < at.length && at[i] <= now) {
      const scheduled = at[i];
      if (inFlight >= maxInFlight) {
        notSent += 1;
        i += 1;
        continue;
      }
      inFlight += 1;
      pending.push(
        fire(i).then(
          (status) => {
            inFlight -= 1;
            lastDone = performance.now() - start;
            latencies.push(lastDone - scheduled);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          },
          (error) => {
            inFlight -= 1;
            const key = `error: ${error instanceof Error ? error.message : String(error)}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          },
        ),
      );
      i += 1;
    }
    if (i < at.length) await sleep(Math.max(0, Math.min(at[i] - (performance.now() - start), 20)));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const ok = [...statuses].filter(([s]) => typeof s === 'number' && s >= 200 && s < 300);
  const served = ok.reduce((sum, [, n]) => sum + n, 0);
  return {
    sent: at.length - notSent,
    served,
    errors: at.length - notSent - served,
    notSent,
    statuses: Object.fromEntries(statuses),
    seconds: lastDone / 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
  };
}

const DECISIONS = [
  { urgency: 'same-day', outcome: 'telephone' },
  { urgency: 'same-day', outcome: 'face-to-face-home' },
  { urgency: 'within-2-days', outcome: 'face-to-face-any-site' },
  { urgency: 'within-2-days', outcome: 'video' },
  { urgency: 'within-2-weeks', outcome: 'hub' },
  { urgency: 'routine', outcome: 'self-care' },
  { urgency: 'routine', outcome: 'specialist', specialistService: 'MSK' },
  { urgency: 'emergency', outcome: 'urgent-care' },
];

/** What a new request says: mostly clinical, some admin (fit notes, results, prescriptions). */
function newRequest(i) {
  const admin = Math.random() < 0.3;
  return {
    kind: admin ? 'admin' : 'clinical',
    ...(admin ? { adminType: pick(ADMIN_REQUEST_TYPES) } : {}),
    description: `surge replay ${i}: ${admin ? 'needs a fit note' : 'cough and fever for 3 days'}`,
  };
}

/**
 * One clinician: looks at each of its practices' queues, claims the first few waiting
 * requests and decides them, until the intake is over and its queues are empty (or time's up).
 */
async function triager(http, clinician, state, figures) {
  const headers = { cookie: clinician.cookie };
  for (;;) {
    let decided = 0;
    for (const practiceId of clinician.practiceIds) {
      if (Date.now() > state.triageDeadline) return;
      const queue = await http.send('GET', `/api/triage/queue?practiceId=${practiceId}`, {
        headers,
      });
      if (queue.status !== 200) throw new Error(`the triage queue answered ${queue.status}`);
      figures.queueReads += 1;
      const waiting = JSON.parse(queue.body)
        .requests.filter((r) => r.status === 'waiting' && r.description.startsWith('surge replay'))
        .slice(0, SURGE.claimsPerRead);
      for (const r of waiting) {
        const started = process.hrtime.bigint();
        const claim = await http.send('POST', `/api/requests/${r.id}/claim`, { headers });
        if (claim.status === 409) {
          figures.claimConflicts += 1;
          continue;
        }
        if (claim.status !== 200) throw new Error(`a claim answered ${claim.status}`);
        const decision =
          r.kind === 'admin' ? { urgency: 'routine', outcome: 'admin-done' } : pick(DECISIONS);
        const done = await http.send('POST', `/api/requests/${r.id}/triage`, {
          headers,
          body: decision,
        });
        if (done.status !== 200) throw new Error(`a triage decision answered ${done.status}`);
        figures.latencies.push(msSince(started));
        figures.triaged += 1;
        decided += 1;
      }
    }
    if (decided === 0) {
      if (state.intakeDone) return;
      await sleep(250);
    }
  }
}

/** The Monday morning: intake by navigators and the online form, triage as it comes. */
async function replay(http, server) {
  const navigatorsOf = new Map();
  for (const nav of server.navigators) {
    navigatorsOf.set(nav.practiceId, [...(navigatorsOf.get(nav.practiceId) ?? []), nav]);
  }
  const withNavigator = server.practices.filter((p) => navigatorsOf.has(p.id));
  const navigatorIds = [];
  const references = [];
  const intake = { online: 0, navigator: 0 };
  const fire = async (i) => {
    const body = newRequest(i);
    if (Math.random() < SURGE.online) {
      intake.online += 1;
      const practice = pick(server.practices);
      const patient = pick(practice.patients);
      const answer = await http.send('POST', `/api/public/practices/${practice.odsCode}/requests`, {
        // Each patient from an address of their own, as through the deployment's proxy.
        headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: {
          redFlags: [],
          nhsNumber: patient.nhsNumber,
          dateOfBirth: patient.dateOfBirth,
          ...body,
        },
      });
      if (answer.status === 201) references.push(JSON.parse(answer.body).reference);
      return answer.status;
    }
    intake.navigator += 1;
    const practice = pick(withNavigator);
    const nav = pick(navigatorsOf.get(practice.id) ?? []);
    const answer = await http.send('POST', '/api/requests', {
      headers: { cookie: nav.cookie },
      body: {
        patientId: pick(practice.patients).id,
        channel: Math.random() < 0.85 ? 'phone' : 'walk-in',
        ...body,
      },
    });
    if (answer.status === 201) navigatorIds.push(JSON.parse(answer.body).id);
    return answer.status;
  };
  const at = arrivals(SURGE.requests, SURGE.speedUp);
  const state = { intakeDone: false, triageDeadline: Infinity };
  const triage = { queueReads: 0, claimConflicts: 0, triaged: 0, latencies: [] };
  const triageStarted = process.hrtime.bigint();
  const clinicians = Promise.all(server.triagers.map((c) => triager(http, c, state, triage)));
  // A triage failure must not leave the intake waiting: it is reported once both are over.
  const triageOutcome = clinicians.then(
    () => undefined,
    (error) => {
      state.triageDeadline = 0;
      return error;
    },
  );
  const intakeFigures = await openLoop(at, fire);
  state.intakeDone = true;
  state.triageDeadline = Date.now() + SURGE.triageGraceSeconds * 1000;
  const triageError = await triageOutcome;
  if (triageError) throw triageError;
  const triageSeconds = msSince(triageStarted) / 1000;
  triage.latencies.sort((a, b) => a - b);
  return {
    intake: { ...intakeFigures, ...intake },
    triage: {
      triaged: triage.triaged,
      perSecond: triage.triaged / triageSeconds,
      seconds: triageSeconds,
      queueReads: triage.queueReads,
      claimConflicts: triage.claimConflicts,
      p50: quantile(triage.latencies, 0.5),
      p99: quantile(triage.latencies, 0.99),
    },
    navigatorIds,
    references,
  };
}

/** Navigator intake at a steady offered rate for `seconds`, open loop. */
function intakeStep(http, server, rate, seconds) {
  const n = Math.max(1, Math.round(rate * seconds));
  const at = Array.from({ length: n }, (_, i) => (i * 1000) / rate);
  const fire = async (i) => {
    const nav = server.navigators[i % server.navigators.length];
    const practice = server.practices.find((p) => p.id === nav.practiceId);
    const answer = await http.send('POST', '/api/requests', {
      headers: { cookie: nav.cookie },
      body: {
        patientId: pick(practice?.patients ?? []).id,
        channel: 'phone',
        kind: 'clinical',
        description: `surge step ${rate}/s`,
      },
    });
    return answer.status;
  };
  // More than a second's worth unanswered: the step is lost already, so stop adding to it.
  return openLoop(at, fire, { maxInFlight: Math.max(rate, 50) });
}

/** Navigator intake as fast as it goes, `connections` requests at a time, for `seconds`. */
async function closedLoop(http, server, seconds) {
  const latencies = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  const worker = async (w) => {
    const nav = server.navigators[w % server.navigators.length];
    const practice = server.practices.find((p) => p.id === nav.practiceId);
    while (Date.now() < deadline) {
      const t = process.hrtime.bigint();
      const answer = await http.send('POST', '/api/requests', {
        headers: { cookie: nav.cookie },
        body: {
          patientId: pick(practice?.patients ?? []).id,
          channel: 'phone',
          kind: 'clinical',
          description: 'surge closed loop',
        },
      });
      if (answer.status !== 201) errors += 1;
      latencies.push(msSince(t));
    }
  };
  await Promise.all(Array.from({ length: SURGE.connections }, (_, w) => worker(w)));
  latencies.sort((a, b) => a - b);
  const s = msSince(started) / 1000;
  return {
    requests: latencies.length,
    perSecond: latencies.length / s,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    errors,
  };
}

/** Forks surge-child.js on a database and resolves once it serves; `ask` talks to it. */
async function startChild(location) {
  // The server logs as a deployment does (JSON lines at info), so logging's cost is measured.
  const logFile = path.join(tmpdir(), `atscale-surge-${process.pid}-${Date.now()}.log`);
  const child = fork(
    CHILD,
    [
      JSON.stringify({
        location,
        scale: SURGE.scale,
        seed: 1,
        navigators: SURGE.navigators,
        triagers: SURGE.triagers,
        patientsPerPractice: SURGE.patientsPerPractice,
        logFile,
      }),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message?.type === 'failed') {
          cleanup();
          reject(new Error(`the surge server failed: ${message.error}`));
        } else if (message?.type === type) {
          cleanup();
          resolve(message);
        }
      };
      const onExit = (code, signal) => {
        cleanup();
        reject(new Error(`the surge server ended (${signal ?? code}) before "${type}"`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  try {
    const ready = await next('ready');
    return {
      ...ready,
      pid: child.pid,
      ask: (message) => {
        const answer = next(message.type);
        child.send(message);
        return answer;
      },
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        const logged = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
        rmSync(logFile, { force: true });
        return logged;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(logFile, { force: true });
    throw error;
  }
}

/** Runs the suite on every database. */
export async function surgeSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'surge', async (target) => {
    const label = `surge/${target.label}`;
    progress(`${label}: building the ${SURGE.scale} demo in the server process`);
    const database = await throwawayDatabase(target);
    const databaseName = database.location.databaseUrl
      ? new URL(database.location.databaseUrl).pathname.slice(1)
      : undefined;
    let server;
    let row;
    try {
      server = await startChild(database.location);
      progress(
        `${label}: built in ${server.buildSeconds.toFixed(1)} s; signing in ` +
          `${server.navigators.length} navigators and ${server.triagers.length} clinicians`,
      );
      for (const person of [...server.navigators, ...server.triagers]) {
        person.cookie = await signIn(server.url, person.email, DEMO_SIGN_IN.password);
      }
      const http = client(server.url, SURGE.connections);
      try {
        progress(
          `${label}: replaying ${whole(SURGE.requests)} requests over ` +
            `${(HOUR_SECONDS / SURGE.speedUp).toFixed(0)} s (${SURGE.speedUp}x), triage as they come`,
        );
        const morning = await replay(http, server);
        const stored = await server.ask({
          type: 'count',
          navigatorIds: morning.navigatorIds,
          references: morning.references,
        });
        const recorded = morning.navigatorIds.length + morning.references.length;
        const lost =
          recorded -
          Math.min(
            stored.total,
            stored.navigatorIdsFound + stored.referencesFound,
            stored.waiting + stored.claimed + stored.triaged + stored.closed,
          );
        row = {
          database: target.label,
          scale: SURGE.scale,
          practices: server.practices.length,
          buildSeconds: server.buildSeconds,
          intake: { ...morning.intake, recorded },
          triage: morning.triage,
          stored: { ...stored, lost },
          steps: [],
        };
        rows.push(row);
        progress(
          `${label}: intake p99 ${morning.intake.p99.toFixed(0)} ms; ${whole(morning.triage.triaged)} ` +
            `triaged; SQL finds ${whole(stored.total)} of ${whole(recorded)} recorded`,
        );
        if (morning.intake.errors > 0) {
          throw new Error(
            `${label}: ${morning.intake.errors} intake requests failed: ${JSON.stringify(morning.intake.statuses)}`,
          );
        }
        if (lost !== 0 || stored.total !== recorded) {
          throw new Error(
            `${label}: ${recorded} requests recorded but SQL finds ${JSON.stringify(stored)}`,
          );
        }
        if (stored.triaged + stored.closed !== morning.triage.triaged) {
          throw new Error(
            `${label}: ${morning.triage.triaged} triage decisions answered 200 but SQL finds ` +
              `${stored.triaged + stored.closed} triaged or closed`,
          );
        }

        for (const rate of SURGE.steps) {
          progress(
            `${label}: step test, ${whole(rate)} requests/s offered for ${SURGE.stepSeconds} s`,
          );
          const step = await intakeStep(http, server, rate, SURGE.stepSeconds);
          const achieved = step.served / Math.max(step.seconds, SURGE.stepSeconds);
          const held =
            step.errors === 0 &&
            step.notSent === 0 &&
            step.p99 <= SURGE.p99BoundMs &&
            achieved >= 0.95 * rate;
          row.steps.push({ rate, achieved, held, ...step });
          if (step.errors > 0) {
            throw new Error(
              `${label}: at ${rate}/s ${step.errors} requests failed: ${JSON.stringify(step.statuses)}`,
            );
          }
          if (!held) break;
        }
        row.held = Math.max(0, ...row.steps.filter((s) => s.held).map((s) => s.rate));
        progress(`${label}: API as fast as it goes, ${SURGE.connections} at once`);
        const before = cpuNow(server.pid, databaseName);
        row.closedLoop = await closedLoop(http, server, SURGE.stepSeconds);
        row.closedLoop.cpu = cpuPerRequest(
          before,
          cpuNow(server.pid, databaseName),
          row.closedLoop.requests,
          target.kind,
        );
        if (row.closedLoop.errors > 0) {
          throw new Error(`${label}: ${row.closedLoop.errors} closed-loop requests failed`);
        }
      } finally {
        http.close();
      }
      progress(`${label}: bare inserts, ${SURGE.connections} at once`);
      const before = cpuNow(server.pid, databaseName);
      const bare = await server.ask({
        type: 'bare',
        concurrency: SURGE.connections,
        seconds: SURGE.stepSeconds,
      });
      const after = cpuNow(server.pid, databaseName);
      const sorted = bare.latencies.sort((a, b) => a - b);
      row.bare = {
        inserts: bare.inserts,
        perSecond: bare.inserts / bare.seconds,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        cpu: cpuPerRequest(before, after, bare.inserts, target.kind),
      };
    } finally {
      const logged = await server?.stop();
      if (logged) progress(`${label}: the server logged ${(logged / 2 ** 20).toFixed(1)} MiB`);
      await database.dispose();
    }
  });
  return rows;
}

const ms = (value) => (value >= 100 ? whole(value) : value.toFixed(1));

/** The suite's results as three tables: the morning, the step test, and the baseline. */
export function surgeTable(rows) {
  const minutes = (HOUR_SECONDS / SURGE.speedUp / 60).toFixed(1);
  const morning = table(
    `surge: a Monday morning, ${whole(SURGE.requests)} requests over an hour played in ` +
      `${minutes} min (${SURGE.speedUp}x), ${whole(peakRate(SURGE.requests, SURGE.speedUp))}/s at the 8:00 peak, ` +
      `falling by e every ${SURGE.decayMinutes} min`,
    [
      'database',
      'demo',
      'recorded',
      'online',
      'intake p50 ms',
      'p99 ms',
      'max ms',
      'triaged',
      'triaged/s',
      'decide p99 ms',
      'claim 409s',
      'waiting at end',
      'lost',
    ],
    rows.map((r) => [
      r.database,
      `${r.scale} (${r.practices} practices)`,
      whole(r.intake.recorded),
      whole(r.stored.online),
      ms(r.intake.p50),
      ms(r.intake.p99),
      ms(r.intake.max),
      whole(r.triage.triaged),
      whole(r.triage.perSecond),
      ms(r.triage.p99),
      whole(r.triage.claimConflicts),
      whole(r.stored.waiting + r.stored.claimed),
      whole(r.stored.lost),
    ]),
    [
      `${Math.round((1 - SURGE.online) * 100)}% recorded by ${SURGE.navigators} navigators (POST /api/requests), ` +
        `the rest by patients (POST /api/public/practices/:ods/requests, NHS number and date of birth),`,
      'each patient from its own X-Forwarded-For address (server with trustProxy, as behind its proxy):',
      'the per-address limit of the online form stays on and refuses none of them.',
      `${SURGE.triagers} clinicians read their practices' queues, claim up to ${SURGE.claimsPerRead} at a time and decide them`,
      '(decide: claim and triage decision, two requests); triaged/s over the intake and what followed.',
      'Latency is timed from each request\u2019s scheduled arrival (open loop). lost: recorded (201) but',
      'not found by SQL afterwards in the queue or triaged; must be 0.',
    ],
  );
  const steps = table(
    `surge: intake step test, navigator requests at a steady offered rate for ${SURGE.stepSeconds} s each (open loop, ` +
      `${SURGE.connections} sockets); held = p99 under ${SURGE.p99BoundMs} ms, no errors, 95% served`,
    ['database', 'offered/s', 'served/s', 'p50 ms', 'p99 ms', 'not sent', 'held'],
    rows.flatMap((r) =>
      r.steps.map((s) => [
        r.database,
        whole(s.rate),
        whole(s.achieved),
        ms(s.p50),
        ms(s.p99),
        whole(s.notSent),
        s.held ? 'yes' : 'no',
      ]),
    ),
    [
      'not sent: arrivals dropped once more than a second of them waited unanswered (the step is lost).',
    ],
  );
  const cpu = (c) => [
    c ? c.serverMs.toFixed(2) : '-',
    c && c.databaseMs > 0 ? c.databaseMs.toFixed(2) : '-',
    c && c.clientMs > 0 ? c.clientMs.toFixed(2) : '-',
    c && Number.isFinite(c.ceiling) ? whole(c.ceiling) : '-',
  ];
  const baseline = table(
    `surge: highest sustained intake vs a bare insert of the same row (${SURGE.connections} at once); target ${whole(SURGE.targetPerSecond)}/s`,
    [
      'database',
      'path',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'API/bare',
      'server CPU ms',
      'DB CPU ms',
      'client CPU ms',
      '2-core ceiling/s',
    ],
    rows.flatMap((r) => {
      const bare = r.bare?.perSecond ?? NaN;
      return [
        [
          r.database,
          'bare insert, no HTTP, auth or audit',
          whole(bare),
          ms(r.bare?.p50 ?? 0),
          ms(r.bare?.p99 ?? 0),
          '1.00x',
          ...cpu(r.bare?.cpu),
        ],
        [
          r.database,
          `API, highest step held (open loop)`,
          whole(r.held ?? 0),
          '-',
          '-',
          times((r.held ?? 0) / bare),
          '-',
          '-',
          '-',
          '-',
        ],
        [
          r.database,
          `API, as fast as it goes (closed loop)`,
          whole(r.closedLoop?.perSecond ?? 0),
          ms(r.closedLoop?.p50 ?? 0),
          ms(r.closedLoop?.p99 ?? 0),
          times((r.closedLoop?.perSecond ?? 0) / bare),
          ...cpu(r.closedLoop?.cpu),
        ],
      ];
    }),
    [
      'API: POST /api/requests (session, validation, patient look-up, routing, insert, audit row, the',
      'request read back); the session is read from the database at most every 2 s per navigator',
      '(ATSCALE_SESSION_CACHE_SECONDS, the default). Server and database in one child process;',
      'clients in the bench process.',
      'CPU ms per request or insert, from /proc: the server process (with PGlite, the database too)',
      'and the PostgreSQL backends of its database. 2-core ceiling: the rate that CPU would allow on',
      'two idle cores (server JavaScript and PGlite on one; backends on the rest), a bound that',
      'holds whatever else shares the machine; the WAL writer is not counted. client CPU ms: the',
      'simulated clients (this bench process, apart from the server) per request: on 2 cores they',
      'take CPU the server would otherwise have, so the open-loop steps understate a lone server.',
    ],
  );
  return `${morning}${steps}${baseline}`;
}
