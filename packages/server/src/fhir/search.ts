import { AtscaleError, type FieldProblem } from '@atscale/domain';

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
  readonly count: number;
  readonly offset: number;
  /** Parameters not supported, reported in the Bundle's OperationOutcome (lenient handling). */
  readonly ignored: readonly FieldProblem[];
}

const bad = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: name, message }]);

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
  const values = new Map<string, string>();
  const ignored: FieldProblem[] = [];
  let count: number = PAGE.default;
  let offset = 0;
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
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
  return { values, count, offset, ignored };
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
