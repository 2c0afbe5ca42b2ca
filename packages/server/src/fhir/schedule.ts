import type { SlotView } from '@atscale/db';
import { reference, type FhirResource } from './bundle.js';
import type { SearchParameter } from './search.js';
import { serviceReference, serviceTypeConcept } from './healthcare-service.js';

/**
 * A rota session that offers slots as a FHIR Schedule (Schedule/{session id}), as GP Connect
 * models a session: its actors are the site (Location), the clinician (Practitioner and their
 * PractitionerRole) and the service (HealthcareService/{service code}, and the hub's
 * HealthcareService for hub slots). Built from one of its slots, which carry all of these.
 */
export function scheduleResource(
  slot: SlotView,
  horizon?: { readonly startsAt: string; readonly endsAt: string },
): FhirResource {
  return {
    resourceType: 'Schedule',
    id: slot.sessionId,
    active: true,
    serviceType: [serviceTypeConcept(slot.service)],
    actor: [
      reference('Location', slot.siteId, slot.siteName),
      ...(slot.staffId !== null
        ? [
            reference('Practitioner', slot.staffId, slot.staffName),
            reference('PractitionerRole', slot.staffId),
          ]
        : []),
      serviceReference(slot.service),
      ...(slot.hubId !== null ? [reference('HealthcareService', slot.hubId, slot.hubName)] : []),
    ],
    ...(horizon ? { planningHorizon: { start: horizon.startsAt, end: horizon.endsAt } } : {}),
  };
}

/** Schedule's search parameters, as the CapabilityStatement lists them. */
export const SCHEDULE_SEARCH: readonly SearchParameter[] = [
  {
    name: 'actor',
    type: 'reference',
    documentation:
      'Practitioner/[staff id], PractitionerRole/[staff id], Location/[site id], HealthcareService/[service code or hub id]',
  },
  {
    name: 'date',
    type: 'date',
    documentation: 'Sessions with slots starting in this range (default the next 14 days)',
  },
];
