import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { staffRepository } from './staff.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let workforce: Principal;
let managerOfFirst: Principal;
let navigator: Principal;
let outsider: Principal;
let first: string;
let second: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  admin = await org.principal([{ role: 'org-admin', practiceId: null }]);
  workforce = await org.principal([{ role: 'central-workforce', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'org-admin', practiceId: null }]);
});
afterAll(() => t.dispose());

const staff = (principal: Principal) =>
  staffRepository(t.db, { principal, requestId: 'req-staff' });

const gp = (practiceId: string, fullName: string) => ({
  fullName,
  staffRole: 'gp',
  grade: 'salaried-gp',
  employingBody: 'practice',
  homePracticeId: practiceId,
  contractedSessions: 6,
  dateOfBirth: '1975-03-14',
  startedOn: '2010-09-01',
  registrationNumber: '1234567',
  skills: ['minor-surgery', 'triage'],
});

describe('the staff register', () => {
  let asha: string;
  let ben: string;

  it('adds staff, audited without their date of birth', async () => {
    const created = await staff(managerOfFirst).create(gp(first, 'Dr Asha Patel'));
    asha = created.id;
    expect(created).toMatchObject({
      fullName: 'Dr Asha Patel',
      staffRole: 'gp',
      grade: 'salaried-gp',
      homePracticeId: first,
      homePracticeName: 'Practice 1',
      contractedSessions: 6,
      dateOfBirth: '1975-03-14',
      registrationNumber: '1234567',
      skills: ['minor-surgery', 'triage'],
      sites: [],
      gradeChanges: [],
    });
    ben = (await staff(workforce).create(gp(second, 'Dr Ben Okafor'))).id;
    const { rows } = await t.db.query<{ action: string; role: string; reason: string | null }>(
      `select action, role, reason from audit_event where entity_id = $1`,
      [asha],
    );
    expect(rows).toEqual([{ action: 'staff.create', role: 'practice-manager', reason: null }]);
  });

  it('refuses bad details naming the field', async () => {
    await expect(
      staff(admin).create({ ...gp(first, 'Dr X'), registrationNumber: '12A3456E' }),
    ).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/registrationNumber' }],
    });
    await expect(
      staff(admin).create({ ...gp(first, 'Dr X'), homePracticeId: null }),
    ).rejects.toMatchObject({ errors: [{ field: '/homePracticeId' }] });
  });

  it('scopes the list: a practice manager sees their practice’s staff only', async () => {
    const theirs = await staff(managerOfFirst).list();
    expect(theirs.map((s) => s.fullName)).toEqual(['Dr Asha Patel']);
    const all = await staff(workforce).list();
    expect(all.map((s) => s.fullName)).toEqual(['Dr Asha Patel', 'Dr Ben Okafor']);
    expect((await staff(admin).list({ practiceId: second })).map((s) => s.id)).toEqual([ben]);
    expect(await staff(admin).list({ role: 'anp' })).toEqual([]);
    expect(await staff(admin).list({ resilienceTeam: true })).toEqual([]);
    expect(await staff(admin).list({ pool: false })).toHaveLength(2);
    expect(await staff(outsider).list()).toEqual([]);
    await expect(staff(navigator).list()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses another practice’s staff to a practice manager and another organisation', async () => {
    await expect(staff(managerOfFirst).get(ben)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(staff(outsider).get(ben)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      staff(managerOfFirst).update(ben, { contractedSessions: 2 }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      staff(managerOfFirst).update(asha, { homePracticeId: second }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(staff(managerOfFirst).create(gp(second, 'Dr Y'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(staff(outsider).create(gp(first, 'Dr Y'))).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('changes details and sites, audited by field name', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into site (org_id, practice_id, name, is_main) values ($1, $2, 'Hub', true)
       returning id`,
      [org.orgId, second],
    );
    const siteId = rows[0]?.id ?? '';
    const changed = await staff(managerOfFirst).update(asha, {
      contractedSessions: 7.5,
      siteIds: [siteId],
      skills: ['coil-fitting'],
    });
    expect(changed).toMatchObject({
      contractedSessions: 7.5,
      sites: [{ id: siteId, name: 'Hub' }],
      skills: ['coil-fitting'],
    });
    const audit = await t.db.query<{ reason: string }>(
      `select reason from audit_event where entity_id = $1 and action = 'staff.update'`,
      [asha],
    );
    expect(audit.rows[0]?.reason).toBe('changed: contractedSessions, siteIds, skills');
    await expect(
      staff(managerOfFirst).update(asha, { staffRole: 'hca', registrationNumber: null }),
    ).rejects.toMatchObject({ errors: [{ field: '/staffRole' }] });
  });

  it('records moves up and down the ladder with date and reason, as history', async () => {
    const up = await staff(managerOfFirst).recordGradeChange(asha, {
      to: 'equity-partner',
      effectiveFrom: '2020-04-01',
      reason: 'Bought into the partnership',
    });
    expect(up.grade).toBe('equity-partner');
    const down = await staff(managerOfFirst).recordGradeChange(asha, {
      to: 'salaried-gp',
      effectiveFrom: '2024-04-01',
      reason: 'Stepped back to salaried work',
    });
    expect(down.grade).toBe('salaried-gp');
    expect(down.gradeChanges).toMatchObject([
      {
        fromGrade: 'salaried-gp',
        toGrade: 'equity-partner',
        direction: 'up',
        effectiveFrom: '2020-04-01',
        reason: 'Bought into the partnership',
      },
      {
        fromGrade: 'equity-partner',
        toGrade: 'salaried-gp',
        direction: 'down',
        effectiveFrom: '2024-04-01',
        reason: 'Stepped back to salaried work',
      },
    ]);
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where entity_id = $1 and action = 'staff.grade-change'
        order by id`,
      [asha],
    );
    expect(rows.map((r) => r.reason)).toEqual([
      'up: salaried-gp to equity-partner from 2020-04-01: Bought into the partnership',
      'down: equity-partner to salaried-gp from 2024-04-01: Stepped back to salaried work',
    ]);
  });

  it('refuses a bad move and one dated before the last', async () => {
    const move = { to: 'associate-gp', effectiveFrom: '2025-01-01', reason: 'Moved' };
    await expect(
      staff(admin).recordGradeChange(asha, { ...move, to: 'salaried-gp' }),
    ).rejects.toMatchObject({ errors: [{ field: '/to' }] });
    await expect(
      staff(admin).recordGradeChange(asha, { ...move, reason: ' ', effectiveFrom: 'soon' }),
    ).rejects.toMatchObject({ errors: [{ field: '/effectiveFrom' }, { field: '/reason' }] });
    await expect(
      staff(admin).recordGradeChange(asha, { ...move, effectiveFrom: '2023-01-01' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(staff(managerOfFirst).recordGradeChange(ben, move)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(staff(outsider).recordGradeChange(ben, move)).rejects.toMatchObject({
      code: 'not-found',
    });
    expect((await staff(admin).get(ben)).gradeChanges).toEqual([]);
  });

  it('keeps a ladder per organisation, set centrally', async () => {
    expect(await staff(navigator).careerLadder()).toHaveLength(5);
    await expect(
      staff(managerOfFirst).setCareerLadder(['salaried-gp', 'equity-partner']),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await staff(workforce).setCareerLadder(['salaried-gp', 'equity-partner'])).toEqual([
      'salaried-gp',
      'equity-partner',
    ]);
    expect(await staff(admin).careerLadder()).toEqual(['salaried-gp', 'equity-partner']);
    expect(await staff(outsider).careerLadder()).toHaveLength(5);
    await expect(
      staff(admin).recordGradeChange(ben, {
        to: 'associate-gp',
        effectiveFrom: '2025-01-01',
        reason: 'x',
      }),
    ).rejects.toMatchObject({ errors: [{ field: '/to' }] });
    await expect(staff(admin).setCareerLadder(['consultant'])).rejects.toMatchObject({
      errors: [{ field: '/ladder/0' }],
    });
  });
});
