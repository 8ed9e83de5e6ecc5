import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { SipCredentials } from '../api/types.js';

const HOUR_MS = 3_600_000;
const RETRY_MS = 30_000;

/**
 * The console phone's SIP credentials, from the server (never the web password): fetched at
 * start and again an hour before they expire, so a console left open keeps registering.
 */
export function useSipCredentials(api: ApiClient, extension: string | null): SipCredentials | null {
  const { data } = useQuery({
    queryKey: queryKeys.sipCredentials,
    queryFn: () => api.get<SipCredentials>('/api/auth/sip-credentials'),
    enabled: extension !== null,
    // Only this timer refreshes them (a failure tries again in 30 s), in a background tab too.
    staleTime: Infinity,
    refetchInterval: (query) => {
      const expiresAt = query.state.data?.expiresAt;
      return expiresAt ? Math.max(Date.parse(expiresAt) - Date.now() - HOUR_MS, RETRY_MS) : RETRY_MS;
    },
    refetchIntervalInBackground: true,
  });
  return data ?? null;
}
