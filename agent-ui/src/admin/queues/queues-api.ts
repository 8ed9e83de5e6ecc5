// The Queues and Codes pages' server state: TanStack Query hooks over /api/admin/queues,
// /api/admin/not-ready-reasons and /api/admin/dispositions, typed by the server's contract.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminCodeList,
  AdminCodeListBody,
  AdminQueueList,
  AdminQueueResponse,
  NewQueue,
  QueueMembers,
  QueuePatch,
} from '@kefu/cti-server/contract';
import { ApiError } from '../../api/api-client.js';
import { useSignedIn } from '../../session/session-context.js';
import { adminKeys } from '../admin-api.js';

export type CodeKind = 'not-ready-reasons' | 'dispositions';

export const queueKeys = {
  queues: ['admin', 'queues'] as const,
  members: (id: string) => ['admin', 'queues', id, 'members'] as const,
  codes: (kind: CodeKind) => ['admin', 'codes', kind] as const,
};

export function useQueues() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: queueKeys.queues,
    queryFn: () => api.get<AdminQueueList>('/api/admin/queues'),
    select: (data) => data.queues,
  });
}

export function useQueueMembers(id: string | null) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: queueKeys.members(id ?? ''),
    queryFn: () => api.get<QueueMembers>(`/api/admin/queues/${encodeURIComponent(id!)}/members`),
    enabled: id !== null,
  });
}

export function useCodes(kind: CodeKind) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: queueKeys.codes(kind),
    queryFn: () => api.get<AdminCodeList>(`/api/admin/${kind}`),
    select: (data) => data.codes,
  });
}

/** fetch for what the JSON client does not send: DELETE and a raw file body. */
async function send<T>(token: string, method: string, path: string, body?: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': body.type || 'audio/wav' } : {}),
      },
      ...(body ? { body } : {}),
    });
  } catch (err) {
    throw new ApiError((err as Error).message, 0, 'NETWORK');
  }
  const payload = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  if (!res.ok) throw new ApiError(payload.message ?? `HTTP ${res.status}`, res.status, payload.code);
  return payload as T;
}

/** Writes refresh the queues, their members, the codes (queues using them) and the audit log. */
export function useQueueMutations() {
  const { api, token } = useSignedIn();
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all(
      [queueKeys.queues, ['admin', 'codes'], adminKeys.allAudit].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
  const path = (id: string) => `/api/admin/queues/${encodeURIComponent(id)}`;
  return {
    create: useMutation({
      mutationFn: (body: NewQueue) => api.post<AdminQueueResponse>('/api/admin/queues', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: QueuePatch }) =>
        api.patch<AdminQueueResponse>(path(id), patch),
      onSuccess,
    }),
    setActive: useMutation({
      mutationFn: ({ id, active }: { id: string; active: boolean }) =>
        api.post<AdminQueueResponse>(`${path(id)}/${active ? 'enable' : 'disable'}`),
      onSuccess,
    }),
    uploadMusic: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) =>
        send<AdminQueueResponse>(
          token,
          'POST',
          `${path(id)}/music-on-hold?filename=${encodeURIComponent(file.name)}`,
          file,
        ),
      onSuccess,
    }),
    removeMusic: useMutation({
      mutationFn: (id: string) => send<AdminQueueResponse>(token, 'DELETE', `${path(id)}/music-on-hold`),
      onSuccess,
    }),
  };
}

export function useCodeMutation(kind: CodeKind) {
  const { api } = useSignedIn();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AdminCodeListBody) => api.put<AdminCodeList>(`/api/admin/${kind}`, body),
    onSuccess: () =>
      Promise.all(
        [queueKeys.codes(kind), adminKeys.allAudit].map((queryKey) => client.invalidateQueries({ queryKey })),
      ),
  });
}
