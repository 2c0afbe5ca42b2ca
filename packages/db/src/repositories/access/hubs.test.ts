import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import {
  createTestAppointment,
  createTestPatient,
  createTestSite,
  createTestSlot,
} from './access-test-fixtures.js';
import { hubRepository } from './hubs.js';
import { hubUseRepository } from './hub-use.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let managerOfFirst: Principal;
let managerOfThird: Principal;
let reader: Principal;
let outsider: Principal;
let first: string;
let second: string;
let third: string;
let hubSite: string;
let practiceSite: string;
let otherOrgSite: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 3,
  });
  [first = '', second = '', third = ''] = org.practiceIds;
  await t.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     values ($1, $2, '2020-01-01', 6000), ($1, $3, '2020-01-01', 4000)`,
    [org.orgId, first, second],
  );
  hubSite = await createTestSite(t.db, org.orgId, null, 'Hub Centre');
  practiceSite = await createTestSite(t.db, org.orgId, first, 'First Surgery');
  central = await org.principal([{ role: 'central-operations', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  managerOfThird = await org.principal([{ role: 'practice-manager', practiceId: third }]);
  reader = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  otherOrgSite = await createTestSite(t.db, other.orgId, null, 'Elsewhere');
  outsider = await other.principal([{ role: 'central-operations', practiceId: null }]);
});
afterAll(() => t.dispose());

const scope = (principal: Principal) => ({ principal, requestId: null });
const hubs = (principal: Principal) => hubRepository(t.db, scope(principal));
const input = (name = 'North Hub') => ({
  name,
  releaseLeadMinutes: 120,
  siteIds: [hubSite, practiceSite],
  practices: [
    { practiceId: first, dailyThreshold: 20 },
    { practiceId: second, dailyThreshold: 15 },
  ],
});

describe('hub set-up', () => {
  it('creates, lists, changes and removes a hub, audited', async () => {
    const hub = await hubs(central).create(input());
    expect(hub.name).toBe('North Hub');
    expect(hub.sites.map((s) => s.siteId).sort()).toEqual([hubSite, practiceSite].sort());
    expect(hub.practices.map((p) => [p.practiceId, p.dailyThreshold])).toEqual([
      [first, 20],
      [second, 15],
    ]);
    expect((await hubs(reader).list()).map((h) => h.id)).toContain(hub.id);
    const changed = await hubs(central).update(hub.id, {
      ...input('North Hub 2'),
      releaseLeadMinutes: 60,
      siteIds: [hubSite],
      practices: [{ practiceId: first, dailyThreshold: 25 }],
    });
    expect(changed).toMatchObject({ name: 'North Hub 2', releaseLeadMinutes: 60 });
    expect(changed.sites).toHaveLength(1);
    expect(changed.practices).toHaveLength(1);
    await hubs(central).remove(hub.id);
    await expect(hubs(central).get(hub.id)).rejects.toMatchObject({ code: 'not-found' });
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where entity_id = $1 order by id`,
      [hub.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['hub.create', 'hub.update', 'hub.delete']);
  });

  it('refuses a practice manager, another organisation, and names bad fields', async () => {
    await expect(hubs(managerOfFirst).create(input('X'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    const refused: unknown = await hubs(outsider)
      .create(input('X'))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'validation-failed' });
    expect((refused as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      '/siteIds/0',
    );
    await expect(
      hubs(central).create({ ...input('Y'), siteIds: [otherOrgSite] }),
    ).rejects.toMatchObject({ errors: [{ field: '/siteIds/0' }] });
    await expect(
      hubs(central).create({
        ...input('Y'),
        practices: [{ practiceId: first, dailyThreshold: -1 }],
      }),
    ).rejects.toMatchObject({ errors: [{ field: '/practices/0/dailyThreshold' }] });
    await expect(hubs(central).create({ ...input(' ') })).rejects.toMatchObject({
      errors: [{ field: '/name' }],
    });
    const hub = await hubs(central).create(input('Twice'));
    await expect(hubs(central).create(input('Twice'))).rejects.toMatchObject({ code: 'conflict' });
    await expect(hubs(outsider).get(hub.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(hubs(outsider).remove(hub.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('hub dashboard', () => {
  it('shows shares, use, release and utilisation for a day, and the week', async () => {
    const hub = await hubs(central).create(input('Dashboard Hub'));
    const date = '2026-03-10';
    // Ten places at 10:00; release two hours before.
    const slot = await createTestSlot(t.db, {
      orgId: org.orgId,
      siteId: hubSite,
      practiceId: null,
      hubId: hub.id,
      startsAt: `${date}T10:00:00Z`,
      capacity: 10,
    });
    const book = async (practiceId: string, bookedAt: string, status?: 'did-not-attend') =>
      createTestAppointment(t.db, {
        orgId: org.orgId,
        slotId: slot,
        patientId: await createTestPatient(t.db, org.orgId, practiceId),
        practiceId,
        bookedAt,
        ...(status ? { status } : {}),
      });
    for (let i = 0; i < 3; i += 1) await book(first, '2026-03-09T12:00:00Z');
    for (let i = 0; i < 4; i += 1) await book(second, '2026-03-09T12:00:00Z');
    await book(second, `${date}T08:30:00Z`);
    await book(second, `${date}T09:00:00Z`, 'did-not-attend');

    const day = await hubUseRepository(t.db, scope(managerOfFirst)).day(hub.id, date);
    expect(day.capacity).toBe(10);
    expect(day.bookedOrAttended).toBe(8);
    expect(day.utilisation).toBe(0.8);
    expect(day.recovered).toBe(2);
    expect(
      day.practices.map((p) => [p.name, p.share, p.used, p.left, p.released, p.extra]),
    ).toEqual([
      ['Practice 1', 6, 3, 3, 2, 0],
      ['Practice 2', 4, 4, 0, 0, 2],
    ]);

    const week = await hubUseRepository(t.db, scope(central)).week(hub.id, '2026-03-09');
    expect(week.days).toHaveLength(7);
    expect(week.days[1]).toMatchObject({ date, capacity: 10, bookedOrAttended: 8 });
    expect(week.capacity).toBe(10);

    await expect(
      hubUseRepository(t.db, scope(managerOfThird)).day(hub.id, date),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(hubUseRepository(t.db, scope(reader)).day(hub.id, date)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(hubUseRepository(t.db, scope(outsider)).day(hub.id, date)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(
      hubUseRepository(t.db, scope(central)).day(hub.id, '2026-13-01'),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: 'date' }] });
    // A hub with sessions is not removed.
    await expect(hubs(central).remove(hub.id)).rejects.toMatchObject({ code: 'conflict' });
  });
});
