export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  extension: string | null;
}

export interface LookupMatch {
  customer: { id: string; name: string; companyName: string | null; vipTier: number; lifecycleStage: string };
  matchedNumber: { e164: string; label: string | null };
}

export class ApiError extends Error {}

async function call<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError((body as { message?: string }).message ?? `HTTP ${res.status}`);
  return body as T;
}

export const login = (username: string, password: string) =>
  call<{ token: string; user: User }>('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });

export const lookup = (phone: string, token: string) =>
  call<{ e164: string; matches: LookupMatch[] }>(
    `/api/customers/lookup?phone=${encodeURIComponent(phone)}`,
    {},
    token,
  );
