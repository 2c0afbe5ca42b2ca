// Suite `fhir`: the FHIR facade's free-slot search (issue 7) against the same search through
// the app's own REST API, on the `ohp` demo: every member practice's free slots over two weeks
// (the GP Connect maximum), the first page of 50, earliest first. FHIR is asked as a hub's
// system client would ask it (a bearer token from POST /oauth/token, `_include=Slot:schedule`,
// a searchset Bundle with its total); REST as the web app does (a session cookie,
// GET /api/slots/search) by a care navigator holding the same grants as the client (the
// client's role at each of the hub's practices). Both must list the same slots.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { DEMO_SIGN_IN } from '@atscale/db';
import { load } from './api.js';
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

/** Slots per page on both paths (REST's default; FHIR's _count goes to 100). */
const PAGE = 50;
/**
 * Seconds of load per path and of warm-up: a search over the whole ohp demo takes hundreds of
 * ms, so a warm-up of one second (the api suite's) may not see a single answer.
 */
const SECONDS = {
  load: Number(process.env.BENCH_FHIR_SECONDS ?? 10),
  warmup: Number(process.env.BENCH_FHIR_WARMUP_SECONDS ?? 3),
};
/**
 * Concurrent connections: PGlite answers one query at a time, so more than a few only queue
 * (and at 10, on a busy machine, some answers took longer than autocannon's timeout).
 */
const CONNECTIONS = Number(process.env.BENCH_FHIR_CONNECTIONS ?? 4);
/** The target of issue 7: the FHIR path within this factor of REST. */
const TARGET = 1.5;

const isoDay = (date) => date.toISOString().slice(0, 10);

/** Tomorrow and 13 days after it: two weeks, inclusive. */
function window() {
  const from = new Date(Date.now() + 86_400_000);
  return { from: isoDay(from), to: isoDay(new Date(from.getTime() + 13 * 86_400_000)) };
}

/** Registers a system client for the hub and gets its token, as docs/fhir-booking.md shows. */
async function systemClientToken(server) {
  const cookie = await signIn(server.url, server.adminEmail, DEMO_SIGN_IN.password);
  const registered = await httpRequest(`${server.url}/api/system-clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.url },
    body: JSON.stringify({
      name: 'Bench hub booking system',
      hubId: server.hubId,
      scopes: ['system/Slot.read', 'system/Schedule.read'],
    }),
  });
  if (registered.status !== 201) {
    throw new Error(`registering the client answered ${registered.status}: ${registered.body}`);
  }
  const { client, clientSecret } = JSON.parse(registered.body);
  const token = await httpRequest(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.id}:${clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  if (token.status !== 200) throw new Error(`the token answered ${token.status}: ${token.body}`);
  return JSON.parse(token.body).access_token;
}

/** One request of each path, checked: 200, the same slots, and what FHIR says in all. */
async function verify(server, paths) {
  const get = async (p) => {
    const answer = await httpRequest(`${server.url}${p.path}`, { headers: p.headers });
    if (answer.status !== 200)
      throw new Error(`${p.name} answered ${answer.status}: ${answer.body}`);
    return { body: JSON.parse(answer.body), bytes: Buffer.byteLength(answer.body) };
  };
  const rest = await get(paths.rest);
  const fhir = await get(paths.fhir);
  const restIds = rest.body.slots.map((s) => s.id);
  const matches = fhir.body.entry.filter((e) => e.search.mode === 'match');
  const fhirIds = matches.map((e) => e.resource.id);
  const schedules = fhir.body.entry.filter((e) => e.resource.resourceType === 'Schedule').length;
  if (restIds.length === 0) {
    throw new Error(
      `the REST search found no free slots in the window (FHIR: ${fhir.body.total}): ` +
        JSON.stringify(rest.body).slice(0, 300),
    );
  }
  if (restIds.join() !== fhirIds.join()) {
    throw new Error(
      `FHIR and REST list different slots: ${fhirIds.length} vs ${restIds.length}, ` +
        `first ${fhirIds[0]} vs ${restIds[0]}`,
    );
  }
  return {
    total: fhir.body.total,
    page: fhirIds.length,
    schedules,
    restBytes: rest.bytes,
    fhirBytes: fhir.bytes,
  };
}

export async function fhirSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'fhir', async (target) => {
    progress(`fhir/${target.label}: building the ohp demo in a server process`);
    const database = await throwawayDatabase(target);
    let server;
    try {
      server = await startServerChild(database.location, './fhir-child.js');
      progress(
        `fhir/${target.label}: demo built in ${server.buildSeconds.toFixed(0)} s; ` +
          `${server.practices} member practices`,
      );
      const token = await systemClientToken(server);
      const cookie = await signIn(server.url, server.navigatorEmail, DEMO_SIGN_IN.password);
      const { from, to } = window();
      const fhirQuery = `status=free&start=ge${from}&start=le${to}&_include=Slot:schedule&_count=${PAGE}`;
      const paths = {
        rest: {
          name: `REST GET /api/slots/search (cookie)`,
          path: `/api/slots/search?from=${from}&to=${to}&limit=${PAGE}`,
          headers: { cookie },
        },
        fhir: {
          name: 'FHIR GET /fhir/R4/Slot (bearer token)',
          path: `/fhir/R4/Slot?${fhirQuery}`,
          headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
        },
        fhirCookie: {
          name: 'FHIR GET /fhir/R4/Slot (cookie)',
          path: `/fhir/R4/Slot?${fhirQuery}`,
          headers: { cookie, accept: 'application/fhir+json' },
        },
      };
      const checked = await verify(server, paths);
      progress(
        `fhir/${target.label}: ${whole(checked.total)} free slots ${from} to ${to}; ` +
          `a page of ${checked.page} with ${checked.schedules} schedules`,
      );
      let rest;
      for (const p of [paths.rest, paths.fhir, paths.fhirCookie]) {
        progress(`fhir/${target.label}: ${p.name} (${SECONDS.warmup} s + ${SECONDS.load} s)`);
        const figures = await load(
          { name: p.name, url: `${server.url}${p.path}`, headers: p.headers },
          {
            seconds: SECONDS.load,
            warmupSeconds: SECONDS.warmup,
            connections: CONNECTIONS,
            timeoutSeconds: 60,
          },
        );
        rest ??= figures;
        rows.push({
          database: target.label,
          path: p.name,
          ...figures,
          bytes: p === paths.rest ? checked.restBytes : checked.fhirBytes,
          // How many times REST's cost one FHIR request is: req/s and p50.
          slowerThanRest: rest.requestsPerSecond / figures.requestsPerSecond,
          p50VsRest: rest.p50 > 0 ? figures.p50 / rest.p50 : null,
          total: checked.total,
          window: `${from}..${to}`,
          scale: server.scale,
        });
      }
    } finally {
      await server?.stop();
      await database.dispose();
    }
  });
  return rows;
}

export function fhirTable(rows) {
  const first = rows[0];
  return table(
    `fhir: free slots of the ${first?.scale ?? 'ohp'} demo, ${first?.window ?? 'two weeks'} (${whole(first?.total ?? 0)} ` +
      `free), first page of ${PAGE}; ${CONNECTIONS} connections, ${SECONDS.load} s each ` +
      `after a ${SECONDS.warmup} s warm-up`,
    ['database', 'path', 'req/s', 'p50 ms', 'p99 ms', 'KiB', 'vs REST', 'p50 vs REST'],
    rows.map((r) => [
      r.database,
      r.path,
      whole(r.requestsPerSecond),
      r.p50,
      r.p99,
      (r.bytes / 1024).toFixed(1),
      times(r.slowerThanRest),
      r.p50VsRest === null ? '-' : times(r.p50VsRest),
    ]),
    [
      `vs REST: REST's req/s / the path's req/s (1.00x = as fast; target for FHIR: ${TARGET.toFixed(2)}x or less)`,
    ],
  );
}
