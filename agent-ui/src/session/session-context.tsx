import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/api-client.js';
import type { LoginResponse, UserView } from '../api/types.js';

// sessionStorage: a reload keeps the agent signed in, closing the tab signs them out.
const STORAGE_KEY = 'kefu.session';

export interface Session {
  token: string;
  user: UserView;
}

export interface SessionState {
  session: Session | null;
  api: ApiClient;
  /** Set when the server refused the token: the login form says why. */
  expired: boolean;
  logIn(username: string, password: string): Promise<void>;
  logOut(): void;
  /** POST /api/auth/password; the user no longer must change it. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

function savedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(savedSession);
  const [expired, setExpired] = useState(false);

  const logOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);

  const logIn = useCallback(async (username: string, password: string) => {
    const res = await new ApiClient(null).post<LoginResponse>('/api/auth/login', { username, password });
    // Only the API token is kept: the phone gets SIP credentials of its own from the server.
    const next = { token: res.token, user: res.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setExpired(false);
    setSession(next);
  }, []);

  const value = useMemo<SessionState>(() => {
    const api = new ApiClient(session?.token ?? null, {
      onUnauthorized: () => {
        setExpired(true);
        logOut();
      },
    });
    const changePassword = async (currentPassword: string, newPassword: string) => {
      await api.post<unknown>('/api/auth/password', { currentPassword, newPassword });
      setSession((current) => {
        if (!current) return current;
        const next = { ...current, user: { ...current.user, mustChangePassword: false } };
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      });
    };
    return { session, api, expired, logIn, logOut, changePassword };
  }, [session, expired, logIn, logOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside <SessionProvider>');
  return state;
}

/** Inside the console, where a session exists. */
export function useSignedIn(): Session & { api: ApiClient; logOut(): void } {
  const { session, api, logOut } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return { ...session, api, logOut };
}
