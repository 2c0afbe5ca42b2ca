import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import { createTestPatient, createTestSite } from './access-test-fixtures.js';
import { unscopedWalkInDisplay, walkInRepository } from './walk-in.js';

let t: TestDatabase;
let org: TestOrganisation;
let managerOfFirst: Principal;
let navigatorOfFirst: Principal;
let navigatorOfSecond: Principal;
let navigatorOfFirstToo: Principal;
let outsider: Principal;
let first: string;
let second: string;
let firstSite: string;
let secondSite: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  firstSite = await createTestSite(t.db, org.orgId, first, 'First Surgery');
  secondSite = await createTestSite(t.db, org.orgId, second, 'Second Surgery');
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigatorOfFirst = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  navigatorOfFirstToo = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  navigatorOfSecond = await org.principal([{ role: 'care-navigator', practiceId: second }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-operations', practiceId: null }]);
});
afterAll(() => t.dispose());

const walkIn = (principal: Principal) => walkInRepository(t.db, { principal, requestId: null });
const queueInput = (name: string, siteId = firstSite) => ({
  siteId,
  service: 'phlebotomy',
  name,
  minutesPerPatient: 6,
  open: true,
});

describe('walk-in queues', () => {
  it('sets up, changes and removes a queue at the manager’s own practice only', async () => {
    const queue = await walkIn(managerOfFirst).create(queueInput('Bloods'));
    expect(queue).toMatchObject({ name: 'Bloods', siteName: 'First Surgery', practiceId: first });
    const changed = await walkIn(managerOfFirst).update(queue.id, {
      ...queueInput('Bloods'),
      minutesPerPatient: 4,
    });
    expect(changed.minutesPerPatient).toBe(4);
    await expect(
      walkIn(managerOfFirst).create(queueInput('Theirs', secondSite)),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(walkIn(navigatorOfFirst).create(queueInput('Mine'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(walkIn(outsider).create(queueInput('Far'))).rejects.toMatchObject({
      code: 'not-found',
      errors: [{ field: '/siteId' }],
    });
    await expect(
      walkIn(managerOfFirst).create({ ...queueInput('Bad'), minutesPerPatient: 0 }),
    ).rejects.toMatchObject({ errors: [{ field: '/minutesPerPatient' }] });
    await expect(walkIn(managerOfFirst).create(queueInput('Bloods'))).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await walkIn(navigatorOfFirst).list()).map((q) => q.id)).toContain(queue.id);
    expect((await walkIn(navigatorOfSecond).list()).map((q) => q.id)).not.toContain(queue.id);
    await walkIn(managerOfFirst).remove(queue.id);
    expect(await walkIn(managerOfFirst).list()).toEqual([]);
  });

  it('numbers tickets, estimates waits, calls the next and finishes them', async () => {
    const queue = await walkIn(managerOfFirst).create(queueInput('Morning bloods'));
    const run = walkIn(navigatorOfFirst);
    const patientId = await createTestPatient(t.db, org.orgId, first);
    const one = await run.issue(queue.id, { patientId });
    const two = await run.issue(queue.id);
    const three = await run.issue(queue.id);
    expect([one.number, two.number, three.number]).toEqual([1, 2, 3]);
    const { rows: audit } = await t.db.query<{ action: string; patientId: string | null }>(
      `select action, patient_id as "patientId" from audit_event where entity_id = $1`,
      [one.id],
    );
    expect(audit).toEqual([{ action: 'walk-in-ticket.create-for-patient', patientId }]);

    let live = await run.live(queue.id);
    expect(live.waiting.map((w) => [w.number, w.position, w.estimatedWaitMinutes])).toEqual([
      [1, 1, 0],
      [2, 2, 6],
      [3, 3, 12],
    ]);
    expect(live.newArrivalWaitMinutes).toBe(18);
    expect(JSON.stringify(live)).not.toContain(patientId);

    const called = await run.callNext(queue.id);
    expect(called.number).toBe(1);
    await run.finish(queue.id, called.id, 'done');
    await run.finish(queue.id, three.id, 'left');
    await expect(run.finish(queue.id, two.id, 'done')).rejects.toMatchObject({ code: 'conflict' });
    live = await run.live(queue.id);
    expect(live.waiting.map((w) => w.number)).toEqual([2]);
    expect(live.seenToday).toBe(1);

    const display = await unscopedWalkInDisplay(t.db, queue.id);
    expect(display).toMatchObject({ waiting: [2], calling: [], waitingCount: 1 });
    expect(JSON.stringify(display)).not.toContain(patientId);
    expect(JSON.stringify(display)).not.toContain('Test');

    await expect(walkIn(navigatorOfSecond).issue(queue.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(walkIn(outsider).callNext(queue.id)).rejects.toMatchObject({ code: 'not-found' });
    const outsiderPatient = await createTestPatient(t.db, org.orgId, second);
    await expect(
      walkIn(outsider).issue(queue.id, { patientId: outsiderPatient }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('never gives two tickets one number, nor calls one ticket twice, under concurrency', async () => {
    const queue = await walkIn(managerOfFirst).create(queueInput('Busy bloods'));
    const tickets = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        walkIn(i % 2 ? navigatorOfFirst : navigatorOfFirstToo).issue(queue.id),
      ),
    );
    expect(tickets.map((x) => x.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // Two staff pressing "Call next" at once, four times over: eight different tickets.
    const calls = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        walkIn(i % 2 ? navigatorOfFirst : navigatorOfFirstToo).callNext(queue.id),
      ),
    );
    expect(new Set(calls.map((c) => c.id)).size).toBe(8);

    // One waiting, two presses: exactly one ticket moves to called, the other press is told.
    const last = await walkIn(navigatorOfFirst).issue(queue.id);
    const results = await Promise.allSettled([
      walkIn(navigatorOfFirst).callNext(queue.id),
      walkIn(navigatorOfFirstToo).callNext(queue.id),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]?.value.id).toBe(last.id);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
      code: 'conflict',
    });
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from walk_in_ticket where queue_id = $1 and status = 'called'`,
      [queue.id],
    );
    expect(rows[0]?.n).toBe(9);
  });
});
