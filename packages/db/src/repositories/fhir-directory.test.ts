import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestSite, createTestSlot } from './access/access-test-fixtures.js';
import { fhirDirectoryRepository } from './fhir-directory.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';
import { staffRepository } from './staff.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let navigator: Principal;
let outsider: Principal;
let first: string;
let firstSite: string;
let centralSite: string;
let gpId: string;
let leaverId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = ''] = org.practiceIds;
  admin = await org.principal([{ role: 'org-admin', practiceId: null }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'org-admin', practiceId: null }]);
  firstSite = await createTestSite(t.db, org.orgId, first, 'First Surgery');
  centralSite = await createTestSite(t.db, org.orgId, null, 'Central Clinic');
  const staff = staffRepository(t.db, { principal: admin, requestId: null });
  gpId = (
    await staff.create({
      fullName: 'Amina Okafor',
      staffRole: 'gp',
      employingBody: 'practice',
      homePracticeId: first,
      registrationNumber: '1234567',
      dateOfBirth: '1980-01-01',
      siteIds: [centralSite],
    })
  ).id;
  leaverId = (
    await staff.create({
      fullName: 'Bea Left',
      staffRole: 'administrator',
      employingBody: 'organisation',
      startedOn: '2015-01-01',
      leftOn: '2020-01-01',
    })
  ).id;
  await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: firstSite,
    practiceId: first,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: centralSite,
    practiceId: null,
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
  });
});
afterAll(() => t.dispose());

const directory = (principal: Principal) =>
  fhirDirectoryRepository(t.db, { principal, requestId: null });

describe('fhirDirectoryRepository', () => {
  it('lists staff with registration, practice sites and extra sites, and no date of birth', async () => {
    const people = await directory(navigator).people();
    const gp = people.find((p) => p.id === gpId);
    expect(gp).toMatchObject({
      fullName: 'Amina Okafor',
      staffRole: 'gp',
      registrationNumber: '1234567',
      homePracticeId: first,
      active: true,
    });
    expect(gp?.sites.map((s) => s.id).sort()).toEqual([firstSite, centralSite].sort());
    expect(JSON.stringify(people)).not.toContain('1980-01-01');
    expect(people.find((p) => p.id === leaverId)).toMatchObject({
      active: false,
      leftOn: '2020-01-01',
      sites: [],
    });
  });

  it('reads one person by id, with their sites only', async () => {
    const [one, ...rest] = await directory(navigator).people(gpId);
    expect(rest).toEqual([]);
    expect(one?.id).toBe(gpId);
    expect(one?.sites.map((s) => s.id).sort()).toEqual([firstSite, centralSite].sort());
    expect(await directory(outsider).people(gpId)).toEqual([]);
  });

  it('reads several people by id (a search’s _include), each with when their row last changed', async () => {
    const people = await directory(navigator).people([gpId, leaverId]);
    expect(people.map((p) => p.id).sort()).toEqual([gpId, leaverId].sort());
    const before = people.find((p) => p.id === gpId)?.lastUpdated ?? '';
    expect(Date.parse(before)).toBeLessThanOrEqual(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.db.query(`update staff_member set skills = skills || '{fhir}' where id = $1`, [gpId]);
    const [after] = await directory(navigator).people([gpId]);
    expect(Date.parse(after?.lastUpdated ?? '')).toBeGreaterThan(Date.parse(before));
    expect(await directory(navigator).people([])).toEqual([]);
  });

  it('gives each service the sites with open slots of it from now on', async () => {
    const services = await directory(navigator).serviceSites();
    expect(services).toEqual([{ service: 'gp', siteIds: [firstSite] }]);
  });

  it('shows another organisation none of it', async () => {
    expect(await directory(outsider).people()).toEqual([]);
    expect(await directory(outsider).serviceSites()).toEqual([]);
  });

  it('refuses a principal with no role in the organisation', async () => {
    const nobody = await org.principal([]);
    await expect(directory(nobody).people()).rejects.toBeInstanceOf(AtscaleError);
  });
});
