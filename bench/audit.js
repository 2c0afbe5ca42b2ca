// Suite `audit`: what auditing costs a patient read. The same patients are read N times
// through the patient repository (a transaction holding the select and its audit_event
// insert) and N times with a plain select by id, one read at a time.
import process from 'node:process';
import { DEMO_SIGN_IN, migrate, patientRepository, seedDemoOrganisation } from '@atscale/db';
import { hashPassword } from '@atscale/server';
import {
  eachTarget,
  msSince,
  openLocation,
  progress,
  table,
  throwawayDatabase,
  times,
  whole,
} from './common.js';

/** Reads per path; BENCH_AUDIT_READS changes it. */
export const READS = Number(process.env.BENCH_AUDIT_READS ?? 1600);
const WARMUP_READS = 200;
const ROUNDS = 4;
/** A path stops early after this many seconds in all, on a very slow machine. */
const MAX_SECONDS = 20;

/** The repository's columns, so the plain select returns the same row. */
const PLAIN_SQL = `select id, practice_id as "practiceId", nhs_number as "nhsNumber",
  given_name as "givenName", family_name as "familyName", date_of_birth as "dateOfBirth"
  from patient where org_id = $1 and id = $2`;

const countReads = async (db) => {
  const { rows } = await db.query(
    `select count(*)::int as n from audit_event where action = 'patient.read'`,
  );
  return rows[0]?.n ?? 0;
};

/** Runs `read(i)` up to `count` times, one at a time (or until MAX_SECONDS); returns how many and the ms. */
async function timed(count, read) {
  const start = process.hrtime.bigint();
  let reads = 0;
  while (reads < count && (reads % 100 !== 0 || msSince(start) < (MAX_SECONDS * 1000) / ROUNDS)) {
    const row = await read(reads);
    if (!row?.id) throw new Error('a read returned no patient');
    reads++;
  }
  return { reads, ms: msSince(start) };
}

/** Runs the suite on every database. */
export async function auditSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'audit', async (target) => {
    progress(`audit/${target.label}: preparing a database`);
    const database = await throwawayDatabase(target);
    const db = await openLocation(database.location);
    try {
      await migrate(db);
      const demo = await seedDemoOrganisation(db, {
        passwordHash: await hashPassword(DEMO_SIGN_IN.password),
      });
      const userId = demo.users.clinician;
      const { rows: grants } = await db.query(
        'select role, practice_id as "practiceId" from role_grant where user_id = $1',
        [userId],
      );
      const principal = { userId, orgId: demo.orgId, grants };
      const patients = patientRepository(db, { principal, requestId: null });
      const { rows: found } = await db.query(
        'select id from patient where practice_id = $1 order by nhs_number',
        [demo.practiceIds[0]],
      );
      const ids = found.map((r) => r.id);
      const idOf = (i) => ids[i % ids.length];

      const paths = [
        {
          name: 'plain select by id',
          read: async (i) => (await db.query(PLAIN_SQL, [demo.orgId, idOf(i)])).rows[0],
        },
        {
          name: 'select in a transaction, no audit',
          read: (i) =>
            db.transaction(
              async (tx) => (await tx.query(PLAIN_SQL, [demo.orgId, idOf(i)])).rows[0],
            ),
        },
        {
          name: 'patientRepository.get (audited)',
          read: (i) => patients.get(idOf(i), 'bench'),
          audited: true,
        },
      ];
      // Warm-up, then the paths take turns in rounds (each round starting with another path),
      // so drift during the run (JIT, GC, the audit table growing) does not favour one path.
      for (const path of paths) await timed(WARMUP_READS, path.read);
      const totals = paths.map(() => ({ reads: 0, ms: 0, auditRows: 0 }));
      const perRound = Math.ceil(READS / ROUNDS);
      progress(
        `audit/${target.label}: ${paths.length} paths x ${READS} reads, in ${ROUNDS} rounds`,
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < paths.length; k++) {
          const i = (k + round) % paths.length;
          const path = paths[i];
          const total = totals[i];
          const before = await countReads(db);
          const figures = await timed(perRound, path.read);
          total.reads += figures.reads;
          total.ms += figures.ms;
          total.auditRows += (await countReads(db)) - before;
          if (total.auditRows !== (path.audited ? total.reads : 0)) {
            throw new Error(
              `${path.name}: ${total.reads} reads wrote ${total.auditRows} audit rows`,
            );
          }
        }
      }
      const perSecond = (t) => (t.reads / t.ms) * 1000;
      paths.forEach((path, i) => {
        const total = totals[i];
        rows.push({
          database: target.label,
          path: path.name,
          reads: total.reads,
          readsPerSecond: perSecond(total),
          microsecondsPerRead: (total.ms * 1000) / total.reads,
          auditRows: total.auditRows,
          ratioToPlain: perSecond(total) / perSecond(totals[0]),
        });
      });
    } finally {
      await db.close();
      await database.dispose();
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function auditTable(rows) {
  return table(
    `audit: patient reads one at a time (${READS} per path in ${ROUNDS} rounds, after ${WARMUP_READS} warm-up reads)`,
    ['database', 'path', 'reads', 'reads/s', 'µs/read', 'vs plain', 'audit rows'],
    rows.map((r) => [
      r.database,
      r.path,
      r.reads,
      whole(r.readsPerSecond),
      whole(r.microsecondsPerRead),
      times(r.ratioToPlain),
      r.auditRows,
    ]),
    ['vs plain: reads/s of the path / reads/s of the plain select (below 1.00x = slower)'],
  );
}
