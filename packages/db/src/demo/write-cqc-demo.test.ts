import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cqcReadinessRepository } from '../repositories/cqc-readiness.js';
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

describe('the demo CQC readiness', () => {
  it('registers, names a manager for and inspects every site', async () => {
    const orgId = written.orgId;
    const { rows } = await t.db.query<{
      sites: number;
      registered: number;
      managed: number;
      inspected: number;
      located: number;
    }>(
      `select count(*)::int as sites,
              count(r.site_id)::int as registered,
              count(*) filter (where r.registered_manager_staff_id is not null
                                  or r.registered_manager_name is not null)::int as managed,
              count(*) filter (where exists (select 1 from cqc_inspection i where i.site_id = s.id))::int
                as inspected,
              count(s.cqc_location_id)::int as located
         from site s left join cqc_registration r on r.site_id = s.id
        where s.org_id = $1`,
      [orgId],
    );
    const counts = rows[0];
    expect(counts?.sites).toBeGreaterThan(0);
    expect(counts).toEqual({
      sites: counts?.sites,
      registered: counts?.sites,
      managed: counts?.sites,
      inspected: counts?.sites,
      located: counts?.sites,
    });
  });

  it('is mostly Good with some Outstanding, a site or two Requiring improvement, and gaps', async () => {
    const admin = await as('demo@atscale.test', 'org-admin');
    const cqc = cqcReadinessRepository(t.db, { principal: admin, requestId: null });
    const summary = await cqc.summary();
    expect(summary.byRating['not-rated']).toBe(0);
    expect(summary.byRating.good).toBeGreaterThan(summary.byRating.outstanding);
    expect(summary.byRating.outstanding).toBeGreaterThan(0);
    expect(summary.byRating['requires-improvement']).toBeGreaterThanOrEqual(1);
    expect(summary.byRating.inadequate).toBe(0);
    const codes = new Set<string>();
    for (const site of summary.siteList) {
      const { readiness } = await cqc.site(site.id);
      for (const gap of [...readiness.siteGaps, ...readiness.keyQuestions.flatMap((k) => k.gaps)]) {
        codes.add(gap.code);
      }
    }
    expect([...codes]).toContain('no-recent-audit');
    expect([...codes]).toContain('evidence-expired');
    expect([...codes]).toContain('policy-review-overdue');
    expect(summary.byReadiness.ready + summary.byReadiness['some-gaps']).toBeGreaterThan(0);
    expect(summary.siteList.every((s) => s.inspectedOn !== null)).toBe(true);
  });
});
