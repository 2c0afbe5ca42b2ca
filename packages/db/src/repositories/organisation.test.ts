import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { organisationRepository } from './organisation.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { siteRepository } from './sites.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let managerOfFirst: Principal;
let clinician: Principal;
let outsider: Principal;
let first: string;
let second: string;
let prospect: string;
let leaver: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 4,
  });
  [first = '', second = '', prospect = '', leaver = ''] = org.practiceIds;
  admin = await org.principal([{ role: 'org-admin', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  clinician = await org.principal([{ role: 'clinician', practiceId: second }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'org-admin', practiceId: null }]);

  // Practice 1 is a member; 2 has no membership recorded; 3 is still an enquiry; 4 has left.
  await t.db.query(
    `insert into membership (org_id, practice_id, stage, stage_since)
     values ($1, $2, 'member', '2016-01-01'), ($1, $3, 'enquiry', '2025-01-01'),
            ($1, $4, 'left', '2024-01-01')`,
    [org.orgId, first, prospect, leaver],
  );
  await t.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     values ($1, $2, '2025-01-01', 9000), ($1, $2, '2025-04-01', 9100),
            ($1, $3, '2025-04-01', 5000), ($1, $4, '2025-04-01', 7000)`,
    [org.orgId, first, second, prospect],
  );
  // Staff at practice 1: two current partners, one who has left, one starting in the future,
  // a salaried GP and two nurses.
  await t.db.query(
    `insert into staff_member (org_id, full_name, staff_role, grade, employing_body,
                               home_practice_id, started_on, left_on)
     values ($1, 'Dr Asha Patel', 'gp', 'equity-partner', 'practice', $2, '2010-09-01', null),
            ($1, 'Nurse Ben Cole', 'practice-nurse', 'fixed-share-partner', 'practice', $2, null, null),
            ($1, 'Dr Gone Away', 'gp', 'equity-partner', 'practice', $2, '2001-01-01', '2020-01-01'),
            ($1, 'Dr Not Yet', 'gp', 'salaried-partner', 'practice', $2, '2999-01-01', null),
            ($1, 'Dr Sal Aried', 'gp', 'salaried-gp', 'practice', $2, '2019-01-01', null),
            ($1, 'Nurse Two', 'practice-nurse', null, 'practice', $2, null, null),
            ($1, 'Elsewhere', 'gp', 'equity-partner', 'practice', $3, null, null)`,
    [org.orgId, first, second],
  );
  // Cost centres: practice 1 joined A in 2016, B in 2020, and is due to move to C in 2999.
  await t.db.query(
    `with cc as (
       insert into cost_centre (org_id, code, name)
       values ($1, 'A', 'Alpha'), ($1, 'B', 'Bravo'), ($1, 'C', 'Charlie') returning id, code
     )
     insert into cost_centre_assignment (org_id, practice_id, cost_centre_id, effective_from)
     select $1, $2, cc.id, d.effective_from::date
       from cc join (values ('A', '2016-01-01'), ('B', '2020-04-01'), ('C', '2999-04-01'))
                    as d(code, effective_from) on d.code = cc.code`,
    [org.orgId, first],
  );
  const sites = siteRepository(t.db, { principal: admin, requestId: null });
  await sites.create({ practiceId: first, name: 'Main Surgery', services: ['ecg'] });
  await sites.create({ practiceId: first, name: 'Branch' });
  await sites.create({ practiceId: prospect, name: 'Prospect Surgery' });
});
afterAll(() => t.dispose());

const repo = (principal: Principal) =>
  organisationRepository(t.db, { principal, requestId: 'req-org' });

describe('organisation repository', () => {
  it('lists only member practices, with contract, sites and partners', async () => {
    const practices = await repo(clinician).practices();
    expect(practices.map((p) => p.name)).toEqual(['Practice 1', 'Practice 2']);
    expect(practices[0]).toMatchObject({
      id: first,
      membershipStage: 'member',
      listSize: 9100,
      listSizeDate: '2025-04-01',
      siteCount: 2,
      partnerCount: 2,
      contractType: null,
      contractHolding: null,
      region: null,
    });
    expect(practices[1]).toMatchObject({ membershipStage: null, siteCount: 0, partnerCount: 1 });
  });

  it('totals the members’ practices, patients and sites', async () => {
    expect(await repo(clinician).totals()).toEqual({ practices: 2, listSize: 14100, sites: 2 });
  });

  it('shows a practice with its sites, partners, staff, cost centre today and stage', async () => {
    const practice = await repo(clinician).practice(first);
    expect(practice.sites.map((s) => [s.name, s.isMain, s.services])).toEqual([
      ['Main Surgery', true, ['ecg']],
      ['Branch', false, []],
    ]);
    expect(practice.partners.map(({ id: _id, ...partner }) => partner)).toEqual([
      {
        name: 'Dr Asha Patel',
        grade: 'equity-partner',
        startedOn: '2010-09-01',
      },
      {
        name: 'Nurse Ben Cole',
        grade: 'fixed-share-partner',
        startedOn: null,
      },
    ]);
    expect(practice.staffCounts).toEqual([
      { role: 'gp', count: 2 },
      { role: 'practice-nurse', count: 2 },
    ]);
    expect(practice.costCentre).toMatchObject({
      code: 'B',
      name: 'Bravo',
      since: '2020-04-01',
    });
    expect(practice.membershipStage).toBe('member');
    expect(practice.listSizes.map((l) => l.date)).toEqual(['2025-04-01', '2025-01-01']);

    // A prospective member is not listed, but its page can still be opened.
    const prospective = await repo(clinician).practice(prospect);
    expect(prospective).toMatchObject({ membershipStage: 'enquiry', costCentre: null });
    expect(prospective.partners).toEqual([]);
  });

  it('changes a practice’s contract and region, only the fields given, audited', async () => {
    const changed = await repo(managerOfFirst).updatePractice(first, {
      contractType: 'PMS',
      contractHolding: 'on-trust',
      region: '  Birmingham ',
    });
    expect(changed).toMatchObject({
      contractType: 'PMS',
      contractHolding: 'on-trust',
      region: 'Birmingham',
    });
    const cleared = await repo(admin).updatePractice(first, { region: ' ' });
    expect(cleared).toMatchObject({
      contractType: 'PMS',
      contractHolding: 'on-trust',
      region: null,
    });
    const { rows } = await t.db.query<{ action: string; role: string; reason: string }>(
      `select action, role, reason from audit_event
        where entity_type = 'practice' and entity_id = $1 order by id`,
      [first],
    );
    expect(rows).toEqual([
      {
        action: 'practice.update',
        role: 'practice-manager',
        reason: 'changed: contractType, contractHolding, region',
      },
      { action: 'practice.update', role: 'org-admin', reason: 'changed: region' },
    ]);
  });

  it('refuses a change by someone without practice:manage there, and a region too long', async () => {
    await expect(
      repo(managerOfFirst).updatePractice(second, { contractType: 'APMS' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      repo(clinician).updatePractice(second, { contractType: 'APMS' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      repo(admin).updatePractice(second, { region: 'x'.repeat(101) }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/region' }] });
    expect((await repo(admin).practice(second)).contractType).toBeNull();
  });

  it('never shows or changes another organisation’s practices', async () => {
    await expect(repo(outsider).practice(first)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      repo(outsider).updatePractice(first, { contractType: 'GMS' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const theirs = await repo(outsider).practices();
    expect(theirs.map((p) => p.id)).not.toContain(first);
    expect(await repo(outsider).totals()).toEqual({ practices: 1, listSize: 0, sites: 0 });
  });
});
