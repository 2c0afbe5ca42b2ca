import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDate, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { createTestOrganisation } from '../organisation-test-fixtures.js';
import { appointmentRepository } from './appointments.js';
import { sessionPatternRepository } from './patterns.js';
import { slotRepository } from './slots.js';

// Daylight saving through the real path: weekly patterns generate rota sessions and slots in
// the database, the finder lists them, a navigator books them and the clinician's day list
// shows them, on the days around the next clock changes in England.

/** The last Sunday of a month (3 March, 10 October), YYYY-MM-DD. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

/** The next change of a month that is still over a week away (slots in the past are not found). */
function nextChange(month: number): string {
  const soon = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
  const year = new Date().getUTCFullYear();
  const thisYear = lastSunday(year, month);
  return thisYear > soon ? thisYear : lastSunday(year + 1, month);
}

const spring = nextChange(3);
const autumn = nextChange(10);

let t: TestDatabase;
let central: Principal;
let navigator: Principal;
let siteId = '';
let gpId = '';
let nightGpId = '';
let patientId = '';

const scope = (principal: Principal) => ({ principal, requestId: 'req-dst' });
const patterns = () => sessionPatternRepository(t.db, scope(central));
const slots = () => slotRepository(t.db, scope(navigator));
const appointments = () => appointmentRepository(t.db, scope(navigator));

/** A weekly pattern at the site on a weekday, valid for the whole test's year and the next. */
async function pattern(
  weekday: number,
  startTime: string,
  endTime: string,
  slotMinutes: number,
  staffId: string | null,
) {
  return patterns().create({
    siteId,
    staffId,
    weekday,
    period: 'custom',
    startTime,
    endTime,
    requiredRole: 'gp',
    service: 'gp',
    channel: 'in-person',
    slotMinutes,
    visibility: 'practice',
    validFrom: nextDate(spring < autumn ? spring : autumn, -7),
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 1,
  });
  const practiceId = org.practiceIds[0] ?? '';
  central = await org.principal([{ role: 'central-operations', practiceId: null }]);
  navigator = await org.principal([{ role: 'care-navigator', practiceId }]);
  const { rows: sites } = await t.db.query<{ id: string }>(
    `insert into site (org_id, practice_id, name, is_main) values ($1, $2, 'Clock Lane Surgery', true)
     returning id`,
    [org.orgId, practiceId],
  );
  siteId = sites[0]?.id ?? '';
  const staff = async (name: string) =>
    (
      await t.db.query<{ id: string }>(
        `insert into staff_member (org_id, full_name, staff_role, employing_body)
         values ($1, $2, 'gp', 'organisation') returning id`,
        [org.orgId, name],
      )
    ).rows[0]?.id ?? '';
  gpId = await staff('Dr Dawn Early');
  nightGpId = await staff('Dr Owl Late');
  const { rows: patients } = await t.db.query<{ id: string }>(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     values ($1, $2, '9990000018', 'Sam', 'Summertime', '1980-01-01') returning id`,
    [org.orgId, practiceId],
  );
  patientId = patients[0]?.id ?? '';
  // A 09:00-10:00 pattern every day of the week, with 15-minute slots; and on Sundays a night
  // session across the hour the clocks skip or repeat.
  for (let weekday = 1; weekday <= 7; weekday++) await pattern(weekday, '09:00', '10:00', 15, gpId);
  await pattern(7, '00:30', '03:30', 30, nightGpId);
});
afterAll(() => t.dispose());

const local = (list: readonly { startTime: string }[]) => list.map((s) => s.startTime);

describe.each([
  ['March', () => spring, ['00:30', '02:00', '02:30', '03:00']],
  [
    'October',
    () => autumn,
    ['00:30', '01:00', '01:30', '01:00', '01:30', '02:00', '02:30', '03:00'],
  ],
] as const)('slots and bookings across the %s clock change', (_month, change, night) => {
  it('generates each day’s sessions at the same wall-clock times, with every slot made once', async () => {
    const from = nextDate(change(), -2);
    const to = nextDate(change(), 2);
    const ids = (await patterns().list()).map((p) => p.id);
    const first = await patterns().generate({ patternIds: ids, from, to });
    // Five days of four 09:00 slots, and the Sunday night's.
    expect(first.sessionsCreated).toBe(6);
    expect(first.slotsCreated).toBe(5 * 4 + night.length);
    // Generating again makes nothing twice.
    const again = await patterns().generate({ patternIds: ids, from, to });
    expect(again).toEqual({ sessionsCreated: 0, sessionsExisting: 6, slotsCreated: 0 });

    for (let date = from; date <= to; date = nextDate(date)) {
      const found = await slots().search({ from: date, to: date, patientId, limit: 200 });
      const day = found.filter((s) => s.staffName === 'Dr Dawn Early');
      expect(local(day)).toEqual(['09:00', '09:15', '09:30', '09:45']);
      for (const slot of day) {
        expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(15 * 60_000);
      }
      const nightly = found.filter((s) => s.staffName === 'Dr Owl Late');
      expect(local(nightly)).toEqual(date === change() ? night : []);
      for (const slot of nightly) {
        expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(30 * 60_000);
      }
      // Every instant once: nothing lost or duplicated across the change.
      expect(new Set(found.map((s) => s.startsAt)).size).toBe(found.length);
    }
  });

  it('books slots on the day of the change and shows them at the right times on the day list', async () => {
    const date = change();
    const found = await slots().search({ from: date, to: date, patientId, limit: 200 });
    const nine = found.find((s) => s.staffName === 'Dr Dawn Early' && s.startTime === '09:00');
    // The first slot after the clocks change at 01:00 GMT: 02:00 BST in March, the second
    // 01:00 (GMT) in October.
    const afterChange = found.find(
      (s) => s.staffName === 'Dr Owl Late' && s.startsAt >= `${date}T01:00:00.000Z`,
    );
    if (!nine || !afterChange) throw new Error('the slots were not made');
    const booked = [
      await appointments().book({ slotId: nine.id, patientId }),
      await appointments().book({ slotId: afterChange.id, patientId }),
    ];
    expect(booked.map((a) => a.startTime)).toEqual(['09:00', afterChange.startTime]);
    expect(booked.map((a) => a.startsAt)).toEqual([nine.startsAt, afterChange.startsAt]);

    const day = await appointments().day(gpId, date);
    expect(day.map((a) => a.startTime)).toEqual(['09:00']);
    expect(day[0]?.startsAt).toBe(nine.startsAt);
    const night2 = await appointments().day(nightGpId, date);
    expect(night2.map((a) => [a.startsAt, a.startTime])).toEqual([
      [afterChange.startsAt, afterChange.startTime],
    ]);
    // The day before and after list none of them: local midnight bounds the day.
    expect(await appointments().day(gpId, nextDate(date, -1))).toEqual([]);
    expect(await appointments().day(nightGpId, nextDate(date, 1))).toEqual([]);

    // The finder shows the booked ones taken, the rest of the day still free.
    const after = await slots().search({
      from: date,
      to: date,
      patientId,
      limit: 200,
      includeFull: true,
    });
    const taken = after.filter((s) => s.placesLeft === 0).map((s) => s.id);
    expect(taken.sort()).toEqual([nine.id, afterChange.id].sort());
    expect(after).toHaveLength(found.length);
  });
});

describe('a session in the hour the clocks skip', () => {
  it('is not made on the March Sunday, and is made on the other Sundays', async () => {
    const skipped = await pattern(7, '01:00', '02:00', 15, null);
    const from = nextDate(spring, -7);
    const to = nextDate(spring, 7);
    const made = await patterns().generate({ patternIds: [skipped.id], from, to });
    expect(made).toEqual({ sessionsCreated: 2, sessionsExisting: 0, slotsCreated: 8 });
    const { rows } = await t.db.query<{ date: string }>(
      `select session_date::text as date from rota_session where pattern_id = $1 order by 1`,
      [skipped.id],
    );
    expect(rows.map((r) => r.date)).toEqual([from, to]);
  });
});
