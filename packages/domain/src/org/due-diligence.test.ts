import { describe, expect, it } from 'vitest';
import {
  DUE_DILIGENCE_ITEMS,
  dueDiligenceSummary,
  type DueDiligenceItem,
  type RagRating,
} from './due-diligence.js';

const rated = (rating: RagRating): DueDiligenceItem[] =>
  DUE_DILIGENCE_ITEMS.map((item) => ({ item, rating, evidence: `${item} reviewed` }));

describe('due diligence summary', () => {
  it('counts by rating and is complete when every item is rated with evidence', () => {
    const items = rated('green').map((entry, index) =>
      index === 0 ? { ...entry, rating: 'red' as const } : entry,
    );
    const summary = dueDiligenceSummary(items);
    expect(summary.counts).toEqual({ red: 1, amber: 0, green: 6, unrated: 0 });
    expect(summary.complete).toBe(true);
  });

  it('counts a missing item and a null rating as unrated, and is then incomplete', () => {
    const items = rated('amber')
      .filter((entry) => entry.item !== 'premises-liability')
      .map((entry) => (entry.item === 'ethos-interview' ? { ...entry, rating: null } : entry));
    const summary = dueDiligenceSummary(items);
    expect(summary.unrated).toEqual(['premises-liability', 'ethos-interview']);
    expect(summary.counts).toEqual({ red: 0, amber: 5, green: 0, unrated: 2 });
    expect(summary.complete).toBe(false);
  });

  it('is incomplete while a rated item has no evidence', () => {
    const items = rated('green').map((entry) =>
      entry.item === 'finances' ? { ...entry, evidence: '  ' } : entry,
    );
    const summary = dueDiligenceSummary(items);
    expect(summary.withoutEvidence).toEqual(['finances']);
    expect(summary.complete).toBe(false);
  });

  it('refuses an item listed twice', () => {
    expect(() =>
      dueDiligenceSummary([
        ...rated('green'),
        { item: 'finances', rating: 'red', evidence: 'again' },
      ]),
    ).toThrow(/twice/);
  });
});
