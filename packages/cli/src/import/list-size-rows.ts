import { AtscaleError, odsCodeProblem } from '@atscale/domain';
import type { ListSizeEntry } from '@atscale/db';
import { isoDate } from './compact-date.js';
import type { CsvRecord } from './csv-records.js';

const HEADER = ['ods_code', 'date', 'list_size'] as const;

/** The largest list size a practice could have; beyond it the number is a mistake. */
const MAX_LIST_SIZE = 2_147_483_647;

/**
 * Reads the records of a list size file: a header `ods_code,date,list_size`, then one row per
 * practice and date, with a valid ODS code, a date YYYY-MM-DD and a whole number of patients.
 * A practice and date may appear once. The first bad row stops it, named by row number.
 */
export function readListSizeRows(records: readonly CsvRecord[]): ListSizeEntry[] {
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim().toLowerCase());
  if (!names || names.join(',') !== HEADER.join(',')) {
    throw new AtscaleError(
      'validation-failed',
      `Row 1: the first row must be the header ${HEADER.join(',')}; nothing was imported`,
    );
  }
  const rowOf = new Map<string, number>();
  return rows.map(({ row, fields }) => {
    const bad = (reason: string) =>
      new AtscaleError('validation-failed', `Row ${row}: ${reason}; nothing was imported`);
    if (fields.length !== HEADER.length) {
      throw bad(`has ${fields.length} columns where the header has ${HEADER.length}`);
    }
    const [odsCode = '', dateText = '', sizeText = ''] = fields.map((f) => f.trim());
    const codeProblem = odsCodeProblem(odsCode);
    if (codeProblem) throw bad(`ODS code "${odsCode}": ${codeProblem}`);
    const date = isoDate(dateText);
    if (date === undefined) throw bad(`date "${dateText}" is not a date written YYYY-MM-DD`);
    const listSize = Number(sizeText);
    if (!/^\d+$/.test(sizeText) || listSize > MAX_LIST_SIZE) {
      throw bad(`list size "${sizeText}" is not a whole number of patients (0 or more)`);
    }
    const key = `${odsCode} ${date}`;
    const earlier = rowOf.get(key);
    if (earlier !== undefined) throw bad(`${odsCode} on ${date} is also on row ${earlier}`);
    rowOf.set(key, row);
    return { row, odsCode, date, listSize };
  });
}
