import type { Me } from './api/me';
import { capabilityAt } from './capabilities';
import { CapabilityPage } from './pages/capability-page';
import { CostCentresPage } from './pages/cost-centres/cost-centres-page';
import { SystemClientsPage } from './pages/system-clients/system-clients-page';
import { HomePage } from './pages/home-page';
import { MembershipBoardPage } from './pages/membership/membership-board-page';
import { MembershipPracticePage } from './pages/membership/membership-practice-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrganisationPage } from './pages/organisation/organisation-page';
import { PracticePage } from './pages/organisation/practice-page';
import { PatientPage } from './pages/patients/patient-page';
import { PatientSearchPage } from './pages/patients/patient-search-page';
import { CareerLadderPage } from './pages/workforce/career-ladder-page';
import { MyOffersPage } from './pages/workforce/my-offers-page';
import { NewStaffPage } from './pages/workforce/new-staff-page';
import { SafetyCasePage } from './pages/governance/safety-case-page';
import { ElectionsPage } from './pages/governance/elections-page';
import { ElectionPage } from './pages/governance/election-page';
import { PoliciesPage } from './pages/governance/policies-page';
import { PolicyPage } from './pages/governance/policy-page';
import { SignificantEventsPage } from './pages/governance/significant-events-page';
import { RecordSignificantEventPage } from './pages/governance/record-significant-event-page';
import { SignificantEventPage } from './pages/governance/significant-event-page';
import { SignificantEventThemesPage } from './pages/governance/significant-event-themes-page';
import { CqcReadinessPage } from './pages/governance/cqc-readiness-page';
import { CqcSitePage } from './pages/governance/cqc-site-page';
import { StandardsPage } from './pages/governance/standards-page';
import { PeerReviewsPage } from './pages/governance/peer-reviews-page';
import { PeerReviewPage } from './pages/governance/peer-review-page';
import { ResilienceDashboardPage } from './pages/workforce/resilience-dashboard-page';
import { ResiliencePracticePage } from './pages/workforce/resilience-practice-page';
import { StaffListPage } from './pages/workforce/staff-list-page';
import { StaffMemberPage } from './pages/workforce/staff-member-page';
import { WorkforcePage } from './pages/workforce/workforce-page';
import { GapsPage } from './pages/workforce/gaps-page';
import { RotaPersonPage } from './pages/workforce/rota-person-page';
import { RotaWeekPage } from './pages/workforce/rota-week-page';
import { AccessPage } from './pages/access/access-page';
import { RequestRoutingPage } from './pages/access/settings/request-routing-page';
import { AccessReportsPage } from './pages/access/reports/access-reports-page';
import { HubDashboardPage } from './pages/access/hubs/hub-dashboard-page';
import { HubsPage } from './pages/access/hubs/hubs-page';
import { WalkInDisplayPage } from './pages/access/walk-in/walk-in-display-page';
import { WalkInQueuesPage } from './pages/access/walk-in/walk-in-queues-page';
import { WalkInStaffPage } from './pages/access/walk-in/walk-in-staff-page';
import { RecordRequestPage } from './pages/access/requests/record-request-page';
import { ToBookPage } from './pages/access/triage/to-book-page';
import { SlotFinderPage } from './pages/access/booking/slot-finder-page';
import { ClinicianDayPage } from './pages/access/clinician/day-list-page';
import { PatternsPage } from './pages/access/patterns/patterns-page';
import { TriageKpisPage } from './pages/access/triage/triage-kpis-page';
import { TriageQueuePage } from './pages/access/triage/triage-queue-page';
import { TriageRequestPage } from './pages/access/triage/triage-request-page';
import { PublicRequestPage } from './pages/public/public-request-page';
import { FinancePage } from './pages/finance/finance-page';
import { FinanceDashboardPage } from './pages/finance/finance-dashboard-page';
import { LevyPage } from './pages/finance/levy-page';
import { MyPracticeFinancePage, PracticeFinancePage } from './pages/finance/practice-finance-page';
import { ProfitAndLossPage } from './pages/finance/profit-and-loss-page';
import { SavingsPage } from './pages/finance/savings-page';
import { PaymentsPage } from './pages/finance/payments-page';
import { BudgetsPage } from './pages/finance/budgets-page';
import { ParityPage } from './pages/finance/parity-page';
import { RechargesPage } from './pages/finance/recharges-page';
import { FrailtyDashboardPage } from './pages/population/frailty-dashboard-page';
import { FrailtyWorklistPage } from './pages/population/frailty-worklist-page';
import { PatientFrailtyPage } from './pages/population/patient-frailty-page';
import { RegistersPage } from './pages/population/registers-page';
import { McpYearPage } from './pages/population/mcp-year-page';
import { McpWhatIfPage } from './pages/population/mcp-what-if-page';
import { MCP_BUDGET_PATH, MCP_WHAT_IF_PATH } from './pages/population/mcp-budget-api';
import {
  FRAILTY_PATH,
  frailtyWorklistPracticeAt,
  patientFrailtyAt,
  REGISTERS_PATH,
} from './pages/population/frailty-paths';
import { PlanningPage } from './pages/planning/planning-page';
import { RunReportPage } from './pages/planning/run-report-page';
import { ScenarioEditorPage } from './pages/planning/scenario-editor-page';
import type { SessionState } from './session/session-context';

/** Where the app must send the browser instead of showing `path`, if anywhere. */
export function redirectFor(state: SessionState, path: string): string | undefined {
  if (publicPageAt(path) !== undefined) return undefined;
  if (state.status === 'signed-out' && path !== '/sign-in') return '/sign-in';
  if (state.status === 'signed-in' && path === '/sign-in') return '/';
  return undefined;
}

const practicePath = /^\/organisation\/practices\/([^/]+)$/;
const membershipPracticePath = /^\/organisation\/membership\/([^/]+)$/;
const patientPath = /^\/patients\/([^/]+)$/;
const resiliencePracticePath = /^\/workforce\/resilience\/([^/]+)$/;
const staffMemberPath = /^\/workforce\/staff\/([^/]+)$/;
const rotaPersonPath = /^\/workforce\/rota\/people\/([^/]+)$/;

const hubPath = /^\/access\/hubs\/([^/]+)$/;
const walkInQueuePath = /^\/access\/walk-in\/([^/]+)$/;
const walkInDisplayPath = /^\/walk-in\/([^/]+)\/display$/;
const publicRequestPath = /^\/request\/([^/]+)$/;
const triageRequestPath = /^\/access\/triage\/requests\/([^/]+)$/;
const financePracticePath = /^\/finance\/practices\/([^/]+)$/;
const electionPath = /^\/governance\/elections\/([^/]+)$/;
const policyPath = /^\/governance\/policies\/([^/]+)$/;
const significantEventPath = /^\/governance\/significant-events\/([^/]+)$/;
const cqcSitePath = /^\/governance\/cqc\/sites\/([^/]+)$/;
const peerReviewPath = /^\/governance\/peer-reviews\/([^/]+)$/;
const planningScenarioPath = /^\/planning\/scenarios\/([^/]+)$/;
const planningRunPath = /^\/planning\/runs\/([^/]+)$/;

// The decoded first capture of `pattern` in `path`, if it matches.
const idAt = (pattern: RegExp, path: string): string | undefined => {
  const match = pattern.exec(path);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
};

/** The policy id in a `/governance/policies/:policyId` path, if `path` is one. */
export function policyIdAt(path: string): string | undefined {
  return idAt(policyPath, path);
}

/** The election id in a `/governance/elections/:electionId` path, if `path` is one. */
export function electionIdAt(path: string): string | undefined {
  return idAt(electionPath, path);
}

/** The practice id in a `/organisation/practices/:id` path, if `path` is one. */
export function practiceIdAt(path: string): string | undefined {
  return idAt(practicePath, path);
}

/** The practice id in a `/organisation/membership/:practiceId` path, if `path` is one. */
export function membershipPracticeIdAt(path: string): string | undefined {
  return idAt(membershipPracticePath, path);
}

/** The patient id in a `/patients/:id` path, if `path` is one. */
export function patientIdAt(path: string): string | undefined {
  return idAt(patientPath, path);
}

/** The staff member id in a `/workforce/staff/:staffId` path, if `path` is one. */
export function staffIdAt(path: string): string | undefined {
  return idAt(staffMemberPath, path);
}

/** The practice id in a `/workforce/resilience/:practiceId` path, if `path` is one. */
export function resiliencePracticeIdAt(path: string): string | undefined {
  return idAt(resiliencePracticePath, path);
}

/** The staff id in a `/workforce/rota/people/:staffId` path, if `path` is one. */
export function rotaPersonIdAt(path: string): string | undefined {
  return idAt(rotaPersonPath, path);
}

/** The hub id in a `/access/hubs/:hubId` path, if `path` is one. */
export function hubIdAt(path: string): string | undefined {
  return idAt(hubPath, path);
}

/** The queue id in a `/access/walk-in/:queueId` path, if `path` is one. */
export function walkInQueueIdAt(path: string): string | undefined {
  return idAt(walkInQueuePath, path);
}

/** The practice id in a `/finance/practices/:practiceId` path, if `path` is one. */
export function financePracticeIdAt(path: string): string | undefined {
  return idAt(financePracticePath, path);
}

/**
 * The page anyone may see at `path` without signing in, if it is one: the waiting room screen
 * of a walk-in queue, which shows ticket numbers only.
 */
export function publicPageAt(path: string) {
  const queueId = idAt(walkInDisplayPath, path);
  if (queueId !== undefined) return <WalkInDisplayPage key={queueId} queueId={queueId} />;
  const odsCode = idAt(publicRequestPath, path);
  if (odsCode !== undefined) return <PublicRequestPage key={odsCode} odsCode={odsCode} />;
  return undefined;
}

/** The page a signed-in user sees at `path`. */
export function SignedInPage({ path, me }: { path: string; me: Me }) {
  if (path === '/') return <HomePage me={me} />;
  const publicPage = publicPageAt(path);
  if (publicPage !== undefined) return publicPage;
  if (path === '/access') return <AccessPage me={me} />;
  if (path === '/access/settings/routing') return <RequestRoutingPage me={me} />;
  if (path === '/access/requests/new') return <RecordRequestPage />;
  if (path === '/access/triage') return <TriageQueuePage me={me} />;
  if (path === '/access/triage/to-book') return <ToBookPage />;
  if (path === '/access/triage/kpis') return <TriageKpisPage />;
  const triageRequestId = idAt(triageRequestPath, path);
  if (triageRequestId !== undefined) {
    return <TriageRequestPage key={triageRequestId} requestId={triageRequestId} me={me} />;
  }
  if (path === '/access/hubs') return <HubsPage />;
  const hubId = hubIdAt(path);
  if (hubId !== undefined) return <HubDashboardPage key={hubId} hubId={hubId} />;
  if (path === '/access/reports') return <AccessReportsPage />;
  if (path === '/access/walk-in') return <WalkInQueuesPage />;
  if (path === '/access/booking') return <SlotFinderPage />;
  if (path === '/access/clinician') return <ClinicianDayPage />;
  if (path === '/access/patterns') return <PatternsPage />;
  const walkInQueueId = walkInQueueIdAt(path);
  if (walkInQueueId !== undefined) {
    return <WalkInStaffPage key={walkInQueueId} queueId={walkInQueueId} />;
  }
  if (path === '/organisation') return <OrganisationPage />;
  if (path === '/organisation/cost-centres') return <CostCentresPage />;
  if (path === '/organisation/system-clients') return <SystemClientsPage />;
  if (path === '/organisation/membership') return <MembershipBoardPage />;
  const membershipId = membershipPracticeIdAt(path);
  if (membershipId !== undefined) {
    return <MembershipPracticePage key={membershipId} practiceId={membershipId} />;
  }
  const practiceId = practiceIdAt(path);
  if (practiceId !== undefined) return <PracticePage key={practiceId} practiceId={practiceId} />;
  if (path === '/patients') return <PatientSearchPage />;
  const patientId = patientIdAt(path);
  if (patientId !== undefined) return <PatientPage key={patientId} patientId={patientId} />;
  if (path === '/governance/safety-case') return <SafetyCasePage />;
  if (path === '/governance/elections') return <ElectionsPage me={me} />;
  const electionId = electionIdAt(path);
  if (electionId !== undefined) return <ElectionPage key={electionId} electionId={electionId} />;
  if (path === '/governance/policies') return <PoliciesPage me={me} />;
  const policyId = policyIdAt(path);
  if (policyId !== undefined) return <PolicyPage key={policyId} policyId={policyId} />;
  if (path === '/governance/significant-events') return <SignificantEventsPage me={me} />;
  if (path === '/governance/significant-events/new') return <RecordSignificantEventPage me={me} />;
  if (path === '/governance/significant-events/themes') return <SignificantEventThemesPage />;
  const significantEventId = idAt(significantEventPath, path);
  if (significantEventId !== undefined) {
    return <SignificantEventPage key={significantEventId} eventId={significantEventId} />;
  }
  if (path === '/governance/cqc') return <CqcReadinessPage />;
  const cqcSiteId = idAt(cqcSitePath, path);
  if (cqcSiteId !== undefined) return <CqcSitePage key={cqcSiteId} siteId={cqcSiteId} />;
  if (path === '/governance/standards') return <StandardsPage />;
  if (path === '/governance/peer-reviews') return <PeerReviewsPage me={me} />;
  const peerReviewId = idAt(peerReviewPath, path);
  if (peerReviewId !== undefined) {
    return <PeerReviewPage key={peerReviewId} meetingId={peerReviewId} />;
  }
  if (path === '/workforce') return <WorkforcePage />;
  if (path === '/workforce/staff') return <StaffListPage />;
  if (path === '/workforce/staff/new') return <NewStaffPage />;
  if (path === '/workforce/career-ladder') return <CareerLadderPage />;
  if (path === '/workforce/my-offers') return <MyOffersPage />;
  if (path === '/workforce/rota') return <RotaWeekPage />;
  if (path === '/workforce/gaps') return <GapsPage />;
  const rotaPersonId = rotaPersonIdAt(path);
  if (rotaPersonId !== undefined) {
    return <RotaPersonPage key={rotaPersonId} staffId={rotaPersonId} />;
  }
  const staffId = staffIdAt(path);
  if (staffId !== undefined) return <StaffMemberPage key={staffId} staffId={staffId} />;
  if (path === '/workforce/resilience') return <ResilienceDashboardPage />;
  const resilienceId = resiliencePracticeIdAt(path);
  if (resilienceId !== undefined) {
    return <ResiliencePracticePage key={resilienceId} practiceId={resilienceId} />;
  }
  if (path === '/finance') return <FinancePage me={me} />;
  if (path === '/finance/profit-and-loss') return <ProfitAndLossPage me={me} />;
  if (path === '/finance/dashboard') return <FinanceDashboardPage me={me} />;
  if (path === '/finance/levy') return <LevyPage me={me} />;
  if (path === '/finance/savings') return <SavingsPage me={me} />;
  if (path === '/finance/payments') return <PaymentsPage me={me} />;
  if (path === '/finance/recharges') return <RechargesPage me={me} />;
  if (path === '/finance/budgets') return <BudgetsPage me={me} />;
  if (path === '/finance/parity') return <ParityPage me={me} />;
  if (path === '/finance/practice') return <MyPracticeFinancePage me={me} />;
  const financePracticeId = financePracticeIdAt(path);
  if (financePracticeId !== undefined) {
    return <PracticeFinancePage key={financePracticeId} practiceId={financePracticeId} me={me} />;
  }
  if (path === FRAILTY_PATH) return <FrailtyDashboardPage />;
  if (path === REGISTERS_PATH) return <RegistersPage />;
  if (path === MCP_BUDGET_PATH) return <McpYearPage />;
  if (path === MCP_WHAT_IF_PATH) return <McpWhatIfPage />;
  const frailtyPracticeId = frailtyWorklistPracticeAt(path);
  if (frailtyPracticeId !== undefined) {
    return <FrailtyWorklistPage key={frailtyPracticeId} practiceId={frailtyPracticeId} />;
  }
  const frailtyPatientId = patientFrailtyAt(path);
  if (frailtyPatientId !== undefined) {
    return <PatientFrailtyPage key={frailtyPatientId} patientId={frailtyPatientId} />;
  }
  if (path === '/planning') return <PlanningPage />;
  if (path === '/planning/scenarios/new') return <ScenarioEditorPage />;
  const planningScenarioId = idAt(planningScenarioPath, path);
  if (planningScenarioId !== undefined) {
    return <ScenarioEditorPage key={planningScenarioId} scenarioId={planningScenarioId} />;
  }
  const planningRunId = idAt(planningRunPath, path);
  if (planningRunId !== undefined)
    return <RunReportPage key={planningRunId} runId={planningRunId} />;
  const capability = capabilityAt(path);
  if (capability) return <CapabilityPage capability={capability} />;
  return <NotFoundPage />;
}
