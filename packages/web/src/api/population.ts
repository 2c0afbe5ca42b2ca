import type {
  FrailtyAgeBand,
  FrailtyCategory,
  RegisterAgeBand,
  RegisterReviewKind,
  RegisterStatus,
} from '@atscale/domain';
import { getJson, postJson } from './client';
import { ApiError, toProblem } from './problem';

/** A frailty scoring run: the date, the code list version and how many patients it scored. */
export interface FrailtyRun {
  id: string;
  scoredOn: string;
  codeListId: string;
  codeListVersion: string;
  patients: number;
  runAt: string;
}

/** One practice's counts in the latest run, from `GET /api/population/frailty`. */
export interface PracticeFrailty {
  practiceId: string;
  practiceName: string;
  scored: number;
  byCategory: Record<FrailtyCategory, number>;
  byAgeBand: Record<FrailtyAgeBand, Record<FrailtyCategory, number>>;
}

/** The frailty dashboard's data. */
export interface FrailtySummary {
  run: FrailtyRun | null;
  practices: PracticeFrailty[];
}

/** A patient on a practice's frailty worklist. */
export interface FrailtyWorklistPatient {
  patientId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  age: number;
  deficitCount: number;
  score: number;
  category: FrailtyCategory;
}

/** A patient's frailty with the codes and dates behind each deficit. */
export interface PatientFrailty {
  patientId: string;
  run: FrailtyRun | null;
  score: { age: number; deficitCount: number; score: number; category: FrailtyCategory } | null;
  deficits: { deficit: string; label: string; evidence: { code: string | null; date: string }[] }[];
}

/** What uploading one file did. */
export interface CodedImportResult {
  fileName: string;
  alreadyImported: boolean;
  lines: number;
  entries: number;
  unknownPatients: number;
  skipped: number;
}

/** Frailty counts of the latest run per practice. */
export async function fetchFrailtySummary(): Promise<FrailtySummary> {
  return (await getJson('/api/population/frailty')) as FrailtySummary;
}

/** A practice's moderately and severely frail patients (audited). */
export async function fetchFrailtyWorklist(
  practiceId: string,
): Promise<{ run: FrailtyRun | null; patients: FrailtyWorklistPatient[] }> {
  return (await getJson(
    `/api/population/practices/${encodeURIComponent(practiceId)}/frailty-worklist`,
  )) as { run: FrailtyRun | null; patients: FrailtyWorklistPatient[] };
}

/** One patient's frailty detail (audited). */
export async function fetchPatientFrailty(patientId: string): Promise<PatientFrailty> {
  return (await getJson(
    `/api/population/patients/${encodeURIComponent(patientId)}/frailty`,
  )) as PatientFrailty;
}

/** Scores every patient aged 65+ on a date. */
export async function runFrailtyScoring(on: string): Promise<FrailtyRun> {
  return (await postJson('/api/population/frailty-runs', { on })) as FrailtyRun;
}

/** The media type a coded-records file is sent as, from its name; undefined when neither. */
export function uploadTypeOf(fileName: string): string | undefined {
  if (/\.csv$/i.test(fileName)) return 'text/csv';
  if (/\.ndjson$/i.test(fileName)) return 'application/x-ndjson';
  return undefined;
}

/**
 * Uploads one coded-records file as the request body (the browser streams it from disk),
 * reporting the fraction sent; XMLHttpRequest, because fetch cannot report upload progress.
 */
export function uploadCodedFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<CodedImportResult> {
  const type = uploadTypeOf(file.name);
  return new Promise((resolve, reject) => {
    if (!type) {
      reject(new ApiError(toProblem(400, { detail: 'Choose a .csv or .ndjson file' })));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/population/imports?fileName=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', type);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(new ApiError(toProblem(0, { detail: 'The upload did not reach the server' })));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as CodedImportResult);
      else reject(new ApiError(toProblem(xhr.status, body)));
    };
    xhr.send(file);
  });
}

/** One count across practices: null when 1-4 and suppressed. */
export interface RegisterCount {
  members: number | null;
  denominator: number;
  prevalencePercent: number | null;
}

/** One practice's register figures, from `GET /api/population/register-summary`. */
export interface PracticeRegisterSummary extends RegisterCount {
  practiceId: string;
  practiceName: string;
  suppressed: boolean;
  carePlansCurrent: number | null;
  due: number | null;
  byAgeBand: Record<RegisterAgeBand, RegisterCount>;
}

/** A register and its figures per practice on a day. */
export interface RegisterSummary {
  register: {
    key: string;
    name: string;
    kind: 'frailty' | 'codes';
    codes: number | null;
    /** The ages (whole years on the day) it is for; null where open. */
    minAge: number | null;
    maxAge: number | null;
    /** Where its codes came from and their version; null when not given. */
    source: string | null;
    version: string | null;
  };
  on: string;
  practices: PracticeRegisterSummary[];
}

/** A patient on a practice's register worklist with their review status. */
export interface RegisterWorklistPatient {
  patientId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  age: number;
  status: RegisterStatus;
}

/** Register counts and prevalence per practice and age band. */
export async function fetchRegisterSummary(key: string): Promise<RegisterSummary> {
  return (await getJson(
    `/api/population/register-summary?key=${encodeURIComponent(key)}`,
  )) as RegisterSummary;
}

/** Everyone on a practice's register with their care plan and medication review (audited). */
export async function fetchRegisterWorklist(
  key: string,
  practiceId: string,
): Promise<{ patients: RegisterWorklistPatient[] }> {
  return (await getJson(
    `/api/population/practices/${encodeURIComponent(practiceId)}/registers/${encodeURIComponent(key)}/worklist?all=true`,
  )) as { patients: RegisterWorklistPatient[] };
}

/** Records a care plan or medication review done on a day. */
export async function recordRegisterReview(
  key: string,
  patientId: string,
  kind: RegisterReviewKind,
  on: string,
): Promise<{ patientId: string; status: RegisterStatus }> {
  return (await postJson(
    `/api/population/registers/${encodeURIComponent(key)}/patients/${encodeURIComponent(patientId)}/reviews`,
    { kind, on },
  )) as { patientId: string; status: RegisterStatus };
}

/** A register: the built-in frailty one or one defined by codes. */
export type PopulationRegister = RegisterSummary['register'];

/** The registers of the organisation, frailty first. */
export async function fetchRegisters(): Promise<PopulationRegister[]> {
  return ((await getJson('/api/population/registers')) as { registers: PopulationRegister[] })
    .registers;
}

/** A loaded eFI code list, without its codes. */
export interface StoredCodeList {
  id: string;
  name: string;
  version: string;
  source: string;
  codes: number;
}

/** The code lists loaded, newest first. */
export async function fetchCodeLists(): Promise<StoredCodeList[]> {
  return ((await getJson('/api/population/code-lists')) as { codeLists: StoredCodeList[] })
    .codeLists;
}

/** A register to define: uploaded codes with their source and version, or a loaded list's. */
export type RegisterDefinition = {
  key: string;
  name: string;
  minAge?: number;
  maxAge?: number;
} & (
  | { codes: readonly string[]; source: string; version: string }
  | { fromCodeList: { codeListId: string; deficit: string } }
);

/** Defines a register by codes (an administrator). */
export async function defineRegister(definition: RegisterDefinition): Promise<PopulationRegister> {
  return (await postJson('/api/population/registers', definition)) as PopulationRegister;
}
