// The bulk import of users and agents from CSV: its server call (a refused file carries the
// report of every row, so it uses fetch directly with the session's token) and the template.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UsersImportRefused, UsersImportResult } from '@kefu/cti-server/contract';
import { ApiError } from '../api/api-client.js';
import { useSignedIn } from '../session/session-context.js';

export type { ImportRowReport, ImportedUser, UsersImportResult } from '@kefu/cti-server/contract';

/** The file was refused (400 INVALID_CSV): the report of every row; nothing was imported. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly rows: NonNullable<UsersImportRefused['rows']>,
  ) {
    super(message);
  }
}

/** The header and two example rows, offered as "Download template". */
export const USERS_CSV_TEMPLATE =
  [
    'username,displayName,roles,password,extension,team,languages,skills,locale',
    'li.wei,李伟,agent,,1050,sales,zh;en,sales:5;service:3,zh-CN',
    'anna.smith,"Smith, Anna",agent;supervisor,first-pass-1051,1051,service,en,service:4,en',
  ].join('\r\n') + '\r\n';

export async function postUsersImport(
  token: string,
  csv: string,
  dryRun: boolean,
): Promise<UsersImportResult> {
  const res = await fetch(`/api/admin/users/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csv }),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<UsersImportRefused> & UsersImportResult;
  if (res.status === 400 && Array.isArray(body.rows))
    throw new ImportRefused(body.message ?? 'refused', body.rows);
  if (!res.ok) throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status, body.code);
  return body;
}

/** Check (dry run) or import; an import refreshes the user lists, teams, skills and audit log. */
export function useUsersImport() {
  const { token } = useSignedIn();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun }: { csv: string; dryRun: boolean }) => postUsersImport(token, csv, dryRun),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: ['admin'] });
    },
  });
}
