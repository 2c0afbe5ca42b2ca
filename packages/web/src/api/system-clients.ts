import { getJson, postJson } from './client';

/** Someone who registered or revoked a client. */
export interface ClientPerson {
  id: string;
  displayName: string;
}

/** A system client as `GET /api/system-clients` shows it (never its secret). */
export interface SystemClient {
  id: string;
  name: string;
  actsFor: { kind: 'practice' | 'hub'; id: string; name: string };
  scopes: string[];
  createdAt: string;
  createdBy: ClientPerson | null;
  revokedAt: string | null;
  revokedBy: ClientPerson | null;
  lastTokenAt: string | null;
}

/** What `GET /api/system-clients` answers. */
export interface SystemClientListing {
  clients: SystemClient[];
  /** The scopes a client can be given. */
  scopes: string[];
  /** Where clients get their access tokens. */
  tokenUrl: string;
  /** How long a token lasts, in seconds. */
  tokenSeconds: number;
}

/** A client to register: its name, the practice or the hub it acts for, and its scopes. */
export interface NewSystemClient {
  name: string;
  practiceId?: string;
  hubId?: string;
  scopes: string[];
}

/** Fetches the organisation's system clients. */
export async function fetchSystemClients(): Promise<SystemClientListing> {
  return (await getJson('/api/system-clients')) as SystemClientListing;
}

/** Registers a client; the answer holds its secret, which is never shown again. */
export async function registerSystemClient(
  input: NewSystemClient,
): Promise<{ client: SystemClient; clientSecret: string }> {
  return (await postJson('/api/system-clients', input)) as {
    client: SystemClient;
    clientSecret: string;
  };
}

/** Revokes a client: its tokens stop working at once. */
export async function revokeSystemClient(clientId: string): Promise<SystemClient> {
  return (await postJson(
    `/api/system-clients/${encodeURIComponent(clientId)}/revoke`,
    undefined,
  )) as SystemClient;
}
