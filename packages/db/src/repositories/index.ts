import type { Database } from '../database.js';
import type { Scope } from '../scope.js';
import { auditTrailRepository } from './audit-trail.js';
import { costCentreRepository } from './cost-centres.js';
import { membershipRepository } from './membership.js';
import { organisationRepository } from './organisation.js';
import { patientRepository } from './patients.js';
import { formChangeRepository } from './form-changes.js';
import { siteRepository } from './sites.js';
import { resilienceRepository } from './resilience.js';
import { crisisRepository } from './crises.js';
import { rotaRepository } from './rota.js';
import { staffRepository } from './staff.js';
import { roomRepository } from './access/rooms.js';
import { sessionPatternRepository } from './access/patterns.js';
import { slotRepository } from './access/slots.js';
import { appointmentRepository } from './access/appointments.js';
import { requestRepository } from './access/requests.js';
import { triageRepository } from './access/triage.js';
import { triageKpiRepository } from './access/triage-kpis.js';
import { hubRepository } from './access/hubs.js';
import { hubUseRepository } from './access/hub-use.js';
import { accessReportRepository } from './access/access-reports.js';
import { walkInRepository } from './access/walk-in.js';
import { ledgerRepository } from './finance/ledger.js';
import { financeSettingsRepository } from './finance/finance-settings.js';
import { levyRepository } from './finance/levy.js';
import { savingsRepository } from './finance/savings.js';
import { budgetRepository } from './finance/budgets.js';
import { rechargeRepository } from './finance/recharges.js';
import { parityRepository } from './finance/parity.js';
import { paymentsRepository } from './finance/payments.js';
import { accessSummaryRepository } from './access/access-summary.js';
import { populationRepository } from './population/population.js';
import { mcpBudgetRepository } from './population/mcp-budget.js';
import { electionRepository } from './elections.js';
import { policyRepository } from './policies.js';
import { significantEventRepository } from './significant-events.js';
import { cqcReadinessRepository } from './cqc-readiness.js';
import { standardsRepository } from './standards.js';
import { peerReviewRepository } from './peer-review.js';
import { systemClientRepository } from './system-clients.js';
import { fhirDirectoryRepository } from './fhir-directory.js';
import { planningRepository } from './planning.js';

/** Every repository, limited to one caller's organisation and practices. */
export function scopedRepositories(db: Database, scope: Scope) {
  return {
    organisation: organisationRepository(db, scope),
    patients: patientRepository(db, scope),
    auditTrail: auditTrailRepository(db, scope),
    costCentres: costCentreRepository(db, scope),
    membership: membershipRepository(db, scope),
    formChanges: formChangeRepository(db, scope),
    sites: siteRepository(db, scope),
    resilience: resilienceRepository(db, scope),
    crises: crisisRepository(db, scope),
    rota: rotaRepository(db, scope),
    staff: staffRepository(db, scope),
    rooms: roomRepository(db, scope),
    sessionPatterns: sessionPatternRepository(db, scope),
    slots: slotRepository(db, scope),
    appointments: appointmentRepository(db, scope),
    requests: requestRepository(db, scope),
    triage: triageRepository(db, scope),
    triageKpis: triageKpiRepository(db, scope),
    hubs: hubRepository(db, scope),
    hubUse: hubUseRepository(db, scope),
    accessReports: accessReportRepository(db, scope),
    walkIn: walkInRepository(db, scope),
    ledger: ledgerRepository(db, scope),
    financeSettings: financeSettingsRepository(db, scope),
    levy: levyRepository(db, scope),
    savings: savingsRepository(db, scope),
    budgets: budgetRepository(db, scope),
    recharges: rechargeRepository(db, scope),
    parity: parityRepository(db, scope),
    payments: paymentsRepository(db, scope),
    accessSummary: accessSummaryRepository(db, scope),
    population: populationRepository(db, scope),
    mcpBudget: mcpBudgetRepository(db, scope),
    elections: electionRepository(db, scope),
    policies: policyRepository(db, scope),
    significantEvents: significantEventRepository(db, scope),
    cqcReadiness: cqcReadinessRepository(db, scope),
    standards: standardsRepository(db, scope),
    peerReview: peerReviewRepository(db, scope),
    systemClients: systemClientRepository(db, scope),
    fhirDirectory: fhirDirectoryRepository(db, scope),
    planning: planningRepository(db, scope),
  };
}

/** The repositories a request handler is given. */
export type ScopedRepositories = ReturnType<typeof scopedRepositories>;

export * from './audit.js';
export * from './population/index.js';
export * from './audit-trail.js';
export * from './cost-centres.js';
export * from './membership.js';
export * from './organisation.js';
export * from './patients.js';
export * from './unscoped-accounts.js';
export * from './form-changes.js';
export * from './sites.js';
export * from './resilience.js';
export * from './crises.js';
export * from './rota.js';
export * from './staff.js';
export * from './fhir-directory.js';
export * from './planning.js';
export * from './pools.js';
export * from './access/requests.js';
export * from './access/triage.js';
export * from './access/triage-kpis.js';
export * from './access/hubs.js';
export * from './access/hub-use.js';
export * from './access/access-reports.js';
export * from './access/walk-in.js';
export * from './access/access-summary.js';
export * from './elections.js';
export * from './policies.js';
export * from './significant-events.js';
export * from './cqc-readiness.js';
export * from './standards.js';
export * from './peer-review.js';
export * from './access/rooms.js';
export * from './access/patterns.js';
export * from './access/slots.js';
export * from './access/appointments.js';
export * from './finance/finance-access.js';
export * from './finance/ledger.js';
export * from './finance/finance-settings.js';
export * from './finance/levy.js';
export * from './finance/savings.js';
export * from './finance/budgets.js';
export * from './finance/recharges.js';
export * from './finance/parity.js';
export * from './finance/payments.js';
export * from './system-clients.js';
