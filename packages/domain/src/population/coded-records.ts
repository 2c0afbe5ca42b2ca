import { parseCsv } from '../common/csv-records.js';
import { nhsNumberProblem, normaliseNhsNumber } from '../org/nhs-number.js';
import { isIsoDate } from '../org/iso-date.js';
import { sctidProblem } from './sctid.js';

/** The FHIR system of SNOMED CT codes. */
export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';
/** The FHIR system of NHS dm+d (medicines) codes; dm+d ids are SNOMED CT UK drug extension ids. */
export const DMD_SYSTEM = 'https://dmd.nhs.uk';
/** The FHIR identifier system of NHS numbers. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
/** The header a coded-records CSV file starts with. */
export const CODED_CSV_HEADER = 'nhs_number,code_system,code,date';

/** What kind of record a coded entry came from: medications count towards polypharmacy. */
export type CodedEntryKind = 'condition' | 'observation' | 'medication';

/** Who a coded entry is for: the export's own Patient id, or an NHS number. */
export type EntrySubject = { readonly patientRef: string } | { readonly nhsNumber: string };

/** One SNOMED CT coded entry of a patient's record, as read from a file. */
export interface CodedEntry {
  readonly subject: EntrySubject;
  readonly kind: CodedEntryKind;
  readonly code: string;
  readonly date: string;
}

/** What one line of an import file holds. */
export type CodedLine =
  | { readonly type: 'patient'; readonly id: string; readonly nhsNumber: string | null }
  | { readonly type: 'entry'; readonly entry: CodedEntry }
  /** A line that is fine but carries nothing to import (another resource, another code system). */
  | { readonly type: 'skip'; readonly reason: 'resource-type' | 'code-system' | 'blank' };

/** A line of an import file that cannot be read; the importer adds the line number. */
export class CodedLineError extends Error {
  override readonly name = 'CodedLineError';
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * A FHIR date or dateTime cut to its day: '2024-03-01T10:00:00Z' is 2024-03-01. FHIR allows a
 * year or a year and month alone; they are taken as the first day of that year or month.
 */
export function fhirDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(value);
  if (!m) return null;
  const day = `${m[1] ?? ''}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
  return isIsoDate(day) ? day : null;
}

/** The NHS number among a resource's identifiers, or null. */
function nhsNumberOf(identifiers: unknown): string | null {
  for (const item of arr(identifiers)) {
    const id = obj(item);
    if (id?.['system'] === NHS_NUMBER_SYSTEM && typeof id['value'] === 'string') {
      const value = normaliseNhsNumber(id['value']);
      const problem = nhsNumberProblem(value);
      if (problem) throw new CodedLineError(`identifier: ${problem}`);
      return value;
    }
  }
  return null;
}

/** The first SNOMED CT (or dm+d) code of a CodeableConcept, checked; null when it has none. */
function snomedCode(concept: unknown, field: string): string | null {
  for (const item of arr(obj(concept)?.['coding'])) {
    const coding = obj(item);
    const system = coding?.['system'];
    if (system !== SNOMED_CT_SYSTEM && system !== DMD_SYSTEM) continue;
    const code = coding?.['code'];
    if (typeof code !== 'string') throw new CodedLineError(`${field}.coding.code is missing`);
    const problem = sctidProblem(code);
    if (problem) throw new CodedLineError(`${field}: ${problem}`);
    return code;
  }
  return null;
}

/** Whose record a clinical resource belongs to: a Patient reference or an NHS number. */
function subjectOf(resource: Json): EntrySubject {
  const subject = obj(resource['subject']);
  if (!subject) throw new CodedLineError('subject is missing');
  const reference = subject['reference'];
  if (typeof reference === 'string') {
    const m = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
    if (!m?.[1]) throw new CodedLineError(`subject.reference ${reference} is not Patient/{id}`);
    return { patientRef: m[1] };
  }
  const nhsNumber = nhsNumberOf([subject['identifier']]);
  if (nhsNumber) return { nhsNumber };
  throw new CodedLineError('subject has neither a Patient reference nor an NHS number');
}

const CLINICAL: Record<string, { kind: CodedEntryKind; code: string; dates: string[] }> = {
  Condition: { kind: 'condition', code: 'code', dates: ['onsetDateTime', 'recordedDate'] },
  Observation: { kind: 'observation', code: 'code', dates: ['effectiveDateTime', 'issued'] },
  MedicationRequest: {
    kind: 'medication',
    code: 'medicationCodeableConcept',
    dates: ['authoredOn'],
  },
  MedicationStatement: {
    kind: 'medication',
    code: 'medicationCodeableConcept',
    dates: ['effectiveDateTime', 'effectivePeriod.start', 'dateAsserted'],
  },
};

const dig = (resource: Json, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => obj(v)?.[key], resource);

/**
 * Reads one line of a FHIR R4 bulk-data NDJSON file. A Patient gives its id and NHS number; a
 * Condition, Observation, MedicationRequest or MedicationStatement with a SNOMED CT (or dm+d)
 * code gives a coded entry dated by its onset, effective or authored date; other resource types
 * and resources coded only in other systems are skipped. Throws CodedLineError on a line that
 * is not a resource, a malformed code, or a clinical resource with no subject or date.
 */
export function readNdjsonLine(line: string): CodedLine {
  if (line.trim() === '') return { type: 'skip', reason: 'blank' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new CodedLineError('is not valid JSON');
  }
  const resource = obj(parsed);
  const type = resource?.['resourceType'];
  if (!resource || typeof type !== 'string') throw new CodedLineError('has no resourceType');
  if (type === 'Patient') {
    const id = resource['id'];
    if (typeof id !== 'string' || id === '') throw new CodedLineError('Patient has no id');
    return { type: 'patient', id, nhsNumber: nhsNumberOf(resource['identifier']) };
  }
  const shape = CLINICAL[type];
  if (!shape) return { type: 'skip', reason: 'resource-type' };
  const code = snomedCode(resource[shape.code], `${type}.${shape.code}`);
  if (code === null) return { type: 'skip', reason: 'code-system' };
  const subject = subjectOf(resource);
  const raw = shape.dates.map((p) => dig(resource, p)).find((v) => v !== undefined);
  const date = fhirDay(raw);
  if (date === null) {
    throw new CodedLineError(`${type} has no readable ${shape.dates.join(' or ')} date`);
  }
  return { type: 'entry', entry: { subject, kind: shape.kind, code, date } };
}

/**
 * Reads one line of a coded-records CSV file (`nhs_number,code_system,code,date`, after the
 * header). SNOMED CT rows are conditions; dm+d rows are medications (they count towards
 * polypharmacy); other code systems are skipped. Throws CodedLineError on a malformed line.
 */
export function readCsvLine(line: string): CodedLine {
  if (line.trim() === '') return { type: 'skip', reason: 'blank' };
  let fields: readonly string[];
  try {
    fields = parseCsv(line)[0]?.fields ?? [];
  } catch (error) {
    throw new CodedLineError(
      error instanceof Error ? error.message.replace(/^Row \d+: /, '') : 'is not CSV',
    );
  }
  if (fields.length !== 4) throw new CodedLineError(`has ${fields.length} fields, not 4`);
  const [rawNhs = '', system = '', code = '', date = ''] = fields.map((f) => f.trim());
  const nhsNumber = normaliseNhsNumber(rawNhs);
  const nhsProblem = nhsNumberProblem(nhsNumber);
  if (nhsProblem) throw new CodedLineError(`nhs_number: ${nhsProblem}`);
  if (!isIsoDate(date)) throw new CodedLineError(`date: ${date} is not a date written YYYY-MM-DD`);
  if (system !== SNOMED_CT_SYSTEM && system !== DMD_SYSTEM) {
    return { type: 'skip', reason: 'code-system' };
  }
  const codeProblem = sctidProblem(code);
  if (codeProblem) throw new CodedLineError(`code: ${codeProblem}`);
  const kind: CodedEntryKind = system === DMD_SYSTEM ? 'medication' : 'condition';
  return { type: 'entry', entry: { subject: { nhsNumber }, kind, code, date } };
}
