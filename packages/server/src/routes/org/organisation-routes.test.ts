import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cookie: string;
let admin: string;
let manager: string;
let first: string;
let second: string;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await t.signIn('navigator@atscale.test');
  admin = await t.signIn('demo@atscale.test');
  [first = '', second = ''] = t.demo.practiceIds;
  // A practice manager of the first practice and nothing else (the demo user is an admin too).
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'manager-one@atscale.test',
    displayName: 'Manager One',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'practice-manager', practiceId: first }],
  });
  manager = await t.signIn('manager-one@atscale.test');
});
afterAll(() => t.close());

const request = (method: 'GET' | 'POST' | 'PATCH', url: string, as: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: as }, ...(payload ? { payload } : {}) });

describe('organisation routes', () => {
  it('shows the organisation with the policy its form sets', async () => {
    const response = await request('GET', '/api/organisation', cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      form: 'autonomy-super-partnership',
      scheduledChange: null,
      policy: {
        defaultLevy: { pencePerPatientPerYear: 200 },
        listOnLeaving: 'stays-with-organisation',
        membersKeepOwnContracts: true,
        organisationOwnsSites: false,
      },
    });
  });

  it('totals the member practices, their patients and sites', async () => {
    const body = (await request('GET', '/api/organisation', cookie)).json<{
      totals: { practices: number; listSize: number; sites: number };
      practices: { listSize: number | null; siteCount: number; partnerCount: number }[];
    }>();
    expect(body.totals.practices).toBe(body.practices.length);
    expect(body.totals.listSize).toBe(
      body.practices.reduce((sum, practice) => sum + (practice.listSize ?? 0), 0),
    );
    expect(body.totals.sites).toBeGreaterThanOrEqual(
      body.practices.reduce((sum, practice) => sum + practice.siteCount, 0),
    );
    expect(body.practices.every((p) => Number.isInteger(p.partnerCount))).toBe(true);
  });

  it('shows a practice with its list sizes, newest first', async () => {
    await t.db.query(
      `insert into practice_list_size (org_id, practice_id, date, list_size)
       values ($1, $2, '2990-01-01', 9800), ($1, $2, '2990-04-01', 10050)`,
      [t.demo.orgId, first],
    );
    const response = await request('GET', `/api/practices/${first}`, cookie);
    expect(response.statusCode).toBe(200);
    const practice = response.json<{ odsCode: string; listSizes: { date: string }[] }>();
    expect(practice.odsCode).toBe('Y90001');
    expect(practice.listSizes.slice(0, 2)).toEqual([
      { date: '2990-04-01', listSize: 10050 },
      { date: '2990-01-01', listSize: 9800 },
    ]);
    const dates = practice.listSizes.map((l) => l.date);
    expect(dates).toEqual([...dates].sort().reverse());

    const organisation = await request('GET', '/api/organisation', cookie);
    const listed = organisation
      .json<{ practices: { id: string; listSize: number; listSizeDate: string }[] }>()
      .practices.find((p) => p.id === first);
    expect(listed).toMatchObject({ listSize: 10050, listSizeDate: '2990-04-01' });
  });

  it('shows a practice’s sites, partners, staff, cost centre and membership stage', async () => {
    const site = await request('POST', '/api/sites', manager, {
      practiceId: first,
      name: 'Route Test Annexe',
      services: ['spirometry'],
    });
    expect(site.statusCode, site.body).toBe(201);
    await t.db.query(
      `insert into staff_member (org_id, full_name, staff_role, grade, employing_body,
                                 home_practice_id, started_on)
       values ($1, 'Dr Route Partner', 'gp', 'equity-partner', 'practice', $2, '2012-04-01')`,
      [t.demo.orgId, first],
    );
    const practice = (await request('GET', `/api/practices/${first}`, cookie)).json<{
      sites: { name: string; services: string[] }[];
      partners: { name: string; grade: string; startedOn: string | null }[];
      staffCounts: { role: string; count: number }[];
      membershipStage: string | null;
      costCentre: unknown;
    }>();
    expect(practice.sites).toContainEqual(
      expect.objectContaining({ name: 'Route Test Annexe', services: ['spirometry'] }),
    );
    expect(practice.partners).toContainEqual(
      expect.objectContaining({
        name: 'Dr Route Partner',
        grade: 'equity-partner',
        startedOn: '2012-04-01',
      }),
    );
    expect(practice.staffCounts.find((c) => c.role === 'gp')?.count).toBeGreaterThanOrEqual(1);
    expect(practice).toHaveProperty('costCentre');
    expect(practice).toHaveProperty('membershipStage');
  });

  it('answers 404 for a practice that does not exist', async () => {
    const response = await request(
      'GET',
      '/api/practices/00000000-0000-4000-8000-000000000000',
      cookie,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});

describe('changing a practice', () => {
  it('lets its practice manager change the contract and region, audited', async () => {
    const response = await request('PATCH', `/api/practices/${first}`, manager, {
      contractType: 'GMS',
      contractHolding: 'on-trust',
      region: 'Birmingham South',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: first,
      contractType: 'GMS',
      contractHolding: 'on-trust',
      region: 'Birmingham South',
    });
    const cleared = await request('PATCH', `/api/practices/${first}`, manager, { region: null });
    expect(cleared.json()).toMatchObject({ contractType: 'GMS', region: null });
    const audit = await request('GET', `/api/audit-events?limit=20`, admin);
    const actions = audit
      .json<{ events: { action: string; entityId: string }[] }>()
      .events.filter((e) => e.action === 'practice.update' && e.entityId === first);
    expect(actions).toHaveLength(2);
  });

  it('refuses another practice’s manager, and a care navigator', async () => {
    const before = (await request('GET', `/api/practices/${second}`, cookie)).json<object>();
    const other = await request('PATCH', `/api/practices/${second}`, manager, {
      contractType: 'APMS',
    });
    expect(other.statusCode).toBe(403);
    const navigator = await request('PATCH', `/api/practices/${second}`, cookie, {
      region: 'Mine',
    });
    expect(navigator.statusCode).toBe(403);
    const after = (await request('GET', `/api/practices/${second}`, cookie)).json<object>();
    expect(after).toEqual(before);
  });

  it('refuses bad input naming the field', async () => {
    const wrong = await request('PATCH', `/api/practices/${first}`, manager, {
      contractType: 'NHS',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body/contractType',
    );
    const empty = await request('PATCH', `/api/practices/${first}`, manager, {});
    expect(empty.statusCode).toBe(400);
    const long = await request('PATCH', `/api/practices/${first}`, manager, {
      region: 'x'.repeat(101),
    });
    expect(long.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body/region');
  });
});

describe('form changes', () => {
  it('starts with the form the organisation was created with, in force', async () => {
    const response = await request('GET', '/api/organisation/form-changes', cookie);
    expect(response.statusCode).toBe(200);
    const { changes } = response.json<{ changes: { form: string; status: string }[] }>();
    expect(changes.filter((c) => c.status === 'in-force')).toMatchObject([
      { form: 'autonomy-super-partnership' },
    ]);
    expect(changes.some((c) => c.status === 'scheduled')).toBe(false);
  });

  it('records a scheduled change, shown on the organisation, audited', async () => {
    const response = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'integrated-super-partnership',
      effectiveFrom: '2999-04-01',
      reason: 'The members voted to merge their contracts',
    });
    expect(response.statusCode, response.body).toBe(201);
    const change = response.json<{ id: string; recordedBy: string; status: string }>();
    expect(change).toMatchObject({ recordedBy: 'Alex Morgan', status: 'scheduled' });
    const organisation = await request('GET', '/api/organisation', cookie);
    expect(organisation.json()).toMatchObject({
      form: 'autonomy-super-partnership',
      scheduledChange: { form: 'integrated-super-partnership', effectiveFrom: '2999-04-01' },
    });
    const history = await request('GET', '/api/organisation/form-changes', cookie);
    const statuses = history
      .json<{ changes: { form: string; status: string }[] }>()
      .changes.map((c) => c.status);
    expect(statuses.slice(0, 2)).toEqual(['scheduled', 'in-force']);
    const audit = await request('GET', '/api/audit-events?limit=20', admin);
    expect(
      audit
        .json<{ events: { action: string; entityId: string }[] }>()
        .events.some((e) => e.action === 'organisation.form-change' && e.entityId === change.id),
    ).toBe(true);
  });

  it('answers a duplicate date, or one before the first form, with 409', async () => {
    const again = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'federation',
      effectiveFrom: '2999-04-01',
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
    const early = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'federation',
      effectiveFrom: '1900-01-01',
      reason: 'Before we began',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toMatch(/first recorded form/);
  });

  it('refuses bad input naming the field, and anyone who may not manage the organisation', async () => {
    const badForm = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'co-operative',
      effectiveFrom: '2999-05-01',
      reason: 'x',
    });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body/form');
    const badDate = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'federation',
      effectiveFrom: '2999-02-30',
      reason: 'x',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body/effectiveFrom',
    );
    const blank = await request('POST', '/api/organisation/form-changes', admin, {
      form: 'federation',
      effectiveFrom: '2999-05-01',
      reason: '   ',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body/reason');
    for (const as of [manager, cookie]) {
      const refused = await request('POST', '/api/organisation/form-changes', as, {
        form: 'federation',
        effectiveFrom: '2999-05-01',
        reason: 'Not mine to change',
      });
      expect(refused.statusCode).toBe(403);
    }
  });
});
