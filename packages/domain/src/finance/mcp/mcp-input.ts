import { AtscaleError } from '../../errors.js';
import { isPence, MAX_AMOUNT_PENCE } from '../money.js';
import {
  MCP_CONTRIBUTORS,
  MCP_EARN_BACK_RULES,
  MCP_FORMS,
  MCP_METRIC_DIRECTIONS,
  MCP_METRIC_SOURCES,
  MCP_TOP_SLICE_MAX_BP,
  MCP_TOP_SLICE_MIN_BP,
  type McpContributor,
  type McpMetric,
  type McpSettings,
  type McpSpendLine,
  type McpWhatIf,
  type McpYearInput,
} from './mcp-budget.js';

export const MCP_MAX_LINES = 200;
export const MCP_MAX_METRICS = 20;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);

const oneOf = <T extends string>(values: readonly T[], value: unknown, field: string): T => {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw invalid(field, `Must be one of ${values.join(', ')}`);
  }
  return value as T;
};

const wholeIn = (value: unknown, min: number, max: number, field: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `Must be a whole number from ${String(min)} to ${String(max)}`);
  }
  return value;
};

const pence = (value: unknown, field: string, min = 0): number => {
  if (!isPence(value) || value < min || value > MAX_AMOUNT_PENCE) {
    throw invalid(field, 'Must be whole pence from 0 to 100000000000 (£1bn)');
  }
  return value;
};

const finite = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e9) {
    throw invalid(field, 'Must be a number');
  }
  return value;
};

const text = (value: unknown, field: string, max = 200): string => {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw invalid(field, `Must be text of 1 to ${String(max)} characters`);
  }
  return value.trim();
};

const record = (value: unknown, field: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, 'Must be an object');
  }
  return value as Record<string, unknown>;
};

const nullable = <T>(value: unknown, read: (v: unknown) => T): T | null =>
  value === null || value === undefined ? null : read(value);

/** Checks a top slice: 2.5-4% (source 001), in basis points. */
export function checkTopSlice(value: unknown, field: string): number {
  return wholeIn(value, MCP_TOP_SLICE_MIN_BP, MCP_TOP_SLICE_MAX_BP, field);
}

/** Checks an agreement's settings, naming the failing field. */
export function parseMcpSettings(value: unknown, at = '/settings'): McpSettings {
  const s = record(value, at);
  return {
    form: oneOf(MCP_FORMS, s.form, `${at}/form`),
    upliftBasisPoints: wholeIn(s.upliftBasisPoints, -5000, 5000, `${at}/upliftBasisPoints`),
    topSliceBasisPoints: checkTopSlice(s.topSliceBasisPoints, `${at}/topSliceBasisPoints`),
    earnBackRule: oneOf(MCP_EARN_BACK_RULES, s.earnBackRule, `${at}/earnBackRule`),
    providerGainShareBasisPoints: wholeIn(
      s.providerGainShareBasisPoints,
      0,
      10_000,
      `${at}/providerGainShareBasisPoints`,
    ),
    providerLossShareBasisPoints: wholeIn(
      s.providerLossShareBasisPoints,
      0,
      10_000,
      `${at}/providerLossShareBasisPoints`,
    ),
    providerGainCapBasisPoints: nullable(s.providerGainCapBasisPoints, (v) =>
      wholeIn(v, 0, 10_000, `${at}/providerGainCapBasisPoints`),
    ),
    providerGainCapPence: nullable(s.providerGainCapPence, (v) =>
      pence(v, `${at}/providerGainCapPence`),
    ),
    providerLossCapBasisPoints: nullable(s.providerLossCapBasisPoints, (v) =>
      wholeIn(v, 0, 10_000, `${at}/providerLossCapBasisPoints`),
    ),
    providerLossCapPence: nullable(s.providerLossCapPence, (v) =>
      pence(v, `${at}/providerLossCapPence`),
    ),
  };
}

function parseLine(value: unknown, at: string): McpSpendLine {
  const l = record(value, at);
  return {
    contributor: oneOf(MCP_CONTRIBUTORS, l.contributor, `${at}/contributor`),
    serviceLine: text(l.serviceLine, `${at}/serviceLine`),
    baseYear: wholeIn(l.baseYear, 2000, 2999, `${at}/baseYear`),
    amountPence: pence(l.amountPence, `${at}/amountPence`),
    aligned: l.aligned === undefined ? false : l.aligned === true,
  };
}

function parseMetric(value: unknown, at: string): McpMetric {
  const m = record(value, at);
  const key = text(m.key, `${at}/key`, 40);
  if (!/^[a-z][a-z0-9-]*$/.test(key)) {
    throw invalid(`${at}/key`, 'Must be lower case letters, digits and dashes');
  }
  const direction = oneOf(MCP_METRIC_DIRECTIONS, m.direction, `${at}/direction`);
  const floor = finite(m.floor, `${at}/floor`);
  const target = finite(m.target, `${at}/target`);
  if (direction === 'higher-is-better' ? floor >= target : floor <= target) {
    throw invalid(
      `${at}/floor`,
      direction === 'higher-is-better'
        ? 'Must be below the target when higher is better'
        : 'Must be above the target when lower is better',
    );
  }
  return {
    key,
    name: text(m.name, `${at}/name`),
    direction,
    floor,
    target,
    weightPercent: wholeIn(m.weightPercent, 1, 100, `${at}/weightPercent`),
    achieved: nullable(m.achieved, (v) => finite(v, `${at}/achieved`)),
    source: m.source === undefined ? 'manual' : oneOf(MCP_METRIC_SOURCES, m.source, `${at}/source`),
  };
}

/** Actual spend by contributor: whole pence, only known contributors. */
export function parseMcpActuals(
  value: unknown,
  at = '/actualPence',
): Partial<Record<McpContributor, number>> {
  const a = record(value, at);
  const out: Partial<Record<McpContributor, number>> = {};
  for (const [key, amount] of Object.entries(a)) {
    const contributor = oneOf(MCP_CONTRIBUTORS, key, `${at}/${key}`);
    out[contributor] = pence(amount, `${at}/${key}`);
  }
  return out;
}

/**
 * Checks a year's input and names the first failing field as a pointer: top slice 2.5-4%,
 * shares and caps 0-100%, whole pence, metric keys once each and weights adding up to 100.
 */
export function parseMcpYear(value: unknown): McpYearInput {
  const y = record(value, '/');
  const financialYear = wholeIn(y.financialYear, 2000, 2999, '/financialYear');
  const settings = parseMcpSettings(y.settings);
  if (!Array.isArray(y.lines) || y.lines.length > MCP_MAX_LINES) {
    throw invalid('/lines', `Must be a list of at most ${String(MCP_MAX_LINES)} spend lines`);
  }
  const lines = y.lines.map((l, i) => parseLine(l, `/lines/${String(i)}`));
  if (!Array.isArray(y.metrics) || y.metrics.length > MCP_MAX_METRICS) {
    throw invalid('/metrics', `Must be a list of at most ${String(MCP_MAX_METRICS)} metrics`);
  }
  const metrics = y.metrics.map((m, i) => parseMetric(m, `/metrics/${String(i)}`));
  const keys = new Set<string>();
  metrics.forEach((m, i) => {
    if (keys.has(m.key)) throw invalid(`/metrics/${String(i)}/key`, `${m.key} is given twice`);
    keys.add(m.key);
  });
  const weights = metrics.reduce((s, m) => s + m.weightPercent, 0);
  if (metrics.length > 0 && weights !== 100) {
    throw invalid('/metrics', `The weights must add up to 100, not ${String(weights)}`);
  }
  const total = lines.reduce((s, l) => s + l.amountPence, 0);
  if (total > MAX_AMOUNT_PENCE * 10) {
    throw invalid('/lines', 'The spend lines add up to more than £10bn');
  }
  return {
    financialYear,
    settings,
    lines,
    metrics,
    actualPence: parseMcpActuals(y.actualPence ?? {}),
  };
}

/** Checks what-if changes against the year's metrics. */
export function parseMcpWhatIf(value: unknown, metricKeys: readonly string[]): McpWhatIf {
  const w = record(value, '/');
  const achieved: Record<string, number | null> = {};
  if (w.achieved !== undefined) {
    for (const [key, v] of Object.entries(record(w.achieved, '/achieved'))) {
      if (!metricKeys.includes(key))
        throw invalid(`/achieved/${key}`, 'is not a metric of the year');
      achieved[key] = nullable(v, (x) => finite(x, `/achieved/${key}`));
    }
  }
  return {
    ...(w.topSliceBasisPoints === undefined
      ? {}
      : { topSliceBasisPoints: checkTopSlice(w.topSliceBasisPoints, '/topSliceBasisPoints') }),
    ...(w.achieved === undefined ? {} : { achieved }),
    ...(w.actualPence === undefined ? {} : { actualPence: parseMcpActuals(w.actualPence) }),
  };
}
