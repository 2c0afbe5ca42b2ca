/** A year of a fully integrated MCP, as central finance would set it. */
export const MCP_TEST_YEAR = {
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
    { contributor: 'primary-care', serviceLine: 'GP core', baseYear: 2025, amountPence: 6_000_00 },
    { contributor: 'social-care', serviceLine: 'Home care', baseYear: 2025, amountPence: 4_000_00 },
  ],
  metrics: [
    {
      key: 'access',
      name: 'Same-day access',
      direction: 'higher-is-better',
      floor: 50,
      target: 90,
      weightPercent: 100,
      achieved: 70,
    },
  ],
  actualPence: { 'primary-care': 6_200_00, 'social-care': 4_200_00 },
};
