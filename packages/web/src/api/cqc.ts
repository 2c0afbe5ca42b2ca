import type {
  CqcEvidenceKind,
  CqcGapCode,
  CqcKeyQuestion,
  CqcManualEvidenceKind,
  CqcRating,
  CqcReadiness,
} from '@atscale/domain';
import { getJson, postJson, putJson } from './client';

/** A gap in readiness, for a key question or (keyQuestion null) the whole site. */
export interface CqcGap {
  code: CqcGapCode;
  keyQuestion: CqcKeyQuestion | null;
  severity: 'major' | 'minor';
  text: string;
}

/** One key question's evidence counts, gaps and readiness. */
export interface CqcKeyQuestionReadiness {
  keyQuestion: CqcKeyQuestion;
  rating: CqcRating;
  counts: Record<CqcEvidenceKind, number>;
  gaps: CqcGap[];
  readiness: CqcReadiness;
}

/** An inspection with its ratings. */
export interface CqcInspection {
  id: string;
  inspectedOn: string;
  overall: CqcRating;
  ratings: Record<CqcKeyQuestion, CqcRating>;
  reportUrl: string | null;
}

/** One piece of evidence, added by hand or read from a policy adoption or significant event. */
export interface CqcEvidence {
  keyQuestion: CqcKeyQuestion;
  kind: CqcEvidenceKind;
  title: string;
  date: string;
  reviewBy: string | null;
  sourceId: string;
  reference: string | null;
  addedByName: string | null;
  expired: boolean;
}

/** A site's CQC readiness, from `GET /api/governance/cqc/sites/:siteId`. */
export interface CqcSiteDetail {
  today: string;
  site: { id: string; name: string; practiceId: string | null; practiceName: string | null };
  registration: {
    locationId: string | null;
    providerId: string;
    registeredOn: string;
    registeredManager: { staffId: string | null; name: string } | null;
    updatedAt: string;
  } | null;
  latestInspection: CqcInspection | null;
  inspections: CqcInspection[];
  evidence: CqcEvidence[];
  readiness: {
    keyQuestions: CqcKeyQuestionReadiness[];
    siteGaps: CqcGap[];
    readiness: CqcReadiness;
  };
  canManage: boolean;
  managerChoices: { id: string; name: string }[];
}

/** One site's line in the organisation summary. */
export interface CqcSiteLine {
  id: string;
  name: string;
  practiceId: string | null;
  practiceName: string | null;
  inspectedOn: string | null;
  overall: CqcRating;
  ratings: Record<CqcKeyQuestion, CqcRating>;
  readiness: CqcReadiness;
  byKeyQuestion: Record<CqcKeyQuestion, CqcReadiness>;
  gaps: number;
}

/** The organisation's readiness, from `GET /api/governance/cqc`. */
export interface CqcSummary {
  today: string;
  sites: number;
  byRating: Record<CqcRating, number>;
  byReadiness: Record<CqcReadiness, number>;
  worstGaps: {
    code: CqcGapCode;
    keyQuestion: CqcKeyQuestion | null;
    severity: 'major' | 'minor';
    text: string;
    sites: number;
  }[];
  siteList: CqcSiteLine[];
}

const site = (siteId: string) => `/api/governance/cqc/sites/${encodeURIComponent(siteId)}`;

/** The organisation's CQC readiness across the sites the user sees. */
export async function fetchCqcSummary(): Promise<CqcSummary> {
  return (await getJson('/api/governance/cqc')) as CqcSummary;
}

/** One site's registration, ratings, evidence and gaps. */
export async function fetchCqcSite(siteId: string): Promise<CqcSiteDetail> {
  return (await getJson(site(siteId))) as CqcSiteDetail;
}

/** Records the site's registration and registered manager. */
export async function putCqcRegistration(
  siteId: string,
  body: {
    locationId: string | null;
    providerId: string;
    registeredOn: string;
    registeredManagerStaffId?: string | null;
    registeredManagerName?: string | null;
  },
): Promise<CqcSiteDetail> {
  return (await putJson(`${site(siteId)}/registration`, body)) as CqcSiteDetail;
}

/** Records an inspection with its ratings. */
export async function recordCqcInspection(
  siteId: string,
  body: {
    inspectedOn: string;
    overall: CqcRating;
    ratings: Record<CqcKeyQuestion, CqcRating>;
    reportUrl?: string | null;
  },
): Promise<CqcSiteDetail> {
  return (await postJson(`${site(siteId)}/inspections`, body)) as CqcSiteDetail;
}

/** Adds evidence for a key question of the site. */
export async function addCqcEvidence(
  siteId: string,
  body: {
    keyQuestion: CqcKeyQuestion;
    kind: CqcManualEvidenceKind;
    title: string;
    evidencedOn: string;
    reference?: string | null;
    reviewBy?: string | null;
  },
): Promise<CqcSiteDetail> {
  return (await postJson(`${site(siteId)}/evidence`, body)) as CqcSiteDetail;
}
