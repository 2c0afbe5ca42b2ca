import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@atscale/db/testing';
import { buildApp } from './app.js';
import { listen } from './serve.js';

describe('graceful stop', () => {
  it('finishes a request in flight, refuses new connections, then closes the database', async () => {
    const { db, dispose } = await createTestDatabase();
    const app = await buildApp({ db, logger: false });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    app.get('/slow', { config: { public: true } }, async () => {
      entered();
      await held;
      const { rows } = await db.query<{ ok: number }>('select 1 as ok');
      return { ok: rows[0]?.ok };
    });
    const server = await listen(app, db, { port: 0, host: '127.0.0.1', handleSignals: false });
    try {
      const inFlight = fetch(`${server.url}/slow`).then((r) => r.json());
      await inside;
      const stopping = server.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      release();
      await expect(inFlight).resolves.toEqual({ ok: 1 });
      await stopping;
      await expect(db.query('select 1')).rejects.toThrow();
    } finally {
      release();
      await server.stop();
      await dispose().catch(() => undefined);
    }
  });
});
