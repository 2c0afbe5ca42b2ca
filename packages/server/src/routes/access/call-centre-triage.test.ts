import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlan } from '@atscale/domain';
import { unscopedAccountRepository, writeDemoPlans, type WrittenDemo } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

interface QueuedRequest {
  id: string;
  practiceId: string;
  status: string;
  claimedBy: { id: string } | null;
}

let t: TestApp;
let pyramidal: WrittenDemo;
let members: readonly string[];
/** The call centre the pyramidal demo's member practices' requests go to. */
let centreId: string;
/** A request of a practice outside that centre, in the central call centre's queue. */
let outsideRequest: string;

const send = (method: 'GET' | 'POST', url: string, cookie: string) =>
  t.app.inject({ method, url, headers: { cookie } });

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

beforeAll(async () => {
  t = await createTestApp();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const plan = demoPlan({ scale: 'tiny', form: 'pyramidal-super-partnership', today });
  [pyramidal] = (await writeDemoPlans(t.db, [plan], { passwordHash })) as [WrittenDemo];
  members = pyramidal.practiceIds.slice(0, plan.totals.memberPractices);
  const orgId = pyramidal.orgId;
  const { rows: busiest } = await t.db.query<{ id: string }>(
    `select triage_team_id as id from patient_request where org_id = $1 and status = 'waiting'
      group by triage_team_id order by count(*) desc limit 1`,
    [orgId],
  );
  centreId = busiest[0]?.id ?? '';
  // A practice in another region: its requests go to the central call centre, not this one.
  const { rows: practice } = await t.db.query<{ id: string }>(
    `insert into practice (org_id, ods_code, name, region)
     values ($1, 'Y92990', 'Outside Surgery', 'London') returning id`,
    [orgId],
  );
  const outside = practice[0]?.id ?? '';
  const { rows: patient } = await t.db.query<{ id: string }>(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     select $1, $2, n::text, 'Olu', 'Outside', '1970-05-05'
       from generate_series(9990000000::bigint, 9990001000::bigint) as n
      where not exists (select 1 from patient where org_id = $1 and nhs_number = n::text)
      limit 1 returning id`,
    [orgId, outside],
  );
  const { rows: request } = await t.db.query<{ id: string }>(
    `insert into patient_request (org_id, practice_id, patient_id, triage_team_id, channel, kind,
                                  description)
     select $1, $2, $3, id, 'phone', 'clinical', 'Rash for three days'
       from triage_team where org_id = $1 and region is null returning id`,
    [orgId, outside, patient[0]?.id],
  );
  outsideRequest = request[0]?.id ?? '';
  await unscopedAccountRepository(t.db).createUser({
    orgId,
    email: 'outside.gp@atscale.test',
    displayName: 'Dr Out Side',
    passwordHash,
    grants: [{ role: 'clinician', practiceId: outside }],
  });
}, 120_000);
afterAll(() => t.close());

describe('a call-centre clinician of the pyramidal demo', () => {
  it('sees the call centre’s queue across its practices and claims another practice’s request', async () => {
    const cookie = await t.signIn('callcentre@atscale.test');
    const response = await send('GET', `/api/triage/queue?teamId=${centreId}`, cookie);
    expect(response.statusCode, response.body).toBe(200);
    const { requests } = response.json<{ requests: QueuedRequest[] }>();
    const practices = new Set(requests.map((r) => r.practiceId));
    expect(practices.size).toBeGreaterThan(1);
    expect([...practices].every((p) => members.includes(p))).toBe(true);
    const another = requests.find((r) => r.status === 'waiting' && r.practiceId !== members[0]);
    expect(another).toBeDefined();
    const claimed = await send('POST', `/api/requests/${another?.id ?? ''}/claim`, cookie);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json<QueuedRequest>()).toMatchObject({
      status: 'claimed',
      claimedBy: { id: pyramidal.userIds.callcentre },
    });
    // A practice the call centre does not serve stays out of reach.
    const outside = await send('POST', `/api/requests/${outsideRequest}/claim`, cookie);
    expect(outside.statusCode).toBe(404);
  });

  it('keeps the call centre’s requests from a clinician of a practice outside it', async () => {
    const cookie = await t.signIn('outside.gp@atscale.test');
    const response = await send('GET', `/api/triage/queue?teamId=${centreId}`, cookie);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ requests: QueuedRequest[] }>().requests).toEqual([]);
    const { rows } = await t.db.query<{ id: string }>(
      `select id from patient_request where triage_team_id = $1 and status = 'waiting' limit 1`,
      [centreId],
    );
    const claim = await send('POST', `/api/requests/${rows[0]?.id ?? ''}/claim`, cookie);
    expect(claim.statusCode, claim.body).toBe(404);
    const { rows: still } = await t.db.query<{ status: string }>(
      'select status from patient_request where id = $1',
      [rows[0]?.id],
    );
    expect(still[0]?.status).toBe('waiting');
  });
});
