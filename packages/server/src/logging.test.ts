import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPatientData } from './logging.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('logs', () => {
  it('never contain NHS numbers, names, passwords or cookies from requests', async () => {
    const { rows } = await t.db.query<{ nhs: string; given: string; family: string; id: string }>(
      `select nhs_number as nhs, given_name as given, family_name as family, id
         from patient where practice_id = $1 limit 1`,
      [t.demo.practiceIds[0]],
    );
    const p = rows[0];
    if (!p) throw new Error('no patient');
    const cookie = await t.signIn('clinician@atscale.test');
    await t.app.inject({
      method: 'GET',
      url: `/api/patients?nhsNumber=${p.nhs}`,
      headers: { cookie },
    });
    await t.app.inject({ method: 'GET', url: `/api/patients/${p.id}`, headers: { cookie } });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'clinician@atscale.test', password: 'a-wrong-secret-password' },
    });
    const all = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(4);
    expect(all).toContain('/api/patients');
    expect(all).not.toContain(p.nhs);
    expect(all).not.toContain(p.family);
    expect(all).not.toContain('a-wrong-secret-password');
    expect(all).not.toContain(cookie.split('=')[1]);
  });

  it('redacts patient fields in objects logged by our own code', () => {
    t.app.log.info(
      { patient: { nhsNumber: '9990000018', familyName: 'Testperson', dateOfBirth: '1970-01-01' } },
      'opened a record',
    );
    const line = t.logs.find((l) => l.includes('opened a record')) ?? '';
    expect(line).toContain('[redacted]');
    expect(line).not.toContain('9990000018');
    expect(line).not.toContain('Testperson');
    expect(line).not.toContain('1970-01-01');
  });

  it('redacts patient fields however deep, in arrays too', () => {
    t.app.log.warn(
      { import: { rows: [{ patient: { address: { postcode: 'ZZ99 3ZZ' }, email: 'x@y.test' } }] } },
      'import row rejected',
    );
    const line = t.logs.find((l) => l.includes('import row rejected')) ?? '';
    expect(line).toContain('"postcode":"[redacted]"');
    expect(line).not.toContain('ZZ99 3ZZ');
    expect(line).not.toContain('x@y.test');
  });

  it('keeps statement parameters out of logged database errors', async () => {
    const error = await t.db.query('select $1::int', ['9990000018-not-a-number']).then(
      () => null,
      (e: unknown) => e,
    );
    t.app.log.error({ err: error }, 'database failed');
    const line = t.logs.find((l) => l.includes('database failed')) ?? '';
    expect(line).toContain('"type":"DatabaseError"');
    expect(line).toMatch(/"code":"22\d{3}"/);
    expect(line).not.toContain('9990000018');
  });
});

describe('redactPatientData', () => {
  it('returns the same object when nothing is sensitive, and never changes what it is given', () => {
    const safe = { practiceId: 'p1', counts: [1, 2], nested: { status: 'waiting' } };
    expect(redactPatientData(safe)).toBe(safe);
    const given = { rows: [{ nhsNumber: '9990000018', status: 'waiting' }] };
    expect(redactPatientData(given)).toEqual({
      rows: [{ nhsNumber: '[redacted]', status: 'waiting' }],
    });
    expect(given.rows[0]?.nhsNumber).toBe('9990000018');
  });

  it('censors a sensitive field whatever its value, and stops at a cycle', () => {
    const cyclic: Record<string, unknown> = { name: { first: 'Ann' } };
    cyclic.self = cyclic;
    const out = redactPatientData(cyclic) as Record<string, unknown>;
    expect(out.name).toBe('[redacted]');
    expect(JSON.stringify(out, (k, v: unknown) => (k === 'self' ? undefined : v))).not.toContain(
      'Ann',
    );
  });
});
