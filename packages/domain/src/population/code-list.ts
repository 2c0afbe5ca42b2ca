import { AtscaleError, type FieldProblem } from '../errors.js';
import { EFI_DEFICIT_IDS, isEfiDeficitId, type EfiDeficitId } from './efi-deficits.js';
import { sctidProblem } from './sctid.js';

/** One concept of a code list, with the short term a person reads. */
export interface CodeListEntry {
  readonly code: string;
  readonly term: string;
}

/** A checked eFI code list: where it came from, its version, and the concepts for each deficit. */
export interface EfiCodeList {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly licence: string;
  readonly deficits: Readonly<Record<EfiDeficitId, readonly CodeListEntry[]>>;
}

/** Most concepts one list may hold: the licensed eFI lists run to a few thousand. */
export const MAX_CODE_LIST_CODES = 50_000;

const text = (value: unknown, field: string, max: number, problems: FieldProblem[]): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ field, message: 'is required' });
    return '';
  }
  if (value.length > max) problems.push({ field, message: `must be at most ${max} characters` });
  return value.trim();
};

/**
 * Checks a code list as given (the repository's JSON file, or an admin's upload) and returns it
 * typed. Every one of the 36 deficits must be named; every deficit but polypharmacy (which is
 * derived from medication records) needs at least one concept; every code must be a SNOMED CT
 * concept id with a correct Verhoeff check digit; no code may stand for two deficits. All
 * problems are reported at once, each naming its field as a JSON pointer.
 */
export function parseEfiCodeList(input: unknown): EfiCodeList {
  const problems: FieldProblem[] = [];
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const name = text(given['name'], '/name', 200, problems);
  const version = text(given['version'], '/version', 100, problems);
  const source = text(given['source'], '/source', 2000, problems);
  const licence = text(given['licence'], '/licence', 2000, problems);
  const raw = given['deficits'];
  const deficits = {} as Record<EfiDeficitId, CodeListEntry[]>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ field: '/deficits', message: 'must be an object keyed by deficit id' });
  } else {
    const byDeficit = raw as Record<string, unknown>;
    for (const key of Object.keys(byDeficit)) {
      if (!isEfiDeficitId(key)) {
        problems.push({ field: `/deficits/${key}`, message: 'is not one of the 36 eFI deficits' });
      }
    }
    const seen = new Map<string, EfiDeficitId>();
    let total = 0;
    for (const id of EFI_DEFICIT_IDS) {
      const entries = byDeficit[id];
      const field = `/deficits/${id}`;
      if (!Array.isArray(entries)) {
        problems.push({ field, message: 'is missing: every deficit must be listed' });
        continue;
      }
      if (entries.length === 0 && id !== 'polypharmacy') {
        problems.push({ field, message: 'needs at least one code' });
      }
      total += entries.length;
      deficits[id] = entries.flatMap((entry: unknown, i): CodeListEntry[] => {
        const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
          string,
          unknown
        >;
        const code = typeof e['code'] === 'string' ? e['code'].trim() : '';
        const problem = code === '' ? 'is required' : sctidProblem(code);
        if (problem) {
          problems.push({ field: `${field}/${i}/code`, message: problem });
          return [];
        }
        const other = seen.get(code);
        if (other && other !== id) {
          problems.push({
            field: `${field}/${i}/code`,
            message: `${code} is already listed for ${other}`,
          });
        }
        seen.set(code, id);
        const term = typeof e['term'] === 'string' ? e['term'].trim().slice(0, 300) : '';
        return [{ code, term }];
      });
    }
    if (total > MAX_CODE_LIST_CODES) {
      problems.push({
        field: '/deficits',
        message: `holds more than ${MAX_CODE_LIST_CODES} codes`,
      });
    }
  }
  if (problems.length > 0) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new AtscaleError(
      'validation-failed',
      `${first?.field ?? ''}: ${first?.message ?? ''}${more}`,
      problems.slice(0, 100),
    );
  }
  return { name, version, source, licence, deficits };
}
