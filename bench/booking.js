// Suite `booking`: the hottest write path (ARCHITECTURE: one short transaction, no per-row ORM
// round trips). N concurrent HTTP clients signed in as care navigators of the demo practices
// book, cancel and rebook appointments in their own practices' slots, at least a fifth of the
// bookings aimed at a few contested slots; then the same mix as bare SQL (the repository's own
// statements, straight to the database, same concurrency). Afterwards SQL counts slots over
// capacity and clinicians or rooms in two places at once: both must be 0.
import process from 'node:process';
import {
  BOOKING_STATEMENTS,
  DEMO_SIGN_IN,
  migrate,
  seedDemoOrganisation,
  sessionPatternRepository,
  unscopedAccountRepository,
} from '@atscale/db';
import { hashPassword } from '@atscale/server';
import {
  eachTarget,
  msSince,
  openLocation,
  progress,
  signIn,
  startServerChild,
  table,
  throwawayDatabase,
  times,
  whole,
} from './common.js';

/** How hard and how long; BENCH_BOOKING_SECONDS and BENCH_BOOKING_CLIENTS change them. */
export const BOOKING_LOAD = {
  clients: Number(process.env.BENCH_BOOKING_CLIENTS ?? 16),
  seconds: Number(process.env.BENCH_BOOKING_SECONDS ?? 8),
  /** Untimed first, for each path: a database just opened starts with cold caches. */
  warmUpSeconds: 1,
  /** Share of bookings aimed at the contested slots. */
  contested: 0.35,
  /** Contested slots per practice. */
  hotSlots: 4,
};

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * The demo organisation with slots: per practice, two rooms and a weekly pattern per weekday
 * (morning and afternoon, 10-minute GP slots, each in a room) generated for the next two
 * weeks through the access repositories; a care navigator sign-in per client.
 */
export async function setUp(db) {
  const passwordHash = await hashPassword(DEMO_SIGN_IN.password);
  await migrate(db);
  const demo = await seedDemoOrganisation(db, { passwordHash });
  const accounts = unscopedAccountRepository(db);
  const centralId = await accounts.createUser({
    orgId: demo.orgId,
    email: 'bench-booking-central@atscale.test',
    displayName: 'Bench Central',
    passwordHash,
    grants: [{ role: 'central-operations', practiceId: null }],
  });
  const principal = {
    userId: centralId,
    orgId: demo.orgId,
    grants: [{ role: 'central-operations', practiceId: null }],
  };
  const patterns = sessionPatternRepository(db, { principal, requestId: 'bench-booking' });
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const practices = [];
  for (const practiceId of demo.practiceIds) {
    const { rows: sites } = await db.query(
      'select id from site where practice_id = $1 order by is_main desc, id limit 1',
      [practiceId],
    );
    const siteId = sites[0]?.id;
    if (!siteId) continue;
    const rooms = [];
    for (const name of ['Bench room A', 'Bench room B']) {
      const { rows } = await db.query(
        'insert into room (org_id, site_id, name) values ($1, $2, $3) returning id',
        [demo.orgId, siteId, name],
      );
      rooms.push(rows[0].id);
    }
    for (const weekday of WEEKDAYS) {
      for (const [period, roomId] of [
        ['am', rooms[0]],
        ['pm', rooms[1]],
      ]) {
        await patterns.create({
          siteId,
          roomId,
          weekday,
          period,
          requiredRole: 'gp',
          service: 'gp',
          channel: 'in-person',
          slotMinutes: 10,
          visibility: 'practice',
          validFrom: from,
        });
      }
    }
    await patterns.generate({ practiceId, from, to });
    // The bench's own slots: the demo's are mostly in the past and fully booked already, which
    // would make the contested slots mere refusals with no one queuing on their row lock.
    const { rows: slots } = await db.query(
      `select id from slot where practice_id = $1 and room_id = any($2::uuid[]) and status = 'open'
        order by starts_at, id`,
      [practiceId, rooms],
    );
    const { rows: patients } = await db.query(
      'select id from patient where practice_id = $1 order by nhs_number limit 200',
      [practiceId],
    );
    practices.push({
      practiceId,
      slotIds: slots.map((s) => s.id),
      hot: slots.slice(0, BOOKING_LOAD.hotSlots).map((s) => s.id),
      patientIds: patients.map((p) => p.id),
    });
  }
  const navigators = [];
  for (let i = 0; i < BOOKING_LOAD.clients; i += 1) {
    const practice = practices[i % practices.length];
    const email = `bench-booking-nav-${i}@atscale.test`;
    const userId = await accounts.createUser({
      orgId: demo.orgId,
      email,
      displayName: `Bench Navigator ${i}`,
      passwordHash,
      grants: [{ role: 'care-navigator', practiceId: practice.practiceId }],
    });
    navigators.push({ email, userId, practice });
  }
  return { demo, practices, navigators };
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/**
 * One client's loop until the deadline: book (a contested slot a quarter of the time), or
 * cancel or rebook one of its own bookings. `ops` does the work; each call resolves to the
 * status (201/200 done, 409 refused) and is timed.
 */
async function client(nav, ops, deadline, figures) {
  const mine = [];
  while (Date.now() < deadline) {
    const roll = Math.random();
    const started = process.hrtime.bigint();
    let status;
    let kind;
    if (mine.length > 0 && roll < 0.2) {
      kind = 'cancel';
      const id = mine.splice(Math.floor(Math.random() * mine.length), 1)[0];
      status = await ops.cancel(nav, id);
    } else if (mine.length > 0 && roll < 0.4) {
      kind = 'rebook';
      const index = Math.floor(Math.random() * mine.length);
      const contested = Math.random() < BOOKING_LOAD.contested;
      if (contested) figures.contested += 1;
      const target = contested ? pick(nav.practice.hot) : pick(nav.practice.slotIds);
      const result = await ops.rebook(nav, mine[index], target);
      status = result.status;
      if (result.id) mine[index] = result.id;
    } else {
      kind = 'book';
      const contested = Math.random() < BOOKING_LOAD.contested;
      const target = contested ? pick(nav.practice.hot) : pick(nav.practice.slotIds);
      if (contested) figures.contested += 1;
      const result = await ops.book(nav, target, pick(nav.practice.patientIds));
      status = result.status;
      if (result.id) mine.push(result.id);
    }
    figures.latencies.push(msSince(started));
    figures.attempts += 1;
    if (status === 409) figures.conflicts += 1;
    else if (status >= 200 && status < 300) figures[kind] += 1;
    else throw new Error(`${kind} answered ${status}`);
  }
}

async function run(navigators, ops, forSeconds = BOOKING_LOAD.seconds) {
  const figures = {
    attempts: 0,
    book: 0,
    cancel: 0,
    rebook: 0,
    conflicts: 0,
    contested: 0,
    latencies: [],
  };
  const started = process.hrtime.bigint();
  const deadline = Date.now() + forSeconds * 1000;
  await Promise.all(navigators.map((nav) => client(nav, ops, deadline, figures)));
  const seconds = msSince(started) / 1000;
  const sorted = figures.latencies.sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    attempts: figures.attempts,
    bookings: figures.book + figures.rebook,
    cancellations: figures.cancel,
    conflicts: figures.conflicts,
    contestedShare: figures.contested / Math.max(1, figures.attempts),
    bookingsPerSecond: (figures.book + figures.rebook) / seconds,
    attemptsPerSecond: figures.attempts / seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}

/** The API: JSON over HTTP with keep-alive, as the web app sends it. */
function apiOps(baseUrl) {
  const post = async (nav, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: nav.cookie, origin: baseUrl },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    return { status: response.status, id: response.status === 201 ? json.id : undefined };
  };
  return {
    book: (nav, slotId, patientId) => post(nav, '/api/appointments', { slotId, patientId }),
    cancel: async (nav, id) =>
      (await post(nav, `/api/appointments/${id}/cancel`, { reason: 'bench', patientTold: true }))
        .status,
    rebook: (nav, id, slotId) =>
      post(nav, `/api/appointments/${id}/rebook`, { slotId, reason: 'bench', patientTold: true }),
  };
}

/**
 * The repository's own statements straight to the database, as the API sends them for a care
 * navigator (the same parameters, the same transactions, a refusal rolled back), minus HTTP,
 * the session and the domain's checks in JavaScript.
 */
function bareOps(db, orgId) {
  const book = async (tx, nav, slotId, patientId) => {
    const { rows } = await tx.query(BOOKING_STATEMENTS.book, [
      orgId,
      slotId,
      patientId,
      null,
      nav.userId,
      false,
      null,
      null,
      null,
      'bench',
      null,
      [nav.practice.practiceId],
      ['care-navigator'],
      false,
    ]);
    return rows[0]?.appointmentId ?? undefined;
  };
  const cancel = async (tx, nav, id, statuses) => {
    const { rows } = await tx.query(BOOKING_STATEMENTS.cancel, [
      orgId,
      id,
      nav.userId,
      'bench',
      true,
      statuses,
      'bench',
      null,
      [nav.practice.practiceId],
      ['care-navigator'],
    ]);
    return rows[0]?.id ? rows[0] : undefined;
  };
  const retrying = async (fn) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.transaction(fn);
      } catch (error) {
        if (error?.code === '40P01' && attempt < 4) continue;
        if (error instanceof NoPlace) return undefined;
        throw error;
      }
    }
  };
  // As the repository does, a refusal throws inside the transaction so that it rolls back.
  const orNoPlace = (value) => {
    if (value === undefined) throw new NoPlace();
    return value;
  };
  return {
    book: async (nav, slotId, patientId) => {
      const id = await retrying(async (tx) => orNoPlace(await book(tx, nav, slotId, patientId)));
      return { status: id ? 201 : 409, id };
    },
    cancel: async (nav, id) =>
      (await retrying(async (tx) => orNoPlace(await cancel(tx, nav, id, ['held', 'booked']))))
        ? 200
        : 409,
    rebook: async (nav, id, slotId) => {
      const newId = await retrying(async (tx) => {
        const old = orNoPlace(await cancel(tx, nav, id, ['booked']));
        return orNoPlace(await book(tx, nav, slotId, old.patientId));
      });
      return { status: newId ? 201 : 409, id: newId };
    },
  };
}

class NoPlace extends Error {}

/** Slots over capacity, and clinicians or rooms in two places at once, found by SQL. */
async function violations(db, orgId) {
  const { rows } = await db.query(
    `select
       (select count(*)::int from slot sl where sl.org_id = $1 and (sl.taken > sl.capacity + sl.overbooked
          or sl.taken <> (select count(*) from appointment a where a.slot_id = sl.id
                           and a.status in ('held', 'booked', 'attended', 'did-not-attend')))) as "overCapacity",
       (select count(*)::int from appointment a join appointment b
          on a.org_id = b.org_id and a.id < b.id and a.slot_id <> b.slot_id and a.during && b.during
         and (a.staff_id = b.staff_id or a.room_id = b.room_id)
        where a.org_id = $1 and a.status in ('held', 'booked', 'attended')
          and b.status in ('held', 'booked', 'attended')) as overlaps`,
    [orgId],
  );
  return rows[0];
}

/** Runs the suite on every database. */
export async function bookingSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'booking', async (target) => {
    progress(`booking/${target.label}: demo organisation and two weeks of slots`);
    const database = await throwawayDatabase(target);
    let db = await openLocation(database.location);
    let server;
    try {
      const { demo, navigators } = await setUp(db);
      // The server runs in a process of its own, as in the api suite, so the clients do not
      // share its event loop; the bare run below works in this process. PGlite has one
      // connection: this process lets go of the database while the server has it.
      await db.close();
      server = await startServerChild(database.location, './booking-server.js');
      for (const nav of navigators)
        nav.cookie = await signIn(server.url, nav.email, DEMO_SIGN_IN.password);
      progress(
        `booking/${target.label}: ${navigators.length} HTTP clients for ${BOOKING_LOAD.seconds} s`,
      );
      await run(navigators, apiOps(server.url), BOOKING_LOAD.warmUpSeconds);
      const api = await run(navigators, apiOps(server.url));
      await server.stop();
      server = undefined;
      db = await openLocation(database.location);
      const apiChecks = await violations(db, demo.orgId);
      progress(
        `booking/${target.label}: bare SQL, ${navigators.length} at once for ${BOOKING_LOAD.seconds} s`,
      );
      await run(navigators, bareOps(db, demo.orgId), BOOKING_LOAD.warmUpSeconds);
      const bare = await run(navigators, bareOps(db, demo.orgId));
      const bareChecks = await violations(db, demo.orgId);
      rows.push(
        { database: target.label, path: 'bare SQL', ...bare, ...bareChecks, ratio: null },
        {
          database: target.label,
          path: 'API (HTTP)',
          ...api,
          ...apiChecks,
          ratio: api.bookingsPerSecond / bare.bookingsPerSecond,
        },
      );
      const bad =
        apiChecks.overCapacity + apiChecks.overlaps + bareChecks.overCapacity + bareChecks.overlaps;
      if (bad > 0)
        throw new Error(`booking/${target.label}: ${bad} capacity or overlap violations`);
    } finally {
      await server?.stop();
      await db.close();
      await database.dispose();
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function bookingTable(rows) {
  return table(
    `booking: ${BOOKING_LOAD.clients} clients, ${BOOKING_LOAD.seconds} s each; book / cancel / rebook, ` +
      `${Math.round(BOOKING_LOAD.contested * 100)}% of bookings at ${BOOKING_LOAD.hotSlots} contested slots per practice`,
    [
      'database',
      'path',
      'bookings/s',
      'attempts/s',
      'p50 ms',
      'p99 ms',
      '409s',
      'contested',
      'over-capacity',
      'overlaps',
      'API/bare',
    ],
    rows.map((r) => [
      r.database,
      r.path,
      whole(r.bookingsPerSecond),
      whole(r.attemptsPerSecond),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      whole(r.conflicts),
      `${Math.round(r.contestedShare * 100)}%`,
      r.overCapacity,
      r.overlaps,
      r.ratio === null ? '-' : times(r.ratio),
    ]),
    [
      'bookings/s counts bookings and rebookings made; 409s are refusals (the place was taken);',
      'contested is the share of all attempts aimed at the contested slots.',
      'over-capacity and overlaps are counted by SQL after each run and must be 0.',
    ],
  );
}
