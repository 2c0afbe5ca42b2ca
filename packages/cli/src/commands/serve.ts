import {
  DEMO_PASSWORD,
  ORGANISATION_FORMS,
  ORGANISATION_FORM_LABELS,
  demoPlansForStart,
  demoProfile,
  midSentence,
} from '@atscale/domain';
import { demoRowCount, isEmpty, todayInEngland, writeDemoPlans } from '@atscale/db';
import { buildApp, configFromEnv, hashPassword, listen } from '@atscale/server';
import { describeLocation, openMigrated, type DatabaseFlags } from '../context.js';
import { withProgressBar } from '../terminal/progress-bar.js';

/** Flags of `start` and `serve`. */
export interface ServeFlags extends DatabaseFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
}

/**
 * Migrates, optionally creates the demo organisations on an empty database, and serves the web
 * app and API until SIGTERM or SIGINT.
 */
export async function serve(flags: ServeFlags, options: { demo: boolean }): Promise<void> {
  const env = { ...process.env };
  if (flags.port !== undefined) env.PORT = flags.port;
  if (flags.host !== undefined) env.HOST = flags.host;
  const config = configFromEnv(env);
  const out = process.stdout;
  out.write(`atscale: opening the ${describeLocation(flags)}\n`);
  const { db, applied } = await openMigrated(flags);
  if (applied.length > 0) out.write(`atscale: applied migrations ${applied.join(', ')}\n`);
  let seeded = false;
  if (options.demo && (await isEmpty(db))) {
    out.write('atscale: the database is empty; creating the demo organisations\n');
    const plans = demoPlansForStart(todayInEngland());
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await withProgressBar(
      process.stderr,
      `Creating ${plans.length} demo organisations`,
      plans.reduce((sum, plan) => sum + demoRowCount(plan), 0),
      (update) =>
        writeDemoPlans(db, plans, {
          passwordHash,
          onProgress: (progress) => {
            update(progress.done);
          },
        }),
    );
    seeded = true;
  }
  const app = await buildApp({ db, config });
  const server = await listen(app, db, { port: config.port, host: config.host });
  out.write(`\natscale is running at ${server.url}\n`);
  out.write(`API documentation: ${server.url}/docs\n`);
  if (options.demo) out.write(demoSignIns(seeded));
  out.write('Stop with Ctrl+C.\n\n');
}

/** The demo sign-ins, one line per organisation, the autonomy super-partnership first. */
export function demoSignIns(seeded: boolean): string {
  const forms = [
    'autonomy-super-partnership' as const,
    ...ORGANISATION_FORMS.filter((f) => f !== 'autonomy-super-partnership'),
  ];
  const rows = forms.map((form) => {
    const profile = demoProfile(form);
    return [
      profile.users.map((u) => u.email).join(', '),
      `${profile.organisationName} (${midSentence(ORGANISATION_FORM_LABELS[form])})`,
    ] as const;
  });
  const width = Math.max(...rows.map(([emails]) => emails.length));
  return [
    `Demo sign-ins, password ${DEMO_PASSWORD}${seeded ? '' : ' (if the demo organisations are still there)'}:`,
    ...rows.map(([emails, organisation]) => `  ${emails.padEnd(width)}  ${organisation}`),
    '',
  ].join('\n');
}
