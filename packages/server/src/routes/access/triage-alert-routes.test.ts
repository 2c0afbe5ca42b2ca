import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

interface Alert {
  count: number;
  level: 'none' | 'warning' | 'urgent';
  byUrgency: Record<string, number>;
  requests: { id: string; urgency: string | null; dueBy: string; minutesOverdue: number }[];
}

let t: TestApp;
let first: string;
let patients: string[];
let cookies: { clinician: string; navigator: string };

beforeAll(async () => {
  t = await createTestApp();
  first = t.demo.practiceIds[0] ?? '';
  const { rows } = await t.db.query<{ id: string }>(
    'select id from patient where practice_id = $1 order by nhs_number limit 4',
    [first],
  );
  patients = rows.map((r) => r.id);
  await unscopedAccountRepository(t.db).createUser({
    orgId: t.demo.orgId,
    email: 'alert.navigator@atscale.test',
    displayName: 'Alert Navigator',
    passwordHash: await hashPassword(TEST_PASSWORD),
    grants: [{ role: 'care-navigator', practiceId: first }],
  });
  cookies = {
    clinician: await t.signIn('clinician@atscale.test'),
    navigator: await t.signIn('alert.navigator@atscale.test'),
  };
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** Records a phone request and moves its arrival `hoursAgo` into the past. */
async function requestReceived(hoursAgo: number, urgency: string | null = null): Promise<string> {
  const response = await call(cookies.navigator, 'POST', '/api/requests', {
    patientId: patients[0],
    channel: 'phone',
    kind: 'clinical',
    description: `Waited ${String(hoursAgo)} hours`,
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json<{ id: string }>().id;
  await t.db.query(
    `update patient_request set received_at = now() - make_interval(mins => $2), urgency = $3
      where id = $1`,
    [id, Math.round(hoursAgo * 60), urgency],
  );
  return id;
}

const alertOf = async (cookie: string): Promise<Alert> => {
  const response = await call(cookie, 'GET', `/api/triage/queue?practiceId=${first}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ unclaimed: Alert }>().unclaimed;
};

describe('the unclaimed-request alert on the triage queue', () => {
  it('flags requests left unclaimed beyond their urgency window, most urgent first, until claimed', async () => {
    const before = await alertOf(cookies.clinician);
    const unassessed = await requestReceived(13); // held to the same-day 12 hours
    const routineLate = await requestReceived(24 * 29, 'routine'); // four weeks' window
    const onTime = await requestReceived(2);
    const alert = await alertOf(cookies.clinician);
    expect(alert.count).toBe(before.count + 2);
    expect(alert.level).toBe('urgent');
    const ids = alert.requests.map((r) => r.id);
    expect(ids).toContain(unassessed);
    expect(ids).toContain(routineLate);
    expect(ids).not.toContain(onTime);
    expect(ids.indexOf(unassessed)).toBeLessThan(ids.indexOf(routineLate));
    const late = alert.requests.find((r) => r.id === unassessed);
    expect(late?.urgency).toBeNull();
    expect(late?.minutesOverdue).toBeGreaterThanOrEqual(59);
    expect(alert.byUrgency.unassessed).toBe((before.byUrgency.unassessed ?? 0) + 1);

    // Claiming takes it off the alert; it stays overdue in the queue until triaged.
    const claimed = await call(cookies.clinician, 'POST', `/api/requests/${unassessed}/claim`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    const after = await alertOf(cookies.clinician);
    expect(after.requests.map((r) => r.id)).not.toContain(unassessed);
    expect(after.count).toBe(alert.count - 1);
    const queue = await call(cookies.clinician, 'GET', `/api/triage/queue?practiceId=${first}`);
    const row = queue
      .json<{ requests: { id: string; overdue: boolean }[] }>()
      .requests.find((r) => r.id === unassessed);
    expect(row?.overdue).toBe(true);
  });
});
