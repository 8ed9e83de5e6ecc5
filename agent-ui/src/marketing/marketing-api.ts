// Server state of the experiments and conversion pages (the rules page has rules/rules-api.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConversionReport,
  ExperimentResults,
  ExperimentView,
  NewExperiment,
  ScriptView,
} from '@kefu/cti-server/contract';
import { ApiError } from '../api/api-client.js';
import { useSignedIn } from '../session/session-context.js';

/** GET /api/scripts: every version without its content. */
export type ScriptSummaryRow = Omit<ScriptView, 'content'>;

export function useExperiments() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'experiments'],
    queryFn: () => api.get<ExperimentView[]>('/api/experiments'),
  });
}

export function useExperimentResults(id: string | null) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'experiment-results', id],
    queryFn: () => api.get<ExperimentResults>(`/api/experiments/${id}/results`),
    enabled: id !== null,
  });
}

export function useScriptVersions() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'script-versions'],
    queryFn: () => api.get<ScriptSummaryRow[]>('/api/scripts'),
  });
}

export function useExperimentWrites() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['marketing'] });
  return {
    create: useMutation({
      mutationFn: (body: NewExperiment) => api.post<ExperimentView>('/api/experiments', body),
      onSuccess: refresh,
    }),
    transition: useMutation({
      mutationFn: ({ id, to }: { id: string; to: 'start' | 'stop' }) =>
        api.post<ExperimentView>(`/api/experiments/${id}/${to}`),
      onSuccess: refresh,
    }),
  };
}

export function useConversion(from: string, to: string) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'conversion', from, to],
    queryFn: () =>
      api.get<ConversionReport>(
        `/api/marketing/conversion?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ),
  });
}

/** Saves the CSV the server writes (a file, not JSON: fetched with the session's token). */
export async function downloadConversionCsv(
  token: string,
  range: { from: string; to: string },
  of: 'scripts' | 'rules',
): Promise<void> {
  const query = new URLSearchParams({ ...range, of });
  const res = await fetch(`/api/marketing/conversion.csv?${query.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `kefu-conversion-${of}-${range.from}-${range.to}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
