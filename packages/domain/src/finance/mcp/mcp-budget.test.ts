import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../../errors.js';
import {
  applyMcpWhatIf,
  computeMcpYear,
  MCP_CONTRIBUTORS,
  MCP_FORMS,
  metricScore,
  scalePence,
  type McpMetric,
  type McpYearInput,
} from './mcp-budget.js';
import { parseMcpWhatIf, parseMcpYear } from './mcp-input.js';

const contributor = fc.constantFrom(...MCP_CONTRIBUTORS);
const line = fc.record({
  contributor,
  serviceLine: fc.constantFrom('Core', 'Home care', 'Stop smoking', 'Outpatients'),
  baseYear: fc.constant(2025),
  amountPence: fc.integer({ min: 0, max: 5_000_000_000 }),
  aligned: fc.boolean(),
});
/** Weights of 1-100 that add up to 100. */
const weights = fc
  .array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 })
  .map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    const scaled = raw.map((w) => Math.max(1, Math.floor((w * 100) / total)));
    const sum = scaled.reduce((a, b) => a + b, 0);
    scaled[0] = (scaled[0] ?? 0) + 100 - sum;
    return scaled.filter((w) => w > 0);
  })
  .filter((ws) => ws.reduce((a, b) => a + b, 0) === 100 && ws.every((w) => w >= 1));
const cap = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null });
const capPence = fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: null });

const year: fc.Arbitrary<McpYearInput> = fc
  .record({
    form: fc.constantFrom(...MCP_FORMS),
    uplift: fc.integer({ min: -500, max: 1000 }),
    topSlice: fc.integer({ min: 250, max: 400 }),
    rule: fc.constantFrom('linear' as const, 'all-or-nothing' as const),
    gain: fc.integer({ min: 0, max: 10_000 }),
    loss: fc.integer({ min: 0, max: 10_000 }),
    gainCap: cap,
    gainCapPence: capPence,
    lossCap: cap,
    lossCapPence: capPence,
    lines: fc.array(line, { maxLength: 12 }),
    weights,
    achieved: fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }), {
      minLength: 6,
      maxLength: 6,
    }),
    actual: fc.dictionary(contributor, fc.integer({ min: 0, max: 6_000_000_000 })),
  })
  .map((r) => ({
    financialYear: 2026,
    settings: {
      form: r.form,
      upliftBasisPoints: r.uplift,
      topSliceBasisPoints: r.topSlice,
      earnBackRule: r.rule,
      providerGainShareBasisPoints: r.gain,
      providerLossShareBasisPoints: r.loss,
      providerGainCapBasisPoints: r.gainCap,
      providerGainCapPence: r.gainCapPence,
      providerLossCapBasisPoints: r.lossCap,
      providerLossCapPence: r.lossCapPence,
    },
    lines: r.lines,
    metrics: r.weights.map((w, i): McpMetric => ({
      key: `m${String(i)}`,
      name: `Metric ${String(i)}`,
      direction: i % 2 === 0 ? 'higher-is-better' : 'lower-is-better',
      floor: i % 2 === 0 ? 40 : 80,
      target: i % 2 === 0 ? 80 : 40,
      weightPercent: w,
      achieved: r.achieved[i] ?? null,
      source: 'manual',
    })),
    actualPence: r.actual,
  }));

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('MCP finance arithmetic (property tests)', () => {
  it('conserves money: parties add up to the variance, pool = earned + unearned', () => {
    fc.assert(
      fc.property(year, (input) => {
        const out = computeMcpYear(input);
        expect(out.earnedBackPence + out.unearnedPence).toBe(out.poolPence);
        expect(sum(out.metrics.map((m) => m.poolPence))).toBe(out.poolPence);
        expect(out.providerVariancePence + out.commissionerVariancePence).toBe(out.variancePence);
        expect(sum(out.parties.map((p) => p.outcomePence))).toBe(out.variancePence);
        expect(out.variancePence).toBe(out.budgetPence - out.actualPence);
        expect(sum(MCP_CONTRIBUTORS.map((c) => out.budgetByContributor[c]))).toBe(out.budgetPence);
        for (const p of out.parties) expect(Number.isSafeInteger(p.outcomePence)).toBe(true);
      }),
    );
  });

  it('never lets the provider’s gain or loss pass its caps, nor its share', () => {
    fc.assert(
      fc.property(year, (input) => {
        const s = input.settings;
        const out = computeMcpYear(input);
        const v = out.variancePence;
        const p = out.providerVariancePence;
        // Same sign as the variance, never more than the whole of it.
        expect(Math.sign(p) === 0 || Math.sign(p) === Math.sign(v)).toBe(true);
        expect(Math.abs(p)).toBeLessThanOrEqual(Math.abs(v));
        const [bp, amount, share] =
          v >= 0
            ? [s.providerGainCapBasisPoints, s.providerGainCapPence, s.providerGainShareBasisPoints]
            : [
                s.providerLossCapBasisPoints,
                s.providerLossCapPence,
                s.providerLossShareBasisPoints,
              ];
        expect(Math.abs(p)).toBeLessThanOrEqual(scalePence(Math.abs(v), share, 10_000));
        if (bp !== null) {
          expect(Math.abs(p)).toBeLessThanOrEqual(scalePence(out.budgetPence, bp, 10_000));
        }
        if (amount !== null) expect(Math.abs(p)).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it('earns back no less when any metric’s achievement improves', () => {
    fc.assert(
      fc.property(
        year,
        fc.nat({ max: 5 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (input, i, step) => {
          const metric = input.metrics[i % input.metrics.length];
          if (!metric) return;
          const before = computeMcpYear(input);
          const better =
            metric.achieved === null
              ? 50
              : metric.direction === 'higher-is-better'
                ? metric.achieved + step
                : metric.achieved - step;
          const after = computeMcpYear(
            applyMcpWhatIf(input, { achieved: { [metric.key]: better } }),
          );
          expect(after.earnedBackPence).toBeGreaterThanOrEqual(before.earnedBackPence);
          for (const m of after.metrics) expect(m.earnedPence).toBeLessThanOrEqual(m.poolPence);
        },
      ),
    );
  });

  it('keeps the top slice within 2.5-4% of the budget, and none under the virtual form', () => {
    fc.assert(
      fc.property(year, (input) => {
        const out = computeMcpYear(input);
        if (input.settings.form === 'mcp-virtual') {
          expect(out.topSlicePence).toBe(0);
          return;
        }
        expect(out.topSlicePence).toBeGreaterThanOrEqual(Math.floor(out.budgetPence * 0.025));
        expect(out.topSlicePence).toBeLessThanOrEqual(Math.ceil(out.budgetPence * 0.04));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (bp) => {
        const ok = bp >= 250 && bp <= 400;
        const attempt = () => parseMcpWhatIf({ topSliceBasisPoints: bp }, []);
        if (ok) expect(attempt().topSliceBasisPoints).toBe(bp);
        else expect(attempt).toThrow(/topSliceBasisPoints/);
      }),
    );
  });

  it('splits the commissioners’ part by largest remainder so it adds up to the penny', () => {
    fc.assert(
      fc.property(year, (input) => {
        const out = computeMcpYear(input);
        const commissioners = out.parties.filter((p) => p.party !== 'provider');
        expect(sum(commissioners.map((p) => p.outcomePence))).toBe(
          out.commissionerVariancePence + out.unearnedPence,
        );
      }),
    );
  });
});

const base: McpYearInput = {
  financialYear: 2026,
  settings: {
    form: 'mcp-fully-integrated',
    upliftBasisPoints: 0,
    topSliceBasisPoints: 300,
    earnBackRule: 'linear',
    providerGainShareBasisPoints: 5000,
    providerLossShareBasisPoints: 5000,
    providerGainCapBasisPoints: null,
    providerGainCapPence: null,
    providerLossCapBasisPoints: 100,
    providerLossCapPence: null,
  },
  lines: [
    {
      contributor: 'primary-care',
      serviceLine: 'GP',
      baseYear: 2025,
      amountPence: 600_000,
      aligned: false,
    },
    {
      contributor: 'social-care',
      serviceLine: 'Home care',
      baseYear: 2025,
      amountPence: 400_000,
      aligned: true,
    },
  ],
  metrics: [
    {
      key: 'frailty',
      name: 'Frailty care plans',
      direction: 'higher-is-better',
      floor: 50,
      target: 90,
      weightPercent: 60,
      achieved: 70,
      source: 'manual',
    },
    {
      key: 'ae',
      name: 'A&E attendances per 1,000',
      direction: 'lower-is-better',
      floor: 300,
      target: 250,
      weightPercent: 40,
      achieved: 240,
      source: 'manual',
    },
  ],
  actualPence: { 'primary-care': 620_000, 'social-care': 420_000 },
};

describe('MCP finance worked example', () => {
  it('top-slices, earns back linearly and caps the provider’s loss', () => {
    const out = computeMcpYear(base);
    expect(out.budgetPence).toBe(1_000_000);
    expect(out.topSlicePence).toBe(30_000);
    // 60% of the pool at half way (70 between 50 and 90), 40% at target.
    expect(out.metrics.map((m) => m.earnedPence)).toEqual([9_000, 12_000]);
    expect(out.unearnedPence).toBe(9_000);
    // Overspend of 40,000: half is 20,000 but the provider's loss is capped at 1% = 10,000.
    expect(out.variancePence).toBe(-40_000);
    expect(out.providerVariancePence).toBe(-10_000);
    expect(out.capApplied).toBe(true);
    expect(out.parties[0]?.outcomePence).toBe(-19_000);
  });

  it('leaves primary care out of a partially integrated budget, and earns all or nothing', () => {
    const out = computeMcpYear({
      ...base,
      settings: {
        ...base.settings,
        form: 'mcp-partially-integrated',
        earnBackRule: 'all-or-nothing',
      },
    });
    expect(out.budgetPence).toBe(400_000);
    expect(out.actualPence).toBe(420_000);
    expect(out.metrics.map((m) => m.earnedPence)).toEqual([0, 4_800]);
  });

  it('shares only aligned services and has no pool under the virtual form', () => {
    const out = computeMcpYear({ ...base, settings: { ...base.settings, form: 'mcp-virtual' } });
    expect(out.budgetPence).toBe(400_000);
    expect(out.poolPence).toBe(0);
    expect(out.parties.map((p) => p.party)).toEqual(['provider', 'social-care']);
  });

  it('scores metrics by direction', () => {
    const m = base.metrics[1];
    if (!m) throw new Error('no metric');
    expect(metricScore({ ...m, achieved: 275 }, 'linear')).toBeCloseTo(0.5);
    expect(metricScore({ ...m, achieved: 310 }, 'linear')).toBe(0);
    expect(metricScore({ ...m, achieved: null }, 'linear')).toBe(0);
  });
});

describe('parseMcpYear', () => {
  const fieldOf = (value: unknown) => {
    try {
      parseMcpYear(value);
      return null;
    } catch (error) {
      return error instanceof AtscaleError ? error.errors[0]?.field : 'not an AtscaleError';
    }
  };

  it('accepts a good year and names the failing field of a bad one', () => {
    expect(parseMcpYear(base).lines).toHaveLength(2);
    expect(fieldOf({ ...base, settings: { ...base.settings, topSliceBasisPoints: 500 } })).toBe(
      '/settings/topSliceBasisPoints',
    );
    expect(fieldOf({ ...base, lines: [{ ...base.lines[0], amountPence: 1.5 }] })).toBe(
      '/lines/0/amountPence',
    );
    expect(
      fieldOf({ ...base, metrics: [{ ...base.metrics[0], weightPercent: 50 }, base.metrics[1]] }),
    ).toBe('/metrics');
    expect(
      fieldOf({ ...base, metrics: [{ ...base.metrics[0], floor: 95 }, base.metrics[1]] }),
    ).toBe('/metrics/0/floor');
    expect(fieldOf({ ...base, actualPence: { hospital: 5 } })).toBe('/actualPence/hospital');
    expect(fieldOf({ ...base, settings: { ...base.settings, form: 'federation' } })).toBe(
      '/settings/form',
    );
  });
});
