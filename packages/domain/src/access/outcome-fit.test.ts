import { describe, expect, it } from 'vitest';
import { outcomeFitProblem, type OutcomeFitSlot } from './outcome-fit.js';
import { OUTCOME_RULES, TRIAGE_OUTCOMES, type TriageOutcome } from './triage.js';

const home = 'practice-home';
const slot = (over: Partial<OutcomeFitSlot> = {}): OutcomeFitSlot => ({
  channel: 'in-person',
  service: 'gp',
  practiceId: home,
  hubId: null,
  siteName: 'Riverside Surgery',
  ...over,
});
const fit = (outcome: TriageOutcome | null, s: OutcomeFitSlot, overrideReason?: string) =>
  outcomeFitProblem({ outcome, slot: s, patientPracticeId: home, overrideReason });

describe('outcomeFitProblem', () => {
  it('refuses a slot in another channel than the outcome asks for, saying both', () => {
    expect(fit('telephone', slot())).toBe(
      'The triage outcome "Telephone consultation" asks for a telephone slot, but this is an in-person GP slot at Riverside Surgery (the patient’s own practice): choose a slot that fits, or give a reason to book this one anyway',
    );
    expect(fit('video', slot({ channel: 'telephone' }))).toMatch(
      /asks for a video slot, but this is a telephone GP slot/,
    );
    expect(fit('face-to-face-any-site', slot({ channel: 'video' }))).toMatch(
      /asks for an in-person slot at any site, but this is a video GP slot/,
    );
  });

  it('allows a slot of the channel asked for, wherever the outcome lets it be', () => {
    expect(fit('telephone', slot({ channel: 'telephone' }))).toBeNull();
    expect(fit('video', slot({ channel: 'video', practiceId: 'elsewhere' }))).toBeNull();
    expect(fit('face-to-face-home', slot())).toBeNull();
    expect(fit('face-to-face-any-site', slot({ practiceId: 'elsewhere' }))).toBeNull();
    expect(fit('face-to-face-any-site', slot({ practiceId: null, hubId: 'hub' }))).toBeNull();
    expect(fit('hub', slot({ practiceId: null, hubId: 'hub' }))).toBeNull();
    expect(fit('specialist', slot({ service: 'msk', practiceId: 'elsewhere' }))).toBeNull();
  });

  it('keeps "face to face at their own practice" to a slot at the patient’s practice', () => {
    expect(fit('face-to-face-home', slot({ practiceId: 'elsewhere' }))).toMatch(
      /asks for an in-person slot at the patient’s own practice, but this is an in-person GP slot at Riverside Surgery \(another practice’s site\)/,
    );
    expect(fit('face-to-face-home', slot({ practiceId: null, hubId: 'hub' }))).toMatch(/\(a hub\)/);
  });

  it('keeps a hub outcome to a hub’s slot and a specialist one to a specialist service', () => {
    expect(fit('hub', slot())).toMatch(/asks for an in-person slot at a hub, but this is/);
    expect(fit('specialist', slot())).toMatch(
      /asks for an in-person slot of a specialist service \(MSK \(muscles and joints\), Minor surgery, Coil fitting, Geriatric opinion\)/,
    );
  });

  it('refuses any slot for an outcome that needs no appointment', () => {
    for (const outcome of ['self-care', 'admin-done', 'urgent-care'] as const) {
      expect(fit(outcome, slot())).toMatch(/asks for no appointment/);
    }
  });

  it('does not check a request nobody has triaged yet', () => {
    expect(fit(null, slot({ channel: 'video', hubId: 'hub' }))).toBeNull();
  });

  it('lets the booker book a slot that does not fit on purpose, with a reason that says something', () => {
    expect(fit('telephone', slot(), 'Patient is deaf: seen in person instead')).toBeNull();
    expect(fit('telephone', slot(), '   ')).not.toBeNull();
  });

  it('refuses some slot for every outcome, and allows some slot for every outcome that books', () => {
    const slots = [
      slot(),
      slot({ channel: 'telephone' }),
      slot({ channel: 'video' }),
      slot({ practiceId: null, hubId: 'hub' }),
      slot({ service: 'msk' }),
    ];
    for (const outcome of TRIAGE_OUTCOMES) {
      const problems = slots.map((s) => fit(outcome, s));
      expect(problems.some((p) => p !== null)).toBe(true);
    }
    for (const outcome of TRIAGE_OUTCOMES.filter((o) => OUTCOME_RULES[o].needsAppointment)) {
      expect(slots.some((s) => fit(outcome, s) === null)).toBe(true);
    }
  });
});
