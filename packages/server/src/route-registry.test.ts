/**
 * The route registry: every route the app registers must be listed here, either as public
 * (with the reason) or with a test proving that a user of another organisation, and for
 * practice-scoped data of another practice, gets 403/404 and none of the data. A new route
 * without an entry fails this file. Each route also gets the bad-input checks its schema allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { readPublicEfiCodeList, unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from './auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from './testing/test-app.js';
import { olderPatients, severeFrailtyCsv } from './routes/population/population-test-data.js';
import { MCP_TEST_YEAR } from './routes/population/mcp-budget-test-data.js';

let t: TestApp;
let demoPatient: { id: string; nhsNumber: string; practiceId: string };
let cookies: {
  otherAdmin: string;
  otherClinician: string;
  demoNavigator: string;
  demoClinician: string;
};

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.query<{ id: string; nhsNumber: string; practiceId: string }>(
    `select id, nhs_number as "nhsNumber", practice_id as "practiceId" from patient
      where practice_id = $1 order by nhs_number limit 1`,
    [t.demo.practiceIds[0]],
  );
  demoPatient = rows[0] ?? { id: '', nhsNumber: '', practiceId: '' };
  cookies = {
    otherAdmin: await t.signIn(t.other.adminEmail),
    otherClinician: await t.signIn(t.other.clinicianEmail),
    demoNavigator: await t.signIn('navigator@atscale.test'), // care navigator at practice 2
    demoClinician: await t.signIn('clinician@atscale.test'), // clinician at practice 1
  };
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

/** No trace of the demo organisation's data in a response. */
function expectNoDemoData(response: LightMyRequestResponse) {
  expect(response.body).not.toContain(t.demo.orgId);
  expect(response.body).not.toContain(demoPatient.id);
  expect(response.body).not.toContain(demoPatient.nhsNumber);
  expect(response.body).not.toContain('Demo Health Partnership');
  for (const id of t.demo.practiceIds) expect(response.body).not.toContain(id);
}

/** Routes anyone may call, and why. */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /fhir/R4/metadata':
    'FHIR clients read the CapabilityStatement before they authenticate, as the FHIR specification expects',
  'GET /healthz': 'load balancers and start scripts check health without signing in',
  'POST /api/auth/login': 'signing in is how a session starts',
  'POST /api/auth/logout': 'signing out must work with an expired session too',
  'GET /api/public/practices/:odsCode':
    'the online request form shows the practice and its red-flag questions to patients, who do not sign in',
  'POST /api/public/practices/:odsCode/requests':
    'patients send online requests without an account; rate-limited, matched on the register, nothing returned about it',
  'GET /api/public/walk-in/:queueId/display':
    'the waiting room screen shows ticket numbers only, and has nobody to sign in',
  'POST /oauth/token':
    'system clients authenticate here with their client id and secret (OAuth 2.0 client credentials) to get a FHIR token',
};

/** Routes for people: the API documentation, with no data in it. The web app's files are
 * marked `webApp` where they are registered, and skipped too. */
const DOCUMENTATION_PREFIX = '/docs';

/**
 * A cost centre of the demo organisation with its first practice in it from 2099, made through
 * the API once, so the cost centre proofs do not depend on what the demo seed holds.
 */
let demoCostCentre: Promise<{ id: string; cookie: string }> | undefined;
const costCentreOfDemo = () =>
  (demoCostCentre ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const created = await post('/api/cost-centres', { code: 'TENANCY-PROOF', name: 'Proof' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const assigned = await post('/api/cost-centres/assignments', {
      practiceId: t.demo.practiceIds[0],
      costCentreId: id,
      effectiveFrom: '2099-01-01',
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    return { id, cookie };
  })());

/** Another organisation's reads of cost centres show none of the demo's, whose own reads do. */
async function costCentreReadProof(url: string) {
  const demo = await costCentreOfDemo();
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode).toBe(200);
  expect(theirs.body).not.toContain(demo.id);
  expect(theirs.body).not.toContain('TENANCY-PROOF');
  expectNoDemoData(theirs);
  const own = await get(url, demo.cookie);
  expect(own.statusCode).toBe(200);
  expect(own.body).toContain(demo.id);
}

/**
 * A practice that has enquired about joining the demo organisation, made through the API once,
 * so the membership proofs do not depend on what the demo seed holds.
 */
let demoProspect: Promise<{ id: string; cookie: string }> | undefined;
const prospectOfDemo = () =>
  (demoProspect ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload: { odsCode: 'Q79001', name: 'Tenancy Proof Surgery' },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ practice: { id: string } }>().practice.id, cookie };
  })());

/** The demo prospect's membership as the demo organisation sees it. */
async function demoMembership() {
  const demo = await prospectOfDemo();
  const own = await get(`/api/membership/${demo.id}`, demo.cookie);
  expect(own.statusCode).toBe(200);
  return own.json<{ stage: string; dueDiligence: { counts: { unrated: number } } }>();
}

/** Another organisation's change to the demo prospect: 404 with nothing of ours, nothing done. */
async function membershipChangeProof(method: 'PUT' | 'POST', path: string, payload: object) {
  const demo = await prospectOfDemo();
  const response = await t.app.inject({
    method,
    url: `/api/membership/${demo.id}${path}`,
    payload,
    headers: { cookie: cookies.otherAdmin },
  });
  expect(response.statusCode).toBe(404);
  expectNoDemoData(response);
  expect(response.body).not.toContain(demo.id);
  expect(response.body).not.toContain('Tenancy Proof Surgery');
  expect(await demoMembership()).toMatchObject({
    stage: 'enquiry',
    dueDiligence: { counts: { unrated: 7 } },
  });
}

/**
 * A site of the demo organisation's first practice, made through the API once, so the site
 * proofs do not depend on what the demo seed holds.
 */
let demoSite: Promise<{ id: string; cookie: string }> | undefined;
const siteOfDemo = () =>
  (demoSite ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      payload: {
        practiceId: t.demo.practiceIds[0],
        name: 'Tenancy Proof Clinic',
        postcode: 'B17 9QN',
        services: ['ecg'],
      },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ id: string }>().id, cookie };
  })());

/** The demo site as the demo organisation sees it, to prove an attempt changed nothing. */
async function demoSiteNow() {
  const demo = await siteOfDemo();
  const own = await get('/api/sites', demo.cookie);
  const site = own
    .json<{ sites: { id: string; name: string }[] }>()
    .sites.find((s) => s.id === demo.id);
  expect(site, 'the demo site is still there').toBeDefined();
  return site;
}

/** A write another organisation (and practices without the right) must not make. */
async function refusedWrite(
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload: object | undefined,
  answers: readonly (readonly [string, number])[],
) {
  const demo = await siteOfDemo();
  for (const [cookie, status] of answers) {
    const response = await t.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { cookie },
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.id);
    expect(response.body).not.toContain('Tenancy Proof Clinic');
  }
}

/** Proofs for the organisation's form history, practice changes and sites. */
const ORGANISATION_STRUCTURE_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/organisation/form-changes': async () => {
    const response = await get('/api/organisation/form-changes', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json<{ changes: { form: string }[] }>().changes.at(-1)).toMatchObject({
      form: 'federation',
    });
    expectNoDemoData(response);
    const own = await get('/api/organisation/form-changes', cookies.demoNavigator);
    expect(own.json<{ changes: { form: string }[] }>().changes.at(-1)).toMatchObject({
      form: 'autonomy-super-partnership',
    });
  },
  'POST /api/organisation/form-changes': async () => {
    const payload = { form: 'hub-network', effectiveFrom: '2999-01-01', reason: 'Tenancy proof' };
    for (const cookie of [cookies.otherClinician, cookies.demoNavigator, cookies.demoClinician]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/organisation/form-changes',
        payload,
        headers: { cookie },
      });
      expect(response.statusCode).toBe(403);
    }
    // Another organisation's administrator changes their own organisation's form only.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/organisation/form-changes',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expectNoDemoData(theirs);
    const demo = await get('/api/organisation/form-changes', cookies.demoNavigator);
    expect(demo.body).not.toContain('2999-01-01');
    expect(demo.body).not.toContain('Tenancy proof');
  },
  'PATCH /api/practices/:practiceId': async () => {
    const [first = '', second = ''] = t.demo.practiceIds;
    const before = (await get(`/api/practices/${first}`, cookies.demoNavigator)).json<{
      region: string | null;
    }>();
    const payload = { region: 'Taken over' };
    const attempts = [
      [`/api/practices/${first}`, cookies.otherAdmin, 404],
      [`/api/practices/${first}`, cookies.demoClinician, 403],
      [`/api/practices/${second}`, cookies.demoNavigator, 403],
    ] as const;
    for (const [url, cookie, status] of attempts) {
      const response = await t.app.inject({ method: 'PATCH', url, payload, headers: { cookie } });
      expect(response.statusCode, url).toBe(status);
      expectNoDemoData(response);
    }
    const after = await get(`/api/practices/${first}`, cookies.demoNavigator);
    expect(after.json<{ region: string | null }>().region).toBe(before.region);
    // Their own practice they may change.
    const own = await t.app.inject({
      method: 'PATCH',
      url: `/api/practices/${t.other.practiceId}`,
      payload: { contractType: 'GMS' },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(own.statusCode).toBe(200);
    expectNoDemoData(own);
  },
  'GET /api/sites': async () => {
    const demo = await siteOfDemo();
    const theirs = await get('/api/sites', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy Proof Clinic');
    expectNoDemoData(theirs);
    // Every role of the demo organisation sees its sites, the test can fail.
    const own = await get('/api/sites', cookies.demoNavigator);
    expect(own.body).toContain(demo.id);
  },
  'POST /api/sites': async () => {
    const [first, second] = t.demo.practiceIds;
    const site = (practiceId: string | null | undefined) => ({
      practiceId,
      name: 'Taken over',
    });
    await refusedWrite('POST', '/api/sites', site(first), [[cookies.otherAdmin, 404]]);
    await refusedWrite('POST', '/api/sites', site(first), [[cookies.demoClinician, 403]]);
    await refusedWrite('POST', '/api/sites', site(second), [[cookies.demoNavigator, 403]]);
    // A site of the whole organisation lands in the caller's own, and a federation has none.
    await refusedWrite('POST', '/api/sites', site(null), [[cookies.otherAdmin, 409]]);
    const { rows } = await t.db.query("select 1 from site where name = 'Taken over'");
    expect(rows).toEqual([]);
  },
  'PATCH /api/sites/:siteId': async () => {
    const demo = await siteOfDemo();
    await refusedWrite('PATCH', `/api/sites/${demo.id}`, { name: 'Taken over' }, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
    expect(await demoSiteNow()).toMatchObject({ name: 'Tenancy Proof Clinic' });
  },
  'DELETE /api/sites/:siteId': async () => {
    const demo = await siteOfDemo();
    await refusedWrite('DELETE', `/api/sites/${demo.id}`, undefined, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
    await demoSiteNow();
  },
};

/**
 * A crisis at the demo organisation's first practice, declared through the API once, so the
 * crisis proofs do not depend on what the demo seed holds.
 */
let demoCrisis: Promise<{ id: string; endsOn: string; cookie: string }> | undefined;
const crisisOfDemo = () =>
  (demoCrisis ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const today = new Date().toISOString().slice(0, 10);
    const endsOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/crises',
      payload: {
        practiceId: t.demo.practiceIds[0],
        reason: 'Tenancy Proof Crisis',
        startsOn: today,
        endsOn,
      },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ id: string }>().id, endsOn, cookie };
  })());

/** A crisis change that another organisation (404) and a care navigator (403) must not make. */
async function crisisChangeProof(path: string, payload: object) {
  const demo = await crisisOfDemo();
  const attempts = [
    [cookies.otherAdmin, 404],
    [cookies.otherClinician, 404],
    [cookies.demoNavigator, 403],
    [cookies.demoClinician, 403],
  ] as const;
  for (const [cookie, status] of attempts) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/crises/${demo.id}${path}`,
      payload,
      headers: { cookie },
    });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain('Tenancy Proof Crisis');
  }
  const own = await get('/api/crises', demo.cookie);
  const crisis = own
    .json<{ crises: { id: string; endsOn: string; deployed: unknown[] }[] }>()
    .crises.find((c) => c.id === demo.id);
  expect(crisis).toMatchObject({ endsOn: demo.endsOn, deployed: [] });
}

/** Proofs for resilience scores and crises (WF-4). */
const RESILIENCE_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/resilience': async () => {
    const theirs = await get('/api/resilience', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).toContain(t.other.practiceId);
    expectNoDemoData(theirs);
    for (const cookie of [cookies.otherClinician, cookies.demoNavigator, cookies.demoClinician]) {
      const refused = await get('/api/resilience', cookie);
      expect(refused.statusCode).toBe(403);
      expectNoDemoData(refused);
    }
    const own = await get('/api/resilience', (await crisisOfDemo()).cookie);
    expect(own.body).toContain(t.demo.practiceIds[0]);
  },
  'GET /api/resilience/practices/:practiceId': async () => {
    const url = `/api/resilience/practices/${t.demo.practiceIds[0] ?? ''}`;
    const attempts = [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
      [cookies.demoClinician, 403],
    ] as const;
    for (const [cookie, status] of attempts) {
      const response = await get(url, cookie);
      expect(response.statusCode, url).toBe(status);
      expectNoDemoData(response);
    }
    expect((await get(url, (await crisisOfDemo()).cookie)).statusCode).toBe(200);
  },
  'GET /api/crises': async () => {
    const demo = await crisisOfDemo();
    const theirs = await get('/api/crises', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy Proof Crisis');
    expectNoDemoData(theirs);
    expect((await get('/api/crises', cookies.demoNavigator)).statusCode).toBe(403);
    expect((await get('/api/crises', demo.cookie)).body).toContain(demo.id);
  },
  'POST /api/crises': async () => {
    const [first, second] = t.demo.practiceIds;
    const payload = (practiceId: string | undefined) => ({
      practiceId,
      reason: 'Taken over',
      startsOn: '2099-01-01',
      endsOn: '2099-01-02',
    });
    const attempts = [
      [payload(first), cookies.otherAdmin, 404],
      [payload(first), cookies.demoClinician, 403],
      [payload(second), cookies.demoNavigator, 403],
      [payload(t.other.practiceId), cookies.demoNavigator, 404],
    ] as const;
    for (const [body, cookie, status] of attempts) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/crises',
        payload: body,
        headers: { cookie },
      });
      expect(response.statusCode, response.body).toBe(status);
      expectNoDemoData(response);
    }
    const { rows } = await t.db.query("select 1 from crisis where reason = 'Taken over'");
    expect(rows).toEqual([]);
  },
  'POST /api/crises/:crisisId/deployments': () =>
    crisisChangeProof('/deployments', { staffIds: ['00000000-0000-4000-8000-000000000000'] }),
  'POST /api/crises/:crisisId/end': () => crisisChangeProof('/end', {}),
};

/**
 * A GP of the demo organisation's first practice, made through the API once, and a practice
 * manager of its second practice, so the staff proofs do not depend on what the demo seed holds.
 */
let demoStaff: Promise<{ id: string; cookie: string; managerOfSecond: string }> | undefined;
const staffOfDemo = () =>
  (demoStaff ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/staff',
      payload: {
        fullName: 'Dr Tenancy Proof',
        staffRole: 'gp',
        grade: 'salaried-gp',
        employingBody: 'practice',
        homePracticeId: t.demo.practiceIds[0],
      },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    const email = 'tenancy-staff-manager@atscale.test';
    await unscopedAccountRepository(t.db).createUser({
      orgId: t.demo.orgId,
      email,
      displayName: 'Tenancy Staff Manager',
      passwordHash: await hashPassword(TEST_PASSWORD),
      grants: [{ role: 'practice-manager', practiceId: t.demo.practiceIds[1] ?? null }],
    });
    const managerOfSecond = await t.signIn(email);
    return { id: created.json<{ id: string }>().id, cookie, managerOfSecond };
  })());

/** The demo GP as the demo organisation sees it, to prove an attempt changed nothing. */
async function demoStaffNow() {
  const demo = await staffOfDemo();
  const own = await get(`/api/staff/${demo.id}`, demo.cookie);
  expect(own.statusCode).toBe(200);
  return own.json<{ fullName: string; grade: string; gradeChanges: unknown[] }>();
}

/** A staff write that another organisation, and a practice without the right, must not make. */
async function refusedStaffWrite(method: 'POST' | 'PATCH' | 'PUT', path: string, payload: object) {
  const demo = await staffOfDemo();
  const url = path.replace(':staffId', demo.id);
  const attempts = [
    [cookies.otherAdmin, 404],
    // Without the right anywhere, the answer is 403 whatever the id: it tells nothing.
    [cookies.otherClinician, 403],
    [cookies.demoClinician, 403],
    [cookies.demoNavigator, 403],
    [demo.managerOfSecond, 403],
  ] as const;
  for (const [cookie, status] of attempts) {
    const response = await t.app.inject({ method, url, payload, headers: { cookie } });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.id);
    expect(response.body).not.toContain('Dr Tenancy Proof');
  }
  expect(await demoStaffNow()).toMatchObject({
    fullName: 'Dr Tenancy Proof',
    grade: 'salaried-gp',
    gradeChanges: [],
  });
}

/** Proofs for the staff register and the career ladder (WF-1). */
const STAFF_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/staff': async () => {
    const demo = await staffOfDemo();
    const attempts = [
      [cookies.otherAdmin, 200],
      [demo.managerOfSecond, 200],
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
    ] as const;
    for (const [cookie, status] of attempts) {
      const response = await get(`/api/staff?practiceId=${t.demo.practiceIds[0] ?? ''}`, cookie);
      expect(response.statusCode).toBe(status);
      expect(response.body).not.toContain(demo.id);
      expect(response.body).not.toContain('Dr Tenancy Proof');
      if (cookie !== demo.managerOfSecond) expectNoDemoData(response);
    }
    expect((await get('/api/staff', demo.cookie)).body).toContain(demo.id);
  },
  'POST /api/staff': async () => {
    const demo = await staffOfDemo();
    const payload = {
      fullName: 'Dr Taken Over',
      staffRole: 'gp',
      employingBody: 'practice',
      homePracticeId: t.demo.practiceIds[0],
    };
    const attempts = [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
      [demo.managerOfSecond, 403],
    ] as const;
    for (const [cookie, status] of attempts) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/staff',
        payload,
        headers: { cookie },
      });
      expect(response.statusCode, response.body).toBe(status);
      expectNoDemoData(response);
    }
    const { rows } = await t.db.query(
      "select 1 from staff_member where full_name = 'Dr Taken Over'",
    );
    expect(rows).toEqual([]);
  },
  'GET /api/staff/:staffId': async () => {
    const demo = await staffOfDemo();
    const attempts = [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
      [demo.managerOfSecond, 403],
    ] as const;
    for (const [cookie, status] of attempts) {
      const response = await get(`/api/staff/${demo.id}`, cookie);
      expect(response.statusCode).toBe(status);
      expectNoDemoData(response);
      expect(response.body).not.toContain('Dr Tenancy Proof');
    }
    await demoStaffNow();
  },
  'PATCH /api/staff/:staffId': () =>
    refusedStaffWrite('PATCH', '/api/staff/:staffId', { fullName: 'Taken over' }),
  'POST /api/staff/:staffId/grade-changes': () =>
    refusedStaffWrite('POST', '/api/staff/:staffId/grade-changes', {
      to: 'equity-partner',
      effectiveFrom: '2099-01-01',
      reason: 'Reaching across',
    }),
  'GET /api/workforce/career-ladder': async () => {
    const demo = await staffOfDemo();
    const theirs = await get('/api/workforce/career-ladder', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    expect((await get('/api/workforce/career-ladder', demo.cookie)).statusCode).toBe(200);
  },
  'PUT /api/workforce/career-ladder': async () => {
    const demo = await staffOfDemo();
    for (const cookie of [cookies.otherClinician, cookies.demoClinician, demo.managerOfSecond]) {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/workforce/career-ladder',
        payload: { ladder: ['equity-partner'] },
        headers: { cookie },
      });
      expect(response.statusCode).toBe(403);
    }
    // Another organisation's administrator changes their own organisation's ladder only.
    const theirs = await t.app.inject({
      method: 'PUT',
      url: '/api/workforce/career-ladder',
      payload: { ladder: ['salaried-gp', 'equity-partner'] },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    const own = await get('/api/workforce/career-ladder', demo.cookie);
    expect(own.json<{ ladder: string[] }>().ladder).toHaveLength(5);
  },
};

/**
 * A rota of the demo organisation's first practice, made once through the API: a session at
 * its main site with a GP of that practice on it, and an absence of that GP later on. The rota
 * proofs then check that nobody outside reaches it, whatever the demo seed holds.
 */
let demoRota:
  Promise<{ sessionId: string; staffId: string; absenceId: string; cookie: string }> | undefined;
const rotaOfDemo = () =>
  (demoRota ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const [first = ''] = t.demo.practiceIds;
    const { rows: sites } = await t.db.query<{ id: string }>(
      'select id from site where practice_id = $1 order by is_main desc, id limit 1',
      [first],
    );
    const { rows: people } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id)
       values ($1, 'Dr Tenancy Proof', 'gp', 'practice', $2) returning id`,
      [t.demo.orgId, first],
    );
    const staffId = people[0]?.id ?? '';
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const planned = await post('/api/rota/sessions', {
      siteId: sites[0]?.id,
      dates: ['2098-03-02', '2098-03-09'],
      period: 'am',
      requiredRole: 'gp',
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const sessionId = planned.json<{ sessions: { id: string }[] }>().sessions[0]?.id ?? '';
    const assigned = await post(`/api/rota/sessions/${sessionId}/assignments`, { staffId });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const away = await post('/api/rota/absences', {
      staffId,
      kind: 'annual-leave',
      startsOn: '2098-03-02',
      endsOn: '2098-03-13',
    });
    expect(away.statusCode, away.body).toBe(201);
    return { sessionId, staffId, absenceId: away.json<{ id: string }>().id, cookie };
  })());

/** The demo rota as the demo organisation sees it, to prove an attempt changed nothing. */
async function demoRotaNow() {
  const demo = await rotaOfDemo();
  const week = await get(
    `/api/rota/sessions?practiceId=${t.demo.practiceIds[0] ?? ''}&from=2098-03-01&to=2098-03-31`,
    demo.cookie,
  );
  expect(week.statusCode).toBe(200);
  const view = week.json<{
    sessions: { id: string; urgency: number; assignments: { staffId: string }[] }[];
    absences: { id: string }[];
  }>();
  const session = view.sessions.find((s) => s.id === demo.sessionId);
  expect(session, 'the demo session is still there').toMatchObject({
    urgency: 3,
    assignments: [{ staffId: demo.staffId }],
  });
  expect(view.absences.map((a) => a.id)).toContain(demo.absenceId);
  expect(view.sessions).toHaveLength(2);
}

/** Attempts on the demo rota that must be answered with these statuses and nothing of it. */
async function refusedRota(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: (demo: { sessionId: string; staffId: string; absenceId: string }) => string,
  payload: ((demo: { sessionId: string; staffId: string }) => object) | undefined,
  answers: readonly (readonly ['otherAdmin' | 'demoClinician' | 'demoNavigator', number])[],
) {
  const demo = await rotaOfDemo();
  for (const [who, status] of answers) {
    const response = await t.app.inject({
      method,
      url: url(demo),
      ...(payload ? { payload: payload(demo) } : {}),
      headers: { cookie: cookies[who] },
    });
    expect(response.statusCode, `${who} ${method} ${url(demo)}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.sessionId);
    expect(response.body).not.toContain('Dr Tenancy Proof');
  }
  await demoRotaNow();
}

/** Proofs for the rota (WF-2): the navigator works at the second practice, the rota is the first's. */
const ROTA_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/rota/sessions': async () => {
    const url = `/api/rota/sessions?practiceId=${t.demo.practiceIds[0] ?? ''}&from=2098-03-01&to=2098-03-31`;
    await refusedRota('GET', () => url, undefined, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
    ]);
    const own = await get(url, cookies.demoClinician);
    expect(own.body).toContain((await rotaOfDemo()).sessionId);
  },
  'POST /api/rota/sessions': async () => {
    const { rows } = await t.db.query<{ id: string }>(
      'select id from site where practice_id = $1 order by is_main desc, id limit 1',
      [t.demo.practiceIds[0]],
    );
    const payload = () => ({
      siteId: rows[0]?.id,
      dates: ['2098-03-03'],
      period: 'pm',
      requiredRole: 'gp',
    });
    await refusedRota('POST', () => '/api/rota/sessions', payload, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
      ['demoClinician', 403],
    ]);
  },
  'PATCH /api/rota/sessions/:sessionId': () =>
    refusedRota(
      'PATCH',
      (d) => `/api/rota/sessions/${d.sessionId}`,
      () => ({ urgency: 5 }),
      [
        ['otherAdmin', 404],
        ['demoNavigator', 404],
        ['demoClinician', 403],
      ],
    ),
  'DELETE /api/rota/sessions/:sessionId': () =>
    refusedRota('DELETE', (d) => `/api/rota/sessions/${d.sessionId}`, undefined, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
      ['demoClinician', 403],
    ]),
  'GET /api/rota/sessions/:sessionId/eligible-staff': () =>
    refusedRota('GET', (d) => `/api/rota/sessions/${d.sessionId}/eligible-staff`, undefined, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
    ]),
  'POST /api/rota/sessions/:sessionId/assignments': () =>
    refusedRota(
      'POST',
      (d) => `/api/rota/sessions/${d.sessionId}/assignments`,
      (d) => ({ staffId: d.staffId }),
      [
        ['otherAdmin', 404],
        ['demoNavigator', 404],
        ['demoClinician', 403],
      ],
    ),
  'DELETE /api/rota/sessions/:sessionId/assignments/:staffId': () =>
    refusedRota(
      'DELETE',
      (d) => `/api/rota/sessions/${d.sessionId}/assignments/${d.staffId}`,
      undefined,
      [
        ['otherAdmin', 404],
        ['demoNavigator', 404],
        ['demoClinician', 403],
      ],
    ),
  'GET /api/rota/people/:staffId': async () => {
    const url = (d: { staffId: string }) =>
      `/api/rota/people/${d.staffId}?from=2098-03-01&to=2098-03-31`;
    await refusedRota('GET', url, undefined, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
    ]);
    const own = await get(url(await rotaOfDemo()), cookies.demoClinician);
    expect(own.body).toContain('Dr Tenancy Proof');
  },
  'POST /api/rota/absences': () =>
    refusedRota(
      'POST',
      () => '/api/rota/absences',
      (d) => ({
        staffId: d.staffId,
        kind: 'sickness',
        startsOn: '2098-03-02',
        endsOn: '2098-03-02',
      }),
      [
        ['otherAdmin', 404],
        ['demoNavigator', 404],
        ['demoClinician', 403],
      ],
    ),
  'DELETE /api/rota/absences/:absenceId': () =>
    refusedRota('DELETE', (d) => `/api/rota/absences/${d.absenceId}`, undefined, [
      ['otherAdmin', 404],
      ['demoNavigator', 404],
      ['demoClinician', 403],
    ]),
  'GET /api/rota/gaps': async () => {
    await refusedRota('GET', () => '/api/rota/gaps?from=2098-03-01&to=2098-03-31', undefined, [
      ['otherAdmin', 200],
      ['demoNavigator', 200],
    ]);
    const own = await get('/api/rota/gaps?from=2098-03-01&to=2098-03-31', cookies.demoClinician);
    expect(own.body).toContain((await rotaOfDemo()).sessionId);
  },
};

/**
 * The demo organisation's pools, made once: a central workforce sign-in for the demo and for
 * the other organisation, a pool GP with a sign-in, a gap session on a Monday morning at the
 * first practice's main site, the GP in the locum pool and available then, and an open offer
 * of the session to them. The pool proofs check that nobody outside reaches any of it.
 */
let demoPool:
  | Promise<{
      staffId: string;
      sessionId: string;
      offerId: string;
      central: string;
      otherCentral: string;
      poolGp: string;
    }>
  | undefined;
const poolOfDemo = () =>
  (demoPool ??= (async () => {
    const accounts = unscopedAccountRepository(t.db);
    const passwordHash = await hashPassword(TEST_PASSWORD);
    const account = async (
      orgId: string,
      email: string,
      grants: { role: 'central-workforce' | 'clinician'; practiceId: string | null }[],
    ) => {
      const id = await accounts.createUser({
        orgId,
        email,
        displayName: 'Tenancy Pool',
        passwordHash,
        grants,
      });
      return { id, cookie: await t.signIn(email) };
    };
    const [first = ''] = t.demo.practiceIds;
    const central = await account(t.demo.orgId, 'tenancy-pool-central@atscale.test', [
      { role: 'central-workforce', practiceId: null },
    ]);
    const otherCentral = await account(t.other.orgId, 'tenancy-pool-central@other.test', [
      { role: 'central-workforce', practiceId: null },
    ]);
    const poolGp = await account(t.demo.orgId, 'tenancy-pool-gp@atscale.test', [
      { role: 'clinician', practiceId: first },
    ]);
    const { rows: people } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, user_id)
       values ($1, 'Dr Pool Tenancy', 'gp', 'organisation', $2) returning id`,
      [t.demo.orgId, poolGp.id],
    );
    const staffId = people[0]?.id ?? '';
    const { rows: sessions } = await t.db.query<{ id: string }>(
      `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
       select $1, id, '2099-01-05T08:30:00Z', '2099-01-05T12:30:00Z', 'am', 'gp' from site
        where practice_id = $2 order by is_main desc, id limit 1
       returning id`,
      [t.demo.orgId, first],
    );
    const sessionId = sessions[0]?.id ?? '';
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie: central.cookie } });
    const joined = await post('/api/pools/members', {
      staffId,
      pool: 'locum',
      maxSessionsPerWeek: 5,
      pencePerSession: 60_000,
      joinedOn: '2098-01-01',
    });
    expect(joined.statusCode, joined.body).toBe(204);
    const available = await post(`/api/pools/members/${staffId}/availability`, {
      slots: [{ date: '2099-01-05', period: 'day' }],
    });
    expect(available.statusCode, available.body).toBe(204);
    const offered = await post('/api/pools/offers', { sessionId, staffId });
    expect(offered.statusCode, offered.body).toBe(201);
    return {
      staffId,
      sessionId,
      offerId: offered.json<{ id: string }>().id,
      central: central.cookie,
      otherCentral: otherCentral.cookie,
      poolGp: poolGp.cookie,
    };
  })());

/** Attempts on the demo pools that must be answered with these statuses and nothing of them. */
async function refusedPool(
  method: 'GET' | 'POST',
  url: (demo: { staffId: string; offerId: string }) => string,
  payload: ((demo: { staffId: string; sessionId: string }) => object) | undefined,
  answers: readonly (readonly [
    'otherCentral' | 'otherAdmin' | 'demoClinician' | 'poolGp',
    number,
  ])[],
) {
  const demo = await poolOfDemo();
  for (const [who, status] of answers) {
    const cookie = who === 'otherCentral' || who === 'poolGp' ? demo[who] : cookies[who];
    const response = await t.app.inject({
      method,
      url: url(demo),
      ...(payload ? { payload: payload(demo) } : {}),
      headers: { cookie },
    });
    expect(response.statusCode, `${who} ${method} ${url(demo)}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.sessionId);
    expect(response.body).not.toContain('Dr Pool Tenancy');
  }
  // Nothing changed: the offer is still open and nobody is rostered on the session.
  const { rows } = await t.db.query<{ status: string }>(
    'select status from session_offer where id = $1',
    [demo.offerId],
  );
  expect(rows).toEqual([{ status: 'offered' }]);
  const { rows: rostered } = await t.db.query(
    'select 1 from session_assignment where session_id = $1',
    [demo.sessionId],
  );
  expect(rostered).toHaveLength(0);
}

/** Proofs for the pools (WF-3): central workforce of the demo only; a pool GP their own offers. */
const POOL_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/pools/members': async () => {
    await refusedPool('GET', () => '/api/pools/members', undefined, [
      ['otherCentral', 200],
      ['otherAdmin', 403],
      ['demoClinician', 403],
    ]);
    const demo = await poolOfDemo();
    expect((await get('/api/pools/members', demo.central)).body).toContain(demo.staffId);
  },
  'POST /api/pools/members': () =>
    refusedPool(
      'POST',
      () => '/api/pools/members',
      (demo) => ({
        staffId: demo.staffId,
        pool: 'salaried',
        maxSessionsPerWeek: 1,
        pencePerSession: 1,
        joinedOn: '2098-01-01',
      }),
      [
        ['otherCentral', 404],
        ['demoClinician', 403],
      ],
    ),
  'POST /api/pools/members/:staffId/availability': () =>
    refusedPool(
      'POST',
      (demo) => `/api/pools/members/${demo.staffId}/availability`,
      () => ({ slots: [{ date: '2099-01-06', period: 'am' }] }),
      [
        ['otherCentral', 404],
        ['demoClinician', 403],
      ],
    ),
  'GET /api/pools/proposal': async () => {
    await refusedPool('GET', () => '/api/pools/proposal?weekStart=2099-01-05', undefined, [
      ['otherCentral', 200],
      ['otherAdmin', 403],
      ['demoClinician', 403],
    ]);
    const demo = await poolOfDemo();
    const own = await get('/api/pools/proposal?weekStart=2099-01-05', demo.central);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.body).toContain(demo.sessionId);
  },
  'POST /api/pools/applications': () =>
    refusedPool(
      'POST',
      () => '/api/pools/applications',
      (demo) => ({
        weekStart: '2099-01-05',
        assignments: [{ sessionId: demo.sessionId, staffId: demo.staffId }],
      }),
      [
        ['otherCentral', 404],
        ['demoClinician', 403],
        ['poolGp', 403],
      ],
    ),
  'POST /api/pools/offers': () =>
    refusedPool(
      'POST',
      () => '/api/pools/offers',
      (demo) => ({ sessionId: demo.sessionId, staffId: demo.staffId }),
      [
        ['otherCentral', 404],
        ['demoClinician', 403],
      ],
    ),
  'GET /api/pools/my-offers': async () => {
    await refusedPool('GET', () => '/api/pools/my-offers', undefined, [
      ['otherCentral', 200],
      ['otherAdmin', 200],
      ['demoClinician', 200],
    ]);
    const demo = await poolOfDemo();
    expect((await get('/api/pools/my-offers', demo.poolGp)).body).toContain(demo.offerId);
  },
  'POST /api/pools/offers/:offerId/response': () =>
    refusedPool(
      'POST',
      (demo) => `/api/pools/offers/${demo.offerId}/response`,
      () => ({ answer: 'accepted' }),
      [
        ['otherCentral', 404],
        ['otherAdmin', 404],
        ['demoClinician', 404],
      ],
    ),
};

/**
 * Booking (ACC-3) in the demo organisation, made once through the API: a room at the first
 * practice's main site, a weekly pattern there, a session with its slots published (visible to
 * the first practice's patients only), and a booking of a patient of the first practice. The
 * proofs check that another organisation, and the second practice's navigator, reach none of it.
 */
let demoBooking:
  | Promise<{
      roomId: string;
      patternId: string;
      sessionId: string;
      slotId: string;
      freeSlotId: string;
      appointmentId: string;
      staffId: string;
      siteId: string;
      day: string;
      cookie: string;
    }>
  | undefined;
const bookingOfDemo = () =>
  (demoBooking ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const [first = ''] = t.demo.practiceIds;
    const { rows: sites } = await t.db.query<{ id: string }>(
      'select id from site where practice_id = $1 order by is_main desc, id limit 1',
      [first],
    );
    const siteId = sites[0]?.id ?? '';
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const room = await post('/api/rooms', { siteId, name: 'Tenancy Proof Room' });
    expect(room.statusCode, room.body).toBe(201);
    const pattern = await post('/api/session-patterns', {
      siteId,
      weekday: 3,
      period: 'pm',
      requiredRole: 'gp',
      service: 'gp',
      channel: 'telephone',
      slotMinutes: 15,
      visibility: 'practice',
      validFrom: '2098-01-01',
    });
    expect(pattern.statusCode, pattern.body).toBe(201);
    const { rows: people } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body, home_practice_id)
       values ($1, 'Dr Booking Proof', 'gp', 'practice', $2) returning id`,
      [t.demo.orgId, first],
    );
    const staffId = people[0]?.id ?? '';
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    startsAt.setUTCHours(9, 0, 0, 0);
    const { rows: sessions } = await t.db.query<{ id: string }>(
      `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
       values ($1, $2, $3, $3::timestamptz + interval '20 minutes', 'custom', 'gp') returning id`,
      [t.demo.orgId, siteId, startsAt.toISOString()],
    );
    const sessionId = sessions[0]?.id ?? '';
    await t.db.query(
      'insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)',
      [t.demo.orgId, sessionId, staffId],
    );
    const published = await post(`/api/access/sessions/${sessionId}/slots`, {
      offer: { service: 'gp', channel: 'in-person', slotMinutes: 10, visibility: 'practice' },
    });
    expect(published.statusCode, published.body).toBe(201);
    const [slot, free] = published.json<{ slots: { id: string }[] }>().slots;
    const booked = await post('/api/appointments', {
      slotId: slot?.id,
      patientId: demoPatient.id,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    return {
      roomId: room.json<{ id: string }>().id,
      patternId: pattern.json<{ id: string }>().id,
      sessionId,
      slotId: slot?.id ?? '',
      freeSlotId: free?.id ?? '',
      appointmentId: booked.json<{ id: string }>().id,
      staffId,
      siteId,
      day: startsAt.toISOString().slice(0, 10),
      cookie,
    };
  })());

type BookingDemo = Awaited<ReturnType<typeof bookingOfDemo>>;

/**
 * Attempts on the demo's booking set-up that must be answered with these statuses and none of
 * it; afterwards the booking, the room, the pattern and the slots are as they were.
 */
async function refusedBooking(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: (demo: BookingDemo) => string,
  payload: ((demo: BookingDemo) => object) | undefined,
  answers: readonly (readonly ['otherAdmin' | 'demoNavigator', number])[],
) {
  const demo = await bookingOfDemo();
  for (const [who, status] of answers) {
    const response = await t.app.inject({
      method,
      url: url(demo),
      ...(payload ? { payload: payload(demo) } : {}),
      headers: { cookie: cookies[who] },
    });
    expect(response.statusCode, `${who} ${method} ${url(demo)}: ${response.body}`).toBe(status);
    if (who === 'otherAdmin') expectNoDemoData(response);
    for (const id of [
      demo.roomId,
      demo.patternId,
      demo.slotId,
      demo.appointmentId,
      demoPatient.id,
    ]) {
      expect(response.body).not.toContain(id);
    }
    expect(response.body).not.toContain('Dr Booking Proof');
  }
  const { rows } = await t.db.query<{ status: string; taken: number }>(
    `select a.status, s.taken from appointment a join slot s on s.id = a.slot_id where a.id = $1`,
    [demo.appointmentId],
  );
  expect(rows).toEqual([{ status: 'booked', taken: 1 }]);
  const { rows: kept } = await t.db.query(
    `select 1 from room where id = $1 union all select 1 from session_pattern where id = $2
     union all select 1 from slot where session_id = $3 and status = 'open'`,
    [demo.roomId, demo.patternId, demo.sessionId],
  );
  expect(kept).toHaveLength(4);
}

const bothRefused = (status: number) =>
  [
    ['otherAdmin', status],
    ['demoNavigator', status],
  ] as const;

/** Proofs for booking (ACC-3): the navigator works at the second practice; all this is the first's. */
const BOOKING_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/rooms': async () => {
    await refusedBooking('GET', () => '/api/rooms', undefined, bothRefused(200));
    const demo = await bookingOfDemo();
    expect((await get('/api/rooms', demo.cookie)).body).toContain(demo.roomId);
  },
  'POST /api/rooms': () =>
    refusedBooking(
      'POST',
      () => '/api/rooms',
      (d) => ({ siteId: d.siteId, name: 'X' }),
      bothRefused(404),
    ),
  'PATCH /api/rooms/:roomId': () =>
    refusedBooking(
      'PATCH',
      (d) => `/api/rooms/${d.roomId}`,
      () => ({ name: 'Taken' }),
      bothRefused(404),
    ),
  'DELETE /api/rooms/:roomId': () =>
    refusedBooking('DELETE', (d) => `/api/rooms/${d.roomId}`, undefined, bothRefused(404)),
  'GET /api/session-patterns': async () => {
    await refusedBooking('GET', () => '/api/session-patterns', undefined, bothRefused(200));
    const demo = await bookingOfDemo();
    expect((await get('/api/session-patterns', demo.cookie)).body).toContain(demo.patternId);
  },
  'POST /api/session-patterns': () =>
    refusedBooking(
      'POST',
      () => '/api/session-patterns',
      (d) => ({
        siteId: d.siteId,
        weekday: 1,
        period: 'am',
        requiredRole: 'gp',
        validFrom: '2098-01-01',
      }),
      bothRefused(404),
    ),
  'DELETE /api/session-patterns/:patternId': () =>
    refusedBooking(
      'DELETE',
      (d) => `/api/session-patterns/${d.patternId}`,
      undefined,
      bothRefused(404),
    ),
  'POST /api/session-patterns/:patternId/skips': () =>
    refusedBooking(
      'POST',
      (d) => `/api/session-patterns/${d.patternId}/skips`,
      () => ({ date: '2098-01-07' }),
      bothRefused(404),
    ),
  'POST /api/session-patterns/generate': async () => {
    await refusedBooking(
      'POST',
      () => '/api/session-patterns/generate',
      (d) => ({ patternIds: [d.patternId], from: '2098-01-01', to: '2098-01-31' }),
      bothRefused(404),
    );
    await refusedBooking(
      'POST',
      () => '/api/session-patterns/generate',
      () => ({ practiceId: t.demo.practiceIds[0], from: '2098-01-01', to: '2098-01-31' }),
      bothRefused(404),
    );
  },
  'GET /api/slots/search': async () => {
    const demo = await bookingOfDemo();
    await refusedBooking(
      'GET',
      (d) => `/api/slots/search?from=${d.day}&to=${d.day}`,
      undefined,
      bothRefused(200),
    );
    const own = await get(`/api/slots/search?from=${demo.day}&to=${demo.day}`, demo.cookie);
    expect(own.body).toContain(demo.freeSlotId);
  },
  'POST /api/slots/:slotId/hold': () =>
    refusedBooking('POST', (d) => `/api/slots/${d.freeSlotId}/hold`, undefined, bothRefused(404)),
  'GET /api/access/sessions/:sessionId/slots': () =>
    refusedBooking(
      'GET',
      (d) => `/api/access/sessions/${d.sessionId}/slots`,
      undefined,
      bothRefused(404),
    ),
  'POST /api/access/sessions/:sessionId/slots': () =>
    refusedBooking(
      'POST',
      (d) => `/api/access/sessions/${d.sessionId}/slots`,
      () => ({}),
      bothRefused(404),
    ),
  'DELETE /api/access/sessions/:sessionId/slots': () =>
    refusedBooking(
      'DELETE',
      (d) => `/api/access/sessions/${d.sessionId}/slots`,
      undefined,
      bothRefused(404),
    ),
  'POST /api/appointments': () =>
    refusedBooking(
      'POST',
      () => '/api/appointments',
      (d) => ({ slotId: d.freeSlotId, patientId: demoPatient.id }),
      bothRefused(404),
    ),
  'GET /api/appointments': () =>
    refusedBooking(
      'GET',
      () => `/api/appointments?patientId=${demoPatient.id}`,
      undefined,
      bothRefused(404),
    ),
  'GET /api/appointments/day': async () => {
    await refusedBooking(
      'GET',
      (d) => `/api/appointments/day?staffId=${d.staffId}&date=${d.day}`,
      undefined,
      [
        ['otherAdmin', 404],
        ['demoNavigator', 200],
      ],
    );
    const demo = await bookingOfDemo();
    const own = await get(
      `/api/appointments/day?staffId=${demo.staffId}&date=${demo.day}`,
      demo.cookie,
    );
    expect(own.body).toContain(demo.appointmentId);
  },
  'GET /api/appointments/:appointmentId': () =>
    refusedBooking(
      'GET',
      (d) => `/api/appointments/${d.appointmentId}`,
      undefined,
      bothRefused(404),
    ),
  'POST /api/appointments/:appointmentId/cancel': () =>
    refusedBooking(
      'POST',
      (d) => `/api/appointments/${d.appointmentId}/cancel`,
      () => ({ reason: 'Reaching across', patientTold: false }),
      bothRefused(404),
    ),
  'POST /api/appointments/:appointmentId/rebook': () =>
    refusedBooking(
      'POST',
      (d) => `/api/appointments/${d.appointmentId}/rebook`,
      (d) => ({ slotId: d.freeSlotId, reason: 'Reaching across', patientTold: false }),
      bothRefused(404),
    ),
  'POST /api/appointments/:appointmentId/outcome': () =>
    refusedBooking(
      'POST',
      (d) => `/api/appointments/${d.appointmentId}/outcome`,
      () => ({ outcome: 'did-not-attend' }),
      bothRefused(404),
    ),
};

/** For each route: proof that another organisation (and practice) gets nothing. */
/** A hub and a walk-in queue of the demo organisation, made through the API once. */
let demoAccess:
  Promise<{ hubId: string; queueId: string; ticketId: string; cookie: string }> | undefined;
const accessOfDemo = () =>
  (demoAccess ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const [first = '', second = ''] = t.demo.practiceIds;
    const { rows } = await t.db.query<{ id: string }>(
      'select id from site where org_id = $1 and practice_id = $2 order by name limit 1',
      [t.demo.orgId, first],
    );
    const siteId = rows[0]?.id ?? '';
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const hub = await post('/api/hubs', {
      name: 'Tenancy Proof Hub',
      releaseLeadMinutes: 120,
      siteIds: [siteId],
      practices: [
        { practiceId: first, dailyThreshold: 5 },
        { practiceId: second, dailyThreshold: 5 },
      ],
    });
    expect(hub.statusCode, hub.body).toBe(201);
    const queue = await post('/api/walk-in/queues', {
      name: 'Tenancy Proof Queue',
      siteId,
      service: 'phlebotomy',
      minutesPerPatient: 5,
      open: true,
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const queueId = queue.json<{ id: string }>().id;
    const ticket = await post(`/api/walk-in/queues/${queueId}/tickets`, {});
    expect(ticket.statusCode, ticket.body).toBe(201);
    return {
      hubId: hub.json<{ id: string }>().id,
      queueId,
      ticketId: ticket.json<{ id: string }>().id,
      cookie,
    };
  })());

/** Sends a request as each caller and expects each status, and no demo data in the answer. */
async function refusedToEach(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  attempts: readonly (readonly [string, number])[],
  payload?: object,
) {
  for (const [cookie, status] of attempts) {
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode, `${method} ${url}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain('Tenancy Proof');
  }
}

const hubPayload = () => ({
  name: 'Theirs',
  releaseLeadMinutes: 60,
  siteIds: [],
  practices: [{ practiceId: t.demo.practiceIds[0] ?? '', dailyThreshold: 1 }],
});
const queuePayload = (siteId: string) => ({
  name: 'Theirs',
  siteId,
  service: 'phlebotomy',
  minutesPerPatient: 5,
  open: true,
});

const ACCESS_HUB_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/hubs': async () => {
    await accessOfDemo();
    const theirs = await get('/api/hubs', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    expect(theirs.body).not.toContain('Tenancy Proof Hub');
  },
  'POST /api/hubs': async () => {
    // Another organisation cannot name the demo's practices; a clinician cannot set one up.
    await refusedToEach('POST', '/api/hubs', [[cookies.otherAdmin, 400]], hubPayload());
    await refusedToEach('POST', '/api/hubs', [[cookies.demoClinician, 403]], hubPayload());
  },
  'GET /api/hubs/:hubId': async () => {
    const { hubId } = await accessOfDemo();
    await refusedToEach('GET', `/api/hubs/${hubId}`, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
    ]);
  },
  'PUT /api/hubs/:hubId': async () => {
    const { hubId } = await accessOfDemo();
    await refusedToEach(
      'PUT',
      `/api/hubs/${hubId}`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
        [cookies.demoNavigator, 403],
      ],
      { ...hubPayload(), practices: [] },
    );
  },
  'DELETE /api/hubs/:hubId': async () => {
    const { hubId } = await accessOfDemo();
    await refusedToEach('DELETE', `/api/hubs/${hubId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/hubs/:hubId/days/:date': async () => {
    const { hubId, cookie } = await accessOfDemo();
    const url = `/api/hubs/${hubId}/days/2099-01-05`;
    await refusedToEach('GET', url, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
      [cookies.demoClinician, 403],
    ]);
    expect((await get(url, cookie)).statusCode).toBe(200);
  },
  'GET /api/hubs/:hubId/weeks/:from': async () => {
    const { hubId } = await accessOfDemo();
    await refusedToEach('GET', `/api/hubs/${hubId}/weeks/2099-01-05`, [
      [cookies.otherAdmin, 404],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/access/reports/gaming': async () => {
    const url = '/api/access/reports/gaming?from=2099-01-05&to=2099-01-11';
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    await refusedToEach('GET', url, [
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
      [cookies.demoClinician, 403],
    ]);
  },
  'GET /api/access/reports/dna': async () => {
    const url = '/api/access/reports/dna?from=2099-01-05&to=2099-01-11';
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    await refusedToEach('GET', url, [
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/walk-in/queues': async () => {
    await accessOfDemo();
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get('/api/walk-in/queues', cookie);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('Tenancy Proof Queue');
    }
  },
  'POST /api/walk-in/queues': async () => {
    const { rows } = await t.db.query<{ id: string }>(
      'select id from site where org_id = $1 and practice_id = $2 limit 1',
      [t.demo.orgId, t.demo.practiceIds[0]],
    );
    const payload = queuePayload(rows[0]?.id ?? '');
    await refusedToEach('POST', '/api/walk-in/queues', [[cookies.otherAdmin, 404]], payload);
    await refusedToEach(
      'POST',
      '/api/walk-in/queues',
      [
        [cookies.demoNavigator, 403],
        [cookies.demoClinician, 403],
      ],
      payload,
    );
  },
  'PUT /api/walk-in/queues/:queueId': async () => {
    const { queueId } = await accessOfDemo();
    const { rows } = await t.db.query<{ id: string }>(
      'select id from site where org_id = $1 limit 1',
      [t.other.orgId],
    );
    await refusedToEach(
      'PUT',
      `/api/walk-in/queues/${queueId}`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoNavigator, 403],
      ],
      queuePayload(rows[0]?.id ?? t.other.practiceId),
    );
  },
  'DELETE /api/walk-in/queues/:queueId': async () => {
    const { queueId } = await accessOfDemo();
    await refusedToEach('DELETE', `/api/walk-in/queues/${queueId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/walk-in/queues/:queueId/live': async () => {
    const { queueId } = await accessOfDemo();
    await refusedToEach('GET', `/api/walk-in/queues/${queueId}/live`, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ]);
    expect(
      (await get(`/api/walk-in/queues/${queueId}/live`, cookies.demoClinician)).statusCode,
    ).toBe(200);
  },
  'POST /api/walk-in/queues/:queueId/tickets': async () => {
    const { queueId } = await accessOfDemo();
    await refusedToEach(
      'POST',
      `/api/walk-in/queues/${queueId}/tickets`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoNavigator, 403],
      ],
      {},
    );
    // A patient of another organisation is not found, even at one's own queue.
    const theirs = await t.app.inject({
      method: 'POST',
      url: `/api/walk-in/queues/${queueId}/tickets`,
      headers: { cookie: cookies.demoClinician },
      payload: { patientId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(theirs.statusCode).toBe(404);
  },
  'POST /api/walk-in/queues/:queueId/call-next': async () => {
    const { queueId } = await accessOfDemo();
    await refusedToEach('POST', `/api/walk-in/queues/${queueId}/call-next`, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ]);
  },
  'POST /api/walk-in/queues/:queueId/tickets/:ticketId/outcome': async () => {
    const { queueId, ticketId } = await accessOfDemo();
    await refusedToEach(
      'POST',
      `/api/walk-in/queues/${queueId}/tickets/${ticketId}/outcome`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoNavigator, 403],
      ],
      { outcome: 'left' },
    );
  },
};

/**
 * A phone request for the demo organisation's first practice's patient, recorded through the
 * API once, so the request and triage proofs do not depend on what the demo seed holds.
 */
let demoRequest: Promise<{ id: string; cookie: string }> | undefined;
const requestOfDemo = () =>
  (demoRequest ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/requests',
      payload: {
        patientId: demoPatient.id,
        channel: 'phone',
        kind: 'clinical',
        description: 'Tenancy Proof Request',
      },
      headers: { cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ id: string }>().id, cookie };
  })());

/** The demo request's status as its own organisation sees it. */
async function demoRequestStatus() {
  const demo = await requestOfDemo();
  const own = await get(`/api/requests/${demo.id}`, demo.cookie);
  expect(own.statusCode).toBe(200);
  return own.json<{ status: string }>().status;
}

/** A change to the demo request that others must not make: refused, nothing shown, nothing done. */
async function requestChangeProof(
  path: string,
  payload: object | undefined,
  answers: readonly (readonly [string, number])[],
) {
  const demo = await requestOfDemo();
  for (const [cookie, status] of answers) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/requests/${demo.id}${path}`,
      ...(payload ? { payload } : {}),
      headers: { cookie },
    });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain('Tenancy Proof Request');
  }
  expect(await demoRequestStatus()).toBe('waiting');
}

/** Proofs for requests, triage, KPIs and call centres (ACC-1, ACC-2). */
const ACCESS_REQUESTS_TENANCY: Record<string, () => Promise<void>> = {
  'POST /api/requests': async () => {
    const payload = {
      patientId: demoPatient.id,
      channel: 'phone',
      kind: 'clinical',
      description: 'Taken over',
    };
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/requests',
        payload,
        headers: { cookie },
      });
      expect(response.statusCode, response.body).toBe(404);
      expectNoDemoData(response);
    }
    const { rows } = await t.db.query(
      "select 1 from patient_request where description = 'Taken over'",
    );
    expect(rows).toEqual([]);
  },
  'GET /api/requests/:requestId': async () => {
    const demo = await requestOfDemo();
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(`/api/requests/${demo.id}`, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
      expect(response.body).not.toContain('Tenancy Proof Request');
    }
    expect((await get(`/api/requests/${demo.id}`, cookies.demoClinician)).statusCode).toBe(200);
  },
  'POST /api/requests/:requestId/close': () =>
    requestChangeProof('/close', {}, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 404],
    ]),
  'POST /api/requests/:requestId/claim': () =>
    requestChangeProof('/claim', undefined, [
      [cookies.otherClinician, 404],
      [cookies.otherAdmin, 403],
      [cookies.demoNavigator, 403],
    ]),
  'POST /api/requests/:requestId/release': () =>
    requestChangeProof('/release', undefined, [
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ]),
  'POST /api/requests/:requestId/triage': () =>
    requestChangeProof('/triage', { urgency: 'routine', outcome: 'self-care' }, [
      [cookies.otherClinician, 404],
      [cookies.otherAdmin, 403],
      [cookies.demoNavigator, 403],
    ]),
  'GET /api/triage/queue': async () => {
    const demo = await requestOfDemo();
    const url = `/api/triage/queue?practiceId=${t.demo.practiceIds[0] ?? ''}`;
    for (const [cookie, status] of [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ] as const) {
      const response = await get(url, cookie);
      expect(response.statusCode, response.body).toBe(status);
      expectNoDemoData(response);
    }
    const own = await get(url, cookies.demoClinician);
    expect(own.body).toContain(demo.id);
  },
  'GET /api/triage/to-book': async () => {
    await requestOfDemo();
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician]) {
      const response = await get('/api/triage/to-book', cookie);
      expect(response.statusCode).toBe(200);
      expectNoDemoData(response);
    }
    const refused = await get(
      `/api/triage/to-book?practiceId=${t.demo.practiceIds[0] ?? ''}`,
      cookies.otherAdmin,
    );
    expect(refused.statusCode).toBe(404);
    expectNoDemoData(refused);
  },
  'GET /api/triage/kpis': async () => {
    const demo = await requestOfDemo();
    const today = new Date().toISOString().slice(0, 10);
    const url = `/api/triage/kpis?from=${today}&to=${today}&by=practice`;
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json<{ overall: { requests: number } }>().overall.requests).toBe(0);
    expectNoDemoData(theirs);
    expect((await get(url, cookies.demoClinician)).statusCode).toBe(403);
    const own = await get(url, demo.cookie);
    expect(own.json<{ overall: { requests: number } }>().overall.requests).toBeGreaterThan(0);
  },
  'GET /api/triage-teams': async () => {
    const demo = await requestOfDemo();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/triage-teams',
      payload: { name: 'Tenancy Proof Centre', region: 'Tenancy Region' },
      headers: { cookie: demo.cookie },
    });
    expect(created.statusCode, created.body).toBe(201);
    const theirs = await get('/api/triage-teams', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('Tenancy Proof Centre');
    expectNoDemoData(theirs);
    expect((await get('/api/triage-teams', cookies.demoNavigator)).body).toContain(
      'Tenancy Proof Centre',
    );
  },
  'POST /api/triage-teams': async () => {
    for (const cookie of [cookies.demoNavigator, cookies.demoClinician, cookies.otherClinician]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/triage-teams',
        payload: { name: 'Taken over' },
        headers: { cookie },
      });
      expect(response.statusCode).toBe(403);
    }
    const { rows } = await t.db.query("select 1 from triage_team where name = 'Taken over'");
    expect(rows).toEqual([]);
  },
  'PUT /api/request-routing': async () => {
    const put = (cookie: string, routing: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/request-routing',
        payload: { routing },
        headers: { cookie },
      });
    for (const cookie of [cookies.demoNavigator, cookies.demoClinician, cookies.otherClinician]) {
      expect((await put(cookie, 'centre')).statusCode).toBe(403);
    }
    const theirs = await put(cookies.otherAdmin, 'centre');
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    const demo = await get('/api/triage-teams', cookies.demoNavigator);
    expect(demo.json<{ routing: string }>().routing).toBe('practice');
  },
  'GET /api/request-routing': async () => {
    const demo = await requestOfDemo();
    const put = (cookie: string, routing: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/request-routing',
        payload: { routing },
        headers: { cookie },
      });
    // Each organisation's own setting, set apart: the demo's must not show through to the other.
    expect((await put(cookies.otherAdmin, 'practice')).statusCode).toBe(200);
    const set = await put(demo.cookie, 'centre');
    expect(set.statusCode, set.body).toBe(200);
    try {
      const theirs = await get('/api/request-routing', cookies.otherClinician);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json<{ routing: string }>().routing).toBe('practice');
      expectNoDemoData(theirs);
      const own = await get('/api/request-routing', cookies.demoNavigator);
      expect(own.json<{ routing: string }>().routing).toBe('centre');
    } finally {
      // Other proofs expect the demo's requests to stay with its practices.
      await put(demo.cookie, 'practice');
    }
  },
  'GET /api/access/summary': async () => {
    await requestOfDemo();
    const count = async (url: string, cookie: string) => {
      const response = await get(url, cookie);
      expect(response.statusCode, response.body).toBe(200);
      expectNoDemoData(response);
      return response.json<{ requests: { waiting: number } }>().requests.waiting;
    };
    expect(await count('/api/access/summary', cookies.otherAdmin)).toBe(0);
    expect(await count('/api/access/summary', cookies.otherClinician)).toBe(0);
    const first = t.demo.practiceIds[0] ?? '';
    await refusedToEach('GET', `/api/access/summary?practiceId=${first}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoNavigator, 403],
    ]);
    // The demo's request counts for its own practice's clinician: the proof can fail.
    const own = await get('/api/access/summary', cookies.demoClinician);
    const r = own.json<{ requests: { waiting: number; claimed: number; triagedToday: number } }>()
      .requests;
    expect(r.waiting + r.claimed + r.triagedToday).toBeGreaterThan(0);
  },
};

/**
 * The demo organisation's finances, made through the API once: settings with the tenancy proof
 * cost centre as the centre, an entry in it, a levy run for 2099/2100 and a saving.
 */
let demoFinance:
  Promise<{ entryId: string; invoiceId: string; centreId: string; cookie: string }> | undefined;
const financeOfDemo = () =>
  (demoFinance ??= (async () => {
    const { id: centreId, cookie } = await costCentreOfDemo();
    const send = (method: 'POST' | 'PUT', url: string, payload: object) =>
      t.app.inject({ method, url, payload, headers: { cookie } });
    const settings = await send('PUT', '/api/finance/settings', {
      basis: 'registered-list',
      frequency: 'quarterly',
      vatTreatment: 'outside-scope',
      invoicePrefix: 'PROOF',
      pencePerPatientPerYear: 200,
      paymentTermsDays: 30,
      standardVatBasisPoints: 2000,
      centralCostCentreId: centreId,
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const entry = await send('POST', '/api/finance/journal-entries', {
      entryDate: '2099-02-01',
      description: 'Tenancy Proof entry',
      lines: [
        { costCentreId: centreId, accountCode: '1000', debitPence: 4242, creditPence: 0 },
        { costCentreId: centreId, accountCode: '4050', debitPence: 0, creditPence: 4242 },
      ],
    });
    expect(entry.statusCode, entry.body).toBe(201);
    const run = await send('POST', '/api/finance/levy-runs', {
      issuedOn: '2099-04-01',
      financialYear: 2099,
      periodNumber: 1,
    });
    expect(run.statusCode, run.body).toBe(201);
    const invoices = run.json<{ invoices: { id: string }[] }>().invoices;
    const saving = await send('POST', '/api/finance/savings', {
      practiceId: t.demo.practiceIds[0],
      service: 'banking',
      periodFrom: '2099-04-01',
      periodTo: '2099-06-30',
      amountPence: 4242,
      note: 'Tenancy Proof saving',
    });
    expect(saving.statusCode, saving.body).toBe(201);
    return {
      entryId: entry.json<{ id: string }>().id,
      invoiceId: invoices[0]?.id ?? '',
      centreId,
      cookie,
    };
  })());

/** Another organisation reads its own finances and sees none of the demo's; its own reads do. */
async function financeReadProof(
  url: string,
  demoMarker: (d: { entryId: string; invoiceId: string }) => string,
) {
  const demo = await financeOfDemo();
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode, theirs.body).toBe(200);
  expectNoDemoData(theirs);
  expect(theirs.body).not.toContain(demoMarker(demo));
  expect(theirs.body).not.toContain('Tenancy Proof');
  expect((await get(url, cookies.demoClinician)).statusCode).toBe(403);
  const own = await get(url, demo.cookie);
  expect(own.statusCode).toBe(200);
  expect(own.body).toContain(demoMarker(demo));
}

/**
 * The demo organisation's payment tracking, made through the API once: two expected payments
 * of 2099, a chase of the first, and a statement paying the second and one nobody expected.
 */
let demoPayments:
  Promise<{ overdueId: string; matchId: string; receivedId: string; cookie: string }> | undefined;
const paymentsOfDemo = () =>
  (demoPayments ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const send = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const expected = async (reference: string, amountPence: number) => {
      const made = await send('/api/finance/expected-payments', {
        practiceId: t.demo.practiceIds[0],
        kind: 'other',
        payer: 'Tenancy Proof payer',
        reference,
        amountPence,
        dueOn: '2099-01-31',
      });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ id: string }>().id;
    };
    const overdueId = await expected('TENANCY-PROOF-PAY-1', 4243);
    await expected('TENANCY-PROOF-PAY-2', 4244);
    const chase = await send(`/api/finance/expected-payments/${overdueId}/chases`, {
      method: 'email',
      note: 'Tenancy Proof chase',
    });
    expect(chase.statusCode, chase.body).toBe(201);
    const imported = await send('/api/finance/payment-imports', {
      fileName: 'tenancy-proof.csv',
      csv: [
        'date,payer,reference,amount',
        '2099-02-01,Tenancy Proof payer,TENANCY-PROOF-PAY-2,42.44',
        '2099-02-02,Tenancy Proof stranger,TENANCY-PROOF-UNMATCHED,42.45',
      ].join('\n'),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const { matches } = imported.json<{ matches: { receivedPaymentId: string }[] }>();
    const review = await get('/api/finance/received-payments/review', cookie);
    const waiting = review
      .json<{ payments: { id: string; reference: string }[] }>()
      .payments.find((p) => p.reference === 'TENANCY-PROOF-UNMATCHED');
    const matchedList = await get(
      '/api/finance/expected-payments?from=2099-01-31&to=2099-01-31&status=received',
      cookie,
    );
    const matchId =
      matchedList.json<{ payments: { match: { id: string } | null }[] }>().payments[0]?.match?.id ??
      '';
    expect(matches).toHaveLength(1);
    return { overdueId, matchId, receivedId: waiting?.id ?? '', cookie };
  })());

/** Another organisation reads its own payment tracking and none of the demo's. */
async function paymentsReadProof(url: string, marker: string) {
  await paymentsOfDemo();
  await financeReadProof(url, () => marker);
}

/**
 * The demo organisation's budgets and recharges (FIN-1, FIN-5), made through the API once: a
 * budget for the proof cost centre in 2099/2100, and an agreement from its second practice to
 * its first with a usage invoiced for April 2099 (posted in May, clear of the proofs above).
 */
let demoRecharge:
  | Promise<{
      agreementId: string;
      usageId: string;
      invoiceId: string;
      centreId: string;
      cookie: string;
    }>
  | undefined;
const rechargeOfDemo = () =>
  (demoRecharge ??= (async () => {
    const { centreId, cookie } = await financeOfDemo();
    const send = (method: 'POST' | 'PUT', url: string, payload: object) =>
      t.app.inject({ method, url, payload, headers: { cookie } });
    const budget = await send('PUT', '/api/finance/budgets', {
      costCentreId: centreId,
      financialYear: 2099,
      lines: [{ accountCode: '4090', amountPence: 424_242 }],
    });
    expect(budget.statusCode, budget.body).toBe(200);
    const agreement = await send('POST', '/api/finance/recharge-agreements', {
      providerPracticeId: t.demo.practiceIds[1],
      recipientPracticeId: t.demo.practiceIds[0],
      serviceName: 'Tenancy Proof clinic',
      unit: 'session',
      unitPricePence: 4242,
      vatTreatment: 'exempt',
      startsOn: '2099-04-01',
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const agreementId = agreement.json<{ id: string }>().id;
    const usage = await send('POST', `/api/finance/recharge-agreements/${agreementId}/usage`, {
      usedOn: '2099-04-02',
      quantity: 1,
    });
    expect(usage.statusCode, usage.body).toBe(201);
    const run = await send('POST', '/api/finance/recharge-runs', {
      month: '2099-04',
      issuedOn: '2099-05-01',
    });
    expect(run.statusCode, run.body).toBe(201);
    return {
      agreementId,
      usageId: usage.json<{ id: string }>().id,
      invoiceId: run.json<{ invoices: { id: string }[] }>().invoices[0]?.id ?? '',
      centreId,
      cookie,
    };
  })());

/** Another organisation's user searches and reads FHIR resources and gets none of the demo's. */
async function fhirReadProof(searchUrl: string, readUrl: (id: string) => string, demoId: string) {
  const theirs = await get(searchUrl, cookies.otherAdmin);
  expect(theirs.statusCode, theirs.body).toBe(200);
  expect(theirs.body).not.toContain(demoId);
  expectNoDemoData(theirs);
  const read = await get(readUrl(demoId), cookies.otherAdmin);
  expect(read.statusCode).toBe(404);
  expect(read.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  expectNoDemoData(read);
  // The demo's own users find it, so the test can fail.
  const own = await get(searchUrl, cookies.demoNavigator);
  expect(own.body).toContain(demoId);
}

/**
 * A session of a clinician made for the proofs, at practice 1's main site ten days ahead, its
 * slots published through the API and the first booked through FHIR $book for a patient of
 * practice 1: the scheduling proofs' own data, whatever the demo seed holds.
 */
let demoScheduling:
  | Promise<{
      session: string;
      staff: string;
      day: string;
      free: string;
      appointment: string;
      cookie: string;
    }>
  | undefined;
const schedulingOfDemo = () =>
  (demoScheduling ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const { rows: sites } = await t.db.query<{ id: string }>(
      'select id from site where practice_id = $1 order by is_main desc, id limit 1',
      [demoPatient.practiceId],
    );
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    startsAt.setUTCHours(10, 0, 0, 0);
    const { rows: staff } = await t.db.query<{ id: string }>(
      `insert into staff_member (org_id, full_name, staff_role, employing_body)
       values ($1, 'Dr Tenancy Scheduling', 'gp', 'organisation') returning id`,
      [t.demo.orgId],
    );
    const { rows } = await t.db.query<{ id: string }>(
      `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
       values ($1, $2, $3, $3::timestamptz + interval '20 minutes', 'custom', 'gp') returning id`,
      [t.demo.orgId, sites[0]?.id, startsAt.toISOString()],
    );
    const session = rows[0]?.id ?? '';
    await t.db.query(
      'insert into session_assignment (org_id, session_id, staff_id) values ($1, $2, $3)',
      [t.demo.orgId, session, staff[0]?.id],
    );
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/access/sessions/${session}/slots`,
      headers: { cookie },
      payload: {
        offer: { service: 'gp', channel: 'telephone', slotMinutes: 10, visibility: 'practice' },
      },
    });
    expect(published.statusCode, published.body).toBe(201);
    const [slot = '', free = ''] = published
      .json<{ slots: { id: string }[] }>()
      .slots.map((s) => s.id);
    const booked = await fhirPost('/fhir/R4/Appointment/$book', cookie, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'slot', valueReference: { reference: `Slot/${slot}` } },
        { name: 'patient', valueReference: { reference: `Patient/${demoPatient.id}` } },
      ],
    });
    expect(booked.statusCode, booked.body).toBe(201);
    return {
      session,
      staff: staff[0]?.id ?? '',
      day: startsAt.toISOString().slice(0, 10),
      free,
      appointment: booked.json<{ id: string }>().id,
      cookie,
    };
  })());

const fhirPost = (url: string, cookie: string, body: unknown, method: 'POST' | 'PUT' = 'POST') =>
  t.app.inject({
    method,
    url,
    headers: { cookie, 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(body),
  });

const cancelPatch = (id: string, cookie: string) =>
  t.app.inject({
    method: 'PATCH',
    url: `/fhir/R4/Appointment/${id}`,
    headers: { cookie, 'content-type': 'application/json-patch+json' },
    payload: JSON.stringify([{ op: 'replace', path: '/status', value: 'cancelled' }]),
  });

/** A 404 OperationOutcome with nothing of the demo's in it. */
function expectFhirNotFound(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(404);
  expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  expectNoDemoData(response);
}

/** The demo's booked appointment is still booked, whatever another tried. */
async function demoAppointmentUntouched() {
  const demo = await schedulingOfDemo();
  const own = await get(`/fhir/R4/Appointment/${demo.appointment}`, demo.cookie);
  expect(own.json()).toMatchObject({ status: 'booked' });
}

/** The FHIR scheduling facade: organisation and practice limits, as the app's booking. */
const SCHEDULING_TENANCY: Record<string, () => Promise<void>> = {
  'GET /fhir/R4/Slot': async () => {
    const demo = await schedulingOfDemo();
    const url = `/fhir/R4/Slot?schedule=Schedule/${demo.session}`;
    // Practice 1's own slots: not for another organisation, nor for practice 2's navigator.
    for (const cookie of [cookies.otherAdmin, cookies.demoNavigator]) {
      const theirs = await get(url, cookie);
      expect(theirs.statusCode, theirs.body).toBe(200);
      expect(theirs.body).not.toContain(demo.free);
      expectNoDemoData(theirs);
    }
    expect((await get(url, demo.cookie)).body).toContain(demo.free);
  },
  'GET /fhir/R4/Slot/:id': async () => {
    const demo = await schedulingOfDemo();
    expect((await get(`/fhir/R4/Slot/${demo.free}`, demo.cookie)).statusCode).toBe(200);
    expectFhirNotFound(await get(`/fhir/R4/Slot/${demo.free}`, cookies.otherAdmin));
    // A practice-only slot of practice 1 is not for practice 2's patients.
    expectFhirNotFound(await get(`/fhir/R4/Slot/${demo.free}`, cookies.demoNavigator));
  },
  'GET /fhir/R4/Schedule': async () => {
    const demo = await schedulingOfDemo();
    const url = `/fhir/R4/Schedule?actor=Practitioner/${demo.staff}`;
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.session);
    expectNoDemoData(theirs);
    expect((await get(url, demo.cookie)).body).toContain(demo.session);
  },
  'GET /fhir/R4/Schedule/:id': async () => {
    const demo = await schedulingOfDemo();
    expect((await get(`/fhir/R4/Schedule/${demo.session}`, demo.cookie)).statusCode).toBe(200);
    expectFhirNotFound(await get(`/fhir/R4/Schedule/${demo.session}`, cookies.otherAdmin));
  },
  'GET /fhir/R4/Appointment': async () => {
    const demo = await schedulingOfDemo();
    for (const cookie of [cookies.otherAdmin, cookies.demoNavigator]) {
      const theirs = await get(`/fhir/R4/Appointment?patient=Patient/${demoPatient.id}`, cookie);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).not.toContain(demo.appointment);
      expect((await get('/fhir/R4/Appointment', cookie)).body).not.toContain(demo.appointment);
    }
    const own = `/fhir/R4/Appointment?patient=Patient/${demoPatient.id}&date=ge${demo.day}`;
    expect((await get(own, demo.cookie)).body).toContain(demo.appointment);
  },
  'GET /fhir/R4/Appointment/:id': async () => {
    const demo = await schedulingOfDemo();
    expectFhirNotFound(await get(`/fhir/R4/Appointment/${demo.appointment}`, cookies.otherAdmin));
    // The navigator works at practice 2; the patient is practice 1's.
    expect(
      (await get(`/fhir/R4/Appointment/${demo.appointment}`, cookies.demoNavigator)).statusCode,
    ).toBe(404);
    expect((await get(`/fhir/R4/Appointment/${demo.appointment}`, demo.cookie)).statusCode).toBe(
      200,
    );
  },
  'POST /fhir/R4/Appointment/$find': async () => {
    const demo = await schedulingOfDemo();
    // On the slot's day only: the demo's own telephone slots before it fill more than a page.
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'delivery-channel', valueCode: 'telephone' },
        { name: 'start', valueDate: demo.day },
        { name: 'end', valueDate: demo.day },
      ],
    };
    const theirs = await fhirPost('/fhir/R4/Appointment/$find', cookies.otherAdmin, body);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.free);
    expectNoDemoData(theirs);
    expect((await fhirPost('/fhir/R4/Appointment/$find', demo.cookie, body)).body).toContain(
      demo.free,
    );
  },
  'POST /fhir/R4/Appointment/$hold': async () => {
    const demo = await schedulingOfDemo();
    const body = {
      resourceType: 'Parameters',
      parameter: [{ name: 'slot', valueReference: { reference: `Slot/${demo.free}` } }],
    };
    expectFhirNotFound(await fhirPost('/fhir/R4/Appointment/$hold', cookies.otherAdmin, body));
    expectFhirNotFound(await fhirPost('/fhir/R4/Appointment/$hold', cookies.demoNavigator, body));
    expect((await get(`/fhir/R4/Slot/${demo.free}`, demo.cookie)).json()).toMatchObject({
      status: 'free',
    });
  },
  'POST /fhir/R4/Appointment/$book': async () => {
    const demo = await schedulingOfDemo();
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'slot', valueReference: { reference: `Slot/${demo.free}` } },
        { name: 'patient', valueReference: { reference: `Patient/${demoPatient.id}` } },
      ],
    };
    expectFhirNotFound(await fhirPost('/fhir/R4/Appointment/$book', cookies.otherAdmin, body));
    expectFhirNotFound(await fhirPost('/fhir/R4/Appointment/$book', cookies.demoNavigator, body));
    expect((await get(`/fhir/R4/Slot/${demo.free}`, demo.cookie)).json()).toMatchObject({
      status: 'free',
    });
  },
  'PUT /fhir/R4/Appointment/:id': async () => {
    const demo = await schedulingOfDemo();
    const body = { resourceType: 'Appointment', id: demo.appointment, status: 'cancelled' };
    const url = `/fhir/R4/Appointment/${demo.appointment}`;
    expectFhirNotFound(await fhirPost(url, cookies.otherAdmin, body, 'PUT'));
    expectFhirNotFound(await fhirPost(url, cookies.demoNavigator, body, 'PUT'));
    await demoAppointmentUntouched();
  },
  'PATCH /fhir/R4/Appointment/:id': async () => {
    const demo = await schedulingOfDemo();
    expectFhirNotFound(await cancelPatch(demo.appointment, cookies.otherAdmin));
    expectFhirNotFound(await cancelPatch(demo.appointment, cookies.demoNavigator));
    await demoAppointmentUntouched();
  },
};

/** The FHIR facade: the same organisation limits as the app's API. */
const FHIR_TENANCY: Record<string, () => Promise<void>> = {
  'GET /fhir/R4/Organization': () =>
    fhirReadProof(
      '/fhir/R4/Organization',
      (id) => `/fhir/R4/Organization/${id}`,
      t.demo.practiceIds[0] ?? '',
    ),
  'GET /fhir/R4/Organization/:id': () =>
    fhirReadProof('/fhir/R4/Organization', (id) => `/fhir/R4/Organization/${id}`, t.demo.orgId),
  'GET /fhir/R4/Location': async () => {
    const demo = await siteOfDemo();
    await fhirReadProof('/fhir/R4/Location', (id) => `/fhir/R4/Location/${id}`, demo.id);
  },
  'GET /fhir/R4/Location/:id': async () => {
    const demo = await siteOfDemo();
    const own = await get(`/fhir/R4/Location/${demo.id}`, cookies.demoNavigator);
    expect(own.statusCode).toBe(200);
    const theirs = await get(`/fhir/R4/Location/${demo.id}`, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expectNoDemoData(theirs);
  },
  'GET /fhir/R4/Practitioner': async () => {
    const demo = (await staffOfDemo()).id;
    await fhirReadProof('/fhir/R4/Practitioner', (id) => `/fhir/R4/Practitioner/${id}`, demo);
  },
  'GET /fhir/R4/Practitioner/:id': async () => {
    const url = `/fhir/R4/Practitioner/${(await staffOfDemo()).id}`;
    expect((await get(url, cookies.demoNavigator)).statusCode).toBe(200);
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expectNoDemoData(theirs);
  },
  'GET /fhir/R4/PractitionerRole': async () => {
    const demo = (await staffOfDemo()).id;
    await fhirReadProof(
      '/fhir/R4/PractitionerRole',
      (id) => `/fhir/R4/PractitionerRole/${id}`,
      demo,
    );
  },
  'GET /fhir/R4/PractitionerRole/:id': async () => {
    const url = `/fhir/R4/PractitionerRole/${(await staffOfDemo()).id}`;
    expect((await get(url, cookies.demoNavigator)).statusCode).toBe(200);
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expectNoDemoData(theirs);
  },
  'GET /fhir/R4/HealthcareService': async () => {
    // Services share their codes (gp, msk) across organisations; the demo's sites do not.
    const demo = await siteOfDemo();
    const theirs = await get(
      `/fhir/R4/HealthcareService?location=Location/${demo.id}`,
      cookies.otherAdmin,
    );
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json<{ total: number }>().total).toBe(0);
    const all = await get('/fhir/R4/HealthcareService?_count=100', cookies.otherAdmin);
    expect(all.body).not.toContain(demo.id);
    expectNoDemoData(all);
    const own = await get('/fhir/R4/HealthcareService?_count=100', cookies.demoNavigator);
    expect(own.body).toContain(t.demo.orgId);
  },
  'GET /fhir/R4/HealthcareService/:id': async () => {
    const own = await get('/fhir/R4/HealthcareService/gp', cookies.demoNavigator);
    expect(own.body).toContain(t.demo.orgId);
    const theirs = await get('/fhir/R4/HealthcareService/gp', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
  },
  'GET /fhir/R4/Patient': async () => {
    const url = `/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${demoPatient.nhsNumber}`;
    const own = await get(url, cookies.demoClinician);
    expect(own.body).toContain(demoPatient.id);
    // Another organisation, and another practice of the same organisation, find nothing.
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const theirs = await get(url, cookie);
      expect(theirs.statusCode).toBe(200);
      // The Bundle's self link repeats the NHS number asked for; nothing else of the demo.
      expect(theirs.json<{ total: number; entry: unknown[] }>()).toMatchObject({
        total: 0,
        entry: [],
      });
      expect(theirs.body).not.toContain(demoPatient.id);
      expect(theirs.body).not.toContain(t.demo.orgId);
    }
  },
  'GET /fhir/R4/Patient/:id': async () => {
    const url = `/fhir/R4/Patient/${demoPatient.id}`;
    expect((await get(url, cookies.demoClinician)).statusCode).toBe(200);
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const theirs = await get(url, cookie);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      expectNoDemoData(theirs);
    }
  },
  'GET /fhir/R4/:type': async () => {
    // Types not served answer 404 to everyone, whoever's data would have been behind them.
    const response = await get('/fhir/R4/Medication', cookies.otherAdmin);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  },
};

/** The demo's recharge agreement as it sees it: unchanged by another's attempts. */
async function demoAgreementUntouched() {
  const demo = await rechargeOfDemo();
  const own = await get(`/api/finance/recharge-agreements/${demo.agreementId}/usage`, demo.cookie);
  expect(own.statusCode).toBe(200);
  expect(own.json<{ usage: { id: string }[] }>().usage.map((u) => u.id)).toEqual([demo.usageId]);
  const list = await get('/api/finance/recharge-agreements', demo.cookie);
  expect(
    list
      .json<{ agreements: { id: string; endsOn: string | null }[] }>()
      .agreements.find((a) => a.id === demo.agreementId)?.endsOn,
  ).toBeNull();
}

const FINANCE_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/finance/settings': async () => {
    const demo = await financeOfDemo();
    await financeReadProof('/api/finance/settings', () => demo.centreId);
  },
  'PUT /api/finance/settings': async () => {
    const demo = await financeOfDemo();
    await refusedToEach('PUT', '/api/finance/settings', [[cookies.otherAdmin, 400]], {
      basis: 'registered-list',
      frequency: 'monthly',
      vatTreatment: 'standard',
      invoicePrefix: 'THEIRS',
      pencePerPatientPerYear: 1,
      paymentTermsDays: 1,
      standardVatBasisPoints: 1,
      centralCostCentreId: demo.centreId,
    });
    const own = await get('/api/finance/settings', demo.cookie);
    expect(own.json()).toMatchObject({ invoicePrefix: 'PROOF', pencePerPatientPerYear: 200 });
  },
  'POST /api/finance/journal-entries': async () => {
    const demo = await financeOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/journal-entries',
      [
        [cookies.otherAdmin, 403],
        [cookies.demoClinician, 403],
        [cookies.demoNavigator, 403],
      ],
      {
        entryDate: '2099-02-01',
        description: 'Theirs',
        lines: [
          { costCentreId: demo.centreId, accountCode: '1000', debitPence: 1, creditPence: 0 },
          { costCentreId: demo.centreId, accountCode: '4050', debitPence: 0, creditPence: 1 },
        ],
      },
    );
  },
  'GET /api/finance/journal-entries/:entryId': async () => {
    const demo = await financeOfDemo();
    await refusedToEach('GET', `/api/finance/journal-entries/${demo.entryId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    expect(
      (await get(`/api/finance/journal-entries/${demo.entryId}`, demo.cookie)).statusCode,
    ).toBe(200);
  },
  'POST /api/finance/journal-entries/:entryId/reverse': async () => {
    const demo = await financeOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/journal-entries/${demo.entryId}/reverse`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { reason: 'Theirs' },
    );
    const own = await get(`/api/finance/journal-entries/${demo.entryId}`, demo.cookie);
    expect(own.json()).toMatchObject({ reversedByEntryId: null });
  },
  'GET /api/finance/profit-and-loss': async () => {
    const demo = await financeOfDemo();
    const url = `/api/finance/profit-and-loss?costCentreId=${demo.centreId}&from=2099-01-01&to=2099-03-31`;
    await refusedToEach('GET', url, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    const own = await get(url, demo.cookie);
    expect(own.json()).toMatchObject({ totals: { incomePence: 4242 } });
  },
  'GET /api/finance/profit-by-cost-centre': async () => {
    const demo = await financeOfDemo();
    await financeReadProof(
      '/api/finance/profit-by-cost-centre?from=2099-01-01&to=2099-03-31',
      () => demo.centreId,
    );
  },
  'GET /api/finance/ledger/export': () =>
    financeReadProof('/api/finance/ledger/export?from=2099-01-01&to=2099-12-31', (d) => d.entryId),
  'POST /api/finance/levy-runs': async () => {
    await financeOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/levy-runs',
      [
        [cookies.otherAdmin, 409],
        [cookies.demoClinician, 403],
      ],
      { issuedOn: '2099-07-01', financialYear: 2099, periodNumber: 2 },
    );
  },
  'GET /api/finance/levy-invoices': () =>
    financeReadProof('/api/finance/levy-invoices', (d) => d.invoiceId),
  'GET /api/finance/levy-invoices/:invoiceId': async () => {
    const demo = await financeOfDemo();
    await refusedToEach('GET', `/api/finance/levy-invoices/${demo.invoiceId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/finance/levy-invoices/:invoiceId/print': async () => {
    const demo = await financeOfDemo();
    await refusedToEach('GET', `/api/finance/levy-invoices/${demo.invoiceId}/print`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    const own = await get(`/api/finance/levy-invoices/${demo.invoiceId}/print`, demo.cookie);
    expect(own.body).toContain('PROOF-2099-');
  },
  'POST /api/finance/levy-invoices/:invoiceId/paid': async () => {
    const demo = await financeOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/levy-invoices/${demo.invoiceId}/paid`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { paidOn: '2099-04-02' },
    );
    const own = await get(`/api/finance/levy-invoices/${demo.invoiceId}`, demo.cookie);
    expect(own.json()).toMatchObject({ status: 'unpaid' });
  },
  'POST /api/finance/savings': async () => {
    await financeOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/savings',
      [
        [cookies.otherAdmin, 400],
        [cookies.demoClinician, 403],
      ],
      {
        practiceId: t.demo.practiceIds[0],
        service: 'banking',
        periodFrom: '2099-04-01',
        periodTo: '2099-06-30',
        amountPence: 1,
      },
    );
  },
  'GET /api/finance/savings': () =>
    financeReadProof(
      '/api/finance/savings?from=2099-01-01&to=2099-12-31',
      () => 'Tenancy Proof saving',
    ),
  'GET /api/finance/levy-vs-savings': () =>
    financeReadProof('/api/finance/levy-vs-savings?from=2099-01-01&to=2099-12-31', () => '4242'),
  'GET /api/finance/budgets': async () => {
    const demo = await rechargeOfDemo();
    const url = `/api/finance/budgets?costCentreId=${demo.centreId}&financialYear=2099`;
    await refusedToEach('GET', url, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    expect((await get(url, demo.cookie)).body).toContain('424242');
  },
  'PUT /api/finance/budgets': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'PUT',
      '/api/finance/budgets',
      [
        [cookies.otherAdmin, 400],
        [cookies.demoClinician, 403],
      ],
      { costCentreId: demo.centreId, financialYear: 2099, lines: [] },
    );
    const own = await get(
      `/api/finance/budgets?costCentreId=${demo.centreId}&financialYear=2099`,
      demo.cookie,
    );
    expect(own.json()).toMatchObject({ lines: [{ accountCode: '4090', amountPence: 424_242 }] });
  },
  'GET /api/finance/parity': async () => {
    const demo = await rechargeOfDemo();
    const url = '/api/finance/parity?financialYear=2099&years=2';
    const theirs = await get(url, cookies.otherAdmin);
    expect([200, 409], theirs.body).toContain(theirs.statusCode);
    expectNoDemoData(theirs);
    expect(theirs.body).not.toContain(demo.centreId);
    expect((await get(url, cookies.demoClinician)).statusCode).toBe(403);
    const own = await get(url, demo.cookie);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.body).toContain(demo.centreId);
  },
  'GET /api/finance/recharge-agreements': async () => {
    const demo = await rechargeOfDemo();
    await financeReadProof('/api/finance/recharge-agreements', () => demo.agreementId);
  },
  'POST /api/finance/recharge-agreements': async () => {
    await rechargeOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/recharge-agreements',
      [
        [cookies.otherAdmin, 400],
        [cookies.demoClinician, 403],
      ],
      {
        providerPracticeId: t.demo.practiceIds[1],
        recipientPracticeId: t.demo.practiceIds[0],
        serviceName: 'Theirs',
        unit: 'session',
        unitPricePence: 1,
        vatTreatment: 'standard',
        startsOn: '2099-04-01',
      },
    );
  },
  'POST /api/finance/recharge-agreements/:agreementId/end': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/recharge-agreements/${demo.agreementId}/end`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { endsOn: '2099-12-31' },
    );
    await demoAgreementUntouched();
  },
  'POST /api/finance/recharge-agreements/:agreementId/usage': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/recharge-agreements/${demo.agreementId}/usage`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { usedOn: '2099-04-03', quantity: 1 },
    );
    await demoAgreementUntouched();
  },
  'GET /api/finance/recharge-agreements/:agreementId/usage': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach('GET', `/api/finance/recharge-agreements/${demo.agreementId}/usage`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    await demoAgreementUntouched();
  },
  'DELETE /api/finance/recharge-agreements/:agreementId/usage/:usageId': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'DELETE',
      `/api/finance/recharge-agreements/${demo.agreementId}/usage/${demo.usageId}`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
    );
    await demoAgreementUntouched();
  },
  'POST /api/finance/recharge-runs': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/recharge-runs',
      [
        // Their own organisation's month: nothing to invoice, and nothing of the demo's.
        [cookies.otherAdmin, 200],
        [cookies.demoClinician, 403],
      ],
      { month: '2099-04', issuedOn: '2099-05-02' },
    );
    const own = await get('/api/finance/recharge-invoices?month=2099-04', demo.cookie);
    expect(own.json<{ invoices: { id: string }[] }>().invoices.map((i) => i.id)).toEqual([
      demo.invoiceId,
    ]);
  },
  'GET /api/finance/recharge-invoices': async () => {
    const demo = await rechargeOfDemo();
    await financeReadProof('/api/finance/recharge-invoices', () => demo.invoiceId);
  },
  'GET /api/finance/recharge-invoices/:invoiceId': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach('GET', `/api/finance/recharge-invoices/${demo.invoiceId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
      [cookies.demoNavigator, 403],
    ]);
  },
  'GET /api/finance/recharge-invoices/:invoiceId/print': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach('GET', `/api/finance/recharge-invoices/${demo.invoiceId}/print`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    const own = await get(`/api/finance/recharge-invoices/${demo.invoiceId}/print`, demo.cookie);
    expect(own.body).toContain('RCH-2099-');
  },
  'POST /api/finance/recharge-invoices/:invoiceId/paid': async () => {
    const demo = await rechargeOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/recharge-invoices/${demo.invoiceId}/paid`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { paidOn: '2099-05-02' },
    );
    const own = await get(`/api/finance/recharge-invoices/${demo.invoiceId}`, demo.cookie);
    expect(own.json()).toMatchObject({ status: 'unpaid' });
  },
  'POST /api/finance/expected-payments': async () => {
    await paymentsOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/expected-payments',
      [
        [cookies.otherAdmin, 400],
        [cookies.demoClinician, 403],
      ],
      {
        practiceId: t.demo.practiceIds[0],
        kind: 'other',
        payer: 'Theirs',
        amountPence: 1,
        dueOn: '2099-01-31',
      },
    );
  },
  'GET /api/finance/expected-payments': () =>
    paymentsReadProof(
      '/api/finance/expected-payments?from=2099-01-01&to=2099-12-31',
      'TENANCY-PROOF-PAY-1',
    ),
  'POST /api/finance/expected-payments/schedule': async () => {
    await paymentsOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/expected-payments/schedule',
      [
        [cookies.otherAdmin, 400],
        [cookies.demoClinician, 403],
      ],
      {
        practiceId: t.demo.practiceIds[0],
        financialYear: 2099,
        weightedListSize: 1,
        globalSumPencePerWeightedPatient: 12,
      },
    );
  },
  'PUT /api/finance/expected-payments/:expectedPaymentId/owner': async () => {
    const demo = await paymentsOfDemo();
    const { rows } = await t.db.query<{ id: string }>(
      `select id from app_user where org_id = $1 order by email limit 1`,
      [t.other.orgId],
    );
    await refusedToEach(
      'PUT',
      `/api/finance/expected-payments/${demo.overdueId}/owner`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { ownerId: rows[0]?.id ?? null },
    );
    const own = await get('/api/finance/payment-ageing?on=2099-06-01', demo.cookie);
    const item = own
      .json<{ items: { id: string; owner: unknown }[] }>()
      .items.find((i) => i.id === demo.overdueId);
    expect(item?.owner).toBeNull();
  },
  'POST /api/finance/expected-payments/:expectedPaymentId/chases': async () => {
    const demo = await paymentsOfDemo();
    await refusedToEach(
      'POST',
      `/api/finance/expected-payments/${demo.overdueId}/chases`,
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { method: 'phone', note: 'Theirs' },
    );
    const own = await get(`/api/finance/expected-payments/${demo.overdueId}/chases`, demo.cookie);
    expect(own.json<{ chases: unknown[] }>().chases).toHaveLength(1);
  },
  'GET /api/finance/expected-payments/:expectedPaymentId/chases': async () => {
    const demo = await paymentsOfDemo();
    await refusedToEach('GET', `/api/finance/expected-payments/${demo.overdueId}/chases`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    const own = await get(`/api/finance/expected-payments/${demo.overdueId}/chases`, demo.cookie);
    expect(own.body).toContain('Tenancy Proof chase');
  },
  'POST /api/finance/payment-imports': async () => {
    const demo = await paymentsOfDemo();
    // Their statement quoting the demo's reference and amount stays theirs: nothing matches.
    const payload = {
      fileName: 'theirs.csv',
      csv: 'date,payer,reference,amount\n2099-01-31,Their payer,TENANCY-PROOF-PAY-1,42.43',
    };
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/finance/payment-imports',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json()).toMatchObject({ matched: 0, forReview: 1 });
    expectNoDemoData(theirs);
    await refusedToEach('POST', '/api/finance/payment-imports', [[cookies.demoClinician, 403]], {
      ...payload,
      fileName: 'clinician.csv',
    });
    const own = await get('/api/finance/payment-ageing?on=2099-06-01', demo.cookie);
    expect(own.body).toContain(demo.overdueId);
  },
  'GET /api/finance/received-payments/review': () =>
    paymentsReadProof('/api/finance/received-payments/review', 'TENANCY-PROOF-UNMATCHED'),
  'POST /api/finance/payment-matches': async () => {
    const demo = await paymentsOfDemo();
    await refusedToEach(
      'POST',
      '/api/finance/payment-matches',
      [
        [cookies.otherAdmin, 404],
        [cookies.demoClinician, 403],
      ],
      { receivedPaymentId: demo.receivedId, expectedPaymentId: demo.overdueId },
    );
    const own = await get('/api/finance/received-payments/review', demo.cookie);
    expect(own.body).toContain(demo.receivedId);
  },
  'DELETE /api/finance/payment-matches/:matchId': async () => {
    const demo = await paymentsOfDemo();
    await refusedToEach('DELETE', `/api/finance/payment-matches/${demo.matchId}`, [
      [cookies.otherAdmin, 404],
      [cookies.demoClinician, 403],
    ]);
    const own = await get(
      '/api/finance/expected-payments?from=2099-01-31&to=2099-01-31&status=received',
      demo.cookie,
    );
    expect(own.body).toContain(demo.matchId);
  },
  'GET /api/finance/payment-ageing': () =>
    paymentsReadProof('/api/finance/payment-ageing?on=2099-06-01', 'TENANCY-PROOF-PAY-1'),
};
/** A system client of the demo organisation, registered through the API once. */
let demoSystemClient: Promise<{ id: string; cookie: string }> | undefined;
const systemClientOfDemo = () =>
  (demoSystemClient ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/system-clients',
      headers: { cookie },
      payload: {
        name: 'Tenancy proof client',
        practiceId: t.demo.practiceIds[0],
        scopes: ['system/*.read'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ client: { id: string } }>().client.id, cookie };
  })());

/** System clients: another organisation's administrator neither sees nor changes the demo's. */
const SYSTEM_CLIENT_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/system-clients': async () => {
    const demo = await systemClientOfDemo();
    const theirs = await get('/api/system-clients', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy proof client');
    expectNoDemoData(theirs);
    // A practice role of the demo organisation does not manage clients either.
    expect((await get('/api/system-clients', cookies.demoNavigator)).statusCode).toBe(403);
    const own = await get('/api/system-clients', demo.cookie);
    expect(own.body).toContain(demo.id);
  },
  'POST /api/system-clients': async () => {
    const demo = await systemClientOfDemo();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/system-clients',
      headers: { cookie: cookies.otherAdmin },
      payload: {
        name: 'Reaching over',
        practiceId: t.demo.practiceIds[0],
        scopes: ['system/*.read'],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { field: string }[] }>().errors).toContainEqual(
      expect.objectContaining({ field: 'body/practiceId' }),
    );
    expectNoDemoData(response);
    const own = await get('/api/system-clients', demo.cookie);
    expect(own.body).not.toContain('Reaching over');
  },
  'POST /api/system-clients/:clientId/revoke': async () => {
    const demo = await systemClientOfDemo();
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/system-clients/${demo.id}/revoke`,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(response.statusCode).toBe(404);
    expectNoDemoData(response);
    const own = await get('/api/system-clients', demo.cookie);
    const client = own
      .json<{ clients: { id: string; revokedAt: string | null }[] }>()
      .clients.find((c) => c.id === demo.id);
    expect(client?.revokedAt).toBeNull();
  },
};

/**
 * A board election of the demo organisation with one partner standing, made through the API
 * once (with a partner account for it), so the election proofs do not depend on the demo seed.
 */
let demoElection:
  Promise<{ id: string; candidateId: string; admin: string; partner: string }> | undefined;
const electionOfDemo = () =>
  (demoElection ??= (async () => {
    const admin = await t.signIn('demo@atscale.test');
    const email = 'tenancy-partner@atscale.test';
    await unscopedAccountRepository(t.db).createUser({
      orgId: t.demo.orgId,
      email,
      displayName: 'Dr Tenancy Partner',
      passwordHash: await hashPassword(TEST_PASSWORD),
      grants: [{ role: 'partner', practiceId: t.demo.practiceIds[0] ?? null }],
    });
    const partner = await t.signIn(email);
    const post = (url: string, payload: object, cookie: string) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const created = await post('/api/elections', { title: 'Tenancy proof election' }, admin);
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const nominated = await post(
      `/api/elections/${id}/candidates`,
      { statement: 'Tenancy proof statement' },
      partner,
    );
    expect(nominated.statusCode, nominated.body).toBe(201);
    return { id, candidateId: nominated.json<{ id: string }>().id, admin, partner };
  })());

/** Another organisation's admin and clinician get 404 and nothing of the demo election. */
async function electionRefused(method: 'GET' | 'POST', path: string, payload?: object) {
  const demo = await electionOfDemo();
  const url = `/api/elections/${demo.id}${path.replace(':candidateId', demo.candidateId)}`;
  for (const cookie of [cookies.otherAdmin, cookies.otherClinician]) {
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });
    // 404 for an administrator (no such election there); a clinician may be refused sooner.
    const expected = cookie === cookies.otherAdmin ? [404] : [403, 404];
    expect(expected, `${method} ${url}`).toContain(response.statusCode);
    expect(response.body).not.toContain('Tenancy proof');
    expectNoDemoData(response);
  }
  // Nothing changed: the demo election is still open for nominations with its candidate.
  const own = await get(`/api/elections/${demo.id}`, demo.admin);
  expect(own.json()).toMatchObject({ status: 'nominations', candidates: 1 });
}

const ELECTION_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/elections': async () => {
    const demo = await electionOfDemo();
    const theirs = await get('/api/elections', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expectNoDemoData(theirs);
    expect((await get('/api/elections', demo.partner)).body).toContain(demo.id);
  },
  'GET /api/elections/eligible-partners': async () => {
    await electionOfDemo();
    const theirs = await get('/api/elections/eligible-partners', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('Dr Tenancy Partner');
    expectNoDemoData(theirs);
  },
  'POST /api/elections': async () => {
    const demo = await electionOfDemo();
    // A partner may not create an election; another organisation's admin creates only its own.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/elections',
      payload: { title: 'Not allowed' },
      headers: { cookie: demo.partner },
    });
    expect(refused.statusCode).toBe(403);
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/elections',
      payload: { title: 'Their own election', seats: 3 },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    expect((await get('/api/elections', demo.admin)).body).not.toContain('Their own election');
  },
  'GET /api/elections/:electionId': () => electionRefused('GET', ''),
  'POST /api/elections/:electionId/candidates': () =>
    electionRefused('POST', '/candidates', { statement: 'Intruder' }),
  'POST /api/elections/:electionId/candidates/:candidateId/withdrawal': () =>
    electionRefused('POST', '/candidates/:candidateId/withdrawal'),
  'POST /api/elections/:electionId/open-voting': () => electionRefused('POST', '/open-voting'),
  'POST /api/elections/:electionId/close-voting': () => electionRefused('POST', '/close-voting'),
  'POST /api/elections/:electionId/count': () => electionRefused('POST', '/count'),
  'POST /api/elections/:electionId/publish': () => electionRefused('POST', '/publish'),
  'POST /api/elections/:electionId/ballots': async () => {
    const demo = await electionOfDemo();
    await electionRefused('POST', '/ballots', { preferences: [demo.candidateId] });
  },
  'POST /api/elections/:electionId/receipt-checks': () =>
    electionRefused('POST', '/receipt-checks', { receipt: 'AAAA-BBBB-CCCC-DDDD' }),
  'GET /api/elections/:electionId/results': () => electionRefused('GET', '/results'),
  'GET /api/elections/:electionId/voters': () => electionRefused('GET', '/voters'),
};

/**
 * A policy of the demo organisation with version 1 approved and adopted by its first practice,
 * made through the API once, so the policy library proofs do not depend on the demo seed.
 */
let demoPolicy: Promise<{ id: string; versionId: string; admin: string }> | undefined;
const policyOfDemo = () =>
  (demoPolicy ??= (async () => {
    const admin = await t.signIn('demo@atscale.test');
    const post = (url: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin },
        ...(payload ? { payload } : {}),
      });
    const owners = await get('/api/governance/policies/owners', admin);
    const ownerId = owners.json<{ id: string }[]>()[0]?.id ?? '';
    const created = await post('/api/governance/policies', {
      title: 'Tenancy proof policy',
      ownerId,
      keyQuestions: ['safe'],
      localAnnexAllowed: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const draft = await post(`/api/governance/policies/${id}/versions`, {
      body: 'Tenancy proof body',
      changeSummary: 'Tenancy proof',
      effectiveFrom: '2024-01-01',
      reviewBy: '2099-01-01',
    });
    const versionId = draft.json<{ id: string }>().id;
    await post(`/api/governance/policies/${id}/versions/${versionId}/approval`);
    const adopted = await post(`/api/governance/policies/${id}/adoptions`, {
      practiceId: t.demo.practiceIds[0],
      versionId,
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    return { id, versionId, admin };
  })());

/** Another organisation's admin and clinician get 403/404 and nothing of the demo policy. */
async function policyRefused(method: 'GET' | 'POST', path: string, payload?: object) {
  const demo = await policyOfDemo();
  const url = `/api/governance/policies/${demo.id}${path.replace(':versionId', demo.versionId)}`;
  for (const cookie of [cookies.otherAdmin, cookies.otherClinician]) {
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });
    const expected = cookie === cookies.otherAdmin ? [404] : [403, 404];
    expect(expected, `${method} ${url}`).toContain(response.statusCode);
    expect(response.body).not.toContain('Tenancy proof');
    expectNoDemoData(response);
  }
  // Nothing changed: one version, adopted by the first practice only.
  const own = await get(`/api/governance/policies/${demo.id}/compliance`, demo.admin);
  const adopted = own.json<{ adopted: unknown }[]>().filter((c) => c.adopted !== null);
  expect(adopted).toHaveLength(1);
  const detail = await get(`/api/governance/policies/${demo.id}`, demo.admin);
  expect(detail.json<{ versions: unknown[] }>().versions).toHaveLength(1);
}

/** A list read by another organisation holds none of the demo's policies. */
async function policyListRefused(url: string) {
  const demo = await policyOfDemo();
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode).toBe(200);
  expect(theirs.body).not.toContain(demo.id);
  expectNoDemoData(theirs);
  expect((await get(url, demo.admin)).body).toContain(demo.id);
}

const POLICY_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/governance/policies': () => policyListRefused('/api/governance/policies'),
  'GET /api/governance/policies/gaps': async () => {
    await policyListRefused('/api/governance/policies/gaps');
    // Practice 2's navigator sees only practice 2's gaps.
    const theirs = await get('/api/governance/policies/gaps', cookies.demoNavigator);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(t.demo.practiceIds[0]);
  },
  'GET /api/governance/policies/owners': async () => {
    await policyOfDemo();
    const theirs = await get('/api/governance/policies/owners', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('demo@atscale.test');
    expectNoDemoData(theirs);
    expect((await get('/api/governance/policies/owners', cookies.demoClinician)).statusCode).toBe(
      403,
    );
  },
  'POST /api/governance/policies': async () => {
    const demo = await policyOfDemo();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/governance/policies',
      headers: { cookie: cookies.demoClinician },
      payload: {
        title: 'Clinician policy',
        ownerId: demo.id,
        keyQuestions: [],
        localAnnexAllowed: false,
      },
    });
    expect(refused.statusCode).toBe(403);
    // Another organisation's admin cannot make a demo user the owner of their policy.
    const owners = await get('/api/governance/policies/owners', demo.admin);
    const demoUser = owners.json<{ id: string }[]>()[0]?.id ?? '';
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/governance/policies',
      headers: { cookie: cookies.otherAdmin },
      payload: {
        title: 'Their policy',
        ownerId: demoUser,
        keyQuestions: [],
        localAnnexAllowed: false,
      },
    });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.body).toContain('body/ownerId');
  },
  'GET /api/governance/policies/:policyId': () => policyRefused('GET', ''),
  'GET /api/governance/policies/:policyId/in-force': () =>
    policyRefused('GET', '/in-force?on=2025-01-01'),
  'GET /api/governance/policies/:policyId/versions/:versionId': () =>
    policyRefused('GET', '/versions/:versionId'),
  'POST /api/governance/policies/:policyId/versions': () =>
    policyRefused('POST', '/versions', {
      body: 'Intruder',
      changeSummary: 'Intruder',
      effectiveFrom: '2025-01-01',
      reviewBy: '2026-01-01',
    }),
  'POST /api/governance/policies/:policyId/versions/:versionId/approval': () =>
    policyRefused('POST', '/versions/:versionId/approval'),
  'GET /api/governance/policies/:policyId/compliance': async () => {
    await policyRefused('GET', '/compliance');
    // Practice staff see their own practice only.
    const demo = await policyOfDemo();
    const own = await get(`/api/governance/policies/${demo.id}/compliance`, cookies.demoNavigator);
    expect(own.json<{ practiceId: string }[]>().map((c) => c.practiceId)).toEqual([
      t.demo.practiceIds[1],
    ]);
  },
  'POST /api/governance/policies/:policyId/adoptions': async () => {
    const demo = await policyOfDemo();
    await policyRefused('POST', '/adoptions', {
      practiceId: t.other.practiceId,
      versionId: demo.versionId,
    });
    // A care navigator of practice 2 may not adopt, for practice 2 or practice 1.
    for (const practiceId of [t.demo.practiceIds[1], t.demo.practiceIds[0]]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/governance/policies/${demo.id}/adoptions`,
        headers: { cookie: cookies.demoNavigator },
        payload: { practiceId, versionId: demo.versionId },
      });
      expect(refused.statusCode).toBe(403);
    }
  },
  'POST /api/governance/policies/:policyId/acknowledgements': async () => {
    const demo = await policyOfDemo();
    await policyRefused('POST', '/acknowledgements', { practiceId: t.demo.practiceIds[0] });
    // Practice 2's navigator cannot acknowledge for practice 1.
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/governance/policies/${demo.id}/acknowledgements`,
      headers: { cookie: cookies.demoNavigator },
      payload: { practiceId: t.demo.practiceIds[0] },
    });
    expect(refused.statusCode).toBe(403);
  },
};

/** The main site of the demo organisation's first practice, whose CQC readiness the proofs try. */
let demoCqcSite: Promise<string> | undefined;
const cqcSiteOfDemo = () =>
  (demoCqcSite ??= (async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `select id from site where practice_id = $1 order by is_main desc, name, id limit 1`,
      [t.demo.practiceIds[0]],
    );
    const id = rows[0]?.id ?? '';
    expect(id).not.toBe('');
    return id;
  })());

/** What the demo's CQC readiness of its first practice's site holds, to prove nothing changed. */
async function cqcRowsOfDemo() {
  const siteId = await cqcSiteOfDemo();
  const { rows } = await t.db.query<{ evidence: number; inspections: number; provider: string }>(
    `select (select count(*)::int from cqc_evidence where site_id = $1) as evidence,
            (select count(*)::int from cqc_inspection where site_id = $1) as inspections,
            (select coalesce(max(provider_id), '') from cqc_registration where site_id = $1) as provider`,
    [siteId],
  );
  return rows[0];
}

/**
 * A CQC write to the demo's first practice's site: another organisation and practice 2's
 * navigator are answered 404, practice 1's clinician (who reads it but may not record) 403, and
 * nothing is written.
 */
async function cqcWriteRefused(method: 'POST' | 'PUT', path: string, payload: object) {
  const siteId = await cqcSiteOfDemo();
  const before = await cqcRowsOfDemo();
  const answers: [string, number][] = [
    [cookies.otherAdmin, 404],
    [cookies.demoNavigator, 404],
    [cookies.demoClinician, 403],
  ];
  for (const [cookie, status] of answers) {
    const response = await t.app.inject({
      method,
      url: `/api/governance/cqc/sites/${siteId}${path}`,
      payload,
      headers: { cookie },
    });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(status);
    expectNoDemoData(response);
    expect(response.body).not.toContain(siteId);
  }
  expect(await cqcRowsOfDemo()).toEqual(before);
}

/** CQC readiness (GOV-2): sites of other organisations and practices are not seen or changed. */
const CQC_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/governance/cqc': async () => {
    const siteId = await cqcSiteOfDemo();
    const theirs = await get('/api/governance/cqc', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    expect(theirs.body).not.toContain(siteId);
    // Practice 2's navigator sees practice 2's sites only.
    const navigator = await get('/api/governance/cqc', cookies.demoNavigator);
    expect(navigator.statusCode).toBe(200);
    expect(navigator.body).not.toContain(siteId);
    expect(navigator.body).not.toContain(t.demo.practiceIds[0]);
    const own = await get('/api/governance/cqc', cookies.demoClinician);
    expect(own.body).toContain(siteId);
  },
  'GET /api/governance/cqc/sites/:siteId': async () => {
    const siteId = await cqcSiteOfDemo();
    for (const cookie of [cookies.otherAdmin, cookies.demoNavigator]) {
      const response = await get(`/api/governance/cqc/sites/${siteId}`, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
      expect(response.body).not.toContain(siteId);
    }
    expect(
      (await get(`/api/governance/cqc/sites/${siteId}`, cookies.demoClinician)).statusCode,
    ).toBe(200);
  },
  'PUT /api/governance/cqc/sites/:siteId/registration': () =>
    cqcWriteRefused('PUT', '/registration', {
      locationId: '1-999999999',
      providerId: '1-999999999',
      registeredOn: '2020-01-01',
      registeredManagerName: 'Intruder',
    }),
  'POST /api/governance/cqc/sites/:siteId/inspections': () =>
    cqcWriteRefused('POST', '/inspections', {
      inspectedOn: '2020-01-01',
      overall: 'inadequate',
      ratings: {
        safe: 'inadequate',
        effective: 'inadequate',
        caring: 'inadequate',
        responsive: 'inadequate',
        'well-led': 'inadequate',
      },
    }),
  'POST /api/governance/cqc/sites/:siteId/evidence': () =>
    cqcWriteRefused('POST', '/evidence', {
      keyQuestion: 'safe',
      kind: 'document',
      title: 'Intruder evidence',
      evidencedOn: '2020-01-01',
    }),
};

/**
 * The demo organisation's frailty data (POP-1), made through the API once: its first
 * practice's oldest patient made severely frail by an uploaded CSV, then a scoring run.
 */
let demoFrailty: Promise<{ patientId: string; runId: string; cookie: string }> | undefined;
const frailtyOfDemo = () =>
  (demoFrailty ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const [patient] = await olderPatients(t.db, t.demo.practiceIds[0] ?? '', '2026-06-30', 1);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/population/imports?fileName=tenancy-proof.csv',
      payload: await severeFrailtyCsv([patient?.nhsNumber ?? '']),
      headers: { cookie, 'content-type': 'text/csv' },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/population/frailty-runs',
      payload: { on: '2026-06-30' },
      headers: { cookie },
    });
    expect(run.statusCode, run.body).toBe(201);
    return { patientId: patient?.id ?? '', runId: run.json<{ id: string }>().id, cookie };
  })());

/** Each caller's answer to a GET: status codes in order. */
async function statusesOf(url: string, callers: readonly [string, number][]) {
  for (const [cookie, status] of callers) {
    const response = await get(url, cookie);
    expect(response.statusCode, url).toBe(status);
    expectNoDemoData(response);
  }
}

const POPULATION_TENANCY: Record<string, () => Promise<void>> = {
  'POST /api/population/imports': async () => {
    const demo = await frailtyOfDemo();
    const entriesOfDemo = async () =>
      (
        await t.db.query<{ n: number }>(
          'select count(*)::int as n from coded_entry where patient_id = $1',
          [demo.patientId],
        )
      ).rows[0]?.n;
    const before = await entriesOfDemo();
    const { rows } = await t.db.query<{ nhs: string }>(
      'select nhs_number as nhs from patient where id = $1',
      [demo.patientId],
    );
    const payload = await severeFrailtyCsv([rows[0]?.nhs ?? ''], '2019-01-01');
    const send = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/imports?fileName=theirs.csv',
        payload,
        headers: { cookie, 'content-type': 'text/csv' },
      });
    // Their analyst's file naming the demo's patient matches nobody on their own register.
    const theirs = await send(cookies.otherAdmin);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json()).toMatchObject({ entries: 0, unknownPatients: 13 });
    expectNoDemoData(theirs);
    expect(await entriesOfDemo()).toBe(before);
    for (const cookie of [cookies.otherClinician, cookies.demoClinician]) {
      expect((await send(cookie)).statusCode).toBe(403);
    }
  },
  'GET /api/population/code-lists': async () => {
    const demo = await frailtyOfDemo();
    const own = await get('/api/population/code-lists', demo.cookie);
    const demoListId = own.json<{ codeLists: { id: string }[] }>().codeLists[0]?.id ?? '';
    expect(demoListId).not.toBe('');
    const theirs = await get('/api/population/code-lists', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demoListId);
    expectNoDemoData(theirs);
    expect((await get('/api/population/code-lists', cookies.demoNavigator)).statusCode).toBe(403);
  },
  'POST /api/population/code-lists': async () => {
    const demo = await frailtyOfDemo();
    const list = { ...(await readPublicEfiCodeList()), version: 'tenancy-proof-list' };
    const send = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/code-lists',
        payload: list,
        headers: { cookie },
      });
    expect((await send(cookies.otherClinician)).statusCode).toBe(403);
    expect((await send(cookies.demoClinician)).statusCode).toBe(403);
    const theirs = await send(cookies.otherAdmin);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expectNoDemoData(theirs);
    // Their version stays theirs: the demo's lists do not show it.
    const own = await get('/api/population/code-lists', demo.cookie);
    expect(own.body).not.toContain('tenancy-proof-list');
  },
  'POST /api/population/frailty-runs': async () => {
    const demo = await frailtyOfDemo();
    const send = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/frailty-runs',
        payload: { on: '2026-06-30' },
        headers: { cookie },
      });
    expect((await send(cookies.otherClinician)).statusCode).toBe(403);
    const theirs = await send(cookies.otherAdmin);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expectNoDemoData(theirs);
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from frailty_score where run_id = $1 and org_id <> $2',
      [theirs.json<{ id: string }>().id, t.other.orgId],
    );
    expect(rows[0]?.n).toBe(0);
    const own = await get('/api/population/frailty', demo.cookie);
    expect(own.json<{ run: { id: string } }>().run.id).toBe(demo.runId);
  },
  'GET /api/population/frailty': async () => {
    const demo = await frailtyOfDemo();
    await statusesOf('/api/population/frailty', [
      [cookies.otherAdmin, 200],
      [cookies.otherClinician, 200],
      [cookies.demoNavigator, 403],
    ]);
    const own = await get('/api/population/frailty', demo.cookie);
    expect(own.body).toContain(t.demo.practiceIds[0]);
    // A clinician sees their own practice's counts, not the other practices'.
    const clinician = await get('/api/population/frailty', cookies.demoClinician);
    expect(clinician.body).toContain(t.demo.practiceIds[0]);
    expect(clinician.body).not.toContain(t.demo.practiceIds[1]);
  },
  'GET /api/population/practices/:practiceId/frailty-worklist': async () => {
    const demo = await frailtyOfDemo();
    const url = `/api/population/practices/${t.demo.practiceIds[0] ?? ''}/frailty-worklist`;
    await statusesOf(url, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ]);
    const own = await get(url, cookies.demoClinician);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(demo.patientId);
  },
  'GET /api/population/patients/:patientId/frailty': async () => {
    const demo = await frailtyOfDemo();
    const url = `/api/population/patients/${demo.patientId}/frailty`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
      expect(response.body).not.toContain('deficits');
      expect(response.body).not.toContain('severe');
    }
    const own = await get(url, cookies.demoClinician);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ patientId: demo.patientId, score: { category: 'severe' } });
  },
  'GET /api/population/registers': async () => {
    await frailtyOfDemo();
    await statusesOf('/api/population/registers', [
      [cookies.otherAdmin, 200],
      [cookies.demoNavigator, 403],
    ]);
  },
  'POST /api/population/registers': async () => {
    const demo = await frailtyOfDemo();
    const send = (cookie: string, codes = ['73211009']) =>
      t.app.inject({
        method: 'POST',
        url: '/api/population/registers',
        payload: { key: 'tenancy-register', name: 'Theirs', codes },
        headers: { cookie },
      });
    expect((await send(cookies.otherClinician)).statusCode).toBe(403);
    expect((await send(cookies.demoClinician)).statusCode).toBe(403);
    const bad = await send(cookies.otherAdmin, ['73211008']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'body/codes/0' }] });
    const theirs = await send(cookies.otherAdmin);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expectNoDemoData(theirs);
    const own = await get('/api/population/registers', demo.cookie);
    expect(own.body).not.toContain('tenancy-register');
    // Another organisation's code list cannot be copied from: it is not found in theirs.
    const lists = await get('/api/population/code-lists', demo.cookie);
    const [demoList] = lists.json<{ codeLists: { id: string }[] }>().codeLists;
    const copied = await t.app.inject({
      method: 'POST',
      url: '/api/population/registers',
      payload: {
        key: 'copied-register',
        name: 'Copied',
        fromCodeList: { codeListId: demoList?.id, deficit: 'diabetes' },
      },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(copied.statusCode).toBe(400);
    expect(copied.json()).toMatchObject({ errors: [{ field: 'body/fromCodeList' }] });
  },
  'GET /api/population/register-summary': async () => {
    await frailtyOfDemo();
    const url = '/api/population/register-summary?key=frailty&on=2026-06-30';
    await statusesOf(url, [
      [cookies.otherAdmin, 200],
      [cookies.otherClinician, 200],
      [cookies.demoNavigator, 403],
    ]);
    const clinician = await get(url, cookies.demoClinician);
    expect(clinician.body).toContain(t.demo.practiceIds[0]);
    expect(clinician.body).not.toContain(t.demo.practiceIds[1]);
    const bad = await get(
      '/api/population/register-summary?key=frailty&on=2026-02-30',
      cookies.demoClinician,
    );
    expect(bad.statusCode).toBe(400);
  },
  'GET /api/population/practices/:practiceId/registers/:key/worklist': async () => {
    const demo = await frailtyOfDemo();
    const url = `/api/population/practices/${t.demo.practiceIds[0] ?? ''}/registers/frailty/worklist`;
    await statusesOf(url, [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ]);
    const own = await get(`${url}?all=true`, cookies.demoClinician);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(demo.patientId);
  },
  'POST /api/population/registers/:key/patients/:patientId/reviews': async () => {
    const demo = await frailtyOfDemo();
    const send = (cookie: string, kind = 'care-plan') =>
      t.app.inject({
        method: 'POST',
        url: `/api/population/registers/frailty/patients/${demo.patientId}/reviews`,
        payload: { kind, on: '2026-06-01' },
        headers: { cookie },
      });
    for (const [cookie, status] of [
      [cookies.otherAdmin, 403],
      [cookies.otherClinician, 404],
      [cookies.demoNavigator, 403],
    ] as const) {
      const refused = await send(cookie);
      expect(refused.statusCode).toBe(status);
      expectNoDemoData(refused);
    }
    expect((await send(cookies.demoClinician, 'annual-review')).statusCode).toBe(400);
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from register_review where patient_id = $1',
      [demo.patientId],
    );
    expect(rows[0]?.n).toBe(0);
    expect((await send(cookies.demoClinician)).statusCode).toBe(201);
  },
};

/**
 * A planning scenario of the demo organisation built from its first three practices, and a
 * finished run of it, made through the API once.
 */
let demoPlanning:
  Promise<{ scenarioId: string; runId: string; scenario: object; cookie: string }> | undefined;
const planningOfDemo = () =>
  (demoPlanning ??= (async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    const draft = await post('/api/planning/drafts', {
      practiceIds: t.demo.practiceIds.slice(0, 3),
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const { scenario } = draft.json<{ scenario: object }>();
    const created = await post('/api/planning/scenarios', { name: 'Tenancy proof plan', scenario });
    expect(created.statusCode, created.body).toBe(201);
    const scenarioId = created.json<{ id: string }>().id;
    const started = await post('/api/planning/runs', { scenarioId, runs: 2 });
    expect(started.statusCode, started.body).toBe(202);
    const runId = started.json<{ id: string }>().id;
    for (let i = 0; i < 600; i++) {
      const status = (await get(`/api/planning/runs/${runId}`, cookie)).json<{ status: string }>();
      if (status.status === 'done') break;
      if (status.status === 'failed') throw new Error('the proof run failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { scenarioId, runId, scenario, cookie };
  })());

/** Another organisation's admin and the demo's clinician (who does not plan) get nothing. */
async function planningRefused(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: (demo: { scenarioId: string; runId: string }) => string,
  payload?: (demo: { scenarioId: string; scenario: object }) => object,
) {
  const demo = await planningOfDemo();
  for (const [cookie, status] of [
    [cookies.otherAdmin, 404],
    [cookies.demoClinician, 403],
  ] as const) {
    const response = await t.app.inject({
      method,
      url: url(demo),
      headers: { cookie },
      ...(payload ? { payload: payload(demo) } : {}),
    });
    expect(response.statusCode, `${method} ${url(demo)}`).toBe(status);
    expect(response.body).not.toContain('Tenancy proof plan');
    expectNoDemoData(response);
  }
  // Still the demo's, unchanged.
  const own = await get(`/api/planning/scenarios/${demo.scenarioId}`, demo.cookie);
  expect(own.statusCode).toBe(200);
  expect(own.body).toContain('Tenancy proof plan');
}

const PLANNING_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/planning/scenarios': async () => {
    const demo = await planningOfDemo();
    const theirs = await get('/api/planning/scenarios', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.scenarioId);
    expectNoDemoData(theirs);
    expect((await get('/api/planning/scenarios', cookies.demoClinician)).statusCode).toBe(403);
    expect((await get('/api/planning/scenarios', demo.cookie)).body).toContain(demo.scenarioId);
  },
  'POST /api/planning/scenarios': async () => {
    const demo = await planningOfDemo();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/planning/scenarios',
      payload: { name: 'Theirs', scenario: demo.scenario },
      headers: { cookie: cookies.demoClinician },
    });
    expect(refused.statusCode).toBe(403);
    // Saved by another organisation, it is theirs alone: the demo's list does not show it.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/planning/scenarios',
      payload: { name: 'Other organisation plan', scenario: demo.scenario },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    expectNoDemoData(theirs);
    expect((await get('/api/planning/scenarios', demo.cookie)).body).not.toContain(
      'Other organisation plan',
    );
  },
  'GET /api/planning/scenarios/:scenarioId': () =>
    planningRefused('GET', (d) => `/api/planning/scenarios/${d.scenarioId}`),
  'PUT /api/planning/scenarios/:scenarioId': () =>
    planningRefused(
      'PUT',
      (d) => `/api/planning/scenarios/${d.scenarioId}`,
      (d) => ({ name: 'Taken over', scenario: d.scenario }),
    ),
  'DELETE /api/planning/scenarios/:scenarioId': () =>
    planningRefused('DELETE', (d) => `/api/planning/scenarios/${d.scenarioId}`),
  'POST /api/planning/drafts': async () => {
    for (const [cookie, status] of [
      [cookies.otherAdmin, 400],
      [cookies.demoClinician, 403],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/planning/drafts',
        payload: { practiceIds: [t.demo.practiceIds[0]] },
        headers: { cookie },
      });
      expect(response.statusCode).toBe(status);
      expectNoDemoData(response);
    }
  },
  'POST /api/planning/practices-csv': async () => {
    const csv = 'ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners\n';
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/planning/practices-csv',
      payload: { csv },
      headers: { cookie: cookies.demoClinician },
    });
    expect(refused.statusCode).toBe(403);
    // Nothing of the organisation is read: the answer is the CSV's own practices.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/planning/practices-csv',
      payload: { csv: `${csv}A81001,North,9000,5,2,1,1000,900,4\n` },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
  },
  'POST /api/planning/runs': () =>
    planningRefused(
      'POST',
      () => '/api/planning/runs',
      (d) => ({ scenarioId: d.scenarioId, runs: 2 }),
    ),
  'GET /api/planning/runs/:runId': () =>
    planningRefused('GET', (d) => `/api/planning/runs/${d.runId}`),
  'GET /api/planning/runs/:runId/result': () =>
    planningRefused('GET', (d) => `/api/planning/runs/${d.runId}/result`),
  'GET /api/planning/runs/:runId/report.html': () =>
    planningRefused('GET', (d) => `/api/planning/runs/${d.runId}/report.html`),
};

/** The demo organisation's MCP budget for 2026, set once by its central finance. */
let demoMcpYear: Promise<string> | undefined;
const mcpYearOfDemo = () =>
  (demoMcpYear ??= (async () => {
    const cookie = await t.signIn('finance@atscale.test');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/mcp-budget/years',
      payload: {
        ...MCP_TEST_YEAR,
        lines: [{ ...MCP_TEST_YEAR.lines[0], serviceLine: 'DEMO-MCP-LINE' }],
      },
      headers: { cookie },
    });
    expect(put.statusCode, put.body).toBe(200);
    return cookie;
  })());

const MCP_BUDGET_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/mcp-budget/years': async () => {
    const demo = await mcpYearOfDemo();
    const theirs = await get('/api/mcp-budget/years', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toEqual({ years: [] });
    expectNoDemoData(theirs);
    expect((await get('/api/mcp-budget/years', cookies.demoClinician)).statusCode).toBe(403);
    expect((await get('/api/mcp-budget/years', demo)).body).toContain('2026/27');
  },
  'GET /api/mcp-budget/years/:financialYear': async () => {
    const demo = await mcpYearOfDemo();
    const theirs = await get('/api/mcp-budget/years/2026', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain('DEMO-MCP-LINE');
    expectNoDemoData(theirs);
    expect((await get('/api/mcp-budget/years/2026', cookies.demoClinician)).statusCode).toBe(403);
    expect((await get('/api/mcp-budget/years/2026', demo)).body).toContain('DEMO-MCP-LINE');
  },
  'PUT /api/mcp-budget/years': async () => {
    const demo = await mcpYearOfDemo();
    const put = (cookie: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/mcp-budget/years',
        payload: {
          ...MCP_TEST_YEAR,
          lines: [{ ...MCP_TEST_YEAR.lines[0], serviceLine: 'THEIRS' }],
        },
        headers: { cookie },
      });
    expect((await put(cookies.demoClinician)).statusCode).toBe(403);
    expect((await put(cookies.demoNavigator)).statusCode).toBe(403);
    // Set by another organisation, it is theirs alone: the demo's year is unchanged.
    const theirs = await put(cookies.otherAdmin);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expectNoDemoData(theirs);
    const mine = await get('/api/mcp-budget/years/2026', demo);
    expect(mine.body).toContain('DEMO-MCP-LINE');
    expect(mine.body).not.toContain('THEIRS');
  },
  'POST /api/mcp-budget/what-if': async () => {
    await mcpYearOfDemo();
    for (const [cookie, status] of [
      [cookies.demoClinician, 403],
      [cookies.otherAdmin, 404],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/mcp-budget/what-if',
        payload: { financialYear: 2099, topSliceBasisPoints: 400 },
        headers: { cookie },
      });
      expect(response.statusCode).toBe(status);
      expect(response.body).not.toContain('DEMO-MCP-LINE');
      expectNoDemoData(response);
    }
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/mcp-budget/what-if',
      payload: { financialYear: 2026, topSliceBasisPoints: 400 },
      headers: { cookie: cookies.otherAdmin },
    });
    // Another organisation works out only its own year, if it has one; never the demo's.
    expect(other.body).not.toContain('DEMO-MCP-LINE');
    expectNoDemoData(other);
  },
};

/**
 * A peer review meeting of the demo organisation reviewing its first two practices, with an
 * action for each (the second practice's marked so a proof can look for it), made through the
 * API once so the proofs do not depend on the demo seed.
 */
let demoPeerReview:
  Promise<{ id: string; actionId: string; otherActionId: string; admin: string }> | undefined;
const peerReviewOfDemo = () =>
  (demoPeerReview ??= (async () => {
    const admin = await t.signIn('demo@atscale.test');
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin } });
    const [p1, p2] = t.demo.practiceIds;
    const owners = await get('/api/governance/peer-reviews/owners', admin);
    const ownerId = owners.json<{ id: string }[]>()[0]?.id;
    const created = await post('/api/governance/peer-reviews', {
      heldOn: '2026-01-10',
      title: 'TENANCY-PROOF-REVIEW',
      attendees: ['Proof'],
      practiceIds: [p1, p2],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const action = async (practiceId: string | undefined, description: string) => {
      const made = await post(`/api/governance/peer-reviews/${id}/actions`, {
        practiceId,
        description,
        ownerId,
        dueOn: '2099-01-01',
      });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ id: string }>().id;
    };
    return {
      id,
      actionId: await action(p1, 'TENANCY-PROOF-P1'),
      otherActionId: await action(p2, 'TENANCY-PROOF-P2'),
      admin,
    };
  })());

/** Another organisation's read holds nothing of the demo's review; a practice-1 clinician sees
 * practice 1's part only. */
async function peerReviewReadProof(url: string) {
  const demo = await peerReviewOfDemo();
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode).toBe(200);
  expect(theirs.body).not.toContain(demo.id);
  expect(theirs.body).not.toContain('TENANCY-PROOF');
  expectNoDemoData(theirs);
  const own = await get(url, demo.admin);
  expect(own.body).toContain('TENANCY-PROOF');
  const clinician = await get(url, cookies.demoClinician);
  expect(clinician.statusCode).toBe(200);
  expect(clinician.body).not.toContain('TENANCY-PROOF-P2');
  expect((await get(url, cookies.demoNavigator)).statusCode).toBe(403);
}

/** A write to the demo's review by another organisation: 404 with nothing of ours. */
async function peerReviewWriteRefused(url: string, payload: object) {
  const response = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: cookies.otherAdmin },
  });
  expect(response.statusCode).toBe(404);
  expectNoDemoData(response);
}

/** Another organisation's standards reads show none of the demo's practices. */
async function standardsReadProof(url: string) {
  const theirs = await get(url, cookies.otherAdmin);
  expect(theirs.statusCode).toBe(200);
  expectNoDemoData(theirs);
  expect((await get(url, cookies.demoClinician)).statusCode).toBe(403);
  expect((await get(url, cookies.demoNavigator)).statusCode).toBe(403);
}

const STANDARDS_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/governance/standards': () => standardsReadProof('/api/governance/standards'),
  'GET /api/governance/standards/grid': async () => {
    await standardsReadProof('/api/governance/standards/grid?quarter=2025-Q4');
    const own = await get('/api/governance/standards/grid', await t.signIn('demo@atscale.test'));
    expect(own.body).toContain(t.demo.practiceIds[0]);
  },
  'GET /api/governance/standards/trend': () =>
    standardsReadProof('/api/governance/standards/trend?standard=dna-rate&quarters=2'),
  'PUT /api/governance/standards/:standardId/thresholds': async () => {
    // Another organisation's thresholds are its own: the demo's stay as they were.
    const admin = await t.signIn('demo@atscale.test');
    const before = (await get('/api/governance/standards', admin)).body;
    const theirs = await t.app.inject({
      method: 'PUT',
      url: '/api/governance/standards/face-to-face-share/thresholds',
      payload: { reason: 'Agreed', green: 99, amber: 98 },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    expect((await get('/api/governance/standards', admin)).body).toBe(before);
    const clinician = await t.app.inject({
      method: 'PUT',
      url: '/api/governance/standards/face-to-face-share/thresholds',
      payload: { reason: 'Agreed', green: 99, amber: 98 },
      headers: { cookie: cookies.demoClinician },
    });
    expect(clinician.statusCode).toBe(403);
  },
  'GET /api/governance/peer-reviews': () => peerReviewReadProof('/api/governance/peer-reviews'),
  'GET /api/governance/peer-reviews/actions': () =>
    peerReviewReadProof('/api/governance/peer-reviews/actions'),
  'GET /api/governance/peer-reviews/owners': async () => {
    await peerReviewOfDemo();
    const theirs = await get('/api/governance/peer-reviews/owners', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('demo@atscale.test');
    expectNoDemoData(theirs);
    expect(
      (await get('/api/governance/peer-reviews/owners', cookies.demoClinician)).statusCode,
    ).toBe(403);
  },
  'GET /api/governance/peer-reviews/:meetingId': async () => {
    const demo = await peerReviewOfDemo();
    const url = `/api/governance/peer-reviews/${demo.id}`;
    const theirs = await get(url, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(404);
    expectNoDemoData(theirs);
    const clinician = await get(url, cookies.demoClinician);
    expect(clinician.statusCode).toBe(200);
    expect(clinician.body).toContain('TENANCY-PROOF-P1');
    expect(clinician.body).not.toContain('TENANCY-PROOF-P2');
    expect(clinician.body).not.toContain(t.demo.practiceIds[1]);
  },
  'POST /api/governance/peer-reviews': async () => {
    // Another organisation cannot review the demo's practices, nor can practice staff record.
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/governance/peer-reviews',
      payload: {
        heldOn: '2026-01-01',
        title: 'Theirs',
        attendees: [],
        practiceIds: [t.demo.practiceIds[0]],
      },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('body/practiceIds');
    expectNoDemoData(response);
    const clinician = await t.app.inject({
      method: 'POST',
      url: '/api/governance/peer-reviews',
      payload: {
        heldOn: '2026-01-01',
        title: 'Mine',
        attendees: [],
        practiceIds: [t.demo.practiceIds[0]],
      },
      headers: { cookie: cookies.demoClinician },
    });
    expect(clinician.statusCode).toBe(403);
  },
  'POST /api/governance/peer-reviews/:meetingId/findings': async () => {
    const demo = await peerReviewOfDemo();
    await peerReviewWriteRefused(`/api/governance/peer-reviews/${demo.id}/findings`, {
      practiceId: t.demo.practiceIds[0],
      text: 'Theirs',
    });
  },
  'POST /api/governance/peer-reviews/:meetingId/actions': async () => {
    const demo = await peerReviewOfDemo();
    await peerReviewWriteRefused(`/api/governance/peer-reviews/${demo.id}/actions`, {
      practiceId: t.demo.practiceIds[0],
      description: 'Theirs',
      ownerId: '00000000-0000-4000-8000-000000000000',
      dueOn: '2099-01-01',
    });
  },
  'POST /api/governance/peer-reviews/actions/:actionId/closure': async () => {
    const demo = await peerReviewOfDemo();
    await peerReviewWriteRefused(`/api/governance/peer-reviews/actions/${demo.actionId}/closure`, {
      closureNote: 'Theirs',
    });
    // A practice-1 clinician, not its owner, cannot close it; nor see practice 2's to close it.
    const close = (actionId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/governance/peer-reviews/actions/${actionId}/closure`,
        payload: { closureNote: 'Mine' },
        headers: { cookie: cookies.demoClinician },
      });
    expect((await close(demo.actionId)).statusCode).toBe(403);
    expect((await close(demo.otherActionId)).statusCode).toBe(404);
    const still = await get(`/api/governance/peer-reviews/${demo.id}`, demo.admin);
    expect(still.json<{ actions: { status: string }[] }>().actions.map((a) => a.status)).toEqual([
      'open',
      'open',
    ]);
  },
};

/**
 * A significant event of the demo organisation's first practice, made through the API once and
 * left reported, with a policy to try linking, so the proofs do not depend on the demo seed.
 */
let demoSignificantEvent: Promise<{ id: string; policyId: string; admin: string }> | undefined;
const significantEventOfDemo = () =>
  (demoSignificantEvent ??= (async () => {
    const policy = await policyOfDemo();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/governance/significant-events',
      headers: { cookie: policy.admin },
      payload: {
        kind: 'significant-event',
        practiceId: t.demo.practiceIds[0],
        title: 'Tenancy proof event',
        description: 'Tenancy proof description',
        category: 'administration',
        severity: 'no-harm',
        occurredOn: '2025-01-06',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json<{ id: string }>().id, policyId: policy.id, admin: policy.admin };
  })());

/**
 * Another organisation's admin gets 404, its clinician 403 or 404, and practice 2's care
 * navigator 404 for practice 1's event; afterwards the event is as it was.
 */
async function significantEventRefused(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  payload?: object,
) {
  const demo = await significantEventOfDemo();
  const url = `/api/governance/significant-events/${demo.id}${path}`;
  for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });
    const expected = cookie === cookies.otherClinician ? [403, 404] : [404];
    expect(expected, `${method} ${url}`).toContain(response.statusCode);
    expect(response.body).not.toContain('Tenancy proof');
    if (cookie !== cookies.demoNavigator) expectNoDemoData(response);
  }
  const still = await get(url.replace(path, ''), demo.admin);
  expect(still.json()).toMatchObject({
    status: 'reported',
    title: 'Tenancy proof event',
    policies: [],
    timeline: [{ toStatus: 'reported' }],
  });
}

const SIGNIFICANT_EVENTS_TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/governance/significant-events': async () => {
    const demo = await significantEventOfDemo();
    const theirs = await get('/api/governance/significant-events', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expectNoDemoData(theirs);
    // Practice 2's navigator sees practice 2's events only, and may not ask for practice 1's.
    const navigator = await get('/api/governance/significant-events', cookies.demoNavigator);
    expect(navigator.body).not.toContain(demo.id);
    const asked = await get(
      `/api/governance/significant-events?practiceId=${t.demo.practiceIds[0] ?? ''}`,
      cookies.demoNavigator,
    );
    expect(asked.statusCode).toBe(403);
    expect((await get('/api/governance/significant-events', demo.admin)).body).toContain(demo.id);
  },
  'POST /api/governance/significant-events': async () => {
    await significantEventOfDemo();
    const report = (cookie: string, practiceId: string | undefined) =>
      t.app.inject({
        method: 'POST',
        url: '/api/governance/significant-events',
        headers: { cookie },
        payload: {
          kind: 'complaint',
          practiceId,
          title: 'Intruder',
          description: 'Intruder',
          category: 'other',
          severity: 'no-harm',
          occurredOn: '2025-01-06',
          receivedOn: '2025-01-07',
        },
      });
    // Another organisation cannot report at a demo practice; practice 2 staff not at practice 1.
    const theirs = await report(cookies.otherAdmin, t.demo.practiceIds[0]);
    expect(theirs.statusCode).toBe(400);
    expect(theirs.body).toContain('body/practiceId');
    expect((await report(cookies.demoNavigator, t.demo.practiceIds[0])).statusCode).toBe(403);
    const listed = await get(
      '/api/governance/significant-events',
      (await significantEventOfDemo()).admin,
    );
    expect(listed.body).not.toContain('Intruder');
  },
  'GET /api/governance/significant-events/themes': async () => {
    await significantEventOfDemo();
    const theirs = await get('/api/governance/significant-events/themes', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    // The demo's event is in the demo's themes only (counted, never named).
    const sum = (body: { rows: { counts: (number | null)[] }[] }) =>
      body.rows.flatMap((r) => r.counts).reduce<number>((a, n) => a + (n ?? 0), 0);
    const other = theirs.json<{ rows: { counts: (number | null)[] }[] }>();
    expect(sum(other)).toBe(0);
    const own = await get('/api/governance/significant-events/themes', cookies.demoNavigator);
    expect(own.statusCode).toBe(200);
    for (const id of t.demo.practiceIds) expect(own.body).not.toContain(id);
  },
  'GET /api/governance/significant-events/investigators': async () => {
    const demo = await significantEventOfDemo();
    const url = `/api/governance/significant-events/investigators?practiceId=${t.demo.practiceIds[0] ?? ''}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      // Another organisation's admin is told the practice is not one of theirs.
      const expected = cookie === cookies.otherAdmin ? 400 : 403;
      expect(response.statusCode).toBe(expected);
      expect(response.body).not.toContain('@atscale.test');
    }
    expect((await get(url, demo.admin)).statusCode).toBe(200);
  },
  'GET /api/governance/significant-events/:eventId': () => significantEventRefused('GET', ''),
  'PATCH /api/governance/significant-events/:eventId': () =>
    significantEventRefused('PATCH', '', { title: 'Intruder' }),
  'POST /api/governance/significant-events/:eventId/transitions': async () => {
    const demo = await significantEventOfDemo();
    const owners = await get('/api/governance/policies/owners', demo.admin);
    const investigatorId = owners.json<{ id: string }[]>()[0]?.id ?? '';
    await significantEventRefused('POST', '/transitions', { to: 'investigating', investigatorId });
  },
  'POST /api/governance/significant-events/:eventId/policies': async () => {
    const demo = await significantEventOfDemo();
    await significantEventRefused('POST', '/policies', { policyId: demo.policyId });
  },
  'DELETE /api/governance/significant-events/:eventId/policies/:policyId': async () => {
    const demo = await significantEventOfDemo();
    // An event of practice 1 with the policy linked, so there is a link to refuse removing.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/governance/significant-events',
      headers: { cookie: demo.admin },
      payload: {
        kind: 'significant-event',
        practiceId: t.demo.practiceIds[0],
        title: 'Tenancy proof linked event',
        description: 'Tenancy proof description',
        category: 'administration',
        severity: 'no-harm',
        occurredOn: '2025-01-06',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const eventUrl = `/api/governance/significant-events/${created.json<{ id: string }>().id}`;
    const linked = await t.app.inject({
      method: 'POST',
      url: `${eventUrl}/policies`,
      headers: { cookie: demo.admin },
      payload: { policyId: demo.policyId },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const url = `${eventUrl}/policies/${demo.policyId}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await t.app.inject({ method: 'DELETE', url, headers: { cookie } });
      const expected = cookie === cookies.otherClinician ? [403, 404] : [404];
      expect(expected, `DELETE ${url}`).toContain(response.statusCode);
      expect(response.body).not.toContain('Tenancy proof');
      if (cookie !== cookies.demoNavigator) expectNoDemoData(response);
    }
    const still = await get(eventUrl, demo.admin);
    expect(still.json()).toMatchObject({ policies: [{ id: demo.policyId }] });
  },
};

const TENANCY: Record<string, () => Promise<void>> = {
  'GET /api/cost-centres': () => costCentreReadProof('/api/cost-centres?on=2099-01-01'),
  'GET /api/cost-centres/history': () => costCentreReadProof('/api/cost-centres/history'),
  'GET /api/cost-centres/list-sizes': () =>
    costCentreReadProof('/api/cost-centres/list-sizes?on=2099-01-01'),
  'POST /api/cost-centres': async () => {
    const demo = await costCentreOfDemo();
    const payload = { code: 'TENANCY-PROOF', name: 'Theirs' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres',
      payload,
      headers: { cookie: cookies.otherClinician },
    });
    expect(refused.statusCode).toBe(403);
    // The same code is free in another organisation: codes are per organisation.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(demo.id);
    expectNoDemoData(theirs);
  },
  'POST /api/cost-centres/assignments': async () => {
    const demo = await costCentreOfDemo();
    const attempts = [
      { practiceId: t.demo.practiceIds[0], costCentreId: demo.id },
      { practiceId: t.other.practiceId, costCentreId: demo.id },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/cost-centres/assignments',
        payload: { ...attempt, effectiveFrom: '2100-01-01' },
        headers: { cookie: cookies.otherAdmin },
      });
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
      expect(response.body).not.toContain(demo.id);
    }
  },
  'POST /api/cost-centres/merges': async () => {
    const demo = await costCentreOfDemo();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/cost-centres/merges',
      payload: {
        from: [demo.id],
        newCostCentre: { code: 'TAKEN-OVER', name: 'Taken over' },
        effectiveFrom: '2100-01-01',
        reason: 'Reaching across organisations',
      },
      headers: { cookie: cookies.otherAdmin },
    });
    expect(response.statusCode).toBe(404);
    expectNoDemoData(response);
    expect(response.body).not.toContain(demo.id);
    const { rows } = await t.db.query('select 1 from cost_centre where code = $1', ['TAKEN-OVER']);
    expect(rows).toEqual([]);
  },
  'GET /api/me': async () => {
    const response = await get('/api/me', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ organisation: { id: t.other.orgId } });
    expectNoDemoData(response);
  },
  'GET /api/organisation': async () => {
    const response = await get('/api/organisation', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: t.other.orgId,
      practices: [{ id: t.other.practiceId }],
    });
    expectNoDemoData(response);
  },
  'GET /api/practices/:practiceId': async () => {
    const url = `/api/practices/${demoPatient.practiceId}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
    }
    const own = await get(url, cookies.demoNavigator);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: demoPatient.practiceId });
    const theirs = await get(`/api/practices/${t.other.practiceId}`, cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
  },
  'GET /api/patients': async () => {
    const url = `/api/patients?nhsNumber=${demoPatient.nhsNumber}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ patients: [] });
      expectNoDemoData(response);
    }
    // The clinician of the patient's own practice does find them: the test can fail.
    const own = await get(url, cookies.demoClinician);
    expect(own.json<{ patients: unknown[] }>().patients).toHaveLength(1);
    // The same by name and date of birth.
    const { rows } = await t.db.query<{ family: string; dob: string }>(
      'select family_name as family, date_of_birth as dob from patient where id = $1',
      [demoPatient.id],
    );
    const byName = `/api/patients?familyName=${rows[0]?.family ?? ''}&dateOfBirth=${rows[0]?.dob ?? ''}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(byName, cookie);
      expect(response.statusCode).toBe(200);
      expectNoDemoData(response);
    }
    const ownByName = await get(byName, cookies.demoClinician);
    expect(ownByName.body).toContain(demoPatient.id);
  },
  'GET /api/patients/:patientId': async () => {
    const url = `/api/patients/${demoPatient.id}`;
    for (const cookie of [cookies.otherAdmin, cookies.otherClinician, cookies.demoNavigator]) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(404);
      expectNoDemoData(response);
    }
    expect((await get(url, cookies.demoClinician)).statusCode).toBe(200);
  },
  'GET /api/safety-case': async () => {
    // The product's own hazard log: the same for every organisation, and no tenant's data in it.
    const theirs = await get('/api/safety-case', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expectNoDemoData(theirs);
    expect((await get('/api/safety-case', cookies.demoClinician)).statusCode).toBe(403);
  },
  'GET /api/audit-events': async () => {
    const response = await get('/api/audit-events?limit=500', cookies.otherAdmin);
    expect(response.statusCode).toBe(200);
    const events = response.json<{ events: { userId: string | null }[] }>().events;
    expect(events.length).toBeGreaterThan(0); // the other admin's own sign-in
    expectNoDemoData(response);
    const filtered = await get(`/api/audit-events?patientId=${demoPatient.id}`, cookies.otherAdmin);
    expect(filtered.json()).toEqual({ events: [] });
    // A practice role may not read the trail at all.
    expect((await get('/api/audit-events', cookies.demoClinician)).statusCode).toBe(403);
  },
  'GET /api/membership': async () => {
    const demo = await prospectOfDemo();
    const theirs = await get('/api/membership', cookies.otherAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(demo.id);
    expect(theirs.body).not.toContain('Tenancy Proof Surgery');
    expectNoDemoData(theirs);
    for (const cookie of [cookies.otherClinician, cookies.demoNavigator, cookies.demoClinician]) {
      expect((await get('/api/membership', cookie)).statusCode).toBe(403);
    }
    expect((await get('/api/membership', demo.cookie)).body).toContain(demo.id);
  },
  'POST /api/membership/enquiries': async () => {
    const demo = await prospectOfDemo();
    const payload = { odsCode: 'Q79001', name: 'Their Own Surgery' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload,
      headers: { cookie: cookies.otherClinician },
    });
    expect(refused.statusCode).toBe(403);
    // The same ODS code is free in another organisation, and its enquiry stays there.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/membership/enquiries',
      payload,
      headers: { cookie: cookies.otherAdmin },
    });
    expect(theirs.statusCode).toBe(201);
    const theirId = theirs.json<{ practice: { id: string } }>().practice.id;
    expect(theirId).not.toBe(demo.id);
    expectNoDemoData(theirs);
    expect((await get('/api/membership', demo.cookie)).body).not.toContain(theirId);
  },
  'GET /api/membership/:practiceId': async () => {
    const demo = await prospectOfDemo();
    const url = `/api/membership/${demo.id}`;
    const answers: [string, number][] = [
      [cookies.otherAdmin, 404],
      [cookies.otherClinician, 403],
      [cookies.demoNavigator, 403],
      [cookies.demoClinician, 403],
    ];
    for (const [cookie, status] of answers) {
      const response = await get(url, cookie);
      expect(response.statusCode).toBe(status);
      expectNoDemoData(response);
      expect(response.body).not.toContain('Tenancy Proof Surgery');
    }
    expect((await demoMembership()).stage).toBe('enquiry');
  },
  'PUT /api/membership/:practiceId/due-diligence/:item': () =>
    membershipChangeProof('PUT', '/due-diligence/finances', { rating: 'red', evidence: 'x' }),
  'POST /api/membership/:practiceId/stage-changes': () =>
    membershipChangeProof('POST', '/stage-changes', { to: 'withdrawn' }),
  ...ORGANISATION_STRUCTURE_TENANCY,
  ...RESILIENCE_TENANCY,
  ...STAFF_TENANCY,
  ...ROTA_TENANCY,
  ...POOL_TENANCY,
  ...ACCESS_REQUESTS_TENANCY,
  ...BOOKING_TENANCY,
  ...ACCESS_HUB_TENANCY,
  ...FINANCE_TENANCY,
  ...SYSTEM_CLIENT_TENANCY,
  ...FHIR_TENANCY,
  ...POPULATION_TENANCY,
  ...ELECTION_TENANCY,
  ...POLICY_TENANCY,
  ...CQC_TENANCY,
  ...SIGNIFICANT_EVENTS_TENANCY,
  ...SCHEDULING_TENANCY,
  ...PLANNING_TENANCY,
  ...MCP_BUDGET_TENANCY,
  ...STANDARDS_TENANCY,
};

/** Routes of the FHIR facade, whose answers (errors too) are FHIR resources. */
const isFhirRoute = (r: { url: string }) => r.url.startsWith('/fhir/');

function apiRoutes() {
  return t.app.registeredRoutes.filter(
    (r) => r.method !== 'HEAD' && !r.webApp && !r.url.startsWith(DOCUMENTATION_PREFIX),
  );
}

describe('route registry', () => {
  it('lists every route as public or with a tenancy test, and nothing that is not a route', () => {
    const registered = apiRoutes().map((r) => `${r.method} ${r.url}`);
    const unlisted = registered.filter((key) => !(key in PUBLIC_ROUTES) && !(key in TENANCY));
    expect(unlisted, 'routes with no tenancy test: add one to TENANCY').toEqual([]);
    const stale = [...Object.keys(PUBLIC_ROUTES), ...Object.keys(TENANCY)].filter(
      (key) => !registered.includes(key),
    );
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
  });

  it('skips only the web app’s own files and the documentation', () => {
    const skipped = t.app.registeredRoutes.filter(
      (r) => r.webApp || r.url.startsWith(DOCUMENTATION_PREFIX),
    );
    for (const r of skipped)
      expect(r.url, r.url).toMatch(/^\/(docs|index\.html$|assets\/|[\w.-]+$)/);
  });

  it('marks exactly the listed routes public', () => {
    const publicRoutes = apiRoutes()
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  for (const [key, proof] of Object.entries(TENANCY)) {
    it(`${key}: another organisation or practice gets nothing`, proof);
  }

  it('refuses every non-public route without a session', async () => {
    for (const route of apiRoutes().filter((r) => !r.public)) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await t.app.inject({ method: route.method as 'GET', url });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json()).toMatchObject(
        isFhirRoute(route)
          ? { resourceType: 'OperationOutcome', issue: [{ code: 'login' }] }
          : { code: 'not-authenticated' },
      );
    }
  });
});

describe('system client tokens on every FHIR route', () => {
  const fhirRoutes = () => apiRoutes().filter((r) => isFhirRoute(r) && !r.public);
  const someId = '00000000-0000-4000-8000-000000000000';

  it('refuses an unknown bearer token with 401 invalid_token', async () => {
    for (const route of fhirRoutes()) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: route.url.replace(/:(\w+)/g, someId),
        headers: { authorization: 'Bearer no-such-token' },
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
  });

  it('refuses every read outside the token’s scopes with 403 naming the scope', async () => {
    const demo = await systemClientOfDemo();
    const cookie = await t.signIn('demo@atscale.test');
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/system-clients',
      headers: { cookie },
      payload: {
        name: 'Scope proof',
        practiceId: t.demo.practiceIds[0],
        scopes: ['system/Location.read'],
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { client, clientSecret } = registered.json<{
      client: { id: string };
      clientSecret: string;
    }>();
    expect(client.id).not.toBe(demo.id);
    const issued = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = issued.json<{ access_token: string }>().access_token;
    const reads = fhirRoutes().filter(
      (r) => r.method === 'GET' && !r.url.endsWith('/:type') && !r.url.includes('/Location'),
    );
    expect(reads.length).toBeGreaterThan(0);
    for (const route of reads) {
      const type = route.url.split('/')[3] ?? '';
      const response = await t.app.inject({
        method: 'GET',
        url: route.url.replace(/:(\w+)/g, someId),
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, route.url).toBe(403);
      expect(response.body, route.url).toContain(`system/${type}.read`);
    }
    const allowed = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/Location',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(allowed.statusCode).toBe(200);
  });
});

describe('bad input on the OAuth token endpoint', () => {
  it('answers RFC 6749 errors as JSON, never problem+json or a 500', async () => {
    const cases: [string | undefined, string, number, string][] = [
      [undefined, '', 400, 'invalid_request'],
      ['application/json', '{"grant_type": ', 400, 'invalid_request'],
      ['application/x-www-form-urlencoded', 'grant_type=password', 400, 'unsupported_grant_type'],
      ['application/x-www-form-urlencoded', 'grant_type=client_credentials', 401, 'invalid_client'],
      [
        'application/x-www-form-urlencoded',
        `grant_type=client_credentials&client_id=x&client_secret=${'y'.repeat(20_000)}`,
        400,
        'invalid_request',
      ],
    ];
    for (const [type, payload, status, error] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        ...(type === undefined ? {} : { headers: { 'content-type': type } }),
        payload,
      });
      expect(response.statusCode, `${type ?? 'none'} ${payload.slice(0, 40)}`).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toMatchObject({ error });
    }
  });
});

describe('bad input on every FHIR route', () => {
  const fhirGets = () =>
    apiRoutes().filter((r) => isFhirRoute(r) && !r.public && r.method === 'GET');

  it('reports unknown search parameters, refuses them when strict, and malformed ids', async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const searches = fhirGets().filter((r) => !r.url.includes(':'));
    expect(searches.length).toBeGreaterThan(0);
    // Patient is never listed whole: its search gets a criterion besides the surprise.
    const criterion: Record<string, string> = {
      '/fhir/R4/Patient': `identifier=${demoPatient.nhsNumber}&`,
    };
    for (const route of searches) {
      const lenient = await get(`${route.url}?${criterion[route.url] ?? ''}surprise=1`, cookie);
      expect(lenient.statusCode, route.url).toBe(200);
      expect(lenient.body, route.url).toContain('surprise');
      const strict = await t.app.inject({
        method: 'GET',
        url: `${route.url}?${criterion[route.url] ?? ''}surprise=1`,
        headers: { cookie, prefer: 'handling=strict' },
      });
      expect(strict.statusCode, route.url).toBe(400);
      expect(strict.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      const badCount = await get(`${route.url}?_count=-1`, cookie);
      expect(badCount.statusCode, route.url).toBe(400);
      expect(badCount.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    for (const route of fhirGets().filter((r) => r.url.includes(':'))) {
      const url = route.url.replace(/:(\w+)/g, 'not an id!');
      const response = await get(url.replace(/ /g, '%20'), cookie);
      expect(response.statusCode, url).toBe(route.url.endsWith(':type') ? 404 : 400);
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
  });
});

describe('bad input on every FHIR write', () => {
  it('answers malformed bodies with a 400 OperationOutcome, never a 500', async () => {
    const cookie = await t.signIn('demo@atscale.test');
    const writes = apiRoutes().filter((r) => isFhirRoute(r) && !r.public && r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const route of writes) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const type =
        route.method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json';
      for (const payload of ['{"resourceType": ', '{"resourceType": "Basic"}', '42']) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url,
          payload,
          headers: { cookie, 'content-type': type },
        });
        expect(response.statusCode, `${route.method} ${route.url} ${payload}`).toBe(400);
        expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      }
    }
  });
});

describe('bad input on every route', () => {
  // The app's API; the FHIR facade answers in FHIR and follows FHIR's search rules (above).
  const appRoutes = () => apiRoutes().filter((r) => !isFhirRoute(r));
  const withBody = () => appRoutes().filter((r) => r.schema?.body !== undefined);
  const withQuery = () => appRoutes().filter((r) => r.schema?.querystring !== undefined);
  const withParams = () => appRoutes().filter((r) => r.schema?.params !== undefined);

  const send = async (method: string, url: string, payload: string) => {
    const cookie = await t.signIn('demo@atscale.test');
    return t.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { cookie, 'content-type': 'application/json' },
    });
  };

  // The route's path with each parameter filled by a value its schema accepts (an enum's first
  // value, else an id), so that only the body is left for the checks to find wrong.
  const exampleUrl = (route: ReturnType<typeof apiRoutes>[number]) => {
    const params = route.schema?.params as
      { properties?: Record<string, { enum?: string[] }> } | undefined;
    return route.url.replace(
      /:(\w+)/g,
      (_, name: string) =>
        params?.properties?.[name]?.enum?.[0] ?? '00000000-0000-4000-8000-000000000000',
    );
  };

  it('has routes with bodies, query strings and params to check', () => {
    expect(withBody().length).toBeGreaterThan(0);
    expect(withQuery().length).toBeGreaterThan(0);
    expect(withParams().length).toBeGreaterThan(0);
  });

  it('requires every body and query schema to refuse unknown fields', () => {
    for (const route of [...withBody(), ...withQuery()]) {
      const schemas = [route.schema?.body, route.schema?.querystring].filter(Boolean) as {
        additionalProperties?: boolean;
      }[];
      for (const schema of schemas) {
        expect(schema.additionalProperties, `${route.method} ${route.url}`).toBe(false);
      }
    }
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    for (const route of withBody()) {
      const response = await send(route.method, route.url, '{"email": ');
      expect(response.statusCode, route.url).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'malformed-json' });
    }
  });

  it('names a missing field, a wrong type and an unknown field', async () => {
    for (const route of withBody()) {
      const schema = route.schema?.body as {
        required?: string[];
        properties: Record<string, { type?: string }>;
      };
      const required = schema.required ?? [];
      const first = required[0];
      if (first === undefined) continue;
      const valid: Record<string, unknown> = {};
      for (const name of required) valid[name] = 'some-valid-text@example.org';

      const missing = await send(route.method, exampleUrl(route), JSON.stringify({}));
      expect(missing.statusCode, route.url).toBe(400);
      const missingBody = missing.json<{ code: string; errors: unknown[] }>();
      expect(missingBody.code).toBe('validation-failed');
      expect(missingBody.errors).toContainEqual({ field: `body/${first}`, message: 'is required' });

      const wrongType = await send(
        route.method,
        exampleUrl(route),
        JSON.stringify({ ...valid, [first]: 12 }),
      );
      expect(wrongType.statusCode, route.url).toBe(400);
      expect(wrongType.json<{ detail: string }>().detail).toContain(`body/${first}`);

      const unknown = await send(
        route.method,
        exampleUrl(route),
        JSON.stringify({ ...valid, surprise: 1 }),
      );
      expect(unknown.statusCode, route.url).toBe(400);
      expect(unknown.json<{ errors: unknown[] }>().errors).toContainEqual({
        field: 'body/surprise',
        message: 'is not a known field',
      });
    }
    // Three requests for each of some two hundred routes: slow on a loaded machine.
  }, 180_000);

  it('refuses unknown query parameters and badly formed params', async () => {
    const cookie = await t.signIn('demo@atscale.test');
    for (const route of withQuery().filter((r) => r.method === 'GET')) {
      const url = route.url.replace(/:(\w+)/g, demoPatient.id);
      const response = await get(`${url}?surprise=1`, cookie);
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation-failed' });
    }
    for (const route of withParams().filter((r) => r.method === 'GET')) {
      const url = route.url.replace(/:(\w+)/g, 'not-an-id');
      const response = await get(url, cookie);
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ detail: string }>().detail).toMatch(/params\//);
    }
  }, 180_000);

  it('answers an oversized body with 413', async () => {
    const route = withBody()[0];
    if (!route) throw new Error('no route with a body');
    const response = await send(
      route.method,
      route.url,
      JSON.stringify({ pad: 'x'.repeat(300_000) }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const route = withBody()[0];
    if (!route) throw new Error('no route with a body');
    const response = await t.app.inject({
      method: route.method as 'POST',
      url: route.url,
      payload: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
  });

  it('answers an unknown API address with a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});
