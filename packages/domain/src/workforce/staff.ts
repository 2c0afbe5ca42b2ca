/** What a member of staff does (WF-1). Stored in `staff_member.staff_role`. */
export const STAFF_ROLES = [
  'gp',
  'anp',
  'practice-nurse',
  'hca',
  'phlebotomist',
  'clinical-pharmacist',
  'physician-associate',
  'practice-manager',
  'care-navigator',
  'administrator',
] as const;

/** One staff role. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Human-readable names of the staff roles. */
export const STAFF_ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  gp: 'GP',
  anp: 'Advanced nurse practitioner',
  'practice-nurse': 'Practice nurse',
  hca: 'Healthcare assistant',
  phlebotomist: 'Phlebotomist',
  'clinical-pharmacist': 'Clinical pharmacist',
  'physician-associate': 'Physician associate',
  'practice-manager': 'Practice manager',
  'care-navigator': 'Care navigator',
  administrator: 'Administrator',
};

/** The career ladder, lowest rung first; moves go up and down it (source 004). */
export const CAREER_GRADES = [
  'salaried-gp',
  'associate-gp',
  'salaried-partner',
  'fixed-share-partner',
  'equity-partner',
] as const;

/** One rung of the career ladder. */
export type CareerGrade = (typeof CAREER_GRADES)[number];

/** Human-readable names of the grades. */
export const CAREER_GRADE_LABELS: Readonly<Record<CareerGrade, string>> = {
  'salaried-gp': 'Salaried GP',
  'associate-gp': 'Associate GP',
  'salaried-partner': 'Salaried partner',
  'fixed-share-partner': 'Fixed-share partner',
  'equity-partner': 'Equity partner',
};

const PARTNER_GRADES: ReadonlySet<CareerGrade> = new Set([
  'salaried-partner',
  'fixed-share-partner',
  'equity-partner',
]);

/** True for the grades that make someone a partner of the practice (and so of the organisation). */
export function isPartnerGrade(grade: CareerGrade | null): boolean {
  return grade !== null && PARTNER_GRADES.has(grade);
}

/** Who employs a member of staff: their practice, the organisation centrally, or nobody (a locum). */
export type EmployingBody = 'practice' | 'organisation' | 'self-employed';
