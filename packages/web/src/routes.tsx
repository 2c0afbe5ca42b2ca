import type { Me } from './api/me';
import { capabilityAt } from './capabilities';
import { CapabilityPage } from './pages/capability-page';
import { CostCentresPage } from './pages/cost-centres/cost-centres-page';
import { HomePage } from './pages/home-page';
import { MembershipBoardPage } from './pages/membership/membership-board-page';
import { MembershipPracticePage } from './pages/membership/membership-practice-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrganisationPage } from './pages/organisation/organisation-page';
import { PracticePage } from './pages/organisation/practice-page';
import { PatientPage } from './pages/patients/patient-page';
import { PatientSearchPage } from './pages/patients/patient-search-page';
import { ResilienceDashboardPage } from './pages/workforce/resilience-dashboard-page';
import { ResiliencePracticePage } from './pages/workforce/resilience-practice-page';
import { StaffListPage } from './pages/workforce/staff-list-page';
import { StaffMemberPage } from './pages/workforce/staff-member-page';
import { WorkforcePage } from './pages/workforce/workforce-page';
import { GapsPage } from './pages/workforce/gaps-page';
import { RotaPersonPage } from './pages/workforce/rota-person-page';
import { RotaWeekPage } from './pages/workforce/rota-week-page';
import type { SessionState } from './session/session-context';

/** Where the app must send the browser instead of showing `path`, if anywhere. */
export function redirectFor(state: SessionState, path: string): string | undefined {
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

/** The page a signed-in user sees at `path`. */
export function SignedInPage({ path, me }: { path: string; me: Me }) {
  if (path === '/') return <HomePage me={me} />;
  if (path === '/organisation') return <OrganisationPage />;
  if (path === '/organisation/cost-centres') return <CostCentresPage />;
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
  if (path === '/workforce') return <WorkforcePage />;
  if (path === '/workforce/staff') return <StaffListPage />;
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
  const capability = capabilityAt(path);
  if (capability) return <CapabilityPage capability={capability} />;
  return <NotFoundPage />;
}
