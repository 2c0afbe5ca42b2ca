import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyRepository } from '../repositories/policies.js';
import type { TestDatabase } from '../testing/index.js';
import { smallDemoDatabase, type SmallDemo } from './small-demo-test-fixture.js';
import type { WrittenDemo } from './write-demo.js';

let t: TestDatabase;
let written: WrittenDemo;
let as: SmallDemo['as'];

beforeAll(async () => {
  let rowsPlanned;
  ({ t, written, rowsPlanned, as } = await smallDemoDatabase());
  expect(written.rows).toBe(rowsPlanned);
}, 300_000);
afterAll(() => t.dispose());

describe('the demo policy library', () => {
  it('has seven policies, one review overdue, one draft, and gaps to show', async () => {
    const admin = await as('demo@atscale.test', 'org-admin');
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
