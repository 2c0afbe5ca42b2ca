/**
 * The whole booking flow driven by a third-party FHIR client library (fhir-kit-client), as
 * another system would drive it, against the real app on a real port with a system client's
 * bearer token: search (paged with the library's nextPage), $find, $hold, $book, read with its
 * ETag, cancel by PATCH with If-Match, and a stale If-Match refused on PUT. Every resource the
 * library receives is checked against the official FHIR R4 definitions.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type FhirResource } from 'fhir-kit-client';
import { dateInEngland, nextDate } from '@atscale/domain';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

interface Entry {
  resource: FhirResource & { id: string };
  search?: { mode: string };
}
interface Bundle extends FhirResource {
  total: number;
  link?: { relation: string; url: string }[];
  entry?: Entry[];
}
interface Appointment extends FhirResource {
  id: string;
  status: string;
  meta: { versionId: string };
  slot: { reference: string }[];
  participant: { actor: { reference: string } }[];
}

let t: TestApp;
let client: Client;
let practiceId: string;
let nhsNumber: string;

/** The library's answer, checked as valid FHIR R4 before the test looks at it. */
function valid(resource: FhirResource): FhirResource {
  assertValidFhir(resource);
  return resource;
}

const matches = (bundle: Bundle) =>
  (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource);

/** The HTTP status of a request the library rejected (it throws on any status from 400). */
async function refusal(call: Promise<unknown>): Promise<{ status: number; data: FhirResource }> {
  try {
    await call;
  } catch (error) {
    const { response } = error as { response?: { status: number; data: FhirResource } };
    if (response) return response;
    throw error;
  }
  throw new Error('the call was expected to be refused');
}

/** The ETag header of the response behind a resource the library returned. */
const etagOf = (resource: FhirResource) =>
  Client.httpFor(resource).response?.headers.get('etag') ?? '';

beforeAll(async () => {
  warmFhirValidator(['Bundle', 'Patient', 'Slot', 'Schedule', 'Appointment', 'OperationOutcome']);
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  practiceId = t.demo.practiceIds[0] ?? '';
  const { rows } = await t.db.query<{ nhs_number: string }>(
    `select nhs_number from patient where practice_id = $1
      and (deregistered_on is null or deregistered_on > current_date)
      order by nhs_number desc limit 1`,
    [practiceId],
  );
  nhsNumber = rows[0]?.nhs_number ?? '';
  // An organisation administrator registers the client; the client gets its own token.
  const registered = await t.app.inject({
    method: 'POST',
    url: '/api/system-clients',
    headers: { cookie: await t.signIn('demo@atscale.test') },
    payload: {
      name: 'Hub booking system',
      practiceId,
      scopes: ['system/*.read', 'system/Appointment.write'],
    },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const { client: registeredClient, clientSecret } = registered.json<{
    client: { id: string };
    clientSecret: string;
  }>();
  const token = await t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: registeredClient.id,
      client_secret: clientSecret,
    }).toString(),
  });
  expect(token.statusCode, token.body).toBe(200);
  client = new Client({
    baseUrl: `http://127.0.0.1:${String(port)}/fhir/R4`,
    customHeaders: {
      Authorization: `Bearer ${token.json<{ access_token: string }>().access_token}`,
    },
  });
});
afterAll(() => t.close());

describe('a third-party FHIR client (fhir-kit-client) against the running server', () => {
  it('finds, holds, books, reads and cancels, paging a slot search with nextPage', async () => {
    const from = nextDate(dateInEngland(new Date()), 1);
    const to = nextDate(from, 13);

    const patients = valid(
      await client.search({
        resourceType: 'Patient',
        searchParams: { identifier: `https://fhir.nhs.uk/Id/nhs-number|${nhsNumber}` },
      }),
    ) as Bundle;
    const [patient] = matches(patients);
    expect(patient?.resourceType).toBe('Patient');
    const patientRef = `Patient/${patient?.id ?? ''}`;

    // Free GP slots over two weeks, two a page, with their schedules: the library follows next.
    const first = valid(
      await client.search({
        resourceType: 'Slot',
        searchParams: {
          status: 'free',
          start: [`ge${from}`, `le${to}`],
          'service-type': 'gp',
          _include: 'Slot:schedule',
          _count: 2,
        },
      }),
    ) as Bundle;
    expect(first.total).toBeGreaterThan(4);
    expect(matches(first)).toHaveLength(2);
    expect((first.entry ?? []).some((e) => e.resource.resourceType === 'Schedule')).toBe(true);
    const nextCall = client.nextPage({ bundle: { ...first, link: first.link ?? [] } });
    expect(nextCall).toBeDefined();
    const second = valid(await (nextCall as Promise<FhirResource>)) as Bundle;
    expect(second.total).toBe(first.total);
    const firstIds = matches(first).map((s) => s.id);
    const secondIds = matches(second).map((s) => s.id);
    expect(secondIds).toHaveLength(2);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    const starts = [...matches(first), ...matches(second)].map((s) => String(s.start));
    expect(starts).toEqual([...starts].sort());

    const proposals = valid(
      await client.operation({
        resourceType: 'Appointment',
        name: '$find',
        input: {
          resourceType: 'Parameters',
          parameter: [
            { name: 'start', valueDate: from },
            { name: 'end', valueDate: to },
            { name: 'service-type', valueCode: 'gp' },
            { name: 'patient', valueReference: { reference: patientRef } },
            { name: '_count', valueInteger: 3 },
          ],
        },
      }),
    ) as Bundle;
    const [proposal, spare] = matches(proposals) as Appointment[];
    expect(proposal?.status).toBe('proposed');
    expect(spare?.status).toBe('proposed');

    const hold = valid(
      await client.operation({
        resourceType: 'Appointment',
        name: 'hold',
        input: {
          resourceType: 'Parameters',
          parameter: [{ name: 'appointment-resource', resource: proposal }],
        },
      }),
    ) as Appointment;
    expect(hold.status).toBe('pending');
    expect(hold.slot).toEqual(proposal?.slot);
    const slotId = hold.slot[0]?.reference.replace('Slot/', '') ?? '';
    const heldSlot = valid(await client.read({ resourceType: 'Slot', id: slotId }));
    expect(heldSlot.status).toBe('busy');

    const booked = valid(
      await client.operation({
        resourceType: 'Appointment',
        name: '$book',
        input: {
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'appointment-reference',
              valueReference: { reference: `Appointment/${hold.id}` },
            },
            { name: 'patient', valueReference: { reference: patientRef } },
          ],
        },
      }),
    ) as Appointment;
    expect(Client.httpFor(booked).response?.status).toBe(201);
    expect(booked).toMatchObject({ id: hold.id, status: 'booked' });
    expect(booked.participant[0]?.actor.reference).toBe(patientRef);

    // The slot is taken: a second booking of it is refused with an OperationOutcome.
    const taken = await refusal(
      client.operation({
        resourceType: 'Appointment',
        name: '$book',
        input: {
          resourceType: 'Parameters',
          parameter: [
            { name: 'slot', valueReference: { reference: `Slot/${slotId}` } },
            { name: 'patient', valueReference: { reference: patientRef } },
          ],
        },
      }),
    );
    expect(taken.status).toBe(409);
    expect(valid(taken.data).resourceType).toBe('OperationOutcome');

    const read = valid(
      await client.read({ resourceType: 'Appointment', id: booked.id }),
    ) as Appointment;
    expect(read.status).toBe('booked');
    const tag = etagOf(read);
    expect(tag).toBe(`W/"${read.meta.versionId}"`);

    const mine = valid(
      await client.search({
        resourceType: 'Appointment',
        searchParams: { patient: patientRef, status: 'booked' },
      }),
    ) as Bundle;
    expect(matches(mine).map((a) => a.id)).toContain(booked.id);

    const cancelled = valid(
      await client.patch({
        resourceType: 'Appointment',
        id: booked.id,
        jsonPatch: [{ op: 'replace', path: '/status', value: 'cancelled' }],
        options: { headers: { 'If-Match': tag } },
      }),
    ) as Appointment;
    expect(cancelled.status).toBe('cancelled');
    expect(etagOf(cancelled)).not.toBe(tag);
    const freed = valid(await client.read({ resourceType: 'Slot', id: slotId }));
    expect(freed.status).toBe('free');

    // A second booking, of a free slot directly, cancelled by PUT (update): first with the
    // stale ETag of another version (412), then with its own.
    const spareSlot = spare?.slot[0]?.reference ?? '';
    const direct = valid(
      await client.operation({
        resourceType: 'Appointment',
        name: 'book',
        input: {
          resourceType: 'Parameters',
          parameter: [
            { name: 'slot', valueReference: { reference: spareSlot } },
            { name: 'patient', valueReference: { reference: patientRef } },
          ],
        },
      }),
    ) as Appointment;
    expect(direct.status).toBe('booked');
    const body = { ...direct, status: 'cancelled' };
    const stale = await refusal(
      client.update({
        resourceType: 'Appointment',
        id: direct.id,
        body,
        options: { headers: { 'If-Match': `W/"${read.meta.versionId}"` } },
      }),
    );
    expect(stale.status).toBe(412);
    expect(valid(stale.data).resourceType).toBe('OperationOutcome');
    const updated = valid(
      await client.update({
        resourceType: 'Appointment',
        id: direct.id,
        body,
        options: { headers: { 'If-Match': etagOf(direct) } },
      }),
    ) as Appointment;
    expect(updated.status).toBe('cancelled');

    // Read back through the library: both cancelled, as the database holds them.
    for (const id of [booked.id, direct.id]) {
      const again = valid(await client.read({ resourceType: 'Appointment', id })) as Appointment;
      expect(again.status).toBe('cancelled');
    }
    const { rows } = await t.db.query<{ status: string; booked_via: string }>(
      'select status, booked_via from appointment where id = any($1::uuid[]) order by status',
      [[booked.id, direct.id]],
    );
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // Both held-then-booked and booked-directly are recorded as made by another system.
    expect(rows.map((r) => r.booked_via)).toEqual(['fhir', 'fhir']);
  });
});
