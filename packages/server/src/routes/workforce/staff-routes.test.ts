import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let manager: string;
let navigator: string;
let otherAdmin: string;
let first: string;
let second: string;
let gpOfFirst: string;
let gpOfSecond: string;

interface StaffBody {
  id: string;
  grade: string | null;
  gradeChanges: unknown[];
}

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
  [first = '', second = ''] = t.demo.practiceIds;
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'staff-manager@atscale.test',
    displayName: 'Staff Manager',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'practice-manager', practiceId: first }],
  });
  admin = await t.signIn('demo@atscale.test');
  manager = await t.signIn('staff-manager@atscale.test');
  navigator = await t.signIn('navigator@atscale.test');
  otherAdmin = await t.signIn(t.other.adminEmail);
  // A GP of the practice, one not at the top of the ladder first, so they can move up.
  const gpAt = async (practiceId: string) => {
    const { rows } = await t.db.query<{ id: string }>(
      `select id from staff_member where home_practice_id = $1 and staff_role = 'gp'
        order by grade = 'equity-partner', full_name limit 1`,
      [practiceId],
    );
    return rows[0]?.id ?? '';
  };
  gpOfFirst = await gpAt(first);
  gpOfSecond = await gpAt(second);
});
afterAll(() => t.close());

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('the staff register over HTTP', () => {
  it('lists staff, filtered, and a practice manager only their practice’s', async () => {
    const all = await inject('GET', '/api/staff', admin);
    expect(all.statusCode).toBe(200);
    const everyone = all.json<{ staff: { homePracticeId: string | null }[] }>().staff;
    expect(everyone.length).toBeGreaterThan(0);
    const theirs = await inject('GET', '/api/staff', manager);
    const own = theirs.json<{ staff: { homePracticeId: string | null }[] }>().staff;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((s) => s.homePracticeId === first)).toBe(true);
    const gps = await inject('GET', `/api/staff?role=gp&practiceId=${second}`, admin);
    expect(gps.json<{ staff: { id: string }[] }>().staff.map((s) => s.id)).toContain(gpOfSecond);
    expect((await inject('GET', '/api/staff?role=surgeon', admin)).statusCode).toBe(400);
    expect((await inject('GET', '/api/staff', navigator)).statusCode).toBe(403);
  });

  it('records moves up and down the ladder with date and reason, shown as history', async () => {
    const created = await inject('POST', '/api/staff', manager, {
      fullName: 'Dr Ladder Climber',
      staffRole: 'gp',
      grade: 'salaried-gp',
      employingBody: 'practice',
      homePracticeId: first,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<StaffBody>().id;
    const up = await inject('POST', `/api/staff/${id}/grade-changes`, manager, {
      to: 'equity-partner',
      effectiveFrom: '2099-01-01',
      reason: 'Bought into the partnership',
    });
    expect(up.statusCode, up.body).toBe(201);
    const down = await inject('POST', `/api/staff/${id}/grade-changes`, manager, {
      to: 'associate-gp',
      effectiveFrom: '2099-06-01',
      reason: 'Stepped back',
    });
    expect(down.statusCode, down.body).toBe(201);
    const after = (await inject('GET', `/api/staff/${id}`, manager)).json<StaffBody>();
    expect(after.grade).toBe('associate-gp');
    expect(after.gradeChanges).toMatchObject([
      {
        fromGrade: 'salaried-gp',
        toGrade: 'equity-partner',
        direction: 'up',
        effectiveFrom: '2099-01-01',
        reason: 'Bought into the partnership',
      },
      {
        fromGrade: 'equity-partner',
        toGrade: 'associate-gp',
        direction: 'down',
        effectiveFrom: '2099-06-01',
        reason: 'Stepped back',
      },
    ]);
    const again = await inject('POST', `/api/staff/${id}/grade-changes`, manager, {
      to: 'salaried-gp',
      effectiveFrom: '2099-03-01',
      reason: 'Out of order',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses another practice’s staff to a practice manager, and another organisation', async () => {
    for (const [cookie, status] of [
      [manager, 403],
      [otherAdmin, 404],
    ] as const) {
      const read = await inject('GET', `/api/staff/${gpOfSecond}`, cookie);
      expect(read.statusCode).toBe(status);
      expect(read.body).not.toContain(gpOfSecond);
      const move = await inject('POST', `/api/staff/${gpOfSecond}/grade-changes`, cookie, {
        to: 'equity-partner',
        effectiveFrom: '2099-01-01',
        reason: 'Reaching across',
      });
      expect(move.statusCode).toBe(status);
    }
    const theirList = await inject('GET', '/api/staff', otherAdmin);
    expect(theirList.body).not.toContain(gpOfSecond);
  });

  it('names the field of bad input: registration numbers, grades, reasons', async () => {
    const nurse = await inject('POST', '/api/staff', admin, {
      fullName: 'Nora Nurse',
      staffRole: 'practice-nurse',
      employingBody: 'practice',
      homePracticeId: first,
      registrationNumber: '1234567',
    });
    expect(nurse.statusCode).toBe(400);
    expect(nurse.json<ProblemBody>().errors).toEqual([
      { field: 'body/registrationNumber', message: expect.stringMatching(/NMC PIN/) as string },
    ]);
    const gp = await inject('PATCH', `/api/staff/${gpOfFirst}`, admin, {
      registrationNumber: '12A3456E',
    });
    expect(gp.statusCode).toBe(400);
    expect(gp.json<ProblemBody>().errors?.[0]?.field).toBe('body/registrationNumber');
    const ok = await inject('PATCH', `/api/staff/${gpOfFirst}`, admin, {
      registrationNumber: '7654321',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const move = await inject('POST', `/api/staff/${gpOfFirst}/grade-changes`, admin, {
      to: 'consultant',
      effectiveFrom: 'tomorrow',
      reason: ' ',
    });
    expect(move.statusCode).toBe(400);
    expect(move.json<ProblemBody>().errors?.map((e) => e.field)).toEqual([
      'body/to',
      'body/effectiveFrom',
      'body/reason',
    ]);
    const ladder = await inject('PUT', '/api/workforce/career-ladder', admin, { ladder: [] });
    expect(ladder.statusCode).toBe(400);
    expect(ladder.json<ProblemBody>().errors?.[0]?.field).toBe('body/ladder');
  });

  it('adds a member of staff with sites and skills', async () => {
    const created = await inject('POST', '/api/staff', manager, {
      fullName: 'Dr New Starter',
      staffRole: 'gp',
      grade: 'salaried-gp',
      employingBody: 'practice',
      homePracticeId: first,
      contractedSessions: 4,
      dateOfBirth: '1990-01-01',
      startedOn: '2026-01-05',
      registrationNumber: '1112223',
      skills: ['triage', 'coil-fitting'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      skills: ['coil-fitting', 'triage'],
      grade: 'salaried-gp',
    });
    // Dates of birth are personal data: never logged.
    expect(t.logs.join('\n')).not.toContain('1990-01-01');
  });

  it('reads and sets the organisation’s ladder centrally', async () => {
    const read = await inject('GET', '/api/workforce/career-ladder', navigator);
    expect(read.json<{ ladder: string[] }>().ladder).toHaveLength(5);
    const refused = await inject('PUT', '/api/workforce/career-ladder', manager, {
      ladder: ['salaried-gp'],
    });
    expect(refused.statusCode).toBe(403);
    const set = await inject('PUT', '/api/workforce/career-ladder', otherAdmin, {
      ladder: ['salaried-gp', 'equity-partner'],
    });
    expect(set.statusCode).toBe(200);
    const ours = await inject('GET', '/api/workforce/career-ladder', admin);
    expect(ours.json<{ ladder: string[] }>().ladder).toHaveLength(5);
  });
});
