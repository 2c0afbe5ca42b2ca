import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let navigator: string;
let siteId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string }>(
    'select id from site where practice_id = $1 order by is_main desc, id limit 1',
    [t.demo.practiceIds[0]],
  );
  siteId = rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('rooms', () => {
  it('adds, lists, renames and removes a room; refuses duplicates and bad input', async () => {
    const created = await send('POST', '/api/rooms', admin, { siteId, name: 'Treatment 1' });
    expect(created.statusCode, created.body).toBe(201);
    const room = created.json<{ id: string; name: string }>();
    const duplicate = await send('POST', '/api/rooms', admin, { siteId, name: 'Treatment 1' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ detail: string }>().detail).toMatch(/already has a room called/);
    const listed = await send('GET', `/api/rooms?siteId=${siteId}`, admin);
    expect(listed.json<{ rooms: { id: string }[] }>().rooms.map((r) => r.id)).toContain(room.id);
    const renamed = await send('PATCH', `/api/rooms/${room.id}`, admin, { name: 'Treatment 2' });
    expect(renamed.json<{ name: string }>().name).toBe('Treatment 2');
    const blank = await send('PATCH', `/api/rooms/${room.id}`, admin, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('body/name');
    const badSite = await send('POST', '/api/rooms', admin, { siteId: 'x', name: 'A' });
    expect(badSite.statusCode).toBe(400);
    expect(badSite.body).toContain('body/siteId');
    expect((await send('DELETE', `/api/rooms/${room.id}`, navigator)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/rooms/${room.id}`, admin)).statusCode).toBe(204);
  });
});
