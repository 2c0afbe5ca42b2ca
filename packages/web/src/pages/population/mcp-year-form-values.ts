import {
  MCP_CONTRIBUTOR_LABELS,
  MCP_CONTRIBUTORS,
  MCP_TOP_SLICE_MAX_BP,
  MCP_TOP_SLICE_MIN_BP,
  parsePounds,
  type McpContributor,
  type McpEarnBackRule,
  type McpForm,
  type McpMetricDirection,
  type McpMetricSource,
  type McpYearInput,
} from '@atscale/domain';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { fieldValue } from '../../forms/form-data';
import { percentToBasisPoints } from '../finance/finance-figures';
import { wholeNumber } from '../finance/finance-form-fields';
import { refusedItems } from '../organisation/site-form-values';

/**
 * What `PUT /api/mcp-budget/years` takes: the domain's year input, money in whole pence and
 * rates in basis points.
 */
export type McpYearBody = McpYearInput;

/**
 * The id (and form name) of the control for a field of the body, by its pointer without the
 * leading slash: `settings/topSliceBasisPoints` is `mcp-settings-topSliceBasisPoints`, the
 * second line's amount `mcp-lines-1-amountPence`. The server's field errors name the same
 * pointers, so each links to its control.
 */
export const mcpFieldId = (pointer: string): string => `mcp-${pointer.replace(/\//g, '-')}`;

/**
 * The control a field error the server named (`body/metrics/2/floor`) belongs to: the nearest
 * control along its pointer; the list-wide rules (weights adding up to 100, total spend) point
 * at the list, so at its first row's weight or amount.
 */
export function mcpControlFor(field: string, controls: ReadonlySet<string>): string | undefined {
  const parts = field
    .replace(/^body\/?/, '')
    .replace(/^\//, '')
    .split('/');
  const listWide: Readonly<Record<string, string>> = {
    metrics: 'metrics/0/weightPercent',
    lines: 'lines/0/amountPence',
  };
  for (let n = parts.length; n > 0; n--) {
    const pointer = parts.slice(0, n).join('/');
    const id = mcpFieldId(listWide[pointer] ?? pointer);
    if (controls.has(id)) return id;
  }
  return undefined;
}

/** How the form shows a refused save: each field error at its control, others at the year. */
export const refusedMcpYear = (controls: () => ReadonlySet<string>) =>
  refusedItems(
    (field) => mcpControlFor(field, controls()) ?? mcpFieldId('financialYear'),
    mcpFieldId('financialYear'),
  );

/** A percentage typed into a field that may be negative ("-1.5"), in basis points. */
function signedPercent(text: string): number | null {
  const negative = /^\s*-/.test(text);
  const points = percentToBasisPoints(negative ? text.replace('-', '') : text);
  return points === null ? null : negative ? -points : points;
}

/** A plain number typed into a field (a metric's floor, target or achievement), or null. */
function decimal(text: string): number | null {
  return /^\s*-?\d{1,9}(\.\d+)?\s*$/.test(text) ? Number(text) : null;
}

/**
 * Reads the year from the submitted form, with `lineCount` spend lines and `metricCount`
 * metrics: pounds into pence and percentages into basis points, as the other finance forms do.
 * The problems name each field that does not read as what it should be; the server checks the
 * rest (weights adding up to 100, the floor below the target) and names the field too.
 */
export function readMcpYear(
  form: FormData,
  lineCount: number,
  metricCount: number,
): { body: McpYearBody | null; problems: ErrorSummaryItem[] } {
  const problems: ErrorSummaryItem[] = [];
  const value = (pointer: string) => fieldValue(form, mcpFieldId(pointer));
  const problem = (pointer: string, text: string) => {
    problems.push({ text, href: `#${mcpFieldId(pointer)}` });
  };
  /** Reads a field; on null it adds the problem and gives 0 (the body is then not sent). */
  const read = <T>(pointer: string, parse: (text: string) => T | null, text: string): T | 0 => {
    const parsed = parse(value(pointer));
    if (parsed === null) problem(pointer, text);
    return parsed ?? 0;
  };
  const optional = <T>(pointer: string, parse: (text: string) => T | null, text: string) =>
    value(pointer) === '' ? null : read(pointer, parse, text);
  const inRange = (min: number, max: number) => (points: number | null) =>
    points !== null && points >= min && points <= max ? points : null;
  const wholePence = (text: string) => {
    const pence = parsePounds(text);
    return pence !== null && pence >= 0 ? pence : null;
  };
  const year = (text: string) => inRange(2000, 2999)(wholeNumber(text));
  const share = (text: string) => percentToBasisPoints(text);

  const financialYear = read(
    'financialYear',
    year,
    'Enter the financial year by its first calendar year, like 2026 for 2026/27',
  );
  const settings: McpYearBody['settings'] = {
    form: value('settings/form') as McpForm,
    upliftBasisPoints: read(
      'settings/upliftBasisPoints',
      (text) => inRange(-5000, 5000)(signedPercent(text)),
      'Enter the uplift as a percentage from -50 to 50, like 2.5',
    ),
    topSliceBasisPoints: read(
      'settings/topSliceBasisPoints',
      (text) => inRange(MCP_TOP_SLICE_MIN_BP, MCP_TOP_SLICE_MAX_BP)(percentToBasisPoints(text)),
      'Enter the top slice as a percentage from 2.5 to 4, like 3.5',
    ),
    earnBackRule: value('settings/earnBackRule') as McpEarnBackRule,
    providerGainShareBasisPoints: read(
      'settings/providerGainShareBasisPoints',
      share,
      'Enter the provider’s share of an underspend as a percentage from 0 to 100, like 50',
    ),
    providerLossShareBasisPoints: read(
      'settings/providerLossShareBasisPoints',
      share,
      'Enter the provider’s share of an overspend as a percentage from 0 to 100, like 50',
    ),
    providerGainCapBasisPoints: optional(
      'settings/providerGainCapBasisPoints',
      share,
      'Enter the cap on the provider’s gain as a percentage of the budget from 0 to 100, or leave it blank',
    ),
    providerGainCapPence: optional(
      'settings/providerGainCapPence',
      wholePence,
      'Enter the cap on the provider’s gain in pounds and pence, like 250,000.00, or leave it blank',
    ),
    providerLossCapBasisPoints: optional(
      'settings/providerLossCapBasisPoints',
      share,
      'Enter the cap on the provider’s loss as a percentage of the budget from 0 to 100, or leave it blank',
    ),
    providerLossCapPence: optional(
      'settings/providerLossCapPence',
      wholePence,
      'Enter the cap on the provider’s loss in pounds and pence, like 250,000.00, or leave it blank',
    ),
  };
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const at = `lines/${String(i)}`;
    const n = String(i + 1);
    const serviceLine = value(`${at}/serviceLine`);
    if (serviceLine === '') problem(`${at}/serviceLine`, `Enter spend line ${n}’s service`);
    return {
      contributor: value(`${at}/contributor`) as McpContributor,
      serviceLine,
      baseYear: read(
        `${at}/baseYear`,
        year,
        `Enter spend line ${n}’s base year by its first calendar year, like 2025`,
      ),
      amountPence: read(
        `${at}/amountPence`,
        wholePence,
        `Enter spend line ${n}’s amount in pounds and pence, like 1,250,000.00`,
      ),
      aligned: form.get(mcpFieldId(`${at}/aligned`)) !== null,
    };
  });
  const metrics = Array.from({ length: metricCount }, (_, i) => {
    const at = `metrics/${String(i)}`;
    const n = String(i + 1);
    const key = value(`${at}/key`);
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(key)) {
      problem(
        `${at}/key`,
        `Enter metric ${n}’s key in lower case letters, digits and dashes, like same-day-access`,
      );
    }
    const name = value(`${at}/name`);
    if (name === '') problem(`${at}/name`, `Enter metric ${n}’s name`);
    return {
      key,
      name,
      direction: value(`${at}/direction`) as McpMetricDirection,
      floor: read(`${at}/floor`, decimal, `Enter metric ${n}’s floor as a number, like 70`),
      target: read(`${at}/target`, decimal, `Enter metric ${n}’s target as a number, like 90`),
      weightPercent: read(
        `${at}/weightPercent`,
        (text) => inRange(1, 100)(wholeNumber(text)),
        `Enter metric ${n}’s weight as a whole number from 1 to 100`,
      ),
      achieved: optional(
        `${at}/achieved`,
        decimal,
        `Enter what metric ${n} achieved as a number, or leave it blank if it is not known`,
      ),
      source: value(`${at}/source`) as McpMetricSource,
    };
  });
  const actualPence: Partial<Record<McpContributor, number>> = {};
  for (const contributor of MCP_CONTRIBUTORS) {
    const amount = optional(
      `actualPence/${contributor}`,
      wholePence,
      `Enter the actual ${MCP_CONTRIBUTOR_LABELS[contributor].toLowerCase()} spend in pounds and pence, like 1,250,000.00, or leave it blank`,
    );
    if (amount !== null) actualPence[contributor] = amount;
  }
  if (problems.length > 0) return { body: null, problems };
  return { body: { financialYear, settings, lines, metrics, actualPence }, problems };
}
