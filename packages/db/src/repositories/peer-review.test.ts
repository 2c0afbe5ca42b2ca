import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { peerReviewRepository } from './peer-review.js';
import { todayInEngland } from './organisation-today.js';

let t: TestDatabase;
let org: TestOrganisation;
let other: TestOrganisation;
let governance: Principal;
let managerOf1: Principal;
let managerOf2: Principal;
let outsider: Principal;
let meetingId = '';
const repo = (principal: Principal) => peerReviewRepository(t.db, { principal, requestId: 'r' });

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  return error as AtscaleError;
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2020-01-01',
    practices: 3,
  });
  other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2020-01-01',
    practices: 1,
  });
  const [p1 = '', p2 = ''] = org.practiceIds;
  governance = await org.principal([{ role: 'governance', practiceId: null }]);
  managerOf1 = await org.principal([{ role: 'practice-manager', practiceId: p1 }]);
  managerOf2 = await org.principal([{ role: 'practice-manager', practiceId: p2 }]);
  outsider = await other.principal([{ role: 'governance', practiceId: null }]);
});
afterAll(() => t.dispose());

describe('peer review', () => {
  it('records a meeting with findings and actions, each write audited', async () => {
    const [p1 = '', p2 = ''] = org.practiceIds;
    const meeting = await repo(governance).create({
      heldOn: '2026-01-15',
      title: 'Q3 peer review',
      attendees: ['Dr A Shah', ' Ms B Jones '],
      practiceIds: [p1, p2],
    });
    meetingId = meeting.id;
    expect(meeting).toMatchObject({
      title: 'Q3 peer review',
      attendees: ['Dr A Shah', 'Ms B Jones'],
    });
    expect(meeting.practices).toHaveLength(2);
    const finding = await repo(governance).addFinding(meetingId, {
      practiceId: p1,
      standardId: 'dna-rate',
      text: 'DNA rate above the standard for two quarters',
    });
    expect(finding).toMatchObject({ practiceId: p1, standardId: 'dna-rate' });
    const overdue = await repo(governance).addAction(meetingId, {
      practiceId: p1,
      findingId: finding.id,
      description: 'Text reminders the day before',
      ownerId: managerOf1.userId,
      dueOn: '2026-02-01',
    });
    expect(overdue).toMatchObject({ status: 'open', state: 'overdue', canClose: true });
    const later = await repo(governance).addAction(meetingId, {
      practiceId: p2,
      description: 'Review face-to-face offer',
      ownerId: managerOf2.userId,
      dueOn: '2999-01-01',
    });
    expect(later.state).toBe('open');
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where org_id = $1 order by id`,
      [org.orgId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'peer-review-meeting.create',
      'peer-review-finding.create',
      'peer-review-action.create',
      'peer-review-action.create',
    ]);
  });

  it('shows a practice manager only their own practice’s part of a review', async () => {
    const [p1 = '', p2 = '', p3 = ''] = org.practiceIds;
    const list = await repo(managerOf1).list();
    expect(list).toHaveLength(1);
    expect(list[0]?.practices.map((p) => p.id)).toEqual([p1]);
    expect(list[0]).toMatchObject({ openActions: 1, overdueActions: 1 });
    const detail = await repo(managerOf1).get(meetingId);
    expect(detail.findings.map((f) => f.practiceId)).toEqual([p1]);
    expect(detail.actions.map((a) => a.practiceId)).toEqual([p1]);
    expect(detail.canManage).toBe(false);
    expect((await repo(governance).get(meetingId)).actions).toHaveLength(2);
    const theirs = await repo(managerOf2).actions('overdue');
    expect(theirs).toEqual([]);
    const managerOf3 = await org.principal([{ role: 'practice-manager', practiceId: p3 }]);
    expect(await repo(managerOf3).list()).toEqual([]);
    expect((await refusal(repo(managerOf3).get(meetingId))).code).toBe('not-found');
    expect(p2).not.toBe('');
  });

  it('lets the owner close an action with a note, once, and tracks it as done', async () => {
    const [action] = await repo(managerOf1).actions('overdue');
    expect(action).toBeDefined();
    const id = action?.id ?? '';
    // Another practice's manager cannot see it, so cannot close it either.
    expect((await refusal(repo(managerOf2).closeAction(id, { closureNote: 'x' }))).code).toBe(
      'not-found',
    );
    expect(
      (await refusal(repo(managerOf1).closeAction(id, { closureNote: ' ' }))).errors[0]?.field,
    ).toBe('/closureNote');
    expect(
      (
        await refusal(
          repo(managerOf1).closeAction(id, { closureNote: 'x', closedOn: '2999-01-01' }),
        )
      ).errors[0]?.field,
    ).toBe('/closedOn');
    const closed = await repo(managerOf1).closeAction(id, { closureNote: 'Reminders live' });
    expect(closed).toMatchObject({
      status: 'done',
      state: 'done',
      closedOn: todayInEngland(),
      closureNote: 'Reminders live',
      canClose: false,
    });
    expect(
      (await refusal(repo(governance).closeAction(id, { closureNote: 'again' }))).errors[0]?.field,
    ).toBe('/closureNote');
    expect(await repo(managerOf1).actions('overdue')).toEqual([]);
    expect((await repo(managerOf1).actions('done')).map((a) => a.id)).toEqual([id]);
    // The other practice's action is not the manager of 2's to close... unless they own it.
    const [theirs] = await repo(managerOf2).actions('open');
    expect(theirs?.canClose).toBe(true);
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_event where org_id = $1 and action = 'peer-review-action.close'`,
      [org.orgId],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses bad input by field, and writes by anyone but governance', async () => {
    const [p1 = '', , p3 = ''] = org.practiceIds;
    const gov = repo(governance);
    const base = { heldOn: '2026-02-01', title: 'T', attendees: [], practiceIds: [p1] };
    expect((await refusal(gov.create({ ...base, heldOn: '1 Feb' }))).errors[0]?.field).toBe(
      '/heldOn',
    );
    expect((await refusal(gov.create({ ...base, title: '  ' }))).errors[0]?.field).toBe('/title');
    expect((await refusal(gov.create({ ...base, practiceIds: [] }))).errors[0]?.field).toBe(
      '/practiceIds',
    );
    expect(
      (await refusal(gov.create({ ...base, practiceIds: [other.practiceIds[0] ?? ''] }))).errors[0]
        ?.field,
    ).toBe('/practiceIds');
    const action = {
      practiceId: p1,
      description: 'D',
      ownerId: managerOf1.userId,
      dueOn: '2026-03-01',
    };
    expect(
      (await refusal(gov.addAction(meetingId, { ...action, practiceId: p3 }))).errors[0]?.field,
    ).toBe('/practiceId');
    expect(
      (await refusal(gov.addAction(meetingId, { ...action, ownerId: outsider.userId }))).errors[0]
        ?.field,
    ).toBe('/ownerId');
    expect(
      (await refusal(gov.addAction(meetingId, { ...action, dueOn: '2026-02-30' }))).errors[0]
        ?.field,
    ).toBe('/dueOn');
    expect(
      (await refusal(gov.addFinding(meetingId, { practiceId: p1, standardId: 'x', text: 'T' })))
        .errors[0]?.field,
    ).toBe('/standardId');
    expect((await refusal(gov.actions('late'))).errors[0]?.field).toBe('/state');
    expect((await refusal(repo(managerOf1).create(base))).code).toBe('forbidden');
    expect((await refusal(repo(managerOf1).addAction(meetingId, action))).code).toBe('forbidden');
  });

  it('shows another organisation nothing of it', async () => {
    expect(await repo(outsider).list()).toEqual([]);
    expect(await repo(outsider).actions()).toEqual([]);
    expect((await refusal(repo(outsider).get(meetingId))).code).toBe('not-found');
    expect(
      (
        await refusal(
          repo(outsider).addFinding(meetingId, { practiceId: org.practiceIds[0] ?? '', text: 'x' }),
        )
      ).code,
    ).toBe('not-found');
  });
});
