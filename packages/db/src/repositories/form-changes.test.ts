import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { formChangeRepository, organisationFormOn } from './form-changes.js';
import { organisationRepository } from './organisation.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let manager: Principal;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'federation',
    createdOn: '2015-04-01',
    practices: 2,
  });
  admin = await org.principal([{ role: 'org-admin', practiceId: null }]);
  manager = await org.principal([
    { role: 'practice-manager', practiceId: org.practiceIds[0] ?? '' },
  ]);
});
afterAll(() => t.dispose());

/** Expects a refusal with conflict whose message matches. */
async function expectConflict(attempt: Promise<unknown>, message: RegExp) {
  await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  await expect(attempt).rejects.toThrow(message);
}

const repo = (principal: Principal) =>
  formChangeRepository(t.db, { principal, requestId: 'req-form' });

describe('form changes', () => {
  it('starts from the form the organisation was created with', async () => {
    const history = await repo(manager).history();
    expect(history).toEqual([
      {
        id: null,
        form: 'federation',
        effectiveFrom: '2015-04-01',
        reason: null,
        recordedBy: null,
        recordedAt: null,
        status: 'in-force',
      },
    ]);
    const organisation = await organisationRepository(t.db, {
      principal: manager,
      requestId: null,
    }).get();
    expect(organisation).toMatchObject({
      form: 'federation',
      formSince: '2015-04-01',
      scheduledChange: null,
    });
  });

  it('records a change in the past and one in the future, each audited', async () => {
    const past = await repo(admin).change({
      form: 'autonomy-super-partnership',
      effectiveFrom: '2017-10-01',
      reason: ' Members signed the partnership deed ',
    });
    expect(past).toMatchObject({
      form: 'autonomy-super-partnership',
      effectiveFrom: '2017-10-01',
      reason: 'Members signed the partnership deed',
      recordedBy: 'Test User',
      status: 'in-force',
    });
    const future = await repo(admin).change({
      form: 'integrated-super-partnership',
      effectiveFrom: '2999-04-01',
      reason: 'One contract from April',
    });
    expect(future.status).toBe('scheduled');

    const history = await repo(manager).history();
    expect(history.map((h) => [h.form, h.effectiveFrom, h.status])).toEqual([
      ['integrated-super-partnership', '2999-04-01', 'scheduled'],
      ['autonomy-super-partnership', '2017-10-01', 'in-force'],
      ['federation', '2015-04-01', 'past'],
    ]);
    // The creation form is now a stored row, so the history is all rows.
    expect(history.every((h) => h.id !== null)).toBe(true);

    const organisation = await organisationRepository(t.db, {
      principal: manager,
      requestId: null,
    }).get();
    expect(organisation).toMatchObject({
      form: 'autonomy-super-partnership',
      formSince: '2017-10-01',
      scheduledChange: { form: 'integrated-super-partnership', effectiveFrom: '2999-04-01' },
    });
    const { rows: created } = await t.db.query<{ form: string }>(
      'select form from organisation where id = $1',
      [org.orgId],
    );
    expect(created[0]?.form).toBe('federation');

    const { rows } = await t.db.query<{ action: string; entity_id: string; role: string }>(
      `select action, entity_id, role from audit_event
        where org_id = $1 and action = 'organisation.form-change' order by id`,
      [org.orgId],
    );
    expect(rows).toEqual([
      { action: 'organisation.form-change', entity_id: past.id, role: 'org-admin' },
      { action: 'organisation.form-change', entity_id: future.id, role: 'org-admin' },
    ]);
  });

  it('refuses a second change on a date, one before the first form, and a change to the same form', async () => {
    const change = (input: { form: string; effectiveFrom: string; reason: string }) =>
      repo(admin).change(input);
    await expectConflict(
      change({ form: 'federation', effectiveFrom: '2017-10-01', reason: 'again' }),
      /already recorded/,
    );
    await expectConflict(
      change({ form: 'hub-network', effectiveFrom: '2015-03-31', reason: 'too early' }),
      /first recorded/,
    );
    await expectConflict(
      change({ form: 'autonomy-super-partnership', effectiveFrom: '2020-01-01', reason: 'same' }),
      /already a/,
    );
    expect(await repo(admin).history()).toHaveLength(3);
  });

  it('refuses bad input naming the field, and anyone without organisation:manage', async () => {
    await expect(
      repo(admin).change({ form: 'co-operative', effectiveFrom: '2020-01-01', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/form' }] });
    await expect(
      repo(admin).change({ form: 'hub-network', effectiveFrom: '2020-02-30', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/effectiveFrom' }] });
    await expect(
      repo(admin).change({ form: 'hub-network', effectiveFrom: '2020-02-01', reason: '  ' }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/reason' }] });
    await expect(
      repo(manager).change({ form: 'hub-network', effectiveFrom: '2020-02-01', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps each organisation to its own history', async () => {
    const other = await createTestOrganisation(t.db, {
      form: 'hub-network',
      createdOn: '2020-01-01',
      practices: 1,
    });
    const otherAdmin = await other.principal([{ role: 'org-admin', practiceId: null }]);
    const history = await repo(otherAdmin).history();
    expect(history.map((h) => h.form)).toEqual(['hub-network']);
    await repo(otherAdmin).change({
      form: 'federation',
      effectiveFrom: '2021-01-01',
      reason: 'Loosened',
    });
    expect(await repo(admin).history()).toHaveLength(3);
  });
});

describe('the form in force', () => {
  const history = [
    {
      id: 'a',
      form: 'federation' as const,
      effectiveFrom: '2015-01-01',
      reason: null,
      recordedBy: null,
      recordedAt: null,
    },
    {
      id: 'b',
      form: 'hub-network' as const,
      effectiveFrom: '2020-01-01',
      reason: null,
      recordedBy: null,
      recordedAt: null,
    },
  ];

  it('is the latest form on or before the day, with the next one scheduled', () => {
    expect(organisationFormOn(history, '2019-12-31')).toEqual({
      form: 'federation',
      since: '2015-01-01',
      scheduledChange: { form: 'hub-network', effectiveFrom: '2020-01-01' },
    });
    expect(organisationFormOn(history, '2020-01-01')).toEqual({
      form: 'hub-network',
      since: '2020-01-01',
      scheduledChange: null,
    });
    // A day before the first form (a database clock ahead of England's) takes the first.
    expect(organisationFormOn(history, '2014-12-31').form).toBe('federation');
  });
});
