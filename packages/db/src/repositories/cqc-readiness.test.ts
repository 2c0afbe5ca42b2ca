import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { cqcReadinessRepository } from './cqc-readiness.js';
import { policyRepository } from './policies.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { todayInEngland } from './organisation-today.js';

let t: TestDatabase;
let org: TestOrganisation;
let governance: Principal;
let managerOf1: Principal;
let managerOf2: Principal;
let clinicianOf1: Principal;
let outsider: Principal;
let p1 = '';
let p2 = '';
let site1 = '';
let site2 = '';
let orgSite = '';

const repo = (principal: Principal) => cqcReadinessRepository(t.db, { principal, requestId: null });
const today = todayInEngland();
const daysAgo = (n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

async function refusedWith(work: Promise<unknown>, code: string, field?: string) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  expect((error as AtscaleError).code).toBe(code);
  if (field !== undefined) expect((error as AtscaleError).errors[0]?.field).toBe(field);
}

async function site(practiceId: string | null, name: string) {
  const { rows } = await t.db.query<{ id: string }>(
    `insert into site (org_id, practice_id, name) values ($1, $2, $3) returning id`,
    [org.orgId, practiceId, name],
  );
  return rows[0]?.id ?? '';
}

const allGood = {
  safe: 'good',
  effective: 'good',
  caring: 'outstanding',
  responsive: 'good',
  'well-led': 'requires-improvement',
};

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [p1 = '', p2 = ''] = org.practiceIds;
  governance = await org.principal([{ role: 'governance', practiceId: null }]);
  managerOf1 = await org.principal([{ role: 'practice-manager', practiceId: p1 }]);
  managerOf2 = await org.principal([{ role: 'practice-manager', practiceId: p2 }]);
  clinicianOf1 = await org.principal([{ role: 'clinician', practiceId: p1 }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'governance', practiceId: null }]);
  site1 = await site(p1, 'Riverside main');
  site2 = await site(p2, 'Hillview main');
  orgSite = await site(null, 'Central hub');
});
afterAll(() => t.dispose());

describe('CQC readiness repository (GOV-2)', () => {
  it('records a registration, an inspection and evidence, audited, and reads them back', async () => {
    const { rows: staff } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id)
       values ($1, 'Pat Manager', 'practice-manager', 'practice', $2) returning id`,
      [org.orgId, p1],
    );
    const staffId = staff[0]?.id ?? '';
    const m = repo(managerOf1);
    const before = await m.site(site1);
    expect(before.readiness.siteGaps.map((g) => g.code)).toEqual([
      'no-registration',
      'never-inspected',
    ]);
    expect(before.managerChoices).toEqual([{ id: staffId, name: 'Pat Manager' }]);

    await m.putRegistration(site1, {
      locationId: '1-123456789',
      providerId: '1-987654321',
      registeredOn: '2013-04-01',
      registeredManagerStaffId: staffId,
    });
    await m.recordInspection(site1, {
      inspectedOn: daysAgo(400),
      overall: 'good',
      ratings: allGood,
      reportUrl: 'https://www.cqc.org.uk/location/1-123456789',
    });
    const after = await m.addEvidence(site1, {
      keyQuestion: 'safe',
      kind: 'audit',
      title: 'Infection control audit',
      evidencedOn: daysAgo(30),
      reviewBy: null,
    });
    expect(after.registration).toMatchObject({
      locationId: '1-123456789',
      registeredManager: { staffId, name: 'Pat Manager' },
    });
    expect(after.latestInspection).toMatchObject({ overall: 'good', ratings: allGood });
    expect(after.readiness.siteGaps).toEqual([]);
    const safe = after.readiness.keyQuestions.find((k) => k.keyQuestion === 'safe');
    expect(safe?.counts.audit).toBe(1);
    expect(safe?.gaps.map((g) => g.code)).toEqual([
      'no-policy',
      'no-recent-significant-event-review',
    ]);
    const wellLed = after.readiness.keyQuestions.find((k) => k.keyQuestion === 'well-led');
    expect(wellLed?.gaps.map((g) => g.code)).toContain('rated-requires-improvement');

    const { rows: audits } = await t.db.query<{ action: string; role: string }>(
      `select action, role from audit_event where org_id = $1 and action like 'cqc.%' order by id`,
      [org.orgId],
    );
    expect(audits).toEqual([
      { action: 'cqc.registration', role: 'practice-manager' },
      { action: 'cqc.inspection', role: 'practice-manager' },
      { action: 'cqc.evidence', role: 'practice-manager' },
    ]);
  });

  it('counts a current adoption of an in-force policy and a closed event with learning', async () => {
    const policies = policyRepository(t.db, { principal: governance, requestId: null });
    const policy = await policies.create({
      title: 'Chaperones',
      ownerId: governance.userId,
      keyQuestions: ['caring', 'safe'],
      localAnnexAllowed: false,
    });
    const v1 = await policies.addDraft(policy.id, {
      body: 'Offer a chaperone.',
      changeSummary: 'First',
      effectiveFrom: daysAgo(500),
      reviewBy: daysAgo(10),
    });
    await policies.approve(policy.id, v1.id);
    await policies.adopt(policy.id, { practiceId: p1, versionId: v1.id });
    await t.db.query(
      `insert into significant_event (org_id, practice_id, kind, title, description, category,
         severity, occurred_on, status, key_questions, reported_by, investigator_id, findings,
         learning, actions_agreed, closed_at)
       values ($1, $2, 'significant-event', 'Vaccine fridge warm', 'Fridge at 10C', 'clinical',
         'no-harm', $3, 'closed', '{safe}', $4, $4, 'Door left open', 'Check the door',
         'Alarm fitted', now() - interval '20 days')`,
      [org.orgId, p1, daysAgo(40), governance.userId],
    );
    const detail = await repo(clinicianOf1).site(site1);
    const safe = detail.readiness.keyQuestions.find((k) => k.keyQuestion === 'safe');
    // The policy's review is overdue: a gap naming it, and not counted as evidence.
    expect(safe?.gaps.map((g) => g.text)).toContain(
      `Policy “Chaperones” review overdue since ${daysAgo(10).split('-').reverse().join('/')}`,
    );
    expect(safe?.counts['significant-event-review']).toBe(1);
    expect(safe?.gaps.map((g) => g.code)).not.toContain('no-recent-significant-event-review');
    expect(detail.evidence.filter((e) => e.kind === 'policy-adoption')).toHaveLength(2);
    expect(detail.canManage).toBe(false);
    expect(detail.managerChoices).toEqual([]);
    // Practice 2 has not adopted it and its site has no event.
    const other = await repo(managerOf2).site(site2);
    expect(other.evidence).toEqual([]);
  });

  it('shows practice staff their practice’s sites only, central roles every site', async () => {
    const mine = await repo(clinicianOf1).summary();
    expect(mine.siteList.map((s) => s.id)).toEqual([site1]);
    const all = await repo(governance).summary();
    expect(all.siteList.map((s) => s.id).sort()).toEqual([site1, site2, orgSite].sort());
    expect(all.sites).toBe(3);
    expect(all.byRating).toMatchObject({ good: 1, 'not-rated': 2 });
    expect(all.byReadiness['not-ready']).toBe(3);
    expect(all.worstGaps[0]?.severity).toBe('major');
  });

  it('refuses another practice, another organisation and staff who may not manage', async () => {
    await refusedWith(repo(managerOf2).site(site1), 'not-found');
    await refusedWith(repo(outsider).site(site1), 'not-found');
    await refusedWith(repo(managerOf1).site(orgSite), 'not-found');
    await refusedWith(
      repo(managerOf2).addEvidence(site1, {
        keyQuestion: 'safe',
        kind: 'document',
        title: 'Intruder',
        evidencedOn: today,
      }),
      'not-found',
    );
    await refusedWith(
      repo(clinicianOf1).addEvidence(site1, {
        keyQuestion: 'safe',
        kind: 'document',
        title: 'Not mine to add',
        evidencedOn: today,
      }),
      'forbidden',
    );
    await refusedWith(
      repo(managerOf1).recordInspection(site2, {
        inspectedOn: today,
        overall: 'good',
        ratings: allGood,
      }),
      'not-found',
    );
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from cqc_evidence where title in ('Intruder', 'Not mine to add')`,
    );
    expect(rows[0]?.n).toBe(0);
    expect((await repo(outsider).summary()).siteList).toEqual([]);
  });

  it('refuses bad input naming the field', async () => {
    const g = repo(governance);
    await refusedWith(
      g.putRegistration(site2, {
        locationId: '123',
        providerId: '1-987654321',
        registeredOn: '2013-04-01',
      }),
      'validation-failed',
      '/locationId',
    );
    await refusedWith(
      g.putRegistration(site2, {
        locationId: null,
        providerId: '1-987654321',
        registeredOn: '2013-04-01',
        registeredManagerStaffId: '00000000-0000-4000-8000-000000000000',
      }),
      'validation-failed',
      '/registeredManagerStaffId',
    );
    await refusedWith(
      g.recordInspection(site2, { inspectedOn: '2099-01-01', overall: 'good', ratings: allGood }),
      'validation-failed',
      '/inspectedOn',
    );
    await refusedWith(
      g.recordInspection(site2, {
        inspectedOn: '2024-01-01',
        overall: 'good',
        ratings: { ...allGood, safe: 'fine' },
      }),
      'validation-failed',
      '/ratings/safe',
    );
    await refusedWith(
      g.addEvidence(site2, {
        keyQuestion: 'kind',
        kind: 'audit',
        title: 'x',
        evidencedOn: '2024-01-01',
      }),
      'validation-failed',
      '/keyQuestion',
    );
    await refusedWith(
      g.addEvidence(site2, {
        keyQuestion: 'safe',
        kind: 'audit',
        title: 'x',
        evidencedOn: '2024-01-01',
        reviewBy: '2024-01-01',
      }),
      'validation-failed',
      '/reviewBy',
    );
  });

  it('refuses a second inspection of a site on the same date', async () => {
    const g = repo(governance);
    await g.recordInspection(orgSite, {
      inspectedOn: daysAgo(100),
      overall: 'good',
      ratings: allGood,
    });
    await refusedWith(
      g.recordInspection(orgSite, {
        inspectedOn: daysAgo(100),
        overall: 'inadequate',
        ratings: allGood,
      }),
      'conflict',
    );
  });
});
