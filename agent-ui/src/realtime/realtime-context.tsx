import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ServerEventName } from '../api/types.js';
import { RealtimeConnection, type RealtimeHandler, type RealtimeStatus } from './realtime-connection.js';

const RealtimeContext = createContext<RealtimeConnection | null>(null);

/** One socket per signed-in console, opened with the token and closed on log-out. */
export function RealtimeProvider({ token, children }: { token: string; children: ReactNode }) {
  const [connection] = useState(() => new RealtimeConnection());
  useEffect(() => connection.open(token), [connection, token]);
  return <RealtimeContext.Provider value={connection}>{children}</RealtimeContext.Provider>;
}

const noConnection = {
  subscribe: () => () => {},
  status: (): RealtimeStatus => 'connecting',
};

export function useRealtimeStatus(): RealtimeStatus {
  const connection = useContext(RealtimeContext);
  return useSyncExternalStore(
    connection?.subscribeStatus ?? noConnection.subscribe,
    connection?.getStatus ?? noConnection.status,
  );
}

/** Calls `handler` for every `event` pushed by the server (the latest handler, no resubscribe). */
export function useRealtimeEvent<E extends ServerEventName>(event: E, handler: RealtimeHandler<E>): void {
  const connection = useContext(RealtimeContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => connection?.on(event, (p) => latest.current(p)), [connection, event]);
}
