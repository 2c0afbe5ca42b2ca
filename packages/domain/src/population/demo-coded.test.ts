import { describe, expect, it } from 'vitest';
import { testNhsNumbers } from '../org/nhs-number.js';
import { readNdjsonLine } from './coded-records.js';
import { demoCodedLines } from './demo-coded.js';
import { EFI_DEFICIT_IDS, type EfiDeficitId } from './efi-deficits.js';
import { frailtyCategory } from './frailty.js';

// Any well-formed SNOMED CT ids will do here: the generator only copies them.
const codeOf = Object.fromEntries(EFI_DEFICIT_IDS.map((d) => [d, '73211009'])) as Record<
  EfiDeficitId,
  string
>;
const AS_OF = '2026-10-01';

/** Categories of 4,000 made-up patients born in one year. */
function categoriesBornIn(year: number) {
  const counts = { fit: 0, mild: 0, moderate: 0, severe: 0 };
  for (let i = 0; i < 4000; i++) {
    const lines = demoCodedLines(
      { nhsNumber: `999${String(i).padStart(7, '0')}`, dateOfBirth: `${year}-03-15` },
      AS_OF,
      codeOf,
      7,
    );
    counts[frailtyCategory(lines.length)] += 1;
  }
  return counts;
}

describe('demoCodedLines', () => {
  it('gives under-65s nothing', () => {
    expect(
      demoCodedLines({ nhsNumber: '9990000001', dateOfBirth: '1962-01-01' }, AS_OF, codeOf, 1),
    ).toEqual([]);
  });

  it('makes most over-65s fit or mild, a minority moderate or severe, more with age', () => {
    const young = categoriesBornIn(1958); // 68
    const old = categoriesBornIn(1938); // 88
    const frailShare = (c: typeof young) => (c.moderate + c.severe) / 4000;
    expect(frailShare(young)).toBeGreaterThan(0.03);
    expect(frailShare(young)).toBeLessThan(0.15);
    expect(frailShare(old)).toBeGreaterThan(frailShare(young));
    expect(frailShare(old)).toBeLessThan(0.4);
    expect(young.fit).toBeGreaterThan(young.mild);
  });

  it('writes FHIR Conditions the import reads, dated between birth and the day, deterministically', () => {
    const patient = { nhsNumber: '9990000002', dateOfBirth: '1930-02-02' };
    const numbers = testNhsNumbers();
    const lines = Array.from({ length: 40 }, () =>
      demoCodedLines({ ...patient, nhsNumber: numbers.next().value ?? '' }, AS_OF, codeOf, 3),
    ).flat();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const read = readNdjsonLine(line);
      expect(read.type).toBe('entry');
      if (read.type !== 'entry') continue;
      expect(read.entry.kind).toBe('condition');
      expect(read.entry.date <= AS_OF && read.entry.date >= patient.dateOfBirth).toBe(true);
    }
    expect(demoCodedLines(patient, AS_OF, codeOf, 3)).toEqual(
      demoCodedLines(patient, AS_OF, codeOf, 3),
    );
  });
});
