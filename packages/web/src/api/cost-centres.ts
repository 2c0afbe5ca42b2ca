import { getJson, postJson } from './client';

/** A cost centre: a code unique in the organisation, and a name. */
export interface CostCentre {
  id: string;
  code: string;
  name: string;
}

/** A practice in brief. */
export interface CostCentrePractice {
  id: string;
  odsCode: string;
  name: string;
}

/** A cost centre as it stood on a date, from `GET /api/cost-centres`. */
export interface CostCentreOnDate extends CostCentre {
  /** open: has practices; merged: a merge on or before the date moved them; empty: neither. */
  status: 'open' | 'merged' | 'empty';
  practices: (CostCentrePractice & { since: string })[];
  mergedInto: { costCentre: CostCentre; effectiveFrom: string } | null;
}

/** What `GET /api/cost-centres?on=` answers. */
export interface CostCentreListing {
  on: string;
  costCentres: CostCentreOnDate[];
  unassignedPractices: CostCentrePractice[];
}

/** A practice's list size on a date, and the date of the count used. */
export interface PracticeListSize extends CostCentrePractice {
  listSize: number;
  countedOn: string;
}

/** What `GET /api/cost-centres/list-sizes?on=` answers. */
export interface ListSizeReport {
  on: string;
  costCentres: (CostCentre & { listSize: number; practices: PracticeListSize[] })[];
  unassigned: { listSize: number; practices: PracticeListSize[] };
  total: number;
}

/** One assignment of a practice to a cost centre from a date. */
export interface CostCentreAssignment {
  id: string;
  practice: CostCentrePractice;
  costCentre: CostCentre;
  effectiveFrom: string;
  recordedAt: string;
}

/** One recorded merge. */
export interface CostCentreMerge {
  id: string;
  from: CostCentre[];
  into: CostCentre;
  effectiveFrom: string;
  reason: string | null;
  recordedBy: { id: string; displayName: string } | null;
  recordedAt: string;
}

/** What `GET /api/cost-centres/history` answers, oldest first. */
export interface CostCentreHistory {
  assignments: CostCentreAssignment[];
  merges: CostCentreMerge[];
}

/** A merge to ask for: the survivor is an existing cost centre or a new one. */
export interface MergeRequest {
  from: string[];
  intoCostCentreId?: string;
  newCostCentre?: { code: string; name: string };
  effectiveFrom: string;
  reason: string;
}

const onQuery = (on: string | undefined) =>
  on === undefined ? '' : `?${new URLSearchParams({ on }).toString()}`;

/** The cost centres and their practices on a date (today when left out). */
export async function fetchCostCentres(on?: string): Promise<CostCentreListing> {
  return (await getJson(`/api/cost-centres${onQuery(on)}`)) as CostCentreListing;
}

/** List sizes summed by cost centre on a date (today when left out). */
export async function fetchListSizesByCostCentre(on?: string): Promise<ListSizeReport> {
  return (await getJson(`/api/cost-centres/list-sizes${onQuery(on)}`)) as ListSizeReport;
}

/** Every assignment and merge, oldest first. */
export async function fetchCostCentreHistory(): Promise<CostCentreHistory> {
  return (await getJson('/api/cost-centres/history')) as CostCentreHistory;
}

/** Creates a cost centre; rejects with an ApiError naming the field when refused. */
export async function createCostCentre(input: { code: string; name: string }): Promise<CostCentre> {
  return (await postJson('/api/cost-centres', input)) as CostCentre;
}

/** Merges cost centres from a date; rejects with an ApiError (400, 404 or 409) when refused. */
export async function mergeCostCentres(
  request: MergeRequest,
): Promise<{ merge: CostCentreMerge; assignments: CostCentreAssignment[] }> {
  return (await postJson('/api/cost-centres/merges', request)) as {
    merge: CostCentreMerge;
    assignments: CostCentreAssignment[];
  };
}

/** Moves a practice to a cost centre from a date, after its latest assignment. */
export async function assignCostCentre(input: {
  practiceId: string;
  costCentreId: string;
  effectiveFrom: string;
}): Promise<CostCentreAssignment> {
  return (await postJson('/api/cost-centres/assignments', input)) as CostCentreAssignment;
}
