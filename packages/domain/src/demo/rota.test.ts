import { describe, expect, it } from 'vitest';
import { ORGANISATION_FORMS } from '../org/organisation-forms.js';
import { PERIOD_TIMES, englandTimeToInstant } from '../workforce/periods.js';
import { rankPractices, resilienceScore } from '../workforce/resilience.js';
import { registrationProblem, REGISTRATION_BODY } from '../workforce/registration.js';
import {
  clashBetween,
  roleCovers,
  sessionGaps,
  type RotaSession,
  type RotaSite,
} from '../workforce/rota.js';
import { directionOf } from '../workforce/ladder.js';
import { CAREER_GRADES } from '../workforce/staff.js';
import { demoPlan } from './plan.js';
import { demoSiteKey, mondayOf, practiceFacts, rotaSessionsOf } from './rota.js';
import type { DemoPlan } from './types.js';

// A Monday in winter, and a Wednesday the week the clocks go back (BST to GMT on 25 October).
const TODAY = '2026-11-23';
const CLOCKS_CHANGE = '2026-10-28';

const small = (form: (typeof ORGANISATION_FORMS)[number], today = TODAY, seed = 1) =>
  demoPlan({ scale: 'small', form, today, seed });

function sitesOf(plan: DemoPlan): (id: string) => RotaSite {
  const sites = new Map<string, RotaSite>();
  for (const p of plan.practices) {
    for (const [siteIndex, s] of p.sites.entries()) {
      const id = demoSiteKey({ practiceIndex: p.index, siteIndex });
      sites.set(id, { id, latitude: s.latitude, longitude: s.longitude });
    }
  }
  plan.organisationSites.forEach((s, siteIndex) => {
    const id = demoSiteKey({ practiceIndex: null, siteIndex });
    sites.set(id, { id, latitude: s.latitude, longitude: s.longitude });
  });
  return (id) => {
    const site = sites.get(id);
    if (!site) throw new Error(`no site ${id}`);
    return site;
  };
}

/** Every pair of one person's sessions that the domain's rule says they cannot both work. */
function clashes(plan: DemoPlan): string[] {
  const sessions = rotaSessionsOf(plan.workforce.sessions);
  const siteOf = sitesOf(plan);
  const byPerson = new Map<number, RotaSession[]>();
  for (const a of plan.workforce.assignments) {
    const session = sessions[a.sessionIndex];
    if (session) byPerson.set(a.staffIndex, [...(byPerson.get(a.staffIndex) ?? []), session]);
  }
  const found: string[] = [];
  for (const [staffIndex, own] of byPerson) {
    const sorted = own.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const [a, b] = [sorted[i], sorted[j]] as [RotaSession, RotaSession];
        // Sessions a day or more apart cannot clash.
        if (Date.parse(b.startsAt) - Date.parse(a.endsAt) > 86_400_000) break;
        const why = clashBetween(a, b, siteOf);
        if (why) found.push(`${String(staffIndex)}: ${a.startsAt} ${b.startsAt}: ${why}`);
      }
    }
  }
  return found;
}

function gapsOf(plan: DemoPlan) {
  const sessions = rotaSessionsOf(plan.workforce.sessions);
  return sessionGaps(
    sessions,
    plan.workforce.assignments.map((a) => ({
      sessionId: String(a.sessionIndex),
      staffId: String(a.staffIndex),
    })),
    plan.workforce.absences.map((a) => ({ ...a, staffId: String(a.staffIndex) })),
  );
}

function scores(plan: DemoPlan, on = plan.today) {
  const w = plan.workforce;
  const asRota = rotaSessionsOf(w.sessions);
  return plan.practices
    .slice(0, plan.totals.memberPractices)
    .map((p) =>
      resilienceScore(
        practiceFacts(plan, p.index, w.sessions, asRota, w.assignments, w.absences),
        on,
      ),
    );
}

describe('the demo workforce', () => {
  const plan = small('autonomy-super-partnership');
  const w = plan.workforce;

  it('is the same for the same seed and day, and moves with the day', () => {
    expect(JSON.stringify(small('autonomy-super-partnership').workforce)).toBe(JSON.stringify(w));
    expect(w.rotaFrom).toBe('2026-11-09');
    expect(w.rotaTo).toBe('2027-01-03');
    const later = small('autonomy-super-partnership', '2026-12-02');
    expect(later.workforce.rotaFrom).toBe('2026-11-16');
    // The register is as of the plan's date whatever the rota's day.
    expect(later.staff.map((s) => s.fullName)).toEqual(plan.staff.map((s) => s.fullName));
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
  });

  it('gives registered roles a number their register accepts, and skills', () => {
    for (const person of plan.staff) {
      const registered = REGISTRATION_BODY[person.staffRole] !== null;
      expect(person.registrationNumber !== null, person.staffRole).toBe(registered);
      expect(registrationProblem(person.staffRole, person.registrationNumber)).toBeNull();
    }
    const numbers = plan.staff.flatMap((s) => s.registrationNumber ?? []);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(plan.staff.filter((s) => s.staffRole === 'gp').every((s) => s.skills.length > 0)).toBe(
      true,
    );
  });

  it('records GPs who moved up the ladder, one who moved down, ending at their grade', () => {
    const moves = w.gradeChanges;
    expect(moves.length).toBeGreaterThan(0);
    const ladder = [...CAREER_GRADES];
    const directions = moves.map((m) => directionOf(ladder, m.from, m.to));
    expect(directions.filter((d) => d === 'down')).toHaveLength(1);
    expect(directions.filter((d) => d === 'up').length).toBeGreaterThan(1);
    for (const [staffIndex, person] of plan.staff.entries()) {
      const own = moves.filter((m) => m.staffIndex === staffIndex);
      if (own.length === 0) continue;
      expect(person.staffRole).toBe('gp');
      expect(own.at(-1)?.to).toBe(person.grade);
      expect(own.every((m) => m.on <= plan.asOf && m.on >= person.startedOn)).toBe(true);
    }
  });

  it('plans eight weeks of weekday mornings and afternoons, and a few unpopular evenings', () => {
    const dates = new Set(w.sessions.map((s) => s.date));
    expect([...dates].every((d) => w.rotaFrom <= d && d <= w.rotaTo)).toBe(true);
    expect(dates.size).toBe(40);
    const evenings = w.sessions.filter((s) => s.period === 'evening');
    expect(evenings.length).toBeGreaterThan(0);
    expect(evenings.every((s) => s.unpopular)).toBe(true);
    expect(evenings.length / w.sessions.length).toBeLessThan(0.1);
    for (const s of w.sessions.slice(0, 200)) {
      expect(s.startsAt).toBe(englandTimeToInstant(s.date, PERIOD_TIMES[s.period].start));
    }
    const roles = new Set(w.sessions.map((s) => s.requiredRole));
    expect([...roles]).toEqual(expect.arrayContaining(['gp', 'practice-nurse', 'hca']));
    // Each rostered person is on the right role's session with the skills it asks for.
    for (const a of w.assignments) {
      const session = w.sessions[a.sessionIndex];
      const person = plan.staff[a.staffIndex];
      expect(session && person && roleCovers(person.staffRole, session.requiredRole)).toBe(true);
      expect(session?.requiredSkills.every((skill) => person?.skills.includes(skill))).toBe(true);
    }
  });

  it('never rosters anyone twice at once or without time to travel between sites', () => {
    expect(clashes(plan)).toEqual([]);
    // Across the clocks changing too, and in every form.
    expect(clashes(small('hub-network', CLOCKS_CHANGE))).toEqual([]);
    expect(clashes(demoPlan({ scale: 'ohp', today: TODAY }))).toEqual([]);
    const keys = new Set(
      w.assignments.map((a) => `${String(a.staffIndex)}|${String(a.sessionIndex)}`),
    );
    expect(keys.size).toBe(w.assignments.length);
  }, 60_000);

  it('leaves gaps: people on leave or off sick, and sessions nobody is on', () => {
    const gaps = gapsOf(plan);
    expect(gaps.some((g) => g.absentStaffIds.length > 0)).toBe(true);
    const onSessions = new Set(w.assignments.map((a) => a.sessionIndex));
    expect(gaps.some((g) => !onSessions.has(Number(g.session.id)))).toBe(true);
    expect(gaps.some((g) => (w.sessions[Number(g.session.id)]?.date ?? '') >= TODAY)).toBe(true);
    // Sickness is only known up to today; leave is booked ahead.
    const sickness = w.absences.filter((a) => a.kind === 'sickness');
    expect(sickness.length).toBeGreaterThan(0);
    expect(sickness.every((a) => a.startsOn <= TODAY)).toBe(true);
    expect(w.absences.some((a) => a.kind === 'annual-leave' && a.startsOn > TODAY)).toBe(true);
  });

  it('has locum and salaried pools, available in the weeks ahead, that can fill future gaps', () => {
    expect(new Set(w.poolMembers.map((m) => m.pool))).toEqual(new Set(['locum', 'salaried']));
    for (const m of w.poolMembers) {
      expect(m.pencePerSession).toBeGreaterThan(0);
      expect(m.joinedOn <= w.rotaFrom).toBe(true);
    }
    expect(w.poolAvailability.every((a) => a.date >= TODAY && a.date <= w.rotaTo)).toBe(true);
    const sources = new Set(w.assignments.map((a) => a.source));
    expect(sources).toEqual(new Set(['rota', 'pool', 'resilience']));
    // At least one gap ahead that an available pool member could take.
    const fillable = gapsOf(plan).filter((g) => {
      const session = w.sessions[Number(g.session.id)];
      if (!session || session.date < TODAY) return false;
      return w.poolMembers.some((m) => {
        const person = plan.staff[m.staffIndex];
        return (
          person !== undefined &&
          roleCovers(person.staffRole, session.requiredRole) &&
          session.requiredSkills.every((s) => person.skills.includes(s)) &&
          w.poolAvailability.some(
            (a) =>
              a.staffIndex === m.staffIndex &&
              a.date === session.date &&
              a.period === session.period,
          )
        );
      });
    });
    expect(fillable.length).toBeGreaterThan(0);
  });

  it('puts one practice in crisis, GPs off sick and the resilience team deployed', () => {
    expect(w.crises).toHaveLength(1);
    const [crisis] = w.crises;
    expect(crisis?.practiceIndex).toBe(w.troubledPracticeIndex);
    expect(crisis?.startsOn && crisis.startsOn <= TODAY && TODAY <= crisis.endsOn).toBe(true);
    const team = crisis?.deployedStaffIndexes ?? [];
    expect(team.length).toBeGreaterThan(0);
    expect(team.every((i) => plan.staff[i]?.resilienceTeam)).toBe(true);
    const deployed = w.assignments.filter((a) => a.source === 'resilience');
    expect(new Set(deployed.map((a) => a.staffIndex))).toEqual(new Set(team));
    for (const a of deployed) {
      const session = w.sessions[a.sessionIndex];
      expect(session?.site).toEqual({ practiceIndex: crisis?.practiceIndex, siteIndex: 0 });
      expect(session && crisis && crisis.startsOn <= session.date).toBe(true);
      expect(session && crisis && session.date <= crisis.endsOn).toBe(true);
    }
    const sickGps = w.absences.filter(
      (a) =>
        a.kind === 'sickness' &&
        a.endsOn > TODAY &&
        plan.staff[a.staffIndex]?.staffRole === 'gp' &&
        plan.staff[a.staffIndex]?.homePracticeIndex === crisis?.practiceIndex,
    );
    expect(sickGps.length).toBeGreaterThanOrEqual(2);
  });

  it('makes the practice in trouble the worst on the resilience dashboard, in every form', () => {
    for (const form of ORGANISATION_FORMS) {
      for (const seed of [1, 2]) {
        const p = small(form, TODAY, seed);
        const ranked = rankPractices(scores(p));
        const troubled = String(p.workforce.troubledPracticeIndex);
        expect(ranked[0]?.practiceId, `${form} seed ${String(seed)}`).toBe(troubled);
        expect(ranked[0]?.score, form).toBeLessThan(ranked[1]?.score ?? 0);
      }
    }
  }, 60_000);

  it('keeps tiny small: no crisis, no resilience team, a pool', () => {
    const tiny = demoPlan({ scale: 'tiny', today: TODAY });
    expect(tiny.workforce.crises).toEqual([]);
    expect(tiny.staff.some((s) => s.resilienceTeam)).toBe(false);
    expect(tiny.workforce.sessions.length).toBeLessThan(600);
    expect(tiny.workforce.poolMembers.length).toBeGreaterThan(0);
    expect(clashes(tiny)).toEqual([]);
    expect(gapsOf(tiny).length).toBeGreaterThan(0);
  });
});
