import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { RealtimeConnection, type RealtimeStatus } from './realtime-connection.js';

interface RealtimeState {
  connection: RealtimeConnection | null;
  status: RealtimeStatus;
}

const RealtimeContext = createContext<RealtimeState>({ connection: null, status: 'connecting' });

/** One socket per signed-in console, opened with the token and closed on log-out. */
export function RealtimeProvider({ token, children }: { token: string; children: ReactNode }) {
  const [state, setState] = useState<RealtimeState>({ connection: null, status: 'connecting' });
  useEffect(() => {
    const connection = new RealtimeConnection(token, {
      onStatus: (status) => setState({ connection, status }),
    });
    setState({ connection, status: connection.status });
    return () => connection.close();
  }, [token]);
  return <RealtimeContext.Provider value={state}>{children}</RealtimeContext.Provider>;
}

export const useRealtimeStatus = (): RealtimeStatus => useContext(RealtimeContext).status;

/** Calls `handler` for every `event` pushed by the server (the latest handler, no resubscribe). */
export function useRealtimeEvent<T>(event: string, handler: (payload: T) => void): void {
  const { connection } = useContext(RealtimeContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => connection?.on(event, (p) => latest.current(p as T)), [connection, event]);
}
