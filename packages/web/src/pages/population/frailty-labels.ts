import type { FrailtyCategory } from '@atscale/domain';

/** eFI categories in words, with the score range each covers (Clegg et al. 2016). */
export const CATEGORY_LABELS: Readonly<Record<FrailtyCategory, string>> = {
  fit: 'Fit (up to 0.12)',
  mild: 'Mild (up to 0.24)',
  moderate: 'Moderate (up to 0.36)',
  severe: 'Severe (above 0.36)',
};

/** The share of a count in a total as a whole-number percentage, or a dash with no total. */
export function percentOf(count: number, total: number): string {
  return total === 0 ? '–' : `${String(Math.round((count / total) * 100))}%`;
}
