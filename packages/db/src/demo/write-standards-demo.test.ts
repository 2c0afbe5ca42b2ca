import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterDates, quarterOf, shiftQuarter, type Principal } from '@atscale/domain';
import { peerReviewRepository } from '../repositories/peer-review.js';
import { standardsRepository } from '../repositories/standards.js';
import { todayInEngland } from '../repositories/organisation-today.js';
import type { TestDatabase } from '../testing/index.js';
import { smallDemoDatabase } from './small-demo-test-fixture.js';
import type { WrittenDemo } from './write-demo.js';

let t: TestDatabase;
let written: WrittenDemo;
let admin: Principal;

beforeAll(async () => {
  const demo = await smallDemoDatabase();
  ({ t, written } = demo);
  expect(written.rows).toBe(demo.rowsPlanned);
  admin = await demo.as('demo@atscale.test', 'org-admin');
}, 300_000);
afterAll(() => t.dispose());

describe('the demo agreement standards', () => {
  it('computes red, amber and green for the access standards in each of the two previous quarters', async () => {
    const standards = standardsRepository(t.db, { principal: admin, requestId: null });
    const current = quarterOf(todayInEngland());
    const rags: Record<string, string[]> = {};
    for (const back of [-2, -1, 0]) {
      const key = quarterDates(shiftQuarter(current, back)).key;
      const grid = await standards.grid(key);
      rags[key] = grid.practices.flatMap((p) =>
        p.results
          .filter((r) =>
            ['access-wait-days', 'face-to-face-share', 'dna-rate'].includes(r.standardId),
          )
          .map((r) => r.rag),
      );
    }
    const [before, previous, now] = Object.values(rags);
    for (const quarter of [before, previous]) {
      expect(new Set(quarter)).toEqual(new Set(['green', 'amber', 'red']));
    }
    // The current quarter is measured too (the access demo's days and the history to date).
    expect(now?.some((rag) => rag !== 'no-data')).toBe(true);
    // Practices change between quarters: the grid is not the same twice.
    expect(before).not.toEqual(previous);
  });

  it('has peer review actions closed, overdue and open', async () => {
    const reviews = peerReviewRepository(t.db, { principal: admin, requestId: null });
    expect(await reviews.list()).toHaveLength(2);
    const states = (await reviews.actions()).map((a) => a.state);
    expect(states).toContain('done');
    expect(states).toContain('overdue');
    expect(states).toContain('open');
  });
});
