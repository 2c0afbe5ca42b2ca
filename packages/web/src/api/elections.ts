import { getJson, postJson } from './client';

/** Where an election is; only ever forwards. */
export type ElectionStatus = 'nominations' | 'voting' | 'closed' | 'counted' | 'published';

/** An election as listed, from `GET /api/elections`. */
export interface ElectionSummary {
  id: string;
  title: string;
  seats: number;
  status: ElectionStatus;
  createdAt: string;
  candidates: number;
  eligible: number | null;
  ballots: number;
}

/** A candidate with their statement. */
export interface ElectionCandidate {
  id: string;
  userId: string;
  name: string;
  statement: string;
  nominatedBySelf: boolean;
  withdrawn: boolean;
}

/** An election with its candidates and the signed-in user's part in it. */
export interface ElectionDetail extends ElectionSummary {
  candidateList: ElectionCandidate[];
  me: { eligible: boolean; hasVoted: boolean; candidateId: string | null; canManage: boolean };
}

/** One stage of the STV count; votes are in hundred-thousandths of a vote. */
export interface CountStage {
  stage: number;
  action: 'first-preferences' | 'surplus' | 'exclusion';
  candidateId: string | null;
  surplus: number;
  transferValues: number[];
  transfers: Record<string, number>;
  nonTransferable: number;
  remainderIgnored: number;
  votes: Record<string, number>;
  nonTransferableTotal: number;
  remainderIgnoredTotal: number;
  elected: string[];
  tieBreak: {
    rule: string;
    tied: string[];
    chosen: string;
    decidedAtStage: number | null;
  } | null;
}

/** The published results: the count sheet, names and turnout. */
export interface ElectionResults {
  electionId: string;
  title: string;
  status: ElectionStatus;
  candidates: { id: string; name: string }[];
  eligible: number;
  ballots: number;
  countSheet: {
    rules: string;
    seats: number;
    candidates: string[];
    withdrawn: string[];
    validBallots: number;
    emptyBallots: number;
    quota: number;
    stages: CountStage[];
    elected: string[];
    electedWithoutQuota: string[];
    excluded: string[];
    unfilledSeats: number;
    seed: string;
  };
}

/** A voter on the register: whether they voted, never how. */
export interface ElectionVoter {
  userId: string;
  name: string;
  hasVoted: boolean;
}

const base = (id: string) => `/api/elections/${encodeURIComponent(id)}`;

/** Every election of the organisation, newest first. */
export async function fetchElections(): Promise<ElectionSummary[]> {
  return (await getJson('/api/elections')) as ElectionSummary[];
}

/** One election with its candidates. */
export async function fetchElection(id: string): Promise<ElectionDetail> {
  return (await getJson(base(id))) as ElectionDetail;
}

/** Creates an election open for nominations. */
export async function createElection(body: {
  title: string;
  seats?: number;
}): Promise<ElectionSummary> {
  return (await postJson('/api/elections', body)) as ElectionSummary;
}

/** Nominates the signed-in partner (or `userId`) with a statement. */
export async function nominate(
  id: string,
  body: { statement: string; userId?: string },
): Promise<ElectionCandidate> {
  return (await postJson(`${base(id)}/candidates`, body)) as ElectionCandidate;
}

/** Withdraws a candidacy before voting opens. */
export async function withdrawCandidate(id: string, candidateId: string): Promise<void> {
  await postJson(`${base(id)}/candidates/${encodeURIComponent(candidateId)}/withdrawal`, undefined);
}

/** The steps an election manager takes, in order. */
export type ElectionStep = 'open-voting' | 'close-voting' | 'count' | 'publish';

/** Takes the election to its next step. */
export async function advanceElection(id: string, step: ElectionStep): Promise<void> {
  await postJson(`${base(id)}/${step}`, undefined);
}

/** Casts the signed-in partner's ballot; the receipt code comes back once. */
export async function castBallot(id: string, preferences: string[]): Promise<string> {
  const answer = (await postJson(`${base(id)}/ballots`, { preferences })) as { receipt: string };
  return answer.receipt;
}

/** Checks that a ballot with this receipt is in the box, and counted. */
export async function checkReceipt(
  id: string,
  receipt: string,
): Promise<{ found: boolean; counted: boolean }> {
  return (await postJson(`${base(id)}/receipt-checks`, { receipt })) as {
    found: boolean;
    counted: boolean;
  };
}

/** The count sheet with names and turnout. */
export async function fetchResults(id: string): Promise<ElectionResults> {
  return (await getJson(`${base(id)}/results`)) as ElectionResults;
}

/** Who has voted (managers only). */
export async function fetchVoters(id: string): Promise<ElectionVoter[]> {
  return (await getJson(`${base(id)}/voters`)) as ElectionVoter[];
}
