/** Identifier systems and code systems the FHIR facade uses (NHS England and HL7). */
export const SYSTEMS = {
  odsOrganisationCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  organisationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
} as const;

/** UK Core identifier systems of the professional registers (GMC, NMC, GPhC). */
export const REGISTER_SYSTEMS = {
  GMC: 'https://fhir.hl7.org.uk/Id/gmc-number',
  NMC: 'https://fhir.hl7.org.uk/Id/nmc-number',
  GPhC: 'https://fhir.hl7.org.uk/Id/gphc-number',
} as const;

/** The UK Core profile of a resource type. */
export const ukCoreProfile = (type: string): string =>
  `https://fhir.hl7.org.uk/StructureDefinition/UKCore-${type}`;
