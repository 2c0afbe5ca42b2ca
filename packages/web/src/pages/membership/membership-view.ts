import { MEMBERSHIP_STAGES, type MembershipStage, type RagRating } from '@atscale/domain';
import type { MembershipCard } from '../../api/membership';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { refusalItems } from '../../forms/error-items';

/** Stages that end a membership's journey: listed below the board, not as columns. */
export const FINAL_STAGES: readonly MembershipStage[] = ['left', 'declined', 'withdrawn'];

/** The board's columns, in lifecycle order. */
export const BOARD_STAGES: readonly MembershipStage[] = MEMBERSHIP_STAGES.filter(
  (stage) => !FINAL_STAGES.includes(stage),
);

/** The board's first row: the stages a practice goes through to join. */
export const JOINING_STAGES: readonly MembershipStage[] = [
  'enquiry',
  'due-diligence',
  'decision',
  'signed',
  'onboarding',
];

/** The board's second row: members, and members on their way out. */
export const MEMBER_BOARD_STAGES: readonly MembershipStage[] = ['member', 'leaving'];

/** Stages at which the due-diligence checklist is still being worked on, so its counts matter. */
export const CHECKLIST_STAGES: readonly MembershipStage[] = [
  'enquiry',
  'due-diligence',
  'decision',
];

/** Moves that record a joining decision: they need who decided and why. */
export const DECISION_STAGES: readonly MembershipStage[] = ['signed', 'declined'];

/** The practices at each stage, by name; every stage is present, empty or not. */
export function groupByStage(
  cards: readonly MembershipCard[],
): ReadonlyMap<MembershipStage, MembershipCard[]> {
  const groups = new Map<MembershipStage, MembershipCard[]>(
    MEMBERSHIP_STAGES.map((stage) => [stage, []]),
  );
  for (const card of cards) groups.get(card.stage)?.push(card);
  for (const group of groups.values()) group.sort((a, b) => a.name.localeCompare(b.name));
  return groups;
}

/** The NHS tag colour for a rating; amber is the design system's orange. */
export const RAG_TAG_CLASSES: Readonly<Record<RagRating, string>> = {
  red: 'nhsuk-tag nhsuk-tag--red',
  amber: 'nhsuk-tag nhsuk-tag--orange',
  green: 'nhsuk-tag nhsuk-tag--green',
};

/** Due-diligence counts in words, e.g. "2 green, 1 amber, 0 red, 4 not rated". */
export function ragCountsText(counts: {
  red: number;
  amber: number;
  green: number;
  unrated: number;
}): string {
  return `${String(counts.green)} green, ${String(counts.amber)} amber, ${String(counts.red)} red, ${String(counts.unrated)} not rated`;
}

/**
 * The id of the form field a server problem names (a JSON pointer such as `body/odsCode`), as
 * an error summary link; `fields` maps the last part of the pointer to an element id, and
 * `fallback` is used for a problem that names no field (a conflict, say).
 */
export function fieldHref(
  field: string,
  fields: Readonly<Record<string, string>>,
  fallback: string,
): string {
  const parts = field.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const id = fields[parts.slice(i).join('/')];
    if (id) return `#${id}`;
  }
  return `#${fallback}`;
}

/**
 * How the membership forms show a failed request: one error summary item per field the server
 * named, linked as {@link fieldHref} says, or its detail (or `failed`, when no answer came)
 * linked to `fallback`.
 */
export const refusedItems =
  (
    fields: Readonly<Record<string, string>>,
    fallback: string,
    failed = 'The change could not be saved: try again',
  ) =>
  (error: unknown): ErrorSummaryItem[] =>
    refusalItems(error, {
      hrefFor: (field) => fieldHref(field, fields, fallback),
      fallbackHref: `#${fallback}`,
      failed,
    });
