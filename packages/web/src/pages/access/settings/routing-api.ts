import type { RequestRouting } from '@atscale/domain';
import { getJson, postJson, putJson } from '../../../api/client';

/** Where the organisation's requests are triaged, and how long slots are held. */
export interface RoutingSettings {
  routing: RequestRouting;
  holdMinutes: number;
}

/** A call centre as `POST /api/triage-teams` answers. */
export interface CallCentre {
  id: string;
  name: string;
  region: string | null;
  siteId: string | null;
}

/** Fetches the routing settings. */
export async function fetchRoutingSettings(): Promise<RoutingSettings> {
  return (await getJson('/api/request-routing')) as RoutingSettings;
}

/** Sets where requests are triaged. */
export async function saveRouting(routing: RequestRouting): Promise<{ routing: RequestRouting }> {
  return (await putJson('/api/request-routing', { routing })) as { routing: RequestRouting };
}

/** Adds a call centre: the central one (no region) or one for a region. */
export async function createCallCentre(input: {
  name: string;
  region: string | null;
  siteId: string | null;
}): Promise<CallCentre> {
  return (await postJson('/api/triage-teams', input)) as CallCentre;
}
