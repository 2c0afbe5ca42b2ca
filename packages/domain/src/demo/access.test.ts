import { describe, expect, it } from 'vitest';
import { leadTimeBucket, LEAD_TIME_BUCKETS } from '../access/booking.js';
import { SERVICE_ROLE } from '../access/slots.js';
import { OUTCOME_RULES } from '../access/triage.js';
import { policyFor } from '../org/form-policy.js';
import { ORGANISATION_FORMS, type OrganisationForm } from '../org/organisation-forms.js';
import { englandTimeToInstant } from '../workforce/periods.js';
import { demoAccess, occupiesPlace, type DemoAccess } from './access.js';
import { demoPlan } from './plan.js';
import type { DemoPlan } from './types.js';

// A Monday in winter; the demo is built at 10:30 that morning.
const TODAY = '2026-11-23';
const NOW = englandTimeToInstant(TODAY, '10:30');

const cache = new Map<string, { plan: DemoPlan; access: DemoAccess }>();
function build(form: OrganisationForm, seed = 1) {
  const key = `${form}|${seed}`;
  let found = cache.get(key);
  if (!found) {
    const plan = demoPlan({ scale: 'small', form, today: TODAY, seed });
    found = { plan, access: demoAccess(plan, { now: NOW }) };
    cache.set(key, found);
  }
  return found;
}

const overlaps = (
  a: { startsAt: string; endsAt: string },
  b: { startsAt: string; endsAt: string },
) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** Pairs of slots that share a key (a clinician, a room) and overlap in time. */
function clashes(
  slots: readonly { startsAt: string; endsAt: string }[],
  keyOf: (index: number) => string | null,
): number {
  const byKey = new Map<string, number[]>();
  slots.forEach((_, i) => {
    const key = keyOf(i);
    if (key === null) return;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  let found = 0;
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) =>
      (slots[a]?.startsAt ?? '') < (slots[b]?.startsAt ?? '') ? -1 : 1,
    );
    for (let k = 1; k < sorted.length; k++) {
      const before = slots[sorted[k - 1] ?? 0];
      const after = slots[sorted[k] ?? 0];
      if (before && after && overlaps(before, after)) found++;
    }
  }
  return found;
}

describe('the demo access data', () => {
  it('is the same for the same seed and instant, and different for another seed', () => {
    const plan = demoPlan({ scale: 'small', today: TODAY });
    expect(JSON.stringify(demoAccess(plan, { now: NOW }))).toBe(
      JSON.stringify(build('autonomy-super-partnership').access),
    );
    expect(JSON.stringify(build('autonomy-super-partnership', 2).access.requests)).not.toBe(
      JSON.stringify(build('autonomy-super-partnership').access.requests),
    );
  });

  it.each(ORGANISATION_FORMS)(
    'gives every member practice of the %s demo free slots ahead, a queue today and past DNAs',
    (form) => {
      const { plan, access } = build(form);
      const now = Date.parse(NOW);
      for (const practice of plan.practices.slice(0, plan.totals.memberPractices)) {
        const own = access.slots.filter((s) => s.site.practiceIndex === practice.index);
        expect(own.some((s) => Date.parse(s.startsAt) > now && s.taken < s.capacity)).toBe(true);
        const queue = access.requests.filter(
          (r) => r.patient.practiceIndex === practice.index && r.status === 'waiting',
        );
        expect(queue.length).toBeGreaterThanOrEqual(4);
        expect(queue.every((r) => Date.parse(r.receivedAt) <= now)).toBe(true);
        expect(
          access.requests.some(
            (r) => r.patient.practiceIndex === practice.index && r.status === 'claimed',
          ),
        ).toBe(true);
      }
      const waiting = access.requests.filter((r) => r.status === 'waiting');
      expect(new Set(waiting.map((r) => r.urgency)).size).toBeGreaterThan(2);
      const dna = access.appointments.filter((a) => a.status === 'did-not-attend');
      expect(dna.length).toBeGreaterThan(0);
    },
  );

  it.each(ORGANISATION_FORMS)(
    'keeps every %s slot within its places, nobody double-booked',
    (form) => {
      const { plan, access } = build(form);
      const taken = new Map<number, number>();
      for (const a of access.appointments) {
        if (occupiesPlace(a.status)) taken.set(a.slotIndex, (taken.get(a.slotIndex) ?? 0) + 1);
      }
      access.slots.forEach((slot, i) => {
        expect(slot.taken).toBe(taken.get(i) ?? 0);
        expect(slot.taken).toBeLessThanOrEqual(slot.capacity);
        // The session's clinician has the role the service needs.
        const role = slot.staffIndex === null ? null : plan.staff[slot.staffIndex]?.staffRole;
        expect(role).toBe(SERVICE_ROLE[slot.service]);
        if (slot.channel === 'in-person') expect(slot.roomIndex).not.toBeNull();
        expect(slot.visibility === 'hub').toBe(slot.hubIndex !== null);
      });
      expect(clashes(access.slots, (i) => String(access.slots[i]?.staffIndex ?? 'none'))).toBe(0);
      expect(
        clashes(access.slots, (i) => {
          const room = access.slots[i]?.roomIndex;
          return room === null || room === undefined ? null : String(room);
        }),
      ).toBe(0);
      // Outcomes are recorded only for appointments that have started, and nothing is booked
      // after it starts or in the future.
      const now = Date.parse(NOW);
      for (const a of access.appointments) {
        const slot = access.slots[a.slotIndex];
        if (!slot) throw new Error('an appointment names no slot');
        expect(Date.parse(a.bookedAt)).toBeLessThanOrEqual(now);
        expect(a.bookedAt < slot.startsAt).toBe(true);
        if (a.status === 'attended' || a.status === 'did-not-attend') {
          expect(Date.parse(slot.startsAt)).toBeLessThan(now);
        }
        if (a.status === 'cancelled') expect(a.patientTold).not.toBeNull();
      }
    },
  );

  it('misses more appointments the further ahead they were booked', () => {
    const tally = new Map(LEAD_TIME_BUCKETS.map((b) => [b, { seen: 0, missed: 0 }]));
    for (const form of ORGANISATION_FORMS) {
      const { access } = build(form);
      for (const a of access.appointments) {
        if (a.status !== 'attended' && a.status !== 'did-not-attend') continue;
        const slot = access.slots[a.slotIndex];
        if (!slot) continue;
        const t = tally.get(leadTimeBucket(a.bookedAt.slice(0, 10), slot.startsAt.slice(0, 10)));
        if (!t) continue;
        t.seen++;
        if (a.status === 'did-not-attend') t.missed++;
      }
    }
    const rate = (b: (typeof LEAD_TIME_BUCKETS)[number]) => {
      const t = tally.get(b) ?? { seen: 0, missed: 0 };
      return t.missed / Math.max(1, t.seen);
    };
    const overall =
      [...tally.values()].reduce((n, t) => n + t.missed, 0) /
      [...tally.values()].reduce((n, t) => n + t.seen, 0);
    expect(overall).toBeGreaterThan(0.01);
    expect(overall).toBeLessThan(0.1);
    expect(rate('later')).toBeGreaterThan(rate('same-day'));
  });

  it('converts about a third of triaged clinical requests to face-to-face', () => {
    const triaged = ORGANISATION_FORMS.flatMap((form) =>
      build(form).access.requests.filter((r) => r.kind === 'clinical' && r.outcome !== null),
    );
    const f2f = triaged.filter((r) => r.outcome && OUTCOME_RULES[r.outcome].faceToFace).length;
    expect(f2f / triaged.length).toBeGreaterThan(0.28);
    expect(f2f / triaged.length).toBeLessThan(0.42);
    // Triaged requests that were booked are still triaged; others are closed.
    const { access } = build('autonomy-super-partnership');
    const booked = new Set(access.appointments.map((a) => a.requestIndex));
    access.requests.forEach((r, i) => {
      if (r.status === 'triaged') {
        expect(r.outcome && OUTCOME_RULES[r.outcome].needsAppointment).toBe(true);
        if (Date.parse(r.receivedAt) < Date.parse(englandTimeToInstant(TODAY, '00:00'))) {
          expect(booked.has(i)).toBe(true);
        }
      }
      if (r.status === 'closed') expect(r.closedAt).not.toBeNull();
    });
  });

  it('gives the hub form a hub with thresholds, and one referral before the threshold', () => {
    const { plan, access } = build('hub-network');
    expect(access.hubs).toHaveLength(1);
    expect(access.hubs[0]?.practices).toHaveLength(plan.totals.memberPractices);
    expect(access.hubSessions.length).toBeGreaterThan(5);
    const hubSlots = new Set(access.slots.flatMap((s, i) => (s.hubIndex === null ? [] : [i])));
    const hubBookings = access.appointments.filter((a) => hubSlots.has(a.slotIndex));
    expect(hubBookings.length).toBeGreaterThan(0);
    expect(hubBookings.some((a) => a.hubOverrideReason !== null)).toBe(true);
    // No other form has a hub.
    expect(build('federation').access.hubs).toEqual([]);
  });

  it('routes the pyramidal form’s requests to its call centres', () => {
    const { access } = build('pyramidal-super-partnership');
    expect(access.requestRouting).toBe('centre');
    expect(access.triageTeams.length).toBeGreaterThan(0);
    expect(access.requests.every((r) => r.triageTeamIndex !== null)).toBe(true);
    const own = build('autonomy-super-partnership').access;
    expect(own.requestRouting).toBe('practice');
    expect(own.requests.every((r) => r.triageTeamIndex === null)).toBe(true);
  });

  it('books patients at another practice’s site only where the form allows it', () => {
    for (const form of ORGANISATION_FORMS) {
      const { access } = build(form);
      for (const slot of access.slots) {
        if (slot.visibility === 'organisation') expect(policyFor(form).bookAtAnySite).toBe(true);
      }
      for (const a of access.appointments) {
        const slot = access.slots[a.slotIndex];
        if (slot?.visibility === 'practice') {
          expect(a.patient.practiceIndex).toBe(slot.site.practiceIndex);
        }
      }
    }
  });

  it('has a walk-in queue with today’s tickets, numbered from 1', () => {
    const { access } = build('integrated-super-partnership');
    expect(access.walkInQueues).toHaveLength(1);
    // The integrated form's open-access blood tests are at its own central site.
    expect(access.walkInQueues[0]?.site.practiceIndex).toBeNull();
    const tickets = access.walkInTickets;
    expect(tickets.map((t) => t.number)).toEqual(tickets.map((_, i) => i + 1));
    expect(tickets.some((t) => t.status === 'waiting')).toBe(true);
    expect(tickets.every((t) => Date.parse(t.issuedAt) <= Date.parse(NOW))).toBe(true);
  });
});
