import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirResource as Resource, SearchsetBundle as Searchset } from '../../fhir/bundle.js';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let clinician: string;
let other: string;
let first: string;
let mainSite: string;
let patientOfFirst: string;
let patientOfSecond: string;
let staffId: string;

interface FhirSlot extends Resource {
  status: string;
  start: string;
  schedule: { reference: string };
}
interface FhirAppointment extends Resource {
  status: string;
  meta: { versionId: string };
  slot: { reference: string }[];
  extension: { url: string; valueReference?: { reference: string }; valueInstant?: string }[];
  participant: { actor: { reference: string } }[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
const call = (
  method: Method,
  url: string,
  cookie: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie,
      ...(payload !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    ...(payload !== undefined
      ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }
      : {}),
  });
const get = (url: string, cookie: string, headers: Record<string, string> = {}) =>
  call('GET', url, cookie, undefined, headers);

const parameters = (...parameter: object[]) => ({ resourceType: 'Parameters', parameter });
const ref = (name: string, reference: string) => ({ name, valueReference: { reference } });

/** $book of a hold for the first practice's patient. */
const bookHold = (cookie: string, holdId: string) =>
  call(
    'POST',
    '/fhir/R4/Appointment/$book',
    cookie,
    parameters(
      ref('appointment-reference', `Appointment/${holdId}`),
      ref('patient', `Patient/${patientOfFirst}`),
    ),
  );
const matches = (b: Searchset) => b.entry.filter((e) => e.search.mode === 'match');
const included = (b: Searchset) => b.entry.filter((e) => e.search.mode === 'include');

const day = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** A rota session of the test clinician at practice 1's main site, published as 10-minute slots. */
async function publish(
  startsAt: string,
  minutes: number,
): Promise<{ session: string; slots: string[] }> {
  const endsAt = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
  const { rows } = await t.db.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
     values ($1, $2, $3, $4, 'custom', 'gp') returning id`,
    [t.demo.orgId, mainSite, startsAt, endsAt],
  );
  const session = rows[0]?.id ?? '';
  await t.db.query(
    'insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)',
    [t.demo.orgId, session, staffId],
  );
  const published = await t.app.inject({
    method: 'POST',
    url: `/api/access/sessions/${session}/slots`,
    headers: { cookie: admin },
    payload: {
      offer: { service: 'gp', channel: 'in-person', slotMinutes: 10, visibility: 'practice' },
    },
  });
  expect(published.statusCode, published.body).toBe(201);
  return { session, slots: published.json<{ slots: { id: string }[] }>().slots.map((s) => s.id) };
}

/** An OperationOutcome with this status, valid FHIR. */
function expectOutcome(response: { statusCode: number; body: string }, status: number, what = '') {
  expect(response.statusCode, `${what} ${response.body}`).toBe(status);
  const outcome = JSON.parse(response.body) as Resource;
  expect(outcome.resourceType, what).toBe('OperationOutcome');
  assertValidFhir(outcome);
  return outcome;
}

beforeAll(async () => {
  warmFhirValidator([
    'Bundle',
    'Slot',
    'Schedule',
    'Appointment',
    'OperationOutcome',
    'Location',
    'Practitioner',
    'PractitionerRole',
    'HealthcareService',
  ]);
  t = await createTestApp();
  first = t.demo.practiceIds[0] ?? '';
  const second = t.demo.practiceIds[1] ?? '';
  const { rows: sites } = await t.db.query<{ id: string }>(
    'select id from site where practice_id = $1 order by is_main desc, id limit 1',
    [first],
  );
  mainSite = sites[0]?.id ?? '';
  const patient = async (practiceId: string) =>
    (
      await t.db.query<{ id: string }>(
        'select id from patient where practice_id = $1 order by nhs_number limit 1',
        [practiceId],
      )
    ).rows[0]?.id ?? '';
  patientOfFirst = await patient(first);
  patientOfSecond = await patient(second);
  const { rows } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body)
     values ($1, 'Dr Fhir Scheduling', 'gp', 'organisation') returning id`,
    [t.demo.orgId],
  );
  staffId = rows[0]?.id ?? '';
  admin = await t.signIn('demo@atscale.test');
  clinician = await t.signIn('clinician@atscale.test'); // clinician at practice 1
  other = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

describe('FHIR R4 scheduling: CapabilityStatement', () => {
  it('lists Schedule, Slot and Appointment with $find, $hold, $book, update and patch', async () => {
    const response = await get('/fhir/R4/metadata', '');
    const statement = JSON.parse(response.body) as {
      rest: {
        resource: {
          type: string;
          interaction: { code: string }[];
          operation?: { name: string; definition: string }[];
          versioning?: string;
          searchInclude?: string[];
        }[];
      }[];
    };
    assertValidFhir(statement);
    const resources = statement.rest[0]?.resource ?? [];
    expect(resources.map((r) => r.type)).toEqual(
      expect.arrayContaining(['Schedule', 'Slot', 'Appointment']),
    );
    const appointment = resources.find((r) => r.type === 'Appointment');
    expect(appointment?.operation?.map((o) => o.name)).toEqual(['find', 'hold', 'book']);
    expect(appointment?.operation?.[2]?.definition).toBe(
      'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-book',
    );
    expect(appointment?.interaction.map((i) => i.code)).toEqual(
      expect.arrayContaining(['update', 'patch']),
    );
    expect(appointment?.versioning).toBe('versioned-update');
    expect(resources.find((r) => r.type === 'Slot')?.searchInclude).toContain('Slot:schedule');
  });
});

describe('FHIR R4 scheduling: Slot and Schedule', () => {
  it('pages free slots in the database with next links, total and _include of schedule and actors', async () => {
    const { session, slots } = await publish(day(3, 9), 60);
    const date = day(3).slice(0, 10);
    const url =
      `/fhir/R4/Slot?status=free&start=ge${date}&start=le${date}` +
      `&schedule.actor=Practitioner/${staffId}&service-type=gp&_count=2` +
      '&_include=Slot:schedule&_include:iterate=Schedule:actor';
    const response = await get(url, admin);
    expect(response.statusCode, response.body).toBe(200);
    const page = JSON.parse(response.body) as Searchset;
    assertValidFhir(page);
    expect(page.total).toBe(6);
    expect(matches(page).map((e) => e.resource.id)).toEqual(slots.slice(0, 2));
    const slot = matches(page)[0]?.resource as FhirSlot;
    expect(slot).toMatchObject({
      status: 'free',
      schedule: { reference: `Schedule/${session}` },
      serviceType: [{ coding: [{ code: 'gp' }] }],
      extension: [
        {
          url: 'https://atscale.example/fhir/StructureDefinition/delivery-channel',
          valueCoding: { code: 'in-person' },
        },
      ],
    });
    const includes = included(page).map((e) => `${e.resource.resourceType}/${e.resource.id ?? ''}`);
    // Every actor of the Schedule is included once, as its own read shows it.
    expect(includes.sort()).toEqual(
      [
        `Schedule/${session}`,
        `Location/${mainSite}`,
        `Practitioner/${staffId}`,
        `PractitionerRole/${staffId}`,
        'HealthcareService/gp',
      ].sort(),
    );
    for (const entry of included(page)) {
      assertValidFhir(entry.resource);
      if (entry.resource.resourceType === 'Schedule') continue;
      const own = await get(
        `/fhir/R4/${entry.resource.resourceType}/${entry.resource.id ?? ''}`,
        admin,
      );
      expect(own.statusCode, own.body).toBe(200);
      expect(entry.resource).toEqual(JSON.parse(own.body));
    }
    const schedule = included(page).find((e) => e.resource.resourceType === 'Schedule')?.resource;
    expect(JSON.stringify(schedule?.actor)).toContain(`Practitioner/${staffId}`);
    const next = page.link.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toContain('_offset=2');
    const second = JSON.parse(
      (await get(new URL(next).pathname + new URL(next).search, admin)).body,
    ) as Searchset;
    assertValidFhir(second);
    expect(matches(second).map((e) => e.resource.id)).toEqual(slots.slice(2, 4));
    const last = JSON.parse((await get(`${url}&_offset=4`, admin)).body) as Searchset;
    expect(matches(last).map((e) => e.resource.id)).toEqual(slots.slice(4, 6));
    expect(last.link.some((l) => l.relation === 'next')).toBe(false);
    // Narrower instants than days are honoured in the database too.
    const narrow = JSON.parse(
      (
        await get(
          `/fhir/R4/Slot?schedule.actor=Practitioner/${staffId}&start=ge${day(3, 9).replace('.000', '')}&start=lt${new Date(Date.parse(day(3, 9)) + 20 * 60_000).toISOString()}`,
          admin,
        )
      ).body,
    ) as Searchset;
    expect(narrow.total).toBe(2);

    const read = await get(`/fhir/R4/Slot/${slots[0] ?? ''}`, admin);
    expect(read.statusCode).toBe(200);
    assertValidFhir(JSON.parse(read.body));
    const scheduleRead = await get(`/fhir/R4/Schedule/${session}`, admin);
    expect(scheduleRead.statusCode, scheduleRead.body).toBe(200);
    const readSchedule = JSON.parse(scheduleRead.body) as Resource;
    assertValidFhir(readSchedule);
    expect(readSchedule.planningHorizon).toMatchObject({ start: day(3, 9) });
    const schedules = JSON.parse(
      (
        await get(
          `/fhir/R4/Schedule?actor=Practitioner/${staffId}&date=ge${date}&date=le${date}`,
          admin,
        )
      ).body,
    ) as Searchset;
    assertValidFhir(schedules);
    expect(matches(schedules).map((e) => e.resource.id)).toEqual([session]);
  });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lastUpdated = (r: Resource) => (r.meta as { lastUpdated?: string } | undefined)?.lastUpdated;

describe('FHIR R4 scheduling: meta.lastUpdated and _lastUpdated', () => {
  it('moves a slot’s and an appointment’s lastUpdated on change, and _lastUpdated=gt finds them', async () => {
    const { session, slots } = await publish(day(6, 9), 30);
    const [firstSlot = '', ...others] = slots;
    const slotRead = JSON.parse((await get(`/fhir/R4/Slot/${firstSlot}`, admin)).body) as Resource;
    const published = lastUpdated(slotRead) ?? '';
    expect(Date.parse(published)).toBeLessThanOrEqual(Date.now());
    await pause(20);
    const before = new Date().toISOString();
    await pause(20);
    const bySchedule = `/fhir/R4/Slot?schedule=Schedule/${session}&status=free,busy`;
    const changedSince = async (url: string) => {
      const response = await get(url, admin);
      expect(response.statusCode, response.body).toBe(200);
      const bundle = JSON.parse(response.body) as Searchset;
      assertValidFhir(bundle);
      return matches(bundle).map((e) => e.resource.id);
    };
    expect(await changedSince(`${bySchedule}&_lastUpdated=gt${before}`)).toEqual([]);

    // A hold takes a place: the slot row changes, and so does its lastUpdated.
    const held = await call(
      'POST',
      '/fhir/R4/Appointment/$hold',
      admin,
      parameters(ref('slot', `Slot/${firstSlot}`)),
    );
    expect(held.statusCode, held.body).toBe(200);
    const hold = JSON.parse(held.body) as FhirAppointment;
    assertValidFhir(hold);
    const changed = JSON.parse((await get(`/fhir/R4/Slot/${firstSlot}`, admin)).body) as Resource;
    assertValidFhir(changed);
    expect(Date.parse(lastUpdated(changed) ?? '')).toBeGreaterThan(Date.parse(before));
    expect(await changedSince(`${bySchedule}&_lastUpdated=gt${before}`)).toEqual([firstSlot]);
    expect(await changedSince(`${bySchedule}&_lastUpdated=le${before}`)).toEqual(others);
    expect(
      await changedSince(`${bySchedule}&_lastUpdated=ge${before}&_lastUpdated=lt${day(7)}`),
    ).toEqual([firstSlot]);

    // Booking the hold changes the appointment: its lastUpdated moves past the hold's.
    const holdUpdated = lastUpdated(hold) ?? '';
    await pause(20);
    const beforeBooking = new Date().toISOString();
    await pause(20);
    const booked = await bookHold(admin, hold.id ?? '');
    expect(booked.statusCode, booked.body).toBe(201);
    const appointment = JSON.parse(booked.body) as FhirAppointment;
    assertValidFhir(appointment);
    expect(Date.parse(lastUpdated(appointment) ?? '')).toBeGreaterThan(Date.parse(holdUpdated));
    const byPatient = `/fhir/R4/Appointment?patient=Patient/${patientOfFirst}`;
    expect(await changedSince(`${byPatient}&_lastUpdated=gt${beforeBooking}`)).toEqual([hold.id]);
    expect(await changedSince(`${byPatient}&_lastUpdated=le${beforeBooking}`)).not.toContain(
      hold.id,
    );
    // ne has no single range for the database: refused, naming the parameter.
    const ne = expectOutcome(await get(`${bySchedule}&_lastUpdated=ne${before}`, admin), 400);
    expect(JSON.stringify(ne)).toContain('_lastUpdated');
  });
});

describe('FHIR R4 scheduling: find, hold, book and cancel', () => {
  it('finds proposed appointments, holds, books (201, ETag), reads, searches and cancels with If-Match', async () => {
    const { slots } = await publish(day(4, 10), 30);
    const found = await call(
      'POST',
      '/fhir/R4/Appointment/$find',
      clinician,
      parameters(
        { name: 'start', valueDate: day(4).slice(0, 10) },
        { name: 'end', valueDate: day(4).slice(0, 10) },
        { name: 'service-type', valueCode: 'gp' },
        ref('practitioner', `Practitioner/${staffId}`),
        ref('patient', `Patient/${patientOfFirst}`),
      ),
    );
    expect(found.statusCode, found.body).toBe(200);
    const proposals = JSON.parse(found.body) as Searchset;
    assertValidFhir(proposals);
    expect(proposals.total).toBe(3);
    const proposal = matches(proposals)[0]?.resource as FhirAppointment;
    expect(proposal).toMatchObject({
      status: 'proposed',
      slot: [{ reference: `Slot/${slots[0] ?? ''}` }],
    });
    // A proposal is not stored (IHE): no id and no fullUrl, yet valid R4 on its own, and as
    // new as the slot it offers.
    assertValidFhir(proposal);
    expect(proposal.id).toBeUndefined();
    expect(matches(proposals)[0]?.fullUrl).toBeUndefined();
    const offered = JSON.parse(
      (await get(`/fhir/R4/Slot/${slots[0] ?? ''}`, clinician)).body,
    ) as Resource;
    expect(lastUpdated(proposal)).toBe(lastUpdated(offered));

    const held = await call(
      'POST',
      '/fhir/R4/Appointment/$hold',
      clinician,
      parameters({ name: 'appointment-resource', resource: proposal }),
    );
    expect(held.statusCode, held.body).toBe(200);
    const hold = JSON.parse(held.body) as FhirAppointment;
    assertValidFhir(hold);
    expect(hold.status).toBe('pending');
    const expiry = hold.extension.find((e) => e.url.endsWith('/hold-expires'))?.valueInstant ?? '';
    expect(Date.parse(expiry)).toBeGreaterThan(Date.now());
    const busy = JSON.parse(
      (await get(`/fhir/R4/Slot/${slots[0] ?? ''}`, clinician)).body,
    ) as FhirSlot;
    expect(busy.status).toBe('busy');

    const booked = await bookHold(clinician, hold.id ?? '');
    expect(booked.statusCode, booked.body).toBe(201);
    const appointment = JSON.parse(booked.body) as FhirAppointment;
    assertValidFhir(appointment);
    expect(appointment).toMatchObject({ id: hold.id, status: 'booked' });
    expect(appointment.participant.map((p) => p.actor.reference)).toEqual([
      `Patient/${patientOfFirst}`,
      `Practitioner/${staffId}`,
      `Location/${mainSite}`,
    ]);
    // The clinician's only grant is at practice 1: the booking organisation is that practice.
    expect(
      appointment.extension.find((e) => e.url.endsWith('/booking-organisation'))?.valueReference,
    ).toEqual({ reference: `Organization/${first}` });
    // A member of staff booked it, though through the FHIR API: not another system.
    const via = await t.db.query<{ booked_via: string }>(
      'select booked_via from appointment where id = $1',
      [hold.id],
    );
    expect(via.rows[0]?.booked_via).toBe('app');
    const tag = booked.headers.etag;
    expect(tag).toBe(`W/"${appointment.meta.versionId}"`);
    expect(booked.headers.location).toMatch(
      new RegExp(`/fhir/R4/Appointment/${hold.id ?? ''}/_history/`),
    );

    const read = await get(`/fhir/R4/Appointment/${hold.id ?? ''}`, clinician);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe(tag);
    assertValidFhir(JSON.parse(read.body));
    const mine = JSON.parse(
      (await get(`/fhir/R4/Appointment?patient=Patient/${patientOfFirst}&status=booked`, clinician))
        .body,
    ) as Searchset;
    assertValidFhir(mine);
    expect(matches(mine).map((e) => e.resource.id)).toContain(hold.id);

    const patch = [{ op: 'replace', path: '/status', value: 'cancelled' }];
    const patchHeaders = (version: string) => ({
      'content-type': 'application/json-patch+json',
      'if-match': `W/"${version}"`,
    });
    const stale = await call(
      'PATCH',
      `/fhir/R4/Appointment/${hold.id ?? ''}`,
      clinician,
      patch,
      patchHeaders('1'),
    );
    expectOutcome(stale, 412, 'stale If-Match');
    const cancelled = await call(
      'PATCH',
      `/fhir/R4/Appointment/${hold.id ?? ''}`,
      clinician,
      patch,
      patchHeaders(appointment.meta.versionId),
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const gone = JSON.parse(cancelled.body) as FhirAppointment;
    assertValidFhir(gone);
    expect(gone).toMatchObject({
      status: 'cancelled',
      cancelationReason: { text: 'Cancelled through the FHIR API' },
    });
    expect(cancelled.headers.etag).not.toBe(tag);
    const again = await call('PATCH', `/fhir/R4/Appointment/${hold.id ?? ''}`, clinician, patch, {
      'content-type': 'application/json-patch+json',
    });
    expectOutcome(again, 409, 'cancelled twice');
    const free = JSON.parse(
      (await get(`/fhir/R4/Slot/${slots[0] ?? ''}`, clinician)).body,
    ) as FhirSlot;
    expect(free.status).toBe('free');

    // A free slot booked directly, then cancelled by PUT: other changes are refused.
    const direct = await call(
      'POST',
      '/fhir/R4/Appointment/$book',
      clinician,
      parameters(
        ref('slot', `Slot/${slots[1] ?? ''}`),
        ref('patient', `Patient/${patientOfFirst}`),
      ),
    );
    expect(direct.statusCode, direct.body).toBe(201);
    const second = JSON.parse(direct.body) as FhirAppointment;
    const moved = await call('PUT', `/fhir/R4/Appointment/${second.id ?? ''}`, clinician, {
      ...second,
      status: 'cancelled',
      start: day(5, 10),
    });
    expectOutcome(moved, 422, 'PUT changing the start');
    const rebooked = await call('PUT', `/fhir/R4/Appointment/${second.id ?? ''}`, clinician, {
      ...second,
      status: 'booked',
    });
    expectOutcome(rebooked, 422, 'PUT of another status');
    const put = await call(
      'PUT',
      `/fhir/R4/Appointment/${second.id ?? ''}`,
      clinician,
      { ...second, status: 'cancelled', cancelationReason: { text: 'Patient rang 111 to cancel' } },
      { 'if-match': direct.headers.etag as string },
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(JSON.parse(put.body)).toMatchObject({
      status: 'cancelled',
      cancelationReason: { text: 'Patient rang 111 to cancel' },
    });
  });

  it('gives exactly one of 8 parallel $book calls for one slot, the rest 409 OperationOutcome', async () => {
    const { slots } = await publish(day(6, 11), 10);
    const body = parameters(
      ref('slot', `Slot/${slots[0] ?? ''}`),
      ref('patient', `Patient/${patientOfFirst}`),
    );
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/fhir/R4/Appointment/$book', admin, body)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([
      201, 409, 409, 409, 409, 409, 409, 409,
    ]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) {
      const outcome = expectOutcome(refused, 409);
      expect(JSON.stringify(outcome)).toContain('conflict');
    }
    const { rows } = await t.db.query<{ taken: number; n: number }>(
      `select taken, (select count(*)::int from appointment where slot_id = $1 and status = 'booked') as n
         from slot where id = $1`,
      [slots[0]],
    );
    expect(rows[0]).toEqual({ taken: 1, n: 1 });
  });

  it('refuses booking rules with 422: another practice’s patient, a slot already started', async () => {
    const { slots } = await publish(day(7, 12), 10);
    const refused = await call(
      'POST',
      '/fhir/R4/Appointment/$book',
      admin,
      parameters(
        ref('slot', `Slot/${slots[0] ?? ''}`),
        ref('patient', `Patient/${patientOfSecond}`),
      ),
    );
    const outcome = expectOutcome(refused, 422, 'visibility');
    expect(JSON.stringify(outcome)).toContain('business-rule');
    // H-016: a request triaged to a telephone consultation does not fit an in-person slot.
    const { rows } = await t.db.query<{ id: string }>(
      `insert into patient_request (org_id, practice_id, patient_id, channel, kind, description,
                                    status, urgency, outcome, claimed_at, triaged_at)
       values ($1, $2, $3, 'phone', 'clinical', 'Cough for a week', 'triaged', 'routine',
               'telephone', now(), now()) returning id`,
      [t.demo.orgId, first, patientOfFirst],
    );
    const request = rows[0]?.id ?? '';
    const forRequest = (...extra: object[]) =>
      parameters(
        ref('slot', `Slot/${slots[0] ?? ''}`),
        ref('patient', `Patient/${patientOfFirst}`),
        ref('based-on', `ServiceRequest/${request}`),
        ...extra,
      );
    const unfit = await call('POST', '/fhir/R4/Appointment/$book', admin, forRequest());
    expect(JSON.stringify(expectOutcome(unfit, 422, 'outcome fit'))).toContain(
      'Telephone consultation',
    );
    const { rows: after } = await t.db.query<{ taken: number }>(
      'select taken from slot where id = $1',
      [slots[0]],
    );
    expect(after[0]?.taken).toBe(0);
    const anyway = await call(
      'POST',
      '/fhir/R4/Appointment/$book',
      admin,
      forRequest({ name: 'outcome-override-reason', valueString: 'Patient cannot use a phone' }),
    );
    expect(anyway.statusCode, anyway.body).toBe(201);
    const past = await publish(
      new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 14) + '00:00.000Z',
      10,
    );
    const late = await call(
      'POST',
      '/fhir/R4/Appointment/$hold',
      admin,
      parameters(ref('slot', `Slot/${past.slots[0] ?? ''}`)),
    );
    expectOutcome(late, 422, 'past slot');
  });
});

describe('FHIR R4 scheduling: bad input and tenancy', () => {
  it('answers malformed Parameters, patches, ids, dates and If-Match with 4xx OperationOutcome, never 500', async () => {
    const { slots } = await publish(day(8, 9), 10);
    const ops = ['$find', '$hold', '$book'];
    for (const op of ops) {
      const url = `/fhir/R4/Appointment/${op}`;
      expectOutcome(await call('POST', url, admin, '{"resourceType": '), 400, `${op} bad JSON`);
      expectOutcome(
        await call('POST', url, admin, { resourceType: 'Patient' }),
        400,
        `${op} not Parameters`,
      );
      expectOutcome(
        await call('POST', url, admin, { resourceType: 'Parameters', parameter: 'x' }),
        400,
        `${op} parameter not an array`,
      );
      expectOutcome(
        await call(
          'POST',
          url,
          admin,
          parameters(
            { name: 'start', valueDate: '2026-01-01' },
            { name: 'start', valueDate: '2026-01-02' },
          ),
        ),
        400,
        `${op} a parameter twice`,
      );
    }
    for (const [body, what] of [
      [parameters({ name: 'start', valueDate: 'tomorrow' }), 'bad start'],
      [parameters({ name: 'service-type', valueCode: 'astrology' }), 'bad service'],
      [parameters(ref('practitioner', 'Practitioner/not-a-uuid')), 'bad practitioner'],
      [
        parameters(
          { name: 'start', valueDate: '2026-01-01' },
          { name: 'end', valueDate: '2026-12-31' },
        ),
        'too long',
      ],
      [parameters({ name: '_count', valueInteger: 0 }), 'bad count'],
    ] as const) {
      expectOutcome(await call('POST', '/fhir/R4/Appointment/$find', admin, body), 400, what);
    }
    expectOutcome(
      await call('POST', '/fhir/R4/Appointment/$hold', admin, parameters()),
      400,
      'no slot',
    );
    expectOutcome(
      await call('POST', '/fhir/R4/Appointment/$hold', admin, parameters(ref('slot', 'Slot/42'))),
      400,
      'bad slot ref',
    );
    expectOutcome(
      await call(
        'POST',
        '/fhir/R4/Appointment/$book',
        admin,
        parameters(ref('slot', `Slot/${slots[0] ?? ''}`)),
      ),
      400,
      'no patient',
    );
    expectOutcome(
      await call(
        'POST',
        '/fhir/R4/Appointment/$hold',
        admin,
        parameters(ref('slot', 'Slot/00000000-0000-4000-8000-000000000000')),
      ),
      404,
      'unknown slot',
    );
    const held = JSON.parse(
      (
        await call(
          'POST',
          '/fhir/R4/Appointment/$hold',
          admin,
          parameters(ref('slot', `Slot/${slots[0] ?? ''}`)),
        )
      ).body,
    ) as FhirAppointment;
    const url = `/fhir/R4/Appointment/${held.id ?? ''}`;
    const jsonPatch = { 'content-type': 'application/json-patch+json' };
    expectOutcome(
      await call('PATCH', url, admin, { op: 'replace' }, jsonPatch),
      400,
      'patch not an array',
    );
    expectOutcome(
      await call('PATCH', url, admin, [{ op: 'jump', path: '/status' }], jsonPatch),
      400,
      'bad op',
    );
    expectOutcome(await call('PATCH', url, admin, '[{"op": ', jsonPatch), 400, 'patch bad JSON');
    expectOutcome(
      await call(
        'PATCH',
        url,
        admin,
        [{ op: 'replace', path: '/start', value: day(9) }],
        jsonPatch,
      ),
      422,
      'patch of the start',
    );
    expectOutcome(
      await call('PATCH', url, admin, [{ op: 'replace', path: '/status', value: 'cancelled' }]),
      415,
      'patch as FHIR JSON',
    );
    expectOutcome(
      await call('PATCH', url, admin, [{ op: 'replace', path: '/status', value: 'cancelled' }], {
        ...jsonPatch,
        'if-match': 'yesterday',
      }),
      400,
      'bad If-Match',
    );
    expectOutcome(
      await call('PUT', url, admin, { resourceType: 'Appointment', id: 'x', status: 'cancelled' }),
      400,
      'PUT id',
    );
    expectOutcome(
      await call('PUT', url, admin, { resourceType: 'Slot' }),
      400,
      'PUT not an Appointment',
    );
    for (const [search, status] of [
      ['/fhir/R4/Slot?start=ge2026-13-01', 400],
      ['/fhir/R4/Slot?start=nonsense', 400],
      ['/fhir/R4/Slot?start=ne2026-01-01', 400],
      ['/fhir/R4/Slot?start=ge2026-01-01&start=le2026-12-31', 400],
      ['/fhir/R4/Slot?status=open', 400],
      ['/fhir/R4/Slot?service-type=astrology', 400],
      ['/fhir/R4/Slot?schedule.actor=Patient/1', 400],
      ['/fhir/R4/Slot?_count=1000', 400],
      ['/fhir/R4/Appointment?status=happy', 400],
      ['/fhir/R4/Appointment?patient=Slot/1', 400],
      ['/fhir/R4/Appointment?date=tuesday', 400],
      ['/fhir/R4/Schedule?actor=Patient/1', 400],
      ['/fhir/R4/Slot/not-a-uuid', 404],
      ['/fhir/R4/Schedule/00000000-0000-4000-8000-000000000000', 404],
      ['/fhir/R4/Appointment/00000000-0000-4000-8000-000000000000', 404],
    ] as const) {
      expectOutcome(await get(search, admin), status, search);
    }
    const strict = await get('/fhir/R4/Slot?_include=Slot:nothing', admin, {
      prefer: 'handling=strict',
    });
    expectOutcome(strict, 400, 'unknown _include when strict');
    const unknownId = JSON.parse(
      (await get('/fhir/R4/Slot?schedule.actor=Practitioner/not-one-of-ours', admin)).body,
    ) as Searchset;
    expect(unknownId.total).toBe(0);
  });

  it('shows another organisation none of the demo’s slots, schedules or appointments', async () => {
    const { session, slots } = await publish(day(9, 14), 10);
    const booked = await call(
      'POST',
      '/fhir/R4/Appointment/$book',
      admin,
      parameters(
        ref('slot', `Slot/${slots[0] ?? ''}`),
        ref('patient', `Patient/${patientOfFirst}`),
      ),
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const id = (JSON.parse(booked.body) as FhirAppointment).id ?? '';
    const { slots: free } = await publish(day(9, 15), 10);
    expectOutcome(await get(`/fhir/R4/Slot/${free[0] ?? ''}`, other), 404);
    expectOutcome(await get(`/fhir/R4/Schedule/${session}`, other), 404);
    expectOutcome(await get(`/fhir/R4/Appointment/${id}`, other), 404);
    for (const url of [
      '/fhir/R4/Slot?status=free,busy',
      '/fhir/R4/Appointment',
      '/fhir/R4/Schedule',
    ]) {
      const theirs = await get(url, other);
      expect(theirs.statusCode, url).toBe(200);
      for (const own of [session, id, slots[0] ?? '', free[0] ?? '', t.demo.orgId]) {
        expect(theirs.body, url).not.toContain(own);
      }
    }
    expectOutcome(
      await call(
        'POST',
        '/fhir/R4/Appointment/$hold',
        other,
        parameters(ref('slot', `Slot/${free[0] ?? ''}`)),
      ),
      404,
    );
    expectOutcome(
      await call(
        'POST',
        '/fhir/R4/Appointment/$book',
        other,
        parameters(
          ref('slot', `Slot/${free[0] ?? ''}`),
          ref('patient', `Patient/${patientOfFirst}`),
        ),
      ),
      404,
    );
    expectOutcome(
      await call(
        'PATCH',
        `/fhir/R4/Appointment/${id}`,
        other,
        [{ op: 'replace', path: '/status', value: 'cancelled' }],
        {
          'content-type': 'application/json-patch+json',
        },
      ),
      404,
    );
    const still = JSON.parse(
      (await get(`/fhir/R4/Appointment/${id}`, admin)).body,
    ) as FhirAppointment;
    expect(still.status).toBe('booked');
    // The demo's own users see what the other organisation cannot, so the test can fail.
    expect((await get(`/fhir/R4/Slot/${free[0] ?? ''}`, admin)).statusCode).toBe(200);
  });
});
