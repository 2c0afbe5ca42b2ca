import { describe, expect, it } from 'vitest';
import { mcpControlFor, mcpFieldId, readMcpYear } from './mcp-year-form-values';

/** A submitted form with these fields, by pointer. */
function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [pointer, value] of Object.entries(fields)) form.set(mcpFieldId(pointer), value);
  return form;
}

const year = {
  financialYear: '2026',
  'settings/form': 'mcp-partially-integrated',
  'settings/upliftBasisPoints': '-1.25',
  'settings/topSliceBasisPoints': '3.5',
  'settings/earnBackRule': 'all-or-nothing',
  'settings/providerGainShareBasisPoints': '60',
  'settings/providerLossShareBasisPoints': '40',
  'settings/providerGainCapBasisPoints': '',
  'settings/providerGainCapPence': '250,000.50',
  'settings/providerLossCapBasisPoints': '2',
  'settings/providerLossCapPence': '',
  'lines/0/contributor': 'social-care',
  'lines/0/serviceLine': ' Home care ',
  'lines/0/baseYear': '2025',
  'lines/0/amountPence': '£1,234,567.89',
  'metrics/0/key': 'same-day-access',
  'metrics/0/name': 'Same day',
  'metrics/0/direction': 'lower-is-better',
  'metrics/0/floor': '10',
  'metrics/0/target': '2.5',
  'metrics/0/weightPercent': '100',
  'metrics/0/achieved': '',
  'metrics/0/source': 'manual',
  'actualPence/acute': '10.5',
};

describe('the MCP year form', () => {
  it('reads pounds into pence and per cent into basis points, blanks as none', () => {
    const { body, problems } = readMcpYear(formOf({ ...year, 'lines/0/aligned': 'yes' }), 1, 1);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      financialYear: 2026,
      settings: {
        form: 'mcp-partially-integrated',
        upliftBasisPoints: -125,
        topSliceBasisPoints: 350,
        earnBackRule: 'all-or-nothing',
        providerGainShareBasisPoints: 6000,
        providerLossShareBasisPoints: 4000,
        providerGainCapBasisPoints: null,
        providerGainCapPence: 25_000_050,
        providerLossCapBasisPoints: 200,
        providerLossCapPence: null,
      },
      lines: [
        {
          contributor: 'social-care',
          serviceLine: 'Home care',
          baseYear: 2025,
          amountPence: 123_456_789,
          aligned: true,
        },
      ],
      metrics: [
        {
          key: 'same-day-access',
          name: 'Same day',
          direction: 'lower-is-better',
          floor: 10,
          target: 2.5,
          weightPercent: 100,
          achieved: null,
          source: 'manual',
        },
      ],
      actualPence: { acute: 1050 },
    });
  });

  it('names each field that does not read, and sends nothing', () => {
    const { body, problems } = readMcpYear(
      formOf({
        ...year,
        'settings/topSliceBasisPoints': '5',
        'lines/0/amountPence': '12.345',
        'metrics/0/key': 'Same Day',
      }),
      1,
      1,
    );
    expect(body).toBeNull();
    expect(problems.map((p) => p.href)).toEqual([
      '#mcp-settings-topSliceBasisPoints',
      '#mcp-lines-0-amountPence',
      '#mcp-metrics-0-key',
    ]);
    expect(problems[0]?.text).toBe('Enter the top slice as a percentage from 2.5 to 4, like 3.5');
  });

  it('links a server field error to the nearest control on its pointer', () => {
    const controls = new Set([
      'mcp-financialYear',
      'mcp-settings-topSliceBasisPoints',
      'mcp-lines-0-amountPence',
      'mcp-metrics-0-weightPercent',
      'mcp-metrics-1-floor',
    ]);
    expect(mcpControlFor('body/settings/topSliceBasisPoints', controls)).toBe(
      'mcp-settings-topSliceBasisPoints',
    );
    expect(mcpControlFor('body/metrics/1/floor', controls)).toBe('mcp-metrics-1-floor');
    expect(mcpControlFor('body/metrics', controls)).toBe('mcp-metrics-0-weightPercent');
    expect(mcpControlFor('body/lines', controls)).toBe('mcp-lines-0-amountPence');
    expect(mcpControlFor('body/somethingElse', controls)).toBeUndefined();
  });
});
