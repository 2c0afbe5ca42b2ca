import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOT_SERVICES } from '@atscale/domain';
import type { FhirResource as Resource, SearchsetBundle as Searchset } from '../../fhir/bundle.js';
import { assertValidFhir, warmFhirValidator } from '../../fhir/testing/fhir-validator.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: string;
let navigator: string;
let other: string;
let gp: { id: string; registrationNumber: string; fullName: string; practiceId: string };
let patient: { id: string; nhsNumber: string; familyName: string; dateOfBirth: string };

beforeAll(async () => {
  warmFhirValidator([
    'Bundle',
    'OperationOutcome',
    'Practitioner',
    'PractitionerRole',
    'HealthcareService',
    'Patient',
  ]);
  t = await createTestApp();
  admin = await t.signIn('demo@atscale.test'); // org-admin, central operations, manager of 1
  navigator = await t.signIn('navigator@atscale.test'); // care navigator at practice 2
  other = await t.signIn(t.other.adminEmail);
  const staff = await t.db.query<typeof gp>(
    `select id, registration_number as "registrationNumber", full_name as "fullName",
            home_practice_id as "practiceId"
       from staff_member
      where org_id = $1 and staff_role = 'gp' and registration_number is not null
        and home_practice_id is not null and left_on is null
      order by full_name limit 1`,
    [t.demo.orgId],
  );
  gp = staff.rows[0] ?? { id: '', registrationNumber: '', fullName: '', practiceId: '' };
  const patients = await t.db.query<typeof patient>(
    `select id, nhs_number as "nhsNumber", family_name as "familyName",
            to_char(date_of_birth, 'YYYY-MM-DD') as "dateOfBirth"
       from patient where practice_id = $1 order by nhs_number limit 1`,
    [t.demo.practiceIds[0]],
  );
  patient = patients.rows[0] ?? { id: '', nhsNumber: '', familyName: '', dateOfBirth: '' };
});
afterAll(() => t.close());

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } });

/** A search's Bundle, checked to be 200 and valid R4. */
async function search(url: string, cookie: string): Promise<Searchset> {
  const response = await get(url, cookie);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  expect(response.headers['content-type']).toContain('application/fhir+json');
  const bundle = JSON.parse(response.body) as Searchset;
  assertValidFhir(bundle);
  return bundle;
}
const matches = (b: Searchset) =>
  b.entry.filter((e) => e.search.mode === 'match').map((e) => e.resource);

/** A 4xx answered with a valid OperationOutcome naming what was wrong. */
async function refused(url: string, status: number, cookie: string, mentions?: string) {
  const response = await get(url, cookie);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
  const outcome = JSON.parse(response.body) as Resource;
  expect(outcome.resourceType, url).toBe('OperationOutcome');
  assertValidFhir(outcome);
  if (mentions !== undefined) expect(response.body, url).toContain(mentions);
}

const auditRows = async (action: string, patientId: string) =>
  (
    await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_event where action = $1 and patient_id = $2`,
      [action, patientId],
    )
  ).rows[0]?.n ?? 0;

describe('FHIR R4: CapabilityStatement of the directory and Patient', () => {
  it('lists the new types with UK Core profiles and their search parameters', async () => {
    const response = await get('/fhir/R4/metadata');
    const statement = JSON.parse(response.body) as {
      rest: { resource: { type: string; profile: string; searchParam: { name: string }[] }[] }[];
    };
    assertValidFhir(statement);
    const byType = new Map(statement.rest[0]?.resource.map((r) => [r.type, r]));
    for (const type of ['Practitioner', 'PractitionerRole', 'HealthcareService', 'Patient']) {
      expect(byType.get(type)?.profile, type).toBe(
        `https://fhir.hl7.org.uk/StructureDefinition/UKCore-${type}`,
      );
    }
    expect(byType.get('Patient')?.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['identifier', 'family', 'birthdate']),
    );
    expect(byType.get('PractitionerRole')?.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['practitioner', 'organization', 'location', 'role', 'service']),
    );
  });
});

describe('FHIR R4: Practitioner', () => {
  it('finds a GP by GMC number, valid, and reads them', async () => {
    expect(gp.id).not.toBe('');
    const found = await search(
      `/fhir/R4/Practitioner?identifier=https://fhir.hl7.org.uk/Id/gmc-number|${gp.registrationNumber}`,
      navigator,
    );
    expect(found.total).toBe(1);
    expect(matches(found)[0]).toMatchObject({
      id: gp.id,
      active: true,
      identifier: [
        { system: 'https://fhir.hl7.org.uk/Id/gmc-number', value: gp.registrationNumber },
      ],
      name: [{ text: gp.fullName }],
    });
    const read = await get(`/fhir/R4/Practitioner/${gp.id}`, navigator);
    expect(read.statusCode).toBe(200);
    assertValidFhir(JSON.parse(read.body));
    const wrongRegister = await search(
      `/fhir/R4/Practitioner?identifier=https://fhir.hl7.org.uk/Id/nmc-number|${gp.registrationNumber}`,
      navigator,
    );
    expect(wrongRegister.total).toBe(0);
  });

  it('searches by name and _id, and pages with next links to the end', async () => {
    const family = gp.fullName.split(' ').at(-1) ?? '';
    const byName = await search(`/fhir/R4/Practitioner?name=${encodeURIComponent(family)}`, admin);
    expect(matches(byName).map((r) => r.id)).toContain(gp.id);
    const byId = await search(`/fhir/R4/Practitioner?_id=${gp.id}`, admin);
    expect(byId.total).toBe(1);
    const all = await search('/fhir/R4/Practitioner?_count=100', admin);
    expect(all.total).toBeGreaterThan(3);
    const seen: string[] = [];
    let url: string | undefined = '/fhir/R4/Practitioner?_count=3';
    while (url !== undefined) {
      const page = await search(url, admin);
      expect(matches(page).length).toBeLessThanOrEqual(3);
      seen.push(...matches(page).map((r) => r.id ?? ''));
      const next = page.link.find((l) => l.relation === 'next')?.url;
      url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
    }
    expect(seen).toHaveLength(all.total);
    expect(new Set(seen).size).toBe(all.total);
  });

  it('is the organisation’s only: another organisation finds and reads none of it', async () => {
    const theirs = await search(`/fhir/R4/Practitioner?_id=${gp.id}`, other);
    expect(theirs.total).toBe(0);
    await refused(`/fhir/R4/Practitioner/${gp.id}`, 404, other);
  });
});

describe('FHIR R4: PractitionerRole', () => {
  it('gives a GP’s role at their practice and sites, with the services a GP offers', async () => {
    const read = await get(`/fhir/R4/PractitionerRole/${gp.id}`, navigator);
    expect(read.statusCode).toBe(200);
    const role = JSON.parse(read.body) as Resource;
    assertValidFhir(role);
    expect(role).toMatchObject({
      practitioner: { reference: `Practitioner/${gp.id}` },
      organization: { reference: `Organization/${gp.practiceId}` },
      code: [{ coding: [{ code: 'gp', display: 'GP' }] }],
    });
    const services = (role.healthcareService as { reference: string }[]).map((s) => s.reference);
    expect(services).toEqual(
      expect.arrayContaining(['HealthcareService/gp', 'HealthcareService/msk']),
    );
    const sites = role.location as { reference: string }[];
    expect(sites.length).toBeGreaterThan(0);
    const site = sites[0]?.reference ?? '';
    const atSite = await search(`/fhir/R4/PractitionerRole?location=${site}&role=gp`, navigator);
    expect(matches(atSite).map((r) => r.id)).toContain(gp.id);
  });

  it('searches by practitioner, organization, role and service', async () => {
    const one = await search(`/fhir/R4/PractitionerRole?practitioner=Practitioner/${gp.id}`, admin);
    expect(matches(one).map((r) => r.id)).toEqual([gp.id]);
    const practice = await search(
      `/fhir/R4/PractitionerRole?organization=Organization/${gp.practiceId}&_count=100`,
      admin,
    );
    for (const r of matches(practice)) {
      expect(r.organization).toMatchObject({ reference: `Organization/${gp.practiceId}` });
    }
    const nurses = await search(
      '/fhir/R4/PractitionerRole?service=HealthcareService/nurse&_count=100',
      admin,
    );
    expect(nurses.total).toBeGreaterThan(0);
    for (const r of matches(nurses)) {
      expect(r.code).toMatchObject([{ coding: [{ code: 'practice-nurse' }] }]);
    }
    const gps = await search('/fhir/R4/PractitionerRole?role=gp&_count=100', admin);
    expect(matches(gps).map((r) => r.id)).toContain(gp.id);
    expect(matches(gps).map((r) => r.id)).not.toContain(matches(nurses)[0]?.id);
  });

  it('refuses bad references and values with a 400 OperationOutcome', async () => {
    await refused('/fhir/R4/PractitionerRole?practitioner=Patient/1', 400, admin, 'practitioner');
    await refused('/fhir/R4/PractitionerRole?active=perhaps', 400, admin, 'active');
    await refused('/fhir/R4/PractitionerRole?service=', 400, admin, 'service');
    await refused(`/fhir/R4/PractitionerRole/${gp.id}`, 404, other);
    await refused('/fhir/R4/PractitionerRole/not-a-uuid', 404, admin);
    await refused('/fhir/R4/Practitioner/00000000-0000-4000-8000-000000000000', 404, admin);
  });
});

describe('FHIR R4: HealthcareService', () => {
  it('has one per slot service and one per hub, valid, at the sites that offer them', async () => {
    const hubs = await t.db.query<{ id: string }>('select id from hub where org_id = $1', [
      t.demo.orgId,
    ]);
    const all = await search('/fhir/R4/HealthcareService?_count=100', navigator);
    expect(all.total).toBe(SLOT_SERVICES.length + hubs.rows.length);
    const gpService = await get('/fhir/R4/HealthcareService/gp', navigator);
    expect(gpService.statusCode).toBe(200);
    const service = JSON.parse(gpService.body) as Resource;
    assertValidFhir(service);
    expect(service).toMatchObject({
      name: 'GP',
      providedBy: { reference: `Organization/${t.demo.orgId}` },
    });
    // Its sites are exactly those with open slots of it from now on.
    const offered = await t.db.query<{ siteId: string }>(
      `select distinct site_id as "siteId" from slot
        where org_id = $1 and service = 'gp' and status = 'open' and starts_at >= now()`,
      [t.demo.orgId],
    );
    expect(offered.rows.length).toBeGreaterThan(0);
    const sites = ((service.location ?? []) as { reference: string }[]).map((l) => l.reference);
    expect(sites.sort()).toEqual(offered.rows.map((r) => `Location/${r.siteId}`).sort());
    if (sites[0] !== undefined) {
      const there = await search(`/fhir/R4/HealthcareService?location=${sites[0]}`, navigator);
      expect(matches(there).map((r) => r.id)).toContain('gp');
    }
    const typed = await search(
      '/fhir/R4/HealthcareService?service-type=https://atscale.example/fhir/CodeSystem/slot-service|msk',
      navigator,
    );
    expect(matches(typed).map((r) => r.id)).toEqual(['msk']);
    const specialist = await search(
      '/fhir/R4/HealthcareService?service-category=specialist-service&active=true',
      navigator,
    );
    expect(specialist.total).toBe(4);
  });

  it('shows a hub at its sites, to its organisation only', async () => {
    // The tiny demo has no hub: set one up as the app does.
    const site = (
      await t.db.query<{ id: string }>(
        'select id from site where practice_id = $1 order by name limit 1',
        [t.demo.practiceIds[0]],
      )
    ).rows[0];
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/hubs',
      headers: { cookie: admin },
      payload: {
        name: 'FHIR Hub',
        releaseLeadMinutes: 120,
        siteIds: [site?.id],
        practices: [{ practiceId: t.demo.practiceIds[0], dailyThreshold: 5 }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hub = (
      await t.db.query<{ id: string; siteId: string }>(
        `select h.id, hs.site_id as "siteId" from hub h join hub_site hs on hs.hub_id = h.id
          where h.org_id = $1 and h.name = 'FHIR Hub'`,
        [t.demo.orgId],
      )
    ).rows[0];
    expect(hub, 'the demo has a hub with a site').toBeDefined();
    if (hub === undefined) return;
    const read = await get(`/fhir/R4/HealthcareService/${hub.id}`, navigator);
    expect(read.statusCode).toBe(200);
    const resource = JSON.parse(read.body) as Resource;
    assertValidFhir(resource);
    expect(JSON.stringify(resource.location)).toContain(hub.siteId);
    expect(resource).toMatchObject({
      name: 'FHIR Hub',
      category: [{ coding: [{}, { code: 'hub' }] }],
    });
    const bySite = await search(
      `/fhir/R4/HealthcareService?location=Location/${hub.siteId}`,
      admin,
    );
    expect(matches(bySite).map((r) => r.id)).toContain(hub.id);
    await refused(`/fhir/R4/HealthcareService/${hub.id}`, 404, other);
    const theirs = await search(`/fhir/R4/HealthcareService?_count=100`, other);
    expect(JSON.stringify(theirs)).not.toContain(hub.id);
  });

  it('refuses bad parameters and unknown services', async () => {
    await refused('/fhir/R4/HealthcareService?location=Organization/x', 400, admin, 'location');
    await refused('/fhir/R4/HealthcareService?active=yes', 400, admin, 'active');
    await refused('/fhir/R4/HealthcareService/dentistry', 404, admin);
  });
});

describe('FHIR R4: Patient', () => {
  it('finds a patient by NHS number, UK Core shaped and valid, and audits it', async () => {
    const before = await auditRows('patient.search', patient.id);
    const found = await search(
      `/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${patient.nhsNumber}`,
      admin,
    );
    expect(found.total).toBe(1);
    expect(matches(found)[0]).toMatchObject({
      id: patient.id,
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: patient.nhsNumber }],
      birthDate: patient.dateOfBirth,
      generalPractitioner: [{ reference: `Organization/${t.demo.practiceIds[0] ?? ''}` }],
    });
    expect(await auditRows('patient.search', patient.id)).toBe(before + 1);
  });

  it('finds by family name and birthdate, ANDing what else is given', async () => {
    const found = await search(
      `/fhir/R4/Patient?family=${encodeURIComponent(patient.familyName)}&birthdate=${patient.dateOfBirth}`,
      admin,
    );
    expect(matches(found).map((r) => r.id)).toContain(patient.id);
    const not = await search(
      `/fhir/R4/Patient?identifier=${patient.nhsNumber}&family=Zzzyzx`,
      admin,
    );
    expect(not.total).toBe(0);
  });

  it('reads a patient with an audit row; another practice’s user gets 404, audited as refused', async () => {
    const reads = await auditRows('patient.read', patient.id);
    const read = await get(`/fhir/R4/Patient/${patient.id}`, admin);
    expect(read.statusCode).toBe(200);
    assertValidFhir(JSON.parse(read.body));
    expect(await auditRows('patient.read', patient.id)).toBe(reads + 1);

    const refusals = await auditRows('patient.read-refused', patient.id);
    await refused(`/fhir/R4/Patient/${patient.id}`, 404, navigator);
    expect(await auditRows('patient.read-refused', patient.id)).toBe(refusals + 1);
    const bySearch = await search(`/fhir/R4/Patient?identifier=${patient.nhsNumber}`, navigator);
    expect(bySearch.total).toBe(0);
    const byId = await search(`/fhir/R4/Patient?_id=${patient.id}`, navigator);
    expect(byId.total).toBe(0);
    await refused(`/fhir/R4/Patient/${patient.id}`, 404, other);
    const theirs = await search(`/fhir/R4/Patient?identifier=${patient.nhsNumber}`, other);
    expect(theirs.total).toBe(0);
  });

  it('never lists the register whole, and refuses bad criteria with 400', async () => {
    await refused('/fhir/R4/Patient', 400, admin, 'identifier');
    await refused('/fhir/R4/Patient?_count=5', 400, admin, 'identifier');
    await refused('/fhir/R4/Patient?family=Smith', 400, admin, 'birthdate');
    await refused('/fhir/R4/Patient?family=Smith&birthdate=ge1980-01-01', 400, admin, 'birthdate');
    await refused('/fhir/R4/Patient?birthdate=tomorrow&family=Smith', 400, admin, 'birthdate');
    await refused('/fhir/R4/Patient?identifier=1234567890', 400, admin, 'identifier');
    await refused('/fhir/R4/Patient/not-a-uuid', 404, admin);
    const strict = await get(
      `/fhir/R4/Patient?identifier=${patient.nhsNumber}&colour=blue`,
      admin,
      {
        prefer: 'handling=strict',
      },
    );
    expect(strict.statusCode).toBe(400);
    assertValidFhir(JSON.parse(strict.body));
    const lenient = await search(
      `/fhir/R4/Patient?identifier=${patient.nhsNumber}&colour=blue`,
      admin,
    );
    expect(lenient.total).toBe(1);
    expect(lenient.entry.find((e) => e.search.mode === 'outcome')?.resource).toMatchObject({
      resourceType: 'OperationOutcome',
    });
  });
});

describe('FHIR R4: meta.lastUpdated and _lastUpdated of the directory and Patient', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const lastUpdated = (r: Resource | undefined) =>
    (r?.meta as { lastUpdated?: string } | undefined)?.lastUpdated ?? '';
  const read = async (url: string) => {
    const response = await get(url, admin);
    expect(response.statusCode, response.body).toBe(200);
    const resource = JSON.parse(response.body) as Resource;
    assertValidFhir(resource);
    return resource;
  };

  it('declares _lastUpdated for Practitioner, PractitionerRole, Patient, Slot and Appointment', async () => {
    const statement = JSON.parse((await get('/fhir/R4/metadata')).body) as {
      rest: { resource: { type: string; searchParam: { name: string; type: string }[] }[] }[];
    };
    for (const type of ['Practitioner', 'PractitionerRole', 'Patient', 'Slot', 'Appointment']) {
      const declared = statement.rest[0]?.resource.find((r) => r.type === type);
      expect(
        declared?.searchParam.find((p) => p.name === '_lastUpdated'),
        type,
      ).toMatchObject({ type: 'date' });
    }
  });

  it('moves when the staff member or patient changes, and _lastUpdated=gt finds only them', async () => {
    const practitioner = await read(`/fhir/R4/Practitioner/${gp.id}`);
    const role = await read(`/fhir/R4/PractitionerRole/${gp.id}`);
    expect(lastUpdated(role)).toBe(lastUpdated(practitioner));
    const registered = await read(`/fhir/R4/Patient/${patient.id}`);
    expect(Date.parse(lastUpdated(registered))).toBeLessThanOrEqual(Date.now());
    await pause(20);
    const before = new Date().toISOString();
    await pause(20);
    for (const type of ['Practitioner', 'PractitionerRole']) {
      expect(matches(await search(`/fhir/R4/${type}?_lastUpdated=gt${before}`, admin))).toEqual([]);
    }
    const byNumber = `/fhir/R4/Patient?identifier=${patient.nhsNumber}`;
    expect(matches(await search(`${byNumber}&_lastUpdated=gt${before}`, admin))).toEqual([]);

    await t.db.query(`update staff_member set skills = skills || '{fhir}' where id = $1`, [gp.id]);
    await t.db.query(`update patient set contact_email = 'changed@example.org' where id = $1`, [
      patient.id,
    ]);

    const changed = await read(`/fhir/R4/Practitioner/${gp.id}`);
    expect(Date.parse(lastUpdated(changed))).toBeGreaterThan(Date.parse(before));
    for (const type of ['Practitioner', 'PractitionerRole']) {
      const found = matches(await search(`/fhir/R4/${type}?_lastUpdated=gt${before}`, admin));
      expect(found.map((r) => r.id)).toEqual([gp.id]);
      expect(lastUpdated(found[0])).toBe(lastUpdated(changed));
      const unchanged = await search(`/fhir/R4/${type}?_lastUpdated=le${before}&_count=100`, admin);
      expect(matches(unchanged).map((r) => r.id)).not.toContain(gp.id);
      expect(unchanged.total).toBeGreaterThan(0);
    }
    const moved = await read(`/fhir/R4/Patient/${patient.id}`);
    expect(Date.parse(lastUpdated(moved))).toBeGreaterThan(Date.parse(before));
    expect(
      matches(await search(`${byNumber}&_lastUpdated=gt${before}`, admin)).map((r) => r.id),
    ).toEqual([patient.id]);
    expect(matches(await search(`${byNumber}&_lastUpdated=lt${before}`, admin))).toEqual([]);
    await refused(`${byNumber}&_lastUpdated=soon`, 400, admin, '_lastUpdated');
  });
});
