import { describe, expect, it } from 'vitest';
import { testNhsNumbers } from '../org/nhs-number.js';
import { readNdjsonLine } from './coded-records.js';
import { demoCodedLines } from './demo-coded.js';
import { EFI_DEFICIT_IDS, type EfiDeficitId } from './efi-deficits.js';
import { scoreFrailty, type FrailtyResult, type MatchedEntry } from './frailty.js';

// Any well-formed SNOMED CT ids will do here: the generator only copies them.
const codeOf = Object.fromEntries(EFI_DEFICIT_IDS.map((d) => [d, '73211009'])) as Record<
  EfiDeficitId,
  string
>;
const AS_OF = '2026-10-01';

/**
 * A demo patient scored as the import and scoring would: each Condition is a distinct deficit
 * (the generator never repeats one; all share one code here), medications by their codes.
 */
function scoreLines(lines: readonly string[], dateOfBirth: string): FrailtyResult | null {
  const entries: MatchedEntry[] = lines.map((line, i) => {
    const read = readNdjsonLine(line);
    if (read.type !== 'entry') throw new Error(`line ${i} is not an entry`);
    const { kind, code, date } = read.entry;
    return kind === 'medication'
      ? { deficit: 'medication', code, date }
      : { deficit: EFI_DEFICIT_IDS[i] ?? 'anaemia', code, date };
  });
  return scoreFrailty({ dateOfBirth }, entries, AS_OF);
}

/** Categories of 4,000 made-up patients born in one year, and how many have polypharmacy. */
function categoriesBornIn(year: number) {
  const counts = { fit: 0, mild: 0, moderate: 0, severe: 0, polypharmacy: 0 };
  const numbers = testNhsNumbers();
  for (let i = 0; i < 4000; i++) {
    const dateOfBirth = `${year}-03-15`;
    const lines = demoCodedLines(
      { nhsNumber: numbers.next().value ?? '', dateOfBirth },
      AS_OF,
      codeOf,
      7,
    );
    const result = scoreLines(lines, dateOfBirth);
    if (!result) throw new Error('an over-65 was not scored');
    counts[result.category] += 1;
    if (result.deficits.includes('polypharmacy')) counts.polypharmacy += 1;
  }
  return counts;
}

describe('demoCodedLines', () => {
  it('gives under-65s nothing', () => {
    expect(
      demoCodedLines({ nhsNumber: '9990000001', dateOfBirth: '1962-01-01' }, AS_OF, codeOf, 1),
    ).toEqual([]);
  });

  it('codes under-65s when asked for everyone: more with age, never dated before birth, never scored', () => {
    const numbers = testNhsNumbers();
    const linesBornIn = (dateOfBirth: string) =>
      Array.from({ length: 500 }, () =>
        demoCodedLines({ nhsNumber: numbers.next().value ?? '', dateOfBirth }, AS_OF, codeOf, 3, {
          everyone: true,
        }),
      );
    const child = linesBornIn('2020-06-01').flat();
    const adult = linesBornIn('1970-06-01').flat();
    expect(adult.length).toBeGreaterThan(child.length * 3);
    for (const line of [...child, ...adult]) {
      const read = readNdjsonLine(line);
      if (read.type !== 'entry') throw new Error('not an entry');
      expect(read.entry.date >= '1970-06-01').toBe(true);
    }
    expect(
      child
        .map((l) => readNdjsonLine(l))
        .every((r) => r.type === 'entry' && r.entry.date >= '2020-06-01'),
    ).toBe(true);
    expect(scoreLines(adult.slice(0, 5), '1970-06-01')).toBeNull();
    // The option leaves over-65s exactly as the demo makes them.
    const older = { nhsNumber: '9990000001', dateOfBirth: '1950-01-01' };
    expect(demoCodedLines(older, AS_OF, codeOf, 3, { everyone: true })).toEqual(
      demoCodedLines(older, AS_OF, codeOf, 3),
    );
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

  it('gives a plausible share of over-65s polypharmacy (5+ current medications), more with age', () => {
    const young = categoriesBornIn(1958);
    const old = categoriesBornIn(1938);
    // In England about a third of the young-old take 5 or more medicines, half of the oldest.
    expect(young.polypharmacy / 4000).toBeGreaterThan(0.1);
    expect(young.polypharmacy / 4000).toBeLessThan(0.35);
    expect(old.polypharmacy).toBeGreaterThan(young.polypharmacy);
    expect(old.polypharmacy / 4000).toBeLessThan(0.6);
  });

  it('counts only medications of the last 12 months: an older one never makes polypharmacy', () => {
    const numbers = testNhsNumbers();
    let withPast = 0;
    for (let i = 0; i < 400; i++) {
      const dateOfBirth = '1940-06-01';
      const lines = demoCodedLines(
        { nhsNumber: numbers.next().value ?? '', dateOfBirth },
        AS_OF,
        codeOf,
        11,
      );
      const meds = lines
        .map((l) => readNdjsonLine(l))
        .flatMap((r) => (r.type === 'entry' && r.entry.kind === 'medication' ? [r.entry] : []));
      const current = meds.filter((m) => m.date > '2025-10-01' && m.date <= AS_OF);
      if (current.length < meds.length) withPast += 1;
      expect(new Set(meds.map((m) => m.code)).size).toBe(meds.length);
      expect(scoreLines(lines, dateOfBirth)?.deficits.includes('polypharmacy')).toBe(
        current.length >= 5,
      );
    }
    expect(withPast).toBeGreaterThan(0);
  });

  it('writes FHIR Conditions and medications the import reads, dated between birth and the day, deterministically', () => {
    const patient = { nhsNumber: '9990000002', dateOfBirth: '1930-02-02' };
    const numbers = testNhsNumbers();
    const lines = Array.from({ length: 40 }, () =>
      demoCodedLines({ ...patient, nhsNumber: numbers.next().value ?? '' }, AS_OF, codeOf, 3),
    ).flat();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('"MedicationRequest"'))).toBe(true);
    expect(lines.some((l) => l.includes('"MedicationStatement"'))).toBe(true);
    for (const line of lines) {
      const read = readNdjsonLine(line);
      expect(read.type).toBe('entry');
      if (read.type !== 'entry') continue;
      expect(['condition', 'medication']).toContain(read.entry.kind);
      expect(read.entry.date <= AS_OF && read.entry.date >= patient.dateOfBirth).toBe(true);
    }
    expect(demoCodedLines(patient, AS_OF, codeOf, 3)).toEqual(
      demoCodedLines(patient, AS_OF, codeOf, 3),
    );
  });
});
