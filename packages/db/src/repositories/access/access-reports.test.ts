import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation, type TestOrganisation } from '../organisation-test-fixtures.js';
import { accessReportRepository } from './access-reports.js';
import {
  createTestAppointment,
  createTestPatient,
  createTestSite,
  createTestSlot,
} from './access-test-fixtures.js';

let t: TestDatabase;
let org: TestOrganisation;
let central: Principal;
let managerOfFirst: Principal;
let navigator: Principal;
let outsider: Principal;
let first: string;
let second: string;

// Monday 9 to Friday 13 March 2026 (GMT): one ISO week, 2026-W11.
const MONDAY = '2026-03-09';

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 2,
  });
  [first = '', second = ''] = org.practiceIds;
  await t.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     values ($1, $2, '2020-01-01', 10000), ($1, $3, '2020-01-01', 10000)`,
    [org.orgId, first, second],
  );
  const { rows } = await t.db.query<{ id: string }>(
    `insert into hub (org_id, name) values ($1, 'Hub') returning id`,
    [org.orgId],
  );
  const hubId = rows[0]?.id ?? '';
  // Each agrees 15 a day in house: 75 a week, 7.5 per 1,000.
  await t.db.query(
    `insert into hub_practice (org_id, hub_id, practice_id, daily_threshold)
     values ($1, $2, $3, 15), ($1, $2, $4, 15)`,
    [org.orgId, hubId, first, second],
  );
  const hubSite = await createTestSite(t.db, org.orgId, null, 'Hub Centre');
  const firstSite = await createTestSite(t.db, org.orgId, first, 'First');
  const secondSite = await createTestSite(t.db, org.orgId, second, 'Second');
  // First offers 50 in house (5 per 1,000, a third short); second offers its 75.
  await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: firstSite,
    practiceId: first,
    startsAt: `${MONDAY}T09:00:00Z`,
    capacity: 50,
  });
  const secondSlot = await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: secondSite,
    practiceId: second,
    startsAt: `${MONDAY}T09:00:00Z`,
    capacity: 50,
  });
  await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: secondSite,
    practiceId: second,
    startsAt: `${MONDAY}T10:00:00Z`,
    capacity: 25,
  });
  // The hub has 10 places: 5 each. First's patients take 8, two with an override reason.
  const hubSlot = await createTestSlot(t.db, {
    orgId: org.orgId,
    siteId: hubSite,
    practiceId: null,
    hubId,
    startsAt: `${MONDAY}T18:00:00Z`,
    capacity: 10,
  });
  const patient = (practiceId: string) => createTestPatient(t.db, org.orgId, practiceId);
  for (let i = 0; i < 8; i += 1) {
    await createTestAppointment(t.db, {
      orgId: org.orgId,
      slotId: hubSlot,
      patientId: await patient(first),
      practiceId: first,
      bookedAt: `${MONDAY}T08:00:00Z`,
      hubOverrideReason: i < 2 ? 'Needs a same-day blood test' : null,
    });
  }
  // Second's DNAs: same day 1 of 2, later 0 of 1.
  const dna = async (bookedAt: string, status: 'attended' | 'did-not-attend') =>
    createTestAppointment(t.db, {
      orgId: org.orgId,
      slotId: secondSlot,
      patientId: await patient(second),
      practiceId: second,
      bookedAt,
      status,
    });
  await dna(`${MONDAY}T07:00:00Z`, 'did-not-attend');
  await dna(`${MONDAY}T07:30:00Z`, 'attended');
  await dna('2026-02-20T10:00:00Z', 'attended');

  central = await org.principal([{ role: 'central-operations', practiceId: null }]);
  managerOfFirst = await org.principal([{ role: 'practice-manager', practiceId: first }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'central-operations', practiceId: null }]);
});
afterAll(() => t.dispose());

const reports = (principal: Principal) =>
  accessReportRepository(t.db, { principal, requestId: null });

describe('gaming report', () => {
  it('flags the practice short of its agreed level and over its hub share, in words', async () => {
    const report = await reports(central).gaming(MONDAY, '2026-03-15');
    expect(report.weeks).toEqual(['2026-W11']);
    const [one, two] = report.practices;
    expect(one).toMatchObject({
      practiceId: first,
      inHousePer1000: 5,
      agreedPer1000: 7.5,
      hubPlacesUsed: 8,
      hubFairShare: 5,
      overrides: 2,
      referralsBeforeThreshold: 8,
      outlier: true,
      reasons: [
        'offers 5 in-house appointments per 1,000 patients a week against an agreed 8, and uses 160% of its hub share',
      ],
    });
    expect(two).toMatchObject({ practiceId: second, outlier: false, inHousePer1000: 7.5 });
    expect(report.organisation[0]).toMatchObject({ week: '2026-W11', overrides: 2 });
  });

  it('shows a practice manager their practice beside the organisation', async () => {
    const report = await reports(managerOfFirst).gaming(MONDAY, '2026-03-15');
    expect(report.practices.map((p) => p.practiceId)).toEqual([first]);
    expect(report.organisation).toHaveLength(1);
  });

  it('refuses callers without the permission and names bad dates', async () => {
    await expect(reports(navigator).gaming(MONDAY, MONDAY)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const theirs = await reports(outsider).gaming(MONDAY, MONDAY);
    expect(JSON.stringify(theirs)).not.toContain(first);
    await expect(reports(central).gaming('2026-03-32', MONDAY)).rejects.toMatchObject({
      errors: [{ field: '/from' }],
    });
    await expect(reports(central).gaming(MONDAY, '2026-03-01')).rejects.toMatchObject({
      errors: [{ field: '/to' }],
    });
    await expect(reports(central).dna(MONDAY, '2026-12-31')).rejects.toMatchObject({
      errors: [{ field: '/to' }],
    });
  });
});

describe('DNA report', () => {
  it('rates DNAs by lead time per practice and for the organisation', async () => {
    const report = await reports(central).dna(MONDAY, '2026-03-15');
    const two = report.practices.find((p) => p.practiceId === second);
    expect(two?.buckets).toEqual([
      { bucket: 'same-day', attended: 1, didNotAttend: 1, rate: 0.5 },
      { bucket: 'next-day', attended: 0, didNotAttend: 0, rate: null },
      { bucket: '2-7-days', attended: 0, didNotAttend: 0, rate: null },
      { bucket: 'later', attended: 1, didNotAttend: 0, rate: 0 },
    ]);
    expect(report.organisation[0]).toMatchObject({ attended: 1, didNotAttend: 1 });
    const mine = await reports(managerOfFirst).dna(MONDAY, '2026-03-15');
    expect(mine.practices.map((p) => p.practiceId)).toEqual([first]);
  });
});
