import { deleteJson, getJson, postJson, putJson } from './client';

/** A hub with its sites and practices, from `GET /api/hubs`. */
export interface Hub {
  id: string;
  name: string;
  releaseLeadMinutes: number;
  sites: { siteId: string; name: string; practiceId: string | null }[];
  practices: { practiceId: string; name: string; odsCode: string; dailyThreshold: number }[];
}

/** What a hub is made or changed with. */
export interface HubInput {
  name: string;
  releaseLeadMinutes: number;
  siteIds: string[];
  practices: { practiceId: string; dailyThreshold: number }[];
}

/** One practice's use of a hub day. */
export interface HubPracticeUse {
  practiceId: string;
  name: string;
  odsCode: string;
  dailyThreshold: number;
  listSize: number;
  share: number;
  used: number;
  left: number;
  released: number;
  extra: number;
}

/** A hub's day, from `GET /api/hubs/:id/days/:date`. */
export interface HubDay {
  hub: { id: string; name: string; releaseLeadMinutes: number };
  date: string;
  capacity: number;
  bookedOrAttended: number;
  didNotAttend: number;
  utilisation: number | null;
  unusedRate: number | null;
  againstBenchmark: 'better' | 'typical' | 'worse' | null;
  recovered: number;
  byOthers: number;
  practices: HubPracticeUse[];
}

/** A hub's seven days from a date. */
export interface HubWeek {
  hub: { id: string; name: string; releaseLeadMinutes: number };
  from: string;
  days: {
    date: string;
    capacity: number;
    bookedOrAttended: number;
    didNotAttend: number;
    utilisation: number | null;
    recovered: number;
  }[];
  capacity: number;
  bookedOrAttended: number;
  utilisation: number | null;
  recovered: number;
}

const hubPath = (hubId: string) => `/api/hubs/${encodeURIComponent(hubId)}`;

/** Fetches the organisation's hubs. */
export async function fetchHubs(): Promise<Hub[]> {
  return ((await getJson('/api/hubs')) as { hubs: Hub[] }).hubs;
}

/** Fetches one hub. */
export async function fetchHub(hubId: string): Promise<Hub> {
  return (await getJson(hubPath(hubId))) as Hub;
}

/** Sets up a hub. */
export async function createHub(input: HubInput): Promise<Hub> {
  return (await postJson('/api/hubs', input)) as Hub;
}

/** Changes a hub. */
export async function updateHub(hubId: string, input: HubInput): Promise<Hub> {
  return (await putJson(hubPath(hubId), input)) as Hub;
}

/** Removes a hub with no sessions or slots. */
export async function deleteHub(hubId: string): Promise<void> {
  await deleteJson(hubPath(hubId));
}

/** Fetches a hub's day. */
export async function fetchHubDay(hubId: string, date: string): Promise<HubDay> {
  return (await getJson(`${hubPath(hubId)}/days/${encodeURIComponent(date)}`)) as HubDay;
}

/** Fetches a hub's seven days from a date. */
export async function fetchHubWeek(hubId: string, from: string): Promise<HubWeek> {
  return (await getJson(`${hubPath(hubId)}/weeks/${encodeURIComponent(from)}`)) as HubWeek;
}
