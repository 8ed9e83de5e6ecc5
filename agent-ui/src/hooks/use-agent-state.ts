import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { AgentStateEvent, AgentView } from '../api/types.js';
import { useRealtimeEvent, useRealtimeStatus } from '../realtime/realtime-context.js';

export interface AgentStateHandle {
  agent: AgentView | null;
  error: string | null;
  busy: boolean;
  change(state: 'ready' | 'not_ready' | 'logged_out', reason?: string): Promise<void>;
}

/**
 * The agent's state as the ACD has it: read once, then kept by `agent.state` pushes, re-read after
 * every reconnect (pushes may have been missed). Never set from what the agent clicked.
 */
export function useAgentState(api: ApiClient, extension: string | null): AgentStateHandle {
  const [agent, setAgent] = useState<AgentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = useRealtimeStatus();

  const refresh = useCallback(async () => {
    if (!extension) return;
    try {
      setAgent(await api.get<AgentView>(`/api/agents/${extension}`));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api, extension]);

  // Read at once (the socket may be slow or down), and again after every (re)connection.
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (status === 'connected') void refresh();
  }, [status, refresh]);

  useRealtimeEvent<AgentStateEvent>('agent.state', (e) => {
    if (e.extension !== extension) return;
    setAgent((a) => (a ? { ...a, state: e.state, reason: e.reason, since: e.at, callId: e.callId } : a));
    // The wrap-up deadline is not in the event.
    if (e.state === 'wrap_up') void refresh();
  });
  useRealtimeEvent<{ extension: string; registered: boolean }>('phone.registration', (e) => {
    if (e.extension === extension) setAgent((a) => (a ? { ...a, phoneRegistered: e.registered } : a));
  });

  const change = useCallback(
    async (state: 'ready' | 'not_ready' | 'logged_out', reason?: string) => {
      if (!extension) return;
      setBusy(true);
      try {
        setAgent(await api.put<AgentView>(`/api/agents/${extension}/state`, { state, reason }));
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [api, extension],
  );

  return { agent, error, busy, change };
}
