import type { RegisterDefinition } from '../../api/population';

/** What the register definition form holds as the analyst fills it in. */
export interface RegisterForm {
  key: string;
  name: string;
  /** Codes from a deficit of a loaded code list, or from an uploaded file. */
  from: 'list' | 'upload';
  codeListId: string;
  deficit: string;
  /** The codes read from the uploaded file; null before one is chosen. */
  codes: readonly string[] | null;
  source: string;
  version: string;
  /** The youngest and oldest ages the register is for, as typed; empty for none. */
  minAge: string;
  maxAge: string;
}

/** The form's fields that can be in error, by their input ids. */
export type RegisterFormField =
  'key' | 'name' | 'codeListId' | 'deficit' | 'file' | 'source' | 'version' | 'minAge' | 'maxAge';

/** An age as typed: undefined when empty, NaN when not a whole number of years from 0 to 130. */
function ageOf(typed: string): number | undefined {
  const text = typed.trim();
  if (text === '') return undefined;
  const age = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return age <= 130 ? age : NaN;
}

/**
 * The definition to send from the form, or the errors to show by field: the checks a person
 * can fix before sending (the server checks the codes themselves and names a bad one).
 */
export function registerDefinitionOf(
  form: RegisterForm,
):
  | { definition: RegisterDefinition; errors?: undefined }
  | { errors: Partial<Record<RegisterFormField, string>> } {
  const errors: Partial<Record<RegisterFormField, string>> = {};
  const key = form.key.trim();
  const name = form.name.trim();
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(key)) {
    errors.key =
      'Enter a key of 2 to 41 lower-case letters, digits or dashes, starting with a letter';
  } else if (key === 'frailty') {
    errors.key = 'frailty is the built-in frailty register: choose another key';
  }
  if (name === '') errors.name = 'Enter the register’s name';
  if (form.from === 'list') {
    if (form.codeListId === '') errors.codeListId = 'Choose a loaded code list';
    if (form.deficit === '') errors.deficit = 'Choose which of its code lists to use';
  } else {
    if (form.codes === null) errors.file = 'Choose a .json or .csv file of SNOMED CT codes';
    else if (form.codes.length === 0) errors.file = 'The file has no codes in it';
    if (form.source.trim() === '') errors.source = 'Enter where the codes come from';
    if (form.version.trim() === '') errors.version = 'Enter the version of the code list';
  }
  const minAge = ageOf(form.minAge);
  const maxAge = ageOf(form.maxAge);
  if (Number.isNaN(minAge)) errors.minAge = 'Enter the youngest age as whole years from 0 to 130';
  if (Number.isNaN(maxAge)) errors.maxAge = 'Enter the oldest age as whole years from 0 to 130';
  else if (minAge !== undefined && maxAge !== undefined && maxAge < minAge) {
    errors.maxAge = 'The oldest age must not be below the youngest';
  }
  if (Object.keys(errors).length > 0) return { errors };
  const ages = {
    ...(minAge !== undefined ? { minAge } : {}),
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
  return {
    definition:
      form.from === 'list'
        ? {
            key,
            name,
            ...ages,
            fromCodeList: { codeListId: form.codeListId, deficit: form.deficit },
          }
        : {
            key,
            name,
            ...ages,
            codes: form.codes ?? [],
            source: form.source.trim(),
            version: form.version.trim(),
          },
  };
}

/** The form field a server error names (`body/codes/3` is the file's), if it is one of ours. */
export function formFieldOf(serverField: string): RegisterFormField | undefined {
  const name = serverField.replace(/^body\//, '').split('/')[0] ?? '';
  if (name === 'codes') return 'file';
  if (name === 'fromCodeList') return 'codeListId';
  return (['key', 'name', 'source', 'version', 'minAge', 'maxAge'] as const).find(
    (f) => f === name,
  );
}
