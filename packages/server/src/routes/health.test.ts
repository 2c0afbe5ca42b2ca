import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.js';

describe('GET /healthz', () => {
  it('answers 200 ok while the database answers, and 503 once it does not', async () => {
    const t = await createTestApp();
    try {
      const ok = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ status: 'ok' });
      await t.db.close();
      const down = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ code: 'unavailable' });
    } finally {
      await t.close();
    }
  });
});
