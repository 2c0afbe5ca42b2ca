import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchsetBundle as Searchset } from '../../fhir/bundle.js';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let other: string;

beforeAll(async () => {
  warmFhirValidator(['CapabilityStatement', 'Bundle', 'OperationOutcome']);
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test');
  other = await t.signIn(t.other.adminEmail);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } });

const bundle = (body: string) => JSON.parse(body) as Searchset;
const matches = (b: Searchset) => b.entry.filter((e) => e.search.mode === 'match');

describe('FHIR R4: CapabilityStatement', () => {
  it('is public, valid FHIR, and lists exactly the types and search parameters served', async () => {
    const response = await get('/fhir/R4/metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/fhir+json');
    const statement = JSON.parse(response.body) as {
      fhirVersion: string;
      rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
    };
    assertValidFhir(statement);
    expect(statement.fhirVersion).toBe('4.0.1');
    const types = statement.rest[0]?.resource.map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'Organization',
        'Location',
        'HealthcareService',
        'Practitioner',
        'PractitionerRole',
        'Patient',
      ]),
    );
    expect(new Set(types).size).toBe(types?.length);
    const organization = statement.rest[0]?.resource.find((r) => r.type === 'Organization');
    expect(organization?.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['identifier', 'name', '_count', '_offset']),
    );
  });
});

describe('FHIR R4: Organization', () => {
  it('finds a member practice by its ODS code, valid against the R4 definitions', async () => {
    const practice = (
      await t.db.query<{ id: string; odsCode: string }>(
        'select id, ods_code as "odsCode" from practice where id = $1',
        [t.demo.practiceIds[0]],
      )
    ).rows[0];
    const response = await get(
      `/fhir/R4/Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|${practice?.odsCode ?? ''}`,
      admin,
    );
    expect(response.statusCode).toBe(200);
    const found = bundle(response.body);
    assertValidFhir(found);
    expect(found.total).toBe(1);
    expect(matches(found)[0]?.resource).toMatchObject({
      resourceType: 'Organization',
      id: practice?.id,
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: practice?.odsCode },
      ],
      partOf: { reference: `Organization/${t.demo.orgId}` },
    });
    expect(matches(found)[0]?.fullUrl).toMatch(/^http:\/\/[^/]+\/fhir\/R4\/Organization\//);
  });

  it('reads a practice in full (address) and the organisation itself', async () => {
    const id = t.demo.practiceIds[0] ?? '';
    const response = await get(`/fhir/R4/Organization/${id}`, admin);
    expect(response.statusCode).toBe(200);
    const practice = JSON.parse(response.body) as { id: string; address?: unknown[] };
    assertValidFhir(practice);
    expect(practice.id).toBe(id);
    const org = await get(`/fhir/R4/Organization/${t.demo.orgId}`, admin);
    expect(JSON.parse(org.body)).toMatchObject({ resourceType: 'Organization', id: t.demo.orgId });
  });

  it('pages with _count and next/previous links, and total counts every match', async () => {
    const first = bundle((await get('/fhir/R4/Organization?_count=2', admin)).body);
    assertValidFhir(first);
    expect(matches(first)).toHaveLength(2);
    expect(first.total).toBe(t.demo.practiceIds.length + 1);
    const next = first.link.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toContain('_offset=2');
    const second = bundle((await get(new URL(next).pathname + new URL(next).search, admin)).body);
    const firstIds = matches(first).map((e) => e.resource.id);
    const secondIds = matches(second).map((e) => e.resource.id);
    expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
    expect(second.link.some((l) => l.relation === 'previous')).toBe(true);
  });

  it('reports an unknown search parameter, and refuses it under Prefer: handling=strict', async () => {
    const lenient = bundle((await get('/fhir/R4/Organization?colour=blue', admin)).body);
    assertValidFhir(lenient);
    const outcome = lenient.entry.find((e) => e.search.mode === 'outcome');
    expect(JSON.stringify(outcome?.resource)).toContain('colour');
    const strict = await get('/fhir/R4/Organization?colour=blue', admin, {
      prefer: 'handling=strict',
    });
    expect(strict.statusCode).toBe(400);
    const refused = JSON.parse(strict.body) as { resourceType: string; issue: unknown[] };
    assertValidFhir(refused);
    expect(refused.resourceType).toBe('OperationOutcome');
    expect(strict.body).toContain('colour');
  });

  it('answers bad parameters, unknown ids and types with an OperationOutcome, never a 500', async () => {
    for (const [url, status] of [
      ['/fhir/R4/Organization?_count=0', 400],
      ['/fhir/R4/Organization?_count=lots', 400],
      ['/fhir/R4/Organization?_format=xml', 400],
      ['/fhir/R4/Organization?name=', 400],
      ['/fhir/R4/Organization?partof=Patient/1', 400],
      ['/fhir/R4/Organization?name=a&name=b', 400],
      ['/fhir/R4/Organization/not-a-uuid', 404],
      ['/fhir/R4/Organization/00000000-0000-4000-8000-000000000000', 404],
      ['/fhir/R4/Location/00000000-0000-4000-8000-000000000000', 404],
      ['/fhir/R4/Medication', 404],
    ] as const) {
      const response = await get(url, admin);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type'], url).toContain('application/fhir+json');
      const outcome = JSON.parse(response.body) as { resourceType: string };
      expect(outcome.resourceType, url).toBe('OperationOutcome');
      assertValidFhir(outcome);
    }
  });

  it('needs a signed-in user, and shows another organisation nothing of the demo', async () => {
    const anonymous = await get('/fhir/R4/Organization');
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ resourceType: 'OperationOutcome' });
    const theirs = await get('/fhir/R4/Organization', other);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(t.demo.orgId);
    for (const id of t.demo.practiceIds) expect(theirs.body).not.toContain(id);
    const read = await get(`/fhir/R4/Organization/${t.demo.practiceIds[0] ?? ''}`, other);
    expect(read.statusCode).toBe(404);
  });
});

describe('FHIR R4: Location', () => {
  it('lists a practice’s sites, valid, managed by the practice', async () => {
    const practiceId = t.demo.practiceIds[0] ?? '';
    const response = await get(`/fhir/R4/Location?organization=Organization/${practiceId}`, admin);
    expect(response.statusCode).toBe(200);
    const found = bundle(response.body);
    assertValidFhir(found);
    expect(found.total).toBeGreaterThan(0);
    for (const entry of matches(found)) {
      expect(entry.resource.managingOrganization).toMatchObject({
        reference: `Organization/${practiceId}`,
      });
    }
    const one = matches(found)[0]?.resource.id ?? '';
    const read = await get(`/fhir/R4/Location/${one}`, admin);
    expect(read.statusCode).toBe(200);
    assertValidFhir(JSON.parse(read.body));
    expect((await get(`/fhir/R4/Location/${one}`, other)).statusCode).toBe(404);
  });
});
