import type {
  DueDiligenceItemKind,
  MembershipStage,
  RagRating,
  SigningDocument,
} from '@atscale/domain';
import { getJson, postJson, putJson } from './client';

/** Someone who rated an item or moved a practice on. */
export interface MembershipActor {
  id: string;
  displayName: string;
}

/** One practice on the pipeline board, from `GET /api/membership`. */
export interface MembershipCard {
  practiceId: string;
  odsCode: string;
  name: string;
  stage: MembershipStage;
  stageSince: string;
  listSize: number | null;
  listSizeDate: string | null;
  dueDiligence: { red: number; amber: number; green: number; unrated: number; complete: boolean };
}

/** What `GET /api/membership` answers: the form in force today and every practice. */
export interface MembershipPipeline {
  form: string;
  practices: MembershipCard[];
}

/** One due-diligence item as rated so far; `rating` is null until someone rates it. */
export interface ChecklistItem {
  item: DueDiligenceItemKind;
  rating: RagRating | null;
  evidence: string;
  assessedBy: MembershipActor | null;
  assessedAt: string | null;
}

/** Who took a joining decision and why. */
export interface MembershipDecision {
  decidedBy: string;
  reason: string;
}

/** One recorded move between stages. */
export interface MembershipHistoryEntry {
  id: number;
  from: MembershipStage | null;
  to: MembershipStage;
  on: string;
  decision: MembershipDecision | null;
  signingDocument: SigningDocument | null;
  listStaysWithOrganisation: boolean | null;
  note: string | null;
  changedBy: MembershipActor | null;
  recordedAt: string;
}

/** What `GET /api/membership/:practiceId` answers. */
export interface MembershipDetail {
  practice: { id: string; odsCode: string; name: string };
  stage: MembershipStage;
  stageSince: string;
  nextStages: MembershipStage[];
  form: string;
  signingDocument: SigningDocument | null;
  decision: MembershipDecision | null;
  listStaysWithOrganisation: boolean | null;
  checklistOpen: boolean;
  checklist: ChecklistItem[];
  dueDiligence: {
    counts: { red: number; amber: number; green: number; unrated: number };
    unrated: DueDiligenceItemKind[];
    withoutEvidence: DueDiligenceItemKind[];
    complete: boolean;
  };
  history: MembershipHistoryEntry[];
}

/** A move to another stage, as the stage-change form sends it. */
export interface StageMove {
  to: MembershipStage;
  /** ISO date; the server takes today when it is left out. */
  on?: string;
  decision?: MembershipDecision;
  note?: string;
}

/** Fetches the membership pipeline board. */
export async function fetchMembershipPipeline(): Promise<MembershipPipeline> {
  return (await getJson('/api/membership')) as MembershipPipeline;
}

/** Fetches one practice's membership; rejects with an ApiError of status 404 when it is not ours. */
export async function fetchMembership(practiceId: string): Promise<MembershipDetail> {
  return (await getJson(`/api/membership/${encodeURIComponent(practiceId)}`)) as MembershipDetail;
}

/** Records a practice's enquiry about joining; resolves to its new membership. */
export async function recordEnquiry(enquiry: {
  odsCode: string;
  name: string;
}): Promise<MembershipDetail> {
  return (await postJson('/api/membership/enquiries', enquiry)) as MembershipDetail;
}

/** Saves the rating and evidence of one due-diligence item; resolves to the item as stored. */
export async function rateDueDiligenceItem(
  practiceId: string,
  item: DueDiligenceItemKind,
  rating: { rating: RagRating | null; evidence: string },
): Promise<ChecklistItem> {
  return (await putJson(
    `/api/membership/${encodeURIComponent(practiceId)}/due-diligence/${encodeURIComponent(item)}`,
    rating,
  )) as ChecklistItem;
}

/** Moves a practice to another membership stage; resolves to the recorded change. */
export async function moveMembership(
  practiceId: string,
  move: StageMove,
): Promise<MembershipHistoryEntry> {
  return (await postJson(
    `/api/membership/${encodeURIComponent(practiceId)}/stage-changes`,
    move,
  )) as MembershipHistoryEntry;
}
