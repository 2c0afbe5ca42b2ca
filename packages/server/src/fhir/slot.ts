import {
  DELIVERY_CHANNELS,
  SLOT_SERVICES,
  dateInEngland,
  nextDate,
  type DeliveryChannel,
  type SlotService,
} from '@atscale/domain';
import type { SlotSearch, SlotView } from '@atscale/db';
import type { FhirResource } from './bundle.js';
import { SERVICE_TYPE_SYSTEM, serviceTypeConcept } from './healthcare-service.js';
import {
  LAST_UPDATED_SEARCH,
  badParameter as bad,
  dateRange,
  isUuid,
  referenceId,
  tokenOf,
  type DateSearch,
  type SearchParameter,
} from './search.js';

/** Code systems and extensions of the scheduling resources (see the FHIR contract). */
export const SCHEDULING = {
  deliveryChannelExtension: 'https://atscale.example/fhir/StructureDefinition/delivery-channel',
  deliveryChannelSystem: 'https://atscale.example/fhir/CodeSystem/delivery-channel',
  bookingOrganisationExtension:
    'https://atscale.example/fhir/StructureDefinition/booking-organisation',
  holdExpiresExtension: 'https://atscale.example/fhir/StructureDefinition/hold-expires',
  serviceSystem: SERVICE_TYPE_SYSTEM,
} as const;

const CHANNEL_LABELS: Readonly<Record<DeliveryChannel, string>> = {
  'in-person': 'In person',
  telephone: 'Telephone',
  video: 'Video',
};

/** The delivery channel extension of a Slot or Appointment. */
export const channelExtension = (channel: DeliveryChannel) => ({
  url: SCHEDULING.deliveryChannelExtension,
  valueCoding: {
    system: SCHEDULING.deliveryChannelSystem,
    code: channel,
    display: CHANNEL_LABELS[channel],
  },
});

/**
 * A slot as a FHIR Slot: free while it has a place left, else busy; its Schedule is its rota
 * session (Schedule/{session id}), whose actors say where, who and what service.
 */
export function slotResource(slot: SlotView): FhirResource {
  return {
    resourceType: 'Slot',
    id: slot.id,
    meta: { lastUpdated: slot.updatedAt },
    extension: [channelExtension(slot.channel)],
    serviceType: [serviceTypeConcept(slot.service)],
    schedule: { reference: `Schedule/${slot.sessionId}` },
    status: slot.status === 'open' && slot.placesLeft > 0 ? 'free' : 'busy',
    start: slot.startsAt,
    end: slot.endsAt,
    ...(slot.overbooked > 0 ? { overbooked: true } : {}),
    comment: `${slot.siteName}: ${String(slot.placesLeft)} of ${String(slot.capacity)} places left`,
  };
}

/** Slot's search parameters, as the CapabilityStatement lists them. */
export const SLOT_SEARCH: readonly SearchParameter[] = [
  {
    name: 'status',
    type: 'token',
    documentation: 'free (the default), busy, or free,busy; other Slot statuses match nothing',
  },
  {
    name: 'start',
    type: 'date',
    documentation:
      'Start time, with prefixes (start=ge..&start=le..); at most 62 days; default the next 14 days',
  },
  {
    name: 'schedule.actor',
    type: 'reference',
    documentation:
      'Practitioner/[staff id], PractitionerRole/[staff id], Location/[site id], HealthcareService/[service code or hub id]',
  },
  { name: 'schedule', type: 'reference', documentation: 'Schedule/[rota session id]' },
  {
    name: 'service-type',
    type: 'token',
    documentation: `A service code (${SCHEDULING.serviceSystem}): ${SLOT_SERVICES.join(', ')}`,
  },
  {
    name: 'delivery-channel',
    type: 'token',
    documentation: `in-person, telephone or video (${SCHEDULING.deliveryChannelSystem})`,
  },
  LAST_UPDATED_SEARCH,
];

/** The _include values Slot searches take (Slot:schedule, and the schedules' actors). */
export const SLOT_INCLUDES = ['Slot:schedule', 'Schedule:actor'] as const;

/** The code of a token value in a system we own (a bare code, or `system|code`). */
function ownCode(name: string, value: string, system: string): string {
  if (value.includes(',')) throw bad(name, 'give one value (OR searches are not supported)');
  const token = tokenOf(value);
  if (token.system !== null && token.system !== system) {
    throw bad(name, `the code system must be ${system}`);
  }
  return token.code;
}

/** A slot service code, or a 400 naming the parameter. */
export function serviceCode(name: string, value: string): SlotService {
  const code = ownCode(name, value, SCHEDULING.serviceSystem);
  const known: readonly string[] = SLOT_SERVICES;
  if (!known.includes(code))
    throw bad(name, `${code} is not a service: ${SLOT_SERVICES.join(', ')}`);
  return code as SlotService;
}

/** A delivery channel code, or a 400 naming the parameter. */
export function channelCode(name: string, value: string): DeliveryChannel {
  const code = ownCode(name, value, SCHEDULING.deliveryChannelSystem);
  const known: readonly string[] = DELIVERY_CHANNELS;
  if (!known.includes(code)) {
    throw bad(name, `${code} is not a delivery channel: ${DELIVERY_CHANNELS.join(', ')}`);
  }
  return code as DeliveryChannel;
}

/** What a reference to a Schedule actor narrows a slot search to; null: it matches nothing. */
export function actorFilter(
  name: string,
  value: string,
): Partial<Pick<SlotSearch, 'staffId' | 'siteId' | 'hubId' | 'service'>> | null {
  if (value.includes(',')) throw bad(name, 'give one value (OR searches are not supported)');
  const match =
    /^(Practitioner|PractitionerRole|Location|HealthcareService)\/([A-Za-z0-9\-.]{1,64})$/.exec(
      value,
    );
  if (!match) {
    throw bad(
      name,
      'must be a Practitioner, PractitionerRole, Location or HealthcareService reference, Type/[id]',
    );
  }
  const [, type, id = ''] = match;
  if (type === 'HealthcareService') {
    const services: readonly string[] = SLOT_SERVICES;
    if (services.includes(id)) return { service: id as SlotService };
    return isUuid(id) ? { hubId: id } : null;
  }
  if (!isUuid(id)) return null;
  return type === 'Location' ? { siteId: id } : { staffId: id };
}

/** The id a Schedule reference names, or null when it can name nothing of ours. */
export function scheduleId(name: string, value: string): string | null {
  const id = referenceId(name, value, 'Schedule');
  return isUuid(id) ? id : null;
}

/** Days the slot search covers by default, as GP Connect's largest window does. */
export const DEFAULT_SEARCH_DAYS = 14;

/**
 * The days (in England) and instants a slot search covers, from a date parameter's searches:
 * by default from now for 14 days. `ne` has no single range, so it is refused.
 */
export function slotWindow(
  name: string,
  searches: readonly DateSearch[],
  now: Date = new Date(),
): Pick<SlotSearch, 'from' | 'to' | 'startsFrom' | 'startsBefore'> {
  const range = dateRange(searches);
  if (range.exclude.length > 0) throw bad(name, 'the ne prefix is not supported here');
  const from = dateInEngland(range.from ?? now);
  const to =
    range.until === null
      ? nextDate(from, DEFAULT_SEARCH_DAYS - 1)
      : dateInEngland(new Date(range.until.getTime() - 1));
  return {
    from: to < from ? to : from,
    to,
    startsFrom: range.from?.toISOString(),
    startsBefore: range.until?.toISOString(),
  };
}
