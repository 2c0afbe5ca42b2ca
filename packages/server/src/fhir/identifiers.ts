/** Identifier systems and code systems the FHIR facade uses (NHS England and HL7). */
export const SYSTEMS = {
  odsOrganisationCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  organisationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
} as const;
