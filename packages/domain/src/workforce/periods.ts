import { AtscaleError } from '../errors.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';

/** The named parts of a rota day; `custom` is a session with its own times. */
export const SESSION_PERIODS = ['am', 'pm', 'evening', 'custom'] as const;

/** One part of a rota day. */
export type SessionPeriod = (typeof SESSION_PERIODS)[number];

/** The named periods, with their local times in England (24-hour 'HH:MM'). */
export const PERIOD_TIMES: Readonly<
  Record<Exclude<SessionPeriod, 'custom'>, { readonly start: string; readonly end: string }>
> = {
  am: { start: '08:00', end: '12:30' },
  pm: { start: '13:30', end: '18:30' },
  evening: { start: '18:30', end: '20:00' },
};

/** Human-readable names of the periods. */
export const PERIOD_LABELS: Readonly<Record<SessionPeriod, string>> = {
  am: 'Morning',
  pm: 'Afternoon',
  evening: 'Evening',
  custom: 'Other times',
};

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a 24-hour local time written 'HH:MM'. */
export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Minutes England's clock is ahead of UTC at an instant: 0 in winter (GMT), 60 in summer (BST). */
function londonOffsetMinutes(instant: number): number {
  const parts = Object.fromEntries(
    londonParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The instant (ISO 8601, UTC) of a wall-clock time in England on a date. The offset is the
 * one in force at that time of that day, so 08:00 is 08:00Z in winter and 07:00Z in summer,
 * and the days the clocks change (the last Sundays of March and October) come out right.
 * A time the clocks skip (01:30 on the March Sunday) is read as the time an hour later.
 */
export function englandTimeToInstant(date: IsoDate, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offset at the first guess is right except within an hour of a change, where the
  // offset at the guess itself settles it.
  const guess = wall - londonOffsetMinutes(wall) * 60_000;
  const instant = wall - londonOffsetMinutes(guess) * 60_000;
  return new Date(instant).toISOString();
}

/** The instant England's calendar day starts (local midnight), ISO 8601 UTC. */
export function startOfDayInEngland(date: IsoDate): string {
  return englandTimeToInstant(date, '00:00');
}

/** The date after a date. */
export function nextDate(date: IsoDate, days = 1): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The local time 'HH:MM' in England at an instant. */
export function timeInEngland(instant: string): string {
  const parts = Object.fromEntries(
    londonParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  return `${String(parts.hour)}:${String(parts.minute)}`;
}

/** How a session's times are given: a named period, or exact local times. */
export interface SessionTiming {
  readonly period: SessionPeriod;
  /** 'HH:MM' local; only (and always) for a custom period. */
  readonly startTime?: string | null | undefined;
  readonly endTime?: string | null | undefined;
}

/**
 * The start and end instants of a session on a date in England. A named period takes its
 * times from {@link PERIOD_TIMES}; a custom one needs its own start and end, the end later
 * than the start on the same day. Throws validation-failed naming the field.
 */
export function sessionTimes(
  date: IsoDate,
  timing: SessionTiming,
): { readonly startsAt: string; readonly endsAt: string } {
  const fail = (field: string, message: string): never => {
    throw new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [
      { field, message },
    ]);
  };
  if (!isIsoDate(date)) fail('/dates', `${date} is not a date written YYYY-MM-DD`);
  let start: string;
  let end: string;
  if (timing.period === 'custom') {
    const { startTime, endTime } = timing;
    if (startTime == null || !isLocalTime(startTime)) {
      return fail('/startTime', 'a session at other times needs a start time written HH:MM');
    }
    if (endTime == null || !isLocalTime(endTime)) {
      return fail('/endTime', 'a session at other times needs an end time written HH:MM');
    }
    if (endTime <= startTime) return fail('/endTime', 'the end must be after the start');
    start = startTime;
    end = endTime;
  } else {
    if (timing.startTime != null) fail('/startTime', 'only a session at other times has one');
    if (timing.endTime != null) fail('/endTime', 'only a session at other times has one');
    ({ start, end } = PERIOD_TIMES[timing.period]);
  }
  return { startsAt: englandTimeToInstant(date, start), endsAt: englandTimeToInstant(date, end) };
}
