import type { Database } from '@atscale/db';
import type { App } from './app-types.js';

/** A listening server and how to stop it gracefully. */
export interface RunningServer {
  readonly app: App;
  readonly url: string;
  /** Stops taking requests, lets those in flight finish, then closes the database. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts listening and stops cleanly on SIGTERM or SIGINT: requests in flight finish, new ones
 * are refused with 503, then the database is closed so an embedded data folder is left whole.
 */
export async function listen(
  app: App,
  db: Database,
  where: { port: number; host: string; handleSignals?: boolean },
): Promise<RunningServer> {
  await app.listen({ port: where.port, host: where.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : where.port;
  const shownHost = where.host === '0.0.0.0' || where.host === '::' ? 'localhost' : where.host;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await db.close();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  if (where.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return {
    app,
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    stop,
  };
}
