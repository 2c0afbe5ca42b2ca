import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let clinician: string;
let navigator: string;
let otherAdmin: string;
let siteOfFirst: string;
let patientOfFirst: string;

interface TicketBody {
  id: string;
  number: number;
  status: string;
}

beforeAll(async () => {
  t = await createTestApp();
  const first = t.demo.practiceIds[0] ?? '';
  const site = await t.db.query<{ id: string }>(
    'select id from site where org_id = $1 and practice_id = $2 order by name limit 1',
    [t.demo.orgId, first],
  );
  siteOfFirst = site.rows[0]?.id ?? '';
  const patient = await t.db.query<{ id: string }>(
    'select id from patient where org_id = $1 and practice_id = $2 limit 1',
    [t.demo.orgId, first],
  );
  patientOfFirst = patient.rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  clinician = await t.signIn('clinician@atscale.test'); // practice 1
  navigator = await t.signIn('navigator@atscale.test'); // practice 2
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const send = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie: string | null,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload ? { payload } : {}),
  });

const queueBody = (name: string) => ({
  name,
  siteId: siteOfFirst,
  service: 'phlebotomy',
  minutesPerPatient: 5,
  open: true,
});

describe('walk-in routes', () => {
  it('runs a queue: tickets, live view, call next, outcome, public display', async () => {
    const created = await send('POST', '/api/walk-in/queues', admin, queueBody('Bloods'));
    expect(created.statusCode, created.body).toBe(201);
    const queueId = created.json<{ id: string }>().id;
    const url = `/api/walk-in/queues/${queueId}`;
    const first = await send('POST', `${url}/tickets`, clinician, { patientId: patientOfFirst });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.body).not.toContain(patientOfFirst);
    const second = await send('POST', `${url}/tickets`, clinician, {});
    expect(second.json<TicketBody>().number).toBe(2);

    const live = await send('GET', `${url}/live`, clinician);
    expect(live.json()).toMatchObject({
      waitingCount: 2,
      waiting: [
        { number: 1, position: 1, estimatedWaitMinutes: 0 },
        { number: 2, position: 2, estimatedWaitMinutes: 5 },
      ],
    });

    const called = await send('POST', `${url}/call-next`, clinician);
    expect(called.json<TicketBody>()).toMatchObject({ number: 1, status: 'called' });
    const display = await send('GET', `/api/public/walk-in/${queueId}/display`, null);
    expect(display.statusCode).toBe(200);
    expect(display.json()).toMatchObject({ calling: [1], waiting: [2], queueName: 'Bloods' });
    expect(display.body).not.toContain(patientOfFirst);

    const done = await send(
      'POST',
      `${url}/tickets/${called.json<TicketBody>().id}/outcome`,
      clinician,
      { outcome: 'done' },
    );
    expect(done.json<TicketBody>().status).toBe('done');
    const { rows } = await t.db.query<{ action: string; patientId: string | null }>(
      `select action, patient_id as "patientId" from audit_event
        where entity_id = $1 order by id`,
      [first.json<TicketBody>().id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'walk-in-ticket.create-for-patient',
      'walk-in-ticket.call',
      'walk-in-ticket.done',
    ]);
    expect(rows[0]?.patientId).toBe(patientOfFirst);
    expect(t.logs.join('\n')).not.toContain(patientOfFirst);

    // Two presses at once with one ticket waiting: one calls it, the other is told nobody waits.
    const presses = await Promise.all([
      send('POST', `${url}/call-next`, clinician),
      send('POST', `${url}/call-next`, admin),
    ]);
    expect(presses.map((p) => p.statusCode).sort()).toEqual([200, 409]);

    expect((await send('DELETE', url, admin)).statusCode).toBe(409);
  });

  it('refuses other practices and organisations', async () => {
    const queueId = (await send('POST', '/api/walk-in/queues', admin, queueBody('Guarded'))).json<{
      id: string;
    }>().id;
    const url = `/api/walk-in/queues/${queueId}`;
    expect((await send('POST', `${url}/tickets`, navigator, {})).statusCode).toBe(403);
    expect((await send('GET', `${url}/live`, navigator)).statusCode).toBe(403);
    expect((await send('POST', `${url}/call-next`, navigator)).statusCode).toBe(403);
    expect((await send('PUT', url, clinician, queueBody('Mine'))).statusCode).toBe(403);
    expect((await send('POST', '/api/walk-in/queues', navigator, queueBody('X'))).statusCode).toBe(
      403,
    );
    for (const [method, path] of [
      ['GET', `${url}/live`],
      ['POST', `${url}/call-next`],
      ['DELETE', url],
    ] as const) {
      const theirs = await send(method, path, otherAdmin);
      expect(theirs.statusCode, path).toBe(404);
      expect(theirs.body).not.toContain('Guarded');
    }
    const theirTicket = await send('POST', `${url}/tickets`, otherAdmin, {});
    expect(theirTicket.statusCode).toBe(404);
    const theirQueue = await send('POST', '/api/walk-in/queues', otherAdmin, queueBody('Theirs'));
    expect(theirQueue.statusCode).toBe(404);
    expect(theirQueue.json()).toMatchObject({ errors: [{ field: 'body/siteId' }] });
    expect((await send('GET', '/api/walk-in/queues', otherAdmin)).body).not.toContain('Guarded');
    expect((await send('GET', '/api/walk-in/queues', navigator)).body).not.toContain('Guarded');
  });

  it('names the field on bad input', async () => {
    const bad = await send('POST', '/api/walk-in/queues', admin, {
      ...queueBody('Bad'),
      minutesPerPatient: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('body/minutesPerPatient');
    const blank = await send('POST', '/api/walk-in/queues', admin, { ...queueBody('  ') });
    expect(blank.json()).toMatchObject({ errors: [{ field: 'body/name' }] });
    const queueId = (await send('POST', '/api/walk-in/queues', admin, queueBody('Inputs'))).json<{
      id: string;
    }>().id;
    const ticket = await send('POST', `/api/walk-in/queues/${queueId}/tickets`, admin, {
      patientId: 'nobody',
    });
    expect(ticket.json<{ detail: string }>().detail).toContain('body/patientId');
    const outcome = await send(
      'POST',
      `/api/walk-in/queues/${queueId}/tickets/${queueId}/outcome`,
      admin,
      { outcome: 'vanished' },
    );
    expect(outcome.json<{ detail: string }>().detail).toContain('body/outcome');
    expect((await send('GET', '/api/public/walk-in/nope/display', null)).statusCode).toBe(400);
    expect(
      (await send('GET', `/api/public/walk-in/${t.other.practiceId}/display`, null)).statusCode,
    ).toBe(404);
  });
});
