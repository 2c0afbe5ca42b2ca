// The server under test, in a process of its own (forked by the api and memory suites), so the
// load generator does not share its CPU time or its memory figures. It also serves the
// baseline: a bare node:http server answering the organisation JSON from the same database
// with one plain query, on a second port.
//
// Protocol (IPC): it sends { type: 'ready', url, baselineUrl, orgId, patientIds, memory };
// { type: 'memory' } is answered with { type: 'memory', memory }; { type: 'stop' } closes
// both servers and the database and exits with code 0.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import process from 'node:process';
import { DEMO_SIGN_IN, migrate, seedDemoOrganisation } from '@atscale/db';
import { buildApp, hashPassword, listen } from '@atscale/server';
import { openLocation } from './common.js';

/** The organisation and its practices as one JSON value, the shape GET /api/organisation has. */
const ORGANISATION_SQL = `
  select json_build_object(
           'id', o.id, 'name', o.name, 'form', o.form,
           'practices', coalesce((
             select json_agg(json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name)
                             order by p.name)
               from practice p where p.org_id = o.id), '[]'::json)) as body
    from organisation o where o.id = $1`;

/** Memory after a full garbage collection (the process runs with --expose-gc). */
function memory() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

function send(message) {
  return new Promise((resolve) => {
    if (!process.send) throw new Error('server-child.js must be started with fork()');
    process.send(message, () => {
      resolve();
    });
  });
}

const location = JSON.parse(process.argv[2] ?? '{}');
const db = await openLocation(location);
await migrate(db);
const demo = await seedDemoOrganisation(db, {
  passwordHash: await hashPassword(DEMO_SIGN_IN.password),
});
const { rows } = await db.query(
  'select id from patient where practice_id = $1 order by nhs_number',
  [demo.practiceIds[0]],
);

const app = await buildApp({ db, logger: false });
const server = await listen(app, db, { port: 0, host: '127.0.0.1', handleSignals: false });

const baseline = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/organisation') {
    res.writeHead(404).end();
    return;
  }
  db.query(ORGANISATION_SQL, [demo.orgId]).then(
    (result) => {
      const body = JSON.stringify(result.rows[0]?.body);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    },
    (error) => {
      res.writeHead(500).end(String(error));
    },
  );
});
await new Promise((resolve) => baseline.listen(0, '127.0.0.1', resolve));
const baselineAddress = baseline.address();
const baselinePort =
  typeof baselineAddress === 'object' && baselineAddress ? baselineAddress.port : 0;

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  baseline.closeAllConnections();
  await new Promise((resolve) => baseline.close(resolve));
  await server.stop();
}

process.on('message', (message) => {
  if (message?.type === 'memory') {
    void send({ type: 'memory', memory: memory() });
  } else if (message?.type === 'stop') {
    stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`bench server: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  }
});
// The bench process went away: do not linger.
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});

await send({
  type: 'ready',
  url: server.url,
  baselineUrl: `http://127.0.0.1:${baselinePort}`,
  orgId: demo.orgId,
  patientIds: rows.map((r) => r.id),
  memory: memory(),
});
