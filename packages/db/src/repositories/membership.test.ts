import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DUE_DILIGENCE_ITEMS,
  type DueDiligenceItemKind,
  type OrganisationForm,
  type Principal,
  type RoleGrant,
} from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { tableRowCounts } from '../table-row-counts.js';
import { membershipRepository } from './membership.js';
import { importPracticeList } from './practice-import.js';

let t: TestDatabase;

/** Today in England, as the repository dates a move that names no date. */
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** An organisation of one form with an administrator, made here so no seed is relied on. */
interface TestOrganisation {
  readonly orgId: string;
  readonly admin: Principal;
  readonly as: (grants: RoleGrant[]) => Principal;
}

let odsSerial = 0;
/** A fresh practice ODS code for each enquiry, so tests never collide. */
const nextOds = () => `Q${String(71000 + ++odsSerial)}`;

async function createOrganisation(name: string, form: OrganisationForm): Promise<TestOrganisation> {
  const org = await t.db.query<{ id: string }>(
    'insert into organisation (name, form) values ($1, $2) returning id',
    [name, form],
  );
  const orgId = org.rows[0]?.id ?? '';
  const user = await t.db.query<{ id: string }>(
    `insert into app_user (org_id, email, display_name, password_hash)
     values ($1, $2, 'Pat Admin', 'x') returning id`,
    [orgId, `admin@${name.toLowerCase().replace(/\W+/g, '-')}.test`],
  );
  const userId = user.rows[0]?.id ?? '';
  const as = (grants: RoleGrant[]): Principal => ({ userId, orgId, grants });
  return { orgId, admin: as([{ role: 'org-admin', practiceId: null }]), as };
}

let autonomy: TestOrganisation;
let federation: TestOrganisation;

beforeAll(async () => {
  t = await createTestDatabase();
  autonomy = await createOrganisation('Autonomy Partnership', 'autonomy-super-partnership');
  federation = await createOrganisation('Town Federation', 'federation');
});
afterAll(() => t.dispose());

const repo = (principal: Principal) =>
  membershipRepository(t.db, { principal, requestId: 'req-membership' });

const auditOf = (practiceId: string) =>
  t.db.query<{ action: string; role: string | null; reason: string | null; user_id: string }>(
    `select action, role, reason, user_id from audit_event
      where entity_type = 'practice' and entity_id = $1 order by id`,
    [practiceId],
  );

/** Rates every checklist item green with evidence. */
async function rateAll(principal: Principal, practiceId: string) {
  for (const item of DUE_DILIGENCE_ITEMS) {
    await repo(principal).rateItem(practiceId, item, { rating: 'green', evidence: 'Seen' });
  }
}

/** Enquires and walks the practice through the lifecycle up to `member`. */
async function memberPractice(org: TestOrganisation, on = '2025-01-06') {
  const r = repo(org.admin);
  const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Joining Surgery', on });
  await r.move(practice.id, 'due-diligence', { on });
  await rateAll(org.admin, practice.id);
  await r.move(practice.id, 'decision', { on });
  await r.move(practice.id, 'signed', { on, decision: { decidedBy: 'Board', reason: 'Fits' } });
  await r.move(practice.id, 'onboarding', { on });
  await r.move(practice.id, 'member', { on });
  return practice.id;
}

describe('membership repository: enquiries', () => {
  it('records an enquiry: the practice, its membership at enquiry, history and audit', async () => {
    const odsCode = nextOds();
    const detail = await repo(autonomy.admin).enquire({
      odsCode,
      name: '  Brook Street Surgery ',
      on: '2025-03-03',
    });
    expect(detail).toMatchObject({
      practice: { odsCode, name: 'Brook Street Surgery' },
      stage: 'enquiry',
      stageSince: '2025-03-03',
      nextStages: ['due-diligence', 'withdrawn'],
      form: 'autonomy-super-partnership',
      checklistOpen: true,
      dueDiligence: { complete: false, counts: { red: 0, amber: 0, green: 0, unrated: 7 } },
    });
    expect(detail.checklist.map((c) => c.item)).toEqual([...DUE_DILIGENCE_ITEMS]);
    expect(detail.checklist.every((c) => c.rating === null && c.assessedBy === null)).toBe(true);
    expect(detail.history).toMatchObject([
      { from: null, to: 'enquiry', on: '2025-03-03', changedBy: { displayName: 'Pat Admin' } },
    ]);
    const audit = await auditOf(detail.practice.id);
    expect(audit.rows).toEqual([
      {
        action: 'membership.enquiry',
        role: 'org-admin',
        reason: `enquiry from ${odsCode} on 2025-03-03`,
        user_id: autonomy.admin.userId,
      },
    ]);

    const board = await repo(autonomy.admin).pipeline();
    expect(board.form).toBe('autonomy-super-partnership');
    expect(board.practices.find((p) => p.practiceId === detail.practice.id)).toMatchObject({
      stage: 'enquiry',
      stageSince: '2025-03-03',
      listSize: null,
      dueDiligence: { red: 0, amber: 0, green: 0, unrated: 7, complete: false },
    });
  });

  it('refuses a bad ODS code, a blank name and a practice already in the organisation', async () => {
    const r = repo(autonomy.admin);
    await expect(r.enquire({ odsCode: 'A8100', name: 'Short' })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/odsCode' }],
    });
    await expect(r.enquire({ odsCode: nextOds(), name: '   ' })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/name' }],
    });
    await expect(
      r.enquire({ odsCode: nextOds(), name: 'X', on: '2025-02-30' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/on' }] });
    const odsCode = nextOds();
    await r.enquire({ odsCode, name: 'First' });
    const before = await tableRowCounts(t.db);
    await expect(r.enquire({ odsCode, name: 'Second' })).rejects.toMatchObject({
      code: 'conflict',
      detail: `A practice with the ODS code ${odsCode} is already in the organisation`,
    });
    expect(await tableRowCounts(t.db)).toEqual(before);
    // The same code in another organisation is that organisation's own practice.
    await expect(
      repo(federation.admin).enquire({ odsCode, name: 'Theirs' }),
    ).resolves.toMatchObject({ stage: 'enquiry' });
  });

  it('accepts a lower-case code with spaces around it, as people type them', async () => {
    const odsCode = nextOds();
    const detail = await repo(autonomy.admin).enquire({
      odsCode: ` ${odsCode.toLowerCase()} `,
      name: 'Lower',
    });
    expect(detail.practice.odsCode).toBe(odsCode);
    expect(detail.stageSince).toBe(today());
  });
});

describe('membership repository: due diligence', () => {
  it('rates items with evidence, keeps the latest rating, and audits each one', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Rated Surgery' });
    const saved = await r.rateItem(practice.id, 'finances', {
      rating: 'amber',
      evidence: ' Three years of accounts; profit down in 2024 ',
    });
    expect(saved).toMatchObject({
      item: 'finances',
      rating: 'amber',
      evidence: 'Three years of accounts; profit down in 2024',
      assessedBy: { id: autonomy.admin.userId, displayName: 'Pat Admin' },
    });
    expect(saved.assessedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await r.rateItem(practice.id, 'finances', { rating: 'green', evidence: 'Recovered in 2025' });
    await r.rateItem(practice.id, 'cqc-rating', { rating: 'red', evidence: '' });
    await r.rateItem(practice.id, 'workforce', { rating: null, evidence: 'Two GPs retire soon' });

    const detail = await r.detail(practice.id);
    expect(detail.checklist.find((c) => c.item === 'finances')).toMatchObject({
      rating: 'green',
      evidence: 'Recovered in 2025',
    });
    expect(detail.dueDiligence).toMatchObject({
      counts: { red: 1, amber: 0, green: 1, unrated: 5 },
      withoutEvidence: ['cqc-rating'],
      complete: false,
    });
    const board = await r.pipeline();
    expect(board.practices.find((p) => p.practiceId === practice.id)?.dueDiligence).toEqual({
      red: 1,
      amber: 0,
      green: 1,
      unrated: 5,
      complete: false,
    });
    const audit = await auditOf(practice.id);
    expect(audit.rows.map((a) => [a.action, a.reason])).toEqual([
      ['membership.enquiry', expect.stringContaining('enquiry from')],
      ['membership.due-diligence', 'finances rated amber'],
      ['membership.due-diligence', 'finances rated green'],
      ['membership.due-diligence', 'cqc-rating rated red, no evidence'],
      ['membership.due-diligence', 'workforce rated not yet'],
    ]);
  });

  it('refuses rating once the practice is past the decision, and an unknown item', async () => {
    const practiceId = await memberPractice(autonomy);
    await expect(
      repo(autonomy.admin).rateItem(practiceId, 'finances', { rating: 'red', evidence: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      detail:
        'Due diligence can only be rated at enquiry, due diligence or decision; this practice is at member',
    });
    await expect(
      repo(autonomy.admin).rateItem(practiceId, 'vibes' as DueDiligenceItemKind, {
        rating: 'red',
        evidence: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/item' }] });
  });
});

describe('membership repository: stage changes', () => {
  it('blocks the decision until due diligence is complete, and writes nothing when it does', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Hasty Surgery' });
    await r.move(practice.id, 'due-diligence');
    await r.rateItem(practice.id, 'finances', { rating: 'green', evidence: '' });
    const before = await tableRowCounts(t.db);
    const refused = r.move(practice.id, 'decision');
    await expect(refused).rejects.toMatchObject({ code: 'conflict' });
    await expect(refused).rejects.toThrow(/not yet rated: cqc-rating.*no evidence: finances/);
    expect(await tableRowCounts(t.db)).toEqual(before);
    expect((await r.detail(practice.id)).stage).toBe('due-diligence');
  });

  it('walks enquiry to member, recording the decision and the deed, each move audited', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({
      odsCode: nextOds(),
      name: 'Willow Practice',
      on: '2025-01-06',
    });
    await r.move(practice.id, 'due-diligence', { on: '2025-01-20', note: 'Papers requested' });
    await rateAll(autonomy.admin, practice.id);
    await r.move(practice.id, 'decision', { on: '2025-02-03' });
    await expect(r.move(practice.id, 'signed', { on: '2025-02-10' })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/decision/decidedBy' }, { field: '/decision/reason' }],
    });
    const signed = await r.move(practice.id, 'signed', {
      on: '2025-02-10',
      decision: { decidedBy: ' Central board ', reason: 'Strong finances; shares our ethos' },
    });
    expect(signed).toMatchObject({
      from: 'decision',
      to: 'signed',
      on: '2025-02-10',
      decision: { decidedBy: 'Central board', reason: 'Strong finances; shares our ethos' },
      signingDocument: 'deed',
      listStaysWithOrganisation: null,
      changedBy: { id: autonomy.admin.userId },
    });
    await r.move(practice.id, 'onboarding', { on: '2025-03-01' });
    await r.move(practice.id, 'member', { on: '2025-04-01' });

    const detail = await r.detail(practice.id);
    expect(detail).toMatchObject({
      stage: 'member',
      stageSince: '2025-04-01',
      nextStages: ['leaving'],
      signingDocument: 'deed',
      decision: { decidedBy: 'Central board' },
      checklistOpen: false,
    });
    expect(detail.history.map((h) => [h.from, h.to, h.on])).toEqual([
      [null, 'enquiry', '2025-01-06'],
      ['enquiry', 'due-diligence', '2025-01-20'],
      ['due-diligence', 'decision', '2025-02-03'],
      ['decision', 'signed', '2025-02-10'],
      ['signed', 'onboarding', '2025-03-01'],
      ['onboarding', 'member', '2025-04-01'],
    ]);
    expect(detail.history[1]?.note).toBe('Papers requested');
    const audit = await auditOf(practice.id);
    expect(
      audit.rows.filter((a) => a.action === 'membership.stage-change').map((a) => a.reason),
    ).toEqual([
      'enquiry -> due-diligence on 2025-01-20',
      'due-diligence -> decision on 2025-02-03',
      'decision -> signed on 2025-02-10',
      'signed -> onboarding on 2025-03-01',
      'onboarding -> member on 2025-04-01',
    ]);
  });

  it('records a decline with who and why, after which the practice is final', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Declined Surgery' });
    await r.move(practice.id, 'due-diligence');
    await rateAll(autonomy.admin, practice.id);
    await r.move(practice.id, 'decision');
    const declined = await r.move(practice.id, 'declined', {
      decision: { decidedBy: 'Board vote 4-3', reason: 'Premises liability too large' },
    });
    expect(declined).toMatchObject({ to: 'declined', signingDocument: null });
    const detail = await r.detail(practice.id);
    expect(detail).toMatchObject({ stage: 'declined', nextStages: [], checklistOpen: false });
    await expect(r.move(practice.id, 'signed')).rejects.toMatchObject({
      code: 'conflict',
      detail: 'A membership cannot move from declined to signed: declined is a final stage',
    });
  });

  it('refuses an illegal move with the domain’s message, and a date before the stage began', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({
      odsCode: nextOds(),
      name: 'Skipping Surgery',
      on: '2025-05-01',
    });
    await expect(r.move(practice.id, 'member')).rejects.toMatchObject({
      code: 'conflict',
      detail:
        'A membership cannot move from enquiry to member: from enquiry it can only move to due diligence or withdrawn',
    });
    await expect(r.move(practice.id, 'due-diligence', { on: '2025-04-30' })).rejects.toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/on' }],
    });
    await expect(r.move(practice.id, 'withdrawn', { on: '2025-05-01' })).resolves.toMatchObject({
      to: 'withdrawn',
    });
  });

  it('lets only one of two simultaneous moves from the same stage through', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Racing Surgery' });
    const results = await Promise.allSettled([
      r.move(practice.id, 'due-diligence'),
      r.move(practice.id, 'due-diligence'),
    ]);
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected']);
    const detail = await r.detail(practice.id);
    expect(detail.history.filter((h) => h.to === 'due-diligence')).toHaveLength(1);
  });

  it('is all or nothing: a failure after the update leaves stage, history and audit as they were', async () => {
    const r = repo(autonomy.admin);
    const { practice } = await r.enquire({ odsCode: nextOds(), name: 'Fragile Surgery' });
    await t.db.exec(`
      create function membership_test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused by test'; end; $$;
      create trigger membership_test_refuse before insert on membership_stage_change
        for each row execute function membership_test_refuse();`);
    try {
      const before = await tableRowCounts(t.db);
      await expect(r.move(practice.id, 'due-diligence')).rejects.toThrow(/refused by test/);
      expect(await tableRowCounts(t.db)).toEqual(before);
      expect((await r.detail(practice.id)).stage).toBe('enquiry');
    } finally {
      await t.db.exec(`drop trigger membership_test_refuse on membership_stage_change;
                       drop function membership_test_refuse();`);
    }
  });
});

describe('membership repository: leaving (the list and the form)', () => {
  it('keeps the list with an autonomy super-partnership when a member leaves', async () => {
    const practiceId = await memberPractice(autonomy);
    const r = repo(autonomy.admin);
    await r.move(practiceId, 'leaving', { on: '2025-06-02' });
    const left = await r.move(practiceId, 'left', { on: '2025-09-01' });
    expect(left).toMatchObject({ from: 'leaving', to: 'left', listStaysWithOrganisation: true });
    expect(await r.detail(practiceId)).toMatchObject({
      stage: 'left',
      listStaysWithOrganisation: true,
      signingDocument: 'deed',
    });
  });

  it('lets the list leave with the practice in a federation, which signs an MOU', async () => {
    const practiceId = await memberPractice(federation);
    const r = repo(federation.admin);
    await r.move(practiceId, 'leaving', { on: '2025-06-02' });
    const left = await r.move(practiceId, 'left', { on: '2025-09-01' });
    expect(left).toMatchObject({ to: 'left', listStaysWithOrganisation: false });
    expect(await r.detail(practiceId)).toMatchObject({
      form: 'federation',
      signingDocument: 'mou',
      listStaysWithOrganisation: false,
    });
  });

  it('uses the form in force on the date of the move', async () => {
    const org = await createOrganisation('Changing Partnership', 'autonomy-super-partnership');
    const early = await memberPractice(org, '2024-01-08');
    const late = await memberPractice(org, '2024-01-08');
    await t.db.query(
      `insert into organisation_form_change (org_id, form, effective_from)
       values ($1, 'autonomy-super-partnership', '2024-01-01'), ($1, 'federation', '2026-06-01')`,
      [org.orgId],
    );
    const r = repo(org.admin);
    await r.move(early, 'leaving', { on: '2026-05-01' });
    await r.move(late, 'leaving', { on: '2026-05-01' });
    expect(await r.move(early, 'left', { on: '2026-05-31' })).toMatchObject({
      listStaysWithOrganisation: true,
    });
    expect(await r.move(late, 'left', { on: '2026-06-01' })).toMatchObject({
      listStaysWithOrganisation: false,
    });
  });
});

describe('membership repository: who may do what', () => {
  it('lets central finance read the pipeline but not change it', async () => {
    const finance = repo(autonomy.as([{ role: 'central-finance', practiceId: null }]));
    const board = await finance.pipeline();
    const practiceId = board.practices[0]?.practiceId ?? '';
    await expect(finance.detail(practiceId)).resolves.toMatchObject({
      practice: { id: practiceId },
    });
    await expect(finance.enquire({ odsCode: nextOds(), name: 'X' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      finance.rateItem(practiceId, 'finances', { rating: 'red', evidence: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(finance.move(practiceId, 'withdrawn')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('refuses practice roles outright, even for their own practice', async () => {
    const { practice } = await repo(autonomy.admin).enquire({ odsCode: nextOds(), name: 'Own' });
    for (const role of ['care-navigator', 'clinician', 'practice-manager'] as const) {
      const r = repo(autonomy.as([{ role, practiceId: practice.id }]));
      await expect(r.pipeline()).rejects.toMatchObject({ code: 'forbidden' });
      await expect(r.detail(practice.id)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(r.move(practice.id, 'withdrawn')).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('treats another organisation’s practice as not found and leaves it untouched', async () => {
    const { practice } = await repo(autonomy.admin).enquire({
      odsCode: nextOds(),
      name: 'Private Surgery',
    });
    const outsider = repo(federation.admin);
    await expect(outsider.detail(practice.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      outsider.rateItem(practice.id, 'finances', { rating: 'red', evidence: 'x' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(outsider.move(practice.id, 'withdrawn')).rejects.toMatchObject({
      code: 'not-found',
    });
    const board = await outsider.pipeline();
    expect(board.practices.map((p) => p.practiceId)).not.toContain(practice.id);
    expect((await repo(autonomy.admin).detail(practice.id)).stage).toBe('enquiry');
  });
});

describe('membership of practices that arrive other ways', () => {
  it('makes imported practices members, and leaves existing memberships alone', async () => {
    const org = await createOrganisation('Imported Partnership', 'autonomy-super-partnership');
    const entry = (odsCode: string) => ({
      odsCode,
      name: `Practice ${odsCode}`,
      addressLines: [null, null, null, null, null] as const,
      postcode: null,
      phone: null,
      openedOn: null,
      commissionerCode: null,
      nationalGrouping: null,
      healthGeography: null,
    });
    const { practice } = await repo(org.admin).enquire({ odsCode: 'B86010', name: 'Enquirer' });
    await importPracticeList(t.db, org.orgId, [entry('B86010'), entry('B86011')], {
      reason: 'test',
    });
    const board = await repo(org.admin).pipeline();
    expect(board.practices.map((p) => [p.odsCode, p.stage])).toEqual([
      ['B86010', 'enquiry'],
      ['B86011', 'member'],
    ]);
    expect(board.practices[0]?.practiceId).toBe(practice.id);
  });

  it('treats a practice with no membership row as a member that can start leaving', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into practice (org_id, ods_code, name) values ($1, $2, 'Old Member') returning id`,
      [autonomy.orgId, nextOds()],
    );
    const practiceId = rows[0]?.id ?? '';
    const r = repo(autonomy.admin);
    expect(await r.detail(practiceId)).toMatchObject({ stage: 'member', history: [] });
    await r.move(practiceId, 'leaving');
    expect((await r.detail(practiceId)).stage).toBe('leaving');
  });
});
