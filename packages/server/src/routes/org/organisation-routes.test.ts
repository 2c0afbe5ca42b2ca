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
       values ($1, $2, '2026-01-01', 9800), ($1, $2, '2026-04-01', 10050)`,
      [t.demo.orgId, practiceId],
    );
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/practices/${practiceId}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    const practice = response.json<{ odsCode: string; listSizes: { date: string }[] }>();
    expect(practice.odsCode).toBe('Y90001');
    expect(practice.listSizes.slice(0, 2)).toEqual([
      { date: '2026-04-01', listSize: 10050 },
      { date: '2026-01-01', listSize: 9800 },
    ]);
    const dates = practice.listSizes.map((l) => l.date);
    expect(dates).toEqual([...dates].sort().reverse());

    const organisation = await t.app.inject({
      method: 'GET',
      url: '/api/organisation',
      headers: { cookie },
    });
    const listed = organisation
      .json<{ practices: { id: string; listSize: number; listSizeDate: string }[] }>()
      .practices.find((p) => p.id === practiceId);
    expect(listed).toMatchObject({ listSize: 10050, listSizeDate: '2026-04-01' });
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
