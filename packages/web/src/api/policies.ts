import { getJson, postJson } from './client';

/** One of the CQC's five key questions. */
export type KeyQuestion = 'safe' | 'effective' | 'caring' | 'responsive' | 'well-led';

/** A version as listed; the body comes with {@link PolicyVersion}. */
export interface PolicyVersionSummary {
  id: string;
  number: number;
  changeSummary: string;
  effectiveFrom: string;
  reviewBy: string;
  status: 'draft' | 'approved';
  approvedAt: string | null;
  approvedByName: string | null;
  approvedRole: string | null;
}

/** A version with its Markdown body. */
export interface PolicyVersion extends PolicyVersionSummary {
  policyId: string;
  body: string;
}

/** A policy in the library, from `GET /api/governance/policies`. */
export interface PolicySummary {
  id: string;
  title: string;
  owner: { id: string; name: string };
  keyQuestions: KeyQuestion[];
  localAnnexAllowed: boolean;
  current: { id: string; number: number; effectiveFrom: string; reviewBy: string } | null;
  reviewOverdue: boolean;
  drafts: number;
}

/** A policy with every version, newest first. */
export interface PolicyDetail extends PolicySummary {
  versions: PolicyVersionSummary[];
  canManage: boolean;
}

/** One practice's adoption and acknowledgements of a policy. */
export interface PracticeCompliance {
  practiceId: string;
  practiceName: string;
  adopted: {
    versionId: string;
    number: number;
    adoptedAt: string;
    localAnnex: string | null;
  } | null;
  onCurrentVersion: boolean;
  acknowledged: number;
  staff: number;
  missing: string[];
  canAdopt: boolean;
  me: { staff: boolean; acknowledged: boolean };
}

/** The library's gaps across the practices the user can see. */
export interface PolicyGaps {
  today: string;
  overdueReviews: { policyId: string; title: string; reviewBy: string }[];
  notAdopted: {
    policyId: string;
    title: string;
    practiceId: string;
    practiceName: string;
    adoptedNumber: number | null;
  }[];
  missingAcknowledgements: {
    policyId: string;
    title: string;
    practiceId: string;
    practiceName: string;
    acknowledged: number;
    staff: number;
  }[];
}

const BASE = '/api/governance/policies';
const base = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** Every central policy. */
export async function fetchPolicies(): Promise<PolicySummary[]> {
  return (await getJson(BASE)) as PolicySummary[];
}

/** The gaps: overdue reviews, practices not on the current version, acknowledgements missing. */
export async function fetchPolicyGaps(): Promise<PolicyGaps> {
  return (await getJson(`${BASE}/gaps`)) as PolicyGaps;
}

/** The users who may own a policy (governance only). */
export async function fetchPolicyOwners(): Promise<{ id: string; name: string }[]> {
  return (await getJson(`${BASE}/owners`)) as { id: string; name: string }[];
}

/** One policy with its versions. */
export async function fetchPolicy(id: string): Promise<PolicyDetail> {
  return (await getJson(base(id))) as PolicyDetail;
}

/** One version with its body. */
export async function fetchPolicyVersion(id: string, versionId: string): Promise<PolicyVersion> {
  return (await getJson(`${base(id)}/versions/${encodeURIComponent(versionId)}`)) as PolicyVersion;
}

/** The version in force on a date, or null before the first. */
export async function fetchPolicyInForce(id: string, on: string): Promise<PolicyVersion | null> {
  const answer = (await getJson(`${base(id)}/in-force?on=${encodeURIComponent(on)}`)) as {
    version: PolicyVersion | null;
  };
  return answer.version;
}

/** Each visible practice's adoption and acknowledgements. */
export async function fetchPolicyCompliance(id: string): Promise<PracticeCompliance[]> {
  return (await getJson(`${base(id)}/compliance`)) as PracticeCompliance[];
}

/** Creates a policy. */
export async function createPolicy(body: {
  title: string;
  ownerId: string;
  keyQuestions: KeyQuestion[];
  localAnnexAllowed: boolean;
}): Promise<PolicyDetail> {
  return (await postJson(BASE, body)) as PolicyDetail;
}

/** Adds a draft version. */
export async function addPolicyDraft(
  id: string,
  body: { body: string; changeSummary: string; effectiveFrom: string; reviewBy: string },
): Promise<PolicyVersion> {
  return (await postJson(`${base(id)}/versions`, body)) as PolicyVersion;
}

/** Approves a draft version. */
export async function approvePolicyVersion(id: string, versionId: string): Promise<void> {
  await postJson(`${base(id)}/versions/${encodeURIComponent(versionId)}/approval`, undefined);
}

/** Adopts a version for a practice. */
export async function adoptPolicy(
  id: string,
  body: { practiceId: string; versionId: string; localAnnex?: string },
): Promise<void> {
  await postJson(`${base(id)}/adoptions`, body);
}

/** Acknowledges, for oneself, the version one's practice adopted. */
export async function acknowledgePolicy(id: string, practiceId: string): Promise<void> {
  await postJson(`${base(id)}/acknowledgements`, { practiceId });
}
