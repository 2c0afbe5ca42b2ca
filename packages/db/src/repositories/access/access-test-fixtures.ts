import type { Queryable } from '../../database.js';

/**
 * FOR TESTS: a site with one rota session on a day, and a way to cut slots from it and book
 * places in them with plain SQL (the booking path is another repository's; these tests only
 * need rows to count).
 */
export async function createTestSite(
  q: Queryable,
  orgId: string,
  practiceId: string | null,
  name: string,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `insert into site (org_id, practice_id, name) values ($1, $2, $3) returning id`,
    [orgId, practiceId, name],
  );
  return rows[0]?.id ?? '';
}

/** FOR TESTS: a slot (and its session) at a site; a hub slot when hubId is given. */
export async function createTestSlot(
  q: Queryable,
  input: {
    orgId: string;
    siteId: string;
    practiceId: string | null;
    hubId?: string | null;
    startsAt: string;
    capacity?: number;
  },
): Promise<string> {
  const endsAt = new Date(Date.parse(input.startsAt) + 15 * 60_000).toISOString();
  const hubId = input.hubId ?? null;
  const visibility = hubId === null ? 'practice' : 'hub';
  const session = await q.query<{ id: string }>(
    `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role,
                               service, channel, slot_minutes, visibility, hub_id)
     values ($1, $2, $3, $4, 'custom', 'gp', 'gp', 'in-person', 15, $5, $6) returning id`,
    [input.orgId, input.siteId, input.startsAt, endsAt, visibility, hubId],
  );
  const { rows } = await q.query<{ id: string }>(
    `insert into slot (org_id, session_id, site_id, practice_id, hub_id, starts_at, ends_at,
                       service, channel, visibility, capacity)
     values ($1, $2, $3, $4, $5, $6, $7, 'gp', 'in-person', $8, $9) returning id`,
    [
      input.orgId,
      session.rows[0]?.id,
      input.siteId,
      input.practiceId,
      hubId,
      input.startsAt,
      endsAt,
      visibility,
      input.capacity ?? 1,
    ],
  );
  return rows[0]?.id ?? '';
}

/** FOR TESTS: a patient registered with a practice. */
export async function createTestPatient(
  q: Queryable,
  orgId: string,
  practiceId: string,
): Promise<string> {
  const nhs = `999${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
  const { rows } = await q.query<{ id: string }>(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     values ($1, $2, $3, 'Test', 'Patient', '1980-01-01') returning id`,
    [orgId, practiceId, nhs],
  );
  return rows[0]?.id ?? '';
}

/** FOR TESTS: a place taken in a slot by a patient, booked at a time, with a status. */
export async function createTestAppointment(
  q: Queryable,
  input: {
    orgId: string;
    slotId: string;
    patientId: string;
    practiceId: string;
    bookedAt: string;
    status?: 'booked' | 'attended' | 'did-not-attend';
    hubOverrideReason?: string | null;
  },
): Promise<string> {
  await q.query('update slot set taken = taken + 1 where id = $1', [input.slotId]);
  const { rows } = await q.query<{ id: string }>(
    `insert into appointment (org_id, slot_id, site_id, during, service, channel, patient_id,
                              practice_id, status, booked_at, hub_override_reason)
     select s.org_id, s.id, s.site_id, s.during, s.service, s.channel, $3, $4, $5, $6, $7
       from slot s where s.org_id = $1 and s.id = $2
     returning id`,
    [
      input.orgId,
      input.slotId,
      input.patientId,
      input.practiceId,
      input.status ?? 'booked',
      input.bookedAt,
      input.hubOverrideReason ?? null,
    ],
  );
  return rows[0]?.id ?? '';
}
