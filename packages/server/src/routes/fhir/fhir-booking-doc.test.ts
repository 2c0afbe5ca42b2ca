/**
 * Runs the curl examples of docs/fhir-booking.md, in order, against the real app listening on
 * a real port, as a hub or 111 service would: each `<!-- step: name -->` block through bash
 * with the variables the page tells the reader to set, taken here from the answers of the
 * steps before. An edited block that no longer works, or a missing step, fails this file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInEngland, nextDate } from '@atscale/domain';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../../testing/test-app.js';

const run = promisify(execFile);
const DOC = fileURLToPath(new URL('../../../../../docs/fhir-booking.md', import.meta.url));

/** The steps the page must have, in this order. */
const STEPS = [
  'sign-in',
  'register',
  'token',
  'patient',
  'slots',
  'find',
  'hold',
  'book',
  'book-taken',
  'read',
  'cancel',
  'error-401',
  'error-403',
  'error-404',
  'error-412',
  'error-422',
  'error-400',
] as const;

type Step = (typeof STEPS)[number];

/** The `sh` block after each `<!-- step: name -->` marker, in the order the page gives them. */
function docSteps(markdown: string): { name: string; script: string }[] {
  const steps: { name: string; script: string }[] = [];
  const marker = /<!-- step: ([a-z0-9-]+) -->\s*\n```sh\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(marker)) {
    steps.push({ name: match[1] ?? '', script: match[2] ?? '' });
  }
  return steps;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  text: string;
}

/** Splits `curl -i` output into the (last) status line's code, its headers and the JSON body. */
function parseCurl(output: string): Answer {
  let rest = output;
  let head = '';
  do {
    const end = rest.search(/\r?\n\r?\n/);
    if (end < 0) throw new Error(`not a curl -i answer: ${output.slice(0, 200)}`);
    head = rest.slice(0, end);
    rest = rest.slice(end).replace(/^\r?\n\r?\n/, '');
    // An interim `100 Continue` comes before the real answer.
  } while (/^HTTP\/[\d.]+ 1\d\d/.test(head));
  const [statusLine = '', ...lines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) throw new Error(`no status line in: ${output.slice(0, 200)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const text = rest.trim();
  return { status, headers, text, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

interface Resource {
  resourceType: string;
  id?: string;
  status?: string;
  [key: string]: unknown;
}
interface Bundle extends Resource {
  total: number;
  link?: { relation: string; url: string }[];
  entry?: { resource: Resource; search?: { mode: string } }[];
}

let t: TestApp;
let steps: { name: string; script: string }[];
let workDir: string;
let practiceId: string;
let nhsNumber: string;
const vars: Record<string, string> = {};

beforeAll(async () => {
  warmFhirValidator(['Bundle', 'Patient', 'Slot', 'Schedule', 'Appointment', 'OperationOutcome']);
  steps = docSteps(await readFile(DOC, 'utf8'));
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  practiceId = t.demo.practiceIds[0] ?? '';
  const { rows } = await t.db.query<{ nhs_number: string }>(
    `select nhs_number from patient where practice_id = $1
      and (deregistered_on is null or deregistered_on > current_date)
      order by nhs_number limit 1`,
    [practiceId],
  );
  nhsNumber = rows[0]?.nhs_number ?? '';
  workDir = await mkdtemp(path.join(tmpdir(), 'atscale-fhir-doc-'));
  // What the page's "Before you start" has the reader set, and what an administrator knows.
  const from = nextDate(dateInEngland(new Date()), 1);
  Object.assign(vars, {
    ATSCALE: `http://127.0.0.1:${String(port)}`,
    FROM: from,
    TO: nextDate(from, 13),
    NHS_NUMBER: nhsNumber,
    ADMIN_EMAIL: 'demo@atscale.test',
    ADMIN_PASSWORD: TEST_PASSWORD,
    PRACTICE_ID: practiceId,
  });
});
afterAll(async () => {
  await t.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Runs one step of the page with bash (unset variables and failed commands stop it). */
async function step(name: Step): Promise<Answer> {
  const found = steps.find((s) => s.name === name);
  if (!found) throw new Error(`docs/fhir-booking.md has no <!-- step: ${name} --> block`);
  const { stdout } = await run('bash', ['-e', '-u', '-o', 'pipefail', '-c', found.script], {
    cwd: workDir,
    // Only what the page says to set: no proxy or other settings leak in from the test run.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workDir, ...vars },
    timeout: 30_000,
  });
  return parseCurl(stdout);
}

/** A FHIR answer with this status, valid FHIR R4 (and, for a refusal, an OperationOutcome). */
function fhir(answer: Answer, status: number, resourceType: string): Resource {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toContain('application/fhir+json');
  const resource = answer.body as Resource;
  expect(resource.resourceType, answer.text).toBe(resourceType);
  assertValidFhir(resource);
  return resource;
}

const matches = (bundle: Bundle) =>
  (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource);

describe('docs/fhir-booking.md', () => {
  it('has every step, once each, in the order of the flow', () => {
    expect(steps.map((s) => s.name)).toEqual(STEPS);
    for (const s of steps) expect(s.script, s.name).toMatch(/^curl /);
  });

  it('books and cancels through the FHIR API exactly as the curl examples show', async () => {
    const signedIn = await step('sign-in');
    expect(signedIn.status, signedIn.text).toBe(200);

    const registered = await step('register');
    expect(registered.status, registered.text).toBe(201);
    const client = registered.body as {
      client: { id: string; actsFor: { id: string } };
      clientSecret: string;
    };
    expect(client.client.actsFor.id).toBe(practiceId);
    vars.CLIENT_ID = client.client.id;
    vars.CLIENT_SECRET = client.clientSecret;

    const token = await step('token');
    expect(token.status, token.text).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer' });
    expect(String(token.body.scope).split(' ')).toEqual(
      expect.arrayContaining(['system/Slot.read', 'system/Appointment.write']),
    );
    vars.TOKEN = String(token.body.access_token);

    const patients = fhir(await step('patient'), 200, 'Bundle') as Bundle;
    const [patient] = matches(patients);
    expect(patient?.resourceType).toBe('Patient');
    expect(JSON.stringify(patient?.identifier)).toContain(nhsNumber);
    vars.PATIENT = patient?.id ?? '';

    const slots = fhir(await step('slots'), 200, 'Bundle') as Bundle;
    expect(slots.total).toBeGreaterThan(0);
    const found = matches(slots);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(10);
    for (const slot of found) {
      expect(slot).toMatchObject({ resourceType: 'Slot', status: 'free' });
      expect(String(slot.start) >= (vars.FROM ?? '')).toBe(true);
    }
    const included = (slots.entry ?? []).filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => e.resource.resourceType)).toContain('Schedule');

    const proposals = fhir(await step('find'), 200, 'Bundle') as Bundle;
    const [proposal] = matches(proposals);
    expect(proposal).toMatchObject({ resourceType: 'Appointment', status: 'proposed' });
    const slotRef = (proposal?.slot as { reference: string }[] | undefined)?.[0]?.reference ?? '';
    expect(slotRef).toMatch(/^Slot\//);
    vars.SLOT = slotRef.replace('Slot/', '');

    const hold = fhir(await step('hold'), 200, 'Appointment');
    expect(hold.status).toBe('pending');
    vars.APPOINTMENT = hold.id ?? '';

    const bookAnswer = await step('book');
    const booked = fhir(bookAnswer, 201, 'Appointment');
    expect(booked).toMatchObject({ id: vars.APPOINTMENT, status: 'booked' });
    expect(JSON.stringify(booked.participant)).toContain(`Patient/${vars.PATIENT}`);
    // The organisation that booked (GP Connect's booking organisation): the client's practice.
    const booker = (booked.extension as { url: string; valueReference?: { reference: string } }[])
      .find((e) => e.url.endsWith('/booking-organisation'))
      ?.valueReference?.reference.replace('Organization/', '');
    expect(booker).toBe(practiceId);
    expect(bookAnswer.headers.location).toContain(`/fhir/R4/Appointment/${vars.APPOINTMENT}`);

    fhir(await step('book-taken'), 409, 'OperationOutcome');

    const readAnswer = await step('read');
    const read = fhir(readAnswer, 200, 'Appointment');
    expect(read.status).toBe('booked');
    const tag = readAnswer.headers.etag ?? '';
    expect(tag).toBe(`W/"${(read.meta as { versionId: string }).versionId}"`);
    expect(tag).toBe(bookAnswer.headers.etag);
    vars.ETAG = tag;

    const cancelAnswer = await step('cancel');
    const cancelled = fhir(cancelAnswer, 200, 'Appointment');
    expect(cancelled).toMatchObject({
      id: vars.APPOINTMENT,
      status: 'cancelled',
      cancelationReason: { text: 'Patient rang back to cancel' },
    });
    expect(cancelAnswer.headers.etag).not.toBe(tag);
    // The slot is free again and the appointment stays cancelled.
    const { rows } = await t.db.query<{ status: string }>(
      'select status from appointment where id = $1',
      [vars.APPOINTMENT],
    );
    expect(rows[0]?.status).toBe('cancelled');
    const slot = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/Slot/${vars.SLOT}`,
      headers: { authorization: `Bearer ${vars.TOKEN}` },
    });
    expect(slot.json<Resource>().status).toBe('free');
  });

  it('shows each refusal as an OperationOutcome with its status', async () => {
    // Runs after the flow above: the token, the cancelled appointment and its old ETag.
    expect(vars.ETAG).toMatch(/^W\/"/);
    const unauthenticated = await step('error-401');
    fhir(unauthenticated, 401, 'OperationOutcome');
    expect(unauthenticated.headers['www-authenticate']).toMatch(/^Bearer/);
    const forbidden = fhir(await step('error-403'), 403, 'OperationOutcome');
    expect(JSON.stringify(forbidden)).toContain('system/Practitioner.read');
    fhir(await step('error-404'), 404, 'OperationOutcome');
    fhir(await step('error-412'), 412, 'OperationOutcome');
    const refused = fhir(await step('error-422'), 422, 'OperationOutcome');
    expect(JSON.stringify(refused)).toContain('cancel');
    const strict = fhir(await step('error-400'), 400, 'OperationOutcome');
    expect(JSON.stringify(strict)).toContain('colour');
  });
});
