import { deleteJson, getJson, patchJson, postJson } from './client';

/** What the organisation's form decides, from `GET /api/organisation`. */
export interface OrganisationPolicy {
  bookAtAnySite: boolean;
  /** The organisation may have sites of its own, belonging to no member practice. */
  organisationOwnsSites: boolean;
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

/** A GP contract type. */
export type ContractType = 'GMS' | 'PMS' | 'APMS';

/** How a practice holds its contract. */
export type ContractHolding = 'own' | 'on-trust' | 'single';

/** A member practice with its latest list size, contract, sites and partners. */
export interface OrganisationPractice {
  id: string;
  odsCode: string;
  name: string;
  status: string;
  listSize: number | null;
  listSizeDate: string | null;
  contractType: ContractType | null;
  contractHolding: ContractHolding | null;
  region: string | null;
  membershipStage: string | null;
  siteCount: number;
  partnerCount: number;
}

/** A change of form already recorded for a later date. */
export interface ScheduledFormChange {
  form: string;
  effectiveFrom: string;
}

/** The organisation's headline numbers. */
export interface OrganisationTotals {
  practices: number;
  listSize: number;
  sites: number;
}

/** What `GET /api/organisation` answers. */
export interface Organisation {
  id: string;
  name: string;
  /** The form in force today. */
  form: string;
  /** When the form in force took effect. */
  formSince: string;
  scheduledChange: ScheduledFormChange | null;
  policy: OrganisationPolicy;
  totals: OrganisationTotals;
  practices: OrganisationPractice[];
}

/** One dated form of the organisation. */
export interface FormChange {
  id: string | null;
  form: string;
  effectiveFrom: string;
  reason: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  status: 'past' | 'in-force' | 'scheduled';
}

/** One list size count. */
export interface ListSize {
  date: string;
  listSize: number;
}

/** A place where care is given: a practice's, or (practiceId null) the organisation's. */
export interface Site {
  id: string;
  practiceId: string | null;
  name: string;
  addressLines: string[];
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  cqcLocationId: string | null;
  services: string[];
  isMain: boolean;
}

/** A site in the organisation's list, with whose it is. */
export interface SiteListing extends Site {
  practiceOdsCode: string | null;
  practiceName: string | null;
}

/** A partner of a practice. */
export interface Partner {
  id: string;
  name: string;
  grade: string;
  startedOn: string | null;
}

/** What `GET /api/practices/:practiceId` answers; `listSizes` is newest first. */
export interface Practice {
  id: string;
  odsCode: string;
  name: string;
  contractType: ContractType | null;
  contractHolding: ContractHolding | null;
  region: string | null;
  status: string;
  membershipStage: string | null;
  addressLines: string[];
  postcode: string | null;
  phone: string | null;
  openedOn: string | null;
  commissionerCode: string | null;
  costCentre: { id: string; code: string; name: string; since: string } | null;
  sites: Site[];
  partners: Partner[];
  staffCounts: { role: string; count: number }[];
  listSizes: ListSize[];
}

/** A change of form to record. */
export interface NewFormChange {
  form: string;
  effectiveFrom: string;
  reason: string;
}

/** A change to a practice's contract or region; null clears a field. */
export interface PracticeChange {
  contractType?: ContractType | null;
  contractHolding?: ContractHolding | null;
  region?: string | null;
}

/** A site's details as a form sends them; `isMain` only to make it the practice's main site. */
export type SiteFields = Omit<Site, 'id' | 'practiceId' | 'isMain'> & { isMain?: boolean };

/** Fetches the signed-in user's organisation with its form, totals and practices. */
export async function fetchOrganisation(): Promise<Organisation> {
  return (await getJson('/api/organisation')) as Organisation;
}

/** Fetches the organisation's dated forms, newest first. */
export async function fetchFormChanges(): Promise<FormChange[]> {
  return ((await getJson('/api/organisation/form-changes')) as { changes: FormChange[] }).changes;
}

/** Records a change of form; rejects with an ApiError (400, 403, 409) the form shows. */
export async function changeForm(change: NewFormChange): Promise<FormChange> {
  return (await postJson('/api/organisation/form-changes', change)) as FormChange;
}

/** Fetches one practice; rejects with an ApiError of status 404 when it is not one of ours. */
export async function fetchPractice(practiceId: string): Promise<Practice> {
  return (await getJson(`/api/practices/${encodeURIComponent(practiceId)}`)) as Practice;
}

/** Changes a practice's contract or region; resolves to the practice as it now is. */
export async function updatePractice(
  practiceId: string,
  change: PracticeChange,
): Promise<Practice> {
  return (await patchJson(`/api/practices/${encodeURIComponent(practiceId)}`, change)) as Practice;
}

/** Fetches every site of the organisation. */
export async function fetchSites(): Promise<SiteListing[]> {
  return ((await getJson('/api/sites')) as { sites: SiteListing[] }).sites;
}

/** Adds a site to a practice, or (practiceId null) to the organisation itself. */
export async function createSite(practiceId: string | null, site: SiteFields): Promise<Site> {
  return (await postJson('/api/sites', { practiceId, ...site })) as Site;
}

/** Changes a site. */
export async function updateSite(siteId: string, site: Partial<SiteFields>): Promise<Site> {
  return (await patchJson(`/api/sites/${encodeURIComponent(siteId)}`, site)) as Site;
}

/** Removes a site. */
export async function deleteSite(siteId: string): Promise<void> {
  await deleteJson(`/api/sites/${encodeURIComponent(siteId)}`);
}
