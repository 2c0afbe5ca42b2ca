// Suite `api`: throughput and latency of the HTTP API under load from autocannon, against a
// bare node:http baseline serving the same organisation JSON from the same database.
import process from 'node:process';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { DEMO_SIGN_IN } from '@atscale/db';
import {
  eachTarget,
  httpRequest,
  progress,
  signIn,
  startServerChild,
  table,
  throwawayDatabase,
  times,
  whole,
} from './common.js';

/** How hard and how long each route is loaded; BENCH_SECONDS shortens a run. */
export const LOAD = {
  connections: 10,
  seconds: Number(process.env.BENCH_SECONDS ?? 4),
  warmupSeconds: 1,
};

/** The user the signed-in routes run as: a clinician of the first demo practice. */
const CLINICIAN = 'clinician@atscale.test';

/**
 * Loads one target with autocannon (a warm-up first, not counted) and returns its figures.
 * Throws when any request errors, times out or answers other than 2xx.
 */
export async function load(
  target,
  {
    seconds = LOAD.seconds,
    warmupSeconds = LOAD.warmupSeconds,
    connections = LOAD.connections,
    timeoutSeconds = 10,
  },
) {
  const options = {
    url: target.url,
    connections,
    timeout: timeoutSeconds,
    headers: target.headers ?? {},
    ...(target.paths ? { requests: target.paths.map((p) => ({ method: 'GET', path: p })) } : {}),
  };
  const check = (result, what) => {
    const bad = result.errors + result.timeouts + result.non2xx;
    if (bad > 0 || result.requests.total === 0) {
      throw new Error(
        `${target.name} ${what}: ${result.errors} errors, ${result.timeouts} timeouts, ` +
          `${result.non2xx} non-2xx answers of ${result.requests.total} requests`,
      );
    }
    return result;
  };
  if (warmupSeconds > 0)
    check(await autocannon({ ...options, duration: warmupSeconds }), 'warm-up');
  const result = check(await autocannon({ ...options, duration: seconds }), 'load');
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** The routes loaded, baseline first, for a server started by `startServerChild`. */
export function apiTargets(server, cookie) {
  const signedIn = { cookie };
  return [
    {
      name: 'baseline: node:http, 1 query',
      url: `${server.baselineUrl}/api/organisation`,
      baseline: true,
    },
    { name: 'GET /healthz', url: `${server.url}/healthz` },
    // The signed-in user: the session lookup every API request makes, plus the organisation.
    { name: 'GET /api/me', url: `${server.url}/api/me`, headers: signedIn },
    { name: 'GET /api/organisation', url: `${server.url}/api/organisation`, headers: signedIn },
    {
      name: 'GET /api/patients/:id (audited)',
      url: server.url,
      headers: signedIn,
      // Each connection walks the practice's patients in turn.
      paths: server.patientIds.map((id) => `/api/patients/${id}?reason=bench`),
    },
  ];
}

/** Checks every route answers 200 once, and that the baseline's JSON is the API's. */
async function verify(server, cookie) {
  const ours = await httpRequest(`${server.url}/api/organisation`, { headers: { cookie } });
  const bare = await httpRequest(`${server.baselineUrl}/api/organisation`);
  if (ours.status !== 200 || bare.status !== 200) {
    throw new Error(`organisation answered ${ours.status} (API) and ${bare.status} (baseline)`);
  }
  if (!isDeepStrictEqual(JSON.parse(ours.body), JSON.parse(bare.body))) {
    throw new Error(`the baseline's organisation JSON differs from the API's:
  API:      ${ours.body}
  baseline: ${bare.body}`);
  }
  const patient = await httpRequest(`${server.url}/api/patients/${server.patientIds[0]}`, {
    headers: { cookie },
  });
  if (patient.status !== 200) throw new Error(`a patient read answered ${patient.status}`);
}

/** Runs the suite on every database; records the server's memory in `ctx` for `memory`. */
export async function apiSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'api', async (target) => {
    progress(`api/${target.label}: starting a server`);
    const database = await throwawayDatabase(target);
    let server;
    try {
      server = await startServerChild(database.location);
      const afterStart = await server.memory();
      const cookie = await signIn(server.url, CLINICIAN, DEMO_SIGN_IN.password);
      await verify(server, cookie);
      let baseline;
      for (const route of apiTargets(server, cookie)) {
        progress(
          `api/${target.label}: ${route.name} (${LOAD.warmupSeconds} s + ${LOAD.seconds} s)`,
        );
        const figures = await load(route, {});
        baseline ??= route.baseline ? figures : undefined;
        rows.push({
          database: target.label,
          route: route.name,
          ...figures,
          ratioToBaseline: baseline ? figures.requestsPerSecond / baseline.requestsPerSecond : null,
        });
      }
      ctx.serverMemory[target.label] = { afterStart, afterLoad: await server.memory() };
    } finally {
      await server?.stop();
      await database.dispose();
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function apiTable(rows) {
  return table(
    `api: ${LOAD.connections} connections, ${LOAD.seconds} s per route after a ${LOAD.warmupSeconds} s warm-up`,
    ['database', 'route', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline'],
    rows.map((r) => [
      r.database,
      r.route,
      whole(r.requestsPerSecond),
      r.p50,
      r.p99,
      r.ratioToBaseline === null ? '-' : times(r.ratioToBaseline),
    ]),
    ['vs baseline: req/s of the route / req/s of the bare node:http server (1.00x = no overhead)'],
  );
}
