import { describe, expect, it } from 'vitest';
import {
  CQC_KEY_QUESTIONS,
  organisationReadiness,
  siteReadiness,
  type CqcEvidenceItem,
  type CqcSiteFacts,
} from '../index.js';
import type { CqcKeyQuestion } from './policies.js';

const today = '2026-06-15';
const good = {
  safe: 'good',
  effective: 'good',
  caring: 'good',
  responsive: 'good',
  'well-led': 'good',
} as const;

/** Evidence that leaves every key question ready on `today`. */
const fullEvidence = (): CqcEvidenceItem[] =>
  CQC_KEY_QUESTIONS.flatMap((keyQuestion) => [
    {
      keyQuestion,
      kind: 'policy-adoption',
      title: `Policy ${keyQuestion}`,
      date: '2025-01-01',
      reviewBy: '2027-01-01',
    },
    {
      keyQuestion,
      kind: 'audit',
      title: `Audit ${keyQuestion}`,
      date: '2026-01-10',
      reviewBy: null,
    },
    ...(keyQuestion === 'safe'
      ? [
          {
            keyQuestion,
            kind: 'significant-event-review' as const,
            title: 'Fridge failure',
            date: '2026-03-01',
            reviewBy: null,
          },
        ]
      : []),
  ]);

const facts = (over: Partial<CqcSiteFacts> = {}): CqcSiteFacts => ({
  today,
  registration: {
    locationId: '1-123456789',
    providerId: '1-987654321',
    registeredOn: '2013-04-01',
    registeredManager: 'Jane Smith',
  },
  latestInspection: { inspectedOn: '2023-05-01', overall: 'good', ratings: good },
  evidence: fullEvidence(),
  ...over,
});

const question = (f: CqcSiteFacts, q: CqcKeyQuestion) => {
  const found = siteReadiness(f).keyQuestions.find((k) => k.keyQuestion === q);
  if (!found) throw new Error(q);
  return found;
};
const codes = (f: CqcSiteFacts, q: CqcKeyQuestion) => question(f, q).gaps.map((g) => g.code);

describe('siteReadiness', () => {
  it('is ready with a registration, a manager, a recent inspection and evidence for every question', () => {
    const r = siteReadiness(facts());
    expect(r.readiness).toBe('ready');
    expect(r.siteGaps).toEqual([]);
    expect(r.keyQuestions.map((k) => k.readiness)).toEqual(Array(5).fill('ready'));
    expect(question(facts(), 'safe').counts).toMatchObject({
      'policy-adoption': 1,
      audit: 1,
      'significant-event-review': 1,
      document: 0,
    });
  });

  it('is not ready without a registered manager, or without a registration', () => {
    const noManager = facts({
      registration: {
        locationId: '1-123456789',
        providerId: '1-9',
        registeredOn: '2013-04-01',
        registeredManager: null,
      },
    });
    expect(siteReadiness(noManager).readiness).toBe('not-ready');
    expect(siteReadiness(noManager).siteGaps.map((g) => g.text)).toEqual(['No registered manager']);
    const none = siteReadiness(facts({ registration: null }));
    expect(none.readiness).toBe('not-ready');
    expect(none.siteGaps.map((g) => g.code)).toEqual(['no-registration']);
  });

  it('counts an inspection exactly five years old as recent and one a day older as a gap', () => {
    const edge = facts({
      latestInspection: { inspectedOn: '2021-06-15', overall: 'good', ratings: good },
    });
    expect(siteReadiness(edge).siteGaps).toEqual([]);
    const older = facts({
      latestInspection: { inspectedOn: '2021-06-14', overall: 'good', ratings: good },
    });
    const r = siteReadiness(older);
    expect(r.siteGaps.map((g) => g.text)).toEqual([
      'Last inspection over 5 years ago (14/06/2021)',
    ]);
    expect(r.readiness).toBe('some-gaps');
    expect(siteReadiness(facts({ latestInspection: null })).siteGaps.map((g) => g.code)).toEqual([
      'never-inspected',
    ]);
  });

  it('takes each key question’s rating: Inadequate is not ready, Requires improvement some gaps', () => {
    const ratings = { ...good, safe: 'inadequate', caring: 'requires-improvement' } as const;
    const f = facts({
      latestInspection: { inspectedOn: '2025-01-01', overall: 'requires-improvement', ratings },
    });
    expect(question(f, 'safe').readiness).toBe('not-ready');
    expect(question(f, 'caring').readiness).toBe('some-gaps');
    expect(question(f, 'caring').gaps[0]?.text).toBe(
      'Rated Requires improvement for Caring at the last inspection',
    );
    expect(question(f, 'effective').readiness).toBe('ready');
    expect(siteReadiness(f).siteGaps.map((g) => g.code)).toEqual(['rated-requires-improvement']);
    expect(siteReadiness(f).readiness).toBe('not-ready');
  });

  it('wants an audit within 12 months: a year to the day counts, a day more does not', () => {
    const at = (date: string) =>
      facts({ evidence: fullEvidence().map((e) => (e.kind === 'audit' ? { ...e, date } : e)) });
    expect(codes(at('2025-06-15'), 'effective')).toEqual([]);
    expect(codes(at('2025-06-14'), 'effective')).toEqual(['no-recent-audit']);
    expect(question(at('2025-06-14'), 'effective').gaps[0]?.text).toBe(
      'No audit in the last 12 months',
    );
    expect(question(at('2025-06-14'), 'effective').readiness).toBe('some-gaps');
    // The old audit is still evidence, just not recent.
    expect(question(at('2025-06-14'), 'effective').counts.audit).toBe(1);
  });

  it('does not count evidence dated after today', () => {
    const f = facts({
      evidence: fullEvidence().map((e) => (e.kind === 'audit' ? { ...e, date: '2026-06-16' } : e)),
    });
    expect(question(f, 'caring').counts.audit).toBe(0);
    expect(codes(f, 'caring')).toEqual(['no-recent-audit']);
  });

  it('lists expired evidence as a gap, not as evidence; a review date of today is still current', () => {
    const doc = (reviewBy: string): CqcEvidenceItem => ({
      keyQuestion: 'responsive',
      kind: 'document',
      title: 'Access survey',
      date: '2025-01-01',
      reviewBy,
    });
    const current = facts({ evidence: [...fullEvidence(), doc(today)] });
    expect(question(current, 'responsive').counts.document).toBe(1);
    const expired = facts({ evidence: [...fullEvidence(), doc('2026-06-14')] });
    expect(question(expired, 'responsive').counts.document).toBe(0);
    expect(question(expired, 'responsive').gaps.map((g) => g.text)).toEqual([
      '“Access survey” expired on 14/06/2026',
    ]);
  });

  it('names a policy whose review is overdue, and wants a policy adopted for each question', () => {
    const overdue = facts({
      evidence: fullEvidence().map((e) =>
        e.kind === 'policy-adoption' && e.keyQuestion === 'well-led'
          ? { ...e, reviewBy: '2026-01-31' }
          : e,
      ),
    });
    const wellLed = question(overdue, 'well-led');
    expect(wellLed.gaps.map((g) => g.text)).toEqual([
      'No policy adopted supporting Well-led that is within its review date',
      'Policy “Policy well-led” review overdue since 31/01/2026',
    ]);
    expect(wellLed.readiness).toBe('some-gaps');
    const none = facts({
      evidence: fullEvidence().filter(
        (e) => !(e.kind === 'policy-adoption' && e.keyQuestion === 'caring'),
      ),
    });
    expect(question(none, 'caring').gaps.map((g) => g.text)).toEqual([
      'No policy adopted supporting Caring',
    ]);
    expect(question(none, 'caring').readiness).toBe('not-ready');
  });

  it('wants a significant event review in 12 months for Safe only', () => {
    const f = facts({
      evidence: fullEvidence().filter((e) => e.kind !== 'significant-event-review'),
    });
    expect(codes(f, 'safe')).toEqual(['no-recent-significant-event-review']);
    expect(codes(f, 'effective')).toEqual([]);
  });

  it('is not ready with no evidence at all, naming each gap', () => {
    const f = facts({ evidence: [] });
    expect(codes(f, 'safe')).toEqual([
      'no-evidence',
      'no-policy',
      'no-recent-audit',
      'no-recent-significant-event-review',
    ]);
    expect(siteReadiness(f).keyQuestions.every((k) => k.readiness === 'not-ready')).toBe(true);
  });

  it('counts leap-day audits from the day clamped a year back', () => {
    const f = {
      ...facts(),
      today: '2028-02-29',
      latestInspection: { inspectedOn: '2025-01-01', overall: 'good' as const, ratings: good },
      evidence: fullEvidence().map((e) => ({
        ...e,
        date: e.kind === 'audit' ? '2027-02-28' : '2027-06-01',
        reviewBy: e.reviewBy === null ? null : '2029-01-01',
      })),
    };
    expect(codes(f, 'safe')).toEqual([]);
  });
});

describe('organisationReadiness', () => {
  it('counts sites by rating and readiness and ranks the commonest gaps, major first', () => {
    const ready = siteReadiness(facts());
    const noAudit = siteReadiness(
      facts({
        evidence: fullEvidence().filter((e) => !(e.kind === 'audit' && e.keyQuestion === 'safe')),
      }),
    );
    const noManager = siteReadiness(
      facts({
        registration: {
          locationId: null,
          providerId: '1-9',
          registeredOn: '2013-04-01',
          registeredManager: null,
        },
        evidence: fullEvidence().filter((e) => !(e.kind === 'audit' && e.keyQuestion === 'safe')),
      }),
    );
    const summary = organisationReadiness([
      { overall: 'good', readiness: ready },
      { overall: 'outstanding', readiness: noAudit },
      { overall: 'requires-improvement', readiness: noManager },
      { overall: 'not-rated', readiness: ready },
    ]);
    expect(summary.sites).toBe(4);
    expect(summary.byRating).toEqual({
      outstanding: 1,
      good: 1,
      'requires-improvement': 1,
      inadequate: 0,
      'not-rated': 1,
    });
    expect(summary.byReadiness).toEqual({ ready: 2, 'some-gaps': 1, 'not-ready': 1 });
    expect(summary.worstGaps.map((g) => [g.text, g.sites])).toEqual([
      ['No registered manager', 1],
      ['Safe: No audit in the last 12 months', 2],
      ['No CQC location id recorded', 1],
    ]);
  });

  it('counts a gap once per site and keeps to the limit', () => {
    const twoExpired = siteReadiness(
      facts({
        evidence: [
          ...fullEvidence(),
          {
            keyQuestion: 'safe',
            kind: 'document',
            title: 'A',
            date: '2024-01-01',
            reviewBy: '2025-01-01',
          },
          {
            keyQuestion: 'safe',
            kind: 'document',
            title: 'B',
            date: '2024-01-01',
            reviewBy: '2025-01-01',
          },
        ],
      }),
    );
    const summary = organisationReadiness([{ overall: 'good', readiness: twoExpired }], 1);
    expect(summary.worstGaps).toEqual([
      {
        code: 'evidence-expired',
        keyQuestion: 'safe',
        severity: 'minor',
        text: 'Safe: Evidence expired',
        sites: 1,
      },
    ]);
    expect(organisationReadiness([]).worstGaps).toEqual([]);
  });
});
