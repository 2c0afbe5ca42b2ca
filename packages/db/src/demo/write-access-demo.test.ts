import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlan, startOfDayInEngland, type DemoPlan } from '@atscale/domain';
import { todayInEngland } from '../repositories/organisation-today.js';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { accessClock } from './write-access-demo.js';
import { writeDemoPlans, type WrittenDemo } from './write-demo.js';

describe('the access data of the demo organisations, as written', () => {
  let t: TestDatabase;
  let plans: DemoPlan[];
  let written: WrittenDemo[];
  const today = todayInEngland();
  beforeAll(async () => {
    t = await createTestDatabase();
    plans = [
      demoPlan({ scale: 'small', today }),
      demoPlan({ scale: 'tiny', form: 'hub-network', today }),
      demoPlan({ scale: 'tiny', form: 'pyramidal-super-partnership', today }),
    ];
    written = await writeDemoPlans(t.db, plans, { passwordHash: 'x' });
  }, 240_000);
  afterAll(() => t.dispose());

  const rows = async <R>(sql: string, params: unknown[] = []) =>
    (await t.db.query<R>(sql, params)).rows;

  it('gives every member practice free slots ahead, a queue today and past DNAs', async () => {
    const autonomy = written[0];
    const members = autonomy?.practiceIds.slice(0, plans[0]?.totals.memberPractices) ?? [];
    expect(members).toHaveLength(5);
    const found = await rows<{ id: string; free: number; waiting: number; dna: number }>(
      `select p.id,
              (select count(*)::int from slot s
                where s.practice_id = p.id and s.status = 'open' and s.starts_at > now()
                  and s.taken < s.capacity) as free,
              (select count(*)::int from patient_request r
                where r.practice_id = p.id and r.status = 'waiting'
                  and r.received_at >= $2 and r.received_at <= $3) as waiting,
              (select count(*)::int from appointment a
                where a.practice_id = p.id and a.status = 'did-not-attend'
                  and lower(a.during) < now()) as dna
         from practice p where p.id = any($1::uuid[])`,
      // Received by the demo's clock: in the first hour of a day the demo is built around noon.
      [members, startOfDayInEngland(today), accessClock(today)],
    );
    expect(found).toHaveLength(5);
    for (const practice of found) {
      expect(practice.free).toBeGreaterThan(0);
      expect(practice.waiting).toBeGreaterThanOrEqual(4);
      expect(practice.dna).toBeGreaterThan(0);
    }
  });

  it('has no slot over its places and nobody in two places at once', async () => {
    expect(
      await rows(
        `select s.id from slot s
          where s.taken > s.capacity + s.overbooked
             or s.taken <> (select count(*) from appointment a where a.slot_id = s.id
                             and a.status in ('held', 'booked', 'attended', 'did-not-attend'))`,
      ),
    ).toEqual([]);
    for (const column of ['staff_id', 'room_id']) {
      expect(
        await rows(
          `select a.id from slot a join slot b
              on b.${column} = a.${column} and b.id <> a.id and b.during && a.during
           where a.status = 'open' and b.status = 'open'`,
        ),
      ).toEqual([]);
      expect(
        await rows(
          `select a.id from appointment a join appointment b
              on b.${column} = a.${column} and b.slot_id <> a.slot_id and b.during && a.during
           where a.status in ('booked', 'attended') and b.status in ('booked', 'attended')`,
        ),
      ).toEqual([]);
    }
    // Every slot belongs to a session that says what it offers.
    expect(
      await rows(
        `select s.id from slot s join rota_session r on r.id = s.session_id
          where r.service is distinct from s.service or r.channel is distinct from s.channel`,
      ),
    ).toEqual([]);
  });

  it('gives the hub form a hub with thresholds and a referral made before the threshold', async () => {
    const hubOrg = written[1]?.orgId;
    const [hub] = await rows<{ practices: number; slots: number; overrides: number }>(
      `select (select count(*)::int from hub_practice p where p.hub_id = h.id) as practices,
              (select count(*)::int from slot s where s.hub_id = h.id) as slots,
              (select count(*)::int from appointment a join slot s on s.id = a.slot_id
                where s.hub_id = h.id and a.hub_override_reason is not null) as overrides
         from hub h where h.org_id = $1`,
      [hubOrg],
    );
    expect(hub?.practices).toBe(3);
    expect(hub?.slots).toBeGreaterThan(0);
    expect(hub?.overrides).toBeGreaterThan(0);
  });

  it('routes the pyramidal form’s requests to its call centres', async () => {
    const orgId = written[2]?.orgId;
    const [settings] = await rows<{ routing: string }>(
      'select request_routing as routing from organisation_settings where org_id = $1',
      [orgId],
    );
    expect(settings?.routing).toBe('centre');
    const [queues] = await rows<{ routed: number; own: number }>(
      `select count(*) filter (where triage_team_id is not null)::int as routed,
              count(*) filter (where triage_team_id is null)::int as own
         from patient_request where org_id = $1`,
      [orgId],
    );
    expect(queues?.routed).toBeGreaterThan(0);
    expect(queues?.own).toBe(0);
  });

  it('has today’s walk-in tickets', async () => {
    const tickets = await rows<{ status: string }>(
      `select t.status from walk_in_ticket t join walk_in_queue q on q.id = t.queue_id
        where q.org_id = $1 and t.issued_on = $2`,
      [written[0]?.orgId, today],
    );
    expect(tickets.some((x) => x.status === 'waiting')).toBe(true);
  });
});
