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
  const capability = capabilityAt(path);
  if (capability) return <CapabilityPage capability={capability} />;
  return <NotFoundPage />;
}
