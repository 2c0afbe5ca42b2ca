import { describe, expect, it } from 'vitest';
import { computeMcpYear, type McpYearInput } from '@atscale/domain';
import { budgetBars, partyBars, percentOfBp, varianceRows } from './mcp-budget-figures';

const input: McpYearInput = {
  financialYear: 2026,
  settings: {
    form: 'mcp-partially-integrated',
    upliftBasisPoints: 0,
    topSliceBasisPoints: 250,
    earnBackRule: 'linear',
    providerGainShareBasisPoints: 5000,
    providerLossShareBasisPoints: 5000,
    providerGainCapBasisPoints: null,
    providerGainCapPence: null,
    providerLossCapBasisPoints: null,
    providerLossCapPence: null,
  },
  lines: [
    {
      contributor: 'primary-care',
      serviceLine: 'GP',
      baseYear: 2025,
      amountPence: 100_00,
      aligned: false,
    },
    {
      contributor: 'acute',
      serviceLine: 'A&E',
      baseYear: 2025,
      amountPence: 1_000_00,
      aligned: false,
    },
  ],
  metrics: [],
  actualPence: { acute: 900_00 },
};

describe('MCP budget figures', () => {
  it('charts the budget in pounds without contributors outside it', () => {
    const outcome = computeMcpYear(input);
    expect(budgetBars(outcome)).toEqual([{ label: 'Acute (hospital)', value: 1000 }]);
    expect(varianceRows(outcome).map((r) => r.variancePence)).toEqual([100_00]);
    const parties = partyBars(outcome);
    expect(parties.map((p) => p.label)).toEqual(['MCP provider', 'Acute (hospital) commissioner']);
    // The pool is never earned (no metrics), so the provider's half of the gain less it.
    expect(parties[0]?.value).toBe(25);
    expect(percentOfBp(250)).toBe('2.5%');
  });
});
