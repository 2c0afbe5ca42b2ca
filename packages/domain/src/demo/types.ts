import type { SiteService } from '../org/site.js';
import type { DueDiligenceItem } from '../org/due-diligence.js';
import type { ContractHolding, SigningDocument } from '../org/form-policy.js';
import type { IsoDate } from '../org/iso-date.js';
import type { ListSizeCount } from '../org/list-size.js';
import type { MembershipStage } from '../org/membership.js';
import type { OrganisationForm } from '../org/organisation-forms.js';
import type { CareerGrade, EmployingBody, StaffRole } from '../workforce/staff.js';
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
