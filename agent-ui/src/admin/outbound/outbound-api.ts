// The Outbound page's server state: TanStack Query hooks over /api/outbound/* (dial rules, who
// may dial out and the hourly caps, refusals, the pattern tester), typed by the server's contract.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AgentOutboundChange,
  AgentOutboundView,
  DialRulePatch,
  DialRuleView,
  NewDialRule,
  OutboundCheck,
  OutboundCheckResult,
  OutboundRefusalView,
  TrunkOutboundView,
} from '@kefu/cti-server/contract';
import { ApiError } from '../../api/api-client.js';
import { useSignedIn } from '../../session/session-context.js';
import { adminKeys, queryString } from '../admin-api.js';

export type {
  AgentOutboundView,
  DialRuleView,
  OutboundCheckResult,
  OutboundRefusalView,
  TrunkOutboundView,
} from '@kefu/cti-server/contract';

export interface RefusalFilter {
  extension?: string | undefined;
  reason?: string | undefined;
  kind?: 'call' | 'transfer' | undefined;
}

export const outboundKeys = {
  all: ['admin', 'outbound'] as const,
  rules: ['admin', 'outbound', 'rules'] as const,
  agents: ['admin', 'outbound', 'agents'] as const,
  trunks: ['admin', 'outbound', 'trunks'] as const,
  refusals: (filter: RefusalFilter) => ['admin', 'outbound', 'refusals', filter] as const,
};

export function useDialRules() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: outboundKeys.rules,
    queryFn: () => api.get<DialRuleView[]>('/api/outbound/rules'),
  });
}

export function useAgentOutbound() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: outboundKeys.agents,
    queryFn: () => api.get<AgentOutboundView[]>('/api/outbound/agents'),
  });
}

export function useTrunkOutbound() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: outboundKeys.trunks,
    queryFn: () => api.get<TrunkOutboundView[]>('/api/outbound/trunks'),
  });
}

/** Refusals, newest first (the server's order), the latest 200. */
export function useRefusals(filter: RefusalFilter) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: outboundKeys.refusals(filter),
    queryFn: () =>
      api.get<OutboundRefusalView[]>(`/api/outbound/refusals${queryString({ ...filter, limit: 200 })}`),
    placeholderData: keepPreviousData,
  });
}

/** DELETE, which the JSON client does not send (204, no body). */
async function remove(token: string, path: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new ApiError((err as Error).message, 0, 'NETWORK');
  }
  if (!res.ok) {
    const payload = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
    throw new ApiError(payload.message ?? `HTTP ${res.status}`, res.status, payload.code);
  }
}

/** Writes (admins): each refreshes the outbound data and the audit log. */
export function useOutboundMutations() {
  const { api, token } = useSignedIn();
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all(
      [outboundKeys.all, adminKeys.allAudit, adminKeys.allUsers].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
  const rulePath = (id: string) => `/api/outbound/rules/${encodeURIComponent(id)}`;
  return {
    createRule: useMutation({
      mutationFn: (body: NewDialRule) => api.post<DialRuleView>('/api/outbound/rules', body),
      onSuccess,
    }),
    updateRule: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: DialRulePatch }) =>
        api.patch<DialRuleView>(rulePath(id), patch),
      onSuccess,
    }),
    deleteRule: useMutation({
      mutationFn: (id: string) => remove(token, rulePath(id)),
      onSuccess,
    }),
    setAgent: useMutation({
      mutationFn: ({ extension, change }: { extension: string; change: AgentOutboundChange }) =>
        api.patch<AgentOutboundView>(`/api/outbound/agents/${encodeURIComponent(extension)}`, change),
      onSuccess,
    }),
    setTrunk: useMutation({
      mutationFn: ({ name, callsPerHour }: { name: string; callsPerHour: number | null }) =>
        api.patch<TrunkOutboundView>(`/api/outbound/trunks/${encodeURIComponent(name)}`, { callsPerHour }),
      onSuccess,
    }),
  };
}

/** The pattern tester: read-only on the server, so a mutation only in that it is asked on demand. */
export function useOutboundCheck() {
  const { api } = useSignedIn();
  return useMutation({
    mutationFn: (body: OutboundCheck) => api.post<OutboundCheckResult>('/api/outbound/check', body),
  });
}
