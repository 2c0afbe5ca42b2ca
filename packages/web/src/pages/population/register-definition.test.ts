import { describe, expect, it } from 'vitest';
import { formFieldOf, registerDefinitionOf, type RegisterForm } from './register-definition';

const form: RegisterForm = {
  key: 'asthma',
  name: ' Asthma ',
  from: 'upload',
  codes: ['195967001'],
  source: 'QOF',
  version: '49',
  codeListId: '',
  deficit: '',
  minAge: '',
  maxAge: '',
};

describe('registerDefinitionOf', () => {
  it('sends uploaded codes with their source and version, trimmed', () => {
    expect(registerDefinitionOf(form)).toEqual({
      definition: {
        key: 'asthma',
        name: 'Asthma',
        codes: ['195967001'],
        source: 'QOF',
        version: '49',
      },
    });
  });

  it('sends a loaded list and deficit instead when chosen', () => {
    expect(
      registerDefinitionOf({ ...form, from: 'list', codeListId: 'list-1', deficit: 'diabetes' }),
    ).toEqual({
      definition: {
        key: 'asthma',
        name: 'Asthma',
        fromCodeList: { codeListId: 'list-1', deficit: 'diabetes' },
      },
    });
  });

  it('sends an age range when one is typed, and names an age that is not one', () => {
    expect(registerDefinitionOf({ ...form, minAge: ' 17 ', maxAge: '' })).toMatchObject({
      definition: { minAge: 17 },
    });
    expect(registerDefinitionOf(form)).not.toHaveProperty('definition.minAge');
    expect(registerDefinitionOf({ ...form, minAge: '17.5' }).errors).toHaveProperty('minAge');
    expect(registerDefinitionOf({ ...form, maxAge: '131' }).errors).toHaveProperty('maxAge');
    expect(registerDefinitionOf({ ...form, minAge: '18', maxAge: '17' }).errors).toEqual({
      maxAge: 'The oldest age must not be below the youngest',
    });
    expect(formFieldOf('body/minAge')).toBe('minAge');
  });

  it('names each field to fix', () => {
    expect(
      registerDefinitionOf({ ...form, key: 'Bad', name: ' ', codes: null, source: '', version: '' })
        .errors,
    ).toEqual({
      key: expect.stringMatching(/lower-case/) as unknown,
      name: expect.stringMatching(/name/) as unknown,
      file: expect.stringMatching(/file/) as unknown,
      source: expect.stringMatching(/where/) as unknown,
      version: expect.stringMatching(/version/) as unknown,
    });
    expect(registerDefinitionOf({ ...form, key: 'frailty' }).errors?.key).toMatch(/built-in/);
    expect(registerDefinitionOf({ ...form, codes: [] }).errors?.file).toMatch(/no codes/);
    expect(registerDefinitionOf({ ...form, from: 'list' }).errors).toEqual({
      codeListId: expect.any(String) as unknown,
      deficit: expect.any(String) as unknown,
    });
  });
});

describe('formFieldOf', () => {
  it('maps the server’s fields to the form’s', () => {
    expect(formFieldOf('body/codes/3')).toBe('file');
    expect(formFieldOf('body/fromCodeList/codeListId')).toBe('codeListId');
    expect(formFieldOf('body/key')).toBe('key');
    expect(formFieldOf('body/other')).toBeUndefined();
  });
});
