import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let clinician: string;
let siteId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string }>(
    'select id from site where practice_id = $1 order by is_main desc, id limit 1',
    [t.demo.practiceIds[0]],
  );
  siteId = rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  clinician = await t.signIn('clinician@atscale.test');
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const pattern = {
  weekday: 4,
  period: 'custom',
  startTime: '14:00',
  endTime: '15:00',
  requiredRole: 'practice-nurse',
  service: 'nurse',
  channel: 'in-person',
  slotMinutes: 20,
  visibility: 'practice',
  slotCapacity: 2,
  validFrom: '2097-01-01',
};

describe('session patterns', () => {
  it('adds a pattern, skips a date and generates sessions and slots idempotently', async () => {
    const created = await send('POST', '/api/session-patterns', admin, { siteId, ...pattern });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const skip = await send('POST', `/api/session-patterns/${id}/skips`, admin, {
      date: '2097-01-10',
      reason: 'Training',
    });
    expect(skip.json<{ skips: { date: string }[] }>().skips).toEqual([
      { date: '2097-01-10', reason: 'Training' },
    ]);
    const range = { patternIds: [id], from: '2097-01-01', to: '2097-01-31' };
    const made = await send('POST', '/api/session-patterns/generate', admin, range);
    expect(made.statusCode, made.body).toBe(201);
    // Thursdays in January 2097: 3, 10 (skipped), 17, 24, 31; three 20-minute slots each.
    expect(made.json()).toEqual({ sessionsCreated: 4, sessionsExisting: 0, slotsCreated: 12 });
    const again = await send('POST', '/api/session-patterns/generate', admin, range);
    expect(again.json()).toEqual({ sessionsCreated: 0, sessionsExisting: 4, slotsCreated: 0 });
    const { rows } = await t.db.query<{ capacity: number }>(
      `select distinct sl.capacity from slot sl join rota_session s on s.id = sl.session_id
        where s.pattern_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ capacity: 2 }]);
    const listed = await send(
      'GET',
      `/api/session-patterns?practiceId=${t.demo.practiceIds[0] ?? ''}`,
      clinician,
    );
    expect(listed.body).toContain(id);
    expect(
      (await send('POST', '/api/session-patterns/generate', clinician, range)).statusCode,
    ).toBe(403);
    expect((await send('DELETE', `/api/session-patterns/${id}`, admin)).statusCode).toBe(204);
  });

  it('names the field of bad input', async () => {
    const cases: [object, string][] = [
      [{ siteId, ...pattern, slotMinutes: null }, 'body/slotMinutes'],
      [{ siteId, ...pattern, requiredRole: 'gp' }, 'body/requiredRole'],
      [{ siteId, ...pattern, startTime: '25:00' }, 'body/startTime'],
      [{ siteId, ...pattern, period: 'am' }, 'body/startTime'],
      [{ siteId, ...pattern, weekday: 8 }, 'body/weekday'],
      [{ siteId, ...pattern, validUntil: '2096-01-01' }, 'body/validUntil'],
    ];
    for (const [payload, field] of cases) {
      const response = await send('POST', '/api/session-patterns', admin, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.body).toContain(field);
    }
    const range = await send('POST', '/api/session-patterns/generate', admin, {
      practiceId: t.demo.practiceIds[0],
      from: '2097-01-01',
      to: '2097-12-31',
    });
    expect(range.statusCode).toBe(400);
    expect(range.body).toContain('body/to');
  });
});
