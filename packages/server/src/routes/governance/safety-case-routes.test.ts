import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface SafetyCaseBody {
  version: string;
  hazards: {
    id: string;
    residual: { rating: number };
    controls: { kind: string; tests: { file: string; status: string }[] }[];
  }[];
}

describe('GET /api/safety-case', () => {
  it('gives the organisation administrator the hazard log by residual risk, with test results', async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/safety-case',
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<SafetyCaseBody>();
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.hazards.length).toBeGreaterThanOrEqual(5);
    const ratings = body.hazards.map((h) => h.residual.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    const tests = body.hazards.flatMap((h) => h.controls.flatMap((c) => c.tests));
    expect(tests.length).toBeGreaterThan(0);
    // Every named test is found in its file (the CI check proves they also passed).
    expect(tests.filter((test) => test.status === 'missing')).toEqual([]);
  });

  it('refuses a role without governance duties', async () => {
    const cookie = await t.signIn('clinician@atscale.test');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/safety-case',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json<{ detail: string }>().detail).toMatch(/safety case/);
  });

  it('needs a sign-in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/safety-case' });
    expect(response.statusCode).toBe(401);
  });
});
