// The Skills page's writes (reads are admin-api's useSkills and useTeams, which the agent form
// shares): each refreshes the skills and the audit log.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminSkillResponse, NewSkill, SkillPatch } from '@kefu/cti-server/contract';
import { useSignedIn } from '../../session/session-context.js';
import { adminKeys } from '../admin-api.js';

export function useSkillMutations() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all(
      [adminKeys.skills, adminKeys.allAudit].map((queryKey) => client.invalidateQueries({ queryKey })),
    );
  return {
    create: useMutation({
      mutationFn: (body: NewSkill) => api.post<AdminSkillResponse>('/api/admin/skills', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: SkillPatch }) =>
        api.patch<AdminSkillResponse>(`/api/admin/skills/${encodeURIComponent(id)}`, patch),
      onSuccess,
    }),
  };
}
