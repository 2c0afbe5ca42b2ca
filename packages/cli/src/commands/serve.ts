import { DEMO_SIGN_IN, isEmpty, seedDemoOrganisation } from '@atscale/db';
import { buildApp, configFromEnv, hashPassword, listen } from '@atscale/server';
import { describeLocation, openMigrated, type DatabaseFlags } from '../context.js';

/** Flags of `start` and `serve`. */
export interface ServeFlags extends DatabaseFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
}

/**
 * Migrates, optionally creates the demo organisation on an empty database, and serves the web
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
    out.write('atscale: the database is empty; creating the demo organisation\n');
    await seedDemoOrganisation(db, { passwordHash: await hashPassword(DEMO_SIGN_IN.password) });
    seeded = true;
  }
  const app = await buildApp({ db, config });
  const server = await listen(app, db, { port: config.port, host: config.host });
  out.write(`\natscale is running at ${server.url}\n`);
  out.write(`API documentation: ${server.url}/docs\n`);
  if (options.demo) {
    out.write(
      `Demo sign-in: ${DEMO_SIGN_IN.email} / ${DEMO_SIGN_IN.password}${seeded ? '' : ' (if the demo organisation is still there)'}\n`,
    );
  }
  out.write('Stop with Ctrl+C.\n\n');
}
