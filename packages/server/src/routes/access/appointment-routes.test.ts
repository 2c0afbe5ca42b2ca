import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let navigator: string;
let clinician: string;
let otherAdmin: string;
let first: string;
let second: string;
let mainSite: string;
let patientOfFirst: string;
let patientOfSecond: string;
let staffId: string;

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Slot {
  id: string;
  sessionId: string;
  placesLeft: number;
  startTime: string;
}
interface Appointment {
  id: string;
  status: string;
  slotId: string;
  patientId: string | null;
  holdExpiresAt: string | null;
}

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const future = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  const { rows: sites } = await t.db.query<{ id: string }>(
    'select id from site where practice_id = $1 order by is_main desc, id limit 1',
    [first],
  );
  mainSite = sites[0]?.id ?? '';
  const patients = async (practiceId: string) => {
    const { rows } = await t.db.query<{ id: string }>(
      'select id from patient where practice_id = $1 order by nhs_number limit 1',
      [practiceId],
    );
    return rows[0]?.id ?? '';
  };
  patientOfFirst = await patients(first);
  patientOfSecond = await patients(second);
  const { rows } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body)
     values ($1, 'Dr Booking Tester', 'gp', 'organisation') returning id`,
    [t.demo.orgId],
  );
  staffId = rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  navigator = await t.signIn('navigator@atscale.test'); // care navigator at practice 2
  clinician = await t.signIn('clinician@atscale.test'); // clinician at practice 1
  otherAdmin = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

/** A session at the first practice's main site, its slots published through the API. */
async function publish(startsAt: string, minutes: number, withStaff = true): Promise<Slot[]> {
  const endsAt = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
  const { rows } = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
     values ($1, $2, $3, $4, 'custom', 'gp') returning id`,
    [t.demo.orgId, mainSite, startsAt, endsAt],
  );
  const sessionId = rows[0]?.id ?? '';
  if (withStaff) {
    await t.db.query(
      'insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)',
      [t.demo.orgId, sessionId, staffId],
    );
  }
  const published = await send('POST', `/api/access/sessions/${sessionId}/slots`, admin, {
    offer: { service: 'gp', channel: 'in-person', slotMinutes: 10, visibility: 'practice' },
  });
  expect(published.statusCode, published.body).toBe(201);
  return published.json<{ slots: Slot[] }>().slots;
}

describe('booking over HTTP', () => {
  it('finds, holds, books, lists, cancels, rebooks and records the outcome', async () => {
    const [a, b] = await publish(future(2, 9), 20);
    const day = future(2).slice(0, 10);
    const search = await send(
      'GET',
      `/api/slots/search?from=${day}&to=${day}&service=gp&patientId=${patientOfFirst}`,
      clinician,
    );
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json<{ slots: Slot[] }>().slots.map((s) => s.id)).toEqual(
      expect.arrayContaining([a?.id, b?.id]),
    );
    const held = await send('POST', `/api/slots/${a?.id ?? ''}/hold`, clinician);
    expect(held.statusCode, held.body).toBe(201);
    const hold = held.json<Appointment>();
    expect(hold.status).toBe('held');
    const booked = await send('POST', '/api/appointments', clinician, {
      holdId: hold.id,
      patientId: patientOfFirst,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const again = await send('POST', '/api/appointments', clinician, {
      slotId: a?.id,
      patientId: patientOfFirst,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().detail).toMatch(/GP slot at .* (fully booked|just booked)/);
    const list = await send('GET', `/api/appointments?patientId=${patientOfFirst}`, clinician);
    expect(list.json<{ appointments: Appointment[] }>().appointments.map((x) => x.id)).toContain(
      hold.id,
    );
    const dayList = await send(
      'GET',
      `/api/appointments/day?staffId=${staffId}&date=${day}`,
      clinician,
    );
    expect(dayList.json<{ appointments: Appointment[] }>().appointments).toHaveLength(1);
    const moved = await send('POST', `/api/appointments/${hold.id}/rebook`, clinician, {
      slotId: b?.id,
      reason: 'Later suits',
      patientTold: true,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const movedId = moved.json<Appointment>().id;
    const outcome = await send('POST', `/api/appointments/${movedId}/outcome`, clinician, {
      outcome: 'attended',
    });
    expect(outcome.json<Appointment>().status).toBe('attended');
    const cancel = await send('POST', `/api/appointments/${movedId}/cancel`, clinician, {
      reason: 'Too late',
      patientTold: true,
    });
    expect(cancel.statusCode).toBe(409);
    // Another practice's navigator and another organisation get nothing.
    for (const cookie of [navigator, otherAdmin]) {
      const response = await send('GET', `/api/appointments/${movedId}`, cookie);
      expect(response.statusCode).toBe(404);
      const theirs = await send('GET', `/api/appointments?patientId=${patientOfFirst}`, cookie);
      expect(theirs.statusCode).toBe(404);
    }
    const crossPractice = await send('POST', '/api/appointments', navigator, {
      slotId: b?.id,
      patientId: patientOfSecond,
    });
    expect(crossPractice.statusCode).toBe(409);
    expect(crossPractice.json<Problem>().detail).toMatch(/only for patients of the practice/);
  });

  it('names the field of bad input on every booking route', async () => {
    const cases: [string, string, object | undefined, string][] = [
      ['POST', '/api/appointments', { slotId: 'nope', patientId: patientOfFirst }, 'body/slotId'],
      ['POST', '/api/appointments', { patientId: patientOfFirst }, 'body/slotId'],
      ['GET', '/api/slots/search?from=2030-01-01&to=2029-01-01', undefined, 'querystring/to'],
      ['GET', '/api/slots/search?from=2030-01-01', undefined, 'querystring/to'],
      ['GET', '/api/appointments/day?staffId=x&date=2030-01-01', undefined, 'querystring/staffId'],
      ['POST', '/api/slots/not-a-uuid/hold', undefined, 'params/slotId'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await send(method as 'GET' | 'POST', url, admin, payload);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(400);
      expect(JSON.stringify(response.json<Problem>().errors ?? [])).toContain(field);
    }
    const cancel = await send(
      'POST',
      '/api/appointments/00000000-0000-4000-8000-000000000000/cancel',
      admin,
      { reason: '', patientTold: true },
    );
    expect(cancel.statusCode).toBe(400);
    expect(JSON.stringify(cancel.json<Problem>().errors)).toContain('body/reason');
  });

  it('gives exactly one of 50 parallel HTTP bookings the last place', async () => {
    const [slot] = await publish(future(3, 10), 10, false);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));
    const base = `http://127.0.0.1:${String(port)}`;
    const statuses = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await fetch(`${base}/api/appointments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: admin, origin: base },
          body: JSON.stringify({ slotId: slot?.id, patientId: patientOfFirst }),
        });
        const body = (await response.json()) as Problem;
        return { status: response.status, detail: body.detail };
      }),
    );
    expect(statuses.filter((s) => s.status === 201)).toHaveLength(1);
    const refused = statuses.filter((s) => s.status === 409);
    expect(refused).toHaveLength(49);
    expect(refused[0]?.detail).toMatch(
      /GP slot at .* (was just booked by someone else|fully booked)/,
    );
    const { rows } = await t.db.query<{ taken: number; n: number }>(
      `select taken, (select count(*)::int from appointment where slot_id = $1) as n
         from slot where id = $1`,
      [slot?.id],
    );
    expect(rows).toEqual([{ taken: 1, n: 1 }]);
  });
});

describe('booking for a triaged request over HTTP (H-016)', () => {
  /** A request of the first practice's patient, triaged with the given outcome. */
  const triaged = async (outcome: string) => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient_request (org_id, practice_id, patient_id, channel, kind, description,
                                    status, urgency, outcome, claimed_at, triaged_at)
       values ($1, $2, $3, 'phone', 'clinical', 'Cough for a week', 'triaged', 'routine', $4,
               now(), now()) returning id`,
      [t.demo.orgId, first, patientOfFirst, outcome],
    );
    return rows[0]?.id ?? '';
  };

  it('refuses with 409 a slot in another channel than the triage outcome, saying what each is', async () => {
    const requestId = await triaged('telephone');
    const [slot] = await publish(future(40, 9), 10);
    const refused = await send('POST', '/api/appointments', clinician, {
      slotId: slot?.id,
      patientId: patientOfFirst,
      requestId,
    });
    expect(refused.statusCode, refused.body).toBe(409);
    const problem = refused.json<Problem>();
    expect(problem.detail).toMatch(
      /^The triage outcome "Telephone consultation" asks for a telephone slot, but this is an in-person GP slot at .*: choose a slot that fits, or give a reason to book this one anyway$/,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['body/outcomeOverrideReason']);
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from appointment where request_id = $1',
      [requestId],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('books a slot that fits the triage outcome', async () => {
    const requestId = await triaged('face-to-face-home');
    const [slot] = await publish(future(41, 9), 10);
    const booked = await send('POST', '/api/appointments', clinician, {
      slotId: slot?.id,
      patientId: patientOfFirst,
      requestId,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json<Appointment & { requestId: string }>().requestId).toBe(requestId);
  });

  it('books a slot that does not fit when the booker gives a reason, and audits it', async () => {
    const requestId = await triaged('video');
    const [slot] = await publish(future(42, 9), 10);
    const booked = await send('POST', '/api/appointments', clinician, {
      slotId: slot?.id,
      patientId: patientOfFirst,
      requestId,
      outcomeOverrideReason: 'Needs examining after all: GP agreed',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where entity_id = $1 and action = 'appointment.book'`,
      [booked.json<Appointment>().id],
    );
    expect(rows[0]?.reason).toBe('triage outcome override: Needs examining after all: GP agreed');
    const blank = await send('POST', '/api/appointments', clinician, {
      slotId: slot?.id,
      patientId: patientOfFirst,
      requestId,
      outcomeOverrideReason: '',
    });
    expect(blank.statusCode).toBe(400);
    expect(JSON.stringify(blank.json<Problem>().errors)).toContain('body/outcomeOverrideReason');
  });
});
