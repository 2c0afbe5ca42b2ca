import { AtscaleError } from '../errors.js';

/** The due-diligence checklist a joining practice goes through (ORG-2, source 002). */
export const DUE_DILIGENCE_ITEMS = [
  'finances',
  'cqc-rating',
  'quality-indicators',
  'list-growth',
  'premises-liability',
  'workforce',
  'ethos-interview',
] as const;

/** One item of the due-diligence checklist. */
export type DueDiligenceItemKind = (typeof DUE_DILIGENCE_ITEMS)[number];

/** What each checklist item asks for, as the UI shows it. */
export const DUE_DILIGENCE_ITEM_LABELS: Readonly<Record<DueDiligenceItemKind, string>> = {
  finances: 'Finances: 3 years of profit',
  'cqc-rating': 'CQC rating',
  'quality-indicators': 'Quality indicators',
  'list-growth': 'List growth',
  'premises-liability': 'Premises liability',
  workforce: 'Workforce age profile and retirements',
  'ethos-interview': 'Ethos interview',
};

/** A red/amber/green rating. */
export type RagRating = 'red' | 'amber' | 'green';

/** One checklist item as assessed so far; rating null until someone rates it. */
export interface DueDiligenceItem {
  readonly item: DueDiligenceItemKind;
  readonly rating: RagRating | null;
  readonly evidence: string;
}

/** Where a practice's due diligence stands. */
export interface DueDiligenceSummary {
  readonly counts: Readonly<Record<RagRating | 'unrated', number>>;
  /** Items not rated yet, including checklist items with no entry at all, in checklist order. */
  readonly unrated: readonly DueDiligenceItemKind[];
  /** Rated items whose evidence is blank: a rating nobody can check is not finished. */
  readonly withoutEvidence: readonly DueDiligenceItemKind[];
  /** Every checklist item rated with evidence: only then can the decision be taken. */
  readonly complete: boolean;
}

/**
 * Counts a checklist by rating and says whether it is complete. A missing item counts as
 * unrated; an item listed twice is refused (validation-failed) since either entry could be right.
 * Red items do not make it incomplete: the deciders weigh them.
 */
export function dueDiligenceSummary(items: readonly DueDiligenceItem[]): DueDiligenceSummary {
  const byKind = new Map<DueDiligenceItemKind, DueDiligenceItem>();
  items.forEach((entry, index) => {
    if (byKind.has(entry.item)) {
      const message = `The due-diligence item ${entry.item} is listed twice`;
      throw new AtscaleError('validation-failed', message, [{ field: `/${index}/item`, message }]);
    }
    byKind.set(entry.item, entry);
  });
  const counts = { red: 0, amber: 0, green: 0, unrated: 0 };
  const unrated: DueDiligenceItemKind[] = [];
  const withoutEvidence: DueDiligenceItemKind[] = [];
  for (const kind of DUE_DILIGENCE_ITEMS) {
    const entry = byKind.get(kind);
    if (!entry?.rating) {
      counts.unrated += 1;
      unrated.push(kind);
      continue;
    }
    counts[entry.rating] += 1;
    if (entry.evidence.trim() === '') withoutEvidence.push(kind);
  }
  return {
    counts,
    unrated,
    withoutEvidence,
    complete: unrated.length === 0 && withoutEvidence.length === 0,
  };
}
