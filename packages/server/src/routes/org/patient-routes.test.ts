import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let patient: { id: string; nhsNumber: string };
let clinician: string;
let finance: string;

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string; nhsNumber: string }>(
    `select id, nhs_number as "nhsNumber" from patient where practice_id = $1
      order by nhs_number limit 1`,
    [t.demo.practiceIds[0]],
  );
  patient = rows[0] ?? { id: '', nhsNumber: '' };
  clinician = await t.signIn('clinician@atscale.test');
  // The demo's central finance lead: organisation-wide, and no patient data.
  finance = await t.signIn('finance@atscale.test');
});
afterAll(() => t.close());

const auditRows = () =>
  t.db.query<{ action: string; role: string; reason: string | null; request_id: string }>(
    `select action, role, reason, request_id from audit_event where patient_id = $1 order by id`,
    [patient.id],
  );

describe('patient routes', () => {
  it('returns a patient to a clinician of their practice and audits who, as what, and why', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}?reason=${encodeURIComponent('Triage of request')}`,
      headers: { cookie: clinician },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: patient.id, nhsNumber: patient.nhsNumber });
    const { rows } = await auditRows();
    expect(rows).toEqual([
      {
        action: 'patient.read',
        role: 'clinician',
        reason: 'Triage of request',
        request_id: response.headers['x-request-id'],
      },
    ]);
  });

  it('audits a search by NHS number, spaces allowed', async () => {
    const spaced = `${patient.nhsNumber.slice(0, 3)} ${patient.nhsNumber.slice(3, 6)} ${patient.nhsNumber.slice(6)}`;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients?nhsNumber=${encodeURIComponent(spaced)}`,
      headers: { cookie: clinician },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ patients: { id: string }[] }>().patients.map((p) => p.id)).toEqual([
      patient.id,
    ]);
    const { rows } = await auditRows();
    expect(rows.map((r) => r.action)).toEqual(['patient.read', 'patient.search']);
  });

  it('finds a patient by family name in any case and date of birth, and audits it', async () => {
    const { rows } = await t.db.query<{ family: string; given: string; dob: string }>(
      `select family_name as family, given_name as given, date_of_birth as dob
         from patient where id = $1`,
      [patient.id],
    );
    const p = rows[0];
    if (!p) throw new Error('no patient');
    const url = `/api/patients?familyName=${p.family.toUpperCase()}&dateOfBirth=${p.dob}&givenName=${p.given}`;
    const response = await t.app.inject({ method: 'GET', url, headers: { cookie: clinician } });
    expect(response.statusCode).toBe(200);
    const found = response.json<{
      patients: { id: string; sex: string; registeredOn: string }[];
    }>();
    expect(found.patients.map((x) => x.id)).toEqual([patient.id]);
    expect(found.patients[0]?.sex).toMatch(/^(female|male)$/);
    const { rows: audit } = await auditRows();
    expect(audit.at(-1)?.action).toBe('patient.search');
  });

  it('asks for an NHS number or a name and date of birth, not both or neither', async () => {
    for (const query of [
      'familyName=Smith',
      'dateOfBirth=1970-01-01',
      `nhsNumber=${patient.nhsNumber}&familyName=Smith`,
      'familyName=Smith&dateOfBirth=1970-02-30x',
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/patients?${query}`,
        headers: { cookie: clinician },
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code: 'validation-failed' });
    }
  });

  it('refuses an invalid NHS number with a message that says why', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/patients?nhsNumber=1234567890',
      headers: { cookie: clinician },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'querystring/nhsNumber' }],
    });
  });

  it('refuses a role without patient access with 403 and writes no patient audit', async () => {
    const before = (await auditRows()).rows.length;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}`,
      headers: { cookie: finance },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect((await auditRows()).rows.length).toBe(before);
  });

  it('shows the reads in the audit trail to the organisation administrator', async () => {
    const admin = await t.signIn('demo@atscale.test');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/audit-events?patientId=${patient.id}`,
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(200);
    const events = response.json<{ events: { action: string; userId: string }[] }>().events;
    expect(events.map((e) => e.action)).toEqual([
      'patient.search',
      'patient.search',
      'patient.read',
    ]);
    expect(events.every((e) => e.userId === t.demo.users.clinician)).toBe(true);
  });
});
