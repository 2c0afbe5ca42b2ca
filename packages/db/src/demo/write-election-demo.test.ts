import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOTE_SCALE } from '@atscale/domain';
import { electionRepository } from '../repositories/elections.js';
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

describe('the demo board elections', () => {
  it('has a finished election with its published count, and an open one partner@ can vote in', async () => {
    const partner = await as('partner@atscale.test', 'partner');
    const elections = electionRepository(t.db, { principal: partner, requestId: null });
    const list = await elections.list();
    expect(list.map((e) => [e.title, e.status, e.ballots])).toEqual([
      ['Board election 2026', 'voting', 3],
      ['Board election 2025', 'published', 7],
    ]);
    const [open, finished] = list;
    // The finished count (worked by hand in write-election-demo.ts): quota 2, three elected,
    // the last by rule 52, with a second surplus carrying papers at 0.14285 and 0.04761.
    const results = await elections.results(finished?.id ?? '');
    expect(results.countSheet.quota).toBe(2);
    expect(results.countSheet.elected).toHaveLength(3);
    expect(results.countSheet.electedWithoutQuota).toHaveLength(1);
    expect(results.countSheet.stages.map((s) => s.action)).toEqual([
      'first-preferences',
      'surplus',
      'exclusion',
      'surplus',
      'exclusion',
    ]);
    expect(results.countSheet.stages[3]?.transferValues).toEqual([
      Math.floor((33_333 * VOTE_SCALE) / 233_333),
      Math.floor((33_333 * 33_333) / 233_333),
    ]);
    expect(results).toMatchObject({ eligible: 8, ballots: 7 });
    const detail = await elections.get(open?.id ?? '');
    expect(detail.candidateList.filter((c) => c.withdrawn)).toHaveLength(1);
    expect(detail.me).toMatchObject({ eligible: true, hasVoted: false });
  });
});
