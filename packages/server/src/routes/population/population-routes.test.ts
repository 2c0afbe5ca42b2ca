import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { olderPatients, severeFrailtyCsv } from './population-test-data.js';

let t: TestApp;
let analyst: string;
let clinician: string;
let navigator: string;
let otherAdmin: string;
let frail: { id: string; nhsNumber: string }[];
const ON = '2026-06-30';

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.signIn('demo@atscale.test'); // central operations and org admin
  clinician = await t.signIn('clinician@atscale.test'); // practice 1
  navigator = await t.signIn('navigator@atscale.test'); // practice 2
  otherAdmin = await t.signIn(t.other.adminEmail);
  frail = await olderPatients(t.db, t.demo.practiceIds[0] ?? '', ON, 2);
});
afterAll(() => t.close());

const upload = (cookie: string, body: string, type = 'text/csv', fileName = 'extract.csv') =>
  t.app.inject({
    method: 'POST',
    url: `/api/population/imports?fileName=${fileName}`,
    payload: body,
    headers: { cookie, 'content-type': type },
  });
const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });
const entries = async () =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from coded_entry')).rows[0]?.n;

describe('population routes', () => {
  it('imports an uploaded CSV once, and refuses a bad one whole, naming its line', async () => {
    expect(frail).toHaveLength(2);
    const csv = await severeFrailtyCsv(frail.map((p) => p.nhsNumber));
    const first = await upload(analyst, csv);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ entries: 26, unknownPatients: 0, alreadyImported: false });
    const again = await upload(analyst, csv, 'text/csv', 'renamed.csv');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ alreadyImported: true, entries: 0 });

    const before = await entries();
    const bad = await upload(
      analyst,
      `${csv}${frail[0]?.nhsNumber ?? ''},http://snomed.info/sct,1,2020-01-01\n`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation-failed' });
    expect(bad.json<{ detail: string }>().detail).toMatch(/^body: line 28: code: /);
    expect(await entries()).toBe(before);
  });

  it('reads NDJSON uploads, and refuses other media types (400) and non-analysts (403)', async () => {
    const resource = JSON.stringify({
      resourceType: 'Observation',
      subject: {
        identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: frail[0]?.nhsNumber },
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '89362005' }] },
      effectiveDateTime: '2019-05-05T09:00:00+01:00',
    });
    const ok = await upload(analyst, `${resource}\n`, 'application/fhir+ndjson', 'obs.ndjson');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ entries: 1 });
    for (const [body, type] of [
      ['x', 'text/plain'],
      ['{"a":1}', 'application/json'],
    ] as const) {
      const refused = await upload(analyst, body, type);
      expect(refused.statusCode, type).toBe(400);
      expect(refused.json()).toMatchObject({
        errors: [{ field: 'body', message: 'must be application/x-ndjson or text/csv' }],
      });
    }
    expect((await upload(navigator, resource, 'application/x-ndjson', 'n.ndjson')).statusCode).toBe(
      403,
    );
    // Another organisation's analyst imports into their own register, where nobody matches.
    const theirs = await upload(otherAdmin, resource, 'application/x-ndjson', 'n.ndjson');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json()).toMatchObject({ entries: 0, unknownPatients: 1 });
  });

  it('scores, summarises by practice, and gives the worklist and detail only to those allowed', async () => {
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/population/frailty-runs',
      payload: { on: ON },
      headers: { cookie: analyst },
    });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({ scoredOn: ON, codeListVersion: 'atscale-public-2026.11' });

    const all = await get('/api/population/frailty', analyst);
    expect(all.statusCode).toBe(200);
    const practices = all.json<{
      practices: { practiceId: string; byCategory: { severe: number } }[];
    }>().practices;
    expect(practices.find((p) => p.practiceId === t.demo.practiceIds[0])?.byCategory.severe).toBe(
      2,
    );
    expect(all.body).not.toContain(frail[0]?.nhsNumber);
    const own = await get('/api/population/frailty', clinician);
    expect(
      own.json<{ practices: { practiceId: string }[] }>().practices.map((p) => p.practiceId),
    ).toEqual([t.demo.practiceIds[0]]);

    const worklist = `/api/population/practices/${t.demo.practiceIds[0] ?? ''}/frailty-worklist`;
    const mine = await get(`${worklist}?reason=frailty%20clinic`, clinician);
    expect(mine.statusCode).toBe(200);
    const listed = mine.json<{ patients: { patientId: string; category: string }[] }>().patients;
    expect(listed.map((p) => [p.patientId, p.category])).toEqual(
      frail.map((p) => [p.id, 'severe']),
    );
    expect((await get(worklist, navigator)).statusCode).toBe(403);
    expect((await get(worklist, otherAdmin)).statusCode).toBe(404);

    const detail = `/api/population/patients/${frail[0]?.id ?? ''}/frailty`;
    const shown = await get(detail, clinician);
    expect(shown.statusCode).toBe(200);
    const body = shown.json<{
      score: { deficitCount: number };
      deficits: { evidence: { date: string }[] }[];
    }>();
    expect(body.score.deficitCount).toBe(14); // 13 coded, and weight loss from the observation
    expect(body.deficits[0]?.evidence[0]?.date).toBe('2020-01-01');
    for (const cookie of [navigator, otherAdmin]) {
      const refused = await get(detail, cookie);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain(frail[0]?.nhsNumber);
    }
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where patient_id = $1 and action like 'frailty.%' order by id`,
      [frail[0]?.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'frailty.worklist',
      'frailty.read',
      'frailty.read-refused',
    ]);
  });

  it('loads a licensed list for an administrator only, naming a bad code', async () => {
    const lists = await get('/api/population/code-lists', analyst);
    expect(lists.statusCode).toBe(200);
    const send = (cookie: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/code-lists',
        payload,
        headers: { cookie },
      });
    const deficits = { falls: [{ code: '161898005', term: 'typo' }] };
    const bad = await send(analyst, {
      name: 'Leeds',
      version: 'x',
      source: 's',
      licence: 'l',
      deficits,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors).toContainEqual(
      expect.objectContaining({ field: 'body/deficits/falls/0/code' }),
    );
    const refused = await send(clinician, {
      name: 'L',
      version: 'x',
      source: 's',
      licence: 'l',
      deficits,
    });
    expect(refused.statusCode).toBe(403);
  });
});
