import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cookies: {
  admin: string;
  navigator: string;
  clinician: string;
  otherAdmin: string;
  otherClinician: string;
};
let patientAtFirst: string;
let patientAtSecond: string;

beforeAll(async () => {
  t = await createTestApp();
  const patientOf = async (practiceId: string | undefined) => {
    const { rows } = await t.db.query<{ id: string }>(
      'select id from patient where practice_id = $1 order by nhs_number limit 1',
      [practiceId],
    );
    return rows[0]?.id ?? '';
  };
  patientAtFirst = await patientOf(t.demo.practiceIds[0]);
  patientAtSecond = await patientOf(t.demo.practiceIds[1]);
  cookies = {
    admin: await t.signIn('demo@atscale.test'),
    navigator: await t.signIn('navigator@atscale.test'), // care navigator at the second practice
    clinician: await t.signIn('clinician@atscale.test'), // clinician at the first practice
    otherAdmin: await t.signIn(t.other.adminEmail),
    otherClinician: await t.signIn(t.other.clinicianEmail),
  };
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const phoneRequest = (patientId: string, extra: object = {}) => ({
  patientId,
  channel: 'phone',
  kind: 'clinical',
  description: 'Cough and fever for a week',
  ...extra,
});

describe('POST /api/requests', () => {
  it('records a request for a patient of the navigator’s practice', async () => {
    const response = await call(cookies.navigator, 'POST', '/api/requests', {
      ...phoneRequest(patientAtSecond),
      preferredChannel: 'telephone',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      practiceId: t.demo.practiceIds[1],
      status: 'waiting',
      channel: 'phone',
      kind: 'clinical',
      preferredChannel: 'telephone',
      patient: { id: patientAtSecond },
    });
    expect(t.logs.join('\n')).not.toContain('Cough and fever');
  });

  it('refuses a patient of another practice or organisation as not found', async () => {
    const { rows } = await t.db.query<{ id: string }>('select id from patient where org_id = $1', [
      t.other.orgId,
    ]);
    const attempts = [
      [cookies.navigator, patientAtFirst],
      [cookies.otherAdmin, patientAtFirst],
      [cookies.admin, rows[0]?.id ?? ''],
    ] as const;
    for (const [cookie, patientId] of attempts) {
      const response = await call(cookie, 'POST', '/api/requests', phoneRequest(patientId));
      expect(response.statusCode, response.body).toBe(404);
    }
  });

  it('names the field of bad input', async () => {
    const noType = await call(cookies.navigator, 'POST', '/api/requests', {
      ...phoneRequest(patientAtSecond),
      kind: 'admin',
    });
    expect(noType.statusCode).toBe(400);
    expect(noType.json()).toMatchObject({ errors: [{ field: 'body/adminType' }] });
    const online = await call(cookies.navigator, 'POST', '/api/requests', {
      ...phoneRequest(patientAtSecond),
      channel: 'online',
    });
    expect(online.statusCode).toBe(400);
    expect(online.json<{ detail: string }>().detail).toContain('body/channel');
    const blank = await call(cookies.navigator, 'POST', '/api/requests', {
      ...phoneRequest(patientAtSecond),
      description: '   ',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ errors: [{ field: 'body/description' }] });
  });
});

describe('GET /api/requests/:requestId and closing admin requests', () => {
  it('reads a request within reach, and nobody else does', async () => {
    const created = await call(cookies.navigator, 'POST', '/api/requests', {
      ...phoneRequest(patientAtSecond),
      kind: 'admin',
      adminType: 'letter',
      description: 'Letter for housing',
    });
    const { id } = created.json<{ id: string }>();
    const own = await call(cookies.navigator, 'GET', `/api/requests/${id}`);
    expect(own.statusCode).toBe(200);
    for (const cookie of [cookies.clinician, cookies.otherAdmin, cookies.otherClinician]) {
      const refused = await call(cookie, 'GET', `/api/requests/${id}`);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain('Letter for housing');
    }
    for (const cookie of [cookies.clinician, cookies.otherAdmin]) {
      const close = await call(cookie, 'POST', `/api/requests/${id}/close`, {});
      expect(close.statusCode).toBe(404);
    }
    const closed = await call(cookies.navigator, 'POST', `/api/requests/${id}/close`, {
      note: 'Letter sent',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'admin-done' });
    const again = await call(cookies.navigator, 'POST', `/api/requests/${id}/close`, {});
    expect(again.statusCode).toBe(409);
  });
});
