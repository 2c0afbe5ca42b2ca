// `npm run bench [-- SUITE...]`: runs the benchmark suites (all by default) on PGlite and, when
// DATABASE_URL is set, on that PostgreSQL server; prints tables on stdout and writes
// bench/results/latest.json. Figures, never assertions: it exits non-zero only when something
// breaks (a request errors, a server does not start), never because of speed.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { apiSuite, apiTable } from './api.js';
import { auditSuite, auditTable } from './audit.js';
import { bookingSuite, bookingTable } from './booking.js';
import { benchTargets, disposeTemplates, msSince, progress } from './common.js';
import { demoSuite, demoTable } from './demo.js';
import { financeSuite, financeTable } from './finance.js';
import { fhirSuite, fhirTable } from './fhir.js';
import { memorySuite, memoryTable } from './memory.js';
import { populationSuite, populationTable } from './population.js';
import { rotaSuite, rotaTable } from './rota.js';
import { simulateSuite, simulateTable } from './simulate.js';
import { surgeSuite, surgeTable } from './surge.js';

const SUITES = {
  api: {
    run: apiSuite,
    show: apiTable,
    about: 'HTTP requests/s and latency vs a bare node:http server',
  },
  audit: { run: auditSuite, show: auditTable, about: 'audited patient reads vs plain selects' },
  memory: {
    run: memorySuite,
    show: memoryTable,
    about: 'server RSS and heap; atscale start peak RSS',
  },
  demo: {
    run: demoSuite,
    show: demoTable,
    about: 'time and peak RSS to build the small and ohp demos vs small',
  },
  booking: {
    run: bookingSuite,
    show: bookingTable,
    about: 'book/cancel/rebook over HTTP by 16 navigators vs the same SQL bare; 0 overlaps',
  },
  rota: {
    run: rotaSuite,
    show: rotaTable,
    about: 'fill 400 gaps from 80 pool members: HiGHS optimiser vs greedy first-fit',
  },
  finance: {
    run: financeSuite,
    show: financeTable,
    about: 'ohp, two years of entries: every P&L, a levy run, the ageing vs bare SQL',
  },
  simulate: {
    run: simulateSuite,
    show: simulateTable,
    about: 'planner: ohp, 1 year x 1,000 replications x 7 forms; events/s, 1 vs 2 workers',
  },
  fhir: {
    run: fhirSuite,
    show: fhirTable,
    about: 'ohp, 2 weeks of free slots: FHIR Slot search (token, _include) vs REST (cookie)',
  },
  surge: {
    run: surgeSuite,
    show: surgeTable,
    about: 'a Monday morning of 6,000 requests (ohp); intake/s held vs bare insert',
  },
  population: {
    run: populationSuite,
    show: populationTable,
    about: 'ohp coded records: import rows/s, peak memory by file size, scoring vs bare count',
  },
};

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'usage: npm run bench [-- SUITE...]',
      '',
      ...Object.entries(SUITES).map(([name, s]) => `  ${name.padEnd(8)}${s.about}`),
      '',
      'All suites by default. Each runs on PGlite in a temp folder, and also on the PostgreSQL',
      'server of DATABASE_URL when set (in a database it creates and drops).',
      'BENCH_SECONDS sets the seconds per API route (default 4); BENCH_AUDIT_READS the reads per',
      'audit path (default 1600); BENCH_POPULATION_SCALE the population demo scale (default ohp).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const unknown = args.filter((a) => !(a in SUITES));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no suite named ${unknown.join(', ')}; the suites are ${Object.keys(SUITES).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = Object.keys(SUITES).filter((name) => args.length === 0 || args.includes(name));

const started = process.hrtime.bigint();
const ctx = { serverMemory: {}, failures: [] };
const results = {
  startedAt: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
  },
  databases: benchTargets().map((t) => t.label),
  suites: {},
  failures: ctx.failures,
};

progress(
  `suites ${selected.join(', ')} on ${results.databases.join(' and ')}` +
    (results.databases.includes('postgres') ? '' : ' (set DATABASE_URL to add a server)'),
);
for (const name of selected) {
  const suite = SUITES[name];
  try {
    const rows = await suite.run(ctx);
    results.suites[name] = rows;
    process.stdout.write(suite.show(rows));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.failures.push({ suite: name, error: message });
    process.stderr.write(`bench: suite ${name} failed: ${message}\n`);
  }
}
await disposeTemplates();
results.seconds = msSince(started) / 1000;

const file = fileURLToPath(new URL('./results/latest.json', import.meta.url));
await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
progress(`done in ${results.seconds.toFixed(0)} s; results in bench/results/latest.json`);
if (results.failures.length > 0) {
  const where = results.failures.map((f) => [f.suite, f.database].filter(Boolean).join('/'));
  progress(`FAILED: ${where.join(', ')} (see above; speed alone never fails a run)`);
}
process.exitCode = results.failures.length > 0 ? 1 : 0;
