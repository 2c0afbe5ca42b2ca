import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyRepository } from '../repositories/policies.js';
import type { TestDatabase } from '../testing/index.js';
import { smallDemoDatabase } from './small-demo-test-fixture.js';
import { demoRowCount, type WrittenDemo } from './write-demo.js';

let t: TestDatabase;
let written: WrittenDemo;

beforeAll(async () => {
  let plan;
  ({ t, plan, written } = await smallDemoDatabase());
  expect(written.rows).toBe(demoRowCount(plan));
}, 120_000);
afterAll(() => t.dispose());

describe('the demo policy library', () => {
  it('has seven policies, one review overdue, one draft, and gaps to show', async () => {
    const orgId = written.orgId;
    const { rows } = await t.db.query<{ id: string }>(
      `select id from app_user where email = 'demo@atscale.test' and org_id = $1`,
      [orgId],
    );
    const admin = {
      userId: rows[0]?.id ?? '',
      orgId,
      grants: [{ role: 'org-admin' as const, practiceId: null }],
    };
    const policies = policyRepository(t.db, { principal: admin, requestId: null });
    const list = await policies.list();
    expect(list).toHaveLength(7);
    expect(list.filter((p) => p.reviewOverdue).map((p) => p.title)).toEqual([
      'Infection prevention and control',
    ]);
    expect(list.filter((p) => p.drafts > 0).map((p) => p.title)).toEqual(['Significant events']);
    expect(list.every((p) => p.current !== null)).toBe(true);
    const gaps = await policies.gaps();
    expect(gaps.notAdopted.length).toBeGreaterThan(0);
    expect(gaps.notAdopted.some((g) => g.adoptedNumber !== null)).toBe(true);
    expect(gaps.missingAcknowledgements.length).toBeGreaterThan(0);
    const complaints = list.find((p) => p.title === 'Complaints');
    expect(complaints?.current?.number).toBe(3);
    // Riverside's clinician and manager have both read its adopted safeguarding policy.
    const safeguarding = list.find((p) => p.title === 'Safeguarding adults and children');
    const compliance = await policies.compliance(safeguarding?.id ?? '');
    const riverside = compliance.find((c) => c.practiceName === 'Riverside Surgery');
    expect(riverside?.acknowledged).toBeGreaterThanOrEqual(2);
    expect(compliance.some((c) => c.adopted?.localAnnex)).toBe(true);
  });
});
