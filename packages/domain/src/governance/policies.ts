/**
 * The central policy library (GOV-1): which version of a policy was in force on a date, which
 * reviews are overdue, which practices have not adopted the current version and which staff
 * have not acknowledged what their practice adopted. Pure: the database supplies the rows.
 * Dates are ISO calendar dates (YYYY-MM-DD), which compare correctly as strings.
 */

/** The five questions the CQC asks of every service. */
export const CQC_KEY_QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'well-led'] as const;

/** One of the CQC's five key questions. */
export type CqcKeyQuestion = (typeof CQC_KEY_QUESTIONS)[number];

/** A version of a policy as far as the rules need it. */
export interface PolicyVersionDates {
  readonly id: string;
  readonly number: number;
  /** Null while the version is a draft. */
  readonly approvedAt: string | null;
  readonly effectiveFrom: string;
  readonly reviewBy: string;
}

/**
 * The version in force on `date`: the approved version with the latest effective date on or
 * before it (a later-numbered version wins a tie, since it was approved to replace the other).
 * Drafts are never in force. Undefined before the first approved version takes effect.
 */
export function versionInForce<V extends PolicyVersionDates>(
  versions: readonly V[],
  date: string,
): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.approvedAt === null || v.effectiveFrom > date) continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.number > best.number)
    ) {
      best = v;
    }
  }
  return best;
}

/**
 * Whether a policy's review is overdue on `today`: the version in force has a review date
 * before today and no newer approved version has been made (one approved later, even if it
 * takes effect in the future, answers the review).
 */
export function isReviewOverdue(versions: readonly PolicyVersionDates[], today: string): boolean {
  const current = versionInForce(versions, today);
  if (!current) return false;
  if (current.reviewBy >= today) return false;
  return !versions.some((v) => v.approvedAt !== null && v.number > current.number);
}

/** A practice's adoption of a version of one policy. */
export interface PolicyAdoptionRow {
  readonly practiceId: string;
  readonly versionId: string;
}

/**
 * The practices that have not adopted the version in force: those with no adoption, or whose
 * latest adoption is of an older version. `adoptions` holds each practice's current adoption.
 */
export function practicesNotOnCurrentVersion(
  practiceIds: readonly string[],
  adoptions: readonly PolicyAdoptionRow[],
  currentVersionId: string | undefined,
): { practiceId: string; adoptedVersionId: string | null }[] {
  if (currentVersionId === undefined) return [];
  const adopted = new Map(adoptions.map((a) => [a.practiceId, a.versionId]));
  return practiceIds
    .filter((id) => adopted.get(id) !== currentVersionId)
    .map((practiceId) => ({ practiceId, adoptedVersionId: adopted.get(practiceId) ?? null }));
}

/** A staff user who should acknowledge their practice's adopted version. */
export interface PolicyStaffRow {
  readonly userId: string;
  readonly practiceId: string;
}

/** A user's acknowledgement of one version. */
export interface PolicyAcknowledgementRow {
  readonly userId: string;
  readonly versionId: string;
}

/** Acknowledgements at one practice: how many of its staff have, and who has not. */
export interface AcknowledgementGap {
  readonly practiceId: string;
  readonly versionId: string;
  readonly acknowledged: number;
  readonly staff: number;
  readonly missing: readonly string[];
}

/**
 * Per practice that has adopted a version, the staff who have not acknowledged that version.
 * An acknowledgement of another version (an older one, say) does not count: staff acknowledge
 * what their practice adopted. Practices that have adopted nothing have no gap here; they are
 * listed by {@link practicesNotOnCurrentVersion}.
 */
export function acknowledgementGaps(
  adoptions: readonly PolicyAdoptionRow[],
  staff: readonly PolicyStaffRow[],
  acknowledgements: readonly PolicyAcknowledgementRow[],
): AcknowledgementGap[] {
  const acked = new Set(acknowledgements.map((a) => `${a.userId} ${a.versionId}`));
  return adoptions.map(({ practiceId, versionId }) => {
    const people = [
      ...new Set(staff.filter((s) => s.practiceId === practiceId).map((s) => s.userId)),
    ];
    const missing = people.filter((userId) => !acked.has(`${userId} ${versionId}`));
    return {
      practiceId,
      versionId,
      acknowledged: people.length - missing.length,
      staff: people.length,
      missing,
    };
  });
}
