import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login, logout } from '../api/me';
import { ApiError } from '../api/problem';
import { SessionContext, type Session, type SessionState } from './session-context';

const unavailable = (error: unknown): SessionState => ({
  status: 'unavailable',
  detail: error instanceof ApiError ? error.problem.detail : 'The service could not be reached.',
});

/** Asks the server who is signed in once, then keeps that answer for the components below. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    fetchMe().then(
      (me) => {
        if (live) setState({ status: 'signed-in', me });
      },
      (error: unknown) => {
        if (!live) return;
        const signedOut = error instanceof ApiError && error.status === 401;
        setState(signedOut ? { status: 'signed-out' } : unavailable(error));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const me = await login(email, password);
    setState({ status: 'signed-in', me });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      // Forget the user even if the request failed: the cookie is HttpOnly and may already be gone.
      setState({ status: 'signed-out' });
    }
  }, []);

  const session = useMemo<Session>(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
