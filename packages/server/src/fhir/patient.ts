import { isIsoDate, nhsNumberProblem, normaliseNhsNumber } from '@atscale/domain';
import type { Patient, PatientSearch } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { SYSTEMS, ukCoreProfile } from './identifiers.js';
import type { SearchParameter } from './search.js';
import { LAST_UPDATED_SEARCH, badParameter as bad, isUuid, tokenOf } from './search.js';

/** Patient's search parameters, as the CapabilityStatement lists them. */
export const PATIENT_SEARCH: readonly SearchParameter[] = [
  { name: '_id', type: 'token', documentation: 'The resource id (one patient id)' },
  {
    name: 'identifier',
    type: 'token',
    documentation: `The NHS number: ${SYSTEMS.nhsNumber}|[10 digits], or the number alone`,
  },
  {
    name: 'family',
    type: 'string',
    documentation: 'The family name, exactly (any case); with birthdate',
  },
  {
    name: 'given',
    type: 'string',
    documentation: 'The given name, exactly (any case); with family and birthdate',
  },
  {
    name: 'birthdate',
    type: 'date',
    documentation: 'The date of birth, exactly (YYYY-MM-DD); with family',
  },
  LAST_UPDATED_SEARCH,
];

const GENDER: Readonly<Record<Patient['sex'], string>> = {
  female: 'female',
  male: 'male',
  indeterminate: 'other',
  unknown: 'unknown',
};

/**
 * A patient on the register as a UK Core Patient: the NHS number, name, gender, date of birth,
 * postcode and contact details the register holds, and their practice as general practitioner.
 * The NHS number's verification status is left out: the register does not record a PDS trace.
 */
export function patientResource(patient: Patient): FhirResource {
  const telecom = [
    ...(patient.contactPhone !== null
      ? [
          {
            system: patient.contactPreference === 'sms' ? 'sms' : 'phone',
            value: patient.contactPhone,
            use: 'home',
            ...(patient.contactPreference === 'phone' || patient.contactPreference === 'sms'
              ? { rank: 1 }
              : {}),
          },
        ]
      : []),
    ...(patient.contactEmail !== null
      ? [
          {
            system: 'email',
            value: patient.contactEmail,
            use: 'home',
            ...(patient.contactPreference === 'email' ? { rank: 1 } : {}),
          },
        ]
      : []),
  ];
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt, profile: [ukCoreProfile('Patient')] },
    identifier: [{ system: SYSTEMS.nhsNumber, value: patient.nhsNumber }],
    name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: GENDER[patient.sex],
    birthDate: patient.dateOfBirth,
    ...(patient.postcode !== null
      ? { address: [{ use: 'home', postalCode: patient.postcode, country: 'GB' }] }
      : {}),
    generalPractitioner: [{ reference: `Organization/${patient.practiceId}` }],
  };
}

/** What a Patient search asks the register for: one id, or a register search. */
export type PatientQuery =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'search'; readonly search: PatientSearch };

/**
 * Turns a Patient search's values into a register search: by NHS number, or by family name
 * and exact date of birth (with an optional given name), as the app's own search is. There is
 * no listing of the whole register: a search without one of these is refused.
 */
export function patientQuery(
  values: ReadonlyMap<string, string>,
  rawBirthdate: string | string[] | undefined,
): PatientQuery {
  const birthdate = exactBirthdate(rawBirthdate);
  const id = values.get('_id');
  const identifier = values.get('identifier');
  const family = values.get('family');
  const given = values.get('given');
  if (id !== undefined) {
    if (!isUuid(id)) {
      throw bad('_id', 'must be one patient id');
    }
    return { kind: 'id', id };
  }
  if (identifier !== undefined) {
    const { system, code } = tokenOf(identifier);
    if (system !== null && system !== SYSTEMS.nhsNumber) {
      throw bad('identifier', `only NHS numbers (${SYSTEMS.nhsNumber}) are searched`);
    }
    const problem = nhsNumberProblem(code);
    if (problem !== null) throw bad('identifier', problem);
    return { kind: 'search', search: { nhsNumber: normaliseNhsNumber(code) } };
  }
  if (family !== undefined || birthdate !== undefined || given !== undefined) {
    if (family === undefined || birthdate === undefined) {
      throw bad(
        family === undefined ? 'family' : 'birthdate',
        'search by family name and birthdate together (given is optional)',
      );
    }
    return {
      kind: 'search',
      search: { familyName: family, dateOfBirth: birthdate, givenName: given },
    };
  }
  throw bad(
    'identifier',
    `give a search criterion: identifier=${SYSTEMS.nhsNumber}|[NHS number], or family and birthdate; the register is not listed whole`,
  );
}

/** A birthdate search value as the exact day it must be (the register is searched by day). */
function exactBirthdate(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw bad('birthdate', 'is given more than once; give it once');
  const day = /^(?:eq)?(\d{4}-\d{2}-\d{2})$/.exec(raw.trim())?.[1];
  if (day === undefined || !isIsoDate(day)) {
    throw bad('birthdate', 'give the exact date of birth, YYYY-MM-DD');
  }
  return day;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether a patient the register found also matches every other criterion given with the one
 * it was found by (FHIR ANDs a search's parameters): NHS number, names and date of birth.
 */
export function patientAlsoMatches(
  resource: FhirResource,
  values: ReadonlyMap<string, string>,
  rawBirthdate: string | string[] | undefined,
): boolean {
  const identifier = values.get('identifier');
  const ids = (resource.identifier ?? []) as { value: string }[];
  if (
    identifier !== undefined &&
    !ids.some((i) => i.value === normaliseNhsNumber(tokenOf(identifier).code))
  ) {
    return false;
  }
  const name = (resource.name as { family: string; given: string[] }[] | undefined)?.[0];
  const family = values.get('family');
  if (family !== undefined && !same(name?.family ?? '', family)) return false;
  const given = values.get('given');
  if (given !== undefined && !(name?.given ?? []).some((g) => same(g, given))) return false;
  const birthdate = exactBirthdate(rawBirthdate);
  return birthdate === undefined || resource.birthDate === birthdate;
}
