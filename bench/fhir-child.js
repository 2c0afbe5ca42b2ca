// The server of the `fhir` suite, in a process of its own (forked by bench/fhir.js through
// startServerChild), so that autocannon in the bench process does not share its event loop.
// It builds the `ohp` demo, adds a hub over every member practice (for a system client that
// reaches the whole demo), an organisation administrator to register the client and a care
// navigator at every member practice (the grants a hub's system client holds) for the REST
// search, then serves the app.
//
// Argument: JSON { dataDir } or { databaseUrl }. Protocol (IPC): sends { type: 'ready', url,
// hubId, adminEmail, navigatorEmail, practices, buildSeconds }; { type: 'stop' } closes the
// server and the database and exits with code 0. A failure exits with code 1.
import process from 'node:process';
import { DEMO_SIGN_IN, migrate, unscopedAccountRepository, writeDemoPlans } from '@atscale/db';
import { dateInEngland, demoPlan } from '@atscale/domain';
import { buildApp, hashPassword, listen } from '@atscale/server';
import { msSince, openLocation } from './common.js';

const location = JSON.parse(process.argv[2] ?? '{}');
const scale = process.env.BENCH_FHIR_SCALE ?? 'ohp';
const seed = Number(process.env.BENCH_DEMO_SEED ?? 1);

const send = (message) =>
  new Promise((resolve) => {
    process.send?.(message, resolve);
  });

let db;
let server;
try {
  db = await openLocation(location);
  await migrate(db);
  const passwordHash = await hashPassword(DEMO_SIGN_IN.password);
  const started = process.hrtime.bigint();
  const [demo] = await writeDemoPlans(
    db,
    // Today, so that the demo's slots (a week back to two weeks ahead) are around now.
    [
      demoPlan({
        scale,
        seed,
        form: 'autonomy-super-partnership',
        today: dateInEngland(new Date()),
      }),
    ],
    { passwordHash },
  );
  if (!demo) throw new Error('the demo build wrote no organisation');
  const buildSeconds = msSince(started) / 1000;
  const { rows: practices } = await db.query(
    `select p.id from practice p join membership m on m.practice_id = p.id
      where p.org_id = $1 and m.stage = 'member' order by p.ods_code`,
    [demo.orgId],
  );
  const { rows: hubs } = await db.query(
    `insert into hub (org_id, name) values ($1, 'Bench FHIR hub (every member practice)')
     returning id`,
    [demo.orgId],
  );
  const hubId = hubs[0].id;
  for (const practice of practices) {
    await db.query(
      `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
       values ($1, $2, $3, 1000)`,
      [demo.orgId, hubId, practice.id],
    );
  }
  const accounts = unscopedAccountRepository(db);
  const adminEmail = 'bench-fhir-admin@atscale.test';
  const navigatorEmail = 'bench-fhir-navigator@atscale.test';
  await accounts.createUser({
    orgId: demo.orgId,
    email: adminEmail,
    displayName: 'Bench FHIR Admin',
    passwordHash,
    grants: [{ role: 'org-admin', practiceId: null }],
  });
  await accounts.createUser({
    orgId: demo.orgId,
    email: navigatorEmail,
    displayName: 'Bench FHIR Navigator',
    passwordHash,
    grants: practices.map((p) => ({ role: 'care-navigator', practiceId: p.id })),
  });
  const app = await buildApp({
    db,
    logger: false,
    config: { signIn: { maxFailures: 5, lockMinutes: 15, attemptsPerMinute: 10_000 } },
  });
  server = await listen(app, db, { port: 0, host: '127.0.0.1', handleSignals: false });
  process.on('message', (message) => {
    if (message?.type === 'stop') void server.stop().finally(() => process.exit(0));
  });
  process.on('disconnect', () => {
    void server.stop().finally(() => process.exit(0));
  });
  await send({
    type: 'ready',
    url: server.url,
    hubId,
    adminEmail,
    navigatorEmail,
    practices: practices.length,
    scale,
    buildSeconds,
  });
} catch (error) {
  process.stderr.write(
    `bench fhir server: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  await server?.stop().catch(() => undefined);
  await db?.close().catch(() => undefined);
  process.exit(1);
}
