import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  parseCodeRegister,
  parseRegisterReview,
  readRegisterCodeFile,
  registerAgeBand,
  registerStatus,
  suppressSmall,
} from './registers.js';

describe('registerStatus', () => {
  it('is due with no care plan, whatever the medication review', () => {
    const s = registerStatus({ carePlanOn: null, medicationReviewOn: '2026-06-01' }, '2026-06-30');
    expect(s.carePlan).toEqual({ lastOn: null, due: 'never', dueOn: null });
    expect(s.medicationReview.due).toBeNull();
    expect(s.due).toBe(true);
  });

  it('falls due exactly 12 months after a review, not the day before', () => {
    const last = { carePlanOn: '2025-06-30', medicationReviewOn: '2025-07-01' };
    const before = registerStatus(last, '2026-06-29');
    expect(before.due).toBe(false);
    expect(before.carePlan.dueOn).toBe('2026-06-30');
    const onTheDay = registerStatus(last, '2026-06-30');
    expect(onTheDay.carePlan.due).toBe('expired');
    expect(onTheDay.medicationReview.due).toBeNull();
    expect(onTheDay.due).toBe(true);
    expect(registerStatus(last, '2026-07-01').medicationReview.due).toBe('expired');
  });

  it('is due when only the medication review is old or missing', () => {
    expect(
      registerStatus({ carePlanOn: '2026-01-01', medicationReviewOn: null }, '2026-06-30').due,
    ).toBe(true);
    expect(
      registerStatus({ carePlanOn: '2026-01-01', medicationReviewOn: '2025-01-01' }, '2026-06-30')
        .medicationReview.due,
    ).toBe('expired');
  });
});

describe('addMonthsClamped', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2023-12-15', 12)).toBe('2024-12-15');
    expect(addMonthsClamped('2024-11-30', 3)).toBe('2025-02-28');
  });
});

describe('registerAgeBand and suppressSmall', () => {
  it('bands at the edges', () => {
    expect([17, 18, 39, 40, 64, 65, 74, 75, 84, 85].map(registerAgeBand)).toEqual([
      '0-17',
      '18-39',
      '18-39',
      '40-64',
      '40-64',
      '65-74',
      '65-74',
      '75-84',
      '75-84',
      '85+',
    ]);
  });
  it('hides 1 to 4, shows 0 and 5', () => {
    expect([0, 1, 4, 5, 120].map(suppressSmall)).toEqual([0, null, null, 5, 120]);
  });
});

describe('parseRegisterReview', () => {
  it('takes a past or today date of a known kind', () => {
    expect(
      parseRegisterReview({ kind: 'care-plan', on: '2026-06-30' }, '2026-06-30', '1940-01-01'),
    ).toEqual({
      kind: 'care-plan',
      on: '2026-06-30',
    });
  });
  it('names the bad field', () => {
    const fieldOf = (input: { kind: string; on: string }) => {
      try {
        parseRegisterReview(input, '2026-06-30', '1940-01-01');
        return null;
      } catch (error) {
        return (error as { errors: { field: string }[] }).errors[0]?.field;
      }
    };
    expect(fieldOf({ kind: 'annual-review', on: '2026-06-30' })).toBe('/kind');
    expect(fieldOf({ kind: 'care-plan', on: '2026-07-01' })).toBe('/on');
    expect(fieldOf({ kind: 'care-plan', on: '1939-12-31' })).toBe('/on');
    expect(fieldOf({ kind: 'care-plan', on: '2026-02-30' })).toBe('/on');
  });
});

describe('parseCodeRegister', () => {
  it('keeps distinct valid codes and refuses the frailty key and bad codes', () => {
    expect(
      parseCodeRegister({ key: 'diabetes', name: ' Diabetes ', codes: ['73211009', '73211009'] }),
    ).toEqual({
      key: 'diabetes',
      name: 'Diabetes',
      codes: ['73211009'],
    });
    expect(() => parseCodeRegister({ key: 'frailty', name: 'x', codes: ['73211009'] })).toThrow(
      /key/,
    );
    expect(() => parseCodeRegister({ key: 'dm', name: 'x', codes: ['73211008'] })).toThrow(
      /codes\/0/,
    );
    expect(() => parseCodeRegister({ key: 'dm', name: 'x', codes: [] })).toThrow(/codes/);
  });
});

describe('parseCodeRegister source and version', () => {
  it('keeps them trimmed, and refuses one without the other naming the missing field', () => {
    expect(
      parseCodeRegister({
        key: 'asthma',
        name: 'Asthma',
        codes: ['195967001'],
        source: ' NHS Digital ',
        version: '2026-04',
      }),
    ).toMatchObject({ source: 'NHS Digital', version: '2026-04' });
    expect(() =>
      parseCodeRegister({ key: 'asthma', name: 'Asthma', codes: ['195967001'], source: 'x' }),
    ).toThrow(/^version: /);
    expect(() =>
      parseCodeRegister({
        key: 'asthma',
        name: 'Asthma',
        codes: ['195967001'],
        source: ' ',
        version: '1',
      }),
    ).toThrow(/^source: /);
  });
});

describe('parseCodeRegister age range', () => {
  const base = { key: 'diabetes', name: 'Diabetes', codes: ['73211009'] };
  it('keeps a range that may be open at either end, or a single age', () => {
    expect(parseCodeRegister({ ...base, minAge: 17 })).toMatchObject({ minAge: 17 });
    expect(parseCodeRegister({ ...base, maxAge: 17 })).toMatchObject({ maxAge: 17 });
    expect(parseCodeRegister({ ...base, minAge: 40, maxAge: 40 })).toMatchObject({
      minAge: 40,
      maxAge: 40,
    });
    expect(parseCodeRegister(base)).not.toHaveProperty('minAge');
  });
  it('refuses ages that are not whole years from 0 to 130, and a range upside down', () => {
    expect(() => parseCodeRegister({ ...base, minAge: -1 })).toThrow(/^minAge: /);
    expect(() => parseCodeRegister({ ...base, maxAge: 131 })).toThrow(/^maxAge: /);
    expect(() => parseCodeRegister({ ...base, minAge: 17.5 })).toThrow(/^minAge: /);
    expect(() => parseCodeRegister({ ...base, minAge: 18, maxAge: 17 })).toThrow(
      /^maxAge: must not be below minAge/,
    );
  });
});

describe('readRegisterCodeFile', () => {
  it('reads a JSON object with source, version and codes as text or { code }', () => {
    expect(
      readRegisterCodeFile(
        'asthma.json',
        JSON.stringify({ source: 'QOF', version: '49', codes: ['195967001', { code: 73211009 }] }),
      ),
    ).toEqual({ source: 'QOF', version: '49', codes: ['195967001', '73211009'] });
    expect(readRegisterCodeFile('a.JSON', '["195967001"]')).toEqual({ codes: ['195967001'] });
  });

  it('reads a CSV by its code column, or its only column with or without a header', () => {
    expect(
      readRegisterCodeFile('a.csv', 'term,code\r\n"Asthma",195967001\nDiabetes,73211009\n'),
    ).toEqual({ codes: ['195967001', '73211009'] });
    expect(readRegisterCodeFile('a.csv', '195967001\n73211009')).toEqual({
      codes: ['195967001', '73211009'],
    });
    expect(readRegisterCodeFile('a.csv', 'SCTID\n195967001')).toEqual({ codes: ['195967001'] });
  });

  it('names the file when it cannot be read', () => {
    expect(() => readRegisterCodeFile('a.json', '{')).toThrow(/^file: is not valid JSON/);
    expect(() => readRegisterCodeFile('a.json', '{"codes": 3}')).toThrow(/^file: must be/);
    expect(() => readRegisterCodeFile('a.json', '[true]')).toThrow(/^file: code 1/);
    expect(() => readRegisterCodeFile('a.txt', '1')).toThrow(/^file: choose/);
  });
});
