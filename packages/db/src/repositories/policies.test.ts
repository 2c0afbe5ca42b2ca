import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { policyRepository } from './policies.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';

let t: TestDatabase;
let org: TestOrganisation;
let governance: Principal;
let managerOf2: Principal;
let managerOf1: Principal;
let staffOf1: Principal[];
let outsider: Principal;
let p1 = '';
let p2 = '';

const repo = (principal: Principal) => policyRepository(t.db, { principal, requestId: null });

/** A principal whose grants are in the database too, where staff lists are read. */
async function person(role: Principal['grants'][number]['role'], practiceId: string | null) {
  const p = await org.principal([{ role, practiceId }]);
  await t.db.query(
    `insert into role_grant (org_id, user_id, role, practice_id) values ($1, $2, $3, $4)`,
    [p.orgId, p.userId, role, practiceId],
  );
  return p;
}

async function refusedWith(work: Promise<unknown>, code: string) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  expect((error as AtscaleError).code).toBe(code);
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [p1 = '', p2 = ''] = org.practiceIds;
  governance = await person('governance', null);
  managerOf1 = await person('practice-manager', p1);
  managerOf2 = await person('practice-manager', p2);
  staffOf1 = [await person('care-navigator', p1), await person('clinician', p1)];
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'governance', practiceId: null }]);
});
afterAll(() => t.dispose());

/** A policy with an approved version 1 in force since 2024 and a draft version 2. */
async function policyWithVersions(title: string, localAnnexAllowed = true) {
  const created = await repo(governance).create({
    title,
    ownerId: governance.userId,
    keyQuestions: ['safe', 'well-led'],
    localAnnexAllowed,
  });
  const v1 = await repo(governance).addDraft(created.id, {
    body: '# Purpose\n\nKeep people safe.\n',
    changeSummary: 'First issue',
    effectiveFrom: '2024-01-01',
    reviewBy: '2099-01-01',
  });
  await repo(governance).approve(created.id, v1.id);
  const v2 = await repo(governance).addDraft(created.id, {
    body: '# Purpose\n\nKeep everyone safe.\n',
    changeSummary: 'Wider scope',
    effectiveFrom: '2025-01-01',
    reviewBy: '2099-06-01',
  });
  return { id: created.id, v1: v1.id, v2: v2.id };
}

describe('policy versions (GOV-1)', () => {
  it('numbers versions, approves in the named role and reads what was in force', async () => {
    const p = await policyWithVersions('Safeguarding');
    const detail = await repo(managerOf1).get(p.id);
    expect(detail.versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'draft'],
      [1, 'approved'],
    ]);
    expect(detail.versions[1]).toMatchObject({ approvedRole: 'governance' });
    expect(detail.current?.id).toBe(p.v1);
    expect(await repo(managerOf1).inForce(p.id, '2023-12-31')).toBeNull();
    expect((await repo(managerOf1).inForce(p.id, '2025-06-01'))?.id).toBe(p.v1);
  });

  it('refuses in the database to change or delete an approved version, not a draft', async () => {
    const p = await policyWithVersions('Chaperoning');
    await expect(
      t.db.query(`update policy_version set body = 'rewritten' where id = $1`, [p.v1]),
    ).rejects.toThrow(/approved and cannot be changed/);
    await expect(t.db.query(`delete from policy_version where id = $1`, [p.v1])).rejects.toThrow(
      /approved and cannot be changed/,
    );
    await t.db.query(`update policy_version set body = 'Redrafted' where id = $1`, [p.v2]);
    const draft = await repo(governance).version(p.id, p.v2);
    expect(draft.body).toBe('Redrafted');
    const unchanged = await repo(governance).version(p.id, p.v1);
    expect(unchanged.body).toContain('Keep people safe.');
    await refusedWith(repo(governance).approve(p.id, p.v1), 'conflict');
  });

  it('lets only governance write, and hides another organisation’s policy', async () => {
    const p = await policyWithVersions('Complaints');
    await refusedWith(
      repo(managerOf1).addDraft(p.id, {
        body: 'x',
        changeSummary: 'y',
        effectiveFrom: '2025-01-01',
        reviewBy: '2026-01-01',
      }),
      'forbidden',
    );
    await refusedWith(repo(outsider).get(p.id), 'not-found');
    await refusedWith(repo(outsider).approve(p.id, p.v2), 'not-found');
    expect((await repo(outsider).list()).map((x) => x.id)).not.toContain(p.id);
  });

  it('names the field of a bad draft', async () => {
    const p = await policyWithVersions('Information governance');
    const error = await repo(governance)
      .addDraft(p.id, {
        body: 'Text',
        changeSummary: 'Dates wrong way round',
        effectiveFrom: '2025-01-01',
        reviewBy: '2024-01-01',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtscaleError);
    expect((error as AtscaleError).errors).toEqual([
      { field: '/reviewBy', message: 'must be after the effective date' },
    ]);
  });
});

describe('adoption and acknowledgement (GOV-1)', () => {
  it('refuses a manager of practice 2 adopting for practice 1, and drafts', async () => {
    const p = await policyWithVersions('Infection control');
    await refusedWith(
      repo(managerOf2).adopt(p.id, { practiceId: p1, versionId: p.v1 }),
      'forbidden',
    );
    await refusedWith(
      repo(managerOf1).adopt(p.id, { practiceId: p1, versionId: p.v2 }),
      'validation-failed',
    );
    const rows = await t.db.query(`select 1 from policy_adoption where policy_id = $1`, [p.id]);
    expect(rows.rows).toHaveLength(0);
  });

  it('refuses a local annex where the policy does not allow one', async () => {
    const p = await policyWithVersions('Significant events', false);
    await refusedWith(
      repo(managerOf1).adopt(p.id, { practiceId: p1, versionId: p.v1, localAnnex: 'Ours' }),
      'validation-failed',
    );
  });

  it('counts acknowledgements of the adopted version and lists the gaps', async () => {
    const p = await policyWithVersions('Fire safety');
    const adopted = await repo(managerOf1).adopt(p.id, {
      practiceId: p1,
      versionId: p.v1,
      localAnnex: 'Assembly point: the car park.',
    });
    // Practice 1's staff: its manager and two more.
    expect(adopted).toMatchObject({ acknowledged: 0, staff: 3, onCurrentVersion: true });
    const [first, second] = staffOf1;
    if (!first || !second) throw new Error('no staff');
    const after = await repo(first).acknowledge(p.id, p1);
    expect(after).toMatchObject({ acknowledged: 1, staff: 3, me: { acknowledged: true } });
    await refusedWith(repo(first).acknowledge(p.id, p1), 'conflict');
    await refusedWith(repo(first).acknowledge(p.id, p2), 'forbidden');

    // Staff of practice 1 see only their practice; governance sees both.
    expect((await repo(second).compliance(p.id)).map((c) => c.practiceId)).toEqual([p1]);
    const all = await repo(governance).compliance(p.id);
    expect(all.map((c) => [c.practiceId, c.adopted?.versionId ?? null])).toEqual([
      [p1, p.v1],
      [p2, null],
    ]);

    const gaps = await repo(governance).gaps();
    expect(gaps.notAdopted).toContainEqual(
      expect.objectContaining({ policyId: p.id, practiceId: p2, adoptedNumber: null }),
    );
    expect(gaps.notAdopted.filter((g) => g.policyId === p.id)).toHaveLength(1);
    expect(gaps.missingAcknowledgements).toContainEqual(
      expect.objectContaining({ policyId: p.id, practiceId: p1, acknowledged: 1, staff: 3 }),
    );
    await expect(
      t.db.query(`delete from policy_acknowledgement where practice_id = $1`, [p1]),
    ).rejects.toThrow(/append-only/);
  });

  it('lists an overdue review until a newer version is approved', async () => {
    const created = await repo(governance).create({
      title: 'Duty of candour',
      ownerId: governance.userId,
      keyQuestions: ['well-led'],
      localAnnexAllowed: false,
    });
    const v1 = await repo(governance).addDraft(created.id, {
      body: 'Be open.',
      changeSummary: 'First issue',
      effectiveFrom: '2020-01-01',
      reviewBy: '2021-01-01',
    });
    await repo(governance).approve(created.id, v1.id);
    const overdue = async () =>
      (await repo(governance).gaps()).overdueReviews.some((o) => o.policyId === created.id);
    expect(await overdue()).toBe(true);
    const v2 = await repo(governance).addDraft(created.id, {
      body: 'Be open and honest.',
      changeSummary: 'Reviewed',
      effectiveFrom: '2021-02-01',
      reviewBy: '2099-01-01',
    });
    expect(await overdue()).toBe(true);
    await repo(governance).approve(created.id, v2.id);
    expect(await overdue()).toBe(false);
  });
});
