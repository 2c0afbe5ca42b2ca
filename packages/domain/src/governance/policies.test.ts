import { describe, expect, it } from 'vitest';
import {
  acknowledgementGaps,
  isReviewOverdue,
  practicesNotOnCurrentVersion,
  versionInForce,
  type PolicyVersionDates,
} from './policies.js';

const version = (
  number: number,
  effectiveFrom: string,
  reviewBy: string,
  approved = true,
): PolicyVersionDates => ({
  id: `v${String(number)}`,
  number,
  approvedAt: approved ? '2020-01-01T00:00:00Z' : null,
  effectiveFrom,
  reviewBy,
});

const history = [
  version(1, '2023-01-01', '2024-01-01'),
  version(2, '2024-03-15', '2025-03-15'),
  version(3, '2025-06-01', '2026-06-01', false),
];

describe('versionInForce (GOV-1)', () => {
  it('is nothing before the first version takes effect', () => {
    expect(versionInForce(history, '2022-12-31')).toBeUndefined();
  });

  it('takes effect on its effective date, not the day after', () => {
    expect(versionInForce(history, '2023-01-01')?.id).toBe('v1');
    expect(versionInForce(history, '2024-03-14')?.id).toBe('v1');
    expect(versionInForce(history, '2024-03-15')?.id).toBe('v2');
  });

  it('never puts a draft in force, even after its effective date', () => {
    expect(versionInForce(history, '2030-01-01')?.id).toBe('v2');
  });

  it('prefers the later-numbered of two versions effective the same day', () => {
    const same = [version(1, '2024-01-01', '2025-01-01'), version(2, '2024-01-01', '2025-01-01')];
    expect(versionInForce(same, '2024-06-01')?.id).toBe('v2');
    expect(versionInForce([...same].reverse(), '2024-06-01')?.id).toBe('v2');
  });

  it('keeps an approved version due in the future out until its day', () => {
    const future = [...history, version(4, '2027-01-01', '2028-01-01')];
    expect(versionInForce(future, '2026-12-31')?.id).toBe('v2');
    expect(versionInForce(future, '2027-01-01')?.id).toBe('v4');
  });
});

describe('isReviewOverdue (GOV-1)', () => {
  it('is overdue the day after the review date with no newer approved version', () => {
    const one = [version(1, '2023-01-01', '2024-01-01')];
    expect(isReviewOverdue(one, '2024-01-01')).toBe(false);
    expect(isReviewOverdue(one, '2024-01-02')).toBe(true);
  });

  it('is not answered by a draft, but is by an approved version due later', () => {
    expect(isReviewOverdue(history, '2025-04-01')).toBe(true);
    const answered = [...history.slice(0, 2), version(3, '2025-06-01', '2026-06-01')];
    expect(isReviewOverdue(answered, '2025-04-01')).toBe(false);
  });

  it('is not overdue for a policy with nothing in force', () => {
    expect(isReviewOverdue([version(1, '2023-01-01', '2024-01-01', false)], '2030-01-01')).toBe(
      false,
    );
  });
});

describe('practicesNotOnCurrentVersion (GOV-1)', () => {
  it('lists practices with no adoption and those on an older version', () => {
    const gaps = practicesNotOnCurrentVersion(
      ['p1', 'p2', 'p3'],
      [
        { practiceId: 'p1', versionId: 'v2' },
        { practiceId: 'p2', versionId: 'v1' },
      ],
      'v2',
    );
    expect(gaps).toEqual([
      { practiceId: 'p2', adoptedVersionId: 'v1' },
      { practiceId: 'p3', adoptedVersionId: null },
    ]);
  });

  it('lists nothing when no version is in force', () => {
    expect(practicesNotOnCurrentVersion(['p1'], [], undefined)).toEqual([]);
  });
});

describe('acknowledgementGaps (GOV-1)', () => {
  it('counts only acknowledgements of the version the practice adopted', () => {
    const gaps = acknowledgementGaps(
      [
        { practiceId: 'p1', versionId: 'v2' },
        { practiceId: 'p2', versionId: 'v1' },
      ],
      [
        { userId: 'a', practiceId: 'p1' },
        { userId: 'b', practiceId: 'p1' },
        { userId: 'b', practiceId: 'p1' }, // two grants at one practice: one person
        { userId: 'c', practiceId: 'p2' },
        { userId: 'd', practiceId: 'p3' },
      ],
      [
        { userId: 'a', versionId: 'v2' },
        { userId: 'b', versionId: 'v1' }, // acknowledged the old version only
        { userId: 'c', versionId: 'v1' },
      ],
    );
    expect(gaps).toEqual([
      { practiceId: 'p1', versionId: 'v2', acknowledged: 1, staff: 2, missing: ['b'] },
      { practiceId: 'p2', versionId: 'v1', acknowledged: 1, staff: 1, missing: [] },
    ]);
  });

  it('counts a practice with no staff as nothing missing', () => {
    expect(acknowledgementGaps([{ practiceId: 'p9', versionId: 'v1' }], [], [])).toEqual([
      { practiceId: 'p9', versionId: 'v1', acknowledged: 0, staff: 0, missing: [] },
    ]);
  });
});
