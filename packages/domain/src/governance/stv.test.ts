import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countStv, droopQuota, formatStvVotes, VOTE_SCALE, type StvCountSheet } from './stv.js';

/** n copies of one ballot. */
const times = (n: number, ballot: string[]): string[][] =>
  Array.from({ length: n }, () => [...ballot]);
const v = (votes: number) => Math.round(votes * VOTE_SCALE);
const votesAt = (sheet: StvCountSheet, stage: number) => sheet.stages[stage - 1]?.votes;

describe('STV by the Scottish rules (GOV-4)', () => {
  it('counts the published Wikipedia worked example the same way', () => {
    // Source: Wikipedia, "Single transferable vote", section "Example" (the food election):
    // https://en.wikipedia.org/wiki/Single_transferable_vote#Example — 20 voters, 3 seats,
    // Droop quota 6. Chocolate is elected on first preferences with 12, its surplus of 6
    // goes on at 6/12 = 0.5 (Strawberries +4, Sweets +2); Pears are excluded and Oranges
    // reach 6; Sweets are excluded (their papers exhaust) and Strawberries take the last
    // seat. Published result: Chocolate, Oranges, Strawberries.
    const ballots = [
      ...times(4, ['oranges']),
      ...times(2, ['pears', 'oranges']),
      ...times(8, ['chocolate', 'strawberries']),
      ...times(4, ['chocolate', 'sweets']),
      ...times(1, ['strawberries']),
      ...times(1, ['sweets']),
    ];
    const sheet = countStv({
      seats: 3,
      candidates: ['oranges', 'pears', 'chocolate', 'strawberries', 'sweets'],
      ballots,
      seed: 'wikipedia',
    });
    expect(sheet.quota).toBe(6);
    expect(sheet.validBallots).toBe(20);
    expect(votesAt(sheet, 1)).toEqual({
      oranges: v(4),
      pears: v(2),
      chocolate: v(12),
      strawberries: v(1),
      sweets: v(1),
    });
    expect(sheet.stages[0]?.elected).toEqual(['chocolate']);
    // Stage 2: Chocolate's surplus of 6 at transfer value 0.50000.
    expect(sheet.stages[1]).toMatchObject({
      action: 'surplus',
      candidateId: 'chocolate',
      surplus: v(6),
      transferValues: [v(0.5)],
      transfers: { chocolate: -v(6), strawberries: v(4), sweets: v(2) },
    });
    expect(votesAt(sheet, 2)).toMatchObject({ strawberries: v(5), sweets: v(3), chocolate: v(6) });
    // Stage 3: Pears excluded, Oranges reach the quota.
    expect(sheet.stages[2]).toMatchObject({ action: 'exclusion', candidateId: 'pears' });
    expect(sheet.stages[2]?.elected).toEqual(['oranges']);
    // Stage 4: Sweets excluded; all three of their votes are non-transferable, and rule 52
    // then fills the last seat with the one continuing candidate.
    expect(sheet.stages[3]).toMatchObject({
      action: 'exclusion',
      candidateId: 'sweets',
      nonTransferable: v(3),
    });
    expect(sheet.elected).toEqual(['chocolate', 'oranges', 'strawberries']);
    expect(sheet.electedWithoutQuota).toEqual(['strawberries']);
    expect(sheet.excluded).toEqual(['pears', 'sweets']);
  });

  it('truncates transfer values to five decimal places and records the remainder (rule 48(3))', () => {
    // Constructed by hand (no published example with these figures was found).
    // 10 papers, 2 seats: quota = floor(10 / 3) + 1 = 4.
    // A has 7 first preferences, surplus 3; transfer value = 3 x 1 / 7 = 0.428571... -> 0.42857.
    // B gets 3 x 0.42857 = 1.28571, C gets 2 x 0.42857 = 0.85714; the 2 papers for A alone are
    // non-transferable (2 x 0.42857 = 0.85714); remainder ignored = 3 - 1.28571 - 0.85714 -
    // 0.85714 = 0.00001.
    const sheet = countStv({
      seats: 2,
      candidates: ['A', 'B', 'C', 'D'],
      ballots: [
        ...times(3, ['A', 'B']),
        ...times(2, ['A', 'C']),
        ...times(2, ['A']),
        ['B'],
        ['C', 'B'],
        ['D'],
      ],
      seed: 's',
    });
    expect(sheet.quota).toBe(4);
    const stage2 = sheet.stages[1];
    expect(stage2?.transferValues).toEqual([42_857]);
    expect(stage2?.transfers).toEqual({ A: -v(3), B: 128_571, C: 85_714 });
    expect(stage2?.nonTransferable).toBe(85_714);
    expect(stage2?.remainderIgnored).toBe(1);
    expect(formatStvVotes(stage2?.votes.B ?? 0)).toBe('2.28571');
    // Stage 3: D (1 vote) excluded, non-transferable. Stage 4: C (1.85714) excluded: the C>B
    // paper gives B 1, the two A>C papers exhaust (0.85714). B (3.28571) is then the only
    // continuing candidate for the one vacancy and is elected by rule 52.
    expect(sheet.excluded).toEqual(['D', 'C']);
    expect(sheet.stages[3]?.transfers).toEqual({ C: -185_714, B: v(1) });
    expect(sheet.stages[3]?.nonTransferable).toBe(85_714);
    expect(sheet.elected).toEqual(['A', 'B']);
    expect(sheet.electedWithoutQuota).toEqual(['B']);
  });

  it('transfers a second surplus at the value each paper arrived with (rule 48(4))', () => {
    // Constructed by hand. 20 papers, 3 seats: quota = floor(20 / 4) + 1 = 6.
    // Stage 1: A 10, B 3, C 4, D 3. A is elected with a surplus of 4.
    // Stage 2: the 10 A>B>C papers go to B at 4 x 1 / 10 = 0.4: B = 3 + 4 = 7, elected.
    // Stage 3: B's surplus is 1 over 7 votes. B's own 3 papers (value 1) would carry
    // 1 x 1 / 7 = 0.14285 but have no next preference (0.42855 non-transferable); the 10
    // papers from A (value 0.4) carry 1 x 0.4 / 7 = 0.057142... -> 0.05714 each to C
    // (0.57140); remainder ignored = 1 - 0.57140 - 0.42855 = 0.00005.
    const sheet = countStv({
      seats: 3,
      candidates: ['A', 'B', 'C', 'D'],
      ballots: [
        ...times(10, ['A', 'B', 'C']),
        ...times(3, ['B']),
        ...times(4, ['C']),
        ...times(3, ['D']),
      ],
      seed: 's',
    });
    expect(sheet.stages[1]?.transferValues).toEqual([40_000]);
    expect(sheet.stages[1]?.elected).toEqual(['B']);
    expect(sheet.stages[2]).toMatchObject({
      action: 'surplus',
      candidateId: 'B',
      surplus: v(1),
      transferValues: [5_714],
      transfers: { B: -v(1), C: 57_140 },
      nonTransferable: 42_855,
      remainderIgnored: 5,
    });
    expect(votesAt(sheet, 3)).toEqual({ A: v(6), B: v(6), C: 457_140, D: v(3) });
    // Stage 4: D excluded (3 non-transferable); C is elected by rule 52.
    expect(sheet.elected).toEqual(['A', 'B', 'C']);
    expect(sheet.excluded).toEqual(['D']);
  });

  it('breaks a tie for exclusion by the most recent stage with unequal votes (rule 51(2)(a))', () => {
    // 17 papers, 1 seat: quota = floor(17 / 2) + 1 = 9.
    // Stage 1: A 6, B 5, Y 3, X 2, W 1. Stage 2: W excluded, its paper goes to X: X 3, Y 3.
    // X and Y tie for lowest; at stage 1 X had 2 and Y 3, so X is excluded (not by lot).
    const sheet = countStv({
      seats: 1,
      candidates: ['A', 'B', 'X', 'Y', 'W'],
      ballots: [
        ...times(6, ['A']),
        ...times(5, ['B']),
        ...times(3, ['Y', 'A']),
        ...times(2, ['X', 'B']),
        ['W', 'X', 'B'],
      ],
      seed: 'any',
    });
    expect(sheet.stages[2]).toMatchObject({
      action: 'exclusion',
      candidateId: 'X',
      tieBreak: { rule: '51(2)(a)', tied: ['X', 'Y'], chosen: 'X', decidedAtStage: 1 },
    });
    // X's 3 papers go to B (8); Y is excluded next and A reaches 9 = quota.
    expect(votesAt(sheet, 3)).toMatchObject({ B: v(8), Y: v(3) });
    expect(sheet.elected).toEqual(['A']);
    expect(sheet.stages[3]?.elected).toEqual(['A']);
  });

  it('decides a tie equal at every stage by a seeded lot that is recorded (rule 51(2)(b))', () => {
    // 7 papers, 1 seat, quota 4: A 2, B 2, C 3. A and B tie at the only stage: lot.
    const run = (seed: string) =>
      countStv({
        seats: 1,
        candidates: ['A', 'B', 'C'],
        ballots: [...times(2, ['A', 'C']), ...times(2, ['B']), ...times(3, ['C'])],
        seed,
      });
    const chosenBy = (seed: string) => run(seed).stages[1]?.tieBreak;
    expect(chosenBy('one')).toMatchObject({ rule: '51(2)(b)', tied: ['A', 'B'] });
    // The same seed replays the same draw; across seeds both outcomes occur.
    expect(chosenBy('one')).toEqual(chosenBy('one'));
    const outcomes = new Set(
      Array.from({ length: 20 }, (_, i) => chosenBy(`seed-${String(i)}`)?.chosen),
    );
    expect(outcomes).toEqual(new Set(['A', 'B']));
    // Whichever was excluded, C wins: excluding A sends 2 to C (5); excluding B exhausts.
    expect(run('one').elected).toEqual(['C']);
  });

  it('makes no transfer once every seat is filled (rule 48(1))', () => {
    // 20 papers, 2 seats, quota = floor(20 / 3) + 1 = 7: P and Q reach 8 at stage 1.
    const sheet = countStv({
      seats: 2,
      candidates: ['P', 'Q', 'R'],
      ballots: [...times(8, ['P', 'R']), ...times(8, ['Q', 'R']), ...times(4, ['R'])],
      seed: 'x',
    });
    expect([...(sheet.stages[0]?.elected ?? [])].sort()).toEqual(['P', 'Q']);
    expect(sheet.stages).toHaveLength(1);
  });

  it('transfers equal surpluses in an order drawn by lot when no stage separates them (rule 49(3))', () => {
    // 21 papers, 3 seats, quota = floor(21 / 4) + 1 = 6. P 8 and Q 8 both have a surplus of
    // 2 at stage 1, the only stage, so the order of their transfers is drawn by lot.
    const sheet = countStv({
      seats: 3,
      candidates: ['P', 'Q', 'R', 'S'],
      ballots: [
        ...times(8, ['P', 'R']),
        ...times(8, ['Q', 'S']),
        ...times(3, ['R']),
        ...times(2, ['S']),
      ],
      seed: 'draw',
    });
    const tie = sheet.stages[1]?.tieBreak;
    expect(tie).toMatchObject({ rule: '49(3)', tied: ['P', 'Q'], decidedAtStage: null });
    expect(sheet.stages[1]?.candidateId).toBe(tie?.chosen);
    expect(sheet.stages[2]?.action).toBe('surplus');
  });

  it('skips a withdrawn candidate on every ballot and leaves out papers with nothing else', () => {
    const sheet = countStv({
      seats: 1,
      candidates: ['A', 'B', 'W'],
      withdrawn: ['W'],
      ballots: [...times(3, ['W', 'B']), ...times(2, ['A']), ['W']],
      seed: 's',
    });
    expect(sheet.withdrawn).toEqual(['W']);
    expect(sheet.validBallots).toBe(5);
    expect(sheet.emptyBallots).toBe(1);
    expect(votesAt(sheet, 1)).toEqual({ A: v(2), B: v(3) });
    expect(sheet.quota).toBe(3);
    expect(sheet.elected).toEqual(['B']);
  });

  it('elects every candidate when fewer stand than there are seats (rule 52)', () => {
    const sheet = countStv({
      seats: 7,
      candidates: ['A', 'B', 'C'],
      ballots: [['A', 'B'], ['B'], ['C', 'A']],
      seed: 's',
    });
    expect([...sheet.elected].sort()).toEqual(['A', 'B', 'C']);
    expect(sheet.unfilledSeats).toBe(4);
    expect(sheet.stages).toHaveLength(1);
  });

  it('counts exhausted papers as non-transferable', () => {
    // 9 papers, 2 seats, quota 4. A 3, B 3, C 2, D 1 (D alone: exhausts when excluded).
    const sheet = countStv({
      seats: 2,
      candidates: ['A', 'B', 'C', 'D'],
      ballots: [...times(3, ['A']), ...times(3, ['B']), ...times(2, ['C']), ['D']],
      seed: 's',
    });
    expect(sheet.stages[1]).toMatchObject({ candidateId: 'D', nonTransferable: v(1) });
    expect(sheet.stages[2]).toMatchObject({ candidateId: 'C', nonTransferable: v(2) });
    expect(sheet.stages[2]?.nonTransferableTotal).toBe(v(3));
    // A and B (3 each) fill the two seats by rule 52 without the quota.
    expect([...sheet.elected].sort()).toEqual(['A', 'B']);
  });

  it('computes the quota of rule 46', () => {
    expect(droopQuota(100, 7)).toBe(13);
    expect(droopQuota(20, 3)).toBe(6);
    expect(droopQuota(0, 1)).toBe(1);
  });
});

describe('STV properties', () => {
  const electionArbitrary = fc
    .record({
      candidates: fc.integer({ min: 1, max: 9 }),
      seats: fc.integer({ min: 1, max: 7 }),
      withdrawn: fc.integer({ min: 0, max: 2 }),
    })
    .chain(({ candidates, seats, withdrawn }) => {
      const ids = Array.from({ length: candidates }, (_, i) => `c${String(i)}`);
      const ballot = fc
        .shuffledSubarray(ids, { minLength: 0, maxLength: candidates })
        .map((b) => [...b]);
      return fc.record({
        ids: fc.constant(ids),
        seats: fc.constant(seats),
        withdrawn: fc.constant(ids.slice(0, Math.min(withdrawn, candidates - 1))),
        ballots: fc.array(ballot, { minLength: 0, maxLength: 120 }),
        seed: fc.string(),
      });
    });

  it('conserves votes at every stage: candidates + non-transferable + remainder = valid papers', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ ids, seats, withdrawn, ballots, seed }) => {
        const sheet = countStv({ seats, candidates: ids, withdrawn, ballots, seed });
        for (const stage of sheet.stages) {
          const held = Object.values(stage.votes).reduce((s, x) => s + x, 0);
          expect(held + stage.nonTransferableTotal + stage.remainderIgnoredTotal).toBe(
            sheet.validBallots * VOTE_SCALE,
          );
          // Each stage's transfers sum to zero once its losses are counted.
          const moved = Object.values(stage.transfers).reduce((s, x) => s + x, 0);
          if (stage.action !== 'first-preferences') {
            expect(moved + stage.nonTransferable + stage.remainderIgnored).toBe(0);
          }
          expect(stage.remainderIgnored).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fills min(seats, standing candidates) seats, never with a withdrawn candidate', () => {
    fc.assert(
      fc.property(electionArbitrary, ({ ids, seats, withdrawn, ballots, seed }) => {
        const sheet = countStv({ seats, candidates: ids, withdrawn, ballots, seed });
        const standing = ids.length - withdrawn.length;
        expect(sheet.elected).toHaveLength(Math.min(seats, standing));
        expect(new Set(sheet.elected).size).toBe(sheet.elected.length);
        sheet.elected.forEach((c) => {
          expect(withdrawn).not.toContain(c);
          expect(sheet.excluded).not.toContain(c);
        });
        // A candidate at or over the quota at any stage is never excluded.
        const quotaUnits = sheet.quota * VOTE_SCALE;
        for (const stage of sheet.stages) {
          for (const [c, votes] of Object.entries(stage.votes)) {
            if (votes >= quotaUnits) expect(sheet.excluded).not.toContain(c);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
