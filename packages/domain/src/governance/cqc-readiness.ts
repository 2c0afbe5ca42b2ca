/**
 * CQC readiness (GOV-2): from a site's registration, its latest inspection and the evidence
 * held for each key question, the gaps in words and how ready each key question, and the site,
 * is for an inspection; and the organisation's summary across its sites. Pure: the database
 * supplies the rows. Dates are ISO calendar dates (YYYY-MM-DD), compared as strings.
 */
import type { IsoDate } from '../org/iso-date.js';
import { addMonthsClamped } from '../population/registers.js';
import { CQC_KEY_QUESTIONS, type CqcKeyQuestion } from './policies.js';

/** The CQC's ratings, best first, and 'not-rated' where it gave none. */
export const CQC_RATINGS = [
  'outstanding',
  'good',
  'requires-improvement',
  'inadequate',
  'not-rated',
] as const;

/** A CQC rating of a service or of one key question. */
export type CqcRating = (typeof CQC_RATINGS)[number];

/** The ratings as the CQC words them. */
export const CQC_RATING_LABELS: Readonly<Record<CqcRating, string>> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
  'not-rated': 'Not rated',
};

/** The key questions as people read them. */
export const CQC_KEY_QUESTION_LABELS: Readonly<Record<CqcKeyQuestion, string>> = {
  safe: 'Safe',
  effective: 'Effective',
  caring: 'Caring',
  responsive: 'Responsive',
  'well-led': 'Well-led',
};

/** Evidence people add by hand for a site and key question. */
export const CQC_MANUAL_EVIDENCE_KINDS = ['document', 'audit', 'other'] as const;

/** Every kind of evidence: what people add, and what other records supply. */
export const CQC_EVIDENCE_KINDS = [
  'document',
  'audit',
  'policy-adoption',
  'significant-event-review',
  'other',
] as const;

/** A kind of evidence. */
export type CqcEvidenceKind = (typeof CQC_EVIDENCE_KINDS)[number];

/** A kind of evidence people add by hand. */
export type CqcManualEvidenceKind = (typeof CQC_MANUAL_EVIDENCE_KINDS)[number];

/** The kinds of evidence as people read them. */
export const CQC_EVIDENCE_KIND_LABELS: Readonly<Record<CqcEvidenceKind, string>> = {
  document: 'Document',
  audit: 'Audit',
  'policy-adoption': 'Policy adopted',
  'significant-event-review': 'Significant event review',
  other: 'Other',
};

/** How ready a key question, or a site, is for an inspection, best first. */
export const CQC_READINESS_LEVELS = ['ready', 'some-gaps', 'not-ready'] as const;

/** A readiness level. */
export type CqcReadiness = (typeof CQC_READINESS_LEVELS)[number];

/** The readiness levels as people read them. */
export const CQC_READINESS_LABELS: Readonly<Record<CqcReadiness, string>> = {
  ready: 'Ready',
  'some-gaps': 'Some gaps',
  'not-ready': 'Not ready',
};

/** One piece of evidence for one key question. */
export interface CqcEvidenceItem {
  readonly keyQuestion: CqcKeyQuestion;
  readonly kind: CqcEvidenceKind;
  readonly title: string;
  /** When it was made, adopted or closed. */
  readonly date: IsoDate;
  /** When it must be reviewed or replaced; null if never. After it, the evidence has expired. */
  readonly reviewBy: IsoDate | null;
}

/** A site's registration with the CQC, as far as readiness needs it. */
export interface CqcRegistrationFacts {
  readonly locationId: string | null;
  readonly providerId: string;
  readonly registeredOn: IsoDate;
  /** The registered manager's name; null when there is none. */
  readonly registeredManager: string | null;
}

/** An inspection's date and ratings. */
export interface CqcInspectionFacts {
  readonly inspectedOn: IsoDate;
  readonly overall: CqcRating;
  readonly ratings: Readonly<Record<CqcKeyQuestion, CqcRating>>;
}

/** What a site's readiness is worked out from. */
export interface CqcSiteFacts {
  readonly today: IsoDate;
  /** Null when the site has no registration recorded. */
  readonly registration: CqcRegistrationFacts | null;
  /** The latest inspection; null when none is recorded. */
  readonly latestInspection: CqcInspectionFacts | null;
  /** Manual evidence, current policy adoptions and significant event reviews. */
  readonly evidence: readonly CqcEvidenceItem[];
}

/** Why a gap matters: a major gap makes a key question (or the site) not ready. */
export type CqcGapSeverity = 'major' | 'minor';

/** What kind of gap it is, for counting the same gap across sites. */
export type CqcGapCode =
  | 'no-registration'
  | 'no-location-id'
  | 'no-registered-manager'
  | 'never-inspected'
  | 'inspection-old'
  | 'rated-inadequate'
  | 'rated-requires-improvement'
  | 'no-evidence'
  | 'no-policy'
  | 'policy-review-overdue'
  | 'no-recent-audit'
  | 'no-recent-significant-event-review'
  | 'evidence-expired';

/** A gap, in words, for a key question or (keyQuestion null) the whole site. */
export interface CqcGap {
  readonly code: CqcGapCode;
  readonly keyQuestion: CqcKeyQuestion | null;
  readonly severity: CqcGapSeverity;
  readonly text: string;
}

/** One key question's evidence, gaps and readiness. */
export interface CqcKeyQuestionReadiness {
  readonly keyQuestion: CqcKeyQuestion;
  /** The latest inspection's rating of it; 'not-rated' when never inspected. */
  readonly rating: CqcRating;
  /** Current (not expired, not future) evidence, by kind. */
  readonly counts: Readonly<Record<CqcEvidenceKind, number>>;
  readonly gaps: CqcGap[];
  readonly readiness: CqcReadiness;
}

/** A site's readiness: each key question's, the site's own gaps, and overall. */
export interface CqcSiteReadiness {
  readonly keyQuestions: CqcKeyQuestionReadiness[];
  /** Gaps of the site as a whole: registration, registered manager, inspection. */
  readonly siteGaps: CqcGap[];
  readonly readiness: CqcReadiness;
}

/** An inspection older than this many years is a gap: the CQC may come at any time. */
export const CQC_INSPECTION_STALE_YEARS = 5;

/** Audits and significant event reviews count as recent for this many months. */
export const CQC_RECENT_MONTHS = 12;

const formatDay = (date: IsoDate) => {
  const [y, m, d] = date.split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
};

const emptyCounts = (): Record<CqcEvidenceKind, number> => ({
  document: 0,
  audit: 0,
  'policy-adoption': 0,
  'significant-event-review': 0,
  other: 0,
});

/** The worse of readiness levels; ready for none. */
export function worstReadiness(levels: readonly CqcReadiness[]): CqcReadiness {
  let worst: CqcReadiness = 'ready';
  for (const level of levels) {
    if (CQC_READINESS_LEVELS.indexOf(level) > CQC_READINESS_LEVELS.indexOf(worst)) worst = level;
  }
  return worst;
}

/** The readiness gaps leave: not ready with any major gap, some gaps with any minor one. */
function readinessOf(gaps: readonly CqcGap[]): CqcReadiness {
  if (gaps.some((g) => g.severity === 'major')) return 'not-ready';
  return gaps.length > 0 ? 'some-gaps' : 'ready';
}

/** A gap a rating leaves: inadequate is major, requires improvement minor, others none. */
function ratingGap(rating: CqcRating, keyQuestion: CqcKeyQuestion | null): CqcGap | null {
  const what = keyQuestion === null ? 'overall' : CQC_KEY_QUESTION_LABELS[keyQuestion];
  if (rating === 'inadequate') {
    return {
      code: 'rated-inadequate',
      keyQuestion,
      severity: 'major',
      text: `Rated Inadequate ${keyQuestion === null ? 'overall' : `for ${what}`} at the last inspection`,
    };
  }
  if (rating === 'requires-improvement') {
    return {
      code: 'rated-requires-improvement',
      keyQuestion,
      severity: 'minor',
      text: `Rated Requires improvement ${keyQuestion === null ? 'overall' : `for ${what}`} at the last inspection`,
    };
  }
  return null;
}

/** One key question's counts, gaps and readiness on `today`. */
function keyQuestionReadiness(
  keyQuestion: CqcKeyQuestion,
  facts: CqcSiteFacts,
): CqcKeyQuestionReadiness {
  const { today } = facts;
  const label = CQC_KEY_QUESTION_LABELS[keyQuestion];
  const recentFrom = addMonthsClamped(today, -CQC_RECENT_MONTHS);
  const own = facts.evidence.filter((e) => e.keyQuestion === keyQuestion && e.date <= today);
  const expired = own.filter((e) => e.reviewBy !== null && e.reviewBy < today);
  const current = own.filter((e) => e.reviewBy === null || e.reviewBy >= today);
  const counts = emptyCounts();
  for (const e of current) counts[e.kind] += 1;

  const gaps: CqcGap[] = [];
  const rating = facts.latestInspection?.ratings[keyQuestion] ?? 'not-rated';
  const rated = ratingGap(rating, keyQuestion);
  if (rated) gaps.push(rated);
  if (current.length === 0) {
    gaps.push({
      code: 'no-evidence',
      keyQuestion,
      severity: 'major',
      text: `No current evidence for ${label}`,
    });
  }
  if (counts['policy-adoption'] === 0) {
    const overdue = expired.some((e) => e.kind === 'policy-adoption');
    gaps.push({
      code: 'no-policy',
      keyQuestion,
      // A policy adopted whose review is overdue still guides staff: that gap is listed below.
      severity: overdue ? 'minor' : 'major',
      text: `No policy adopted supporting ${label}${overdue ? ' that is within its review date' : ''}`,
    });
  }
  if (!current.some((e) => e.kind === 'audit' && e.date >= recentFrom)) {
    gaps.push({
      code: 'no-recent-audit',
      keyQuestion,
      severity: 'minor',
      text: `No audit in the last ${String(CQC_RECENT_MONTHS)} months`,
    });
  }
  // Learning from incidents is what Safe asks about first.
  if (
    keyQuestion === 'safe' &&
    !current.some((e) => e.kind === 'significant-event-review' && e.date >= recentFrom)
  ) {
    gaps.push({
      code: 'no-recent-significant-event-review',
      keyQuestion,
      severity: 'minor',
      text: `No significant event reviewed with its learning in the last ${String(CQC_RECENT_MONTHS)} months`,
    });
  }
  for (const e of expired) {
    const reviewBy = formatDay(e.reviewBy ?? '');
    gaps.push(
      e.kind === 'policy-adoption'
        ? {
            code: 'policy-review-overdue',
            keyQuestion,
            severity: 'minor',
            text: `Policy “${e.title}” review overdue since ${reviewBy}`,
          }
        : {
            code: 'evidence-expired',
            keyQuestion,
            severity: 'minor',
            text: `“${e.title}” expired on ${reviewBy}`,
          },
    );
  }
  return { keyQuestion, rating, counts, gaps, readiness: readinessOf(gaps) };
}

/** The site's own gaps: registration, registered manager, inspection and overall rating. */
function siteGaps(facts: CqcSiteFacts): CqcGap[] {
  const gaps: CqcGap[] = [];
  const { registration, latestInspection, today } = facts;
  if (registration === null) {
    gaps.push({
      code: 'no-registration',
      keyQuestion: null,
      severity: 'major',
      text: 'No CQC registration recorded',
    });
  } else {
    if (registration.locationId === null) {
      gaps.push({
        code: 'no-location-id',
        keyQuestion: null,
        severity: 'minor',
        text: 'No CQC location id recorded',
      });
    }
    if (registration.registeredManager === null) {
      gaps.push({
        code: 'no-registered-manager',
        keyQuestion: null,
        severity: 'major',
        text: 'No registered manager',
      });
    }
  }
  if (latestInspection === null) {
    gaps.push({
      code: 'never-inspected',
      keyQuestion: null,
      severity: 'minor',
      text: 'No inspection recorded',
    });
  } else {
    const staleBefore = addMonthsClamped(today, -12 * CQC_INSPECTION_STALE_YEARS);
    if (latestInspection.inspectedOn < staleBefore) {
      gaps.push({
        code: 'inspection-old',
        keyQuestion: null,
        severity: 'minor',
        text: `Last inspection over ${String(CQC_INSPECTION_STALE_YEARS)} years ago (${formatDay(latestInspection.inspectedOn)})`,
      });
    }
    const rated = ratingGap(latestInspection.overall, null);
    if (rated) gaps.push(rated);
  }
  return gaps;
}

/**
 * A site's readiness for inspection on `facts.today`. A key question is not ready with no
 * current evidence, no policy adopted for it or an Inadequate rating; it has some gaps with no
 * audit (or, for Safe, no significant event review) in the last 12 months, expired evidence, a
 * policy review overdue or a Requires improvement rating. Evidence dated after today is not yet
 * evidence; evidence whose review date has passed is a gap, not evidence. The site is as ready
 * as its worst key question and its own gaps (no registration or registered manager: not ready).
 */
export function siteReadiness(facts: CqcSiteFacts): CqcSiteReadiness {
  const keyQuestions = CQC_KEY_QUESTIONS.map((q) => keyQuestionReadiness(q, facts));
  const own = siteGaps(facts);
  return {
    keyQuestions,
    siteGaps: own,
    readiness: worstReadiness([readinessOf(own), ...keyQuestions.map((k) => k.readiness)]),
  };
}

/** A site as the organisation summary needs it. */
export interface CqcSummarySite {
  readonly overall: CqcRating;
  readonly readiness: CqcSiteReadiness;
}

/** The same gap at several sites. */
export interface CqcGapCount {
  readonly code: CqcGapCode;
  readonly keyQuestion: CqcKeyQuestion | null;
  readonly severity: CqcGapSeverity;
  /** The gap in words without one site's particulars. */
  readonly text: string;
  readonly sites: number;
}

/** The organisation's readiness across its sites. */
export interface CqcOrganisationSummary {
  readonly sites: number;
  /** Sites by their latest overall rating ('not-rated' for never inspected). */
  readonly byRating: Readonly<Record<CqcRating, number>>;
  readonly byReadiness: Readonly<Record<CqcReadiness, number>>;
  /** The commonest gaps, major first, then by how many sites have them. */
  readonly worstGaps: CqcGapCount[];
}

const GAP_WORDS: Readonly<Record<CqcGapCode, string>> = {
  'no-registration': 'No CQC registration recorded',
  'no-location-id': 'No CQC location id recorded',
  'no-registered-manager': 'No registered manager',
  'never-inspected': 'No inspection recorded',
  'inspection-old': `Last inspection over ${String(CQC_INSPECTION_STALE_YEARS)} years ago`,
  'rated-inadequate': 'Rated Inadequate',
  'rated-requires-improvement': 'Rated Requires improvement',
  'no-evidence': 'No current evidence',
  'no-policy': 'No policy adopted within its review date',
  'policy-review-overdue': 'Policy review overdue',
  'no-recent-audit': `No audit in the last ${String(CQC_RECENT_MONTHS)} months`,
  'no-recent-significant-event-review': `No significant event review in the last ${String(CQC_RECENT_MONTHS)} months`,
  'evidence-expired': 'Evidence expired',
};

/**
 * The organisation's summary: sites by overall rating and by readiness, and the `limit`
 * commonest gaps (a gap counts once per site, however many items it names), major first.
 */
export function organisationReadiness(
  sites: readonly CqcSummarySite[],
  limit = 10,
): CqcOrganisationSummary {
  const byRating: Record<CqcRating, number> = {
    outstanding: 0,
    good: 0,
    'requires-improvement': 0,
    inadequate: 0,
    'not-rated': 0,
  };
  const byReadiness: Record<CqcReadiness, number> = { ready: 0, 'some-gaps': 0, 'not-ready': 0 };
  const counts = new Map<string, CqcGapCount>();
  for (const site of sites) {
    byRating[site.overall] += 1;
    byReadiness[site.readiness.readiness] += 1;
    const gaps = [
      ...site.readiness.siteGaps,
      ...site.readiness.keyQuestions.flatMap((k) => k.gaps),
    ];
    const seen = new Set<string>();
    for (const gap of gaps) {
      const key = `${gap.code} ${gap.keyQuestion ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const before = counts.get(key);
      const words = GAP_WORDS[gap.code];
      counts.set(key, {
        code: gap.code,
        keyQuestion: gap.keyQuestion,
        // The same code can be major at one site and minor at another: the worse one shows.
        severity: before?.severity === 'major' ? 'major' : gap.severity,
        text:
          gap.keyQuestion === null
            ? words
            : `${CQC_KEY_QUESTION_LABELS[gap.keyQuestion]}: ${words}`,
        sites: (before?.sites ?? 0) + 1,
      });
    }
  }
  const worstGaps = [...counts.values()]
    .sort(
      (a, b) =>
        (a.severity === 'major' ? 0 : 1) - (b.severity === 'major' ? 0 : 1) ||
        b.sites - a.sites ||
        a.text.localeCompare(b.text),
    )
    .slice(0, limit);
  return { sites: sites.length, byRating, byReadiness, worstGaps };
}
