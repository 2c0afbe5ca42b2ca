import { OCCUPYING_STATUSES, leadTimeBucket, type AppointmentStatus } from '../access/booking.js';
import { fairShares } from '../access/hub.js';
import {
  ADMIN_REQUEST_TYPES,
  type AdminRequestType,
  type DeliveryChannel,
  type RequestChannel,
  type RequestKind,
  type RequestStatus,
} from '../access/requests.js';
import { routeRequest, type RequestRouting } from '../access/routing.js';
import {
  SERVICE_ROLE,
  SPECIALIST_SERVICES,
  SLOT_SERVICE_LABELS,
  cutSlots,
  type SlotService,
  type SlotVisibility,
} from '../access/slots.js';
import { OUTCOME_RULES, dueBy, type TriageOutcome, type Urgency } from '../access/triage.js';
import { policyFor } from '../org/form-policy.js';
import type { IsoDate } from '../org/iso-date.js';
import { englandTimeToInstant, PERIOD_TIMES } from '../workforce/periods.js';
import type { StaffSkill } from '../workforce/skills.js';
import { addDays, epochDay } from './dates.js';
import { createRandom, type Random } from './random.js';
import type { DemoPlan, DemoRotaSession, DemoSiteRef } from './types.js';

/** A patient of a plan: the practice (by index) and their place in its register. */
export interface DemoPatientRef {
  readonly practiceIndex: number;
  /** Position in the practice's patients, in the order the plan generates them. */
  readonly position: number;
}

/** A consulting or treatment room at a site. */
export interface DemoRoom {
  readonly site: DemoSiteRef;
  readonly name: string;
}

/** What a rota session offers patients: the slots cut from it. */
export interface DemoSessionOffer {
  /** Index in the plan's sessions, then in {@link DemoAccess.hubSessions}. */
  readonly sessionIndex: number;
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly slotMinutes: number;
  readonly visibility: SlotVisibility;
  readonly roomIndex: number | null;
  readonly hubIndex: number | null;
}

/** A hub shared by practices, with each practice's daily threshold. */
export interface DemoHub {
  readonly name: string;
  readonly releaseLeadMinutes: number;
  readonly sites: readonly DemoSiteRef[];
  readonly practices: readonly {
    readonly practiceIndex: number;
    readonly dailyThreshold: number;
  }[];
}

/** A session at a hub site, with the clinician rostered on it (not part of the plan's rota). */
export interface DemoHubSession {
  readonly session: DemoRotaSession;
  readonly staffIndex: number;
}

/** A call centre that triages for the organisation's practices. */
export interface DemoTriageTeam {
  readonly name: string;
  readonly region: string | null;
  readonly site: DemoSiteRef | null;
}

/** A bookable slot cut from an offering session. */
export interface DemoSlot {
  readonly sessionIndex: number;
  readonly site: DemoSiteRef;
  readonly staffIndex: number | null;
  readonly roomIndex: number | null;
  readonly hubIndex: number | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly service: SlotService;
  readonly channel: DeliveryChannel;
  readonly visibility: SlotVisibility;
  readonly capacity: number;
  /** Places held by its booked, attended and did-not-attend appointments. */
  taken: number;
}

/** Who did something, by the plan's user keys (`admin`, `clinician`, `navigator`). */
export type DemoUserKey = string;

/** A request for care or for an admin task. */
export interface DemoRequest {
  readonly patient: DemoPatientRef;
  readonly triageTeamIndex: number | null;
  readonly channel: RequestChannel;
  readonly kind: RequestKind;
  readonly adminType: AdminRequestType | null;
  readonly description: string;
  readonly preferredChannel: DeliveryChannel | null;
  status: RequestStatus;
  readonly urgency: Urgency | null;
  readonly outcome: TriageOutcome | null;
  readonly specialistService: string | null;
  readonly triageNote: string | null;
  readonly receivedAt: string;
  readonly recordedBy: DemoUserKey | null;
  readonly claimedBy: DemoUserKey | null;
  readonly claimedAt: string | null;
  readonly triagedBy: DemoUserKey | null;
  readonly triagedAt: string | null;
  closedAt: string | null;
}

/** A place in a slot, booked for a patient (and attended or not), or cancelled. */
export interface DemoAppointment {
  readonly slotIndex: number;
  readonly patient: DemoPatientRef;
  readonly requestIndex: number | null;
  readonly status: Exclude<AppointmentStatus, 'held' | 'expired'>;
  readonly bookedBy: DemoUserKey;
  readonly bookedAt: string;
  readonly hubOverrideReason: string | null;
  readonly cancelledBy: DemoUserKey | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly patientTold: boolean | null;
  readonly outcomeRecordedAt: string | null;
}

/** A walk-in queue (open-access blood tests) at a site. */
export interface DemoWalkInQueue {
  readonly site: DemoSiteRef;
  readonly service: SlotService;
  readonly name: string;
  readonly minutesPerPatient: number;
}

/** A ticket of today's walk-in queue. */
export interface DemoWalkInTicket {
  readonly queueIndex: number;
  readonly number: number;
  readonly patient: DemoPatientRef | null;
  readonly status: 'waiting' | 'called' | 'done' | 'left';
  readonly issuedAt: string;
  readonly calledAt: string | null;
  readonly doneAt: string | null;
}

/**
 * The access side of a demo organisation: rooms, what the rota's clinical sessions offer and
 * the slots cut from them around today, appointments booked, attended, missed and cancelled,
 * requests in today's queues and their history, hubs and call centres where the form has them,
 * and a walk-in queue.
 */
export interface DemoAccess {
  readonly requestRouting: RequestRouting;
  /** The first day with slots and the last. */
  readonly slotsFrom: IsoDate;
  readonly slotsTo: IsoDate;
  readonly rooms: readonly DemoRoom[];
  readonly hubs: readonly DemoHub[];
  readonly hubSessions: readonly DemoHubSession[];
  readonly offers: readonly DemoSessionOffer[];
  readonly triageTeams: readonly DemoTriageTeam[];
  readonly slots: readonly DemoSlot[];
  readonly requests: readonly DemoRequest[];
  readonly appointments: readonly DemoAppointment[];
  readonly walkInQueues: readonly DemoWalkInQueue[];
  readonly walkInTickets: readonly DemoWalkInTicket[];
}

/** Days of slots before today: enough past appointments for the DNA and gaming reports. */
export const DEMO_SLOT_DAYS_BEFORE = 7;
/** Days of slots after today: what a navigator books into. */
export const DEMO_SLOT_DAYS_AFTER = 14;
/** Days of request history before today. */
const REQUEST_HISTORY_DAYS = 14;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** What each rostered role offers by default: service, slot length and places per slot. */
const ROLE_OFFERS: Readonly<
  Record<
    string,
    { readonly service: SlotService; readonly minutes: number; readonly capacity: number }
  >
> = {
  gp: { service: 'gp', minutes: 15, capacity: 1 },
  anp: { service: 'anp', minutes: 15, capacity: 1 },
  'practice-nurse': { service: 'nurse', minutes: 15, capacity: 1 },
  hca: { service: 'hca', minutes: 15, capacity: 1 },
  // A blood-test list runs two chairs.
  phlebotomist: { service: 'phlebotomy', minutes: 10, capacity: 2 },
  'clinical-pharmacist': { service: 'pharmacist', minutes: 20, capacity: 1 },
  'physician-associate': { service: 'physician-associate', minutes: 15, capacity: 1 },
};

/** A GP session asking for one of these skills offers that specialist service instead. */
const SKILL_SERVICES: Readonly<Partial<Record<StaffSkill, SlotService>>> = {
  'minor-surgery': 'minor-surgery',
  'coil-fitting': 'coil-fitting',
  msk: 'msk',
};
const SPECIALIST_MINUTES = 30;

const SPECIALIST_NAMES: Readonly<Partial<Record<SlotService, string>>> = {
  msk: 'MSK',
  'minor-surgery': 'Minor surgery',
  'coil-fitting': 'Coil fitting',
  'geriatric-assessment': 'Geriatric opinion',
};

const CLINICAL_DESCRIPTIONS = [
  'Cough for three weeks, not getting better',
  'Rash on both arms since the weekend',
  'Pain in the lower back after lifting',
  'Earache and a temperature',
  'Feeling low and not sleeping',
  'Sore throat for five days',
  'Swollen ankle after a fall',
  'Headaches most mornings',
  'Burning when passing urine',
  'Blood pressure reading was high at the pharmacy',
  'Child with a fever since last night',
  'Dizzy when standing up',
  'Knee pain when climbing stairs',
  'Mole that has changed shape',
  'Asthma inhaler not helping as much',
  'Chest feels tight when walking uphill',
];

const ADMIN_DESCRIPTIONS: Readonly<Record<AdminRequestType, string>> = {
  'fit-note': 'Needs a fit note extended',
  'test-results': 'Asking for blood test results',
  'repeat-prescription': 'Repeat prescription not on the list',
  letter: 'Needs a letter for their housing application',
  'other-admin': 'Change of address and phone number',
};

const TRIAGE_NOTES: Readonly<Partial<Record<TriageOutcome, string>>> = {
  'self-care': 'Advised self-care and the community pharmacy; call back if worse',
  telephone: 'Needs a clinician call back',
  video: 'Video consultation to see the problem',
  'face-to-face-home': 'Needs examining in person',
  'face-to-face-any-site': 'Needs examining; any site is fine for the patient',
  hub: 'Seen at the hub this evening',
  specialist: 'Refer to the specialist clinic',
  'urgent-care': 'Sent to urgent care',
};

const URGENCY_WEIGHTS: readonly (readonly [Urgency, number])[] = [
  ['emergency', 0.02],
  ['same-day', 0.36],
  ['within-2-days', 0.24],
  ['within-2-weeks', 0.2],
  ['routine', 0.18],
];

/** The chance a booked patient does not attend, by how far ahead they booked (ACC-5). */
const DNA_CHANCE: Readonly<Record<ReturnType<typeof leadTimeBucket>, number>> = {
  'same-day': 0.015,
  'next-day': 0.03,
  '2-7-days': 0.055,
  later: 0.1,
};

const HUB_OVERRIDE_REASON =
  'Clinician judged the patient must be seen today and the in-house list was already full';

function weighted<T>(random: Random, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let u = random.float() * total;
  for (const [value, w] of options) {
    u -= w;
    if (u < 0) return value;
  }
  const last = options[options.length - 1];
  if (!last) throw new Error('weighted pick from no options');
  return last[0];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Day of the week of a date: 0 Monday to 6 Sunday. */
const weekdayOf = (date: IsoDate) => (((epochDay(date) + 3) % 7) + 7) % 7;

const siteKey = (ref: DemoSiteRef) =>
  ref.practiceIndex === null ? `org:${ref.siteIndex}` : `${ref.practiceIndex}:${ref.siteIndex}`;

/** What to build the access data around. */
export interface DemoAccessOptions {
  /**
   * The instant the demo is built at (ISO 8601): what has happened (attended, missed, today's
   * requests) is before it. Noon in England on the plan's today unless given; the same plan
   * and instant always give the same data.
   */
  readonly now?: string | undefined;
}

/**
 * The access data of a plan (ACC-1 to ACC-7), pure and seeded: rooms for each member site;
 * a service, channel, slot length and visibility on every staffed clinical session from
 * {@link DEMO_SLOT_DAYS_BEFORE} days before the plan's today to {@link DEMO_SLOT_DAYS_AFTER}
 * after, and the slots cut from them (by the domain's `cutSlots`); appointments within each
 * slot's places (attended, a few per cent not attended, more the further ahead they were
 * booked, some cancelled); requests waiting, claimed and triaged in each practice's queue
 * today (or the call centres' for centre routing) and two weeks of history; a hub with
 * evening and Saturday sessions and daily thresholds where the form has a hub site; a walk-in
 * blood-test queue with today's tickets.
 */
export function demoAccess(plan: DemoPlan, options: DemoAccessOptions = {}): DemoAccess {
  const stream = (...key: (string | number)[]) =>
    createRandom(plan.seed, plan.form, plan.scale, 'access', ...key);
  const today = plan.today;
  const now = Date.parse(options.now ?? englandTimeToInstant(today, '12:00'));
  const policy = policyFor(plan.form);
  const members = plan.practices.slice(0, plan.totals.memberPractices);
  const users = new Set(plan.users.map((u) => u.key));
  const booker: DemoUserKey = users.has('navigator') ? 'navigator' : 'admin';
  // Requests are triaged by the practice clinician, else (call centres) the call-centre one.
  const triager: DemoUserKey = users.has('clinician')
    ? 'clinician'
    : users.has('callcentre')
      ? 'callcentre'
      : 'admin';
  const slotsFrom = addDays(today, -DEMO_SLOT_DAYS_BEFORE);
  const slotsTo = addDays(today, DEMO_SLOT_DAYS_AFTER);
  const w = plan.workforce;
  const sessionCount = w.sessions.length;

  // Midnight in England of each day the data touches, worked out once (Intl is slow).
  const midnights = new Map<IsoDate, number>();
  const midnight = (date: IsoDate): number => {
    let at = midnights.get(date);
    if (at === undefined) {
      at = Date.parse(englandTimeToInstant(date, '00:00'));
      midnights.set(date, at);
    }
    return at;
  };
  const atLocal = (date: IsoDate, minutes: number) => midnight(date) + minutes * MINUTE;

  // 1. Hubs: one at the organisation's site that offers extended hours, shared by all members.
  const hubs: DemoHub[] = [];
  const hubSiteIndex = plan.organisationSites.findIndex((s) =>
    s.services.includes('extended-hours'),
  );
  const hubSite: DemoSiteRef | null =
    hubSiteIndex >= 0 ? { practiceIndex: null, siteIndex: hubSiteIndex } : null;

  // 2. Rooms, and what each staffed clinical session in the window offers.
  const random = stream('offers');
  const firstStaff = new Map<number, number>();
  for (const a of w.assignments) {
    if (!firstStaff.has(a.sessionIndex)) firstStaff.set(a.sessionIndex, a.staffIndex);
  }
  const offers: DemoSessionOffer[] = [];
  const capacityOf = new Map<number, number>();
  const roomsAt = new Map<string, number>();
  const roomsInUse = new Map<string, number>();
  const pendingRooms: { offerIndex: number; key: string; site: string }[] = [];
  const offerOf = (
    sessionIndex: number,
    session: DemoRotaSession,
    staffIndex: number,
    forcedVisibility: SlotVisibility | null,
    hubIndex: number | null,
    remote: boolean,
  ) => {
    const person = plan.staff[staffIndex];
    if (!person) return;
    const base = ROLE_OFFERS[person.staffRole];
    if (!base) return;
    let { service, minutes } = base;
    const special = session.requiredSkills.map((s) => SKILL_SERVICES[s]).find((s) => s);
    if (special && SERVICE_ROLE[special] === person.staffRole) {
      service = special;
      minutes = SPECIALIST_MINUTES;
    }
    const channel: DeliveryChannel =
      remote && service === 'gp' ? (random.chance(0.2) ? 'video' : 'telephone') : 'in-person';
    const visibility: SlotVisibility =
      forcedVisibility ??
      (policy.bookAtAnySite && random.chance(0.3) ? 'organisation' : 'practice');
    const offerIndex = offers.length;
    offers.push({
      sessionIndex,
      service,
      channel,
      slotMinutes: minutes,
      visibility,
      roomIndex: null,
      hubIndex,
    });
    capacityOf.set(sessionIndex, base.capacity);
    if (channel === 'in-person') {
      const site = siteKey(session.site);
      const key = `${site}|${session.date}|${session.period}`;
      const used = (roomsInUse.get(key) ?? 0) + 1;
      roomsInUse.set(key, used);
      roomsAt.set(site, Math.max(roomsAt.get(site) ?? 0, used));
      pendingRooms.push({ offerIndex, key, site });
    }
  };
  // Which staffed clinical sessions publish slots: a few a practice and day around today, one
  // a day further ahead. Every slot and appointment row is checked by two exclusion
  // constraints, so publishing every session would take the `ohp` build far past its time.
  const nearCap = plan.scale === 'ohp' ? 2 : 3;
  const pastCap = plan.scale === 'ohp' ? 1 : 2;
  const roleOf = (sessionIndex: number) => {
    const staffIndex = firstStaff.get(sessionIndex);
    return staffIndex === undefined ? undefined : plan.staff[staffIndex]?.staffRole;
  };
  const candidates = new Map<string, number[]>();
  w.sessions.forEach((session, sessionIndex) => {
    if (session.date < slotsFrom || session.date > slotsTo) return;
    if (session.site.practiceIndex === null || session.period === 'evening') return;
    const role = roleOf(sessionIndex);
    if (role === undefined || !ROLE_OFFERS[role]) return;
    const key = `${session.site.practiceIndex}|${session.date}`;
    const list = candidates.get(key) ?? [];
    list.push(sessionIndex);
    candidates.set(key, list);
  });
  for (const [key, list] of candidates) {
    const date = key.slice(key.indexOf('|') + 1);
    const offset = epochDay(date) - epochDay(today);
    const cap = offset < 0 ? pastCap : offset <= 2 ? nearCap : 0;
    const shuffled = stream('publish', key).shuffled(list);
    const gps = shuffled.filter((i) => roleOf(i) === 'gp');
    const others = shuffled.filter((i) => roleOf(i) !== 'gp');
    const chosen =
      cap > 0
        ? [gps[0], others[0], gps[1], others[1]].slice(0, cap)
        : [epochDay(date) % 2 === 0 ? (gps[0] ?? others[0]) : (others[0] ?? gps[0])];
    for (const sessionIndex of chosen) {
      const session = sessionIndex === undefined ? undefined : w.sessions[sessionIndex];
      const staffIndex = sessionIndex === undefined ? undefined : firstStaff.get(sessionIndex);
      if (sessionIndex === undefined || !session || staffIndex === undefined) continue;
      // The second GP session of a day is a telephone (or video) list.
      offerOf(sessionIndex, session, staffIndex, null, null, sessionIndex === gps[1]);
    }
  }

  // Hub sessions: weekday evenings and Saturday mornings, a GP who is free then.
  const hubSessions: DemoHubSession[] = [];
  if (hubSite) {
    hubs.push({
      name: `${plan.organisationSites[hubSite.siteIndex]?.name ?? 'Hub'} (${plan.organisation.name})`,
      releaseLeadMinutes: 120,
      sites: [hubSite],
      practices: [],
    });
    const busy = new Set<string>();
    for (const a of w.assignments) {
      const s = w.sessions[a.sessionIndex];
      if (s) busy.add(`${a.staffIndex}|${s.date}|${s.period}`);
    }
    const away = (staffIndex: number, date: IsoDate) =>
      w.absences.some((a) => a.staffIndex === staffIndex && a.startsOn <= date && date <= a.endsOn);
    const gps = plan.staff
      .map((s, i) => ({ s, i }))
      .filter(
        ({ s }) =>
          s.staffRole === 'gp' &&
          (s.employingBody === 'organisation' ||
            (s.homePracticeIndex !== null && s.homePracticeIndex < members.length)),
      )
      .sort(
        (a, b) =>
          Number(b.s.employingBody === 'organisation') -
          Number(a.s.employingBody === 'organisation'),
      );
    const hubRandom = stream('hub-sessions');
    for (let d = epochDay(slotsFrom); d <= epochDay(slotsTo); d++) {
      const date = addDays(slotsFrom, d - epochDay(slotsFrom));
      const weekday = weekdayOf(date);
      if (weekday === 6) continue;
      const period = weekday === 5 ? 'am' : 'evening';
      const times = PERIOD_TIMES[period];
      const wanted = weekday === 5 ? 2 : 1;
      const free = hubRandom
        .shuffled(gps)
        .filter(
          ({ s, i }) =>
            s.startedOn <= date && !busy.has(`${i}|${date}|${period}`) && !away(i, date),
        );
      for (const { i } of free.slice(0, wanted)) {
        busy.add(`${i}|${date}|${period}`);
        const session: DemoRotaSession = {
          site: hubSite,
          date,
          period,
          startsAt: englandTimeToInstant(date, times.start),
          endsAt: englandTimeToInstant(date, times.end),
          requiredRole: 'gp',
          requiredSkills: [],
          staffNeeded: 1,
          urgency: 2,
          unpopular: true,
        };
        const sessionIndex = sessionCount + hubSessions.length;
        hubSessions.push({ session, staffIndex: i });
        offerOf(sessionIndex, session, i, 'hub', 0, false);
      }
    }
  }

  // Rooms: each site has as many as its busiest period needs (at least two), and in-person
  // sessions of one period at a site take them in turn, so no room is double-booked.
  const rooms: DemoRoom[] = [];
  const firstRoom = new Map<string, number>();
  const roomSites: DemoSiteRef[] = [
    ...members.flatMap((p) =>
      p.sites.map((_, siteIndex) => ({ practiceIndex: p.index, siteIndex })),
    ),
    ...(hubSite ? [hubSite] : []),
  ];
  for (const site of roomSites) {
    const key = siteKey(site);
    firstRoom.set(key, rooms.length);
    const count = Math.max(2, roomsAt.get(key) ?? 0);
    for (let n = 1; n <= count; n++) rooms.push({ site, name: `Room ${n}` });
  }
  const nextRoom = new Map<string, number>();
  for (const pending of pendingRooms) {
    const n = nextRoom.get(pending.key) ?? 0;
    nextRoom.set(pending.key, n + 1);
    const offer = offers[pending.offerIndex];
    const first = firstRoom.get(pending.site);
    if (offer && first !== undefined)
      offers[pending.offerIndex] = { ...offer, roomIndex: first + n };
  }

  // 3. Slots, cut from each offering session by the domain's rule.
  const sessionOf = (index: number): DemoRotaSession | undefined =>
    index < sessionCount ? w.sessions[index] : hubSessions[index - sessionCount]?.session;
  const staffOf = (index: number): number | null =>
    index < sessionCount
      ? (firstStaff.get(index) ?? null)
      : (hubSessions[index - sessionCount]?.staffIndex ?? null);
  const slots: DemoSlot[] = [];
  for (const offer of offers) {
    const session = sessionOf(offer.sessionIndex);
    if (!session) continue;
    for (const cut of cutSlots(session, offer.slotMinutes)) {
      slots.push({
        sessionIndex: offer.sessionIndex,
        site: session.site,
        staffIndex: staffOf(offer.sessionIndex),
        roomIndex: offer.roomIndex,
        hubIndex: offer.hubIndex,
        startsAt: cut.startsAt,
        endsAt: cut.endsAt,
        service: offer.service,
        channel: offer.channel,
        visibility: offer.visibility,
        capacity: capacityOf.get(offer.sessionIndex) ?? 1,
        taken: 0,
      });
    }
  }
  slots.sort(
    (a, b) =>
      (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0) ||
      a.sessionIndex - b.sessionIndex,
  );

  // Daily thresholds: about three fifths of a practice's average in-house places a working
  // day; one practice agreed far more than it offers, so the gaming report has one to flag.
  if (hubs[0]) {
    const places = new Map<number, number>();
    const days = new Map<number, Set<IsoDate>>();
    for (const slot of slots) {
      const p = slot.site.practiceIndex;
      if (p === null || slot.hubIndex !== null) continue;
      places.set(p, (places.get(p) ?? 0) + slot.capacity);
      const set = days.get(p) ?? new Set<IsoDate>();
      set.add(slot.startsAt.slice(0, 10));
      days.set(p, set);
    }
    const gaming = members.length > 1 ? members.length - 1 : -1;
    hubs[0] = {
      ...hubs[0],
      practices: members.map((p) => {
        const perDay = (places.get(p.index) ?? 0) / Math.max(1, days.get(p.index)?.size ?? 1);
        return {
          practiceIndex: p.index,
          dailyThreshold: Math.round(perDay * (p.index === gaming ? 1.3 : 0.6)),
        };
      }),
    };
  }

  // Free places, by practice and kind, for booking requests' appointments.
  const byKind = new Map<string, number[]>();
  const kindKey = (practice: number | null, group: string) => `${practice ?? 'org'}|${group}`;
  const groupsOf = (slot: DemoSlot): string[] => {
    if (slot.hubIndex !== null) return ['hub'];
    if ((SPECIALIST_SERVICES as readonly string[]).includes(slot.service)) return ['specialist'];
    if (slot.service !== 'gp' && slot.service !== 'anp') return [];
    return [slot.channel];
  };
  slots.forEach((slot, index) => {
    for (const group of groupsOf(slot)) {
      const keys = [kindKey(slot.site.practiceIndex, group)];
      if (slot.visibility === 'organisation' && group === 'in-person') keys.push(`any|${group}`);
      if (slot.hubIndex !== null) keys.push('any|hub');
      for (const key of keys) {
        const list = byKind.get(key) ?? [];
        list.push(index);
        byKind.set(key, list);
      }
    }
  });
  const placesLeft = (slot: DemoSlot) => slot.capacity - slot.taken;
  const startMs = slots.map((slot) => Date.parse(slot.startsAt));

  const appointments: DemoAppointment[] = [];
  const patientOf = (r: Random, practiceIndex: number): DemoPatientRef => ({
    practiceIndex,
    position: r.int(0, Math.max(0, (plan.practices[practiceIndex]?.listSize ?? 1) - 1)),
  });
  const leadRandom = stream('lead-times');
  /** When a booking for a slot was made: often days ahead, never after now or the start. */
  const bookedAtFor = (slot: DemoSlot, r: Random): string => {
    const start = Date.parse(slot.startsAt);
    const lead = weighted(r, [
      [0, 0.3],
      [1, 0.2],
      [r.int(2, 7), 0.35],
      [r.int(8, 21), 0.15],
    ]);
    const date = addDays(slot.startsAt.slice(0, 10), -lead);
    let at = atLocal(date, r.int(8 * 60, 17 * 60));
    if (at >= start) at = start - r.int(10, 90) * MINUTE;
    if (at > now) at = now - r.int(1, 120) * MINUTE;
    if (at >= start) at = start - r.int(10, 90) * MINUTE;
    return iso(at);
  };
  const outcomeOf = (slot: DemoSlot, bookedAt: string, r: Random) => {
    const start = Date.parse(slot.startsAt);
    if (start >= now) return { status: 'booked' as const, outcomeRecordedAt: null };
    const bucket = leadTimeBucket(bookedAt.slice(0, 10), slot.startsAt.slice(0, 10));
    const status = r.chance(DNA_CHANCE[bucket])
      ? ('did-not-attend' as const)
      : ('attended' as const);
    const end = Date.parse(slot.endsAt);
    return { status, outcomeRecordedAt: iso(Math.min(now, end + r.int(1, 30) * MINUTE)) };
  };
  const book = (
    slotIndex: number,
    patient: DemoPatientRef,
    requestIndex: number | null,
    bookedAt: string,
    r: Random,
    hubOverrideReason: string | null = null,
  ) => {
    const slot = slots[slotIndex];
    if (!slot || placesLeft(slot) <= 0) return false;
    const { status, outcomeRecordedAt } = outcomeOf(slot, bookedAt, r);
    slot.taken += 1;
    appointments.push({
      slotIndex,
      patient,
      requestIndex,
      status,
      bookedBy: booker,
      bookedAt,
      hubOverrideReason,
      cancelledBy: null,
      cancelledAt: null,
      cancelReason: null,
      patientTold: null,
      outcomeRecordedAt,
    });
    return true;
  };

  // 4. Call centres, for the forms whose requests go to one.
  const requestRouting: RequestRouting =
    plan.form === 'pyramidal-super-partnership' ? 'centre' : 'practice';
  const triageTeams: DemoTriageTeam[] = [];
  if (requestRouting === 'centre') {
    const centreSite = plan.organisationSites.findIndex((s) => s.services.includes('call-centre'));
    triageTeams.push({
      name: 'Central call centre',
      region: null,
      site: centreSite >= 0 ? { practiceIndex: null, siteIndex: centreSite } : null,
    });
    const region = members[0]?.region;
    if (region) {
      triageTeams.push({
        name: `${region} call centre`,
        region,
        site: { practiceIndex: members[members.length - 1]?.index ?? 0, siteIndex: 0 },
      });
    }
  }
  const teamOf = (practiceIndex: number): number | null => {
    const destination = routeRequest({
      routing: requestRouting,
      practiceId: String(practiceIndex),
      practiceRegion: plan.practices[practiceIndex]?.region ?? null,
      callCentres: triageTeams.map((t, i) => ({ id: String(i), region: t.region })),
    });
    return destination.kind === 'call-centre' ? Number(destination.triageTeamId) : null;
  };

  // 5. Requests: two weeks of history, then today's queue, each practice on its own stream.
  const requests: DemoRequest[] = [];
  const outcomes: (readonly [TriageOutcome, number])[] = [
    ['self-care', 0.16],
    ['telephone', 0.38],
    ['video', 0.05],
    ['face-to-face-home', 0.27 - (policy.bookAtAnySite ? 0.04 : 0) - (hubSite ? 0.04 : 0)],
    ['face-to-face-any-site', policy.bookAtAnySite ? 0.04 : 0],
    ['hub', hubSite ? 0.04 : 0],
    ['specialist', 0.03],
    ['urgent-care', 0.02],
  ];
  const dayStart = midnight(today);
  /** Books a triaged request's appointment, if a place of the right kind is free in time. */
  const bookFor = (requestIndex: number, r: Random): boolean => {
    const request = requests[requestIndex];
    if (!request?.outcome || !request.triagedAt || !request.urgency) return false;
    const rule = OUTCOME_RULES[request.outcome];
    if (!rule.needsAppointment) return false;
    const practice = request.patient.practiceIndex;
    const keys =
      rule.where === 'hub'
        ? ['any|hub']
        : rule.where === 'specialist'
          ? [kindKey(practice, 'specialist')]
          : rule.where === 'any-site'
            ? ['any|in-person', kindKey(practice, 'in-person')]
            : [kindKey(practice, rule.channel ?? 'in-person'), kindKey(practice, 'in-person')];
    const after = Date.parse(request.triagedAt) + 20 * MINUTE;
    const due = Date.parse(dueBy(request.receivedAt, request.urgency));
    for (const key of keys) {
      const list = byKind.get(key) ?? [];
      // The lists are in start order: skip to the first slot after the decision.
      let low = 0;
      let high = list.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((startMs[list[mid] ?? 0] ?? 0) < after) low = mid + 1;
        else high = mid;
      }
      const free: number[] = [];
      let inTime = 0;
      for (let k = low; k < list.length && free.length < 12; k++) {
        const i = list[k] ?? 0;
        const slot = slots[i];
        if (!slot || placesLeft(slot) <= 0) continue;
        if ((startMs[i] ?? 0) > due && free.length > 0) break;
        free.push(i);
        if ((startMs[i] ?? 0) <= due) inTime += 1;
      }
      if (free.length === 0) continue;
      const choice =
        request.urgency === 'same-day' || request.urgency === 'emergency' || inTime === 0
          ? free[0]
          : r.pick(free.slice(0, inTime));
      if (choice === undefined) continue;
      const bookedAt = iso(
        Math.min(
          now,
          (startMs[choice] ?? 0) - MINUTE,
          Date.parse(request.triagedAt) + r.int(2, 15) * MINUTE,
        ),
      );
      if (book(choice, request.patient, requestIndex, bookedAt, r)) return true;
    }
    return false;
  };
  const newRequest = (
    r: Random,
    practiceIndex: number,
    receivedAt: number,
    state: 'waiting' | 'claimed' | 'done',
  ): DemoRequest => {
    const kind: RequestKind = r.chance(0.2) ? 'admin' : 'clinical';
    const adminType = kind === 'admin' ? r.pick(ADMIN_REQUEST_TYPES) : null;
    const channel = weighted<RequestChannel>(r, [
      ['phone', 0.55],
      ['online', 0.4],
      ['walk-in', 0.05],
    ]);
    let urgency: Urgency | null = null;
    let outcome: TriageOutcome | null = null;
    let specialistService: string | null = null;
    if (state === 'done') {
      if (kind === 'admin') {
        urgency = 'routine';
        outcome = 'admin-done';
      } else {
        urgency = weighted(r, URGENCY_WEIGHTS);
        outcome =
          urgency === 'emergency'
            ? r.chance(0.6)
              ? 'urgent-care'
              : 'face-to-face-home'
            : weighted(r, outcomes);
        if (outcome === 'specialist') {
          specialistService = SPECIALIST_NAMES[r.pick(SPECIALIST_SERVICES)] ?? 'MSK';
        }
      }
    } else if (state === 'waiting' && kind === 'clinical' && r.chance(0.6)) {
      // The navigator's provisional urgency, so the queue is not all one colour.
      urgency = weighted(r, URGENCY_WEIGHTS);
    }
    const claimedAt = state === 'waiting' ? null : receivedAt + r.int(2, 90) * MINUTE;
    const triagedAt =
      state === 'done' && claimedAt !== null ? claimedAt + r.int(3, 25) * MINUTE : null;
    const needsAppointment = outcome !== null && OUTCOME_RULES[outcome].needsAppointment;
    const status: RequestStatus =
      state === 'waiting'
        ? 'waiting'
        : state === 'claimed'
          ? 'claimed'
          : needsAppointment
            ? 'triaged'
            : 'closed';
    return {
      patient: patientOf(r, practiceIndex),
      triageTeamIndex: teamOf(practiceIndex),
      channel,
      kind,
      adminType,
      description:
        adminType !== null ? ADMIN_DESCRIPTIONS[adminType] : r.pick(CLINICAL_DESCRIPTIONS),
      preferredChannel:
        kind === 'clinical'
          ? weighted<DeliveryChannel | null>(r, [
              [null, 0.4],
              ['in-person', 0.3],
              ['telephone', 0.25],
              ['video', 0.05],
            ])
          : null,
      status,
      urgency,
      outcome,
      specialistService,
      triageNote: outcome ? (TRIAGE_NOTES[outcome] ?? null) : null,
      receivedAt: iso(receivedAt),
      recordedBy: channel === 'online' ? null : booker,
      claimedBy: claimedAt === null ? null : triager,
      claimedAt: claimedAt === null ? null : iso(claimedAt),
      triagedBy: triagedAt === null ? null : triager,
      triagedAt: triagedAt === null ? null : iso(triagedAt),
      closedAt: status === 'closed' && triagedAt !== null ? iso(triagedAt) : null,
    };
  };
  for (const practice of members) {
    const r = stream('requests', practice.index);
    const perDay = Math.max(3, Math.round((practice.listSize / 1000) * 1.2));
    for (let back = REQUEST_HISTORY_DAYS; back >= 1; back--) {
      const date = addDays(today, -back);
      if (weekdayOf(date) >= 5) continue;
      const count = Math.max(1, Math.round(perDay * (0.8 + 0.4 * r.float())));
      for (let k = 0; k < count; k++) {
        const receivedAt = atLocal(date, r.int(7 * 60 + 30, 17 * 60 + 30));
        const index = requests.push(newRequest(r, practice.index, receivedAt, 'done')) - 1;
        const request = requests[index];
        if (request?.status === 'triaged' && !bookFor(index, r)) {
          // Dealt with outside the slots the demo has (before its first day of slots).
          request.status = 'closed';
          request.closedAt = request.triagedAt;
        }
      }
    }
    // Today: received over the hours before now, so nothing is in the future.
    const from = Math.max(dayStart, Math.min(now, atLocal(today, 18 * 60)) - 4 * 60 * MINUTE);
    const until = Math.max(from, Math.min(now, atLocal(today, 18 * 60)) - 5 * MINUTE);
    const at = () => from + Math.floor(r.float() * (until - from));
    const waiting = Math.min(12, Math.max(4, Math.round(practice.listSize / 2000)));
    const counts: readonly (readonly ['waiting' | 'claimed' | 'done', number])[] = [
      ['done', Math.max(3, Math.round(waiting / 2))],
      ['claimed', r.int(1, 2)],
      ['waiting', waiting],
    ];
    for (const [state, count] of counts) {
      for (let k = 0; k < count; k++) {
        const received = at();
        const request = newRequest(r, practice.index, received, state);
        // Nobody claimed or triaged it in the future.
        const fixed: DemoRequest =
          request.claimedAt !== null && Date.parse(request.claimedAt) > now
            ? {
                ...request,
                claimedAt: iso(Math.max(received, now - MINUTE)),
                triagedAt: request.triagedAt === null ? null : iso(Math.max(received, now)),
                closedAt: request.closedAt === null ? null : iso(Math.max(received, now)),
              }
            : request.triagedAt !== null && Date.parse(request.triagedAt) > now
              ? {
                  ...request,
                  triagedAt: iso(now),
                  closedAt: request.closedAt === null ? null : iso(now),
                }
              : request;
        const index = requests.push(fixed) - 1;
        // Most of today's triaged requests are booked; the rest wait on the navigators' list.
        if (fixed.status === 'triaged' && r.chance(0.7)) bookFor(index, r);
      }
    }
  }

  // 6. The rest of the places: most past ones used, fewer the further ahead; hub places by
  // the practices' fair shares, one practice taking more than its share.
  const fill = stream('bookings');
  const hubPractices = hubs[0]?.practices ?? [];
  const shares = fairShares(
    1000,
    hubPractices.map((p) => ({
      practiceId: String(p.practiceIndex),
      listSize: plan.practices[p.practiceIndex]?.listSize ?? 0,
    })),
  );
  const greedy = hubPractices[0]?.practiceIndex ?? -1;
  const hubWeights = hubPractices.map(
    (p) =>
      [
        p.practiceIndex,
        (shares.get(String(p.practiceIndex)) ?? 0) * (p.practiceIndex === greedy ? 2 : 1),
      ] as const,
  );
  const overrideDone = new Set<IsoDate>();
  slots.forEach((slot, index) => {
    const start = Date.parse(slot.startsAt);
    const daysAhead = Math.floor((start - dayStart) / DAY);
    const p = daysAhead <= 0 ? 0.86 : Math.max(0.25, 0.82 - 0.045 * daysAhead);
    for (let place = slot.taken; place < slot.capacity; place++) {
      if (!fill.chance(p)) continue;
      const practiceIndex =
        slot.hubIndex !== null && hubWeights.length > 0
          ? weighted(fill, hubWeights)
          : (slot.site.practiceIndex ?? members[0]?.index ?? 0);
      const date = slot.startsAt.slice(0, 10);
      // A referral to the hub made before the practice had seen its agreed number in house,
      // by a clinician giving a reason: one on each of a few past days, booked well ahead.
      if (
        slot.hubIndex !== null &&
        start < now &&
        !overrideDone.has(date) &&
        overrideDone.size < 3
      ) {
        overrideDone.add(date);
        const bookedAt = iso(Math.min(now, start - fill.int(15, 20) * DAY));
        book(index, patientOf(fill, practiceIndex), null, bookedAt, fill, HUB_OVERRIDE_REASON);
        continue;
      }
      // Other hub referrals are made late on the day, once the in-house lists are full.
      const bookedAt =
        slot.hubIndex !== null
          ? iso(Math.min(now, start - fill.int(30, 90) * MINUTE))
          : bookedAtFor(slot, leadRandom);
      book(index, patientOf(fill, practiceIndex), null, bookedAt, fill);
    }
    // A cancelled booking now and then: the place was given back (and perhaps taken again).
    if (fill.chance(0.05)) {
      const bookedAt = bookedAtFor(slot, leadRandom);
      const cancelledAt = Math.min(
        now,
        start,
        Date.parse(bookedAt) + fill.int(1, 72) * 60 * MINUTE,
      );
      const byPractice = fill.chance(0.3);
      appointments.push({
        slotIndex: index,
        patient: patientOf(fill, slot.site.practiceIndex ?? members[0]?.index ?? 0),
        requestIndex: null,
        status: 'cancelled',
        bookedBy: booker,
        bookedAt,
        hubOverrideReason: null,
        cancelledBy: booker,
        cancelledAt: iso(Math.max(Date.parse(bookedAt), cancelledAt)),
        cancelReason: byPractice
          ? 'Clinician off sick: session cancelled'
          : 'Patient asked to cancel',
        // The practice tells the patient when it cancels; a few calls did not get through.
        patientTold: byPractice ? fill.chance(0.85) : true,
        outcomeRecordedAt: null,
      });
    }
  });

  // 7. A walk-in blood-test queue where open access is offered (else the first main site),
  // with today's tickets: some seen, one being seen, the rest waiting.
  const walkInQueues: DemoWalkInQueue[] = [];
  const walkInTickets: DemoWalkInTicket[] = [];
  const orgPhlebotomy = plan.organisationSites.findIndex((s) =>
    s.services.includes('open-access-phlebotomy'),
  );
  const practicePhlebotomy = members.find((p) =>
    p.sites.some((s) => s.services.includes('open-access-phlebotomy')),
  );
  const walkInSite: DemoSiteRef | null =
    orgPhlebotomy >= 0
      ? { practiceIndex: null, siteIndex: orgPhlebotomy }
      : practicePhlebotomy
        ? {
            practiceIndex: practicePhlebotomy.index,
            siteIndex: Math.max(
              0,
              practicePhlebotomy.sites.findIndex((s) =>
                s.services.includes('open-access-phlebotomy'),
              ),
            ),
          }
        : members[0]
          ? { practiceIndex: members[0].index, siteIndex: 0 }
          : null;
  if (walkInSite) {
    walkInQueues.push({
      site: walkInSite,
      service: 'phlebotomy',
      name: `${SLOT_SERVICE_LABELS.phlebotomy}s: walk in`,
      minutesPerPatient: 6,
    });
    const r = stream('walk-in');
    const count = r.int(7, 10);
    const served = Math.floor(count / 2);
    const opens = Math.min(now - (count + 1) * 6 * MINUTE, atLocal(today, 8 * 60));
    const first = Math.max(dayStart, opens);
    const step = Math.max(MINUTE, Math.floor((now - first) / (count + 1)));
    for (let n = 1; n <= count; n++) {
      const issued = first + (n - 1) * step;
      const status =
        n <= served ? (n === 2 ? 'left' : 'done') : n === served + 1 ? 'called' : 'waiting';
      const calledAt =
        status === 'done' || status === 'called'
          ? Math.min(now, issued + r.int(2, 8) * MINUTE)
          : null;
      const practiceIndex = r.pick(members).index;
      walkInTickets.push({
        queueIndex: 0,
        number: n,
        patient: r.chance(0.7) ? patientOf(r, practiceIndex) : null,
        status,
        issuedAt: iso(issued),
        calledAt: calledAt === null ? null : iso(calledAt),
        doneAt:
          status === 'done' && calledAt !== null
            ? iso(Math.min(now, calledAt + r.int(4, 7) * MINUTE))
            : null,
      });
    }
  }

  return {
    requestRouting,
    slotsFrom,
    slotsTo,
    rooms,
    hubs,
    hubSessions,
    offers,
    triageTeams,
    slots,
    requests,
    appointments,
    walkInQueues,
    walkInTickets,
  };
}

/** True for an appointment status that holds a place in its slot (cancelled ones do not). */
export function occupiesPlace(status: DemoAppointment['status']): boolean {
  return status === 'did-not-attend' || (OCCUPYING_STATUSES as readonly string[]).includes(status);
}
