import { describe, expect, it } from 'vitest';
import { uploadTypeOf } from '../../api/population';
import { percentOf } from './frailty-labels';
import {
  frailtyWorklistPath,
  frailtyWorklistPracticeAt,
  patientFrailtyAt,
  patientFrailtyPath,
} from './frailty-paths';

describe('frailty pages', () => {
  it('round-trips ids through their paths, and reads no other path as one', () => {
    expect(frailtyWorklistPracticeAt(frailtyWorklistPath('a b/c'))).toBe('a b/c');
    expect(patientFrailtyAt(patientFrailtyPath('p-1'))).toBe('p-1');
    expect(patientFrailtyAt(frailtyWorklistPath('p-1'))).toBeUndefined();
    expect(frailtyWorklistPracticeAt('/population/frailty/practices/%E0')).toBeUndefined();
  });

  it('sends CSV and NDJSON files with their media types, and nothing else', () => {
    expect(uploadTypeOf('extract.CSV')).toBe('text/csv');
    expect(uploadTypeOf('Condition.ndjson')).toBe('application/x-ndjson');
    expect(uploadTypeOf('notes.txt')).toBeUndefined();
  });

  it('gives shares as whole percentages, and a dash with nobody to count', () => {
    expect(percentOf(1, 3)).toBe('33%');
    expect(percentOf(0, 0)).toBe('–');
  });
});
