// The Lines and IVR flows pages' server state: TanStack Query hooks over /api/admin/lines and
// /api/admin/ivr-flows, typed by the server's contract.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminLineList,
  AdminLineResponse,
  IvrFlowGraph,
  IvrFlowList,
  LineCalendarStatus,
  LinePatch,
  NewLine,
} from '@kefu/cti-server/contract';
import { useSignedIn } from '../../session/session-context.js';
import { adminKeys, type TrunkView } from '../admin-api.js';

export const lineKeys = {
  lines: ['admin', 'lines'] as const,
  calendar: (id: string) => ['admin', 'lines', id, 'calendar'] as const,
  flows: ['admin', 'ivr-flows'] as const,
  flow: (id: string) => ['admin', 'ivr-flows', id] as const,
};

export function useLines() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: lineKeys.lines,
    queryFn: () => api.get<AdminLineList>('/api/admin/lines'),
    select: (data) => data.lines,
    // "Open now" changes with the clock.
    refetchInterval: 60_000,
  });
}

/** "Today we are open/closed because …" for a saved line. */
export function useLineCalendar(id: string | null) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: lineKeys.calendar(id ?? ''),
    queryFn: () => api.get<LineCalendarStatus>(`/api/admin/lines/${encodeURIComponent(id!)}/calendar`),
    enabled: id !== null,
  });
}

export function useIvrFlows() {
  const { api } = useSignedIn();
  return useQuery({ queryKey: lineKeys.flows, queryFn: () => api.get<IvrFlowList>('/api/admin/ivr-flows') });
}

export function useIvrFlowGraph(id: string | null) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: lineKeys.flow(id ?? ''),
    queryFn: () => api.get<IvrFlowGraph>(`/api/admin/ivr-flows/${encodeURIComponent(id!)}`),
    enabled: id !== null,
  });
}

/** Trunks to choose from (admins only: supervisors see the line's trunk by name). */
export function useTrunkChoices(enabled: boolean) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: adminKeys.trunks,
    queryFn: () => api.get<TrunkView[]>('/api/trunks'),
    enabled,
  });
}

/** Writes refresh the lines, their calendars, the flows (lines using them) and the audit log. */
export function useLineMutations() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all(
      [lineKeys.lines, lineKeys.flows, ['admin', 'queues'], adminKeys.allAudit].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
  return {
    create: useMutation({
      mutationFn: (body: NewLine) => api.post<AdminLineResponse>('/api/admin/lines', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: LinePatch }) =>
        api.patch<AdminLineResponse>(`/api/admin/lines/${encodeURIComponent(id)}`, patch),
      onSuccess,
    }),
  };
}
