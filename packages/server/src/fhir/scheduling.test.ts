import { describe, expect, it } from 'vitest';
import { AtscaleError } from '@atscale/domain';
import {
  appointmentStatuses,
  bookingAsk,
  cancellationOfPatch,
  cancellationOfPut,
  ifMatchVersion,
  parametersOf,
} from './appointment.js';
import { parseDateSearch } from './search.js';
import { actorFilter, channelCode, serviceCode, slotWindow } from './slot.js';

const SLOT = '11111111-1111-4111-8111-111111111111';
const PATIENT = '22222222-2222-4222-8222-222222222222';
const HOLD = '33333333-3333-4333-8333-333333333333';

/** The error code and the field a call is refused with. */
function refusal(work: () => unknown): { code: string; field: string | undefined } {
  try {
    work();
  } catch (error) {
    if (error instanceof AtscaleError) return { code: error.code, field: error.errors[0]?.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('slot search parameters', () => {
  it('takes a window from start=ge..&start=le.., at day and instant precision', () => {
    const window = slotWindow('start', [
      parseDateSearch('start', 'ge2026-11-23T09:00:00Z'),
      parseDateSearch('start', 'le2026-11-25'),
    ]);
    expect(window).toEqual({
      from: '2026-11-23',
      to: '2026-11-25',
      startsFrom: '2026-11-23T09:00:00.000Z',
      startsBefore: '2026-11-26T00:00:00.000Z',
    });
  });

  it('defaults to the next 14 days and refuses ne', () => {
    const window = slotWindow('start', [], new Date('2026-11-23T12:00:00Z'));
    expect(window).toMatchObject({ from: '2026-11-23', to: '2026-12-06' });
    expect(refusal(() => slotWindow('start', [parseDateSearch('start', 'ne2026-11-23')]))).toEqual({
      code: 'validation-failed',
      field: 'start',
    });
  });

  it('reads schedule actors; an id that cannot be ours matches nothing', () => {
    expect(actorFilter('a', `Practitioner/${SLOT}`)).toEqual({ staffId: SLOT });
    expect(actorFilter('a', `PractitionerRole/${SLOT}`)).toEqual({ staffId: SLOT });
    expect(actorFilter('a', `Location/${SLOT}`)).toEqual({ siteId: SLOT });
    expect(actorFilter('a', 'HealthcareService/msk')).toEqual({ service: 'msk' });
    expect(actorFilter('a', `HealthcareService/${SLOT}`)).toEqual({ hubId: SLOT });
    expect(actorFilter('a', 'Practitioner/someone')).toBeNull();
    expect(refusal(() => actorFilter('a', `Patient/${SLOT}`)).code).toBe('validation-failed');
  });

  it('reads service and channel codes with or without their system', () => {
    expect(serviceCode('s', 'https://atscale.example/fhir/CodeSystem/slot-service|gp')).toBe('gp');
    expect(channelCode('c', 'video')).toBe('video');
    expect(refusal(() => serviceCode('s', 'http://snomed.info/sct|gp')).field).toBe('s');
    expect(refusal(() => channelCode('c', 'carrier-pigeon')).field).toBe('c');
  });
});

describe('appointment input', () => {
  it('maps FHIR statuses to ours, and refuses unknown ones', () => {
    expect(appointmentStatuses('status', 'pending,cancelled')).toEqual([
      'held',
      'cancelled',
      'expired',
    ]);
    expect(appointmentStatuses('status', 'proposed')).toEqual([]);
    expect(refusal(() => appointmentStatuses('status', 'happy')).field).toBe('status');
  });

  it('reads a booking from IHE parameters or an Appointment resource', () => {
    const params = parametersOf({
      resourceType: 'Parameters',
      parameter: [
        { name: 'appointment-reference', valueReference: { reference: `Appointment/${HOLD}` } },
        { name: 'patient', valueReference: { reference: `Patient/${PATIENT}` } },
      ],
    });
    expect(bookingAsk(params)).toEqual({ holdId: HOLD, patientId: PATIENT });
    const resource = parametersOf({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'appointment-resource',
          resource: {
            resourceType: 'Appointment',
            status: 'proposed',
            slot: [{ reference: `http://example.org/fhir/R4/Slot/${SLOT}` }],
            participant: [{ actor: { reference: `Patient/${PATIENT}` }, status: 'accepted' }],
          },
        },
      ],
    });
    expect(bookingAsk(resource)).toEqual({ slotId: SLOT, patientId: PATIENT });
    expect(
      refusal(() =>
        bookingAsk(
          parametersOf({
            resourceType: 'Parameters',
            parameter: [{ name: 'slot', valueReference: { reference: 'Slot/1' } }],
          }),
        ),
      ).field,
    ).toBe('slot');
  });

  it('lets a JSON Patch only cancel, and a PUT change nothing else', () => {
    expect(
      cancellationOfPatch([
        { op: 'test', path: '/status', value: 'booked' },
        { op: 'replace', path: '/status', value: 'cancelled' },
        { op: 'add', path: '/cancelationReason', value: { text: 'Better' } },
      ]),
    ).toEqual({ reason: 'Better' });
    expect(refusal(() => cancellationOfPatch({ op: 'replace' })).code).toBe('validation-failed');
    expect(
      refusal(() => cancellationOfPatch([{ op: 'replace', path: '/start', value: 'x' }])).code,
    ).toBe('business-rule');
    expect(
      refusal(() => cancellationOfPatch([{ op: 'replace', path: '/status', value: 'booked' }]))
        .code,
    ).toBe('business-rule');
    const current = {
      resourceType: 'Appointment',
      id: HOLD,
      status: 'booked',
      start: '2026-11-23T09:00:00.000Z',
      participant: [{ actor: { reference: `Patient/${PATIENT}` } }],
    };
    expect(cancellationOfPut(HOLD, { ...current, status: 'cancelled' }, current)).toEqual({
      reason: null,
    });
    expect(
      refusal(() =>
        cancellationOfPut(HOLD, { ...current, status: 'cancelled', start: 'later' }, current),
      ),
    ).toEqual({ code: 'business-rule', field: 'start' });
    expect(refusal(() => cancellationOfPut(SLOT, current, current))).toEqual({
      code: 'validation-failed',
      field: 'id',
    });
  });

  it('reads If-Match as this server writes ETags', () => {
    expect(ifMatchVersion('W/"764"')).toBe('764');
    expect(ifMatchVersion('"12"')).toBe('12');
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(refusal(() => ifMatchVersion('*')).field).toBe('If-Match');
  });
});
