import { AtscaleError, type FieldProblem } from '@atscale/domain';
import type { FhirResource } from './bundle.js';

/** A search parameter a resource supports: what the CapabilityStatement lists, and parses. */
export interface SearchParameter {
  readonly name: string;
  readonly type: 'token' | 'string' | 'reference' | 'date' | 'number';
  readonly documentation: string;
}

/** Parameters every search takes, handled here rather than per resource. */
export const RESULT_PARAMETERS: readonly SearchParameter[] = [
  { name: '_count', type: 'number', documentation: 'Entries per page, 1 to 100 (default 20)' },
  {
    name: '_offset',
    type: 'number',
    documentation: 'Entries to skip; the `next` and `previous` links carry it',
  },
];

/** The default and largest page. */
export const PAGE = { default: 20, max: 100 } as const;

/** A search as parsed: the resource's parameters, the page, and what was not understood. */
export interface ParsedSearch {
  readonly values: ReadonlyMap<string, string>;
  /**
   * Date parameters, parsed (see `parseDateSearch`); a date parameter may be given more than
   * once (`start=ge..&start=le..`), its values ANDed. They are not in `values`.
   */
  readonly dates: ReadonlyMap<string, readonly DateSearch[]>;
  readonly count: number;
  readonly offset: number;
  /** Parameters not supported, reported in the Bundle's OperationOutcome (lenient handling). */
  readonly ignored: readonly FieldProblem[];
}

/** A bad search or operation parameter: validation-failed (400) naming it. */
export const badParameter = (name: string, message: string): AtscaleError =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: name, message }]);

const bad = badParameter;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text is a database id: other ids name nothing of ours, so they match nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** `_lastUpdated`, which the resources whose rows record their last change take. */
export const LAST_UPDATED_SEARCH: SearchParameter = {
  name: '_lastUpdated',
  type: 'date',
  documentation:
    'When the resource last changed (meta.lastUpdated), with prefixes (gt, ge, lt, le, eq)',
};

/** Whether a resource's meta.lastUpdated satisfies a search's `_lastUpdated` (when given). */
export function lastUpdatedFilter(search: ParsedSearch): (resource: FhirResource) => boolean {
  const searches = search.dates.get('_lastUpdated') ?? [];
  return (resource) => {
    if (searches.length === 0) return true;
    const at = (resource.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
    return at !== undefined && searches.every((s) => dateMatches(s, new Date(at)));
  };
}

/**
 * A `_lastUpdated` search as the half-open range of instants a database query takes; `ne` has
 * no single range, so it is refused (400) where the search is made in the database.
 */
export function lastUpdatedRange(search: ParsedSearch): {
  updatedFrom?: string;
  updatedBefore?: string;
} {
  const range = dateRange(search.dates.get('_lastUpdated') ?? []);
  if (range.exclude.length > 0) throw bad('_lastUpdated', 'the ne prefix is not supported here');
  return {
    ...(range.from !== null ? { updatedFrom: range.from.toISOString() } : {}),
    ...(range.until !== null ? { updatedBefore: range.until.toISOString() } : {}),
  };
}

/** Whether a resource's id is one of an `_id` search's comma list (true when none is given). */
export function idMatches(resource: FhirResource, id: string | undefined): boolean {
  return id === undefined || id.split(',').includes(resource.id ?? '');
}

const whole = (name: string, text: string, min: number, max: number): number => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw bad(name, `must be a whole number from ${min} to ${max}`);
  }
  return Number(text);
};

/**
 * Parses a search's query against the parameters a resource supports. An unknown parameter
 * (or a modifier we do not support) is an error under `Prefer: handling=strict` and otherwise
 * ignored and reported, as the FHIR search rules ask; a parameter given twice is an error.
 */
export function parseSearch(
  query: Readonly<Record<string, string | string[] | undefined>>,
  supported: readonly SearchParameter[],
  strict: boolean,
): ParsedSearch {
  const names = new Set(supported.map((p) => p.name));
  const dateNames = new Set(supported.filter((p) => p.type === 'date').map((p) => p.name));
  const values = new Map<string, string>();
  const dates = new Map<string, DateSearch[]>();
  const ignored: FieldProblem[] = [];
  let count: number = PAGE.default;
  let offset = 0;
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (dateNames.has(name)) {
      const given = [raw].flat();
      if (given.length > 4) throw bad(name, 'is given more than four times');
      dates.set(
        name,
        given.map((v) => parseDateSearch(name, v)),
      );
      continue;
    }
    if (Array.isArray(raw)) throw bad(name, 'is given more than once; give it once');
    if (name === '_count') count = whole(name, raw, 1, PAGE.max);
    else if (name === '_offset') offset = whole(name, raw, 0, 1_000_000);
    else if (name === '_format') {
      if (!/^(json|application\/(fhir\+)?json)$/.test(raw)) {
        throw bad(name, 'only JSON is served (json or application/fhir+json)');
      }
    } else if (names.has(name)) {
      if (raw.trim() === '') throw bad(name, 'is empty; give a value or leave it out');
      values.set(name, raw.trim());
    } else {
      const message = `is not a search parameter this server supports here (see /fhir/R4/metadata)`;
      if (strict) throw bad(name, message);
      ignored.push({ field: name, message: `${name} ${message}; it was ignored` });
    }
  }
  return { values, dates, count, offset, ignored };
}

/** Whether the request asked for strict handling (`Prefer: handling=strict`). */
export function isStrict(prefer: string | string[] | undefined): boolean {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(^|[,;\s])handling\s*=\s*strict\b/i.test(text);
}

/** A token search value as system and code: `system|code`, `|code` or `code`. */
export function tokenOf(value: string): { system: string | null; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: null, code: value };
  return { system: value.slice(0, bar) || null, code: value.slice(bar + 1) };
}

/** The id a reference search value names: `Type/id` or a bare id. */
export function referenceId(name: string, value: string, type: string): string {
  const match = new RegExp(`^(?:${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(value);
  const id = match?.[1];
  if (!id) throw bad(name, `must be a ${type} reference, ${type}/[id]`);
  return id;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Whether a string search matches, as FHIR's default string search does: the text, or a word
 * in it, starts with the value, ignoring case and accents.
 */
export function stringMatches(text: string, value: string): boolean {
  const folded = fold(text);
  const wanted = fold(value);
  return folded.startsWith(wanted) || folded.split(/[\s\-,.]+/).some((w) => w.startsWith(wanted));
}

/** A date search's comparison prefix (FHIR R4 search, 3.1.1.4.5; `ap` is not supported). */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

/**
 * One parsed date search value: the prefix and the range of instants its precision implies,
 * `start` inclusive to `end` exclusive (`2026-11-23` is that whole day in England,
 * `2026-11-23T09:30:00Z` is that second).
 */
export interface DateSearch {
  readonly prefix: DatePrefix;
  readonly start: Date;
  readonly end: Date;
}

const DATE_VALUE =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** England's offset from UTC, in ms, at an instant (0 in winter, an hour in summer). */
function londonOffset(at: number): number {
  const part = (type: string) =>
    Number(londonParts.formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant of a wall-clock time in England (a time without a zone is the practices'). */
function fromLondon(wall: number): number {
  const guess = wall - londonOffset(wall);
  return wall - londonOffset(guess);
}

/**
 * Parses one value of a date search parameter (`ge2026-11-23`, `lt2026-11-23T17:00:00Z`,
 * `2026-11`): its prefix (eq when none) and the range its precision implies. A date or time
 * without a zone is read in England's time, as the practices keep it. Anything else, `ap`
 * included, is validation-failed naming the parameter (a 400 OperationOutcome).
 */
export function parseDateSearch(name: string, value: string): DateSearch {
  const match = DATE_VALUE.exec(value.trim());
  if (!match) {
    throw bad(
      name,
      'must be a date or time with an optional prefix eq, ne, gt, lt, ge, le, sa or eb ' +
        '(for example ge2026-11-23 or lt2026-11-23T17:00:00Z)',
    );
  }
  const [, prefix = 'eq', y, mo, d, h, mi, s, fraction, zone] = match;
  if (prefix === 'ap') throw bad(name, 'the ap (approximately) prefix is not supported');
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw bad(name, `${value} is not a real date or time`);
  }
  // The end of the range: the next year, month, day, minute, second or millisecond.
  const next =
    mo === undefined
      ? Date.UTC(year + 1, 0, 1)
      : d === undefined
        ? Date.UTC(year, month, 1)
        : h === undefined
          ? Date.UTC(year, month - 1, day + 1)
          : s === undefined
            ? wall + 60_000
            : fraction === undefined
              ? wall + 1000
              : wall + 1;
  let toInstant: (w: number) => number = fromLondon;
  if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offset =
      zone === 'Z' ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
    if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59)) {
      throw bad(name, `${zone} is not a time zone offset`);
    }
    toInstant = (w) => w - offset;
  }
  return {
    prefix: prefix as DatePrefix,
    start: new Date(toInstant(wall)),
    end: new Date(toInstant(next)),
  };
}

/** Whether an instant satisfies one date search (a stored timestamp is a point in time). */
export function dateMatches(search: DateSearch, instant: Date): boolean {
  const t = instant.getTime();
  const start = search.start.getTime();
  const end = search.end.getTime();
  switch (search.prefix) {
    case 'eq':
      return t >= start && t < end;
    case 'ne':
      return t < start || t >= end;
    case 'gt':
    case 'sa':
      return t >= end;
    case 'ge':
      return t >= start;
    case 'lt':
    case 'eb':
      return t < start;
    case 'le':
      return t < end;
  }
}

/**
 * The instants that satisfy every one of a parameter's date searches (they are ANDed), as a
 * half-open range `from <= t < until` for a database query; null bounds are open. `ne` has no
 * single range, so it is left to `dateMatches` on the rows (`exclude` lists those searches).
 */
export function dateRange(searches: readonly DateSearch[]): {
  from: Date | null;
  until: Date | null;
  exclude: readonly DateSearch[];
} {
  const lower: number[] = [];
  const upper: number[] = [];
  for (const s of searches) {
    const start = s.start.getTime();
    const end = s.end.getTime();
    if (s.prefix === 'eq') {
      lower.push(start);
      upper.push(end);
    } else if (s.prefix === 'gt' || s.prefix === 'sa') lower.push(end);
    else if (s.prefix === 'ge') lower.push(start);
    else if (s.prefix === 'lt' || s.prefix === 'eb') upper.push(start);
    else if (s.prefix === 'le') upper.push(end);
  }
  return {
    from: lower.length > 0 ? new Date(Math.max(...lower)) : null,
    until: upper.length > 0 ? new Date(Math.min(...upper)) : null,
    exclude: searches.filter((s) => s.prefix === 'ne'),
  };
}

/** A boolean token search value (`true` or `false`), or validation-failed naming the parameter. */
export function booleanToken(name: string, value: string): 'true' | 'false' {
  if (value !== 'true' && value !== 'false') throw bad(name, 'must be true or false');
  return value;
}
