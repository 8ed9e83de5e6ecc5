// The supervisor workspace's socket and live board, shared by its pages (wallboard, agents,
// live calls): one snapshot on connect, then the server's pushes — never polling.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SupervisorBoard } from '../api/types.js';
import { RealtimeProvider, useRealtimeEvent } from '../realtime/realtime-context.js';
import { useSignedIn } from '../session/session-context.js';
import { applyBoardEvent } from './board-state.js';

const BoardContext = createContext<SupervisorBoard | null>(null);

function BoardFeed({ children }: { children: ReactNode }) {
  const [board, setBoard] = useState<SupervisorBoard | null>(null);
  useRealtimeEvent('supervisor.board', (p) => setBoard((b) => applyBoardEvent(b, 'supervisor.board', p)));
  useRealtimeEvent('supervisor.queue', (p) => setBoard((b) => applyBoardEvent(b, 'supervisor.queue', p)));
  useRealtimeEvent('supervisor.agent', (p) => setBoard((b) => applyBoardEvent(b, 'supervisor.agent', p)));
  useRealtimeEvent('supervisor.call', (p) => setBoard((b) => applyBoardEvent(b, 'supervisor.call', p)));
  useRealtimeEvent('supervisor.call.gone', (p) =>
    setBoard((b) => applyBoardEvent(b, 'supervisor.call.gone', p)),
  );
  useRealtimeEvent('supervisor.alert', (p) => setBoard((b) => applyBoardEvent(b, 'supervisor.alert', p)));
  useRealtimeEvent('supervisor.alert.cleared', (p) =>
    setBoard((b) => applyBoardEvent(b, 'supervisor.alert.cleared', p)),
  );
  return <BoardContext.Provider value={board}>{children}</BoardContext.Provider>;
}

/** The workspace's socket (the supervisors' room) and the board it keeps. */
export function BoardProvider({ children }: { children: ReactNode }) {
  const { token } = useSignedIn();
  return (
    <RealtimeProvider token={token}>
      <BoardFeed>{children}</BoardFeed>
    </RealtimeProvider>
  );
}

/** The live board; null until the first snapshot arrives. */
export function useBoard(): SupervisorBoard | null {
  return useContext(BoardContext);
}

/** Re-renders every `ms` (time in state, waits): the board itself changes only on pushes. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
