import { createContext, useContext } from 'react';
import type { Me } from '../api/me';

/** Where the browser's session stands: still asking, nobody signed in, signed in, or the server failed. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; me: Me }
  | { status: 'unavailable'; detail: string };

/** The session plus the actions that change it. */
export interface Session {
  state: SessionState;
  /** Signs in; rejects with an ApiError (401, 423, 429, ...) that the form shows. */
  signIn: (email: string, password: string) => Promise<void>;
  /** Signs out on the server, then forgets the user here. */
  signOut: () => Promise<void>;
}

/** React context carrying the {@link Session}; provided by SessionProvider. */
export const SessionContext = createContext<Session | null>(null);

/** The current session; only valid inside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
