import { describe, expect, it } from 'vitest';
import { dueDiligenceSummary } from '../org/due-diligence.js';
import { policyFor } from '../org/form-policy.js';
import { isValidNhsNumber } from '../org/nhs-number.js';
import { ORGANISATION_FORMS } from '../org/organisation-forms.js';
import { siteProblems } from '../org/site.js';
import { isPartnerGrade } from '../workforce/staff.js';
import { ENGLAND_POPULATION_MID_2021 } from './england-population.js';
import { demoProfile } from './forms.js';
import { fitListSizes } from './list-sizes.js';
import { DEMO_AS_OF, demoPlan, demoPlansForStart, demoSeedProblem } from './plan.js';
import { fnv1a32 } from './random.js';
import type { DemoPatient, DemoPlan } from './types.js';

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$/;

/** The plan without its generator functions, as comparable data. */
const structure = (plan: DemoPlan) => JSON.stringify(plan);

const patientLine = (p: DemoPatient) => Object.values(p).join('|');

/** A hash of every patient, one pass. */
function fingerprint(patients: Iterable<DemoPatient>): number {
  let hash = 0;
  for (const p of patients) hash = fnv1a32(`${hash}|${patientLine(p)}`);
  return hash;
}

describe('the ohp demo plan', () => {
  const plan = demoPlan({ scale: 'ohp', seed: 1 });
  const members = plan.practices.filter((p) => p.membership.stage === 'member');

  it('is an autonomy super-partnership of 40 practices, 34 urban and 6 rural', () => {
    expect(plan.organisation).toMatchObject({
      name: 'Demo Health Partnership',
      form: 'autonomy-super-partnership',
    });
    expect(plan.totals.memberPractices).toBe(40);
    expect(members).toHaveLength(40);
    expect(members.filter((p) => p.setting === 'urban')).toHaveLength(34);
    expect(members.filter((p) => p.setting === 'rural')).toHaveLength(6);
    expect(new Set(plan.practices.map((p) => p.odsCode)).size).toBe(plan.practices.length);
    expect(new Set(plan.practices.map((p) => p.name)).size).toBe(plan.practices.length);
  });

  it('has list sizes from 1,500 to 26,000 that sum to 340,000 (±1%)', () => {
    const sizes = members.map((p) => p.listSize);
    expect(Math.min(...sizes)).toBe(1_500);
    expect(Math.max(...sizes)).toBe(26_000);
    const sum = sizes.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 340_000)).toBeLessThanOrEqual(3_400);
    expect(plan.totals.patients).toBe(sum);
    for (const p of members) {
      expect(p.listSizes).toHaveLength(8);
      expect(p.listSizes.at(-1)).toEqual({ date: DEMO_AS_OF, listSize: p.listSize });
    }
  });

  it('generates every patient with a valid, unique 999 NHS number and England’s age mix', () => {
    const seen = new Set<string>();
    const byPractice = new Map<number, number>();
    const ages = new Array<number>(19).fill(0);
    let males = 0;
    let count = 0;
    const asOfYear = Number(DEMO_AS_OF.slice(0, 4));
    for (const p of plan.patients()) {
      count++;
      if (!isValidNhsNumber(p.nhsNumber) || !p.nhsNumber.startsWith('999')) {
        throw new Error(`bad NHS number ${p.nhsNumber}`);
      }
      seen.add(p.nhsNumber);
      byPractice.set(p.practiceIndex, (byPractice.get(p.practiceIndex) ?? 0) + 1);
      if (!POSTCODE.test(p.postcode)) throw new Error(`bad postcode ${p.postcode}`);
      if (p.registeredOn < p.dateOfBirth || p.registeredOn > DEMO_AS_OF) {
        throw new Error(`registered ${p.registeredOn}, born ${p.dateOfBirth}`);
      }
      const age = asOfYear - Number(p.dateOfBirth.slice(0, 4));
      ages[Math.min(18, Math.floor(age / 5))] = (ages[Math.min(18, Math.floor(age / 5))] ?? 0) + 1;
      if (p.sex === 'male') males++;
    }
    expect(count).toBe(plan.totals.patients);
    expect(seen.size).toBe(count);
    for (const p of plan.practices) expect(byPractice.get(p.index) ?? 0).toBe(p.listSize);
    // Each five-year band within half a percentage point of England's share (birthdays move a
    // few people across band edges, so not exactly).
    const england = ENGLAND_POPULATION_MID_2021.map((b) => b.males + b.females);
    const total = england.reduce((a, b) => a + b, 0);
    england.forEach((people, band) => {
      expect(Math.abs((ages[band] ?? 0) / count - people / total)).toBeLessThan(0.005);
    });
    expect(males / count).toBeGreaterThan(0.48);
    expect(males / count).toBeLessThan(0.5);
  });

  it('gives each member 1-3 sites in England, one of them main, and partners among its staff', () => {
    for (const p of plan.practices) {
      expect(p.sites.length).toBeGreaterThanOrEqual(1);
      expect(p.sites.length).toBeLessThanOrEqual(3);
      expect(p.sites.filter((s) => s.isMain)).toHaveLength(1);
      for (const s of p.sites) {
        expect(s.latitude).toBeGreaterThan(49.9);
        expect(s.latitude).toBeLessThan(55.8);
        expect(s.longitude).toBeGreaterThan(-6.4);
        expect(s.longitude).toBeLessThan(1.8);
        expect(s.postcode).toMatch(POSTCODE);
      }
      const staff = plan.staff.filter((s) => s.homePracticeIndex === p.index);
      if (p.membership.stage === 'member') {
        expect(staff.some((s) => s.staffRole === 'gp' && isPartnerGrade(s.grade))).toBe(true);
        expect(staff.some((s) => s.staffRole === 'practice-manager')).toBe(true);
      } else {
        expect(staff).toEqual([]);
      }
    }
    expect(plan.costCentreMerges).toHaveLength(1);
  });

  it('keeps prospective practices out of the patient count', () => {
    const prospects = plan.practices.filter((p) => p.membership.stage !== 'member');
    expect(prospects.map((p) => p.membership.stage)).toEqual([
      'enquiry',
      'due-diligence',
      'decision',
    ]);
    for (const p of prospects) {
      expect(p.listSize).toBe(0);
      expect([...plan.patientsOf(p.index)]).toEqual([]);
    }
  });

  it('is the same for the same seed and different for another', () => {
    const again = demoPlan({ scale: 'ohp', seed: 1 });
    expect(structure(again)).toBe(structure(plan));
    expect(fingerprint(again.patients())).toBe(fingerprint(plan.patients()));
    const other = demoPlan({ scale: 'ohp', seed: 2 });
    expect(structure(other)).not.toBe(structure(plan));
    expect(fingerprint(other.patientsOf(0))).not.toBe(fingerprint(plan.patientsOf(0)));
  }, 30_000);

  it('generates any practice’s patients alone, the same as in the whole run', () => {
    const alone = [...plan.patientsOf(5)].map(patientLine);
    const inRun: string[] = [];
    for (const p of plan.patients()) {
      if (p.practiceIndex > 5) break;
      if (p.practiceIndex === 5) inRun.push(patientLine(p));
    }
    expect(inRun).toEqual(alone);
  });
});

describe('the tiny and small demo plans', () => {
  it('tiny: three known practices, a few hundred patients and the three demo users', () => {
    const plan = demoPlan({ scale: 'tiny' });
    expect(plan.practices.map((p) => [p.odsCode, p.name])).toEqual([
      ['Y90001', 'Riverside Surgery'],
      ['Y90002', 'Hillview Medical Centre'],
      ['Y90003', 'Marsh Lane Practice'],
    ]);
    expect(plan.totals.patients).toBe(300);
    expect(plan.users.map((u) => [u.key, u.email, u.grants])).toEqual([
      [
        'admin',
        'demo@atscale.test',
        [
          { role: 'org-admin', practiceIndex: null },
          { role: 'central-operations', practiceIndex: null },
          { role: 'practice-manager', practiceIndex: 0 },
        ],
      ],
      ['clinician', 'clinician@atscale.test', [{ role: 'clinician', practiceIndex: 0 }]],
      ['navigator', 'navigator@atscale.test', [{ role: 'care-navigator', practiceIndex: 1 }]],
      ['workforce', 'workforce@atscale.test', [{ role: 'central-workforce', practiceIndex: null }]],
      ['finance', 'finance@atscale.test', [{ role: 'central-finance', practiceIndex: null }]],
    ]);
    // The end-to-end journey looks up the first test number at the first practice.
    expect(plan.patientsOf(0).next().value?.nhsNumber).toBe('9990000018');
  });

  it('small: five members with 30,000 patients and a pipeline of three prospects', () => {
    const plan = demoPlan({ scale: 'small' });
    expect(plan.totals).toMatchObject({
      memberPractices: 5,
      prospectivePractices: 3,
      patients: 30_000,
    });
    const stage = (s: string) => plan.practices.find((p) => p.membership.stage === s);
    const dueDiligence = stage('due-diligence')?.membership.dueDiligence ?? [];
    expect(dueDiligence.some((d) => d.rating !== null)).toBe(true);
    expect(dueDiligenceSummary(dueDiligence).complete).toBe(false);
    expect(dueDiligenceSummary(stage('decision')?.membership.dueDiligence ?? []).complete).toBe(
      true,
    );
    for (const p of plan.practices) {
      expect(p.membership.history.at(-1)).toMatchObject({
        to: p.membership.stage,
        on: p.membership.stageSince,
      });
    }
    expect(plan.costCentres.map((c) => c.code)).toEqual(
      plan.practices.slice(0, 5).map((p) => p.odsCode),
    );
  });
});

describe('a demo of every form', () => {
  const plans = demoPlansForStart('2026-11-23');

  it('builds one organisation of each form, each with its own name, codes and sign-in', () => {
    expect(plans.map((p) => p.form).sort()).toEqual([...ORGANISATION_FORMS].sort());
    expect(new Set(plans.map((p) => p.organisation.name)).size).toBe(plans.length);
    const codes = plans.flatMap((p) => p.practices.map((x) => x.odsCode));
    expect(new Set(codes).size).toBe(codes.length);
    const emails = plans.flatMap((p) => p.users.map((u) => u.email));
    expect(new Set(emails).size).toBe(emails.length);
    for (const plan of plans) {
      expect(plan.practices[0]?.odsCode).toMatch(/^Y9\d001$/);
      expect(plan.users[0]?.email).toBe(demoProfile(plan.form).users[0]?.email);
      for (const p of plan.practices) {
        expect(p.contractHolding).toBe(policyFor(plan.form).contractHolding);
      }
      const signed = plan.practices.filter((p) => p.membership.stage === 'member');
      for (const p of signed) {
        expect(p.membership.signingDocument).toBe(policyFor(plan.form).signingDocument);
      }
      const perCostCentre = policyFor(plan.form).profit === 'per-cost-centre';
      expect(plan.costCentres.length > 0).toBe(perCostCentre);
    }
  });

  it('gives every organisation sites that the site rules accept', () => {
    for (const plan of plans) {
      const sites = [...plan.organisationSites, ...plan.practices.flatMap((p) => p.sites)];
      for (const site of sites) {
        const problems = siteProblems({ ...site, cqcLocationId: null });
        expect(problems, `${plan.organisation.name}: ${site.name}`).toEqual([]);
      }
    }
  });

  it('gives each organisation NHS numbers of its own', () => {
    const first = plans.map((plan) => plan.patientsOf(0).next().value?.nhsNumber);
    expect(new Set(first).size).toBe(plans.length);
  });
});

describe('demoSeedProblem', () => {
  it('accepts whole numbers up to 2^32 - 1 and refuses anything else', () => {
    expect(demoSeedProblem('0')).toBeNull();
    expect(demoSeedProblem('4294967295')).toBeNull();
    for (const bad of ['', '-1', '1.5', 'seven', '4294967296', '1e3']) {
      expect(demoSeedProblem(bad)).toMatch(/whole number/);
    }
  });
});

describe('fitListSizes', () => {
  it('keeps the shape of the draws within the bounds and hits the total exactly', () => {
    const sizes = fitListSizes([1, 2, 3, 50], 100, { min: 10, max: 40 });
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...sizes)).toBe(40);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    expect(sizes[0]).toBeLessThanOrEqual(sizes[1] ?? 0);
  });

  it('refuses a total the bounds cannot reach', () => {
    expect(() => fitListSizes([1, 1], 100, { min: 10, max: 40 })).toThrow(/cannot sum/);
  });
});
