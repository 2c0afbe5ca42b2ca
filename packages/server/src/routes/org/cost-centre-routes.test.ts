import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleGrant } from '@atscale/domain';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let xyloquay: { orgId: string; practiceIds: string[] };
let cookies: { finance: string; operations: string; demoAdmin: string; demoClinician: string };

/** A fresh organisation of five practices with unchanging list sizes, and two users of it. */
async function createXyloquay(app: TestApp) {
  const { rows: orgs } = await app.db.query<{ id: string }>(
    `insert into organisation (name, form) values ('Xyloquay Partnership', 'autonomy-super-partnership')
     returning id`,
  );
  const orgId = orgs[0]?.id ?? '';
  const { rows: practices } = await app.db.query<{ id: string }>(
    `insert into practice (org_id, ods_code, name)
     select $1, 'S' || lpad(n::text, 5, '0'), 'Xyloquay Practice ' || n
       from generate_series(1, 5) as n order by n
     returning id`,
    [orgId],
  );
  const practiceIds = practices.map((p) => p.id);
  await app.db.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     select $1, p.id, '2024-01-01', 1000 * p.n
       from unnest($2::uuid[]) with ordinality as p(id, n)`,
    [orgId, practiceIds],
  );
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const accounts = unscopedAccountRepository(app.db);
  const user = (email: string, grants: RoleGrant[]) =>
    accounts.createUser({
      orgId,
      email,
      displayName: email.split('@')[0] ?? '',
      passwordHash,
      grants,
    });
  await user('finance@xyloquay.test', [{ role: 'central-finance', practiceId: null }]);
  await user('operations@xyloquay.test', [{ role: 'central-operations', practiceId: null }]);
  return { orgId, practiceIds };
}

beforeAll(async () => {
  t = await createTestApp();
  xyloquay = await createXyloquay(t);
  cookies = {
    finance: await t.signIn('finance@xyloquay.test'),
    operations: await t.signIn('operations@xyloquay.test'),
    demoAdmin: await t.signIn('demo@atscale.test'),
    demoClinician: await t.signIn('clinician@atscale.test'),
  };
});
afterAll(() => t.close());

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, cookie: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: { cookie } });

interface ListSizes {
  total: number;
  costCentres: { code: string; listSize: number; practices: { id: string }[] }[];
  unassigned: { listSize: number };
}

describe('cost centre routes', () => {
  it('cost-centre merge keeps totals: five practices become one, through the API', async () => {
    const centreIds: string[] = [];
    for (const [i, practiceId] of xyloquay.practiceIds.entries()) {
      const created = await post('/api/cost-centres', cookies.finance, {
        code: `xq-${i + 1}`,
        name: `Xyloquay ${i + 1}`,
      });
      expect(created.statusCode, created.body).toBe(201);
      const centre = created.json<{ id: string; code: string }>();
      expect(centre.code).toBe(`XQ-${i + 1}`);
      centreIds.push(centre.id);
      const assigned = await post('/api/cost-centres/assignments', cookies.finance, {
        practiceId,
        costCentreId: centre.id,
        effectiveFrom: '2024-04-01',
      });
      expect(assigned.statusCode, assigned.body).toBe(201);
    }

    const merged = await post('/api/cost-centres/merges', cookies.finance, {
      from: centreIds,
      newCostCentre: { code: 'XYLOQUAY', name: 'Xyloquay Locality' },
      effectiveFrom: '2025-04-01',
      reason: 'Five practices become one cost centre',
    });
    expect(merged.statusCode, merged.body).toBe(201);
    const result = merged.json<{
      merge: { id: string; into: { id: string; code: string }; reason: string };
      assignments: unknown[];
    }>();
    expect(result.merge.into.code).toBe('XYLOQUAY');
    expect(result.assignments).toHaveLength(5);

    const report = async (on: string) => {
      const response = await get(`/api/cost-centres/list-sizes?on=${on}`, cookies.finance);
      expect(response.statusCode).toBe(200);
      return response.json<ListSizes>();
    };
    const dayBefore = await report('2025-03-31');
    const dayAfter = await report('2025-04-02');
    expect(dayBefore.total).toBe(15_000);
    expect(dayAfter.total).toBe(dayBefore.total);
    const sum = (r: ListSizes) =>
      r.costCentres.reduce((total, centre) => total + centre.listSize, 0) + r.unassigned.listSize;
    expect(sum(dayBefore)).toBe(15_000);
    expect(sum(dayAfter)).toBe(15_000);
    expect(dayBefore.costCentres.map((c) => [c.code, c.listSize])).toEqual([
      ['XQ-1', 1000],
      ['XQ-2', 2000],
      ['XQ-3', 3000],
      ['XQ-4', 4000],
      ['XQ-5', 5000],
    ]);
    expect(dayAfter.costCentres.map((c) => [c.code, c.listSize])).toEqual([['XYLOQUAY', 15_000]]);

    const listing = await get('/api/cost-centres?on=2025-04-01', cookies.finance);
    expect(listing.statusCode).toBe(200);
    const centres = listing.json<{
      on: string;
      costCentres: { code: string; status: string; practices: { id: string }[] }[];
    }>().costCentres;
    const survivor = centres.find((c) => c.code === 'XYLOQUAY');
    expect(survivor?.status).toBe('open');
    expect(survivor?.practices.map((p) => p.id).sort()).toEqual([...xyloquay.practiceIds].sort());
    expect(centres.filter((c) => c.status === 'merged').map((c) => c.code)).toEqual([
      'XQ-1',
      'XQ-2',
      'XQ-3',
      'XQ-4',
      'XQ-5',
    ]);

    const history = await get('/api/cost-centres/history', cookies.finance);
    expect(history.statusCode).toBe(200);
    const { merges, assignments } = history.json<{ merges: unknown[]; assignments: unknown[] }>();
    expect(merges).toHaveLength(1);
    expect(assignments).toHaveLength(10);

    const { rows } = await t.db.query<{ action: string; role: string }>(
      `select action, role from audit_event
        where org_id = $1 and action like 'cost-centre.%' order by id`,
      [xyloquay.orgId],
    );
    expect(rows.filter((r) => r.action === 'cost-centre.merge')).toEqual([
      { action: 'cost-centre.merge', role: 'central-finance' },
    ]);
    expect(rows.filter((r) => r.action === 'cost-centre.assign')).toHaveLength(10);
    expect(rows.filter((r) => r.action === 'cost-centre.create')).toHaveLength(6);
  });

  it('refuses an illegal merge with the domain’s reason, and creates nothing', async () => {
    const listing = await get('/api/cost-centres?on=2025-04-01', cookies.finance);
    const centres = listing.json<{ costCentres: { id: string; code: string }[] }>().costCentres;
    const xq1 = centres.find((c) => c.code === 'XQ-1')?.id ?? '';
    const backdated = await post('/api/cost-centres/merges', cookies.finance, {
      from: [xq1],
      newCostCentre: { code: 'LATE', name: 'Too late' },
      effectiveFrom: '2025-01-01',
      reason: 'Backdated',
    });
    expect(backdated.statusCode).toBe(409);
    expect(backdated.json()).toMatchObject({
      code: 'conflict',
      detail:
        'Xyloquay Practice 1 (S00001) already has a cost centre change on or after 2025-01-01',
    });
    const nobody = await post('/api/cost-centres/merges', cookies.finance, {
      from: [xq1],
      newCostCentre: { code: 'LATE', name: 'Too late' },
      effectiveFrom: '2026-01-01',
      reason: 'Nobody left',
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json()).toMatchObject({
      code: 'validation-failed',
      detail: 'No practice is in XQ-1 Xyloquay 1 on 2026-01-01',
      errors: [{ field: 'body/from' }],
    });
    const again = await get('/api/cost-centres?on=2026-01-01', cookies.finance);
    expect(again.body).not.toContain('LATE');

    const practiceId = xyloquay.practiceIds[0] ?? '';
    const early = await post('/api/cost-centres/assignments', cookies.finance, {
      practiceId,
      costCentreId: xq1,
      effectiveFrom: '2025-04-01',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toMatch(
      /^Xyloquay Practice 1 \(S00001\) is in XYLOQUAY Xyloquay Locality from 2025-04-01; a new cost centre must start after that date/,
    );
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [string, string, object, string][] = [
      ['POST', '/api/cost-centres', { code: 'two words', name: 'X' }, 'body/code'],
      ['POST', '/api/cost-centres', { code: 'OK-1', name: '   ' }, 'body/name'],
      [
        'POST',
        '/api/cost-centres/assignments',
        {
          practiceId: xyloquay.practiceIds[0],
          costCentreId: xyloquay.practiceIds[0],
          effectiveFrom: '2025-02-30',
        },
        'body/effectiveFrom',
      ],
      [
        'POST',
        '/api/cost-centres/merges',
        { from: [xyloquay.practiceIds[0]], effectiveFrom: '2026-01-01', reason: 'x' },
        'body/intoCostCentreId',
      ],
      [
        'POST',
        '/api/cost-centres/merges',
        {
          from: [xyloquay.practiceIds[0]],
          newCostCentre: { code: 'NEW', name: 'New' },
          effectiveFrom: '2026-01-01',
          reason: '   ',
        },
        'body/reason',
      ],
      [
        'POST',
        '/api/cost-centres/merges',
        {
          from: [],
          intoCostCentreId: xyloquay.practiceIds[0],
          effectiveFrom: '2026-01-01',
          reason: 'x',
        },
        'body/from',
      ],
      [
        'POST',
        '/api/cost-centres/merges',
        {
          from: ['not-an-id'],
          newCostCentre: { code: 'NEW', name: 'New' },
          effectiveFrom: '2026-01-01',
          reason: 'x',
        },
        'body/from/0',
      ],
      ['GET', '/api/cost-centres?on=yesterday', {}, 'querystring/on'],
      ['GET', '/api/cost-centres/list-sizes?on=2025-13-01', {}, 'querystring/on'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response =
        method === 'GET'
          ? await get(url, cookies.finance)
          : await post(url, cookies.finance, payload);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      const body = response.json<{ code: string; errors: { field: string }[]; detail: string }>();
      expect(body.code).toBe('validation-failed');
      expect(
        body.errors.map((e) => e.field),
        url,
      ).toContain(field);
    }
    const reused = await post('/api/cost-centres', cookies.finance, {
      code: 'xyloquay',
      name: 'X',
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ errors: [{ field: 'body/code' }] });
    const unknown = await post('/api/cost-centres/assignments', cookies.finance, {
      practiceId: xyloquay.practiceIds[0],
      costCentreId: '00000000-0000-4000-8000-000000000000',
      effectiveFrom: '2027-01-01',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses writes to roles without cost-centres:manage, and lets the org-admin in', async () => {
    const attempts = [
      ['/api/cost-centres', { code: 'NOPE', name: 'No' }],
      [
        '/api/cost-centres/assignments',
        {
          practiceId: xyloquay.practiceIds[0],
          costCentreId: xyloquay.practiceIds[0],
          effectiveFrom: '2027-01-01',
        },
      ],
      [
        '/api/cost-centres/merges',
        {
          from: [xyloquay.practiceIds[0]],
          newCostCentre: { code: 'NOPE', name: 'No' },
          effectiveFrom: '2027-01-01',
          reason: 'x',
        },
      ],
    ] as const;
    for (const cookie of [cookies.operations, cookies.demoClinician]) {
      for (const [url, payload] of attempts) {
        const response = await post(url, cookie, payload);
        expect(response.statusCode, url).toBe(403);
        expect(response.json()).toMatchObject({ code: 'forbidden' });
      }
    }
    // Reading is for everyone in the organisation.
    expect((await get('/api/cost-centres', cookies.operations)).statusCode).toBe(200);
    expect((await get('/api/cost-centres/list-sizes', cookies.demoClinician)).statusCode).toBe(200);
    // The demo user manages cost centres as the organisation's admin.
    const created = await post('/api/cost-centres', cookies.demoAdmin, {
      code: 'ROUTES-TEST',
      name: 'Routes test',
    });
    expect(created.statusCode).toBe(201);
  });

  it('is described in the OpenAPI document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const { paths } = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(paths['/api/cost-centres'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const path of [
      '/api/cost-centres/assignments',
      '/api/cost-centres/merges',
      '/api/cost-centres/history',
      '/api/cost-centres/list-sizes',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
  });

  it('shows another organisation nothing of these cost centres', async () => {
    for (const url of [
      '/api/cost-centres?on=2025-04-01',
      '/api/cost-centres/history',
      '/api/cost-centres/list-sizes?on=2025-04-01',
    ]) {
      const response = await get(url, cookies.demoAdmin);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('XYLOQUAY');
      expect(response.body).not.toContain('Xyloquay');
      for (const id of xyloquay.practiceIds) expect(response.body).not.toContain(id);
    }
  });
});
