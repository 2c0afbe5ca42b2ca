import { AtscaleError } from '../errors.js';
import { assertIsoDate, type IsoDate } from '../org/iso-date.js';
import { isSctid } from './sctid.js';

/**
 * Registers for schemes such as the frailty service (POP-1): who is on one, whether their care
 * plan and medication review are up to date, and who is due. The frailty register is built in
 * (moderate and severe in the latest scoring run); other registers are defined by a list of
 * SNOMED CT codes (a patient with any of them is on it).
 */
export const FRAILTY_REGISTER_KEY = 'frailty';

/** What a practice records for a patient on a register. */
export const REGISTER_REVIEW_KINDS = ['care-plan', 'medication-review'] as const;
export type RegisterReviewKind = (typeof REGISTER_REVIEW_KINDS)[number];

/** A care plan or medication review is good for this many months, then it is due again. */
export const REGISTER_REVIEW_MONTHS = 12;

/** Age bands of register counts and prevalence, on every register. */
export const REGISTER_AGE_BANDS = ['0-17', '18-39', '40-64', '65-74', '75-84', '85+'] as const;
export type RegisterAgeBand = (typeof REGISTER_AGE_BANDS)[number];

/** The age band of an age in whole years. */
export function registerAgeBand(age: number): RegisterAgeBand {
  if (age >= 85) return '85+';
  if (age >= 75) return '75-84';
  if (age >= 65) return '65-74';
  if (age >= 40) return '40-64';
  if (age >= 18) return '18-39';
  return '0-17';
}

/**
 * Counts of 1 to 4 are not shown in views that compare practices to people who may not see
 * those practices' patients: with a practice's list and age band known, so small a number can
 * point at a person. Zero is shown (it discloses nobody).
 */
export const SUPPRESS_BELOW = 5;

/** The count as it may be shown across practices: null when suppressed. */
export function suppressSmall(count: number): number | null {
  return count > 0 && count < SUPPRESS_BELOW ? null : count;
}

/**
 * The date `months` calendar months after `date`, the day clamped to the month's last day
 * (a review on 29 February 2024 falls due on 28 February 2025, not 1 March).
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(day, last);
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Why one review kind is due: never done, or done more than 12 months ago. */
export type ReviewDue = 'never' | 'expired' | null;

/** A register entry's status on a day: each review's last date and whether it is due. */
export interface RegisterStatus {
  readonly carePlan: {
    readonly lastOn: IsoDate | null;
    readonly due: ReviewDue;
    readonly dueOn: IsoDate | null;
  };
  readonly medicationReview: {
    readonly lastOn: IsoDate | null;
    readonly due: ReviewDue;
    readonly dueOn: IsoDate | null;
  };
  /** True when either is due: the patient belongs on the practice's worklist. */
  readonly due: boolean;
}

function reviewDue(lastOn: IsoDate | null, on: IsoDate) {
  if (lastOn === null) return { lastOn, due: 'never' as const, dueOn: null };
  const dueOn = addMonthsClamped(lastOn, REGISTER_REVIEW_MONTHS);
  return { lastOn, due: on >= dueOn ? ('expired' as const) : null, dueOn };
}

/**
 * Whether a patient on a register is due on a day: no care plan, or the last care plan or
 * medication review 12 months or more ago (a review on 2025-06-30 is due from 2026-06-30).
 */
export function registerStatus(
  last: { readonly carePlanOn: IsoDate | null; readonly medicationReviewOn: IsoDate | null },
  on: IsoDate,
): RegisterStatus {
  const carePlan = reviewDue(last.carePlanOn, on);
  const medicationReview = reviewDue(last.medicationReviewOn, on);
  return {
    carePlan,
    medicationReview,
    due: carePlan.due !== null || medicationReview.due !== null,
  };
}

/** A review as recorded by a practice: what was done and on which day. */
export interface RegisterReviewInput {
  readonly kind: RegisterReviewKind;
  readonly on: IsoDate;
}

/**
 * Checks a review to record: a known kind, a real date, not after today and not before the
 * patient was born. Throws validation-failed naming the field.
 */
export function parseRegisterReview(
  input: { readonly kind: string; readonly on: string },
  today: IsoDate,
  dateOfBirth: IsoDate,
): RegisterReviewInput {
  if (!(REGISTER_REVIEW_KINDS as readonly string[]).includes(input.kind)) {
    const message = `must be one of ${REGISTER_REVIEW_KINDS.join(', ')}`;
    throw new AtscaleError('validation-failed', `kind: ${message}`, [{ field: '/kind', message }]);
  }
  assertIsoDate(input.on, '/on');
  const refuse = (message: string) => {
    throw new AtscaleError('validation-failed', `on: ${message}`, [{ field: '/on', message }]);
  };
  if (input.on > today) refuse('must not be in the future');
  if (input.on < dateOfBirth) refuse("must not be before the patient's date of birth");
  return { kind: input.kind as RegisterReviewKind, on: input.on };
}

/** A register defined by codes, as an administrator sends it. */
export interface CodeRegisterInput {
  readonly key: string;
  readonly name: string;
  readonly codes: readonly string[];
  /** Where the codes came from (a published list's address or owner) and its version. */
  readonly source?: string | undefined;
  readonly version?: string | undefined;
  /** Ages (in whole years on the day) the register is for, e.g. 17 and over for diabetes. */
  readonly minAge?: number | undefined;
  readonly maxAge?: number | undefined;
}

const REGISTER_KEY = /^[a-z][a-z0-9-]{1,40}$/;

/**
 * Checks a code-defined register: a lower-case key (not the built-in frailty one), a name, and
 * 1 to 2,000 distinct SNOMED CT concept ids with valid check digits. Names each bad field.
 */
export function parseCodeRegister(input: CodeRegisterInput): CodeRegisterInput {
  const problems: { field: string; message: string }[] = [];
  if (!REGISTER_KEY.test(input.key)) {
    problems.push({ field: '/key', message: 'must be 2-41 lower-case letters, digits or dashes' });
  } else if (input.key === FRAILTY_REGISTER_KEY) {
    problems.push({ field: '/key', message: 'frailty is the built-in frailty register' });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    problems.push({ field: '/name', message: 'must be 1-200 characters' });
  }
  if (input.codes.length === 0 || input.codes.length > 2000) {
    problems.push({ field: '/codes', message: 'must list 1-2000 codes' });
  }
  input.codes.forEach((code, i) => {
    if (!isSctid(code)) {
      problems.push({ field: `/codes/${i}`, message: 'must be a SNOMED CT concept id' });
    }
  });
  const source = input.source?.trim();
  const version = input.version?.trim();
  if (source !== undefined && (source.length === 0 || source.length > 2000)) {
    problems.push({ field: '/source', message: 'must be 1-2000 characters' });
  }
  if (version !== undefined && (version.length === 0 || version.length > 100)) {
    problems.push({ field: '/version', message: 'must be 1-100 characters' });
  }
  if ((source === undefined) !== (version === undefined)) {
    const field = source === undefined ? '/source' : '/version';
    problems.push({ field, message: 'give the source and version of the codes together' });
  }
  for (const [field, age] of [
    ['/minAge', input.minAge],
    ['/maxAge', input.maxAge],
  ] as const) {
    if (age !== undefined && !(Number.isInteger(age) && age >= 0 && age <= 130)) {
      problems.push({ field, message: 'must be a whole number of years from 0 to 130' });
    }
  }
  if (input.minAge !== undefined && input.maxAge !== undefined && input.minAge > input.maxAge) {
    problems.push({ field: '/maxAge', message: 'must not be below minAge' });
  }
  const first = problems[0];
  if (first) {
    throw new AtscaleError(
      'validation-failed',
      `${first.field.slice(1)}: ${first.message}`,
      problems,
    );
  }
  return {
    key: input.key,
    name,
    codes: [...new Set(input.codes)],
    ...(source !== undefined && version !== undefined ? { source, version } : {}),
    ...(input.minAge !== undefined ? { minAge: input.minAge } : {}),
    ...(input.maxAge !== undefined ? { maxAge: input.maxAge } : {}),
  };
}

/** Codes read from a file an analyst uploads to define a register. */
export interface RegisterCodeFile {
  readonly codes: readonly string[];
  readonly source?: string;
  readonly version?: string;
}

const bad = (message: string): never => {
  throw new AtscaleError('validation-failed', `file: ${message}`, [{ field: 'file', message }]);
};

/**
 * Reads a register's code list from an uploaded file: JSON, either an array of codes or
 * `{ source, version, codes }` where each code is a string or `{ code }`; or CSV with a `code`
 * column (or one column of codes, header or not). Codes are checked later by
 * `parseCodeRegister`, which names each bad one; this only finds them. Throws naming `file`.
 */
export function readRegisterCodeFile(fileName: string, text: string): RegisterCodeFile {
  const body = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(fileName)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return bad('is not valid JSON');
    }
    const record =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    const list = Array.isArray(parsed) ? parsed : record?.['codes'];
    if (!Array.isArray(list)) return bad('must be an array of codes or an object with codes');
    const codes = list.map((item: unknown, i) => {
      const code =
        typeof item === 'object' && item !== null
          ? (item as Record<string, unknown>)['code']
          : item;
      if (typeof code !== 'string' && typeof code !== 'number') {
        return bad(`code ${i + 1} is neither text nor { "code": ... }`);
      }
      return String(code).trim();
    });
    const textOf = (key: string) => {
      const value = record?.[key];
      return typeof value === 'string' ? value : undefined;
    };
    const source = textOf('source');
    const version = textOf('version');
    return {
      codes,
      ...(source !== undefined ? { source } : {}),
      ...(version !== undefined ? { version } : {}),
    };
  }
  if (/\.csv$/i.test(fileName)) {
    const rows = body
      .split(/\r?\n/)
      .map((line) => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')))
      .filter((cells) => cells.some((c) => c !== ''));
    const header = rows[0]?.map((c) => c.toLowerCase()) ?? [];
    const named = header.findIndex((c) => c === 'code' || c === 'conceptid' || c === 'snomed_code');
    const column = named >= 0 ? named : 0;
    const hasHeader = named >= 0 || !/^[0-9]+$/.test(rows[0]?.[0] ?? '');
    return { codes: rows.slice(hasHeader ? 1 : 0).map((cells) => cells[column] ?? '') };
  }
  return bad('choose a .json or .csv file');
}
