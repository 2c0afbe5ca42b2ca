import { beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, SLOT_SERVICES } from '@atscale/domain';
import type { DirectoryPerson, Hub, Patient } from '@atscale/db';
import {
  healthcareServiceFilter,
  hubServiceResource,
  serviceReference,
  serviceTypeConcept,
  slotServiceResource,
} from './healthcare-service.js';
import { patientAlsoMatches, patientQuery, patientResource } from './patient.js';
import { humanName, practitionerFilter, practitionerResource } from './practitioner.js';
import { practitionerRoleFilter, practitionerRoleResource } from './practitioner-role.js';
import { assertValidFhir, warmFhirValidator } from './testing/fhir-validator.js';

beforeAll(() => {
  warmFhirValidator(['Practitioner', 'PractitionerRole', 'HealthcareService', 'Patient']);
});

const ORG = '11111111-1111-4111-8111-111111111111';
const PRACTICE = '22222222-2222-4222-8222-222222222222';
const SITE = '33333333-3333-4333-8333-333333333333';

const person = (over: Partial<DirectoryPerson> = {}): DirectoryPerson => ({
  id: '44444444-4444-4444-8444-444444444444',
  fullName: 'Amina Okafor',
  staffRole: 'gp',
  registrationNumber: '1234567',
  homePracticeId: PRACTICE,
  homePracticeName: 'Riverside Surgery',
  active: true,
  startedOn: '2020-04-01',
  leftOn: null,
  sites: [{ id: SITE, name: 'Riverside' }],
  lastUpdated: '2026-11-20T09:15:00.000Z',
  ...over,
});

const values = (entries: Record<string, string>) => new Map(Object.entries(entries));

const refused = (work: () => unknown, field: string) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AtscaleError);
    expect((error as AtscaleError).code).toBe('validation-failed');
    expect((error as AtscaleError).errors.map((e) => e.field)).toContain(field);
    return;
  }
  expect.unreachable(`expected ${field} to be refused`);
};

describe('Practitioner', () => {
  it('carries the register’s number under the regulator’s UK Core system, valid R4', () => {
    const gp = practitionerResource(person());
    assertValidFhir(gp);
    expect(gp.identifier).toEqual([
      { use: 'official', system: 'https://fhir.hl7.org.uk/Id/gmc-number', value: '1234567' },
    ]);
    const nurse = practitionerResource(
      person({ staffRole: 'practice-nurse', registrationNumber: '12A3456E' }),
    );
    assertValidFhir(nurse);
    expect(nurse.identifier).toMatchObject([{ system: 'https://fhir.hl7.org.uk/Id/nmc-number' }]);
    const pharmacist = practitionerResource(person({ staffRole: 'clinical-pharmacist' }));
    expect(pharmacist.identifier).toMatchObject([
      { system: 'https://fhir.hl7.org.uk/Id/gphc-number' },
    ]);
    const admin = practitionerResource(
      person({ staffRole: 'administrator', registrationNumber: null, active: false }),
    );
    assertValidFhir(admin);
    expect(admin.identifier).toBeUndefined();
    expect(admin.active).toBe(false);
  });

  it('splits a full name into family, given and a title', () => {
    expect(humanName('Amina Okafor')).toEqual({
      use: 'official',
      text: 'Amina Okafor',
      family: 'Okafor',
      given: ['Amina'],
    });
    expect(humanName('Dr Mary Jane Smith')).toMatchObject({
      prefix: ['Dr'],
      given: ['Mary', 'Jane'],
      family: 'Smith',
    });
    expect(humanName('Cher')).toEqual({ use: 'official', text: 'Cher', given: ['Cher'] });
  });

  it('filters by identifier, names and active, and refuses a bad active', () => {
    const gp = practitionerResource(person());
    const keep = (v: Record<string, string>) => practitionerFilter(values(v))(gp);
    expect(keep({ identifier: 'https://fhir.hl7.org.uk/Id/gmc-number|1234567' })).toBe(true);
    expect(keep({ identifier: 'https://fhir.hl7.org.uk/Id/nmc-number|1234567' })).toBe(false);
    expect(keep({ identifier: '123 4567' })).toBe(true);
    expect(keep({ family: 'oka', given: 'ami' })).toBe(true);
    expect(keep({ name: 'smith' })).toBe(false);
    expect(keep({ active: 'false' })).toBe(false);
    refused(() => practitionerFilter(values({ active: 'yes' })), 'active');
  });
});

describe('PractitionerRole', () => {
  it('is the staff role at the practice and sites, offering the services the role can', () => {
    const role = practitionerRoleResource(ORG, person());
    assertValidFhir(role);
    expect(role).toMatchObject({
      practitioner: { reference: `Practitioner/${person().id}` },
      organization: { reference: `Organization/${PRACTICE}` },
      location: [{ reference: `Location/${SITE}` }],
      code: [{ coding: [{ code: 'gp', display: 'GP' }] }],
    });
    const services = (role.healthcareService as { reference: string }[]).map((s) => s.reference);
    expect(services).toEqual(
      expect.arrayContaining(['HealthcareService/gp', 'HealthcareService/msk']),
    );
    expect(services).not.toContain('HealthcareService/nurse');
    const central = practitionerRoleResource(
      ORG,
      person({
        homePracticeId: null,
        homePracticeName: null,
        staffRole: 'care-navigator',
        sites: [],
      }),
    );
    assertValidFhir(central);
    expect(central.organization).toEqual({ reference: `Organization/${ORG}` });
    expect(central.healthcareService).toBeUndefined();
  });

  it('filters by references and role, and refuses a reference of the wrong type', () => {
    const role = practitionerRoleResource(ORG, person());
    const keep = (v: Record<string, string>) => practitionerRoleFilter(values(v))(role);
    expect(keep({ location: `Location/${SITE}`, service: 'HealthcareService/msk' })).toBe(true);
    expect(keep({ service: 'nurse' })).toBe(false);
    expect(keep({ role: 'https://atscale.example/fhir/CodeSystem/staff-role|gp' })).toBe(true);
    expect(keep({ role: 'anp' })).toBe(false);
    expect(keep({ organization: `Organization/${ORG}` })).toBe(false);
    refused(() => practitionerRoleFilter(values({ practitioner: 'Patient/1' })), 'practitioner');
  });
});

describe('HealthcareService', () => {
  it('makes every slot service and a hub valid R4, with codings clients can search', () => {
    for (const code of SLOT_SERVICES) {
      assertValidFhir(slotServiceResource(ORG, code, [{ id: SITE, name: 'Riverside' }]));
    }
    const msk = slotServiceResource(ORG, 'msk', []);
    expect(msk.location).toBeUndefined();
    expect(JSON.stringify(msk.category)).toContain('specialist-service');
    const hub: Hub = {
      id: '55555555-5555-4555-8555-555555555555',
      name: 'North Hub',
      releaseLeadMinutes: 120,
      sites: [{ siteId: SITE, name: 'Riverside', practiceId: PRACTICE }],
      practices: [
        { practiceId: PRACTICE, name: 'Riverside Surgery', odsCode: 'A81001', dailyThreshold: 3 },
      ],
      updatedAt: '2026-11-22T08:00:00.000Z',
    };
    const resource = hubServiceResource(ORG, hub);
    assertValidFhir(resource);
    const keep = (v: Record<string, string>) => healthcareServiceFilter(values(v))(resource);
    expect(keep({ location: SITE, 'service-category': 'hub', name: 'north' })).toBe(true);
    expect(keep({ 'service-type': 'gp' })).toBe(false);
    refused(() => healthcareServiceFilter(values({ location: 'Organization/x' })), 'location');
    refused(() => healthcareServiceFilter(values({ active: '1' })), 'active');
  });

  it('gives the reference and service type other resources use', () => {
    expect(serviceReference('geriatric-assessment')).toEqual({
      reference: 'HealthcareService/geriatric-assessment',
      display: 'Geriatric opinion',
    });
    expect(serviceTypeConcept('gp')).toEqual({
      coding: [
        {
          system: 'https://atscale.example/fhir/CodeSystem/slot-service',
          code: 'gp',
          display: 'GP',
        },
      ],
      text: 'GP',
    });
    const gp = slotServiceResource(ORG, 'gp', []);
    expect(healthcareServiceFilter(values({ 'service-type': 'gp' }))(gp)).toBe(true);
  });
});

describe('Patient', () => {
  const patient: Patient = {
    id: '66666666-6666-4666-8666-666666666666',
    practiceId: PRACTICE,
    nhsNumber: '9434765919',
    givenName: 'Sam',
    familyName: 'Jones',
    dateOfBirth: '1980-02-29',
    sex: 'indeterminate',
    postcode: 'LS1 4AP',
    registeredOn: '2001-01-01',
    deregisteredOn: null,
    contactPhone: '07700 900123',
    contactEmail: 'sam@example.org',
    contactPreference: 'sms',
    updatedAt: '2026-11-21T10:00:00.000Z',
  };

  it('is UK Core shaped and valid R4: NHS number, gender, postcode, telecom, practice', () => {
    const resource = patientResource(patient);
    assertValidFhir(resource);
    expect(resource).toMatchObject({
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
      name: [{ family: 'Jones', given: ['Sam'] }],
      gender: 'other',
      birthDate: '1980-02-29',
      address: [{ postalCode: 'LS1 4AP' }],
      telecom: [{ system: 'sms', rank: 1 }, { system: 'email' }],
      generalPractitioner: [{ reference: `Organization/${PRACTICE}` }],
    });
    const bare = patientResource({
      ...patient,
      postcode: null,
      contactPhone: null,
      contactEmail: null,
      sex: 'unknown',
    });
    assertValidFhir(bare);
    expect(bare.telecom).toBeUndefined();
    expect(bare.address).toBeUndefined();
  });

  it('asks the register by NHS number or family name and birthdate, and never for all', () => {
    expect(
      patientQuery(
        values({ identifier: 'https://fhir.nhs.uk/Id/nhs-number|943 476 5919' }),
        undefined,
      ),
    ).toEqual({ kind: 'search', search: { nhsNumber: '9434765919' } });
    expect(patientQuery(values({ family: 'Jones' }), 'eq1980-02-29')).toEqual({
      kind: 'search',
      search: { familyName: 'Jones', dateOfBirth: '1980-02-29', givenName: undefined },
    });
    refused(() => patientQuery(values({}), undefined), 'identifier');
    refused(() => patientQuery(values({ family: 'Jones' }), undefined), 'birthdate');
    refused(() => patientQuery(values({ family: 'Jones' }), 'ge1980-01-01'), 'birthdate');
    refused(
      () => patientQuery(values({ family: 'Jones' }), ['1980-02-29', '1980-03-01']),
      'birthdate',
    );
    refused(() => patientQuery(values({ identifier: '9434765918' }), undefined), 'identifier');
    refused(
      () => patientQuery(values({ identifier: 'urn:other|9434765919' }), undefined),
      'identifier',
    );
    refused(() => patientQuery(values({ _id: 'x' }), undefined), '_id');
  });

  it('ANDs the other criteria given with the one the register was searched by', () => {
    const resource = patientResource(patient);
    expect(
      patientAlsoMatches(
        resource,
        values({ identifier: '9434765919', family: 'JONES' }),
        '1980-02-29',
      ),
    ).toBe(true);
    expect(patientAlsoMatches(resource, values({ given: 'Samuel' }), undefined)).toBe(false);
    expect(patientAlsoMatches(resource, values({}), '1980-03-01')).toBe(false);
  });
});
