import { getJson, postJson } from './client';

/** The signed-in user. */
export interface MeUser {
  id: string;
  email: string;
  displayName: string;
}

/** The organisation the user belongs to; `form` is an organisational form id from DOMAIN.md. */
export interface MeOrganisation {
  id: string;
  name: string;
  form: string;
}

/** A role the user holds, for one practice or (practiceId null) for the whole organisation. */
export interface MeRole {
  role: string;
  practiceId: string | null;
}

/** A member practice the user may act for. */
export interface MePractice {
  id: string;
  odsCode: string;
  name: string;
}

/** What `GET /api/me` answers: who is signed in, where, and with which roles. */
export interface Me {
  user: MeUser;
  organisation: MeOrganisation;
  roles: MeRole[];
  practices: MePractice[];
}

/** Fetches the signed-in user; rejects with an ApiError of status 401 when nobody is signed in. */
export async function fetchMe(): Promise<Me> {
  return (await getJson('/api/me')) as Me;
}

/** Signs in with email and password; resolves to the new session's user. */
export async function login(email: string, password: string): Promise<Me> {
  return (await postJson('/api/auth/login', { email, password })) as Me;
}

/** Ends the session on the server (the server clears the cookie). */
export async function logout(): Promise<void> {
  await postJson('/api/auth/logout', {});
}
