import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import { parseEfiCodeList } from './code-list.js';
import { EFI_DEFICIT_IDS } from './efi-deficits.js';
import { verhoeffCheckDigit } from './sctid.js';

/** A distinct well-formed concept id for each number: digits, partition 00, Verhoeff digit. */
const sctid = (n: number) => {
  const body = `${100000 + n}00`;
  return `${body}${verhoeffCheckDigit(body)}`;
};

const complete = () => ({
  name: 'Test list',
  version: 'v1',
  source: 'Constructed for a test',
  licence: 'None needed',
  deficits: Object.fromEntries<{ code: string; term: string }[]>(
    EFI_DEFICIT_IDS.map((id, i) => [
      id,
      id === 'polypharmacy' ? [] : [{ code: sctid(i), term: id }],
    ]),
  ),
});

const problemsOf = (input: unknown) => {
  try {
    parseEfiCodeList(input);
    return [];
  } catch (error) {
    if (!(error instanceof AtscaleError)) throw error;
    return error.errors.map((e) => `${e.field} ${e.message}`);
  }
};

describe('checking an eFI code list', () => {
  it('accepts a list naming every deficit with its own codes, and keeps its provenance', () => {
    const list = parseEfiCodeList(complete());
    expect(list).toMatchObject({ name: 'Test list', version: 'v1', licence: 'None needed' });
    expect(list.deficits.falls).toEqual([
      { code: sctid(EFI_DEFICIT_IDS.indexOf('falls')), term: 'falls' },
    ]);
    expect(list.deficits.polypharmacy).toEqual([]);
  });

  it('refuses one code standing for two deficits', () => {
    const list = complete();
    list.deficits['falls'] = [{ code: sctid(0), term: 'again' }];
    expect(problemsOf(list)).toEqual([
      `/deficits/falls/0/code ${sctid(0)} is already listed for activity-limitation`,
    ]);
  });

  it('names a missing deficit, an empty one, an unknown one and a bad code', () => {
    const list = complete();
    const deficits = list.deficits as Record<string, unknown>;
    delete deficits['falls'];
    deficits['housebound'] = [];
    deficits['fun'] = [];
    deficits['anaemia'] = [{ code: '49436005', term: 'typo' }];
    const problems = problemsOf(list);
    expect(problems).toContain('/deficits/falls is missing: every deficit must be listed');
    expect(problems).toContain('/deficits/housebound needs at least one code');
    expect(problems).toContain('/deficits/fun is not one of the 36 eFI deficits');
    expect(problems).toContain(
      '/deficits/anaemia/0/code 49436005 is not a SNOMED CT id: its check digit is wrong',
    );
  });

  it('needs a name, version, source and licence', () => {
    expect(problemsOf({ deficits: {} }).slice(0, 4)).toEqual([
      '/name is required',
      '/version is required',
      '/source is required',
      '/licence is required',
    ]);
    expect(problemsOf(null)).toContain('/deficits must be an object keyed by deficit id');
  });
});
