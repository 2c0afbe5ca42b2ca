import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../../demo/seed-demo.js';
import { requestRepository, unscopedPublicRequests, NO_MATCH_MESSAGE } from './requests.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let first: string;
let second: string;
let odsOfFirst: string;
interface PatientRow {
  id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string;
  practiceId: string;
}
let patientAtFirst: PatientRow;
let patientAtSecond: PatientRow;

const patientOf = async (practiceId: string): Promise<PatientRow> => {
  const { rows } = await t.db.query<PatientRow>(
    `select id, nhs_number as "nhsNumber", given_name as "givenName", family_name as "familyName",
            date_of_birth::text as "dateOfBirth", postcode, practice_id as "practiceId"
       from patient where practice_id = $1 and postcode is not null and deregistered_on is null
      order by nhs_number limit 1`,
    [practiceId],
  );
  if (!rows[0]) throw new Error('no patient');
  return rows[0];
};

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  [first = '', second = ''] = demo.practiceIds;
  patientAtFirst = await patientOf(first);
  patientAtSecond = await patientOf(second);
  const { rows } = await t.db.query<{ ods: string }>(
    'select ods_code as ods from practice where id = $1',
    [first],
  );
  odsOfFirst = rows[0]?.ods ?? '';
});
afterAll(() => t.dispose());

const as = (userId: string, grants: Principal['grants']): Principal => ({
  userId,
  orgId: demo.orgId,
  grants,
});
const navigatorAtFirst = () =>
  as(demo.users.navigator, [{ role: 'care-navigator', practiceId: first }]);
const repo = (principal: Principal) =>
  requestRepository(t.db, { principal, requestId: 'req-requests' });

const auditOf = (patientId: string) =>
  t.db.query<{ action: string; role: string | null; user_id: string | null }>(
    `select action, role, user_id from audit_event
      where patient_id = $1 and entity_type = 'patient_request' order by id`,
    [patientId],
  );

describe('recording a request', () => {
  it('records a phone request in the practice’s own queue, audited', async () => {
    const request = await repo(navigatorAtFirst()).record({
      patientId: patientAtFirst.id,
      channel: 'phone',
      kind: 'clinical',
      description: '  Cough for three weeks  ',
      preferredChannel: 'telephone',
    });
    expect(request).toMatchObject({
      practiceId: first,
      triageTeamId: null,
      status: 'waiting',
      channel: 'phone',
      description: 'Cough for three weeks',
      patient: { id: patientAtFirst.id },
      recordedBy: { id: demo.users.navigator },
      overdue: false,
    });
    expect(request.reference).toHaveLength(8);
    const { rows } = await auditOf(patientAtFirst.id);
    expect(rows.at(-1)).toMatchObject({ action: 'request.create', role: 'care-navigator' });
    // The answer is put together from the insert, not read back: it must be what a read gives.
    expect(await repo(navigatorAtFirst()).get(request.id)).toEqual(request);
    const { rows: created } = await t.db.query(
      `select user_id, request_id from audit_event
        where entity_id = $1 and action = 'request.create'`,
      [request.id],
    );
    expect(created).toEqual([{ user_id: demo.users.navigator, request_id: 'req-requests' }]);
  });

  it('names the field when an admin request has no type, or a clinical one has one', async () => {
    await expect(
      repo(navigatorAtFirst()).record({
        patientId: patientAtFirst.id,
        channel: 'phone',
        kind: 'admin',
        description: 'Fit note',
      }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/adminType' }] });
    await expect(
      repo(navigatorAtFirst()).record({
        patientId: patientAtFirst.id,
        channel: 'walk-in',
        kind: 'clinical',
        adminType: 'letter',
        description: 'Rash',
      }),
    ).rejects.toMatchObject({ errors: [{ field: '/adminType' }] });
  });

  it('refuses a patient of another practice as not found, and audits the attempt', async () => {
    // The demo may hold requests of its own for this patient: only a new one would be wrong.
    const storedFor = async () =>
      (
        await t.db.query<{ n: number }>(
          'select count(*)::int as n from patient_request where patient_id = $1',
          [patientAtSecond.id],
        )
      ).rows[0]?.n;
    const before = await storedFor();
    await expect(
      repo(navigatorAtFirst()).record({
        patientId: patientAtSecond.id,
        channel: 'phone',
        kind: 'clinical',
        description: 'Headache',
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const { rows } = await auditOf(patientAtSecond.id);
    expect(rows.map((r) => r.action)).toEqual(['request.record-refused']);
    expect(await storedFor()).toBe(before);
  });

  it('refuses a role that records no requests', async () => {
    const finance = as(demo.users.admin, [{ role: 'central-finance', practiceId: null }]);
    await expect(
      repo(finance).record({
        patientId: patientAtFirst.id,
        channel: 'phone',
        kind: 'clinical',
        description: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('routes to the regional call centre when the organisation triages centrally', async () => {
    const { rows } = await t.db.query<{ region: string | null }>(
      'select region from practice where id = $1',
      [first],
    );
    const region = rows[0]?.region ?? null;
    const teams = await t.db.query<{ id: string }>(
      `insert into triage_team (org_id, name, region) values ($1, 'Central', null), ($1, 'Regional', $2)
       returning id`,
      [demo.orgId, region ?? 'Nowhere'],
    );
    await t.db.query(
      `insert into organisation_settings (org_id, request_routing) values ($1, 'centre')
       on conflict (org_id) do update set request_routing = 'centre'`,
      [demo.orgId],
    );
    try {
      const request = await repo(navigatorAtFirst()).record({
        patientId: patientAtFirst.id,
        channel: 'walk-in',
        kind: 'admin',
        adminType: 'fit-note',
        description: 'Fit note please',
      });
      const [central, regional] = teams.rows.map((r) => r.id);
      expect(request.triageTeamId).toBe(region === null ? central : regional);
      expect(request.triageTeamName).toBe(region === null ? 'Central' : 'Regional');
    } finally {
      await t.db.query(
        `update organisation_settings set request_routing = 'practice' where org_id = $1`,
        [demo.orgId],
      );
    }
  });
});

describe('reading a request', () => {
  it('reads a request of a reached practice, audited; another practice’s is not found', async () => {
    const recorded = await repo(navigatorAtFirst()).record({
      patientId: patientAtFirst.id,
      channel: 'phone',
      kind: 'clinical',
      description: 'Sore knee',
    });
    const clinician = as(demo.users.clinician, [{ role: 'clinician', practiceId: first }]);
    await expect(repo(clinician).get(recorded.id)).resolves.toMatchObject({ id: recorded.id });
    const { rows } = await auditOf(patientAtFirst.id);
    expect(rows.at(-1)).toMatchObject({ action: 'request.read', role: 'clinician' });
    const elsewhere = as(demo.users.navigator, [{ role: 'care-navigator', practiceId: second }]);
    await expect(repo(elsewhere).get(recorded.id)).rejects.toMatchObject({ code: 'not-found' });
    const otherOrg: Principal = {
      userId: demo.users.admin,
      orgId: '00000000-0000-4000-8000-000000000000',
      grants: [{ role: 'central-operations', practiceId: null }],
    };
    await expect(repo(otherOrg).get(recorded.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('the public online form', () => {
  const publicForm = () => unscopedPublicRequests(t.db);

  it('finds a member practice by its ODS code, and no practice for an unknown code', async () => {
    await expect(publicForm().practice(odsOfFirst)).resolves.toMatchObject({
      practiceId: first,
      orgId: demo.orgId,
    });
    await expect(publicForm().practice('Z00000')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('takes no requests for a practice that is only in the membership pipeline', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into practice (org_id, ods_code, name) values ($1, 'Q70555', 'Prospect Surgery')
       returning id`,
      [demo.orgId],
    );
    await t.db.query(
      `insert into membership (org_id, practice_id, stage, stage_since)
       values ($1, $2, 'due-diligence', current_date)`,
      [demo.orgId, rows[0]?.id],
    );
    await expect(publicForm().practice('Q70555')).rejects.toMatchObject({ code: 'not-found' });
    await expect(publicForm().redirect('Q70555', ['breathing'])).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('keeps a red-flag redirect without identity and queues nothing', async () => {
    const before = await t.db.query('select count(*)::int as n from patient_request');
    await expect(publicForm().redirect(odsOfFirst, ['severe-pain'])).resolves.toBe('111');
    await expect(publicForm().redirect(odsOfFirst, ['severe-pain', 'chest-pain'])).resolves.toBe(
      '999',
    );
    const { rows } = await t.db.query<{ red_flags: string[]; advice: string }>(
      'select red_flags, advice from red_flag_redirect where practice_id = $1 order by at',
      [first],
    );
    expect(rows.map((r) => r.advice)).toEqual(['111', '999']);
    const after = await t.db.query('select count(*)::int as n from patient_request');
    expect(after.rows).toEqual(before.rows);
  });

  it('queues a request for the patient matched by NHS number and date of birth', async () => {
    const answer = await publicForm().submit(odsOfFirst, {
      identity: { nhsNumber: patientAtFirst.nhsNumber, dateOfBirth: patientAtFirst.dateOfBirth },
      kind: 'clinical',
      description: 'Rash on my arm',
      preferredChannel: 'video',
    });
    expect(answer.reference).toMatch(/^[0-9A-F]{8}$/);
    const { rows } = await t.db.query<{ channel: string; recorded_by: string | null }>(
      `select channel, recorded_by from patient_request
        where patient_id = $1 and description = 'Rash on my arm'`,
      [patientAtFirst.id],
    );
    expect(rows).toEqual([{ channel: 'online', recorded_by: null }]);
    const audit = await auditOf(patientAtFirst.id);
    expect(audit.rows.at(-1)).toMatchObject({ action: 'request.create', user_id: null });
  });

  it('matches by name, date of birth and postcode, whatever the case and spacing', async () => {
    const answer = await publicForm().submit(odsOfFirst, {
      identity: {
        givenName: patientAtSecond.givenName.toUpperCase(),
        familyName: ` ${patientAtSecond.familyName.toLowerCase()}`,
        dateOfBirth: patientAtSecond.dateOfBirth,
        postcode: patientAtSecond.postcode.replace(/\s+/g, '').toLowerCase(),
      },
      kind: 'admin',
      adminType: 'repeat-prescription',
      description: 'My inhaler',
    });
    // The request goes to the patient's own practice, whichever member's form they used.
    const { rows } = await t.db.query<{ practice_id: string }>(
      `select practice_id from patient_request where patient_id = $1 and description = 'My inhaler'`,
      [patientAtSecond.id],
    );
    expect(rows).toEqual([{ practice_id: second }]);
    expect(answer.reference).toHaveLength(8);
  });

  it('refuses details that match nobody, or more than one person, with the same words', async () => {
    const wrongBirth = publicForm().submit(odsOfFirst, {
      identity: { nhsNumber: patientAtFirst.nhsNumber, dateOfBirth: '1900-01-01' },
      kind: 'clinical',
      description: 'x',
    });
    await expect(wrongBirth).rejects.toMatchObject({
      code: 'validation-failed',
      detail: NO_MATCH_MESSAGE,
      errors: [],
    });
    // Twins with the same name, birthday and postcode: never guessed between.
    await t.db.query(
      `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth, postcode)
       values ($1, $2, '9990555001', 'Sam', 'Twin', '2001-02-03', 'AB1 2CD'),
              ($1, $2, '9990555002', 'Sam', 'Twin', '2001-02-03', 'AB1 2CD')`,
      [demo.orgId, first],
    );
    const twins = publicForm().submit(odsOfFirst, {
      identity: {
        givenName: 'Sam',
        familyName: 'Twin',
        dateOfBirth: '2001-02-03',
        postcode: 'AB12CD',
      },
      kind: 'clinical',
      description: 'x',
    });
    await expect(twins).rejects.toMatchObject({ detail: NO_MATCH_MESSAGE });
  });

  it('names a malformed NHS number', async () => {
    await expect(
      publicForm().submit(odsOfFirst, {
        identity: { nhsNumber: '123', dateOfBirth: '1980-01-01' },
        kind: 'clinical',
        description: 'x',
      }),
    ).rejects.toMatchObject({ errors: [{ field: '/identity/nhsNumber' }] });
  });
});
