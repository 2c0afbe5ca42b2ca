import { getJson } from './client';

/** What the organisation's form decides, from `GET /api/organisation`. */
export interface OrganisationPolicy {
  bookAtAnySite: boolean;
  membersKeepOwnContracts: boolean;
  contractHolding: string;
  profit: string;
  defaultLevy: { pencePerPatientPerYear: number; why: string };
  listOnLeaving: 'stays-with-organisation' | 'leaves-with-practice';
  vatOnServicesBetweenMembers: boolean;
  membersKeepOwnCqcRegistration: boolean;
  electedBoard: boolean;
  signingDocument: string;
}

/** A member practice with its latest list size. */
export interface OrganisationPractice {
  id: string;
  odsCode: string;
  name: string;
  status: string;
  listSize: number | null;
  listSizeDate: string | null;
}

/** What `GET /api/organisation` answers. */
export interface Organisation {
  id: string;
  name: string;
  form: string;
  policy: OrganisationPolicy;
  practices: OrganisationPractice[];
}

/** One list size count. */
export interface ListSize {
  date: string;
  listSize: number;
}

/** What `GET /api/practices/:practiceId` answers; `listSizes` is newest first. */
export interface Practice {
  id: string;
  odsCode: string;
  name: string;
  contractType: 'GMS' | 'PMS' | 'APMS' | null;
  status: string;
  addressLines: string[];
  postcode: string | null;
  phone: string | null;
  openedOn: string | null;
  commissionerCode: string | null;
  listSizes: ListSize[];
}

/** Fetches the signed-in user's organisation with its practices. */
export async function fetchOrganisation(): Promise<Organisation> {
  return (await getJson('/api/organisation')) as Organisation;
}

/** Fetches one practice; rejects with an ApiError of status 404 when it is not one of ours. */
export async function fetchPractice(practiceId: string): Promise<Practice> {
  return (await getJson(`/api/practices/${encodeURIComponent(practiceId)}`)) as Practice;
}
