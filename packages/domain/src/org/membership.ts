import { AtscaleError } from '../errors.js';
import { dueDiligenceSummary, type DueDiligenceItem } from './due-diligence.js';
import { policyFor, type SigningDocument } from './form-policy.js';
import { assertIsoDate, type IsoDate } from './iso-date.js';
import type { OrganisationForm } from './organisation-forms.js';

/** The stages of a practice's membership, from first enquiry to having left (ORG-2). */
export const MEMBERSHIP_STAGES = [
  'enquiry',
  'due-diligence',
  'decision',
  'signed',
  'onboarding',
  'member',
  'leaving',
  'left',
  'declined',
  'withdrawn',
] as const;

/** One membership stage. */
export type MembershipStage = (typeof MEMBERSHIP_STAGES)[number];

/**
 * The stages in which a practice counts as one of the organisation's members: in its totals,
 * practice list and reports. Before signing it is a prospect; once left it is history.
 */
export const MEMBER_STAGES: readonly MembershipStage[] = ['onboarding', 'member', 'leaving'];

/** True when a practice at this stage counts as a member. */
export function isMemberStage(stage: MembershipStage): boolean {
  return MEMBER_STAGES.includes(stage);
}

/** Human-readable names of the stages, as messages and the pipeline board show them. */
export const MEMBERSHIP_STAGE_LABELS: Readonly<Record<MembershipStage, string>> = {
  enquiry: 'Enquiry',
  'due-diligence': 'Due diligence',
  decision: 'Decision',
  signed: 'Signed',
  onboarding: 'Onboarding',
  member: 'Member',
  leaving: 'Leaving',
  left: 'Left',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

// A practice may walk away at any point before it signs; after signing it must go through
// leaving, because by then it has taken on obligations to the other members.
const NEXT: Readonly<Record<MembershipStage, readonly MembershipStage[]>> = {
  enquiry: ['due-diligence', 'withdrawn'],
  'due-diligence': ['decision', 'withdrawn'],
  decision: ['signed', 'declined', 'withdrawn'],
  signed: ['onboarding'],
  onboarding: ['member'],
  member: ['leaving'],
  leaving: ['left'],
  left: [],
  declined: [],
  withdrawn: [],
};

/** The stages a membership may move to next; empty for a final stage. */
export function nextStages(stage: MembershipStage): readonly MembershipStage[] {
  return NEXT[stage];
}

/** Who took the joining decision and why. */
export interface MembershipDecision {
  readonly decidedBy: string;
  readonly reason: string;
}

/** What a stage change needs to know beyond the two stages. */
export interface TransitionContext {
  /** The organisation's form in force on the date: it decides the signing document and the list. */
  readonly form: OrganisationForm;
  /** The date of the move. */
  readonly on: IsoDate;
  /** Required to move on to `decision`: the checklist, which must be complete. */
  readonly dueDiligence?: readonly DueDiligenceItem[];
  /** Required to leave `decision` for `signed` or `declined`. */
  readonly decision?: MembershipDecision;
}

/** A checked stage change, ready to be stored and audited. */
export interface StageChange {
  readonly from: MembershipStage;
  readonly to: MembershipStage;
  readonly on: IsoDate;
  /** Set on a decision (to `signed` or `declined`). */
  readonly decision?: MembershipDecision;
  /** Set on `signed`: the deed or MOU the form calls for. */
  readonly document?: SigningDocument;
  /** Set on `left`: whether the practice's list stays with the organisation. */
  readonly listStaysWithOrganisation?: boolean;
}

/** Where a leaving member's list goes under a form, read from the form's policy. */
export function listOnLeaving(form: OrganisationForm): { listStaysWithOrganisation: boolean } {
  return { listStaysWithOrganisation: policyFor(form).listOnLeaving === 'stays-with-organisation' };
}

function label(stage: MembershipStage): string {
  return MEMBERSHIP_STAGE_LABELS[stage].toLowerCase();
}

function refuseIllegalMove(current: MembershipStage, to: MembershipStage): void {
  const allowed = NEXT[current];
  if (allowed.includes(to)) return;
  const options =
    allowed.length === 0
      ? `${label(current)} is a final stage`
      : `from ${label(current)} it can only move to ${allowed.map(label).join(' or ')}`;
  throw new AtscaleError(
    'conflict',
    `A membership cannot move from ${label(current)} to ${label(to)}: ${options}`,
  );
}

function requireCompleteDueDiligence(items: readonly DueDiligenceItem[] | undefined): void {
  const summary = dueDiligenceSummary(items ?? []);
  if (summary.complete) return;
  const gaps = [
    summary.unrated.length > 0 ? `not yet rated: ${summary.unrated.join(', ')}` : '',
    summary.withoutEvidence.length > 0 ? `no evidence: ${summary.withoutEvidence.join(', ')}` : '',
  ].filter((gap) => gap !== '');
  throw new AtscaleError(
    'conflict',
    `The decision cannot be taken until due diligence is complete (${gaps.join('; ')})`,
  );
}

function requireDecision(decision: MembershipDecision | undefined): MembershipDecision {
  const decidedBy = decision?.decidedBy.trim() ?? '';
  const reason = decision?.reason.trim() ?? '';
  const problems = [
    ...(decidedBy === '' ? [{ field: '/decision/decidedBy', message: 'Say who decided' }] : []),
    ...(reason === '' ? [{ field: '/decision/reason', message: 'Say why' }] : []),
  ];
  if (problems.length > 0) {
    throw new AtscaleError(
      'validation-failed',
      'A joining decision records who decided and why',
      problems,
    );
  }
  return { decidedBy, reason };
}

/**
 * Checks a move between membership stages and returns the change to record. Refuses a move the
 * lifecycle does not allow, or a decision while due diligence is incomplete, with conflict; a
 * decision without who and why with validation-failed. Signing records the document the form
 * calls for, and leaving records where the list goes.
 */
export function transition(
  current: MembershipStage,
  to: MembershipStage,
  context: TransitionContext,
): StageChange {
  assertIsoDate(context.on, '/on');
  refuseIllegalMove(current, to);
  const change = { from: current, to, on: context.on };
  switch (to) {
    case 'decision':
      requireCompleteDueDiligence(context.dueDiligence);
      return change;
    case 'signed':
      return {
        ...change,
        decision: requireDecision(context.decision),
        document: policyFor(context.form).signingDocument,
      };
    case 'declined':
      return { ...change, decision: requireDecision(context.decision) };
    case 'left':
      return { ...change, ...listOnLeaving(context.form) };
    case 'enquiry':
    case 'due-diligence':
    case 'onboarding':
    case 'member':
    case 'leaving':
    case 'withdrawn':
      return change;
  }
}
