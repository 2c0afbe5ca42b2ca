import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_DILIGENCE_ITEMS, type OrganisationForm } from '@atscale/domain';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cookies: {
  demoAdmin: string;
  demoNavigator: string;
  demoClinician: string;
  autonomy: string;
  federation: string;
};

/** An organisation of the given form with one administrator; returns their session cookie. */
async function organisationOfForm(name: string, form: OrganisationForm, email: string) {
  const { rows } = await t.db.query<{ id: string }>(
    'insert into organisation (name, form) values ($1, $2) returning id',
    [name, form],
  );
  await unscopedAccountRepository(t.db).createUser({
    orgId: rows[0]?.id ?? '',
    email,
    displayName: `${name} administrator`,
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'org-admin', practiceId: null }],
  });
  return t.signIn(email);
}

beforeAll(async () => {
  t = await createTestApp();
  cookies = {
    demoAdmin: await t.signIn('demo@atscale.test'),
    demoNavigator: await t.signIn('navigator@atscale.test'),
    demoClinician: await t.signIn('clinician@atscale.test'),
    autonomy: await organisationOfForm(
      'Oak Health Partnership',
      'autonomy-super-partnership',
      'admin@oak.test',
    ),
    federation: await organisationOfForm('Ash Federation', 'federation', 'admin@ash.test'),
  };
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

let odsSerial = 0;
const nextOds = () => `Q${String(72000 + ++odsSerial)}`;

/** Records an enquiry through the API and returns the new practice's id. */
async function enquire(cookie: string, on = '2025-01-06'): Promise<string> {
  const response = await call(cookie, 'POST', '/api/membership/enquiries', {
    odsCode: nextOds(),
    name: 'Prospect Surgery',
    on,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ practice: { id: string } }>().practice.id;
}

const move = (cookie: string, practiceId: string, body: object) =>
  call(cookie, 'POST', `/api/membership/${practiceId}/stage-changes`, body);

async function rateAll(cookie: string, practiceId: string) {
  for (const item of DUE_DILIGENCE_ITEMS) {
    const response = await call(
      cookie,
      'PUT',
      `/api/membership/${practiceId}/due-diligence/${item}`,
      { rating: 'green', evidence: 'Checked and filed' },
    );
    expect(response.statusCode, response.body).toBe(200);
  }
}

/** Takes a new practice from enquiry to member through the API. */
async function member(cookie: string): Promise<string> {
  const practiceId = await enquire(cookie);
  const on = '2025-01-06';
  expect((await move(cookie, practiceId, { to: 'due-diligence', on })).statusCode).toBe(201);
  await rateAll(cookie, practiceId);
  const steps = [
    { to: 'decision', on },
    { to: 'signed', on, decision: { decidedBy: 'The board', reason: 'A good fit' } },
    { to: 'onboarding', on },
    { to: 'member', on },
  ];
  for (const step of steps) {
    const response = await move(cookie, practiceId, step);
    expect(response.statusCode, response.body).toBe(201);
  }
  return practiceId;
}

describe('membership routes', () => {
  it('records an enquiry, which the board and the practice’s page then show', async () => {
    const response = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: 'Q71999',
      name: 'Meadow Surgery',
      on: '2025-02-03',
    });
    expect(response.statusCode).toBe(201);
    const detail = response.json<{ practice: { id: string } }>();
    expect(detail).toMatchObject({
      practice: { odsCode: 'Q71999', name: 'Meadow Surgery' },
      stage: 'enquiry',
      stageSince: '2025-02-03',
      nextStages: ['due-diligence', 'withdrawn'],
      checklistOpen: true,
      history: [{ from: null, to: 'enquiry', on: '2025-02-03' }],
    });
    const board = await call(cookies.demoAdmin, 'GET', '/api/membership');
    expect(board.statusCode).toBe(200);
    const cards = board.json<{ practices: { practiceId: string }[] }>().practices;
    expect(cards.find((c) => c.practiceId === detail.practice.id)).toMatchObject({
      stage: 'enquiry',
      dueDiligence: { red: 0, amber: 0, green: 0, unrated: 7, complete: false },
    });
    const page = await call(cookies.demoAdmin, 'GET', `/api/membership/${detail.practice.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json<{ checklist: unknown[] }>().checklist).toHaveLength(7);
  });

  it('answers bad input with a problem naming the field', async () => {
    const badCode = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: 'A8100',
      name: 'Short Code Surgery',
    });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.headers['content-type']).toMatch(/problem\+json/);
    expect(badCode.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'body/odsCode' }],
    });
    expect(badCode.json<{ detail: string }>().detail).toBe(
      'A practice ODS code has 6 characters, like A81001',
    );

    const blankName = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: nextOds(),
      name: '  ',
    });
    expect(blankName.statusCode).toBe(400);
    expect(blankName.json()).toMatchObject({ errors: [{ field: 'body/name' }] });

    const badDate = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: nextOds(),
      name: 'X',
      on: '2025-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json<{ detail: string }>().detail).toContain('body/on');

    const practiceId = await enquire(cookies.demoAdmin);
    const unknownStage = await move(cookies.demoAdmin, practiceId, { to: 'joined' });
    expect(unknownStage.statusCode).toBe(400);
    expect(unknownStage.json<{ detail: string }>().detail).toContain('body/to');

    const unknownItem = await call(
      cookies.demoAdmin,
      'PUT',
      `/api/membership/${practiceId}/due-diligence/vibes`,
      { rating: 'red', evidence: '' },
    );
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json<{ detail: string }>().detail).toContain('params/item');

    const badRating = await call(
      cookies.demoAdmin,
      'PUT',
      `/api/membership/${practiceId}/due-diligence/finances`,
      { rating: 'purple', evidence: '' },
    );
    expect(badRating.statusCode).toBe(400);
    expect(badRating.json<{ detail: string }>().detail).toContain('body/rating');

    const missing = await call(
      cookies.demoAdmin,
      'GET',
      '/api/membership/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a practice already in the organisation, and an illegal move, with 409', async () => {
    const first = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: 'Q71998',
      name: 'Twice Surgery',
    });
    expect(first.statusCode).toBe(201);
    const again = await call(cookies.demoAdmin, 'POST', '/api/membership/enquiries', {
      odsCode: 'Q71998',
      name: 'Twice Surgery',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: 'body/odsCode' }],
    });

    const practiceId = first.json<{ practice: { id: string } }>().practice.id;
    const skip = await move(cookies.demoAdmin, practiceId, { to: 'member' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      code: 'conflict',
      detail:
        'A membership cannot move from enquiry to member: from enquiry it can only move to due diligence or withdrawn',
    });
  });

  it('blocks the decision while due diligence is incomplete, then records who decided and why', async () => {
    const practiceId = await enquire(cookies.demoAdmin);
    expect(
      (await move(cookies.demoAdmin, practiceId, { to: 'due-diligence', on: '2025-01-13' }))
        .statusCode,
    ).toBe(201);
    const early = await move(cookies.demoAdmin, practiceId, { to: 'decision', on: '2025-01-20' });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toMatch(
      /^The decision cannot be taken until due diligence is complete \(not yet rated: finances/,
    );
    const page = await call(cookies.demoAdmin, 'GET', `/api/membership/${practiceId}`);
    expect(page.json()).toMatchObject({ stage: 'due-diligence' });

    await rateAll(cookies.demoAdmin, practiceId);
    const decision = await move(cookies.demoAdmin, practiceId, {
      to: 'decision',
      on: '2025-01-20',
    });
    expect(decision.statusCode).toBe(201);

    const noWho = await move(cookies.demoAdmin, practiceId, {
      to: 'signed',
      decision: { decidedBy: ' ', reason: '' },
    });
    expect(noWho.statusCode).toBe(400);
    expect(noWho.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'body/decision/decidedBy' }, { field: 'body/decision/reason' }],
    });

    const signed = await move(cookies.demoAdmin, practiceId, {
      to: 'signed',
      on: '2025-02-03',
      decision: { decidedBy: 'Central board', reason: 'Sound finances, shares our ethos' },
      note: 'Deed signed at the February board',
    });
    expect(signed.statusCode).toBe(201);
    expect(signed.json()).toMatchObject({
      from: 'decision',
      to: 'signed',
      on: '2025-02-03',
      decision: { decidedBy: 'Central board', reason: 'Sound finances, shares our ethos' },
      signingDocument: 'deed',
      note: 'Deed signed at the February board',
    });
    const me = await call(cookies.demoAdmin, 'GET', '/api/me');
    expect(signed.json<{ changedBy: unknown }>().changedBy).toEqual({
      id: me.json<{ user: { id: string } }>().user.id,
      displayName: me.json<{ user: { displayName: string } }>().user.displayName,
    });

    const closed = await call(
      cookies.demoAdmin,
      'PUT',
      `/api/membership/${practiceId}/due-diligence/finances`,
      { rating: 'red', evidence: 'Too late' },
    );
    expect(closed.statusCode).toBe(409);
    expect(closed.json<{ detail: string }>().detail).toContain('this practice is at signed');
  });

  it('keeps every stage change in the audit trail', async () => {
    const practiceId = await enquire(cookies.demoAdmin, '2025-03-03');
    await move(cookies.demoAdmin, practiceId, { to: 'due-diligence', on: '2025-03-10' });
    await call(cookies.demoAdmin, 'PUT', `/api/membership/${practiceId}/due-diligence/finances`, {
      rating: 'amber',
      evidence: 'Profit fell in one of three years',
    });
    const trail = await call(cookies.demoAdmin, 'GET', '/api/audit-events?limit=50');
    expect(trail.statusCode).toBe(200);
    const events = trail
      .json<{ events: { action: string; entityId: string | null; reason: string | null }[] }>()
      .events.filter((e) => e.entityId === practiceId)
      .reverse();
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['membership.enquiry', expect.stringMatching(/^enquiry from Q\d{5} on 2025-03-03$/)],
      ['membership.stage-change', 'enquiry -> due-diligence on 2025-03-10'],
      ['membership.due-diligence', 'finances rated amber'],
    ]);
  });
});

describe('the membership routes in the OpenAPI document', () => {
  it('describes every route, with the stages and checklist items as enums', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      paths: Record<string, Record<string, { parameters?: { name: string; schema: unknown }[] }>>;
    }>();
    expect(Object.keys(document.paths['/api/membership'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/membership/enquiries'] ?? {})).toContain('post');
    expect(Object.keys(document.paths['/api/membership/{practiceId}'] ?? {})).toContain('get');
    expect(
      Object.keys(document.paths['/api/membership/{practiceId}/stage-changes'] ?? {}),
    ).toContain('post');
    const rate = document.paths['/api/membership/{practiceId}/due-diligence/{item}']?.put;
    expect(rate?.parameters?.find((p) => p.name === 'item')?.schema).toMatchObject({
      enum: [...DUE_DILIGENCE_ITEMS],
    });
    expect(response.body).toContain('"enquiry","due-diligence","decision","signed"');
  });
});

describe('leaving in a super-partnership vs a federation', () => {
  it('keeps the list with an autonomy super-partnership', async () => {
    const practiceId = await member(cookies.autonomy);
    expect(
      (await move(cookies.autonomy, practiceId, { to: 'leaving', on: '2025-06-02' })).statusCode,
    ).toBe(201);
    const left = await move(cookies.autonomy, practiceId, { to: 'left', on: '2025-09-01' });
    expect(left.statusCode).toBe(201);
    expect(left.json()).toMatchObject({ to: 'left', listStaysWithOrganisation: true });
    const page = await call(cookies.autonomy, 'GET', `/api/membership/${practiceId}`);
    expect(page.json()).toMatchObject({
      form: 'autonomy-super-partnership',
      stage: 'left',
      nextStages: [],
      signingDocument: 'deed',
      listStaysWithOrganisation: true,
    });
  });

  it('lets the list leave with the practice from a federation, which signs an MOU', async () => {
    const practiceId = await member(cookies.federation);
    expect(
      (await move(cookies.federation, practiceId, { to: 'leaving', on: '2025-06-02' })).statusCode,
    ).toBe(201);
    const left = await move(cookies.federation, practiceId, { to: 'left', on: '2025-09-01' });
    expect(left.statusCode).toBe(201);
    expect(left.json()).toMatchObject({ to: 'left', listStaysWithOrganisation: false });
    const page = await call(cookies.federation, 'GET', `/api/membership/${practiceId}`);
    expect(page.json()).toMatchObject({
      form: 'federation',
      signingDocument: 'mou',
      listStaysWithOrganisation: false,
    });
  });
});

describe('who may use the membership routes', () => {
  it('refuses the care navigator and the clinician with 403 on every route', async () => {
    const practiceId = await enquire(cookies.demoAdmin);
    for (const cookie of [cookies.demoNavigator, cookies.demoClinician]) {
      const answers = [
        await call(cookie, 'GET', '/api/membership'),
        await call(cookie, 'GET', `/api/membership/${practiceId}`),
        await call(cookie, 'POST', '/api/membership/enquiries', {
          odsCode: nextOds(),
          name: 'Sneaky Surgery',
        }),
        await call(cookie, 'PUT', `/api/membership/${practiceId}/due-diligence/finances`, {
          rating: 'red',
          evidence: 'x',
        }),
        await move(cookie, practiceId, { to: 'withdrawn' }),
      ];
      for (const answer of answers) {
        expect(answer.statusCode, answer.body).toBe(403);
        expect(answer.json()).toMatchObject({ code: 'forbidden' });
        expect(answer.body).not.toContain('Prospect Surgery');
      }
    }
    const page = await call(cookies.demoAdmin, 'GET', `/api/membership/${practiceId}`);
    expect(page.json()).toMatchObject({
      stage: 'enquiry',
      dueDiligence: { counts: { unrated: 7 } },
    });
  });

  it('shows another organisation nothing of ours and lets it change nothing', async () => {
    const practiceId = await enquire(cookies.demoAdmin);
    const answers = [
      await call(cookies.federation, 'GET', `/api/membership/${practiceId}`),
      await call(
        cookies.federation,
        'PUT',
        `/api/membership/${practiceId}/due-diligence/finances`,
        {
          rating: 'red',
          evidence: 'x',
        },
      ),
      await move(cookies.federation, practiceId, { to: 'withdrawn' }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).not.toContain('Prospect Surgery');
    }
    const board = await call(cookies.federation, 'GET', '/api/membership');
    expect(board.statusCode).toBe(200);
    expect(board.body).not.toContain(practiceId);
    expect(board.body).not.toContain(t.demo.orgId);
    const ours = await call(cookies.demoAdmin, 'GET', `/api/membership/${practiceId}`);
    expect(ours.json()).toMatchObject({ stage: 'enquiry', history: [{ to: 'enquiry' }] });
  });
});
