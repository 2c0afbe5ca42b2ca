import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let siteId: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string }>(
    'select id from site where practice_id = $1 order by is_main desc, id limit 1',
    [t.demo.practiceIds[0]],
  );
  siteId = rows[0]?.id ?? '';
  const patients = await t.db.query<{ id: string }>(
    'select id from patient where practice_id = $1 order by nhs_number limit 1',
    [t.demo.practiceIds[0]],
  );
  patientId = patients.rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });

async function session(startsAt: string, roomId: string | null = null) {
  const { rows } = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role, room_id)
     values ($1, $2, $3, $3::timestamptz + interval '30 minutes', 'custom', 'gp', $4) returning id`,
    [t.demo.orgId, siteId, startsAt, roomId],
  );
  return rows[0]?.id ?? '';
}

const offer = { service: 'gp', channel: 'in-person', slotMinutes: 10, visibility: 'organisation' };

describe('slots', () => {
  it('publishes, refuses a room in two places, searches by distance and withdraws only when empty', async () => {
    const room = await send('POST', '/api/rooms', { siteId, name: 'Slot Test Room' });
    const roomId = room.json<{ id: string }>().id;
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCHours(10, 0, 0, 0);
    const a = await session(startsAt.toISOString());
    const published = await send('POST', `/api/access/sessions/${a}/slots`, {
      offer: { ...offer, roomId },
    });
    expect(published.statusCode, published.body).toBe(201);
    const slots = published.json<{ slots: { id: string }[] }>().slots;
    expect(slots).toHaveLength(3);
    const twice = await send('POST', `/api/access/sessions/${a}/slots`, {});
    expect(twice.statusCode).toBe(409);
    const b = await session(new Date(startsAt.getTime() + 10 * 60_000).toISOString());
    const clash = await send('POST', `/api/access/sessions/${b}/slots`, {
      offer: { ...offer, roomId },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json<{ detail: string }>().detail).toMatch(
      /Room Slot Test Room at .* already in use/,
    );
    const noOffer = await send('POST', `/api/access/sessions/${b}/slots`, {});
    expect(noOffer.statusCode).toBe(409);
    expect(noOffer.json<{ detail: string }>().detail).toMatch(/offers no service/);
    const day = startsAt.toISOString().slice(0, 10);
    const found = await send(
      'GET',
      `/api/slots/search?from=${day}&to=${day}&patientId=${patientId}&maxKm=50`,
    );
    expect(found.statusCode, found.body).toBe(200);
    const view = found.json<{ slots: { id: string; distanceKm: number | null }[] }>().slots;
    expect(view.map((s) => s.id)).toEqual(expect.arrayContaining(slots.map((s) => s.id)));
    const held = await send('POST', `/api/slots/${slots[0]?.id ?? ''}/hold`);
    expect(held.statusCode).toBe(201);
    const booked = await send('POST', '/api/appointments', {
      holdId: held.json<{ id: string }>().id,
      patientId,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const refused = await send('DELETE', `/api/access/sessions/${a}/slots`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toMatch(/1 appointments are booked/);
    await send('POST', `/api/appointments/${booked.json<{ id: string }>().id}/cancel`, {
      reason: 'Session closed',
      patientTold: true,
    });
    const withdrawn = await send('DELETE', `/api/access/sessions/${a}/slots`);
    expect(withdrawn.json()).toEqual({ withdrawn: 3 });
  });

  it('names the field of bad input', async () => {
    const cases: [string, string][] = [
      ['/api/slots/search?from=2030-01-01&to=2030-06-01', 'querystring/to'],
      ['/api/slots/search?from=2030-01-01&to=2030-01-02&service=dentist', 'querystring/service'],
      ['/api/slots/search?from=2030-01-01&to=2030-01-02&maxKm=5', 'querystring/maxKm'],
      [
        '/api/slots/search?from=2030-01-01&to=2030-01-02&postcode=ZZ99%209ZZ',
        'querystring/postcode',
      ],
      ['/api/slots/search?from=2030-01-01&to=2030-01-02&patientId=nope', 'querystring/patientId'],
    ];
    for (const [url, field] of cases) {
      const response = await send('GET', url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.body).toContain(field);
    }
    const badOffer = await send(
      'POST',
      '/api/access/sessions/00000000-0000-4000-8000-000000000000/slots',
      {
        offer: { ...offer, slotMinutes: 2 },
      },
    );
    expect(badOffer.statusCode).toBe(400);
    expect(badOffer.body).toContain('body/offer/slotMinutes');
  });
});
