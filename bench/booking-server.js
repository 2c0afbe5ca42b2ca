// The server under test for the booking suite, in a process of its own (forked by
// bench/booking.js through startServerChild), so the HTTP clients in the bench process do not
// share its event loop. It opens the database the suite has set up, with the sign-in rate
// limit raised (every client signs in at once; that limit is not what is measured).
//
// Protocol (IPC), as server-child.js: it sends { type: 'ready', url }; { type: 'stop' } closes
// the server and the database and exits with code 0.
import process from 'node:process';
import { buildApp, listen } from '@atscale/server';
import { openLocation } from './common.js';

const location = JSON.parse(process.argv[2] ?? '{}');
const db = await openLocation(location);
const app = await buildApp({
  db,
  logger: false,
  config: { signIn: { maxFailures: 5, lockMinutes: 15, attemptsPerMinute: 10_000 } },
});
const server = await listen(app, db, { port: 0, host: '127.0.0.1', handleSignals: false });

let stopping;
const stop = () => (stopping ??= server.stop());

process.on('message', (message) => {
  if (message?.type !== 'stop') return;
  stop().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`booking server: stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
// The bench process went away: do not linger.
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});

process.send?.({ type: 'ready', url: server.url });
