import { AtscaleError, odsCodeProblem } from '@atscale/domain';
import type { PracticeListEntry } from '@atscale/db';
import type { CsvRecord } from './csv-records.js';
import { isoDateFromCompact } from './compact-date.js';

/** Columns of the public GP practice list (ODS epraccur): no header, by position. */
const COLUMNS = 27;
const AT = {
  code: 0,
  name: 1,
  nationalGrouping: 2,
  healthGeography: 3,
  addressLine1: 4,
  postcode: 9,
  openDate: 10,
  status: 12,
  commissioner: 14,
  phone: 17,
  prescribingSetting: 25,
} as const;

/** Prescribing setting 4 is a GP practice; the list also holds prisons, hospices, clinics... */
const GP_PRACTICE_SETTING = '4';

const STATUS_SKIP_REASONS: Readonly<Record<string, string | null>> = {
  A: null,
  C: 'closed',
  D: 'dormant',
  P: 'proposed',
};

/** Why rows of the list were left out, with how many for each reason. */
export type SkippedRows = ReadonlyMap<string, number>;

/** The active GP practices of a practice list file, and what was left out. */
export interface PracticeListRows {
  readonly rowsRead: number;
  readonly practices: readonly PracticeListEntry[];
  readonly skipped: SkippedRows;
}

/**
 * Reads the records of a GP practice list file, keeping active GP practices (status A,
 * prescribing setting 4). Every row must have the 27 columns and a known status; kept rows
 * must also have a valid ODS code, a name, a real open date, and an ODS code no other kept row
 * has. The first bad row stops it, named by row number, so nothing half-checked is written.
 */
export function readPracticeListRows(records: readonly CsvRecord[]): PracticeListRows {
  const practices: PracticeListEntry[] = [];
  const skipped = new Map<string, number>();
  const rowOfCode = new Map<string, number>();
  for (const { row, fields } of records) {
    const bad = (reason: string) =>
      new AtscaleError('validation-failed', `Row ${row}: ${reason}; nothing was imported`);
    if (fields.length !== COLUMNS) {
      throw bad(
        `has ${fields.length} columns where the practice list has ${COLUMNS} (is this the epraccur file?)`,
      );
    }
    const at = (i: number) => (fields[i] ?? '').trim();
    const status = at(AT.status);
    const statusSkip = STATUS_SKIP_REASONS[status];
    if (statusSkip === undefined) {
      throw bad(`status "${status}" is not one of A, C, D, P`);
    }
    const reason =
      statusSkip ??
      (at(AT.prescribingSetting) === GP_PRACTICE_SETTING ? null : 'not a GP practice');
    if (reason !== null) {
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      continue;
    }
    const odsCode = at(AT.code);
    const codeProblem = odsCodeProblem(odsCode);
    if (codeProblem) throw bad(`ODS code "${odsCode}": ${codeProblem}`);
    const earlier = rowOfCode.get(odsCode);
    if (earlier !== undefined) throw bad(`ODS code ${odsCode} is also on row ${earlier}`);
    rowOfCode.set(odsCode, row);
    const name = at(AT.name);
    if (name === '') throw bad(`practice ${odsCode} has no name`);
    const openDate = at(AT.openDate);
    const openedOn = openDate === '' ? null : isoDateFromCompact(openDate);
    if (openedOn === undefined) {
      throw bad(`open date "${openDate}" is not a date written YYYYMMDD`);
    }
    const optional = (i: number) => at(i) || null;
    practices.push({
      odsCode,
      name,
      addressLines: [
        optional(AT.addressLine1),
        optional(AT.addressLine1 + 1),
        optional(AT.addressLine1 + 2),
        optional(AT.addressLine1 + 3),
        optional(AT.addressLine1 + 4),
      ],
      postcode: optional(AT.postcode),
      phone: optional(AT.phone),
      openedOn,
      commissionerCode: optional(AT.commissioner),
      nationalGrouping: optional(AT.nationalGrouping),
      healthGeography: optional(AT.healthGeography),
    });
  }
  return { rowsRead: records.length, practices, skipped };
}
