import { describe, expect, it } from 'vitest';
import { holdExpiresAt, leadTimeBucket, placesLeft, visibilityProblem } from './booking.js';
import { redFlagAdvice } from './red-flags.js';
import { foldName, matchPatient } from './requests.js';
import { routeRequest } from './routing.js';
import { cutSlots } from './slots.js';

describe('red flags', () => {
  it('sends anyone with a red flag away, to 999 when any flag calls for it', () => {
    expect(redFlagAdvice([])).toBeNull();
    expect(redFlagAdvice(['severe-pain'])).toBe('111');
    expect(redFlagAdvice(['severe-pain', 'chest-pain'])).toBe('999');
  });
});

describe('finding the patient', () => {
  it('never guesses between two candidates', () => {
    expect(matchPatient([])).toEqual({ problem: 'none' });
    expect(matchPatient([{ id: 'a' }, { id: 'b' }])).toEqual({ problem: 'ambiguous' });
    expect(matchPatient([{ id: 'a' }])).toEqual({ patient: { id: 'a' } });
  });

  it('folds names so that case, accents and hyphens do not matter', () => {
    expect(foldName("O'Brien-Smith")).toBe(foldName('obriensmith'));
    expect(foldName('Zoë')).toBe('zoe');
  });
});

describe('routing', () => {
  const callCentres = [
    { id: 'central', region: null },
    { id: 'north', region: 'North' },
  ];
  it('routes to the practice, or to the regional then the central call centre', () => {
    expect(
      routeRequest({ routing: 'practice', practiceId: 'p', practiceRegion: 'North', callCentres }),
    ).toEqual({ kind: 'practice', practiceId: 'p' });
    expect(
      routeRequest({ routing: 'centre', practiceId: 'p', practiceRegion: 'North', callCentres }),
    ).toEqual({ kind: 'call-centre', triageTeamId: 'north' });
    expect(
      routeRequest({ routing: 'centre', practiceId: 'p', practiceRegion: 'South', callCentres }),
    ).toEqual({ kind: 'call-centre', triageTeamId: 'central' });
    expect(
      routeRequest({ routing: 'centre', practiceId: 'p', practiceRegion: null, callCentres: [] }),
    ).toEqual({ kind: 'practice', practiceId: 'p' });
  });
});

describe('slots', () => {
  it('cuts a session into whole slots and leaves the remainder as catch-up', () => {
    const slots = cutSlots(
      { startsAt: '2026-11-23T08:00:00Z', endsAt: '2026-11-23T09:05:00Z' },
      15,
    );
    expect(slots).toHaveLength(4);
    expect(slots[3]).toEqual({
      startsAt: '2026-11-23T08:45:00.000Z',
      endsAt: '2026-11-23T09:00:00.000Z',
    });
    expect(() => cutSlots({ startsAt: 'x', endsAt: 'y' }, 2)).toThrow(/at least 5/);
  });
});

describe('booking rules', () => {
  const slot = {
    visibility: 'practice',
    practiceId: 'p1',
    hubId: null,
    capacity: 1,
    overbooked: 0,
    taken: 0,
  } as const;
  const context = { bookAtAnySite: false, hubPracticeIds: ['p1', 'p2'] };

  it("keeps a practice's own slots for its own patients", () => {
    expect(visibilityProblem(slot, { practiceId: 'p1' }, context)).toBeNull();
    expect(visibilityProblem(slot, { practiceId: 'p2' }, context)).toMatch(/only for patients/);
  });

  it('opens organisation-wide slots to every patient only where the form allows', () => {
    const wide = { ...slot, visibility: 'organisation' } as const;
    expect(visibilityProblem(wide, { practiceId: 'p2' }, context)).toMatch(/form does not allow/);
    expect(
      visibilityProblem(wide, { practiceId: 'p2' }, { ...context, bookAtAnySite: true }),
    ).toBeNull();
  });

  it("opens hub slots to the hub's practices", () => {
    const hub = { ...slot, visibility: 'hub', practiceId: null, hubId: 'h' } as const;
    expect(visibilityProblem(hub, { practiceId: 'p2' }, context)).toBeNull();
    expect(visibilityProblem(hub, { practiceId: 'p3' }, context)).toMatch(/does not share/);
  });

  it('counts places, holds and lead times', () => {
    expect(placesLeft({ ...slot, capacity: 2, taken: 1 })).toBe(1);
    expect(placesLeft({ ...slot, taken: 2, overbooked: 1 })).toBe(0);
    expect(holdExpiresAt('2026-11-23T08:00:00Z', 5)).toBe('2026-11-23T08:05:00.000Z');
    expect(leadTimeBucket('2026-11-23', '2026-11-23')).toBe('same-day');
    expect(leadTimeBucket('2026-11-23', '2026-11-24')).toBe('next-day');
    expect(leadTimeBucket('2026-11-23', '2026-11-30')).toBe('2-7-days');
    expect(leadTimeBucket('2026-11-23', '2026-12-01')).toBe('later');
  });
});
