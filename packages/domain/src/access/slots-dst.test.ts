import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englandTimeToInstant, nextDate, timeInEngland } from '../workforce/periods.js';
import { cutSlots } from './slots.js';

// Slots cut from a weekly pattern's session, as generating does it: the session's local times on
// the date turned into instants, then cut into back-to-back slots of the slot length.
const slotsOn = (date: string, start: string, end: string, slotMinutes: number) =>
  cutSlots(
    { startsAt: englandTimeToInstant(date, start), endsAt: englandTimeToInstant(date, end) },
    slotMinutes,
  );

const minutes = (slot: { startsAt: string; endsAt: string }) =>
  (Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000;

/** The last Sunday of a month (3 March, 10 October), YYYY-MM-DD. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

// 2026's changes: forward on 29 March, back on 25 October.
const SPRING = '2026-03-29';
const AUTUMN = '2026-10-25';

describe('slots across the clock changes (Europe/London)', () => {
  it('knows the changes are on the last Sundays of March and October', () => {
    expect(lastSunday(2026, 3)).toBe(SPRING);
    expect(lastSunday(2026, 10)).toBe(AUTUMN);
    expect(lastSunday(2027, 3)).toBe('2027-03-28');
    expect(lastSunday(2027, 10)).toBe('2027-10-31');
  });

  it('keeps a 09:00 pattern at 09:00 local on the days around the March change', () => {
    const days = ['2026-03-27', '2026-03-28', SPRING, '2026-03-30', '2026-03-31'];
    const firsts = days.map((date) => slotsOn(date, '09:00', '10:00', 10)[0]?.startsAt);
    // GMT before the change, BST (an hour earlier in UTC) from the Sunday on.
    expect(firsts).toEqual([
      '2026-03-27T09:00:00.000Z',
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
    for (const date of days) {
      const slots = slotsOn(date, '09:00', '10:00', 10);
      expect(slots.map((s) => timeInEngland(s.startsAt))).toEqual([
        '09:00',
        '09:10',
        '09:20',
        '09:30',
        '09:40',
        '09:50',
      ]);
      expect(slots.map(minutes)).toEqual([10, 10, 10, 10, 10, 10]);
      expect(timeInEngland(slots.at(-1)?.endsAt ?? '')).toBe('10:00');
    }
  });

  it('keeps a 09:00 pattern at 09:00 local on the days around the October change', () => {
    const days = ['2026-10-23', '2026-10-24', AUTUMN, '2026-10-26', '2026-10-27'];
    const firsts = days.map((date) => slotsOn(date, '09:00', '10:00', 15)[0]?.startsAt);
    expect(firsts).toEqual([
      '2026-10-23T08:00:00.000Z',
      '2026-10-24T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
      '2026-10-27T09:00:00.000Z',
    ]);
    for (const date of days) {
      const slots = slotsOn(date, '09:00', '10:00', 15);
      expect(slots.map((s) => timeInEngland(s.startsAt))).toEqual([
        '09:00',
        '09:15',
        '09:30',
        '09:45',
      ]);
      expect(slots.map(minutes)).toEqual([15, 15, 15, 15]);
    }
  });

  it('cuts a session across the hour the clocks skip into full-length slots, none in the missing hour', () => {
    // 00:30 GMT to 03:30 BST is two real hours: 01:00-02:00 never happens that night.
    const slots = slotsOn(SPRING, '00:30', '03:30', 30);
    expect(slots.map((s) => timeInEngland(s.startsAt))).toEqual([
      '00:30',
      '02:00',
      '02:30',
      '03:00',
    ]);
    expect(slots.map(minutes)).toEqual([30, 30, 30, 30]);
    expect(timeInEngland(slots.at(-1)?.endsAt ?? '')).toBe('03:30');
  });

  it('cuts a session across the hour that repeats into full-length slots, each instant once', () => {
    // 00:30 BST to 03:30 GMT is four real hours: 01:00-02:00 happens twice that night.
    const slots = slotsOn(AUTUMN, '00:30', '03:30', 30);
    expect(slots.map((s) => timeInEngland(s.startsAt))).toEqual([
      '00:30',
      '01:00',
      '01:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '03:00',
    ]);
    expect(slots.map(minutes)).toEqual(Array.from({ length: 8 }, () => 30));
    expect(new Set(slots.map((s) => s.startsAt)).size).toBe(8);
  });

  it('gives a session that lies wholly in the skipped hour no length, so it makes no slot', () => {
    // 01:15 and 01:45 never happen on the March Sunday; both are read an hour later (02:15,
    // 02:45 BST), and a session from 01:00 to 02:00 is read as 02:00 to 02:00.
    const times = {
      startsAt: englandTimeToInstant(SPRING, '01:00'),
      endsAt: englandTimeToInstant(SPRING, '02:00'),
    };
    expect(times.startsAt).toBe(times.endsAt);
    expect(cutSlots(times, 15)).toEqual([]);
    expect(timeInEngland(englandTimeToInstant(SPRING, '01:15'))).toBe('02:15');
  });

  it('never loses, duplicates or bends a slot of a daytime pattern on any day of any year (property)', () => {
    const dates = fc
      .integer({ min: 0, max: 365 * 6 })
      .map((offset) => nextDate('2025-01-01', offset));
    const times = fc
      .tuple(fc.integer({ min: 6, max: 19 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(dates, times, fc.constantFrom(5, 10, 15, 20, 30), (date, start, slotMinutes) => {
        const [h = 0, m = 0] = start.split(':').map(Number);
        const endMinutes = h * 60 + m + 120;
        const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
        const slots = slotsOn(date, start, end, slotMinutes);
        expect(slots).toHaveLength(120 / slotMinutes);
        expect(timeInEngland(slots[0]?.startsAt ?? '')).toBe(start);
        expect(timeInEngland(slots.at(-1)?.endsAt ?? '')).toBe(end);
        slots.forEach((slot, i) => {
          expect(minutes(slot)).toBe(slotMinutes);
          if (i > 0) expect(slot.startsAt).toBe(slots[i - 1]?.endsAt);
        });
      }),
    );
  });
});
