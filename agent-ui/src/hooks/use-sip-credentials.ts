import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { SipCredentials } from '../api/types.js';

const HOUR_MS = 3_600_000;
const RETRY_MS = 30_000;

/**
 * The console phone's SIP credentials, from the server (never the web password): fetched at
 * start and again an hour before they expire, so a console left open keeps registering.
 */
export function useSipCredentials(api: ApiClient, extension: string | null): SipCredentials | null {
  const [credentials, setCredentials] = useState<SipCredentials | null>(null);

  useEffect(() => {
    if (!extension) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const load = () => {
      api.get<SipCredentials>('/api/auth/sip-credentials').then(
        (next) => {
          if (cancelled) return;
          setCredentials(next);
          const refreshIn = Date.parse(next.expiresAt) - Date.now() - HOUR_MS;
          timer = setTimeout(load, Math.max(refreshIn, RETRY_MS));
        },
        () => {
          if (!cancelled) timer = setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, extension]);

  return credentials;
}
