import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../demo/seed-demo.js';
import { patientRepository } from './patients.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let patientOf: (practiceId: string) => Promise<{ id: string; nhs_number: string }>;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  patientOf = async (practiceId) => {
    const { rows } = await t.db.query<{ id: string; nhs_number: string }>(
      'select id, nhs_number from patient where practice_id = $1 order by nhs_number limit 1',
      [practiceId],
    );
    if (!rows[0]) throw new Error('no patient');
    return rows[0];
  };
});
afterAll(() => t.dispose());

const auditFor = (patientId: string) =>
  t.db.query<{ action: string; role: string | null; user_id: string; reason: string | null }>(
    'select action, role, user_id, reason from audit_event where patient_id = $1 order by id',
    [patientId],
  );

describe('patient repository', () => {
  it('reads a patient of the clinician’s practice and audits the read in the same step', async () => {
    const [p1] = demo.practiceIds;
    const patient = await patientOf(p1 ?? '');
    const clinician: Principal = {
      userId: demo.users.clinician,
      orgId: demo.orgId,
      grants: [{ role: 'clinician', practiceId: p1 ?? '' }],
    };
    const repo = patientRepository(t.db, { principal: clinician, requestId: 'req-1' });
    const read = await repo.get(patient.id, 'triage');
    expect(read.nhsNumber).toBe(patient.nhs_number);
    const { rows } = await auditFor(patient.id);
    expect(rows).toEqual([
      {
        action: 'patient.read',
        role: 'clinician',
        user_id: demo.users.clinician,
        reason: 'triage',
      },
    ]);
  });

  it('treats another practice’s patient as not found, and audits the refused attempt', async () => {
    const [p1, p2] = demo.practiceIds;
    const patient = await patientOf(p2 ?? '');
    const clinician: Principal = {
      userId: demo.users.clinician,
      orgId: demo.orgId,
      grants: [{ role: 'clinician', practiceId: p1 ?? '' }],
    };
    const repo = patientRepository(t.db, { principal: clinician, requestId: 'req-2' });
    await expect(repo.get(patient.id, null)).rejects.toMatchObject({ code: 'not-found' });
    await expect(repo.search({ nhsNumber: patient.nhs_number }, null)).resolves.toEqual([]);
    const { rows } = await auditFor(patient.id);
    expect(rows.map((r) => r.action)).toEqual(['patient.read-refused']);
  });

  it('refuses a role without patient access outright', async () => {
    const finance: Principal = {
      userId: demo.users.admin,
      orgId: demo.orgId,
      grants: [{ role: 'central-finance', practiceId: null }],
    };
    const repo = patientRepository(t.db, { principal: finance, requestId: null });
    await expect(repo.search({ nhsNumber: '9990000018' }, null)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('never reaches into another organisation', async () => {
    const [p1] = demo.practiceIds;
    const patient = await patientOf(p1 ?? '');
    const outsider: Principal = {
      userId: demo.users.admin,
      orgId: '00000000-0000-4000-8000-000000000001',
      grants: [{ role: 'central-operations', practiceId: null }],
    };
    const repo = patientRepository(t.db, { principal: outsider, requestId: null });
    await expect(repo.get(patient.id, null)).rejects.toMatchObject({ code: 'not-found' });
    await expect(repo.search({ nhsNumber: patient.nhs_number }, null)).resolves.toEqual([]);
  });
});
