// The script designer's server state: a script's versions, its draft, the live check, the
// preview, version figures and what a script can be bound to.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ScriptBindingTargets,
  ScriptCheckResult,
  ScriptDraftBody,
  ScriptPreview,
  ScriptVersionStats,
  ScriptView,
} from '@kefu/cti-server/contract';
import { useSignedIn } from '../../session/session-context.js';
import type { ScriptDoc } from './script-model.js';

export const scriptKeys = {
  all: ['marketing', 'scripts'] as const,
  versions: (key: string) => ['marketing', 'scripts', key] as const,
  check: (content: ScriptDoc | null) => ['marketing', 'script-check', content] as const,
  stats: (key: string, version: number) => ['marketing', 'scripts', key, 'stats', version] as const,
  targets: ['marketing', 'binding-targets'] as const,
};

/** Every version of one script, newest first (drafts included); null for a key not saved yet. */
export function useScript(key: string) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: scriptKeys.versions(key),
    queryFn: async () => {
      try {
        return await api.get<ScriptView[]>(`/api/scripts/${encodeURIComponent(key)}`);
      } catch (err) {
        if ((err as { status?: number }).status === 404) return [];
        throw err;
      }
    },
  });
}

/** The server's problems list for the content being edited (one check, on the server). */
export function useScriptCheck(content: ScriptDoc | null, language: string) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: [...scriptKeys.check(content), language],
    queryFn: () => api.post<ScriptCheckResult>('/api/scripts/check', { content, language }),
    enabled: content !== null,
    placeholderData: keepPreviousData,
  });
}

export function useBindingTargets() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: scriptKeys.targets,
    queryFn: () => api.get<ScriptBindingTargets>('/api/marketing/binding-targets'),
    staleTime: 60_000,
  });
}

export function useVersionStats(key: string, version: number | null) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: scriptKeys.stats(key, version ?? 0),
    queryFn: () =>
      api.get<ScriptVersionStats>(`/api/scripts/${encodeURIComponent(key)}/versions/${version}/stats`),
    enabled: version !== null,
  });
}

export function usePreview(
  content: ScriptDoc | null,
  language: string,
  customerId: string | null,
  agentName: string,
) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'script-preview', content, language, customerId, agentName],
    queryFn: () =>
      api.post<ScriptPreview>('/api/scripts/preview', { content, language, customerId, agentName }),
    enabled: content !== null,
    placeholderData: keepPreviousData,
  });
}

export function useScriptWrites(key: string) {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const path = `/api/scripts/${encodeURIComponent(key)}`;
  const refresh = () => client.invalidateQueries({ queryKey: scriptKeys.all });
  const refreshList = () => client.invalidateQueries({ queryKey: ['marketing', 'script-versions'] });
  const done = () => Promise.all([refresh(), refreshList()]);
  return {
    saveDraft: useMutation({
      mutationFn: (body: ScriptDraftBody) => api.put<ScriptView>(`${path}/draft`, body),
      onSuccess: done,
    }),
    publish: useMutation({
      mutationFn: () => api.post<ScriptView>(`${path}/publish`),
      onSuccess: done,
    }),
    discard: useMutation({
      mutationFn: () => api.delete(`${path}/draft`),
      onSuccess: done,
    }),
  };
}
