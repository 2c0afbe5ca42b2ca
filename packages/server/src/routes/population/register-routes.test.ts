import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { olderPatients, severeFrailtyCsv } from './population-test-data.js';

let t: TestApp;
let analyst: string;
let clinician: string;
let frail: { id: string; nhsNumber: string }[];
const ON = '2026-06-30';

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.signIn('demo@atscale.test');
  clinician = await t.signIn('clinician@atscale.test'); // practice 1
  frail = await olderPatients(t.db, t.demo.practiceIds[0] ?? '', ON, 2);
  const upload = await t.app.inject({
    method: 'POST',
    url: '/api/population/imports?fileName=frail.csv',
    payload: await severeFrailtyCsv(frail.map((p) => p.nhsNumber)),
    headers: { cookie: analyst, 'content-type': 'text/csv' },
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const run = await t.app.inject({
    method: 'POST',
    url: '/api/population/frailty-runs',
    payload: { on: ON },
    headers: { cookie: analyst },
  });
  expect(run.statusCode, run.body).toBe(201);
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });
const review = (patientId: string, payload: object, key = 'frailty') =>
  t.app.inject({
    method: 'POST',
    url: `/api/population/registers/${key}/patients/${patientId}/reviews`,
    payload,
    headers: { cookie: clinician },
  });
const worklist = (query = '') =>
  get(
    `/api/population/practices/${t.demo.practiceIds[0] ?? ''}/registers/frailty/worklist${query}`,
    clinician,
  );

describe('register routes', () => {
  it('takes the frail patients off the worklist once both reviews are recorded', async () => {
    const before = await worklist();
    expect(before.statusCode, before.body).toBe(200);
    const due = before.json<{ patients: { patientId: string }[] }>().patients;
    expect(due.map((p) => p.patientId).sort()).toEqual(frail.map((p) => p.id).sort());

    const today = new Date().toISOString().slice(0, 10);
    const first = frail[0]?.id ?? '';
    expect((await review(first, { kind: 'care-plan', on: today })).statusCode).toBe(201);
    const both = await review(first, { kind: 'medication-review', on: today });
    expect(both.statusCode).toBe(201);
    expect(both.json()).toMatchObject({ status: { due: false, carePlan: { lastOn: today } } });

    const after = await worklist();
    expect(
      after.json<{ patients: { patientId: string }[] }>().patients.map((p) => p.patientId),
    ).toEqual([frail[1]?.id]);
    const summary = await get('/api/population/register-summary?key=frailty', analyst);
    expect(summary.statusCode).toBe(200);
    const practice = summary
      .json<{
        practices: { practiceId: string; members: number; due: number; carePlansCurrent: number }[];
      }>()
      .practices.find((p) => p.practiceId === t.demo.practiceIds[0]);
    expect(practice).toMatchObject({ members: 2, due: 1, carePlansCurrent: 1 });
  });

  it('answers bad input with 4xx naming the field', async () => {
    const first = frail[0]?.id ?? '';
    const future = await review(first, { kind: 'care-plan', on: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ errors: [{ field: 'body/on' }] });
    const kind = await review(first, { kind: 'visit', on: ON });
    expect(kind.statusCode).toBe(400);
    expect((await review(first, { kind: 'care-plan', on: ON }, 'Bad Key')).statusCode).toBe(400);
    expect((await review(first, { kind: 'care-plan', on: ON }, 'asthma')).statusCode).toBe(404);
    const [young] = (
      await t.db.query<{ id: string }>(
        `select id from patient where practice_id = $1 and date_of_birth > '2000-01-01' limit 1`,
        [t.demo.practiceIds[0]],
      )
    ).rows;
    expect((await review(young?.id ?? '', { kind: 'care-plan', on: ON })).statusCode).toBe(409);
    expect((await worklist('?on=2026-13-01')).statusCode).toBe(400);
    expect((await worklist('?all=maybe')).statusCode).toBe(400);
    const badRegister = await t.app.inject({
      method: 'POST',
      url: '/api/population/registers',
      payload: { key: 'frailty', name: 'Frailty again', codes: ['73211009'] },
      headers: { cookie: analyst },
    });
    expect(badRegister.statusCode).toBe(400);
    expect(badRegister.json()).toMatchObject({ errors: [{ field: 'body/key' }] });
  });

  it('defines a register from a loaded list or uploaded codes, audited with their source', async () => {
    const define = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/registers',
        payload,
        headers: { cookie: analyst },
      });
    const lists = await get('/api/population/code-lists', analyst);
    const [list] = lists.json<{ codeLists: { id: string; version: string }[] }>().codeLists;
    const fromList = await define({
      key: 'diabetes',
      name: 'Diabetes',
      fromCodeList: { codeListId: list?.id, deficit: 'diabetes' },
    });
    expect(fromList.statusCode, fromList.body).toBe(201);
    expect(fromList.json<{ codes: number }>().codes).toBeGreaterThan(0);
    const summary = await get(`/api/population/register-summary?key=diabetes&on=${ON}`, analyst);
    expect(summary.statusCode, summary.body).toBe(200);
    const practices = summary.json<{
      practices: { practiceId: string; members: number; prevalencePercent: number }[];
    }>().practices;
    const first = practices.find((p) => p.practiceId === t.demo.practiceIds[0]);
    expect(first?.members).toBe(frail.length);
    expect(first?.prevalencePercent).toBeGreaterThan(0);

    const uploaded = await define({
      key: 'asthma',
      name: 'Asthma',
      codes: ['195967001'],
      source: 'QOF business rules',
      version: '49.0',
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { rows: audit } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where action = 'register.define' order by id`,
    );
    expect(audit.map((a) => a.reason)).toEqual([
      expect.stringContaining(`, version ${list?.version ?? ''}`) as unknown,
      'asthma: 1 codes from QOF business rules, version 49.0',
    ]);

    const field = async (payload: object) => {
      const answer = await define(payload);
      expect(answer.statusCode, answer.body).toBe(400);
      return answer.json<{ errors: { field: string }[] }>().errors[0]?.field;
    };
    expect(await field({ key: 'copd', name: 'COPD' })).toBe('body/codes');
    expect(await field({ key: 'copd', name: 'COPD', codes: ['13645005'], source: 'x' })).toBe(
      'body/version',
    );
    expect(
      await field({
        key: 'copd',
        name: 'COPD',
        codes: ['13645005'],
        fromCodeList: { codeListId: list?.id, deficit: 'diabetes' },
      }),
    ).toBe('body/fromCodeList');
    expect(
      await field({
        key: 'copd',
        name: 'COPD',
        fromCodeList: { codeListId: list?.id, deficit: 'no-such-deficit' },
      }),
    ).toBe('body/fromCodeList');
    expect(
      await field({ key: 'copd', name: 'COPD', fromCodeList: { codeListId: 'x', deficit: 'a' } }),
    ).toMatch(/^body\/fromCodeList/);
  });
});
