import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let managerOf1: string;
let managerOf2: string;
let site1 = '';
let site2 = '';

interface SiteLine {
  id: string;
  practiceId: string | null;
}

const send = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  const [p1 = '', p2 = ''] = t.demo.practiceIds;
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
  managerOf1 = await manager('cqc-manager-1@atscale.test', p1);
  managerOf2 = await manager('cqc-manager-2@atscale.test', p2);
  const summary = await send('GET', '/api/governance/cqc', admin);
  const sites = summary.json<{ siteList: SiteLine[] }>().siteList;
  site1 = sites.find((s) => s.practiceId === p1)?.id ?? '';
  site2 = sites.find((s) => s.practiceId === p2)?.id ?? '';
  // Seeding the demo is slow on a loaded machine.
}, 300_000);
afterAll(() => t.close());

const evidence = {
  keyQuestion: 'effective',
  kind: 'audit',
  title: 'Route audit of cervical screening',
  evidencedOn: '2025-01-10',
  reviewBy: null,
};

describe('CQC readiness routes (GOV-2)', () => {
  it('shows the summary and a site, and records evidence and an inspection', async () => {
    const summary = await send('GET', '/api/governance/cqc', admin);
    expect(summary.statusCode, summary.body).toBe(200);
    const body = summary.json<{ sites: number; siteList: unknown[] }>();
    expect(body.sites).toBe(body.siteList.length);

    const added = await send(
      'POST',
      `/api/governance/cqc/sites/${site1}/evidence`,
      managerOf1,
      evidence,
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json<{ evidence: { title: string }[] }>().evidence.map((e) => e.title)).toContain(
      evidence.title,
    );
    const inspected = await send(
      'POST',
      `/api/governance/cqc/sites/${site1}/inspections`,
      managerOf1,
      {
        inspectedOn: '2020-02-02',
        overall: 'good',
        ratings: {
          safe: 'good',
          effective: 'good',
          caring: 'good',
          responsive: 'good',
          'well-led': 'good',
        },
        reportUrl: 'https://www.cqc.org.uk/location/1-000000001',
      },
    );
    expect(inspected.statusCode, inspected.body).toBe(201);
    const detail = inspected.json<{ inspections: { inspectedOn: string }[]; canManage: boolean }>();
    expect(detail.inspections.map((i) => i.inspectedOn)).toContain('2020-02-02');
    expect(detail.canManage).toBe(true);
  });

  it('records a registration with a named manager, and with none', async () => {
    const put = await send('PUT', `/api/governance/cqc/sites/${site2}/registration`, managerOf2, {
      locationId: '1-555555555',
      providerId: '1-444444444',
      registeredOn: '2014-01-01',
      registeredManagerName: 'Alex Example',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      registration: { locationId: '1-555555555', registeredManager: { name: 'Alex Example' } },
    });
    const none = await send('PUT', `/api/governance/cqc/sites/${site2}/registration`, managerOf2, {
      locationId: '1-555555555',
      providerId: '1-444444444',
      registeredOn: '2014-01-01',
    });
    const gaps = none.json<{ readiness: { siteGaps: { text: string }[] } }>().readiness.siteGaps;
    expect(gaps.map((g) => g.text)).toContain('No registered manager');
  });

  it('refuses another practice’s manager and another organisation', async () => {
    const read = await send('GET', `/api/governance/cqc/sites/${site1}`, managerOf2);
    expect(read.statusCode).toBe(404);
    const write = await send('POST', `/api/governance/cqc/sites/${site1}/evidence`, managerOf2, {
      ...evidence,
      title: 'Cross-practice intruder',
    });
    expect(write.statusCode).toBe(404);
    const otherAdmin = await t.signIn(t.other.adminEmail);
    const theirs = await send('GET', `/api/governance/cqc/sites/${site1}`, otherAdmin);
    expect(theirs.statusCode).toBe(404);
    const list = await send('GET', '/api/governance/cqc', managerOf2);
    expect(list.json<{ siteList: SiteLine[] }>().siteList.map((s) => s.id)).not.toContain(site1);
    const own = await send('GET', `/api/governance/cqc/sites/${site1}`, admin);
    expect(own.body).not.toContain('Cross-practice intruder');
    const clinician = await t.signIn('clinician@atscale.test');
    const refused = await send(
      'POST',
      `/api/governance/cqc/sites/${site1}/evidence`,
      clinician,
      evidence,
    );
    expect(refused.statusCode).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const ratings = {
      safe: 'good',
      effective: 'good',
      caring: 'good',
      responsive: 'good',
      'well-led': 'good',
    };
    const cases: ['POST' | 'PUT', string, object, string][] = [
      ['POST', 'evidence', { ...evidence, keyQuestion: 'kind' }, 'body/keyQuestion'],
      ['POST', 'evidence', { ...evidence, kind: 'policy-adoption' }, 'body/kind'],
      ['POST', 'evidence', { ...evidence, evidencedOn: '2025-02-30' }, 'body/evidencedOn'],
      ['POST', 'evidence', { ...evidence, reviewBy: '2024-01-01' }, 'body/reviewBy'],
      ['POST', 'evidence', { ...evidence, evidencedOn: '2099-01-01' }, 'body/evidencedOn'],
      [
        'POST',
        'inspections',
        { inspectedOn: '2024-01-01', overall: 'great', ratings },
        'body/overall',
      ],
      [
        'POST',
        'inspections',
        { inspectedOn: '2024-01-01', overall: 'good', ratings: { ...ratings, safe: 'fine' } },
        'body/ratings/safe',
      ],
      [
        'POST',
        'inspections',
        { inspectedOn: '2024-01-01', overall: 'good', ratings, reportUrl: 'cqc.org.uk' },
        'body/reportUrl',
      ],
      [
        'PUT',
        'registration',
        { locationId: '12345', providerId: '1-444444444', registeredOn: '2014-01-01' },
        'body/locationId',
      ],
      [
        'PUT',
        'registration',
        {
          locationId: null,
          providerId: '1-444444444',
          registeredOn: '2014-01-01',
          registeredManagerStaffId: '00000000-0000-4000-8000-000000000000',
        },
        'body/registeredManagerStaffId',
      ],
    ];
    for (const [method, path, payload, field] of cases) {
      const response = await send(
        method,
        `/api/governance/cqc/sites/${site1}/${path}`,
        admin,
        payload,
      );
      expect(response.statusCode, `${path} ${field} ${response.body}`).toBe(400);
      expect(response.body, field).toContain(field);
    }
  });
});
