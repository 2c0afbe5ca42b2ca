/**
 * Significant events and complaints (GOV): the lifecycle an event moves through (reported,
 * investigating, learning, closed) and what each step needs, the dates the NHS complaints
 * regulations set a complaint, and the organisation's anonymised themes. Pure: the database
 * supplies the rows. Dates are ISO calendar dates (YYYY-MM-DD), which compare as strings.
 */
import { AtscaleError, type FieldProblem } from '../errors.js';
import { addDays } from '../demo/dates.js';
import { isWorkingDay } from '../access/gaming.js';
import { isValidNhsNumber } from '../org/nhs-number.js';
import type { IsoDate } from '../org/iso-date.js';
import { addMonthsClamped } from '../population/registers.js';
import { quarterDates, quarterOf, quartersTo, type QuarterDates } from './standards.js';

/** A significant event (something that went, or nearly went, wrong) or a complaint. */
export const SIGNIFICANT_EVENT_KINDS = ['significant-event', 'complaint'] as const;
export type SignificantEventKind = (typeof SIGNIFICANT_EVENT_KINDS)[number];

/** The lifecycle, in order. */
export const SIGNIFICANT_EVENT_STATUSES = [
  'reported',
  'investigating',
  'learning',
  'closed',
] as const;
export type SignificantEventStatus = (typeof SIGNIFICANT_EVENT_STATUSES)[number];

/** What an event was about; one each, so the themes add up. */
export const SIGNIFICANT_EVENT_CATEGORIES = [
  'clinical',
  'prescribing',
  'communication',
  'access',
  'administration',
  'safeguarding',
  'information-governance',
  'other',
] as const;
export type SignificantEventCategory = (typeof SIGNIFICANT_EVENT_CATEGORIES)[number];

/** The harm done, as the NHS patient safety incident grading names it. */
export const SIGNIFICANT_EVENT_SEVERITIES = [
  'no-harm',
  'low',
  'moderate',
  'severe',
  'death',
] as const;
export type SignificantEventSeverity = (typeof SIGNIFICANT_EVENT_SEVERITIES)[number];

export const SIGNIFICANT_EVENT_KIND_LABELS: Readonly<Record<SignificantEventKind, string>> = {
  'significant-event': 'Significant event',
  complaint: 'Complaint',
};
export const SIGNIFICANT_EVENT_STATUS_LABELS: Readonly<Record<SignificantEventStatus, string>> = {
  reported: 'Reported',
  investigating: 'Investigating',
  learning: 'Learning',
  closed: 'Closed',
};
export const SIGNIFICANT_EVENT_CATEGORY_LABELS: Readonly<Record<SignificantEventCategory, string>> =
  {
    clinical: 'Clinical',
    prescribing: 'Prescribing',
    communication: 'Communication',
    access: 'Access',
    administration: 'Administration',
    safeguarding: 'Safeguarding',
    'information-governance': 'Information governance',
    other: 'Other',
  };
export const SIGNIFICANT_EVENT_SEVERITY_LABELS: Readonly<Record<SignificantEventSeverity, string>> =
  {
    'no-harm': 'No harm',
    low: 'Low harm',
    moderate: 'Moderate harm',
    severe: 'Severe harm',
    death: 'Death',
  };

/**
 * The moves allowed from each status. Learning may go back to investigating when the review
 * finds the investigation incomplete; closed is final (the record of what was learned).
 */
export const SIGNIFICANT_EVENT_TRANSITIONS: Readonly<
  Record<SignificantEventStatus, readonly SignificantEventStatus[]>
> = {
  reported: ['investigating'],
  investigating: ['learning'],
  learning: ['investigating', 'closed'],
  closed: [],
};

/** An event as far as the lifecycle rules need it, after the proposed changes are applied. */
export interface SignificantEventState {
  readonly kind: SignificantEventKind;
  readonly status: SignificantEventStatus;
  readonly investigatorId: string | null;
  readonly findings: string | null;
  readonly learning: string | null;
  readonly actionsAgreed: string | null;
  /** Complaints: when the acknowledgement was sent and the final response sent. */
  readonly acknowledgedOn: IsoDate | null;
  readonly respondedOn: IsoDate | null;
}

const blank = (text: string | null) => text === null || text.trim().length === 0;

/**
 * What stops `event` moving to `to`, each problem naming the field to fill in; empty when the
 * move may be made. `event` carries the values the move would leave it with, so a caller can
 * supply findings and move to learning in one step.
 */
export function transitionProblems(
  from: SignificantEventStatus,
  event: SignificantEventState,
  to: SignificantEventStatus,
): FieldProblem[] {
  if (!SIGNIFICANT_EVENT_TRANSITIONS[from].includes(to)) {
    const allowed = SIGNIFICANT_EVENT_TRANSITIONS[from];
    const message =
      allowed.length === 0
        ? `a ${from} event cannot change`
        : `cannot move from ${from} to ${to}; next is ${allowed.join(' or ')}`;
    return [{ field: '/status', message }];
  }
  const problems: FieldProblem[] = [];
  const need = (missing: boolean, field: string, message: string) => {
    if (missing) problems.push({ field: `/${field}`, message });
  };
  if (to === 'investigating' || to === 'learning' || to === 'closed') {
    need(event.investigatorId === null, 'investigatorId', 'an investigation needs an investigator');
  }
  if (to === 'learning' || to === 'closed') {
    need(blank(event.findings), 'findings', 'record the investigation’s findings first');
  }
  if (to === 'closed') {
    need(blank(event.learning), 'learning', 'record the learning before closing');
    need(blank(event.actionsAgreed), 'actionsAgreed', 'record the actions agreed before closing');
    if (event.kind === 'complaint') {
      need(event.acknowledgedOn === null, 'acknowledgedOn', 'a complaint is acknowledged first');
      need(
        event.respondedOn === null,
        'respondedOn',
        'a complaint closes once the response is sent',
      );
    }
  }
  return problems;
}

/**
 * Throws when the move is not allowed: business-rule (422) for a move the lifecycle does not
 * have, validation-failed (400) naming each missing field otherwise.
 */
export function assertTransition(
  from: SignificantEventStatus,
  event: SignificantEventState,
  to: SignificantEventStatus,
): void {
  const problems = transitionProblems(from, event, to);
  const first = problems[0];
  if (!first) return;
  const code = first.field === '/status' ? 'business-rule' : 'validation-failed';
  throw new AtscaleError(code, `${first.field.slice(1)}: ${first.message}`, problems);
}

/**
 * England's bank holidays in a year, with the substitute weekdays when one falls at a weekend:
 * New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the last
 * Monday of August, Christmas Day and Boxing Day. One-off holidays (a coronation, a jubilee)
 * are not in it; a complaint received near one is acknowledged a day early, never late.
 */
export function englandBankHolidays(year: number): IsoDate[] {
  const iso = (m: number, d: number) =>
    `${String(year)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const weekday = (date: IsoDate) => new Date(`${date}T00:00:00Z`).getUTCDay();
  const firstMonday = (m: number) => {
    let d = iso(m, 1);
    while (weekday(d) !== 1) d = addDays(d, 1);
    return d;
  };
  const lastMonday = (m: number) => {
    let d = addDays(iso(m + 1, 1), -1);
    while (weekday(d) !== 1) d = addDays(d, -1);
    return d;
  };
  // Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h =
    (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((8 * b + 13) / 25)) / 3) + 15) %
    30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = iso(month, day);

  const newYear = iso(1, 1);
  const newYearObserved =
    weekday(newYear) === 6
      ? addDays(newYear, 2)
      : weekday(newYear) === 0
        ? addDays(newYear, 1)
        : newYear;
  // Christmas on a Saturday: Monday and Tuesday; on a Sunday: Boxing Day Monday and Tuesday.
  const christmas = iso(12, 25);
  const xmasDay = weekday(christmas);
  const christmasPair =
    xmasDay === 6
      ? [addDays(christmas, 2), addDays(christmas, 3)]
      : xmasDay === 0
        ? [addDays(christmas, 1), addDays(christmas, 2)]
        : xmasDay === 5
          ? [christmas, addDays(christmas, 3)]
          : [christmas, addDays(christmas, 1)];
  return [
    newYearObserved,
    addDays(easter, -2),
    addDays(easter, 1),
    firstMonday(5),
    lastMonday(5),
    lastMonday(8),
    ...christmasPair,
  ].sort();
}

/** A working day as the complaints regulations count them: not a weekend or bank holiday. */
export function isComplaintsWorkingDay(date: IsoDate): boolean {
  return isWorkingDay(date) && !englandBankHolidays(Number(date.slice(0, 4))).includes(date);
}

/** The date `n` working days after `date` (the day itself not counted). */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isComplaintsWorkingDay(d)) left -= 1;
  }
  return d;
}

/**
 * The Local Authority Social Services and National Health Service Complaints (England)
 * Regulations 2009: reg. 13(2), a complaint is acknowledged "not later than 3 working days
 * after the day on which it receives the complaint"; reg. 14(2), the response is sent within
 * six months beginning with that day, or a longer period agreed with the complainant.
 */
export const COMPLAINT_ACKNOWLEDGE_WORKING_DAYS = 3;
export const COMPLAINT_RESPONSE_MONTHS = 6;

/** A complaint's acknowledgement and response due dates. */
export function complaintDueDates(
  receivedOn: IsoDate,
  agreedResponseBy: IsoDate | null = null,
): { acknowledgementDueOn: IsoDate; responseDueOn: IsoDate } {
  return {
    acknowledgementDueOn: addWorkingDays(receivedOn, COMPLAINT_ACKNOWLEDGE_WORKING_DAYS),
    responseDueOn:
      agreedResponseBy ?? addDays(addMonthsClamped(receivedOn, COMPLAINT_RESPONSE_MONTHS), -1),
  };
}

/** What a complaint is late with on `today`, if anything. */
export function complaintOverdue(
  complaint: {
    readonly acknowledgementDueOn: IsoDate;
    readonly acknowledgedOn: IsoDate | null;
    readonly responseDueOn: IsoDate;
    readonly respondedOn: IsoDate | null;
  },
  today: IsoDate,
): 'acknowledgement' | 'response' | null {
  if (complaint.acknowledgedOn === null && today > complaint.acknowledgementDueOn)
    return 'acknowledgement';
  if (complaint.respondedOn === null && today > complaint.responseDueOn) return 'response';
  return null;
}

/**
 * Why free text is refused, or null: an event's title, description, findings and learning are
 * read across the organisation's governance, so they must not carry a patient's NHS number.
 * Ten digits (spaced 3-3-4 or not) with a valid check digit are taken to be one.
 */
export function patientIdentifierProblem(text: string): string | null {
  const candidates = text.match(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g) ?? [];
  return candidates.some((c) => isValidNhsNumber(c.replace(/[ -]/g, '')))
    ? 'must not contain an NHS number: describe the patient without identifying them'
    : null;
}

/**
 * Cells of the themes with fewer events than this (but not none) are not shown. The themes go
 * to everyone in the organisation without naming practices, but a count of one or two
 * safeguarding events in a quarter, in an organisation of a few practices, is often enough for
 * staff to know which practice (and which patient) it was; three or more no longer points at
 * one. Zero is shown: it discloses nothing.
 */
export const THEME_SUPPRESS_BELOW = 3;

/** One event as the themes count it: no practice, no text. */
export interface ThemeEventRow {
  readonly category: SignificantEventCategory;
  readonly occurredOn: IsoDate;
}

/** One category's counts by quarter; null where suppressed. */
export interface ThemeRow {
  readonly category: SignificantEventCategory;
  readonly counts: (number | null)[];
}

/** The themes grid: categories by financial-year quarter, oldest quarter first. */
export interface SignificantEventThemes {
  readonly quarters: QuarterDates[];
  readonly rows: ThemeRow[];
  readonly suppressBelow: number;
  /** How many cells were suppressed, so the page can say some counts are hidden. */
  readonly suppressed: number;
}

/**
 * Counts of events by category and quarter across the organisation for the `quarterCount`
 * quarters ending with today's. No practice appears; small cells are suppressed (see
 * {@link THEME_SUPPRESS_BELOW}). No totals are given either: a total beside one suppressed
 * cell would give that cell's count away by subtraction.
 */
export function significantEventThemes(
  events: readonly ThemeEventRow[],
  today: IsoDate,
  quarterCount = 8,
): SignificantEventThemes {
  const quarters = quartersTo(today, quarterCount);
  const index = new Map(quarters.map((q, i) => [q.key, i]));
  const counts = new Map<SignificantEventCategory, number[]>(
    SIGNIFICANT_EVENT_CATEGORIES.map((c) => [c, quarters.map(() => 0)]),
  );
  for (const event of events) {
    const i = index.get(quarterDates(quarterOf(event.occurredOn)).key);
    const row = counts.get(event.category);
    if (i === undefined || !row) continue;
    row[i] = (row[i] ?? 0) + 1;
  }
  let suppressed = 0;
  const rows = SIGNIFICANT_EVENT_CATEGORIES.map((category) => ({
    category,
    counts: (counts.get(category) ?? []).map((n) => {
      if (n > 0 && n < THEME_SUPPRESS_BELOW) {
        suppressed += 1;
        return null;
      }
      return n;
    }),
  }));
  return { quarters, rows, suppressBelow: THEME_SUPPRESS_BELOW, suppressed };
}

/** True when the text names a category. */
export function isSignificantEventCategory(value: string): value is SignificantEventCategory {
  return (SIGNIFICANT_EVENT_CATEGORIES as readonly string[]).includes(value);
}
