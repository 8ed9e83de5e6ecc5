import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { AgentView } from '../api/types.js';

export interface AgentStateHandle {
  agent: AgentView | null;
  error: string | null;
  busy: boolean;
  /** Never rejects: a refusal shows in `error`. */
  change(state: 'ready' | 'not_ready' | 'logged_out', reason?: string): Promise<void>;
}

interface StateChange {
  state: 'ready' | 'not_ready' | 'logged_out';
  reason: string | undefined;
}

/**
 * The agent's state as the ACD has it: read once, then kept by `agent.state` pushes and re-read
 * after every reconnect (realtime/realtime-cache.ts). Never set from what the agent clicked,
 * only from the server's answer to it.
 */
export function useAgentState(api: ApiClient, extension: string | null): AgentStateHandle {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.agent(extension),
    queryFn: () => api.get<AgentView>(`/api/agents/${extension}`),
    enabled: extension !== null,
  });
  const {
    mutateAsync,
    error: changeError,
    isPending,
  } = useMutation({
    mutationFn: ({ state, reason }: StateChange) =>
      api.put<AgentView>(`/api/agents/${extension}/state`, { state, reason }),
    onSuccess: (agent) => queryClient.setQueryData(queryKeys.agent(extension), agent),
  });

  const change = useCallback(
    async (state: StateChange['state'], reason?: string) => {
      if (!extension) return;
      await mutateAsync({ state, reason }).catch(() => {});
    },
    [extension, mutateAsync],
  );

  return {
    agent: query.data ?? null,
    error: (changeError ?? query.error)?.message ?? null,
    busy: isPending,
    change,
  };
}
