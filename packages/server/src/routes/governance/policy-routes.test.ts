import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let adminId = '';
let managerOf1: string;
let managerOf2: string;
let p1 = '';
let p2 = '';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  [p1 = '', p2 = ''] = t.demo.practiceIds;
  const accounts = unscopedAccountRepository(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const manager = async (email: string, practiceId: string) => {
    await accounts.createUser({
      orgId: t.demo.orgId,
      email,
      displayName: email,
      passwordHash,
      grants: [{ role: 'practice-manager', practiceId }],
    });
    return t.signIn(email);
  };
  managerOf1 = await manager('policy-manager-1@atscale.test', p1);
  managerOf2 = await manager('policy-manager-2@atscale.test', p2);
  const me = await send('GET', '/api/governance/policies/owners', admin);
  adminId = me.json<{ id: string; name: string }[]>()[0]?.id ?? '';
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** A policy with version 1 approved and in force since 2024. */
async function approvedPolicy(title: string) {
  const created = await send('POST', '/api/governance/policies', admin, {
    title,
    ownerId: adminId,
    keyQuestions: ['safe'],
    localAnnexAllowed: true,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json<{ id: string }>();
  const draft = await send('POST', `/api/governance/policies/${id}/versions`, admin, {
    body: '# Policy\n\nFirst text.',
    changeSummary: 'First issue',
    effectiveFrom: '2024-01-01',
    reviewBy: '2099-01-01',
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const versionId = draft.json<{ id: string }>().id;
  const approved = await send(
    'POST',
    `/api/governance/policies/${id}/versions/${versionId}/approval`,
    admin,
  );
  expect(approved.statusCode, approved.body).toBe(200);
  return { id, versionId };
}

describe('policy library routes (GOV-1)', () => {
  it('authors, approves, adopts, acknowledges and reads what was in force', async () => {
    const p = await approvedPolicy('Route safeguarding');
    const adopted = await send('POST', `/api/governance/policies/${p.id}/adoptions`, managerOf1, {
      practiceId: p1,
      versionId: p.versionId,
      localAnnex: 'Our lead: Dr A.',
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    expect(adopted.json()).toMatchObject({ practiceId: p1, onCurrentVersion: true });
    const acked = await send(
      'POST',
      `/api/governance/policies/${p.id}/acknowledgements`,
      managerOf1,
      {
        practiceId: p1,
      },
    );
    expect(acked.statusCode, acked.body).toBe(201);
    expect(acked.json()).toMatchObject({ acknowledged: 1, me: { acknowledged: true } });

    const before = await send(
      'GET',
      `/api/governance/policies/${p.id}/in-force?on=2023-12-31`,
      managerOf1,
    );
    expect(before.json()).toEqual({ version: null });
    const during = await send(
      'GET',
      `/api/governance/policies/${p.id}/in-force?on=2024-01-01`,
      managerOf1,
    );
    expect(during.json()).toMatchObject({
      version: { id: p.versionId, body: '# Policy\n\nFirst text.' },
    });

    const compliance = await send('GET', `/api/governance/policies/${p.id}/compliance`, managerOf2);
    expect(compliance.json<{ practiceId: string }[]>().map((c) => c.practiceId)).toEqual([p2]);
  });

  it('refuses a practice manager of practice 2 adopting for practice 1', async () => {
    const p = await approvedPolicy('Route chaperoning');
    const refused = await send('POST', `/api/governance/policies/${p.id}/adoptions`, managerOf2, {
      practiceId: p1,
      versionId: p.versionId,
    });
    expect(refused.statusCode).toBe(403);
    const compliance = await send('GET', `/api/governance/policies/${p.id}/compliance`, admin);
    const first = compliance
      .json<{ practiceId: string; adopted: unknown }[]>()
      .find((c) => c.practiceId === p1);
    expect(first?.adopted).toBeNull();
  });

  it('answers another organisation with 404 and practice staff writing with 403', async () => {
    const p = await approvedPolicy('Route complaints');
    const otherAdmin = await t.signIn(t.other.adminEmail);
    for (const url of ['', '/compliance', `/versions/${p.versionId}`, '/in-force?on=2025-01-01']) {
      const response = await send('GET', `/api/governance/policies/${p.id}${url}`, otherAdmin);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Route complaints');
    }
    const draft = await send('POST', `/api/governance/policies/${p.id}/versions`, managerOf1, {
      body: 'x',
      changeSummary: 'y',
      effectiveFrom: '2025-01-01',
      reviewBy: '2026-01-01',
    });
    expect(draft.statusCode).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const p = await approvedPolicy('Route infection control');
    const cases: [string, object, string][] = [
      [
        `/api/governance/policies/${p.id}/versions`,
        { body: 'x', changeSummary: 'y', effectiveFrom: '2025-01-01', reviewBy: '2024-01-01' },
        'body/reviewBy',
      ],
      [
        `/api/governance/policies/${p.id}/versions`,
        { body: 'x', changeSummary: 'y', effectiveFrom: '2025-13-01', reviewBy: '2026-01-01' },
        'body/effectiveFrom',
      ],
      [
        '/api/governance/policies',
        { title: 'T', ownerId: adminId, keyQuestions: ['kind'], localAnnexAllowed: false },
        'body/keyQuestions',
      ],
      [
        `/api/governance/policies/${p.id}/adoptions`,
        { practiceId: p1, versionId: '00000000-0000-4000-8000-000000000000' },
        'body/versionId',
      ],
    ];
    for (const [url, payload, field] of cases) {
      const response = await send('POST', url, admin, payload);
      expect(response.statusCode, `${url} ${field}`).toBe(400);
      expect(response.body, field).toContain(field);
    }
    const badDate = await send('GET', `/api/governance/policies/${p.id}/in-force?on=soon`, admin);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('querystring/on');
  });
});
