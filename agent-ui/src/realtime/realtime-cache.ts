import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../api/query-keys.js';
import type { AgentView } from '../api/types.js';
import { useRealtimeEvent, useRealtimeStatus } from './realtime-context.js';

/**
 * The server's pushes land in the query cache: a payload that says it all updates the cached
 * data, one that only says "changed" marks it stale (shown panels re-read it in the background,
 * keeping what they show). After a reconnect, what pushes may have been missed is re-read.
 */
export function useRealtimeCache(extension: string | null): void {
  const queryClient = useQueryClient();
  const status = useRealtimeStatus();

  const patchAgent = (patch: Partial<AgentView>) =>
    queryClient.setQueryData<AgentView>(queryKeys.agent(extension), (agent) =>
      agent ? { ...agent, ...patch } : agent,
    );

  useRealtimeEvent('agent.state', (e) => {
    if (e.extension !== extension) return;
    patchAgent({ state: e.state, reason: e.reason, since: e.at, callId: e.callId });
    // The wrap-up deadline is not in the event.
    if (e.state === 'wrap_up') void queryClient.invalidateQueries({ queryKey: queryKeys.agent(extension) });
  });
  useRealtimeEvent('phone.registration', (e) => {
    if (e.extension === extension) patchAgent({ phoneRegistered: e.registered });
  });
  useRealtimeEvent('callbacks.changed', () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.callbacks });
  });
  // New reason codes or dispositions reach the pickers without a reload.
  useRealtimeEvent('console.config.changed', () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.consoleConfig });
  });

  useEffect(() => {
    if (status !== 'connected') return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.agent(extension) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.callbacks });
  }, [status, extension, queryClient]);
}
