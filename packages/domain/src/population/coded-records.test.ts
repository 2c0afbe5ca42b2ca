import { describe, expect, it } from 'vitest';
import { CodedLineError, fhirDay, readCsvLine, readNdjsonLine } from './coded-records.js';

const NHS = '9990000026';
const snomed = (code: string) => ({ coding: [{ system: 'http://snomed.info/sct', code }] });
const line = (resource: object) => JSON.stringify(resource);

describe('reading FHIR NDJSON lines', () => {
  it('reads a Patient id and NHS number', () => {
    const patient = {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS }],
    };
    expect(readNdjsonLine(line(patient))).toEqual({ type: 'patient', id: 'p1', nhsNumber: NHS });
  });

  it('reads conditions, observations and medications with their dates', () => {
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      code: snomed('49436004'),
      onsetDateTime: '2021-03-04T10:00:00Z',
    };
    expect(readNdjsonLine(line(condition))).toEqual({
      type: 'entry',
      entry: {
        subject: { patientRef: 'p1' },
        kind: 'condition',
        code: '49436004',
        date: '2021-03-04',
      },
    });
    const medication = {
      resourceType: 'MedicationStatement',
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS } },
      medicationCodeableConcept: snomed('38341003'),
      effectivePeriod: { start: '2025-02' },
    };
    expect(readNdjsonLine(line(medication))).toMatchObject({
      entry: { subject: { nhsNumber: NHS }, kind: 'medication', date: '2025-02-01' },
    });
  });

  it('skips other resources and other code systems', () => {
    expect(readNdjsonLine(line({ resourceType: 'Encounter' }))).toMatchObject({ type: 'skip' });
    const icd = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I48' }] },
    };
    expect(readNdjsonLine(line(icd))).toEqual({ type: 'skip', reason: 'code-system' });
  });

  it('refuses broken JSON, bad codes, and entries with no subject or date', () => {
    const bad = [
      '{"resourceType": "Condition"',
      line({
        resourceType: 'Condition',
        subject: { reference: 'Patient/p1' },
        code: snomed('49436005'),
        onsetDateTime: '2021-01-01',
      }),
      line({ resourceType: 'Condition', code: snomed('49436004'), onsetDateTime: '2021-01-01' }),
      line({
        resourceType: 'Condition',
        subject: { reference: 'Patient/p1' },
        code: snomed('49436004'),
      }),
      line({ resourceType: 'Patient' }),
    ];
    for (const text of bad) expect(() => readNdjsonLine(text), text).toThrow(CodedLineError);
  });

  it('cuts FHIR dates to their day', () => {
    expect(fhirDay('2024')).toBe('2024-01-01');
    expect(fhirDay('2024-02-30')).toBeNull();
    expect(fhirDay(20240101)).toBeNull();
  });
});

describe('reading CSV lines', () => {
  it('reads SNOMED rows as conditions and dm+d rows as medications', () => {
    expect(readCsvLine(`${NHS},http://snomed.info/sct,49436004,2020-01-02`)).toEqual({
      type: 'entry',
      entry: {
        subject: { nhsNumber: NHS },
        kind: 'condition',
        code: '49436004',
        date: '2020-01-02',
      },
    });
    expect(readCsvLine(`${NHS},https://dmd.nhs.uk,38341003,2020-01-02`)).toMatchObject({
      entry: { kind: 'medication' },
    });
    expect(readCsvLine(`${NHS},http://read.info/ctv3,XaIJv,2020-01-02`)).toMatchObject({
      type: 'skip',
    });
  });

  it('names what is wrong with a bad row', () => {
    expect(() => readCsvLine(`9990000027,http://snomed.info/sct,49436004,2020-01-02`)).toThrow(
      /nhs_number/,
    );
    expect(() => readCsvLine(`${NHS},http://snomed.info/sct,49436004,2020-13-02`)).toThrow(/date/);
    expect(() => readCsvLine(`${NHS},http://snomed.info/sct,4943600,2020-01-02`)).toThrow(/code/);
    expect(() => readCsvLine(`${NHS},http://snomed.info/sct`)).toThrow(/2 fields/);
  });
});
