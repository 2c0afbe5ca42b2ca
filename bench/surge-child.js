// The server and database of the `surge` suite, in a process of their own (forked by
// bench/surge.js), so that the simulated clients in the bench process do not share its event
// loop. It builds the demo organisation, adds the navigators and triaging clinicians, and
// serves the API; it also runs the bare-SQL baseline and the SQL counts, since a PGlite data
// folder has one owner at a time.
//
// Argument: JSON { location, scale, seed, navigators, triagers, patientsPerPractice }.
// Protocol (IPC): sends { type: 'ready', url, orgId, practices, navigators, triagers,
// buildSeconds }; { type: 'bare', concurrency, seconds } runs the bare inserts and answers
// { type: 'bare', ... }; { type: 'count', navigatorIds, references } answers { type: 'count',
// ... }; { type: 'stop' } closes the server and the database and exits with code 0. Any
// failure is sent as { type: 'failed', error } before exiting with code 1.
import process from 'node:process';
import { DEMO_SIGN_IN, migrate, unscopedAccountRepository, writeDemoPlans } from '@atscale/db';
import { demoPlan } from '@atscale/domain';
import { buildApp, hashPassword, listen, loggerOptions } from '@atscale/server';
import { msSince, openLocation } from './common.js';

const options = JSON.parse(process.argv[2] ?? '{}');

const send = (message) =>
  new Promise((resolve) => {
    process.send?.(message, resolve);
  });

/** The same row POST /api/requests writes, straight to the table: no HTTP, auth or audit. */
const BARE_INSERT = `insert into patient_request (org_id, practice_id, patient_id, triage_team_id,
    channel, kind, admin_type, description, preferred_channel, recorded_by)
  values ($1, $2, $3, null, 'phone', 'clinical', null, $4, null, $5) returning id`;

async function setUp(db) {
  await migrate(db);
  const passwordHash = await hashPassword(DEMO_SIGN_IN.password);
  const started = process.hrtime.bigint();
  const plan = demoPlan({
    scale: options.scale,
    seed: options.seed,
    form: 'autonomy-super-partnership',
  });
  const [demo] = await writeDemoPlans(db, [plan], { passwordHash });
  if (!demo) throw new Error('the demo build wrote no organisation');
  const buildSeconds = msSince(started) / 1000;
  // Member practices only: a prospect takes no online requests.
  const { rows: practiceRows } = await db.query(
    `select p.id, p.ods_code as "odsCode" from practice p
       join membership m on m.practice_id = p.id
      where p.org_id = $1 and m.stage = 'member' order by p.ods_code`,
    [demo.orgId],
  );
  const practices = [];
  for (const practice of practiceRows) {
    // Real patients of the register, spread over it (every n-th by NHS number).
    const { rows: patients } = await db.query(
      `select id, nhs_number as "nhsNumber", date_of_birth::text as "dateOfBirth"
         from (select id, nhs_number, date_of_birth,
                      row_number() over (order by nhs_number) as n, count(*) over () as total
                 from patient
                where org_id = $1 and practice_id = $2
                  and (deregistered_on is null or deregistered_on > current_date)) p
        where n % greatest(1, total / $3) = 0
        limit $3`,
      [demo.orgId, practice.id, options.patientsPerPractice],
    );
    if (patients.length > 0) practices.push({ ...practice, patients });
  }
  const accounts = unscopedAccountRepository(db);
  const navigators = [];
  for (let i = 0; i < options.navigators; i += 1) {
    const practice = practices[i % practices.length];
    const email = `bench-surge-nav-${i}@atscale.test`;
    const userId = await accounts.createUser({
      orgId: demo.orgId,
      email,
      displayName: `Surge Navigator ${i}`,
      passwordHash,
      grants: [{ role: 'care-navigator', practiceId: practice.id }],
    });
    navigators.push({ email, userId, practiceId: practice.id });
  }
  // Each triaging clinician works the queues of every n-th practice.
  const triagers = [];
  const count = Math.min(options.triagers, practices.length);
  for (let i = 0; i < count; i += 1) {
    const practiceIds = practices.filter((_, j) => j % count === i).map((p) => p.id);
    const email = `bench-surge-triage-${i}@atscale.test`;
    await accounts.createUser({
      orgId: demo.orgId,
      email,
      displayName: `Surge Clinician ${i}`,
      passwordHash,
      grants: practiceIds.map((practiceId) => ({ role: 'clinician', practiceId })),
    });
    triagers.push({ email, practiceIds });
  }
  // A running deployment's database is settled: without this, autovacuum and a checkpoint
  // work through the build's writes during the measured minutes, on the same two cores.
  await db.exec('vacuum analyze');
  // CHECKPOINT needs a superuser or pg_checkpoint; without it the run goes on as it is.
  if (db.kind === 'postgres') await db.exec('checkpoint').catch(() => undefined);
  return { demo, practices, navigators, triagers, buildSeconds };
}

/** `concurrency` workers insert the bare row one after another for `seconds`. */
async function bare(db, orgId, practices, navigators, { concurrency, seconds }) {
  const latencies = [];
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  const worker = async (w) => {
    const nav = navigators[w % navigators.length];
    const practice = practices.find((p) => p.id === nav.practiceId) ?? practices[0];
    while (Date.now() < deadline) {
      const patient = practice.patients[Math.floor(Math.random() * practice.patients.length)];
      const t = process.hrtime.bigint();
      await db.query(BARE_INSERT, [orgId, practice.id, patient.id, 'surge bare', nav.userId]);
      latencies.push(msSince(t));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { inserts: latencies.length, seconds: msSince(started) / 1000, latencies };
}

/** Where the replay's requests are now, by SQL: nothing recorded may be missing. */
async function count(db, orgId, { navigatorIds, references }) {
  const { rows } = await db.query(
    `select count(*)::int as total,
            count(*) filter (where status = 'waiting')::int as waiting,
            count(*) filter (where status = 'claimed')::int as claimed,
            count(*) filter (where status = 'triaged')::int as triaged,
            count(*) filter (where status = 'closed')::int as closed,
            count(*) filter (where channel = 'online')::int as online,
            count(*) filter (where id = any($2::uuid[]))::int as "navigatorIdsFound",
            count(*) filter (where channel = 'online'
                               and upper(left(id::text, 8)) = any($3::text[]))::int as "referencesFound"
       from patient_request
      where org_id = $1 and description like 'surge replay%'`,
    [orgId, navigatorIds, references],
  );
  return rows[0];
}

let db;
let server;
try {
  db = await openLocation(options.location);
  const { demo, practices, navigators, triagers, buildSeconds } = await setUp(db);
  // Behind the HTTPS proxy of a deployment the online form's rate limit counts per patient
  // address (X-Forwarded-For); the bench gives every simulated patient an address of its own.
  // Every client signs in at once: the sign-in rate limit is not what is measured.
  const app = await buildApp({
    db,
    // Logged as a deployment logs (JSON lines at info, two per request), to a file of the run.
    logger: options.logFile ? { ...loggerOptions('info', 'json'), file: options.logFile } : false,
    config: {
      trustProxy: true,
      signIn: { maxFailures: 5, lockMinutes: 15, attemptsPerMinute: 10_000 },
    },
  });
  server = await listen(app, db, { port: 0, host: '127.0.0.1', handleSignals: false });
  process.on('message', (message) => {
    const answer = async () => {
      if (message?.type === 'bare') {
        return { type: 'bare', ...(await bare(db, demo.orgId, practices, navigators, message)) };
      }
      if (message?.type === 'count') {
        return { type: 'count', ...(await count(db, demo.orgId, message)) };
      }
      if (message?.type === 'stop') {
        await server.stop();
        process.exit(0);
      }
      return undefined;
    };
    answer().then(
      (reply) => (reply ? send(reply) : undefined),
      async (error) => {
        await send({ type: 'failed', error: error instanceof Error ? error.stack : String(error) });
        process.exit(1);
      },
    );
  });
  // The bench process went away: do not linger.
  process.on('disconnect', () => {
    void server.stop().finally(() => process.exit(0));
  });
  await send({
    type: 'ready',
    url: server.url,
    orgId: demo.orgId,
    practices,
    navigators,
    triagers,
    buildSeconds,
  });
} catch (error) {
  await send({ type: 'failed', error: error instanceof Error ? error.stack : String(error) });
  await server?.stop().catch(() => undefined);
  await db?.close().catch(() => undefined);
  process.exit(1);
}
