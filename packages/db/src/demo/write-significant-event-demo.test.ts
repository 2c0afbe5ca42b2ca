import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { significantEventRepository } from '../repositories/significant-events.js';
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

describe('the demo significant events', () => {
  it('has open and closed events and complaints per practice, closed ones with learning', async () => {
    const orgId = written.orgId;
    const admin = await as('demo@atscale.test', 'org-admin');
    const repo = significantEventRepository(t.db, { principal: admin, requestId: null });
    const list = await repo.list();
    const statuses = new Set(list.map((e) => e.status));
    expect([...statuses].sort()).toEqual(['closed', 'investigating', 'learning', 'reported']);
    expect(new Set(list.map((e) => e.kind)).size).toBe(2);
    const closed = list.find((e) => e.status === 'closed');
    const detail = await repo.get(closed?.id ?? '');
    expect(detail.learning).not.toBeNull();
    expect(detail.timeline.map((c) => c.toStatus)).toEqual([
      'reported',
      'investigating',
      'learning',
      'closed',
    ]);
    const linked = await t.db.query(`select 1 from significant_event_policy where org_id = $1`, [
      orgId,
    ]);
    expect(linked.rows.length).toBeGreaterThan(0);
    const themes = await repo.themes();
    expect(themes.rows.some((r) => r.counts.some((n) => n !== null && n > 0))).toBe(true);
  });
});
