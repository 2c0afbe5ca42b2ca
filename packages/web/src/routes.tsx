import type { Me } from './api/me';
import { capabilityAt } from './capabilities';
import { CapabilityPage } from './pages/capability-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import type { SessionState } from './session/session-context';

/** Where the app must send the browser instead of showing `path`, if anywhere. */
export function redirectFor(state: SessionState, path: string): string | undefined {
  if (state.status === 'signed-out' && path !== '/sign-in') return '/sign-in';
  if (state.status === 'signed-in' && path === '/sign-in') return '/';
  return undefined;
}

/** The page a signed-in user sees at `path`. */
export function SignedInPage({ path, me }: { path: string; me: Me }) {
  if (path === '/') return <HomePage me={me} />;
  const capability = capabilityAt(path);
  if (capability) return <CapabilityPage capability={capability} />;
  return <NotFoundPage />;
}
