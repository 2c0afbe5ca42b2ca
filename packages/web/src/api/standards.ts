import { getJson, postJson, putJson } from './client';

/** A RAG rating of a standard, or 'no-data' when the records do not allow a measure. */
export type StandardRag = 'green' | 'amber' | 'red' | 'no-data';

/** A standard of the agreement with the organisation's thresholds. */
export interface Standard {
  id: string;
  name: string;
  area: 'access' | 'quality' | 'finance' | 'workforce';
  measure: string;
  unit: 'days' | '%' | 'score';
  direction: 'higher-better' | 'lower-better';
  green: number;
  amber: number;
}

/** A financial-year quarter. */
export interface Quarter {
  year: number;
  number: number;
  key: string;
  label: string;
  from: string;
  to: string;
}

/** The grid for a quarter, from `GET /api/governance/standards/grid`. */
export interface StandardsGrid {
  quarter: Quarter;
  current: boolean;
  standards: Standard[];
  practices: {
    practiceId: string;
    practiceName: string;
    odsCode: string;
    results: { standardId: string; measure: number | null; rag: StandardRag }[];
  }[];
}

/** One standard over quarters, a series per practice. */
export interface StandardTrend {
  standard: Standard;
  quarters: Quarter[];
  practices: {
    practiceId: string;
    practiceName: string;
    measures: (number | null)[];
    rags: StandardRag[];
  }[];
}

/** An action from a peer review. */
export interface ReviewAction {
  id: string;
  meetingId: string;
  meetingTitle: string;
  practiceId: string;
  practiceName: string;
  findingId: string | null;
  description: string;
  owner: { id: string; name: string };
  dueOn: string;
  status: 'open' | 'done';
  state: 'open' | 'overdue' | 'done';
  closedOn: string | null;
  closureNote: string | null;
  canClose: boolean;
}

/** A peer review meeting as listed. */
export interface ReviewMeetingSummary {
  id: string;
  heldOn: string;
  title: string;
  attendees: string[];
  practices: { id: string; name: string }[];
  openActions: number;
  overdueActions: number;
}

/** A meeting with its findings and actions. */
export interface ReviewMeeting extends ReviewMeetingSummary {
  findings: {
    id: string;
    practiceId: string;
    practiceName: string;
    standardId: string | null;
    text: string;
  }[];
  actions: ReviewAction[];
  canManage: boolean;
}

const STANDARDS = '/api/governance/standards';
const REVIEWS = '/api/governance/peer-reviews';

/** The standards with the organisation's thresholds. */
export async function fetchStandards(): Promise<{ standards: Standard[]; canManage: boolean }> {
  return (await getJson(STANDARDS)) as { standards: Standard[]; canManage: boolean };
}

/** The grid for a quarter (the current one when none is given). */
export async function fetchStandardsGrid(quarter?: string): Promise<StandardsGrid> {
  const query = quarter ? `?quarter=${encodeURIComponent(quarter)}` : '';
  return (await getJson(`${STANDARDS}/grid${query}`)) as StandardsGrid;
}

/** One standard over the last `quarters` quarters. */
export async function fetchStandardTrend(standard: string, quarters = 4): Promise<StandardTrend> {
  return (await getJson(
    `${STANDARDS}/trend?standard=${encodeURIComponent(standard)}&quarters=${String(quarters)}`,
  )) as StandardTrend;
}

/** Sets a standard's thresholds. */
export async function saveThresholds(
  standardId: string,
  thresholds: { green: number; amber: number; reason: string },
): Promise<Standard> {
  return (await putJson(
    `${STANDARDS}/${encodeURIComponent(standardId)}/thresholds`,
    thresholds,
  )) as Standard;
}

/** Peer review meetings. */
export async function fetchReviews(): Promise<ReviewMeetingSummary[]> {
  return (await getJson(REVIEWS)) as ReviewMeetingSummary[];
}

/** One meeting. */
export async function fetchReview(id: string): Promise<ReviewMeeting> {
  return (await getJson(`${REVIEWS}/${encodeURIComponent(id)}`)) as ReviewMeeting;
}

/** The action tracker. */
export async function fetchReviewActions(): Promise<ReviewAction[]> {
  return (await getJson(`${REVIEWS}/actions`)) as ReviewAction[];
}

/** The users who may own an action. */
export async function fetchReviewOwners(): Promise<{ id: string; name: string }[]> {
  return (await getJson(`${REVIEWS}/owners`)) as { id: string; name: string }[];
}

/** Records a meeting. */
export async function createReview(input: {
  heldOn: string;
  title: string;
  attendees: string[];
  practiceIds: string[];
}): Promise<ReviewMeeting> {
  return (await postJson(REVIEWS, input)) as ReviewMeeting;
}

/** Records a finding. */
export async function addReviewFinding(
  meetingId: string,
  input: { practiceId: string; standardId: string | null; text: string },
): Promise<unknown> {
  return postJson(`${REVIEWS}/${encodeURIComponent(meetingId)}/findings`, input);
}

/** Agrees an action. */
export async function addReviewAction(
  meetingId: string,
  input: { practiceId: string; description: string; ownerId: string; dueOn: string },
): Promise<ReviewAction> {
  return (await postJson(
    `${REVIEWS}/${encodeURIComponent(meetingId)}/actions`,
    input,
  )) as ReviewAction;
}

/** Closes an action with a note. */
export async function closeReviewAction(
  actionId: string,
  closureNote: string,
): Promise<ReviewAction> {
  return (await postJson(`${REVIEWS}/actions/${encodeURIComponent(actionId)}/closure`, {
    closureNote,
  })) as ReviewAction;
}
