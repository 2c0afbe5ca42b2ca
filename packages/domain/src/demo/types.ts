import type { SiteService } from '../org/site.js';
import type { DueDiligenceItem } from '../org/due-diligence.js';
import type { ContractHolding, SigningDocument } from '../org/form-policy.js';
import type { IsoDate } from '../org/iso-date.js';
import type { ListSizeCount } from '../org/list-size.js';
import type { MembershipStage } from '../org/membership.js';
import type { OrganisationForm } from '../org/organisation-forms.js';
import type { CareerGrade, EmployingBody, StaffRole } from '../workforce/staff.js';
import type { StaffSkill } from '../workforce/skills.js';
import type { DemoSex } from './england-population.js';
import type { DemoUser } from './forms.js';

/** The sizes a demo comes in: `tiny` for tests, `small` for `npm start`, `ohp` at full scale. */
export const DEMO_SCALES = ['tiny', 'small', 'ohp'] as const;

/** One demo size. */
export type DemoScale = (typeof DEMO_SCALES)[number];

/** True when the text names a demo size. */
export function isDemoScale(value: string): value is DemoScale {
  return (DEMO_SCALES as readonly string[]).includes(value);
}

/** A place where care is given. */
export interface DemoSite {
  readonly name: string;
  readonly isMain: boolean;
  readonly addressLines: readonly string[];
  readonly postcode: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Services offered there, as kebab-case words such as `minor-surgery`. */
  readonly services: readonly SiteService[];
}

/** A dated move in a practice's membership history. */
export interface DemoStageChange {
  readonly from: MembershipStage | null;
  readonly to: MembershipStage;
  readonly on: IsoDate;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly signingDocument: SigningDocument | null;
  readonly note: string | null;
}

/** A due-diligence item as assessed, with when. */
export interface DemoDueDiligenceItem extends DueDiligenceItem {
  readonly assessedOn: IsoDate;
}

/** Where a practice stands with the organisation. */
export interface DemoMembership {
  readonly stage: MembershipStage;
  readonly stageSince: IsoDate;
  readonly signingDocument: SigningDocument | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  /** Oldest first; the last move is to the current stage. */
  readonly history: readonly DemoStageChange[];
  readonly dueDiligence: readonly DemoDueDiligenceItem[];
}

/** A practice of a demo organisation: a member, or a prospect in the membership pipeline. */
export interface DemoPractice {
  /** Its position in the plan; members come first, prospects last. */
  readonly index: number;
  readonly odsCode: string;
  readonly name: string;
  readonly setting: 'urban' | 'rural';
  /** The town it is in, or the rural area. */
  readonly area: string;
  readonly contractType: 'GMS' | 'PMS' | 'APMS';
  readonly contractHolding: ContractHolding;
  readonly addressLines: readonly string[];
  readonly postcode: string;
  readonly phone: string;
  readonly openedOn: IsoDate;
  readonly region: string;
  /** Patients registered now (0 for a prospect, whose patients are not ours). */
  readonly listSize: number;
  /** Eight quarterly counts, oldest first, ending with `listSize` on the plan's date. */
  readonly listSizes: readonly ListSizeCount[];
  readonly sites: readonly DemoSite[];
  readonly membership: DemoMembership;
  /** Postcode districts its patients live in, its own first. */
  readonly patientDistricts: readonly string[];
}

/** Someone who works in the organisation; partners are GPs (or others) on a partner grade. */
export interface DemoStaffMember {
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly grade: CareerGrade | null;
  readonly employingBody: EmployingBody;
  /** The practice (by index) they are based at; null for central staff and locums. */
  readonly homePracticeIndex: number | null;
  readonly contractedSessions: number;
  readonly dateOfBirth: IsoDate;
  readonly startedOn: IsoDate;
  /** GMC, NMC or GPhC number for a registered role (synthetic, in the right format), else null. */
  readonly registrationNumber: string | null;
  readonly skills: readonly StaffSkill[];
  /** Central staff the organisation sends to a practice in crisis. */
  readonly resilienceTeam: boolean;
}

/** A site of a plan: a practice's (by practice and site index) or the organisation's own. */
export interface DemoSiteRef {
  /** The practice's index, or null for one of the plan's organisation sites. */
  readonly practiceIndex: number | null;
  /** Index in the practice's sites, or in the plan's organisation sites. */
  readonly siteIndex: number;
}

/** A move on the career ladder (staff by index in the plan's staff). */
export interface DemoGradeChange {
  readonly staffIndex: number;
  readonly from: CareerGrade | null;
  readonly to: CareerGrade;
  readonly on: IsoDate;
  readonly reason: string;
}

/** A site someone may work at beyond their home practice's. */
export interface DemoStaffSite {
  readonly staffIndex: number;
  readonly site: DemoSiteRef;
}

/** A session of the rota: a named period at a site on a day, needing someone of a role. */
export interface DemoRotaSession {
  readonly site: DemoSiteRef;
  readonly date: IsoDate;
  readonly period: 'am' | 'pm' | 'evening';
  /** Instants (ISO 8601 UTC) of the period's times in England that day. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly requiredRole: StaffRole;
  readonly requiredSkills: readonly StaffSkill[];
  readonly staffNeeded: number;
  readonly urgency: number;
  readonly unpopular: boolean;
}

/** Someone rostered on a session (both by index in the plan). */
export interface DemoAssignment {
  readonly sessionIndex: number;
  readonly staffIndex: number;
  readonly source: 'rota' | 'pool' | 'resilience';
}

/** Leave or sickness, whole days inclusive. */
export interface DemoAbsence {
  readonly staffIndex: number;
  readonly kind: 'annual-leave' | 'sickness' | 'training';
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
}

/** A member of the internal locum or salaried pool. */
export interface DemoPoolMember {
  readonly staffIndex: number;
  readonly pool: 'locum' | 'salaried';
  readonly maxSessionsPerWeek: number;
  readonly pencePerSession: number;
  readonly joinedOn: IsoDate;
}

/** When a pool member can work. */
export interface DemoPoolAvailability {
  readonly staffIndex: number;
  readonly date: IsoDate;
  readonly period: 'am' | 'pm' | 'evening';
}

/** A practice in crisis, with the resilience team deployed to it. */
export interface DemoCrisis {
  readonly practiceIndex: number;
  readonly reason: string;
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
  readonly deployedStaffIndexes: readonly number[];
}

/**
 * The workforce of a plan beyond its staff register: grade history, extra sites, eight weeks of
 * rota (two before the week of `today`, that week and five after), leave and sickness, the
 * pools and, above `tiny`, one practice in crisis with the resilience team deployed.
 */
export interface DemoWorkforce {
  /** The Monday the rota starts and the Sunday it ends. */
  readonly rotaFrom: IsoDate;
  readonly rotaTo: IsoDate;
  readonly gradeChanges: readonly DemoGradeChange[];
  readonly staffSites: readonly DemoStaffSite[];
  readonly sessions: readonly DemoRotaSession[];
  readonly assignments: readonly DemoAssignment[];
  readonly absences: readonly DemoAbsence[];
  readonly poolMembers: readonly DemoPoolMember[];
  readonly poolAvailability: readonly DemoPoolAvailability[];
  readonly crises: readonly DemoCrisis[];
  /** The member practice in trouble (index), or null (at `tiny`). */
  readonly troubledPracticeIndex: number | null;
}

/** A cost centre, by its code. */
export interface DemoCostCentre {
  readonly code: string;
  readonly name: string;
}

/** A practice's cost centre from a date. */
export interface DemoCostCentreAssignment {
  readonly practiceIndex: number;
  readonly costCentreCode: string;
  readonly effectiveFrom: IsoDate;
}

/** Cost centres that merged into one from a date (ORG-3). */
export interface DemoCostCentreMerge {
  readonly fromCodes: readonly string[];
  readonly intoCode: string;
  readonly effectiveFrom: IsoDate;
  readonly reason: string;
}

/** A synthetic patient on a practice's register. */
export interface DemoPatient {
  readonly practiceIndex: number;
  /** From the 999 test range: a valid check digit, never issued to a real person. */
  readonly nhsNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: IsoDate;
  readonly sex: DemoSex;
  readonly postcode: string;
  readonly registeredOn: IsoDate;
  readonly contactPhone: string | null;
  readonly contactEmail: string | null;
  readonly contactPreference: 'phone' | 'sms' | 'email' | 'letter' | null;
}

/** Counts of what a plan holds. */
export interface DemoTotals {
  readonly memberPractices: number;
  readonly prospectivePractices: number;
  readonly patients: number;
  readonly sites: number;
  readonly staff: number;
  readonly partners: number;
}

/**
 * A whole demo organisation, decided but not yet written: everything but the patients is held
 * in memory; the patients are generated a practice at a time when asked for, so 340,000 of them
 * are never held at once. The same (scale, seed, form, date) always gives the same plan.
 */
export interface DemoPlan {
  readonly scale: DemoScale;
  readonly seed: number;
  readonly form: OrganisationForm;
  /** The day the demo describes: the latest list size count, ages and stages are as of it. */
  readonly asOf: IsoDate;
  /** The day the rota is built around (its third week contains it); `asOf` unless given. */
  readonly today: IsoDate;
  readonly organisation: {
    readonly name: string;
    readonly form: OrganisationForm;
    readonly startedOn: IsoDate;
    readonly formChangeReason: string;
  };
  readonly practices: readonly DemoPractice[];
  /** Sites of the whole organisation, belonging to no one practice (a hub, a call centre). */
  readonly organisationSites: readonly DemoSite[];
  readonly staff: readonly DemoStaffMember[];
  readonly workforce: DemoWorkforce;
  readonly costCentres: readonly DemoCostCentre[];
  readonly costCentreAssignments: readonly DemoCostCentreAssignment[];
  readonly costCentreMerges: readonly DemoCostCentreMerge[];
  readonly users: readonly DemoUser[];
  readonly totals: DemoTotals;
  /** The patients of one practice, generated on demand, in NHS number order. */
  patientsOf(practiceIndex: number): Generator<DemoPatient, void, undefined>;
  /** Every patient, practice by practice. */
  patients(): Generator<DemoPatient, void, undefined>;
}
