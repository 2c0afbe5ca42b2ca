import type { Principal } from './principal.js';
import { ROLES, type Role } from './roles.js';

/**
 * What a principal may do. Each permission lists the roles that carry it; whether it reaches
 * one practice or the whole organisation follows from how the role was granted.
 */
export const PERMISSIONS = {
  /** See the organisation, its practices and sites: every role. */
  'organisation:read': ROLES,
  /** Change the organisation itself: its form, and sites that belong to the whole organisation. */
  'organisation:manage': ['org-admin'],
  /** Change a practice's details, contract and sites: centrally, or a manager for their practice. */
  'practice:manage': ['org-admin', 'central-operations', 'practice-manager'],
  /** Create cost centres, assign practices to them and merge them. */
  'cost-centres:manage': ['org-admin', 'central-finance'],
  /** See the membership pipeline and due diligence, which carries prospective members' finances. */
  'membership:read': [
    'org-admin',
    'central-operations',
    'central-finance',
    'governance',
    'board-member',
  ],
  /** Move practices through the membership lifecycle, rate due diligence, record decisions. */
  'membership:manage': ['org-admin', 'central-operations', 'board-member'],
  /** See the staff register (it holds dates of birth): centrally, or a manager for their practice. */
  'staff:read': ['org-admin', 'central-workforce', 'central-operations', 'practice-manager'],
  /** Add and change staff, and record moves on the career ladder. */
  'staff:manage': ['org-admin', 'central-workforce', 'practice-manager'],
  /** See rotas and gaps: everyone works to one. */
  'rota:read': ROLES,
  /** Plan sessions, roster people and record leave and sickness. */
  'rota:manage': ['central-workforce', 'central-operations', 'practice-manager'],
  /** Run the internal locum and salaried pools: offer gaps and fill them with the optimiser. */
  'pool:manage': ['central-workforce'],
  /** Declare a practice in crisis and deploy the resilience team. */
  'crisis:manage': ['central-workforce', 'central-operations', 'practice-manager'],
  /** Record a request for a patient (phone or walk-in) and find them on the register. */
  'request:record': [
    'central-operations',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
  /** See triage queues and the requests in them. */
  'triage:read': [
    'central-operations',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
  /** Claim a request and record its urgency and outcome: GPs and ANPs only. */
  'triage:act': ['clinician', 'hub-clinician'],
  /** Find slots, hold, book, cancel and rebook appointments, record attended or DNA. */
  'appointment:book': [
    'central-operations',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
  /** Book beyond a slot's capacity on purpose, with a reason (audited). */
  'appointment:overbook': ['central-operations', 'practice-manager', 'clinician'],
  /** Set up rooms, session patterns, slots, hubs, call centres and walk-in queues. */
  'access:manage': ['org-admin', 'central-operations', 'practice-manager'],
  /** Access reports: triage KPIs, hub use, gaming and DNA reports. */
  'access-report:read': [
    'org-admin',
    'central-operations',
    'practice-manager',
    'partner',
    'governance',
    'board-member',
  ],
  /** Run a walk-in queue: issue tickets and call the next patient. */
  'walk-in:run': ['central-operations', 'practice-manager', 'care-navigator', 'clinician'],
  /** See ledgers, profit and loss, levy invoices and savings: centrally, or for their practice. */
  'finance:read': ['org-admin', 'central-finance', 'board-member', 'partner', 'practice-manager'],
  /** Post journal entries: centrally, or a manager to their own practice's cost centre. */
  'finance:post': ['central-finance', 'practice-manager'],
  /** Finance settings, levy runs, reversals, payments and savings: the central finance team. */
  'finance:manage': ['org-admin', 'central-finance'],
  /** Read the clinical safety case: the hazard log and the tests behind its controls. */
  'safety-case:read': ['org-admin', 'governance', 'board-member'],
  /** See board elections, candidates and published results: everyone in the organisation. */
  'elections:read': ROLES,
  /** Run board elections: create, open and close voting, count and publish (GOV-4). */
  'elections:manage': ['org-admin', 'governance'],
  /** See the policy library, and acknowledge what one's practice adopted (GOV-1): everyone. */
  'policies:read': ROLES,
  /** Write, approve and own central policies; see every practice's compliance (GOV-1). */
  'policies:manage': ['org-admin', 'governance'],
  /** Adopt a policy version for a practice: centrally, or its manager or partners for it. */
  'policies:adopt': ['org-admin', 'governance', 'practice-manager', 'partner'],
  /**
   * See significant events and complaints: practice staff for their own practice, governance
   * and the organisation's admin for every practice. Other central roles are left out because
   * the descriptions are a practice's candid account; they see the anonymised themes instead.
   */
  'significant-events:read': [
    'org-admin',
    'governance',
    'partner',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
  /** Report a significant event or log a complaint: anyone working at the practice. */
  'significant-events:record': [
    'org-admin',
    'governance',
    'partner',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
  /** Investigate, record learning, close and link policies: centrally, or a manager for theirs. */
  'significant-events:manage': ['org-admin', 'governance', 'practice-manager'],
  /** Themes by category and quarter across the organisation, no practice named: everyone. */
  'significant-events:themes': ROLES,
  /**
   * CQC readiness (GOV-2): registrations, ratings, evidence and gaps per site. Everyone reads
   * it, centrally for every site, practice staff for their practice's sites.
   */
  'cqc:read': ROLES,
  /** Record CQC registrations, inspections and evidence: centrally, or a manager for their practice. */
  'cqc:manage': ['org-admin', 'governance', 'practice-manager'],
  /**
   * The agreement standards' RAG grid (GOV-3): centrally across every practice, a practice's
   * manager and partners for their own. Counts and rates only, no patient in them.
   */
  'standards:read': [
    'org-admin',
    'central-operations',
    'governance',
    'board-member',
    'partner',
    'practice-manager',
  ],
  /** Set the organisation's thresholds for the agreement standards. */
  'standards:manage': ['org-admin', 'governance'],
  /** See peer review meetings, findings and actions: centrally, or a practice's own. */
  'peer-review:read': [
    'org-admin',
    'central-operations',
    'governance',
    'board-member',
    'partner',
    'practice-manager',
    'clinician',
  ],
  /** Record peer review meetings, findings and actions (closing an action is for its owner too). */
  'peer-review:manage': ['org-admin', 'governance'],
  /** Manage users and their roles. */
  'users:manage': ['org-admin'],
  /** Read the audit trail. */
  'audit:read': ['org-admin', 'governance'],
  /** Import practices' coded records and run frailty scoring (POP-1): central analysts. */
  'population:import': ['org-admin', 'central-operations'],
  /** Load another version of a code list, such as the licensed eFI lists. */
  'population:manage': ['org-admin'],
  /** Record care plans and medication reviews of a register's patients: their practice's staff. */
  'population:record': ['practice-manager', 'clinician'],
  /** Frailty counts by practice and age band: aggregates, no patient in them. */
  'population:read': [
    'org-admin',
    'central-operations',
    'governance',
    'board-member',
    'partner',
    'practice-manager',
    'clinician',
  ],
  /**
   * Planning scenarios and simulation runs (PLAN-1): the central roles, and a practice's partners
   * and manager, who decide whether to work at scale. Scenarios hold list sizes, staff numbers
   * and whole-practice income and costs, never a patient; they are shared across the organisation.
   */
  'planning:use': [
    'org-admin',
    'central-operations',
    'central-finance',
    'central-workforce',
    'governance',
    'board-member',
    'partner',
    'practice-manager',
  ],
  /**
   * MCP finance (POP-2): the budget, quality pool, earn-back and gain/loss share of the year.
   * Whole-organisation money with no patient in it; partners, the board and practice managers
   * read it (aggregates only), central finance and the organisation's admin set it.
   */
  'mcp-budget:read': [
    'org-admin',
    'central-finance',
    'board-member',
    'partner',
    'practice-manager',
  ],
  'mcp-budget:manage': ['org-admin', 'central-finance'],
  /** Read patient records (always audited). */
  'patient:read': [
    'central-operations',
    'practice-manager',
    'care-navigator',
    'clinician',
    'hub-clinician',
  ],
} as const satisfies Record<string, readonly Role[]>;

/** A named permission. */
export type Permission = keyof typeof PERMISSIONS;

/** The reach of a permission: nothing, some practices, or the whole organisation. */
export type Reach =
  | { readonly kind: 'none' }
  | { readonly kind: 'practices'; readonly practiceIds: readonly string[] }
  | { readonly kind: 'organisation' };

/** How far a principal's permission reaches within their own organisation. */
export function reachOf(principal: Principal, permission: Permission): Reach {
  const roles: readonly Role[] = PERMISSIONS[permission];
  const practiceIds = new Set<string>();
  for (const grant of principal.grants) {
    if (!roles.includes(grant.role)) continue;
    if (grant.practiceId === null) return { kind: 'organisation' };
    practiceIds.add(grant.practiceId);
  }
  if (practiceIds.size === 0) return { kind: 'none' };
  return { kind: 'practices', practiceIds: [...practiceIds].sort() };
}

/** True when the principal holds the permission anywhere in their organisation. */
export function can(principal: Principal, permission: Permission): boolean {
  return reachOf(principal, permission).kind !== 'none';
}

/**
 * True when the principal may use the permission on something that belongs to the given
 * organisation and, for practice data, the given practice. Another organisation is always no.
 */
export function canAt(
  principal: Principal,
  permission: Permission,
  target: { readonly orgId: string; readonly practiceId?: string | null },
): boolean {
  if (target.orgId !== principal.orgId) return false;
  const reach = reachOf(principal, permission);
  switch (reach.kind) {
    case 'none':
      return false;
    case 'organisation':
      return true;
    case 'practices':
      return target.practiceId != null && reach.practiceIds.includes(target.practiceId);
  }
}

/**
 * The role under which the principal may use the permission on the target, for the audit
 * trail; null when they may not. Organisation-wide grants are preferred, then practice ones.
 */
export function grantingRole(
  principal: Principal,
  permission: Permission,
  target: { readonly orgId: string; readonly practiceId?: string | null },
): Role | null {
  if (target.orgId !== principal.orgId) return null;
  const roles: readonly Role[] = PERMISSIONS[permission];
  const grants = principal.grants.filter((g) => roles.includes(g.role));
  const wide = grants.find((g) => g.practiceId === null);
  if (wide) return wide.role;
  const local = grants.find((g) => target.practiceId != null && g.practiceId === target.practiceId);
  return local?.role ?? null;
}

/**
 * The roles under which a principal holds a permission, as data a single SQL statement can use
 * to pick the role for the audit trail the way `grantingRole` does: the organisation-wide role
 * if there is one, else the role held at the record's practice.
 */
export function grantsFor(
  principal: Principal,
  permission: Permission,
): { readonly wide: Role | null; readonly practiceIds: string[]; readonly roles: Role[] } {
  const roles: readonly Role[] = PERMISSIONS[permission];
  const grants = principal.grants.filter((g) => roles.includes(g.role));
  const wide = grants.find((g) => g.practiceId === null)?.role ?? null;
  const local = grants.filter((g): g is typeof g & { practiceId: string } => g.practiceId !== null);
  return { wide, practiceIds: local.map((g) => g.practiceId), roles: local.map((g) => g.role) };
}
