import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { formChangeRepository } from './form-changes.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { siteRepository } from './sites.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
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
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'hub-network',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([
    { role: 'org-admin', practiceId: null },
    { role: 'central-operations', practiceId: null },
  ]);
});
afterAll(() => t.dispose());

/** Expects a refusal with conflict whose message matches. */
async function expectConflict(attempt: Promise<unknown>, message: RegExp) {
  await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  await expect(attempt).rejects.toThrow(message);
}

const sites = (principal: Principal) => siteRepository(t.db, { principal, requestId: 'req-site' });

const auditOf = async (siteId: string) => {
  const { rows } = await t.db.query<{ action: string; role: string; reason: string | null }>(
    `select action, role, reason from audit_event where entity_type = 'site' and entity_id = $1
      order by id`,
    [siteId],
  );
  return rows;
};

describe('sites of a practice', () => {
  let main: string;
  let branch: string;

  it('adds a practice’s first site as its main site, written the standard way, audited', async () => {
    const site = await sites(managerOfFirst).create({
      practiceId: first,
      name: ' Lordswood Surgery ',
      addressLines: ['54 Lordswood Road', '', 'Harborne'],
      postcode: 'b17 9de',
      latitude: 52.4636,
      longitude: -1.9661,
      cqcLocationId: '1-199703562',
      services: ['ecg', 'open-access-phlebotomy'],
    });
    main = site.id;
    expect(site).toMatchObject({
      practiceId: first,
      name: 'Lordswood Surgery',
      addressLines: ['54 Lordswood Road', 'Harborne'],
      postcode: 'B17 9DE',
      latitude: 52.4636,
      longitude: -1.9661,
      cqcLocationId: '1-199703562',
      services: ['open-access-phlebotomy', 'ecg'],
      isMain: true,
    });
    expect(await sites(navigator).get(main)).toEqual(site);
    expect(await auditOf(main)).toEqual([
      { action: 'site.create', role: 'practice-manager', reason: null },
    ]);
  });

  it('adds a branch site, which is not the main site unless asked', async () => {
    const site = await sites(managerOfFirst).create({ practiceId: first, name: 'Branch' });
    branch = site.id;
    expect(site).toMatchObject({ isMain: false, addressLines: [], services: [], latitude: null });
  });

  it('moves the main site when another is made main, and keeps one main site', async () => {
    const moved = await sites(managerOfFirst).update(branch, { isMain: true });
    expect(moved.isMain).toBe(true);
    expect((await sites(navigator).get(main)).isMain).toBe(false);
    await expectConflict(
      sites(managerOfFirst).update(branch, { isMain: false }),
      /make another site the main site/,
    );
    await sites(managerOfFirst).update(main, { isMain: true });
  });

  it('changes only the fields given, and null clears one', async () => {
    const updated = await sites(managerOfFirst).update(main, {
      cqcLocationId: null,
      services: ['minor-surgery'],
    });
    expect(updated).toMatchObject({
      name: 'Lordswood Surgery',
      postcode: 'B17 9DE',
      cqcLocationId: null,
      services: ['minor-surgery'],
      isMain: true,
    });
    expect((await auditOf(main)).at(-1)).toEqual({
      action: 'site.update',
      role: 'practice-manager',
      reason: 'changed: cqcLocationId, services',
    });
  });

  it('refuses bad details naming the field, checking the site as it would be after the change', async () => {
    await expect(sites(managerOfFirst).update(main, { latitude: null })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/latitude' }],
    });
    await expect(
      sites(managerOfFirst).create({ practiceId: first, name: 'X', postcode: 'B17' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/postcode' }] });
    await expect(
      sites(managerOfFirst).create({ practiceId: first, name: 'X', cqcLocationId: 'RXK' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/cqcLocationId' }] });
  });

  it('refuses to remove the main site, and removes another with an audit row', async () => {
    await expectConflict(sites(managerOfFirst).remove(main), /main site/);
    await sites(managerOfFirst).remove(branch);
    await expect(sites(navigator).get(branch)).rejects.toMatchObject({ code: 'not-found' });
    expect((await auditOf(branch)).at(-1)).toMatchObject({ action: 'site.delete' });
    await expectConflict(sites(admin).remove(main), /only site/);
  });

  it('lets a practice manager change only their own practice’s sites', async () => {
    const theirs = await sites(admin).create({ practiceId: second, name: 'Second Surgery' });
    expect(theirs.isMain).toBe(true);
    await expect(
      sites(managerOfFirst).create({ practiceId: second, name: 'Mine now' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      sites(managerOfFirst).update(theirs.id, { name: 'Mine now' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sites(managerOfFirst).remove(theirs.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      sites(navigator).create({ practiceId: first, name: 'Not allowed' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await sites(navigator).get(theirs.id)).name).toBe('Second Surgery');
  });

  it('never reaches another organisation’s sites or practices', async () => {
    await expect(sites(outsider).get(main)).rejects.toMatchObject({ code: 'not-found' });
    await expect(sites(outsider).update(main, { name: 'Taken' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(sites(outsider).remove(main)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      sites(outsider).create({ practiceId: first, name: 'Taken' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(await sites(outsider).list()).toEqual([]);
    expect((await sites(navigator).get(main)).name).toBe('Lordswood Surgery');
  });
});

describe('sites of the organisation itself', () => {
  it('are refused while the form gives every site to a member practice', async () => {
    await expectConflict(
      sites(admin).create({ practiceId: null, name: 'Phlebotomy hub' }),
      /autonomy super-partnership has no sites of its own/,
    );
  });

  it('are allowed to an organisation administrator once the form in force allows them', async () => {
    await formChangeRepository(t.db, { principal: admin, requestId: null }).change({
      form: 'integrated-super-partnership',
      effectiveFrom: '2020-04-01',
      reason: 'One contract',
    });
    const hub = await sites(admin).create({
      practiceId: null,
      name: 'Phlebotomy hub',
      services: ['open-access-phlebotomy'],
    });
    expect(hub).toMatchObject({ practiceId: null, isMain: false });
    await expect(
      sites(managerOfFirst).create({ practiceId: null, name: 'My hub' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sites(managerOfFirst).update(hub.id, { name: 'Mine' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(sites(admin).update(hub.id, { isMain: true })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/isMain' }],
    });
    const listed = await sites(navigator).list();
    expect(listed[0]).toMatchObject({ id: hub.id, practiceName: null, practiceOdsCode: null });
    expect(listed.slice(1).map((s) => s.practiceName)).toEqual(['Practice 1', 'Practice 2']);
    await sites(admin).remove(hub.id);
    expect(await auditOf(hub.id)).toEqual([
      { action: 'site.create', role: 'org-admin', reason: null },
      { action: 'site.delete', role: 'org-admin', reason: 'Phlebotomy hub' },
    ]);
  });
});
