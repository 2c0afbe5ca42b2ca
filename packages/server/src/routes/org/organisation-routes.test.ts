import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  cookie = await t.signIn('navigator@atscale.test');
});
afterAll(() => t.close());

describe('organisation routes', () => {
  it('shows the organisation with the policy its form sets', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/organisation',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      form: 'autonomy-super-partnership',
      policy: {
        defaultLevy: { pencePerPatientPerYear: 200 },
        listOnLeaving: 'stays-with-organisation',
        membersKeepOwnContracts: true,
      },
    });
  });

  it('shows a practice with its list sizes, newest first', async () => {
    const practiceId = t.demo.practiceIds[0] ?? '';
    await t.db.query(
      `insert into practice_list_size (org_id, practice_id, date, list_size)
       values ($1, $2, '2025-01-01', 9800), ($1, $2, '2025-04-01', 10050)`,
      [t.demo.orgId, practiceId],
    );
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/practices/${practiceId}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: practiceId,
      odsCode: 'Y90001',
      status: 'active',
      listSizes: [
        { date: '2025-04-01', listSize: 10050 },
        { date: '2025-01-01', listSize: 9800 },
      ],
    });
  });

  it('answers 404 for a practice that does not exist', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/practices/00000000-0000-4000-8000-000000000000',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});
