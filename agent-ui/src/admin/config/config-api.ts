// Import / Export's server calls: the export is a file (text, not JSON) and a refused import
// carries every problem of the document, so both use fetch directly with the session's token.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConfigImportResult, ConfigProblem, ConfigProblems } from '@kefu/cti-server/contract';
import { ApiError } from '../../api/api-client.js';
import { useSignedIn } from '../../session/session-context.js';

export type { ConfigEntityChange, ConfigImportResult, ConfigProblem } from '@kefu/cti-server/contract';

/** The document was refused (400 INVALID_CONFIG): every problem, with its path and line. */
export class ConfigRefused extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`${problems.length} problem(s)`);
  }
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** The file name the server gave in Content-Disposition, else kefu-config.<format>. */
export function attachmentName(disposition: string | null, format: 'yaml' | 'json'): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? `kefu-config.${format}`;
}

/** Downloads the centre's document (the browser saves it). */
export async function downloadExport(token: string, format: 'yaml' | 'json'): Promise<void> {
  const res = await fetch(`/api/admin/config/export?format=${format}`, { headers: auth(token) });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(res.headers.get('content-disposition'), format);
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export async function postImport(token: string, text: string, dryRun: boolean): Promise<ConfigImportResult> {
  const res = await fetch(`/api/admin/config/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': 'application/json' },
    body: JSON.stringify({ document: text }),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<ConfigProblems> & ConfigImportResult;
  if (res.status === 400 && Array.isArray(body.problems)) throw new ConfigRefused(body.problems);
  if (!res.ok) throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status, body.code);
  return body;
}

/** Dry run or apply; an applied import refreshes everything the admin workspace has read. */
export function useConfigImport() {
  const { token } = useSignedIn();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ text, dryRun }: { text: string; dryRun: boolean }) => postImport(token, text, dryRun),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: ['admin'] });
    },
  });
}
