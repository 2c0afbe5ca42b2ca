import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal, type RoleGrant } from '@atscale/domain';
import type { Database } from '../database.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { costCentreRepository } from './cost-centres.js';

let t: TestDatabase;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let other: Awaited<ReturnType<typeof createOrganisation>>;

/** A fresh organisation of `count` practices, each with one list size count, and a user. */
async function createOrganisation(db: Database, name: string, odsPrefix: string, count: number) {
  const { rows: orgs } = await db.query<{ id: string }>(
    `insert into organisation (name, form) values ($1, 'autonomy-super-partnership') returning id`,
    [name],
  );
  const orgId = orgs[0]?.id ?? '';
  const { rows: practices } = await db.query<{ id: string }>(
    `insert into practice (org_id, ods_code, name)
     select $1, $2 || lpad(n::text, 4, '0'), 'Sutton Practice ' || n
       from generate_series(1, $3::int) as n order by n
     returning id`,
    [orgId, odsPrefix, count],
  );
  const practiceIds = practices.map((p) => p.id);
  // One count per practice before any date the tests use, so list sizes do not change.
  await db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     select $1, p.id, '2024-01-01', 1000 * p.n
       from unnest($2::uuid[]) with ordinality as p(id, n)`,
    [orgId, practiceIds],
  );
  const { rows: users } = await db.query<{ id: string }>(
    `insert into app_user (org_id, email, display_name, password_hash)
     values ($1, $2, 'Finance Lead', 'x') returning id`,
    [orgId, `finance@${odsPrefix.toLowerCase()}.test`],
  );
  const userId = users[0]?.id ?? '';
  const as = (...grants: RoleGrant[]): Principal => ({ userId, orgId, grants });
  const repo = (principal: Principal) =>
    costCentreRepository(db, { principal, requestId: 'req-cc' });
  return { orgId, practiceIds, userId, as, repo };
}

const finance: RoleGrant = { role: 'central-finance', practiceId: null };

/** The error a refused call threw, to check its code and words. */
async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createOrganisation(t.db, 'Sutton Partnership', 'S1', 5);
  other = await createOrganisation(t.db, 'Elsewhere Group', 'E1', 1);
});
afterAll(() => t.dispose());

const auditOf = (orgId: string) =>
  t.db.query<{ action: string; role: string | null; entity_type: string; reason: string | null }>(
    'select action, role, entity_type, reason from audit_event where org_id = $1 order by id',
    [orgId],
  );

describe('cost centre repository', () => {
  it('creates a cost centre with its code in capitals, audited, and refuses a reused code', async () => {
    const repo = org.repo(org.as(finance));
    const before = (await auditOf(org.orgId)).rows.length;
    const centre = await repo.create({ code: ' extra-1 ', name: ' Extra ' });
    expect(centre).toMatchObject({ code: 'EXTRA-1', name: 'Extra' });
    const audit = (await auditOf(org.orgId)).rows.slice(before);
    expect(audit).toEqual([
      {
        action: 'cost-centre.create',
        role: 'central-finance',
        entity_type: 'cost-centre',
        reason: null,
      },
    ]);
    await expect(repo.create({ code: 'EXTRA-1', name: 'Again' })).rejects.toMatchObject({
      code: 'conflict',
      detail: 'A cost centre with the code EXTRA-1 already exists',
    });
    const badCode = await refusal(repo.create({ code: 'no spaces', name: 'Bad' }));
    expect(badCode.code).toBe('validation-failed');
    expect(badCode.errors.map((e) => e.field)).toEqual(['/code']);
    expect(badCode.errors[0]?.message).toMatch(/letters, digits and hyphens/);
    await expect(repo.create({ code: 'OK', name: '  ' })).rejects.toMatchObject({
      errors: [{ field: '/name', message: 'Enter a name' }],
    });
  });

  it('lets only organisation-wide finance or admin roles write', async () => {
    const refused = [
      org.as({ role: 'central-operations', practiceId: null }),
      org.as({ role: 'clinician', practiceId: org.practiceIds[0] ?? '' }),
      // An org-admin grant held for one practice does not reach the organisation's cost centres.
      org.as({ role: 'org-admin', practiceId: org.practiceIds[0] ?? '' }),
    ];
    for (const principal of refused) {
      const repo = org.repo(principal);
      await expect(repo.create({ code: 'NOPE', name: 'No' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        repo.merge({
          from: [],
          into: { code: 'X', name: 'X' },
          effectiveFrom: '2025-01-01',
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      // Reading is anyone's in the organisation.
      await expect(repo.list('2025-01-01')).resolves.toMatchObject({ on: '2025-01-01' });
    }
    await expect(
      org
        .repo(org.as({ role: 'org-admin', practiceId: null }))
        .create({ code: 'ADMIN', name: 'A' }),
    ).resolves.toMatchObject({ code: 'ADMIN' });
  });

  it('appends assignments and refuses one dated on or before the practice’s latest', async () => {
    const repo = org.repo(org.as(finance));
    const a = await repo.create({ code: 'ASSIGN-A', name: 'Assign A' });
    const b = await repo.create({ code: 'ASSIGN-B', name: 'Assign B' });
    // The fifth practice is used here and then left in B, out of the merge below.
    const practiceId = org.practiceIds[4] ?? '';
    const first = await repo.assign({
      practiceId,
      costCentreId: a.id,
      effectiveFrom: '2023-04-01',
    });
    expect(first).toMatchObject({
      practice: { id: practiceId, odsCode: 'S10005' },
      costCentre: { code: 'ASSIGN-A' },
      effectiveFrom: '2023-04-01',
    });
    for (const effectiveFrom of ['2023-04-01', '2023-01-01']) {
      const error = await refusal(repo.assign({ practiceId, costCentreId: b.id, effectiveFrom }));
      expect(error.code).toBe('conflict');
      expect(error.detail).toMatch(
        /^Sutton Practice 5 \(S10005\) is in ASSIGN-A Assign A from 2023-04-01; a new cost centre must start after that date/,
      );
    }
    await repo.assign({ practiceId, costCentreId: b.id, effectiveFrom: '2023-10-01' });
    const history = await repo.history();
    expect(
      history.assignments
        .filter((x) => x.practice.id === practiceId)
        .map((x) => [x.costCentre.code, x.effectiveFrom]),
    ).toEqual([
      ['ASSIGN-A', '2023-04-01'],
      ['ASSIGN-B', '2023-10-01'],
    ]);
    await expect(
      repo.assign({
        practiceId: other.practiceIds[0] ?? '',
        costCentreId: b.id,
        effectiveFrom: '2024-01-01',
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      repo.assign({ practiceId, costCentreId: b.id, effectiveFrom: '2024-02-30' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/effectiveFrom' }] });
  });

  it('cost-centre merge keeps totals: five practices become one cost centre, history kept', async () => {
    const repo = org.repo(org.as(finance));
    const practices = org.practiceIds.slice(0, 4);
    // Four practices each in their own centre; the fifth is already in ASSIGN-B (above) and
    // joins the merge through it.
    const centres = [];
    for (const [i, practiceId] of practices.entries()) {
      const centre = await repo.create({ code: `SUT-${i + 1}`, name: `Sutton ${i + 1}` });
      await repo.assign({ practiceId, costCentreId: centre.id, effectiveFrom: '2024-04-01' });
      centres.push(centre);
    }
    const assignB = (await repo.list('2024-04-01')).costCentres.find((c) => c.code === 'ASSIGN-B');
    if (!assignB) throw new Error('ASSIGN-B is missing');
    const from = [...centres.map((c) => c.id), assignB.id];

    const before = (await auditOf(org.orgId)).rows.length;
    const result = await repo.merge({
      from,
      into: { code: 'sutton', name: 'Sutton Locality' },
      effectiveFrom: '2025-04-01',
      reason: 'Five practices become one cost centre',
    });
    expect(result.merge).toMatchObject({
      into: { code: 'SUTTON', name: 'Sutton Locality' },
      effectiveFrom: '2025-04-01',
      reason: 'Five practices become one cost centre',
      recordedBy: { id: org.userId, displayName: 'Finance Lead' },
    });
    expect(result.merge.from.map((c) => c.code)).toEqual([
      'SUT-1',
      'SUT-2',
      'SUT-3',
      'SUT-4',
      'ASSIGN-B',
    ]);
    expect(result.assignments).toHaveLength(5);
    const audit = (await auditOf(org.orgId)).rows.slice(before);
    expect(audit.map((a) => a.action)).toEqual([
      'cost-centre.create',
      'cost-centre.merge',
      ...Array<string>(5).fill('cost-centre.assign'),
    ]);
    expect(audit[1]?.reason).toBe('Five practices become one cost centre');

    const dayBefore = await repo.listSizeByCostCentre('2025-03-31');
    const dayAfter = await repo.listSizeByCostCentre('2025-04-01');
    const orgTotal = 1000 + 2000 + 3000 + 4000 + 5000;
    expect(dayBefore.total).toBe(orgTotal);
    expect(dayAfter.total).toBe(orgTotal);
    expect(dayBefore.costCentres.map((c) => [c.code, c.listSize])).toEqual([
      ['ASSIGN-B', 5000],
      ['SUT-1', 1000],
      ['SUT-2', 2000],
      ['SUT-3', 3000],
      ['SUT-4', 4000],
    ]);
    expect(dayAfter.costCentres.map((c) => [c.code, c.listSize])).toEqual([['SUTTON', orgTotal]]);
    expect(dayAfter.costCentres[0]?.practices).toHaveLength(5);
    expect(dayAfter.unassigned).toEqual({ listSize: 0, practices: [] });

    const listed = await repo.list('2025-04-01');
    const sutton = listed.costCentres.find((c) => c.code === 'SUTTON');
    expect(sutton?.status).toBe('open');
    expect(sutton?.practices.map((p) => p.id).sort()).toEqual([...org.practiceIds].sort());
    const closed = listed.costCentres.find((c) => c.code === 'SUT-2');
    expect(closed).toMatchObject({
      status: 'merged',
      practices: [],
      mergedInto: { costCentre: { code: 'SUTTON' }, effectiveFrom: '2025-04-01' },
    });
    const earlier = await repo.list('2025-03-31');
    expect(earlier.costCentres.find((c) => c.code === 'SUT-2')?.practices).toHaveLength(1);
    expect(earlier.costCentres.find((c) => c.code === 'SUTTON')?.status).toBe('empty');

    const history = await repo.history();
    expect(history.merges).toHaveLength(1);
    expect(history.assignments.filter((a) => a.costCentre.code === 'SUTTON')).toHaveLength(5);
  });

  it('refuses a merge that would rewrite history, and keeps nothing of it', async () => {
    const repo = org.repo(org.as(finance));
    const listed = await repo.list('2025-04-01');
    const sutton = listed.costCentres.find((c) => c.code === 'SUTTON');
    if (!sutton) throw new Error('SUTTON is missing');
    const assignmentsBefore = (await repo.history()).assignments.length;
    const empty = await refusal(
      repo.merge({
        from: [sutton.id],
        into: { code: 'LATE', name: 'Too late' },
        effectiveFrom: '2025-01-01',
        reason: 'Backdated',
      }),
    );
    expect(empty.code).toBe('validation-failed');
    expect(empty.detail).toBe('No practice is in SUTTON Sutton Locality on 2025-01-01');
    const sut1 = listed.costCentres.find((c) => c.code === 'SUT-1');
    await expect(
      repo.merge({
        from: [sut1?.id ?? ''],
        into: { code: 'LATE', name: 'Too late' },
        effectiveFrom: '2025-01-01',
        reason: 'Backdated',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      detail: 'Sutton Practice 1 (S10001) already has a cost centre change on or after 2025-01-01',
    });
    // The new cost centre went with the refused merge.
    expect((await repo.list('2025-04-01')).costCentres.some((c) => c.code === 'LATE')).toBe(false);
    expect((await repo.history()).assignments).toHaveLength(assignmentsBefore);
    const noOp = await refusal(
      repo.merge({
        from: [sutton.id],
        into: { costCentreId: sutton.id },
        effectiveFrom: '2026-01-01',
        reason: 'No-op',
      }),
    );
    expect(noOp.code).toBe('validation-failed');
    expect(noOp.detail).toMatch(/^No practice moves/);
    await expect(
      repo.merge({
        from: [sutton.id, sutton.id],
        into: { costCentreId: sutton.id },
        effectiveFrom: '2026-01-01',
        reason: 'x',
      }),
    ).rejects.toMatchObject({
      errors: [{ field: '/from', message: 'Name each cost centre once' }],
    });
    await expect(
      repo.merge({
        from: [sutton.id],
        into: { code: 'X', name: 'X' },
        effectiveFrom: '2026-01-01',
        reason: ' ',
      }),
    ).rejects.toMatchObject({ errors: [{ field: '/reason' }] });
  });

  it('reports practices in no cost centre on a date as unassigned, so the total still adds up', async () => {
    const report = await org.repo(org.as(finance)).listSizeByCostCentre('2024-03-31');
    // Only the fifth practice had a cost centre (ASSIGN-B, from 2023-10-01) on that date.
    expect(report.costCentres.map((c) => [c.code, c.listSize])).toEqual([['ASSIGN-B', 5000]]);
    expect(report.unassigned.listSize).toBe(10_000);
    expect(report.total).toBe(15_000);
    const none = await org.repo(org.as(finance)).listSizeByCostCentre('2023-12-31');
    expect(none.total).toBe(0);
  });

  it('never shows or touches another organisation’s cost centres', async () => {
    const ours = await org.repo(org.as(finance)).list('2025-04-01');
    const theirs = other.repo(other.as(finance));
    const listing = await theirs.list('2025-04-01');
    expect(listing.costCentres).toEqual([]);
    expect(listing.unassignedPractices.map((p) => p.id)).toEqual(other.practiceIds);
    expect(await theirs.history()).toEqual({ assignments: [], merges: [] });
    const report = await theirs.listSizeByCostCentre('2025-04-01');
    expect(report.total).toBe(1000);
    const sutton = ours.costCentres.find((c) => c.code === 'SUTTON');
    await expect(
      theirs.assign({
        practiceId: other.practiceIds[0] ?? '',
        costCentreId: sutton?.id ?? '',
        effectiveFrom: '2025-05-01',
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      theirs.merge({
        from: [sutton?.id ?? ''],
        into: { code: 'STOLEN', name: 'Stolen' },
        effectiveFrom: '2026-01-01',
        reason: 'x',
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    // The same code may be used in another organisation.
    await expect(theirs.create({ code: 'SUTTON', name: 'Their Sutton' })).resolves.toMatchObject({
      code: 'SUTTON',
    });
  });
});
