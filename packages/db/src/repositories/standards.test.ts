import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import {
  createTestAppointment,
  createTestPatient,
  createTestSite,
  createTestSlot,
} from './access/access-test-fixtures.js';
import { financeSettingsRepository } from './finance/finance-settings.js';
import {
  createFinanceTestOrganisation,
  type FinanceTestOrganisation,
} from './finance/finance-test-fixtures.js';
import { levyRepository } from './finance/levy.js';
import { standardsRepository, type StandardsGrid } from './standards.js';

let t: TestDatabase;
let org: FinanceTestOrganisation;
let governance: Principal;
let clinician: Principal;
const scope = (principal: Principal) => ({ principal, requestId: 'r' });
const repo = (principal: Principal) => standardsRepository(t.db, scope(principal));

const DAY = 86_400_000;
const sites = new Map<string, string>();
const patients = new Map<string, string>();

/**
 * A request for a patient of the practice received at `receivedAt`, and the appointment booked
 * for it `days` later, with its outcome and channel.
 */
async function booked(
  practiceId: string,
  receivedAt: string,
  days: number,
  status: 'booked' | 'attended' | 'did-not-attend',
  channel: 'in-person' | 'telephone' = 'in-person',
) {
  const siteId = sites.get(practiceId) ?? (await createTestSite(t.db, org.orgId, practiceId, 'S'));
  sites.set(practiceId, siteId);
  const patientId =
    patients.get(practiceId) ?? (await createTestPatient(t.db, org.orgId, practiceId));
  patients.set(practiceId, patientId);
  const { rows } = await t.db.query<{ id: string }>(
    `insert into patient_request (org_id, practice_id, patient_id, channel, kind, description, received_at)
     values ($1, $2, $3, 'phone', 'clinical', 'Test request', $4) returning id`,
    [org.orgId, practiceId, patientId, receivedAt],
  );
  const startsAt = new Date(Date.parse(receivedAt) + days * DAY).toISOString();
  const slotId = await createTestSlot(t.db, { orgId: org.orgId, siteId, practiceId, startsAt });
  const appointmentId = await createTestAppointment(t.db, {
    orgId: org.orgId,
    slotId,
    patientId,
    practiceId,
    bookedAt: receivedAt,
    status,
  });
  await t.db.query(`update appointment set request_id = $2, channel = $3 where id = $1`, [
    appointmentId,
    rows[0]?.id,
    channel,
  ]);
}

const cell = (grid: StandardsGrid, practiceIndex: number, standardId: string) =>
  grid.practices
    .find((p) => p.practiceId === org.practiceIds[practiceIndex])
    ?.results.find((r) => r.standardId === standardId);

async function refusal(work: Promise<unknown>): Promise<AtscaleError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  return error as AtscaleError;
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createFinanceTestOrganisation(t.db, { listSizes: [8_000, 6_000, 4_000] });
  governance = await org.principal([{ role: 'governance', practiceId: null }]);
  clinician = await org.principal([{ role: 'clinician', practiceId: org.practiceIds[0] ?? null }]);
  const [p1 = '', p2 = ''] = org.practiceIds;

  // Practice 1 in Q1 2025/26: waits of 1, 2, 3 and 10 days (median 2.5), three in person of
  // four, one did not attend of four.
  await booked(p1, '2025-04-07T09:00:00Z', 1, 'attended');
  await booked(p1, '2025-04-14T09:00:00Z', 2, 'attended');
  await booked(p1, '2025-05-12T09:00:00Z', 3, 'attended', 'telephone');
  await booked(p1, '2025-06-02T09:00:00Z', 10, 'did-not-attend');
  // Practice 2: 00:30 on 1 April in England is in Q1; 00:30 on 1 July is not (its 20-day wait
  // would make the median red if it were counted).
  await booked(p2, '2025-03-31T23:30:00Z', 1, 'attended', 'telephone');
  await booked(p2, '2025-06-30T23:30:00Z', 20, 'attended', 'telephone');

  // The levy for Q1 2025/26, due 1 May 2025: practice 1 pays early, practice 2 late, practice
  // 3 never.
  await financeSettingsRepository(t.db, scope(org.finance)).save({
    pencePerPatientPerYear: 200,
    basis: 'registered-list',
    frequency: 'quarterly',
    vatTreatment: 'outside-scope',
    paymentTermsDays: 30,
    standardVatBasisPoints: 2_000,
    invoicePrefix: 'LEVY',
    centralCostCentreId: org.centralCostCentreId,
  });
  const levy = levyRepository(t.db, scope(org.finance));
  const run = await levy.run({ financialYear: 2025, periodNumber: 1, issuedOn: '2025-04-01' });
  const invoiceOf = (practiceId: string) =>
    run.invoices.find((i) => i.practice.id === practiceId)?.id ?? '';
  await levy.markPaid(invoiceOf(p1), { paidOn: '2025-04-20' });
  await levy.markPaid(invoiceOf(p2), { paidOn: '2025-05-10' });
});
afterAll(() => t.dispose());

describe('the standards grid', () => {
  it('computes each practice’s measures for a past quarter from the records, and rates them', async () => {
    const grid = await repo(governance).grid('2025-Q1');
    expect(grid.quarter).toMatchObject({
      label: 'Q1 2025/26',
      from: '2025-04-01',
      to: '2025-06-30',
    });
    expect(grid.current).toBe(false);
    expect(cell(grid, 0, 'access-wait-days')).toEqual({
      standardId: 'access-wait-days',
      measure: 2.5,
      rag: 'amber',
    });
    expect(cell(grid, 0, 'face-to-face-share')).toMatchObject({ measure: 75, rag: 'green' });
    expect(cell(grid, 0, 'dna-rate')).toMatchObject({ measure: 25, rag: 'red' });
    expect(cell(grid, 0, 'levy-paid-on-time')).toMatchObject({ measure: 100, rag: 'green' });
    expect(cell(grid, 1, 'access-wait-days')).toMatchObject({ measure: 1, rag: 'green' });
    expect(cell(grid, 1, 'face-to-face-share')).toMatchObject({ measure: 0, rag: 'red' });
    expect(cell(grid, 1, 'dna-rate')).toMatchObject({ measure: 0, rag: 'green' });
    expect(cell(grid, 1, 'levy-paid-on-time')).toMatchObject({ measure: 0, rag: 'red' });
    expect(cell(grid, 2, 'levy-paid-on-time')).toMatchObject({ measure: 0, rag: 'red' });
    // No appointments, no frailty run, and resilience is only measured for the current quarter.
    for (const id of ['access-wait-days', 'dna-rate', 'frailty-care-plans', 'resilience-score']) {
      expect(cell(grid, 2, id)).toMatchObject({ measure: null, rag: 'no-data' });
    }
    expect(cell(grid, 0, 'resilience-score')?.rag).toBe('no-data');
  });

  it('shows nothing in a quarter with no records', async () => {
    const grid = await repo(governance).grid('2024-Q2');
    expect(grid.practices.flatMap((p) => p.results).every((r) => r.rag === 'no-data')).toBe(true);
  });

  it('rates against the organisation’s own thresholds once set, and audits the change', async () => {
    const updated = await repo(governance).setThresholds('dna-rate', {
      green: 30,
      amber: 40,
      reason: 'Agreed at the board',
    });
    expect(updated).toMatchObject({ id: 'dna-rate', green: 30, amber: 40 });
    const grid = await repo(governance).grid('2025-Q1');
    expect(cell(grid, 0, 'dna-rate')).toMatchObject({ measure: 25, rag: 'green' });
    const { rows } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where org_id = $1 and action = 'standard-threshold.update'`,
      [org.orgId],
    );
    expect(rows.map((r) => r.reason)).toEqual([
      'dna-rate: green 30, amber 40 (Agreed at the board)',
    ]);
    await repo(governance).setThresholds('dna-rate', {
      green: 4,
      amber: 7,
      reason: 'Agreed at the board',
    });
  });

  it('refuses bad thresholds by field, and anyone but governance', async () => {
    expect(
      (
        await refusal(
          repo(governance).setThresholds('dna-rate', { green: 4, amber: 7, reason: '  ' }),
        )
      ).errors[0]?.field,
    ).toBe('/reason');
    expect(
      (
        await refusal(
          repo(governance).setThresholds('dna-rate', {
            green: 5,
            amber: 2,
            reason: 'Agreed at the board',
          }),
        )
      ).errors[0]?.field,
    ).toBe('/amber');
    expect(
      (
        await refusal(
          repo(governance).setThresholds('nothing', {
            green: 5,
            amber: 2,
            reason: 'Agreed at the board',
          }),
        )
      ).code,
    ).toBe('not-found');
    expect(
      (
        await refusal(
          repo(org.manager).setThresholds('dna-rate', {
            green: 1,
            amber: 2,
            reason: 'Agreed at the board',
          }),
        )
      ).code,
    ).toBe('forbidden');
    expect((await refusal(repo(governance).grid('2025-Q9'))).errors[0]?.field).toBe('/quarter');
  });

  it('shows a practice manager their own practice only, and a clinician nothing', async () => {
    const grid = await repo(org.manager).grid('2025-Q1');
    expect(grid.practices.map((p) => p.practiceId)).toEqual([org.practiceIds[0]]);
    expect((await refusal(repo(clinician).grid('2025-Q1'))).code).toBe('forbidden');
    const standards = await repo(org.manager).standards();
    expect(standards.canManage).toBe(false);
  });

  it('gives one standard over quarters for the chart', async () => {
    const trend = await repo(governance).trend('access-wait-days', 12);
    const index = trend.quarters.findIndex((q) => q.key === '2025-Q1');
    expect(index).toBeGreaterThanOrEqual(0);
    const first = trend.practices.find((p) => p.practiceId === org.practiceIds[0]);
    expect(first?.measures[index]).toBe(2.5);
    expect(first?.rags[index]).toBe('amber');
    expect(first?.measures[index - 1]).toBeNull();
    expect((await refusal(repo(governance).trend('nope'))).errors[0]?.field).toBe('/standard');
    expect((await refusal(repo(governance).trend('dna-rate', 13))).errors[0]?.field).toBe(
      '/quarters',
    );
  });
});
