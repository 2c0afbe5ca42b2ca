/**
 * Single transferable vote counted by the Scottish STV rules: The Scottish Local Government
 * Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45 to 52 ("Counting of votes"),
 * https://www.legislation.gov.uk/ssi/2007/42/schedule/1/made. Each step below names the rule
 * it follows. The rules' surplus method is the weighted inclusive Gregory method: every paper
 * a candidate holds is transferred, at a value that depends on the value it arrived with.
 *
 * Arithmetic: rule 48(3) computes transfer values "to five decimal places (any remainder being
 * ignored)", so every vote value here is a whole number of hundred-thousandths of a vote
 * (`VOTE_SCALE`), and each division truncates. Sums of such values are exact, which is why
 * the count conserves votes to the last unit: at every stage the candidates' votes plus the
 * non-transferable votes plus the remainders ignored by rule 48(3) equal the valid papers.
 */

/** Vote values are whole numbers of this many parts of one vote (five decimal places). */
export const VOTE_SCALE = 100_000;

/** The rule set this module implements, stored with every count sheet. */
export const STV_RULES =
  'Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45-52';

/** What a count needs: the seats, the candidates in ballot order, withdrawals and ballots. */
export interface StvInput {
  readonly seats: number;
  /** Candidate ids in the order they are listed; the order is used only for presentation. */
  readonly candidates: readonly string[];
  /** Candidates who withdrew before the count: they are skipped on every ballot. */
  readonly withdrawn?: readonly string[];
  /** Each ballot is its preferences in order, first preference first. */
  readonly ballots: readonly (readonly string[])[];
  /** Seed of the drawing of lots (rules 49(3) and 51(2)(b)); recorded so anyone can re-run it. */
  readonly seed: string;
}

/** A tie the rules settled: by an earlier stage's votes, or by lot. */
export interface StvTieBreak {
  readonly rule: '49(2)' | '49(3)' | '51(2)(a)' | '51(2)(b)';
  readonly tied: readonly string[];
  readonly chosen: string;
  /** The stage whose unequal votes decided it (rules 49(2) and 51(2)(a)). */
  readonly decidedAtStage: number | null;
}

/** One stage of the count ("stage of the count", article 2). */
export interface StvStage {
  readonly stage: number;
  readonly action: 'first-preferences' | 'surplus' | 'exclusion';
  /** Whose surplus was transferred, or who was excluded; null at the first stage. */
  readonly candidateId: string | null;
  /** The surplus transferred (rule 48), in vote units; 0 for other stages. */
  readonly surplus: number;
  /** The distinct transfer values applied at this stage, in vote units, highest first. */
  readonly transferValues: readonly number[];
  /** Each candidate's change in votes at this stage, in vote units (negative for the source). */
  readonly transfers: Readonly<Record<string, number>>;
  /** Votes on papers with no next available preference at this stage, in vote units. */
  readonly nonTransferable: number;
  /** Parts of a vote lost to the truncation rule 48(3) requires at this stage. */
  readonly remainderIgnored: number;
  /** Each candidate's votes at the end of the stage, in vote units. */
  readonly votes: Readonly<Record<string, number>>;
  readonly nonTransferableTotal: number;
  readonly remainderIgnoredTotal: number;
  /** Candidates deemed elected at the end of this stage (rule 47, or rule 52 at the last). */
  readonly elected: readonly string[];
  readonly tieBreak: StvTieBreak | null;
}

/** The full count sheet. */
export interface StvCountSheet {
  readonly rules: string;
  readonly seats: number;
  readonly candidates: readonly string[];
  readonly withdrawn: readonly string[];
  /** Ballots with at least one preference for a candidate still standing (rule 45(3)). */
  readonly validBallots: number;
  /** Ballots whose only preferences were for withdrawn or unknown candidates. */
  readonly emptyBallots: number;
  /** Votes needed to be elected (rule 46), a whole number of votes. */
  readonly quota: number;
  readonly stages: readonly StvStage[];
  /** Candidates in the order they were deemed elected. */
  readonly elected: readonly string[];
  /** Candidates deemed elected without reaching the quota (rule 52(1)). */
  readonly electedWithoutQuota: readonly string[];
  /** Candidates in the order they were excluded (rule 50). */
  readonly excluded: readonly string[];
  /** Seats left empty because fewer candidates stood than there were seats. */
  readonly unfilledSeats: number;
  readonly seed: string;
}

interface Paper {
  readonly preferences: readonly string[];
  /** The value the paper has now: one vote, or the transfer value it last arrived with. */
  value: number;
  holder: string | null;
}

/** Shows a vote value with its five decimal places, e.g. 1.28571 (never rounded up). */
export function formatStvVotes(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / VOTE_SCALE);
  const parts = String(abs % VOTE_SCALE).padStart(5, '0');
  return `${sign}${String(whole)}.${parts}`;
}

/** The quota of rule 46: valid papers divided by seats plus one, decimals ignored, plus one. */
export function droopQuota(validBallots: number, seats: number): number {
  return Math.floor(validBallots / (seats + 1)) + 1;
}

/**
 * Keeps a ballot's preferences for candidates still standing, in order. Withdrawn candidates
 * are skipped; the paper stops at the first unknown or repeated candidate, because a
 * preference after a broken sequence cannot be read as the voter's next choice.
 */
export function standingPreferences(
  ballot: readonly string[],
  standing: ReadonlySet<string>,
  withdrawn: ReadonlySet<string>,
): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const id of ballot) {
    if (seen.has(id)) break;
    seen.add(id);
    if (withdrawn.has(id)) continue;
    if (!standing.has(id)) break;
    kept.push(id);
  }
  return kept;
}

/** A small seeded generator (xmur3 hash into mulberry32): the same seed draws the same lots. */
function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts the ballots by the Scottish STV rules and returns the full count sheet. */
export function countStv(input: StvInput): StvCountSheet {
  const { seats, seed } = input;
  if (!Number.isInteger(seats) || seats < 1) throw new RangeError('seats must be at least 1');
  if (new Set(input.candidates).size !== input.candidates.length) {
    throw new RangeError('candidate ids must be unique');
  }
  const withdrawnSet = new Set(input.withdrawn ?? []);
  const standing = input.candidates.filter((c) => !withdrawnSet.has(c));
  const standingSet = new Set(standing);
  const draw = seededRandom(seed);

  // Rule 45: sort the valid papers into parcels by first preference, one vote each.
  const papers: Paper[] = [];
  let emptyBallots = 0;
  for (const ballot of input.ballots) {
    const preferences = standingPreferences(ballot, standingSet, withdrawnSet);
    const first = preferences[0];
    if (first === undefined) emptyBallots += 1;
    else papers.push({ preferences, value: VOTE_SCALE, holder: first });
  }
  const validBallots = papers.length;
  // Rule 46: the quota, a whole number of votes.
  const quota = droopQuota(validBallots, seats);
  const quotaUnits = quota * VOTE_SCALE;

  const votes = new Map<string, number>(standing.map((c) => [c, 0]));
  for (const p of papers) add(votes, p.holder, p.value);
  const status = new Map<string, 'continuing' | 'elected' | 'excluded'>(
    standing.map((c) => [c, 'continuing']),
  );
  const elected: string[] = [];
  const electedWithoutQuota: string[] = [];
  const excluded: string[] = [];
  // Elected candidates whose surplus has still to be transferred (rules 48 and 49).
  const pendingSurplus = new Set<string>();
  const stages: StvStage[] = [];
  let nonTransferableTotal = 0;
  let remainderIgnoredTotal = 0;

  const continuing = () => standing.filter((c) => status.get(c) === 'continuing');
  const votesOf = (c: string) => votes.get(c) ?? 0;

  /** Rule 47: continuing candidates at or over the quota are deemed elected, most votes first. */
  const electAtQuota = (): string[] => {
    const reached = continuing()
      .filter((c) => votesOf(c) >= quotaUnits)
      .sort((a, b) => votesOf(b) - votesOf(a));
    for (const c of reached) {
      status.set(c, 'elected');
      elected.push(c);
      if (votesOf(c) > quotaUnits) pendingSurplus.add(c);
    }
    return reached;
  };

  /**
   * Rules 49(2)-(3) and 51(2): among tied candidates, look back to the most recent preceding
   * stage at which they had unequal votes and take the highest (surplus) or lowest
   * (exclusion); candidates still level there are compared at earlier stages in turn; if they
   * were equal at every stage, decide by lot.
   */
  const breakTie = (tied: string[], pick: 'highest' | 'lowest', forExclusion: boolean) => {
    let remaining = [...tied];
    let decidedAtStage: number | null = null;
    for (let i = stages.length - 1; i >= 0 && remaining.length > 1; i--) {
      const stageVotes = stages[i]?.votes ?? {};
      const at = (c: string) => stageVotes[c] ?? 0;
      const values = remaining.map(at);
      const target = pick === 'highest' ? Math.max(...values) : Math.min(...values);
      const narrowed = remaining.filter((c) => at(c) === target);
      if (narrowed.length < remaining.length) {
        remaining = narrowed;
        decidedAtStage = stages[i]?.stage ?? null;
      }
    }
    const byLot = remaining.length > 1;
    // Lots are drawn among the tied candidates in their ballot order, so a seed replays.
    const chosen = byLot
      ? (remaining[Math.floor(draw() * remaining.length)] ?? remaining[0])
      : remaining[0];
    if (chosen === undefined) throw new Error('no candidate to choose');
    const rule: StvTieBreak['rule'] = forExclusion
      ? byLot
        ? '51(2)(b)'
        : '51(2)(a)'
      : byLot
        ? '49(3)'
        : '49(2)';
    return {
      chosen,
      tieBreak: { rule, tied, chosen, decidedAtStage: byLot ? null : decidedAtStage },
    };
  };

  const recordStage = (
    stage: Omit<
      StvStage,
      'stage' | 'votes' | 'nonTransferableTotal' | 'remainderIgnoredTotal' | 'elected'
    >,
  ) => {
    nonTransferableTotal += stage.nonTransferable;
    remainderIgnoredTotal += stage.remainderIgnored;
    const number = stages.length + 1;
    const snapshot = Object.fromEntries(standing.map((c) => [c, votesOf(c)]));
    // Rule 47 is applied at the end of the stage, so who reached the quota belongs to it.
    const reached = electAtQuota();
    stages.push({
      ...stage,
      stage: number,
      votes: snapshot,
      nonTransferableTotal,
      remainderIgnoredTotal,
      elected: reached,
    });
  };

  /** The next available preference (article 2): the next continuing candidate on the paper. */
  const nextPreference = (paper: Paper): string | null => {
    const from = paper.holder === null ? 0 : paper.preferences.indexOf(paper.holder) + 1;
    for (let i = from; i < paper.preferences.length; i++) {
      const c = paper.preferences[i];
      if (c !== undefined && status.get(c) === 'continuing') return c;
    }
    return null;
  };

  // First stage (rule 45) and any candidates at the quota on first preferences (rule 47).
  recordStage({
    action: 'first-preferences',
    candidateId: null,
    surplus: 0,
    transferValues: [],
    transfers: Object.fromEntries(standing.map((c) => [c, votesOf(c)])),
    nonTransferable: 0,
    remainderIgnored: 0,
    tieBreak: null,
  });

  while (elected.length < seats) {
    const stillIn = continuing();
    // Rule 52: when the continuing candidates are no more than the vacancies, they are all
    // deemed elected and no further transfer is made. (Fewer than the vacancies happens only
    // when fewer candidates stood than seats; the rest of the seats stay empty.)
    if (stillIn.length <= seats - elected.length) {
      for (const c of [...stillIn].sort((a, b) => votesOf(b) - votesOf(a))) {
        status.set(c, 'elected');
        elected.push(c);
        electedWithoutQuota.push(c);
      }
      const last = stages[stages.length - 1];
      if (last !== undefined && stillIn.length > 0) {
        stages[stages.length - 1] = { ...last, elected: [...last.elected, ...stillIn] };
      }
      break;
    }

    if (pendingSurplus.size > 0) {
      // Rule 49(1): the highest surplus first; 49(2)-(3) when surpluses are equal.
      const surplusOf = (c: string) => votesOf(c) - quotaUnits;
      const candidatesWithSurplus = [...pendingSurplus];
      const highest = Math.max(...candidatesWithSurplus.map(surplusOf));
      const tied = standing.filter((c) => pendingSurplus.has(c) && surplusOf(c) === highest);
      const { chosen, tieBreak } =
        tied.length > 1
          ? breakTie(tied, 'highest', false)
          : { chosen: tied[0] ?? '', tieBreak: null };
      pendingSurplus.delete(chosen);
      transferSurplus(chosen, tieBreak);
      continue;
    }

    // Rule 50(1): no surplus left to transfer, so exclude the lowest continuing candidate;
    // rule 51 when two or more share the lowest number of votes.
    const lowest = Math.min(...stillIn.map(votesOf));
    const tied = stillIn.filter((c) => votesOf(c) === lowest);
    const { chosen, tieBreak } =
      tied.length > 1 ? breakTie(tied, 'lowest', true) : { chosen: tied[0] ?? '', tieBreak: null };
    exclude(chosen, tieBreak);
  }

  /** Rule 48: transfer the surplus of an elected candidate from every paper they hold. */
  function transferSurplus(candidate: string, tieBreak: StvTieBreak | null): void {
    const total = votesOf(candidate);
    const surplus = total - quotaUnits;
    const held = papers.filter((p) => p.holder === candidate);
    const transfers = new Map<string, number>([[candidate, -surplus]]);
    const values = new Set<number>();
    let moved = 0;
    let nonTransferable = 0;
    for (const paper of held) {
      // Rule 48(3)-(4): transfer value = surplus x value of the paper when received / total
      // votes credited to the candidate, to five decimal places, the remainder ignored.
      const transferValue = Math.floor((surplus * paper.value) / total);
      const next = nextPreference(paper);
      if (next === null) {
        // Rule 48(1)(b): a parcel of non-transferable papers, which stays where it is.
        nonTransferable += transferValue;
        paper.holder = null;
        continue;
      }
      // Rule 48(2): the parcel goes to the continuing candidate of the next preference.
      values.add(transferValue);
      paper.holder = next;
      paper.value = transferValue;
      add(transfers, next, transferValue);
      add(votes, next, transferValue);
      moved += transferValue;
    }
    // The elected candidate keeps exactly the quota; what was neither moved nor set aside as
    // non-transferable is the remainder rule 48(3) ignores.
    votes.set(candidate, quotaUnits);
    recordStage({
      action: 'surplus',
      candidateId: candidate,
      surplus,
      transferValues: [...values].sort((a, b) => b - a),
      transfers: Object.fromEntries(transfers),
      nonTransferable,
      remainderIgnored: surplus - moved - nonTransferable,
      tieBreak,
    });
  }

  /** Rule 50(2)-(4): exclude a candidate and pass every paper on at the value it came with. */
  function exclude(candidate: string, tieBreak: StvTieBreak | null): void {
    status.set(candidate, 'excluded');
    excluded.push(candidate);
    const transfers = new Map<string, number>([[candidate, -votesOf(candidate)]]);
    let nonTransferable = 0;
    for (const paper of papers.filter((p) => p.holder === candidate)) {
      const next = nextPreference(paper);
      if (next === null) {
        nonTransferable += paper.value;
        paper.holder = null;
        continue;
      }
      paper.holder = next;
      add(transfers, next, paper.value);
      add(votes, next, paper.value);
    }
    votes.set(candidate, 0);
    recordStage({
      action: 'exclusion',
      candidateId: candidate,
      surplus: 0,
      transferValues: [],
      transfers: Object.fromEntries(transfers),
      nonTransferable,
      remainderIgnored: 0,
      tieBreak,
    });
  }

  return {
    rules: STV_RULES,
    seats,
    candidates: input.candidates,
    withdrawn: input.candidates.filter((c) => withdrawnSet.has(c)),
    validBallots,
    emptyBallots,
    quota,
    stages,
    elected,
    electedWithoutQuota,
    excluded,
    unfilledSeats: Math.max(0, seats - elected.length),
    seed,
  };
}

function add(map: Map<string, number>, key: string | null, value: number): void {
  if (key === null) return;
  map.set(key, (map.get(key) ?? 0) + value);
}
