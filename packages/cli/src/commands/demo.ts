import {
  AtscaleError,
  DEFAULT_DEMO_SEED,
  DEMO_PASSWORD,
  DEMO_SCALES,
  ORGANISATION_FORMS,
  ORGANISATION_FORM_LABELS,
  demoPlan,
  demoSeedProblem,
  isDemoScale,
  isOrganisationForm,
  midSentence,
  type DemoPlan,
  type DemoScale,
} from '@atscale/domain';
import {
  demoAlreadyThere,
  demoRowCount,
  takenDemoSignIns,
  todayInEngland,
  writeDemoPlans,
  locationFromEnv,
  type Database,
  type WrittenDemo,
} from '@atscale/db';
import { hashPassword } from '@atscale/server';
import { inspectDataFolder, requireIdleDatabaseFolder } from '../backup/data-folder.js';
import { openMigrated, type DatabaseFlags } from '../context.js';
import { withProgressBar } from '../terminal/progress-bar.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';

/** Flags of `atscale demo`, as typed. */
export interface DemoFlags extends DatabaseFlags {
  readonly scale?: string | undefined;
  readonly seed?: string | undefined;
  /** A form, or `all` for one organisation of every form. */
  readonly form?: string | undefined;
}

/** What `atscale demo` built. */
export interface DemoSummary {
  readonly scale: DemoScale;
  readonly seed: number;
  readonly organisations: readonly WrittenDemo[];
  readonly rows: number;
  readonly seconds: number;
}

/** The scale `atscale demo` builds when none is named. */
export const DEFAULT_DEMO_SCALE: DemoScale = 'small';

/**
 * Checks the flags and plans the demo organisations they ask for, before any database is
 * opened: an unknown scale or form, or a seed that is not a whole number, is refused here.
 */
export function planDemo(flags: DemoFlags): {
  scale: DemoScale;
  seed: number;
  plans: DemoPlan[];
} {
  const scale = (flags.scale ?? DEFAULT_DEMO_SCALE).trim();
  if (!isDemoScale(scale)) {
    throw new AtscaleError(
      'validation-failed',
      `Unknown scale "${scale}": choose ${DEMO_SCALES.join(', ')}`,
    );
  }
  const seedText = flags.seed ?? String(DEFAULT_DEMO_SEED);
  const seedProblem = demoSeedProblem(seedText);
  if (seedProblem) throw new AtscaleError('validation-failed', seedProblem);
  const seed = Number(seedText);
  const form = (flags.form ?? 'autonomy-super-partnership').trim();
  if (form !== 'all' && !isOrganisationForm(form)) {
    throw new AtscaleError(
      'validation-failed',
      `Unknown form "${form}": choose one of ${ORGANISATION_FORMS.join(', ')}, or all`,
    );
  }
  // The autonomy super-partnership first: it is the one the sign-ins demo@ etc. belong to.
  const forms =
    form === 'all'
      ? [
          'autonomy-super-partnership' as const,
          ...ORGANISATION_FORMS.filter((f) => f !== 'autonomy-super-partnership'),
        ]
      : [form];
  return {
    scale,
    seed,
    plans: forms.map((f) => demoPlan({ scale, seed, form: f, today: todayInEngland() })),
  };
}

/**
 * `atscale demo`: builds deterministic demo organisations into the database in one
 * transaction, with a progress bar on stderr, and prints what it built and how to sign in.
 */
export async function demoCommand(
  flags: DemoFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<DemoSummary> {
  const { scale, seed, plans } = planDemo(flags);
  const db = await openForDemo(flags, env, terminal);
  try {
    const summary = await buildDemo(db, plans, { scale, seed, terminal });
    terminal.stdout.write(describeDemo(summary));
    return summary;
  } finally {
    await db.close();
  }
}

/**
 * Opens the database to build into: a server, or an embedded folder that is new, empty or an
 * atscale database no other process has open (a running server holds it).
 */
async function openForDemo(
  flags: DatabaseFlags,
  env: NodeJS.ProcessEnv,
  terminal: Terminal,
): Promise<Database> {
  const location = locationFromEnv(env, flags.data);
  if (!location.databaseUrl) {
    const state = await inspectDataFolder(location.dataDir);
    if (state.kind === 'other') {
      throw new AtscaleError(
        'conflict',
        `${location.dataDir} holds other files, not an atscale database: name a new or empty folder with --data`,
      );
    }
    if (state.kind === 'database') {
      await requireIdleDatabaseFolder(location.dataDir, (line) =>
        terminal.stderr.write(`${line}\n`),
      );
    }
  }
  const { db } = await openMigrated(flags, env);
  return db;
}

/** Writes planned demos with a progress bar; refuses before writing if their sign-ins exist. */
export async function buildDemo(
  db: Database,
  plans: readonly DemoPlan[],
  options: { scale: DemoScale; seed: number; terminal: Terminal },
): Promise<DemoSummary> {
  const taken = await takenDemoSignIns(db, plans);
  if (taken.length > 0) throw demoAlreadyThere(taken);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const total = plans.reduce((sum, plan) => sum + demoRowCount(plan), 0);
  const started = performance.now();
  const organisations = await withProgressBar(
    options.terminal.stderr,
    `Building the ${options.scale} demo`,
    total,
    (update) =>
      writeDemoPlans(db, plans, {
        passwordHash,
        onProgress: (progress) => {
          update(progress.done);
        },
      }),
  );
  return {
    scale: options.scale,
    seed: options.seed,
    organisations,
    rows: organisations.reduce((sum, o) => sum + o.rows, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

const whole = (n: number): string => n.toLocaleString('en-GB');

function describeDemo(summary: DemoSummary): string {
  const lines = [
    `Built the ${summary.scale} demo (seed ${summary.seed}): ${whole(summary.rows)} rows in ` +
      `${summary.seconds.toFixed(1)} s (${whole(Math.round(summary.rows / Math.max(summary.seconds, 0.001)))} rows/s)`,
  ];
  for (const o of summary.organisations) {
    const t = o.totals;
    lines.push(
      `  ${o.name} (${midSentence(ORGANISATION_FORM_LABELS[o.form])}): ${whole(t.memberPractices)} member practices` +
        `${t.prospectivePractices > 0 ? ` and ${whole(t.prospectivePractices)} prospective` : ''}, ` +
        `${whole(t.patients)} patients, ${whole(t.staff)} staff (${whole(t.partners)} partners), ${whole(t.sites)} sites`,
      `    sign in as ${o.signIns.join(', ')}`,
    );
  }
  lines.push(`Every demo sign-in has the password ${DEMO_PASSWORD}.`, '');
  return lines.join('\n');
}
