// The admin workspace's server state: its reads as TanStack Query hooks (the cache the console
// uses, one per session) and its writes as mutations that refresh what they change.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminSkillList,
  AdminUserList,
  AdminUserResponse,
  AuditPage,
  CreatedUser,
  NewUser,
  SipPasswordResponse,
  TeamList,
  UserPatch,
  Wire,
} from '@kefu/cti-server/contract';
import type * as trunkSchemas from '@kefu/cti-server/schemas/trunks';
import { useSignedIn } from '../session/session-context.js';
import type { Role } from '../api/types.js';

// People (users, agents, skills, teams) and the audit log: /api/admin/* in the server's contract.
export type {
  AdminAgent,
  AdminUser,
  AuditEntry,
  AuditPage,
  SkillGrant as AgentSkill,
  NewUser as NewAdminUser,
  UserPatch as AdminUserPatch,
  AdminSkill as SkillView,
  TeamView,
} from '@kefu/cti-server/contract';

// Trunks: /api/trunks, typed by the route's own schemas.
export type TrunkView = Wire<typeof trunkSchemas.TrunkView>;
export type NewTrunk = Wire<typeof trunkSchemas.NewTrunkBody>;
export type TrunkPatch = Wire<typeof trunkSchemas.TrunkPatchBody>;

export interface UserFilter {
  role?: Role | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
}
export interface AuditFilter {
  entity?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const adminKeys = {
  users: (filter: UserFilter) => ['admin', 'users', filter] as const,
  allUsers: ['admin', 'users'] as const,
  skills: ['admin', 'skills'] as const,
  teams: ['admin', 'teams'] as const,
  trunks: ['admin', 'trunks'] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
  allAudit: ['admin', 'audit'] as const,
};

/** `?a=1&b=x` of the defined values, or ''. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export function useUsers(filter: UserFilter) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: adminKeys.users(filter),
    queryFn: () => api.get<AdminUserList>(`/api/admin/users${queryString({ ...filter })}`),
    select: (data) => data.users,
    placeholderData: (previous) => previous,
  });
}

export function useSkills() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: adminKeys.skills,
    queryFn: () => api.get<AdminSkillList>('/api/admin/skills'),
    select: (data) => data.skills,
    staleTime: 60_000,
  });
}

export function useTeams() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: adminKeys.teams,
    queryFn: () => api.get<TeamList>('/api/admin/teams'),
    select: (data) => data.teams,
    staleTime: 60_000,
  });
}

export function useTrunks() {
  const { api } = useSignedIn();
  return useQuery({ queryKey: adminKeys.trunks, queryFn: () => api.get<TrunkView[]>('/api/trunks') });
}

/** The audit log, newest first, a page of 50 at a time ("Load more" follows nextCursor). */
export function useAudit(filter: AuditFilter) {
  const { api } = useSignedIn();
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filter),
    queryFn: ({ pageParam }) =>
      api.get<AuditPage>(`/api/admin/audit${queryString({ ...filter, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

/** Writes about people: each refreshes the user lists, the teams and skills (counts) and the audit log. */
export function useUserMutations() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const refresh = () =>
    Promise.all(
      [adminKeys.allUsers, adminKeys.teams, adminKeys.skills, adminKeys.allAudit].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
  const after = { onSuccess: refresh };
  return {
    create: useMutation({
      mutationFn: (body: NewUser) => api.post<CreatedUser>('/api/admin/users', body),
      ...after,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) =>
        api.patch<AdminUserResponse>(`/api/admin/users/${encodeURIComponent(id)}`, patch),
      ...after,
    }),
    setActive: useMutation({
      mutationFn: ({ id, active }: { id: string; active: boolean }) =>
        api.post<AdminUserResponse>(
          `/api/admin/users/${encodeURIComponent(id)}/${active ? 'enable' : 'disable'}`,
        ),
      ...after,
    }),
    setPassword: useMutation({
      mutationFn: ({ id, password }: { id: string; password: string }) =>
        api.put<unknown>(`/api/admin/users/${encodeURIComponent(id)}/password`, { password }),
      ...after,
    }),
    newSipPassword: useMutation({
      mutationFn: (id: string) =>
        api.post<SipPasswordResponse>(`/api/admin/users/${encodeURIComponent(id)}/sip-password`),
      ...after,
    }),
  };
}

export function useTrunkMutations() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: adminKeys.trunks }),
      client.invalidateQueries({ queryKey: adminKeys.allAudit }),
    ]);
  return {
    create: useMutation({
      mutationFn: (body: NewTrunk) => api.post<TrunkView>('/api/trunks', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: TrunkPatch }) =>
        api.patch<TrunkView>(`/api/trunks/${encodeURIComponent(id)}`, patch),
      onSuccess,
    }),
  };
}
