// Suite `finance`: on the ohp demo with two years of finance data, the time to build every
// practice's profit and loss for the last full financial year (the central finance dashboard's
// profit by cost centre, and each centre's own statement), a levy run for a new period, and the
// overdue ageing list. Baseline: the bare SQL sum of the same year's lines by cost centre and
// account on the same database in the same run; `vs bare` = the call's ms / the baseline's.
import process from 'node:process';
import {
  ledgerRepository,
  levyRepository,
  migrate,
  paymentsRepository,
  writeDemoPlans,
} from '@atscale/db';
import { demoPlan, formatPounds } from '@atscale/domain';
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

/** Timed repeats of each read (the median is reported), after one untimed warm-up. */
const REPEATS = Number(process.env.BENCH_FINANCE_REPEATS ?? 5);

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: msSince(started), result };
}

async function median(fn) {
  await fn();
  const samples = [];
  for (let i = 0; i < REPEATS; i += 1) samples.push((await timed(fn)).ms);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Runs the suite on every database: build ohp (timed), then the three finance reads. */
export async function financeSuite(ctx) {
  const rows = [];
  await eachTarget(ctx, 'finance', async (target) => {
    const database = await throwawayDatabase(target);
    try {
      const db = await openLocation(database.location);
      try {
        await migrate(db);
        const plan = demoPlan({ scale: 'ohp', form: 'autonomy-super-partnership' });
        progress(`finance/${target.label}: building the ohp demo with its finance data`);
        const build = await timed(() => writeDemoPlans(db, [plan], { passwordHash: 'x' }));
        const [demo] = build.result;
        const scope = {
          principal: {
            userId: demo.userIds.finance,
            orgId: demo.orgId,
            grants: [{ role: 'central-finance', practiceId: null }],
          },
          requestId: 'bench-finance',
        };
        const today = plan.today;
        const year = Number(today.slice(0, 4)) - (today.slice(5, 7) >= '04' ? 1 : 2);
        const lastYear = { from: `${year}-04-01`, to: `${year + 1}-03-31` };
        const counts = (
          await db.query(
            `select (select count(*)::int from journal_entry where org_id = $1) as entries,
                    (select count(*)::int from journal_line where org_id = $1) as lines,
                    (select count(*)::int from levy_invoice where org_id = $1) as invoices,
                    (select count(*)::int from expected_payment where org_id = $1) as expected,
                    (select count(*)::int from received_payment where org_id = $1) as received,
                    (select coalesce(sum(list_size * pence_per_patient_per_year), 0)::bigint
                       from levy_invoice where org_id = $1 and period_from =
                         (select max(period_from) from levy_invoice where org_id = $1)) as yearly`,
            [demo.orgId],
          )
        ).rows[0];
        progress(
          `finance/${target.label}: built in ${(build.ms / 1000).toFixed(1)} s; ` +
            `${whole(counts.entries)} entries, ${whole(counts.lines)} lines, ` +
            `${whole(counts.invoices)} levy invoices, ${whole(counts.expected)} expected and ` +
            `${whole(counts.received)} received payments; latest levy run a year: ` +
            formatPounds(Number(counts.yearly)),
        );
        const bare = await median(() =>
          db.query(
            `select cost_centre_id, account_code, sum(debit_pence), sum(credit_pence)
               from journal_line where org_id = $1 and entry_date between $2 and $3
              group by cost_centre_id, account_code`,
            [demo.orgId, lastYear.from, lastYear.to],
          ),
        );
        const ledger = ledgerRepository(db, scope);
        const dashboard = await median(() => ledger.profitByCostCentre(lastYear));
        const centres = (await ledger.profitByCostCentre(lastYear)).map((c) => c.costCentre.id);
        const eachCentre = await median(async () => {
          for (const costCentreId of centres) {
            await ledger.profitAndLoss({ costCentreId, ...lastYear });
          }
        });
        const payments = paymentsRepository(db, scope);
        const ageing = await median(() => payments.ageing({ on: today }));
        const overdue = await payments.ageing({ on: today });
        // A period not run yet: the quarter after today's.
        const quarter = Math.floor(((Number(today.slice(5, 7)) + 8) % 12) / 3) + 1;
        const next = quarter === 4 ? { y: year + 2, q: 1 } : { y: year + 1, q: quarter + 1 };
        const levy = await timed(() =>
          levyRepository(db, scope).run({ financialYear: next.y, periodNumber: next.q }),
        );
        const base = { database: target.label, baseline: bare };
        rows.push(
          { ...base, what: 'bare SQL: the year’s lines by centre and account', ms: bare },
          {
            ...base,
            what: `P&L of every centre, one pass (profitByCostCentre, ${centres.length} centres)`,
            ms: dashboard,
          },
          {
            ...base,
            what: `P&L of each centre in turn (profitAndLoss x ${centres.length})`,
            ms: eachCentre,
          },
          {
            ...base,
            what: `levy run ${levy.result.run.label} (${levy.result.invoices.length} invoices)`,
            ms: levy.ms,
          },
          {
            ...base,
            what: `overdue ageing (${overdue.items?.length ?? '?'} overdue)`,
            ms: ageing,
          },
          {
            database: target.label,
            what: `ohp demo build with finance: ${whole(counts.lines)} ledger lines, latest levy ${formatPounds(Number(counts.yearly))} a year`,
            ms: build.ms,
          },
        );
      } finally {
        await db.close();
      }
    } finally {
      await database.dispose();
    }
  });
  return rows;
}

/** The suite's results as a table. */
export function financeTable(rows) {
  return table(
    `finance: the ohp demo with two years of entries; median of ${REPEATS} after a warm-up (the levy run once)`,
    ['database', 'what', 'ms', 'vs bare'],
    rows.map((r) => [
      r.database,
      r.what,
      r.ms >= 10_000 ? whole(r.ms) : r.ms.toFixed(1),
      r.baseline ? times(r.ms / r.baseline) : '-',
    ]),
    [
      'target from the finance issue: under 1 s each on a PostgreSQL server',
      "vs bare: the call / a bare SQL sum of the same year's lines (the least any P&L must read)",
    ],
  );
}
