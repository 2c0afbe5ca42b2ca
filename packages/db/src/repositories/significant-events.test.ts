import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, dateInEngland, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { policyRepository } from './policies.js';
import { significantEventRepository, type NewSignificantEvent } from './significant-events.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';

let t: TestDatabase;
let org: TestOrganisation;
let governance: Principal;
let managerOf1: Principal;
let managerOf2: Principal;
let clinicianOf1: Principal;
let navigatorOf2: Principal;
let financeLead: Principal;
let outsider: Principal;
let p1 = '';
let p2 = '';

const repo = (principal: Principal) =>
  significantEventRepository(t.db, { principal, requestId: null });

async function person(role: Principal['grants'][number]['role'], practiceId: string | null) {
  const p = await org.principal([{ role, practiceId }]);
  await t.db.query(
    `insert into role_grant (org_id, user_id, role, practice_id) values ($1, $2, $3, $4)`,
    [p.orgId, p.userId, role, practiceId],
  );
  return p;
}

async function refusedWith(work: Promise<unknown>, code: string, field?: string) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  expect((error as AtscaleError).code).toBe(code);
  if (field !== undefined) {
    expect((error as AtscaleError).errors.map((e) => e.field)).toContain(field);
  }
}

const today = dateInEngland(new Date());

const event = (
  practiceId: string,
  extra: Partial<NewSignificantEvent> = {},
): NewSignificantEvent => ({
  kind: 'significant-event',
  practiceId,
  title: 'Vaccine fridge left open overnight',
  description: 'The fridge door was found ajar in the morning; stock quarantined.',
  category: 'clinical',
  severity: 'no-harm',
  occurredOn: today,
  keyQuestions: ['safe'],
  ...extra,
});

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
  clinicianOf1 = await person('clinician', p1);
  navigatorOf2 = await person('care-navigator', p2);
  financeLead = await person('central-finance', null);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'governance', practiceId: null }]);
});
afterAll(() => t.dispose());

describe('significant events repository', () => {
  it('records, investigates, learns and closes with a timeline, every write audited', async () => {
    const created = await repo(clinicianOf1).record(event(p1));
    expect(created).toMatchObject({ status: 'reported', practiceId: p1, canManage: false });
    expect(created.timeline.map((c) => c.toStatus)).toEqual(['reported']);

    await refusedWith(
      repo(clinicianOf1).transition(created.id, {
        to: 'investigating',
        investigatorId: clinicianOf1.userId,
      }),
      'forbidden',
    );
    await refusedWith(
      repo(managerOf1).transition(created.id, { to: 'investigating' }),
      'validation-failed',
      '/investigatorId',
    );
    await refusedWith(repo(managerOf1).transition(created.id, { to: 'closed' }), 'business-rule');

    await repo(managerOf1).transition(created.id, {
      to: 'investigating',
      investigatorId: managerOf1.userId,
    });
    await repo(managerOf1).update(created.id, { findings: 'The door seal had perished.' });
    await repo(managerOf1).transition(created.id, { to: 'learning', note: 'Discussed at meeting' });
    await refusedWith(
      repo(managerOf1).transition(created.id, { to: 'closed', learning: 'Check seals monthly.' }),
      'validation-failed',
      '/actionsAgreed',
    );
    const closed = await repo(managerOf1).transition(created.id, {
      to: 'closed',
      learning: 'Check seals monthly.',
      actionsAgreed: 'Seal on the monthly checklist; new fridge ordered.',
    });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.canManage).toBe(false);
    expect(closed.timeline.map((c) => [c.fromStatus, c.toStatus])).toEqual([
      [null, 'reported'],
      ['reported', 'investigating'],
      ['investigating', 'learning'],
      ['learning', 'closed'],
    ]);
    expect(closed.timeline[2]?.note).toBe('Discussed at meeting');
    await refusedWith(repo(managerOf1).update(created.id, { title: 'Changed' }), 'conflict');

    const audit = await t.db.query<{ action: string; role: string }>(
      `select action, role from audit_event where org_id = $1 and entity_id = $2 order by id`,
      [org.orgId, created.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'significant-event.record',
      'significant-event.investigating',
      'significant-event.update',
      'significant-event.learning',
      'significant-event.closed',
    ]);
    expect(audit.rows[0]?.role).toBe('clinician');
  });

  it('sets a complaint’s acknowledgement (3 working days) and response due dates', async () => {
    const complaint = await repo(managerOf1).record(
      event(p1, {
        kind: 'complaint',
        title: 'Could not get through on the phone',
        category: 'access',
        occurredOn: '2026-01-02',
        receivedOn: '2026-01-09',
      }),
    );
    expect(complaint).toMatchObject({
      receivedOn: '2026-01-09',
      acknowledgementDueOn: '2026-01-14',
      responseDueOn: '2026-07-08',
    });
    await refusedWith(
      repo(managerOf1).record(event(p1, { kind: 'complaint' })),
      'validation-failed',
      '/receivedOn',
    );
    await refusedWith(
      repo(managerOf1).record(event(p1, { receivedOn: '2026-01-09' })),
      'validation-failed',
      '/receivedOn',
    );
  });

  it('refuses NHS numbers and bad values in what it stores, naming the field', async () => {
    await refusedWith(
      repo(managerOf1).record(event(p1, { description: 'Patient 943 476 5919 was upset' })),
      'validation-failed',
      '/description',
    );
    await refusedWith(
      repo(managerOf1).record(event(p1, { category: 'weather' })),
      'validation-failed',
      '/category',
    );
    await refusedWith(
      repo(managerOf1).record(event(p1, { severity: 'awful' })),
      'validation-failed',
      '/severity',
    );
    await refusedWith(
      repo(managerOf1).record(event(p1, { occurredOn: '2026-02-30' })),
      'validation-failed',
      '/occurredOn',
    );
    await refusedWith(
      repo(managerOf1).record(event(p1, { keyQuestions: ['kind'] })),
      'validation-failed',
      '/keyQuestions',
    );
  });

  it('shows practice staff only their own practice, governance every practice', async () => {
    const own1 = await repo(managerOf1).record(event(p1, { title: 'Practice one event' }));
    const own2 = await repo(managerOf2).record(event(p2, { title: 'Practice two event' }));
    const seenBy = async (p: Principal) => (await repo(p).list()).map((e) => e.id);
    expect(await seenBy(navigatorOf2)).toContain(own2.id);
    expect(await seenBy(navigatorOf2)).not.toContain(own1.id);
    expect(await seenBy(clinicianOf1)).not.toContain(own2.id);
    expect(await seenBy(governance)).toEqual(expect.arrayContaining([own1.id, own2.id]));
    expect(
      (await repo(governance).list({ practiceId: p2 })).every((e) => e.practiceId === p2),
    ).toBe(true);

    await refusedWith(repo(navigatorOf2).get(own1.id), 'not-found');
    await refusedWith(repo(navigatorOf2).list({ practiceId: p1 }), 'forbidden');
    await refusedWith(
      repo(managerOf2).transition(own1.id, {
        to: 'investigating',
        investigatorId: managerOf2.userId,
      }),
      'not-found',
    );
    await refusedWith(repo(navigatorOf2).record(event(p1)), 'forbidden');
    await refusedWith(repo(outsider).get(own1.id), 'not-found');
    await refusedWith(repo(outsider).record(event(p1)), 'validation-failed', '/practiceId');
    expect(await seenBy(outsider)).toEqual([]);
    // Central finance has no reach into the events themselves, only the themes.
    await refusedWith(repo(financeLead).list(), 'forbidden');
    await repo(financeLead).themes();
  });

  it('links policies of the library, not another organisation’s', async () => {
    const policies = policyRepository(t.db, { principal: governance, requestId: null });
    const policy = await policies.create({
      title: 'Cold chain',
      ownerId: governance.userId,
      keyQuestions: ['safe'],
      localAnnexAllowed: false,
    });
    const created = await repo(managerOf1).record(event(p1));
    const linked = await repo(managerOf1).linkPolicy(created.id, policy.id);
    expect(linked.policies).toEqual([{ id: policy.id, title: 'Cold chain' }]);
    await refusedWith(repo(managerOf1).linkPolicy(created.id, policy.id), 'conflict');
    await refusedWith(repo(managerOf2).linkPolicy(created.id, policy.id), 'not-found');
    await refusedWith(repo(outsider).linkPolicy(created.id, policy.id), 'not-found');
  });

  it('removes a policy link for the practice’s manager only, audited', async () => {
    const policies = policyRepository(t.db, { principal: governance, requestId: null });
    const policy = await policies.create({
      title: 'Repeat prescribing',
      ownerId: governance.userId,
      keyQuestions: ['safe'],
      localAnnexAllowed: false,
    });
    const created = await repo(managerOf1).record(event(p1));
    await repo(managerOf1).linkPolicy(created.id, policy.id);

    // Another practice's manager and another organisation do not see the event; its clinician
    // sees it but may not manage it.
    await refusedWith(repo(managerOf2).unlinkPolicy(created.id, policy.id), 'not-found');
    await refusedWith(repo(outsider).unlinkPolicy(created.id, policy.id), 'not-found');
    await refusedWith(repo(clinicianOf1).unlinkPolicy(created.id, policy.id), 'forbidden');
    expect((await repo(managerOf1).get(created.id)).policies).toHaveLength(1);

    const unlinked = await repo(managerOf1).unlinkPolicy(created.id, policy.id);
    expect(unlinked.policies).toEqual([]);
    // Gone now, and a policy never linked is not found either.
    await refusedWith(repo(managerOf1).unlinkPolicy(created.id, policy.id), 'not-found');
    await refusedWith(repo(governance).unlinkPolicy(created.id, created.id), 'not-found');
    // Linking again works after a removal.
    expect((await repo(governance).linkPolicy(created.id, policy.id)).policies).toHaveLength(1);

    const audit = await t.db.query<{ action: string; role: string; reason: string | null }>(
      `select action, role, reason from audit_event
        where org_id = $1 and entity_id = $2 and action like '%policy' order by id`,
      [org.orgId, created.id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'significant-event.link-policy',
        role: 'practice-manager',
        reason: `policy ${policy.id}`,
      },
      {
        action: 'significant-event.unlink-policy',
        role: 'practice-manager',
        reason: `policy ${policy.id}`,
      },
      {
        action: 'significant-event.link-policy',
        role: 'governance',
        reason: `policy ${policy.id}`,
      },
    ]);
  });

  it('keeps the policy links of a closed event', async () => {
    const policies = policyRepository(t.db, { principal: governance, requestId: null });
    const policy = await policies.create({
      title: 'Chaperones',
      ownerId: governance.userId,
      keyQuestions: ['caring'],
      localAnnexAllowed: false,
    });
    const created = await repo(managerOf1).record(event(p1));
    await repo(managerOf1).linkPolicy(created.id, policy.id);
    await repo(managerOf1).transition(created.id, {
      to: 'investigating',
      investigatorId: managerOf1.userId,
    });
    await repo(managerOf1).transition(created.id, { to: 'learning', findings: 'Found.' });
    await repo(managerOf1).transition(created.id, {
      to: 'closed',
      learning: 'Learned.',
      actionsAgreed: 'Agreed.',
    });
    await refusedWith(repo(managerOf1).unlinkPolicy(created.id, policy.id), 'conflict');
    expect((await repo(governance).get(created.id)).policies).toHaveLength(1);
  });

  it('gives everyone the themes with no practice named and small counts suppressed', async () => {
    const fresh = await createTestOrganisation(t.db, {
      form: 'federation',
      createdOn: '2016-01-01',
      practices: 2,
    });
    const [a = '', b = ''] = fresh.practiceIds;
    const lead = await fresh.principal([{ role: 'governance', practiceId: null }]);
    const navigator = await fresh.principal([{ role: 'care-navigator', practiceId: b }]);
    const r = (p: Principal) => significantEventRepository(t.db, { principal: p, requestId: null });
    for (let i = 0; i < 3; i += 1) await r(lead).record(event(a, { category: 'prescribing' }));
    await r(lead).record(
      event(b, { category: 'prescribing', kind: 'complaint', receivedOn: today }),
    );
    await r(lead).record(event(b, { category: 'safeguarding' }));
    const themes = await r(navigator).themes({ quarters: 1 });
    const counts = (c: string) => themes.rows.find((row) => row.category === c)?.counts;
    expect(counts('prescribing')).toEqual([4]);
    expect(counts('safeguarding')).toEqual([null]);
    expect(counts('clinical')).toEqual([0]);
    expect(JSON.stringify(themes)).not.toContain(a);
    expect(JSON.stringify(themes)).not.toContain(b);
    const complaintsOnly = await r(navigator).themes({ kind: 'complaint', quarters: 1 });
    expect(complaintsOnly.rows.find((row) => row.category === 'prescribing')?.counts).toEqual([
      null,
    ]);
    await refusedWith(r(navigator).themes({ quarters: 0 }), 'validation-failed', '/quarters');
  });
});
