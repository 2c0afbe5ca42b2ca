import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RED_FLAG_ADVICE_TEXT, RED_FLAGS } from '@atscale/domain';
import { NO_MATCH_MESSAGE } from '@atscale/db';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { PUBLIC_SUBMISSIONS_PER_MINUTE } from './public-request-routes.js';

let t: TestApp;
let ods: string;
let patient: {
  id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string;
};

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ ods: string }>(
    'select ods_code as ods from practice where id = $1',
    [t.demo.practiceIds[0]],
  );
  ods = rows[0]?.ods ?? '';
  const found = await t.db.query<typeof patient>(
    `select id, nhs_number as "nhsNumber", given_name as "givenName", family_name as "familyName",
            date_of_birth::text as "dateOfBirth", postcode
       from patient where practice_id = $1 and postcode is not null and deregistered_on is null
      order by nhs_number limit 1`,
    [t.demo.practiceIds[0]],
  );
  patient = found.rows[0] ?? patient;
});
afterAll(() => t.close());

let address = 0;
/** Each test call comes from its own client address, so the rate limit is not in the way. */
const send = (url: string, payload?: object, remoteAddress = `10.0.0.${String(++address)}`) =>
  t.app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    remoteAddress,
    ...(payload ? { payload } : {}),
  });

const requestsOf = async (patientId: string) => {
  const { rows } = await t.db.query<{ n: number }>(
    'select count(*)::int as n from patient_request where patient_id = $1',
    [patientId],
  );
  return rows[0]?.n ?? 0;
};

describe('the public online form, with no sign-in', () => {
  it('shows the practice’s name and the red-flag questions, without a cookie', async () => {
    const response = await send(`/api/public/practices/${ods}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ name: string; redFlags: { id: string }[] }>();
    expect(body.redFlags.map((f) => f.id)).toEqual(RED_FLAGS.map((f) => f.id));
    expect(response.body).not.toContain(t.demo.orgId);
    expect(response.cookies).toEqual([]);
  });

  it('answers an unknown practice with 404 and a malformed code with 400', async () => {
    expect((await send('/api/public/practices/Z00000')).statusCode).toBe(404);
    const bad = await send('/api/public/practices/not-a-code');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('params/odsCode');
  });

  it('sends a red flag to 999 advice, keeps no identity and queues nothing', async () => {
    const before = await requestsOf(patient.id);
    const response = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: ['chest-pain'],
      nhsNumber: patient.nhsNumber,
      dateOfBirth: patient.dateOfBirth,
      kind: 'clinical',
      description: 'Pain in my chest',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      outcome: 'red-flag',
      advice: '999',
      adviceText: RED_FLAG_ADVICE_TEXT['999'],
    });
    expect(await requestsOf(patient.id)).toBe(before);
    const { rows } = await t.db.query<{ red_flags: string[] }>(
      'select red_flags from red_flag_redirect where practice_id = $1',
      [t.demo.practiceIds[0]],
    );
    expect(rows).toEqual([{ red_flags: ['chest-pain'] }]);
    // Nothing about the person reached the logs.
    expect(t.logs.join('\n')).not.toContain(patient.nhsNumber);
  });

  it('queues a request for the one matching patient and audits it', async () => {
    const before = await requestsOf(patient.id);
    const response = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      nhsNumber: patient.nhsNumber,
      dateOfBirth: patient.dateOfBirth,
      kind: 'clinical',
      description: 'A rash that will not go',
      preferredChannel: 'in-person',
    });
    expect(response.statusCode, response.body).toBe(201);
    const queued = response.json<{ outcome: string; reference: string }>();
    expect(queued.outcome).toBe('queued');
    expect(queued.reference).toMatch(/^[0-9A-F]{8}$/);
    expect(await requestsOf(patient.id)).toBe(before + 1);
    const { rows } = await t.db.query<{ action: string; user_id: string | null }>(
      `select action, user_id from audit_event
        where patient_id = $1 and entity_type = 'patient_request'`,
      [patient.id],
    );
    expect(rows).toEqual([{ action: 'request.create', user_id: null }]);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(patient.nhsNumber);
    expect(logs).not.toContain('A rash that will not go');
  });

  it('matches by name, date of birth and postcode', async () => {
    const response = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      givenName: patient.givenName.toLowerCase(),
      familyName: patient.familyName.toUpperCase(),
      dateOfBirth: patient.dateOfBirth,
      postcode: patient.postcode.toLowerCase(),
      kind: 'admin',
      adminType: 'fit-note',
      description: 'Fit note for work',
    });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('asks them to call the practice when the details match nobody, saying nothing more', async () => {
    const unknown = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      nhsNumber: patient.nhsNumber,
      dateOfBirth: '1901-01-01',
      kind: 'clinical',
      description: 'x',
    });
    const nobody = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      nhsNumber: '9990999996', // the other organisation's patient: not on this register
      dateOfBirth: '1970-01-01',
      kind: 'clinical',
      description: 'x',
    });
    for (const response of [unknown, nobody]) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'validation-failed',
        detail: NO_MATCH_MESSAGE,
      });
    }
    expect(unknown.json<{ errors?: unknown[] }>().errors ?? []).toEqual(
      nobody.json<{ errors?: unknown[] }>().errors ?? [],
    );
  });

  it('names each missing or malformed field', async () => {
    const missing = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      givenName: 'Ann',
    });
    expect(missing.statusCode).toBe(400);
    const fields = missing.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body/dateOfBirth',
        'body/familyName',
        'body/postcode',
        'body/kind',
        'body/description',
      ]),
    );
    const badNumber = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: [],
      nhsNumber: '12345',
      dateOfBirth: '1980-01-01',
      kind: 'clinical',
      description: 'x',
    });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body/nhsNumber',
    );
    const unknownFlag = await send(`/api/public/practices/${ods}/requests`, {
      redFlags: ['hiccups'],
    });
    expect(unknownFlag.statusCode).toBe(400);
    expect(unknownFlag.json<{ detail: string }>().detail).toContain('body/redFlags');
  });

  it('limits how often one address may send the form', async () => {
    const payload = { redFlags: ['severe-pain'] };
    const statuses: number[] = [];
    for (let i = 0; i <= PUBLIC_SUBMISSIONS_PER_MINUTE; i += 1) {
      statuses.push(
        (await send(`/api/public/practices/${ods}/requests`, payload, '10.9.9.9')).statusCode,
      );
    }
    expect(statuses.slice(0, PUBLIC_SUBMISSIONS_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
